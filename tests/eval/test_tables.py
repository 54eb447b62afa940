"""The targets table: each of the issue's goals checked against our own rows, never a baseline's."""

from __future__ import annotations

from unspin.eval.clean_eval import CleanResult
from unspin.eval.detect_eval import DetectResult
from unspin.eval.metrics import PRF
from unspin.eval.tables import targets_markdown


def row(system: str, dataset: str, word_f1: float, macro: float, false_edits: float, top1=None) -> DetectResult:
    return DetectResult(system, dataset, "test", 10, PRF(0.5, 0.5, word_f1), macro, false_edits, top1, 100.0)


def test_targets_say_met_or_missed_and_by_how_much():
    detect = [
        row("unspin", "babe", 0.42, 0.70, 0.12),
        row("Recasens-style LR", "babe", 0.61, 0.90, 0.50),  # a baseline never answers for us
        row("unspin", "wnc_sample", 0.1, 0.5, 0.2, top1=0.55),
    ]
    clean = [CleanResult("unspin (HTML)", "html", "test", 91, PRF(0.9, 0.9, 0.96), 50.0)]
    table = targets_markdown(detect, clean)
    assert "| BABE word-level F1 | unspin | ≥ 0.50 | 0.420 | missed by 0.080 |" in table
    assert "| BABE sentence-level macro F1 | unspin | ≥ 0.80 | 0.700 | missed by 0.100 |" in table
    assert "| false-edit rate, non-biased BABE sentences | unspin | ≤ 0.15 | 0.120 | met |" in table
    assert "| WNC sample top-1 accuracy | unspin | ≥ 0.50 | 0.550 | met |" in table
    assert "| cleaning F1 from HTML | unspin (HTML) | ≥ 0.95 | 0.960 | met |" in table
    assert "Recasens" not in table and "MBIC" not in table


def test_no_rows_no_table():
    assert targets_markdown([], []) == ""
