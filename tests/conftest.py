"""Shared fixtures: where ../shared lives, and the rule for tests that need it.

Tests that read ../shared skip on a user's machine without it, but must fail
in CI (env CI set), where a silent skip would hide a broken check.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "seeds"
DATA = SHARED / "data"


def require_shared(path: Path) -> Path:
    if path.exists():
        return path
    if os.environ.get("CI"):
        pytest.fail(f"{path} is missing, and CI must not skip tests that need ../shared")
    pytest.skip(f"{path} not present on this machine")


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return require_shared(SEEDS)


def seed_paths() -> list[Path]:
    """Seed files for parametrisation; an empty list fails the tests in CI via `seeds_dir`."""
    return sorted(SEEDS.glob("*.txt")) if SEEDS.exists() else []
