"""Scores, each a small pure function checked on hand-made examples in tests/eval.

Word level: micro precision/recall/F1 over tokens. Sentence level: macro F1 over
the two classes (Biased, Non-biased). Extraction: the scrapinghub
article-extraction-benchmark's measure, reproduced from its evaluate.py (4-word
shingles of `\\w+` tokens, counts per page normalised so that long pages do not
weigh more, precision and recall averaged over pages, F1 of the two averages).
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass

import numpy as np


@dataclass(frozen=True)
class PRF:
    precision: float
    recall: float
    f1: float

    def as_dict(self) -> dict[str, float]:
        return asdict(self)


def f1_of(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def prf(tp: float, fp: float, fn: float) -> PRF:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return PRF(precision, recall, f1_of(precision, recall))


def word_counts(gold: Iterable[int], predicted: Iterable[int]) -> tuple[int, int, int]:
    gold, predicted = set(gold), set(predicted)
    return len(gold & predicted), len(predicted - gold), len(gold - predicted)


def word_prf(golds: Sequence[Iterable[int]], predictions: Sequence[Iterable[int]]) -> PRF:
    """Micro P/R/F1 over tokens: every token of every sentence counts once."""
    tp = fp = fn = 0
    for gold, predicted in zip(golds, predictions, strict=True):
        a, b, c = word_counts(gold, predicted)
        tp, fp, fn = tp + a, fp + b, fn + c
    return prf(tp, fp, fn)


def class_f1(truth: Sequence[bool], predicted: Sequence[bool], positive: bool) -> float:
    tp = sum(t == positive and p == positive for t, p in zip(truth, predicted, strict=True))
    fp = sum(t != positive and p == positive for t, p in zip(truth, predicted))
    fn = sum(t == positive and p != positive for t, p in zip(truth, predicted))
    return prf(tp, fp, fn).f1


def macro_f1(truth: Sequence[bool], predicted: Sequence[bool]) -> float:
    """Mean of the F1 of the positive class and the F1 of the negative class."""
    return (class_f1(truth, predicted, True) + class_f1(truth, predicted, False)) / 2


def false_edit_rate(truth: Sequence[bool], predicted: Sequence[bool]) -> float:
    """Share of sentences labelled non-biased in which the system changed anything."""
    negatives = [p for t, p in zip(truth, predicted, strict=True) if not t]
    return sum(negatives) / len(negatives) if negatives else 0.0


@dataclass(frozen=True)
class ReliabilityBin:
    low: float
    high: float
    count: int
    mean_confidence: float
    hit_rate: float  # share of the bin's edits that were right


@dataclass(frozen=True)
class Reliability:
    """Does a stated confidence of 0.7 mean right seven times in ten? Expected calibration error is
    the count-weighted mean gap between a bin's mean confidence and its hit rate."""

    bins: tuple[ReliabilityBin, ...]
    expected_calibration_error: float
    edits: int

    def as_dict(self) -> dict:
        return asdict(self)


RELIABILITY_EDGES = (0.0, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)


def reliability(confidences: Sequence[float], hits: Sequence[bool], edges: Sequence[float] = RELIABILITY_EDGES) -> Reliability:
    """Bins are closed on the left; the last also holds confidence 1.0. Empty bins are left out."""
    confidence = np.asarray(confidences, dtype=float)
    hit = np.asarray(hits, dtype=bool)
    if confidence.shape != hit.shape:
        raise ValueError("one hit per confidence")
    which = np.clip(np.searchsorted(edges, confidence, side="right") - 1, 0, len(edges) - 2)
    bins, gap = [], 0.0
    for b in range(len(edges) - 1):
        inside = which == b
        if not inside.any():
            continue
        mean, rate = float(confidence[inside].mean()), float(hit[inside].mean())
        bins.append(ReliabilityBin(edges[b], edges[b + 1], int(inside.sum()), mean, rate))
        gap += inside.sum() * abs(mean - rate)
    return Reliability(tuple(bins), gap / len(confidence) if len(confidence) else 0.0, len(confidence))


def top1_hit(scores: Sequence[float], gold: Iterable[int]) -> bool:
    """Is the highest-scored token a gold token? Ties go to the first; no score above 0 is a miss."""
    if not scores or max(scores) <= 0:
        return False
    return max(range(len(scores)), key=lambda i: (scores[i], -i)) in set(gold)


def top1_accuracy(scores: Sequence[Sequence[float]], golds: Sequence[Iterable[int]]) -> float:
    hits = [top1_hit(s, g) for s, g in zip(scores, golds, strict=True)]
    return sum(hits) / len(hits) if hits else 0.0


def bootstrap_ci(n_items: int, statistic: Callable[[np.ndarray], float], rounds: int = 1000, seed: int = 20241124) -> float:
    """Half-width of a 95% interval: 1.96 standard deviations of the statistic over
    `rounds` resamples (with replacement) of the items, as the extraction benchmark does."""
    if n_items < 2:
        return 0.0
    rng = np.random.default_rng(seed)
    values = [statistic(rng.integers(0, n_items, n_items)) for _ in range(rounds)]
    return 1.96 * statistics.stdev(values)


def word_f1_ci(counts: Sequence[tuple[int, int, int]], rounds: int = 1000) -> float:
    """Bootstrap over sentences of the micro word F1, from each sentence's (tp, fp, fn)."""
    table = np.array(counts, dtype=float).reshape(-1, 3)
    return bootstrap_ci(len(table), lambda idx: prf(*table[idx].sum(axis=0)).f1, rounds)


def extraction_f1_ci(pages: Sequence[tuple[float, float, float]], rounds: int = 1000) -> float:
    return bootstrap_ci(len(pages), lambda idx: extraction_prf([pages[i] for i in idx]).f1, rounds)


# --- extraction: scrapinghub/article-extraction-benchmark evaluate.py -----------------

_BENCH_TOKEN = re.compile(r"\w+", re.UNICODE | re.MULTILINE | re.IGNORECASE | re.DOTALL)
SHINGLE = 4


def shingles(text: str, n: int = SHINGLE) -> Counter[tuple[str, ...]]:
    tokens = _BENCH_TOKEN.findall(text or "")
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i : i + n])


def shingle_match(true: str, pred: str, n: int = SHINGLE) -> tuple[float, float, float]:
    """(tp, fp, fn) over shingles of one page, normalised to sum to 1."""
    t, p = shingles(true, n), shingles(pred, n)
    tp = float(sum((t & p).values()))
    fp = float(sum((p - t).values()))
    fn = float(sum((t - p).values()))
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def _page_precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fp == 0 else tp / (tp + fp)


def _page_recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fn == 0 else tp / (tp + fn)


def extraction_prf(pages: Sequence[tuple[float, float, float]]) -> PRF:
    """Benchmark-style: mean precision over pages with output, mean recall over pages with truth."""
    precisions = [_page_precision(*c) for c in pages if c[0] + c[1] > 0]
    recalls = [_page_recall(*c) for c in pages if c[0] + c[2] > 0]
    precision = statistics.mean(precisions) if precisions else 0.0
    recall = statistics.mean(recalls) if recalls else 0.0
    return PRF(precision, recall, f1_of(precision, recall))
