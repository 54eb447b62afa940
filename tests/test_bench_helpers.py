"""The pure helpers of the real-article benchmark (benchmarks/realpages.py): no spaCy, no data."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.realpages import (
    Memory,
    SetFigures,
    Timing,
    markdown_table,
    percentile,
    real_section,
    real_sets,
    timed,
    verdict,
)
from unspin.eval.datasets import DataError


def test_percentile_interpolates_between_ranks() -> None:
    assert percentile([3.0, 1.0, 2.0], 50) == 2.0
    assert percentile([1.0, 2.0, 3.0, 4.0], 50) == 2.5
    assert percentile(list(range(101)), 95) == 95.0
    assert percentile([1.0, 2.0], 95) == pytest.approx(1.95)
    assert percentile([7.0], 95) == 7.0
    with pytest.raises(ValueError):
        percentile([], 50)


def test_timing_rates_are_per_article() -> None:
    timing = Timing((0.01, 0.03, 0.02, 0.04), (0.01, 0.01, 0.01, 0.01))
    assert timing.total == pytest.approx(0.1)
    assert timing.per_second == pytest.approx(40.0)
    assert timing.cpu_per_second == pytest.approx(100.0)
    assert timing.p50_ms == pytest.approx(25.0)


def test_timed_keeps_results_in_order() -> None:
    results, timing = timed(lambda n: n * 2, [1, 2, 3])
    assert results == [2, 4, 6] and len(timing.seconds) == len(timing.cpu_seconds) == 3


def test_verdict_knows_which_way_is_better() -> None:
    assert verdict(30.0, 30.0, at_least=True) == "met"
    assert verdict(29.9, 30.0, at_least=True) == "missed"
    assert verdict(2.5, 3.0, at_least=False) == "met"
    assert verdict(650.0, 600.0, at_least=False) == "missed"


def test_markdown_table_aligns_numeric_columns() -> None:
    table = markdown_table(["name", "n"], [["a", "1"]], [False, True]).splitlines()
    assert table == ["| name | n |", "| --- | ---: |", "| a | 1 |"]


def test_section_judges_the_slowest_input_and_the_ratio() -> None:
    html = SetFigures("html", Timing((0.05,) * 4, (0.04,) * 4), 700.0, 9.0, 0.06, 1, trafilatura=Timing((0.02,) * 4))
    text = SetFigures("text", Timing((0.02,) * 4, (0.02,) * 4), 650.0, 8.0, 0.05, 0)
    section = real_section([html, text], Timing((2.0, 2.5, 4.0), (1.5, 1.6, 1.7)), Memory(480.0, 40.0, 420.0), "0.5 / 0.7")
    assert "| html (1 refused) | 4 | 700 | **20.0** | 25.0 | 50.0 / 50.0 | 9.0 | 6% | 50.0 | 2.5× | missed |" in section
    assert "| text | 4 | 650 | **50.0** | 50.0 | 20.0 / 20.0 | 8.0 | 5% | — | — | met |" in section
    assert "slowest real input (html) | 20.0 | ≥ 30 | missed |" in section
    assert "2.00–4.00 s; CPU time 1.60 s) | 2.50 s | ≤ 3 s | met |" in section
    assert (
        "the inputs it holds: 40 MiB; a fresh process after its first article: 420 MiB) | 480 MiB | ≤ 600 MiB | met |" in section
    )


def test_real_sets_name_the_missing_data(tmp_path: Path) -> None:
    """Without ../shared/data the bench skips the real part; the error it reports names the file."""
    with pytest.raises(DataError, match="extraction/test.jsonl"):
        real_sets(tmp_path)
