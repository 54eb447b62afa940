from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import DATA, require_shared
from unspin.eval import datasets
from unspin.eval.datasets import (
    DataError,
    TestSplitError,
    load_bias_sentences,
    load_detect,
    load_extraction,
    split_path,
    training,
)


def test_training_code_cannot_open_a_test_split(data_root: Path) -> None:
    assert split_path("babe", "dev", data_root, for_training=True).name == "dev.jsonl"
    with pytest.raises(TestSplitError):
        split_path("babe", "test", data_root, for_training=True)
    with pytest.raises(TestSplitError):
        load_bias_sentences("mbic", "test", data_root, for_training=True)


def test_training_block_guards_every_loader(data_root: Path) -> None:
    with training():
        load_detect("babe", "dev", data_root)
        for load in (lambda: load_detect("wnc_sample", "test", data_root), lambda: load_extraction("test", data_root)):
            with pytest.raises(TestSplitError):
                load()
    assert load_detect("babe", "test", data_root)  # reporting code may read test


def test_unknown_split_and_missing_data_are_explained(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown split"):
        split_path("babe", "train", tmp_path)
    with pytest.raises(DataError, match="UNSPIN_DATA"):
        split_path("babe", "dev", tmp_path)


def test_data_root_precedence(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("UNSPIN_DATA", str(tmp_path))
    assert datasets.data_root() == tmp_path
    assert datasets.data_root("/elsewhere") == Path("/elsewhere")
    monkeypatch.delenv("UNSPIN_DATA")
    assert datasets.data_root() == Path(__file__).resolve().parents[2].parent / "shared" / "data"


def test_labels_and_gold_words(data_root: Path) -> None:
    records = {r.id: r for r in load_detect("babe", "dev", data_root)}
    radical = records["b1"]
    assert [radical.tokens[i].text for i in sorted(radical.gold)] == ["radical", "disgraceful"]
    assert radical.biased is True and records["b2"].biased is False
    assert records["b4"].biased is None  # 'No agreement' leaves sentence scores


def test_wnc_adds_the_neutral_side(data_root: Path) -> None:
    before, after = load_detect("wnc_sample", "dev", data_root)
    assert [before.tokens[i].text for i in sorted(before.gold)] == ["brilliant", "and", "famous"]
    assert after.id == "w1:after" and after.biased is False and after.gold is None


def test_extraction_pages_read_gzipped_html(data_root: Path) -> None:
    (page,) = load_extraction("dev", data_root)
    assert "<article>" in page.html() and page.article_body.startswith("The city council")


@pytest.mark.parametrize(
    ("dataset", "split", "count"),
    [("babe", "dev", 1836), ("babe", "test", 1838), ("mbic", "dev", 849), ("mbic", "test", 851), ("wnc_sample", "test", 100)],
)
def test_shared_sets_load(dataset: str, split: str, count: int) -> None:
    root = require_shared(DATA)
    records = load_detect(dataset, split, root) if dataset == "wnc_sample" else load_bias_sentences(dataset, split, root)
    originals = [r for r in records if not r.id.endswith(":after")]
    assert len(originals) == count
    assert sum(len(r.gold or ()) for r in originals) > count // 2
    assert sum(len(r.unmatched) for r in originals) < 0.02 * sum(len(r.biased_words) for r in originals)


def test_shared_extraction_loads() -> None:
    root = require_shared(DATA)
    pages = load_extraction("dev", root)
    assert len(pages) == 90 and "<" in pages[0].html()


@pytest.mark.parametrize("dataset", ["babe", "mbic"])
def test_test_split_leaves_out_sentences_seen_in_dev(dataset: str) -> None:
    root = require_shared(DATA)
    dev_texts = {" ".join(r.text.lower().split()) for name in ("babe", "mbic") for r in load_bias_sentences(name, "dev", root)}
    full = load_bias_sentences(dataset, "test", root)
    kept = load_detect(dataset, "test", root)
    shared = [r for r in full if " ".join(r.text.lower().split()) in dev_texts]
    assert shared, "the two sets are known to share sentences"
    assert len(kept) == len(full) - len(shared)
    assert not {r.id for r in kept} & {r.id for r in shared}
