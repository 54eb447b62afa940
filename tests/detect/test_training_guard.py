"""The training code (training/, not shipped) refuses to read a test split."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import REPO, require_module

# training/ is only in the repository checkout: skipped without it, failing in CI.
training_data = require_module("training.data", "training/ is only in the repository checkout")


@pytest.mark.parametrize(
    "path",
    ["../shared/data/babe/test.jsonl", "/data/mbic/test.jsonl", "wnc_sample/test.jsonl", "x/test/dev.jsonl", "babe_test.jsonl"],
)
def test_guard_refuses_test_paths(path):
    with pytest.raises(training_data.TestDataRefused):
        training_data.guard_path(path)


@pytest.mark.parametrize("path", ["../shared/data/babe/dev.jsonl", "/data/contest/dev.jsonl", "latest/dev.jsonl"])
def test_guard_allows_dev_paths(path):
    assert training_data.guard_path(path) == Path(path)


def test_loaders_refuse_a_test_split_inside_training(tmp_path):
    from unspin.eval.datasets import TestSplitError, load_detect, training

    (tmp_path / "babe").mkdir()
    (tmp_path / "babe" / "test.jsonl").write_text('{"id": "1", "text": "A.", "label": "Biased", "biased_words": []}\n')
    with training(), pytest.raises(TestSplitError):
        load_detect("babe", "test", tmp_path)


def test_training_entry_point_reads_only_dev(monkeypatch, tmp_path):
    """load_examples asks the harness for dev splits only, whatever is on disk."""
    asked = []
    from unspin.eval import datasets

    real = datasets.split_path

    def spy(dataset, split, root=None, *, for_training=False):
        asked.append((dataset, split, for_training))
        return real(dataset, split, root, for_training=for_training)

    monkeypatch.setattr(datasets, "split_path", spy)
    for name in ("babe", "mbic"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "dev.jsonl").write_text(
            '{"id": "1", "text": "A bizarre plan.", "label": "Biased", "biased_words": ["bizarre"]}\n'
        )
        (tmp_path / name / "test.jsonl").write_text("not json: must never be opened\n")
    examples = training_data.load_examples(tmp_path, datasets=("babe", "mbic"))
    assert [e.word_gold.tolist() for e in examples] == [[False, True, False]] * 2
    assert asked and all(split == "dev" and for_training for _, split, for_training in asked)


def test_training_modules_never_ask_for_the_test_split():
    for path in (REPO / "training").glob("*.py"):
        source = path.read_text("utf-8")
        assert not re.search(r"[(,]\s*[\"']test[\"']", source), f"{path} passes 'test' as an argument"


def test_sentence_tasks_read_only_dev_and_label_each_text(monkeypatch, tmp_path):
    """The multi-task sets come through the same guard: dev splits only, one task name per set."""
    import json

    for name in training_data.SENTENCE_TASKS:
        (tmp_path / name).mkdir()
        rows = [
            {"id": f"{name}-{i}", "text": f"Sentence {i} of the set.", "label": label}
            for i, label in enumerate(["Biased", "Subjective", "Non-biased", "Objective"])
        ]
        (tmp_path / name / "dev.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n")
        (tmp_path / name / "test.jsonl").write_text("not json: would fail if read\n")
    examples = training_data.sentence_task_examples(1, tmp_path)
    assert {e.dataset for e in examples} == set(training_data.SENTENCE_TASKS)
    assert sorted(e.biased for e in examples if e.dataset == "lim2020_biased_sents") == [False, False, True, True]
    assert not any(e.word_gold.any() for e in examples)
