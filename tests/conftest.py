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
    """The seed files, sorted; empty without ../shared/seeds."""
    return sorted(SEEDS.glob("*.txt")) if SEEDS.exists() else []


def seed_cases() -> list:
    """Seed files for `parametrize`. Without them, one placeholder case: a test using it must ask for
    `seeds_dir`, which skips it on a user's machine and fails it in CI (an empty parameter list
    would be skipped everywhere, CI included)."""
    return seed_paths() or [pytest.param(SEEDS / "missing.txt", id="seeds-missing")]


def require_module(name: str, reason: str):
    """Import `name`, or skip the calling test module (fail it in CI) when it cannot be imported."""
    import importlib

    try:
        return importlib.import_module(name)
    except ImportError as exc:
        if os.environ.get("CI"):
            pytest.fail(f"{name} cannot be imported ({exc}), and CI must not skip these tests: {reason}", pytrace=False)
        pytest.skip(f"{name} cannot be imported: {reason}", allow_module_level=True)
