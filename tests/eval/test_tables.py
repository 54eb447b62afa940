"""Generated tables: the issue's targets against our own rows (never a baseline's), and the ledger's confidence check."""

from __future__ import annotations

from unspin.eval.clean_eval import CleanResult
from unspin.eval.detect_eval import DetectResult
from unspin.eval.metrics import PRF, reliability
from unspin.eval.tables import reliability_markdown, targets_markdown


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
    assert "| BABE word-level F1 (cut + modify + flag) | unspin | ≥ 0.50 | 0.420 | missed by 0.080 |" in table
    assert "| BABE sentence-level macro F1 | unspin | ≥ 0.78 | 0.700 | missed by 0.080 |" in table
    assert "| false-edit rate (cut + modify), non-biased BABE sentences | unspin | ≤ 0.12 | 0.120 | met |" in table
    assert "| WNC sample top-1 accuracy | unspin | ≥ 0.45 | 0.550 | met |" in table
    assert "≥ 0.82" not in table  # the thorough goal applies to the thorough row only
    assert "| cleaning F1 from HTML | unspin (HTML) | ≥ 0.95 | 0.960 | met |" in table
    assert "Recasens" not in table and "MBIC" not in table


def test_no_rows_no_table():
    assert targets_markdown([], []) == ""


def test_reliability_table_only_for_systems_that_state_a_confidence():
    rated = row("unspin", "babe", 0.3, 0.7, 0.1)
    rated.reliability = reliability([0.55, 0.85, 0.85], [False, True, True])
    silent = row("lexicon lookup", "babe", 0.3, 0.6, 0.2)
    table = reliability_markdown([rated, silent])
    assert "| BABE | unspin | 0.5–0.6 | 1 | 0.550 | 0.000 |" in table
    assert "| BABE | unspin | 0.8–0.9 | 2 | 0.850 | 1.000 |" in table
    assert "lexicon" not in table
    assert reliability_markdown([silent]) == ""
