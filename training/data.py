"""The training data: dev splits only, read through the evaluation harness's loaders.

Every file is opened inside `unspin.eval.datasets.training()`, so a test split
refuses to open whatever a caller passes, and `guard_path` refuses any path
naming a test split before anything is read.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from unspin.detect.scan import Word, sentence_starts, words_of

DATASETS = ("babe", "mbic", "wnc_sample")
# The word scorer also learns from whole news articles: PTC's loaded-language spans, one example per
# line (PTC puts one sentence on a line). In-domain negatives teach it that "weapons" or "ground
# forces" in a war report are not loaded, which BABE's political sentences cannot.
SCORER_DATASETS = (*DATASETS, "ptc")
# Sentence-level sets with no word annotation (the encoder's multi-task training, MAGPIE's recipe).
SENTENCE_TASKS = (
    "checkthat2025_subj_en",
    "faerber2020_ukraine_bias",
    "lim2020_biased_sents",
    "newsunfold_nuda",
    "hube2019_wikinpov",
)


class TestDataRefused(PermissionError):
    """Training code was pointed at a test split."""

    __test__ = False


def guard_path(path: str | Path) -> Path:
    """The path, unless it names a test split: a file called test.* (or *_test.*, *-test.*),
    or anything inside a folder called test."""
    path = Path(path)
    stem = path.name.split(".")[0].lower()
    if stem == "test" or stem.endswith(("_test", "-test")) or "test" in (p.lower() for p in path.parts[:-1]):
        raise TestDataRefused(f"training may only read dev data, not {path}")
    return path


@dataclass
class Example:
    """One labelled text on the detector's own words."""

    dataset: str
    id: str
    text: str
    words: list[Word]
    starts: list[int]
    word_gold: np.ndarray  # bool per word: annotators marked it
    biased: bool | None  # sentence label (None: no agreement)
    group: str  # normalised text: the same sentence in two sets stays in one fold


def _normalise(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def _example(dataset: str, record) -> Example:
    words = words_of(record.text)
    gold_spans = [(record.tokens[i].start, record.tokens[i].end) for i in (record.gold or ())]
    gold = np.array([any(s < w.end and w.start < e for s, e in gold_spans) for w in words], dtype=bool)
    return Example(
        dataset, record.id, record.text, words, sentence_starts(record.text), gold, record.biased, _normalise(record.text)
    )


def load_examples(root: str | Path | None = None, datasets=DATASETS) -> list[Example]:
    """Dev examples of every set (WNC: the 'before' sentences with their removed words, and
    the neutralised 'after' sentences as unbiased sentences without word labels)."""
    from unspin.eval.datasets import load_detect, split_path, training

    examples = []
    with training():
        for name in datasets:
            guard_path(split_path(name, "dev", root, for_training=True))
            if name == "ptc":
                examples += ptc_examples(root)
                continue
            for record in load_detect(name, "dev", root, for_training=True):
                if not words_of(record.text):
                    continue
                examples.append(_example(name, record))
    return examples


def ptc_examples(root: str | Path | None = None) -> list[Example]:
    """PTC dev articles cut into lines; a word is gold when a loaded-language span covers it, a line is
    biased when it holds one. Call inside `training()`."""
    from unspin.eval.datasets import load_ptc

    examples = []
    for article in load_ptc("dev", root, for_training=True):
        spans = [(s.start, s.end) for s in article.loaded]
        offset = 0
        for number, line in enumerate(article.text.split("\n")):
            start, offset = offset, offset + len(line) + 1
            words = words_of(line)
            if len(words) < 4:
                continue  # titles' bylines, lone quote marks
            covered = [
                (max(a, start) - start, min(b, start + len(line)) - start)
                for a, b in spans
                if a < start + len(line) and start < b
            ]
            gold = np.array([any(a < w.end and w.start < b for a, b in covered) for w in words], dtype=bool)
            examples.append(
                Example(
                    "ptc", f"{article.id}:{number}", line, words, sentence_starts(line), gold, bool(gold.any()), _normalise(line)
                )
            )
    return examples


TASK_CAP = 2000  # texts per sentence-level set (hube2019's 5,972 Wikipedia sentences would triple the student's epoch)


def sentence_task_examples(seed: int, root: str | Path | None = None) -> list[Example]:
    """The sentence-level sets' dev splits (no word labels), each its own task (training/encoder.py gives each a head),
    at most TASK_CAP texts of each (a fixed sample)."""
    from unspin.eval.datasets import read_jsonl, split_path, training

    positive = {"Biased", "Subjective"}
    examples = []
    with training():
        for name in SENTENCE_TASKS:
            records = read_jsonl(guard_path(split_path(name, "dev", root, for_training=True)))
            random.Random(seed).shuffle(records)
            for record in records[:TASK_CAP]:
                words = words_of(record["text"])
                if words and record.get("label"):
                    gold = np.zeros(len(words), dtype=bool)
                    examples.append(
                        Example(name, record["id"], record["text"], words, [0], gold, record["label"] in positive, record["text"])
                    )
    return examples
