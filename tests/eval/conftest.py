"""A tiny data root in the layout of ../shared/data, built per test, for fast end-to-end checks."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from tests.eval.samples import BABE, BODY, PAGE, PTC, SEED, SEED_NAME, WNC


def _write(path: Path, records: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")


@pytest.fixture
def data_root(tmp_path: Path) -> Path:
    for split in ("dev", "test"):
        # Test sentences differ from dev ones: the loader drops test sentences seen in dev.
        records = BABE if split == "dev" else [dict(r, text=r["text"] + " So it goes.") for r in BABE]
        _write(tmp_path / "babe" / f"{split}.jsonl", records)
        _write(tmp_path / "mbic" / f"{split}.jsonl", records)
        _write(tmp_path / "wnc_sample" / f"{split}.jsonl", WNC)
        _write(tmp_path / "ptc" / f"{split}.jsonl", PTC)
        _write(
            tmp_path / "extraction" / f"{split}.jsonl",
            [{"id": "p1", "url": "https://example.com/budget", "html_file": "html/p1.html.gz", "article_body": BODY}],
        )
    html = tmp_path / "extraction" / "html" / "p1.html.gz"
    html.parent.mkdir(parents=True, exist_ok=True)
    html.write_bytes(gzip.compress(PAGE.encode("utf-8")))
    return tmp_path


@pytest.fixture
def seeds_root(tmp_path: Path) -> Path:
    """A seeds folder in the layout of ../shared/seeds, holding one hand-written seed-like dump."""
    folder = tmp_path / "seeds"
    folder.mkdir()
    (folder / SEED_NAME).write_text(SEED, encoding="utf-8")
    return folder
