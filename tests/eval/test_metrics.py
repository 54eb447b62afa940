from __future__ import annotations

import pytest

from unspin.eval import metrics


def test_prf_counts() -> None:
    assert metrics.prf(2, 2, 0) == metrics.PRF(0.5, 1.0, pytest.approx(2 / 3))
    assert metrics.prf(0, 0, 3) == metrics.PRF(0.0, 0.0, 0.0)


def test_word_prf_is_micro_over_tokens() -> None:
    golds = [{0, 1}, set(), {4}]
    predicted = [{1, 2}, {3}, {4}]
    # tp = 2 (1, 4); fp = 2 (2, 3); fn = 1 (0)
    assert metrics.word_prf(golds, predicted) == metrics.PRF(0.5, pytest.approx(2 / 3), pytest.approx(4 / 7))


def test_macro_f1_averages_both_classes() -> None:
    truth = [True, True, False, False]
    predicted = [True, False, False, False]
    # biased: P 1, R 0.5 -> F1 2/3; non-biased: P 2/3, R 1 -> F1 0.8
    assert metrics.macro_f1(truth, predicted) == pytest.approx((2 / 3 + 0.8) / 2)


def test_false_edit_rate_counts_non_biased_only() -> None:
    assert metrics.false_edit_rate([True, False, False, False], [True, True, False, False]) == pytest.approx(1 / 3)
    assert metrics.false_edit_rate([True], [True]) == 0.0


@pytest.mark.parametrize(
    ("scores", "gold", "hit"),
    [
        ([0.1, 0.9, 0.2], {1}, True),
        ([0.1, 0.9, 0.2], {2}, False),
        ([0.5, 0.5, 0.0], {1}, False),  # ties go to the first token
        ([0.0, 0.0], {0}, False),  # nothing scored is a miss, not a lucky guess
    ],
)
def test_top1(scores: list[float], gold: set[int], hit: bool) -> None:
    assert metrics.top1_hit(scores, gold) is hit


def test_top1_accuracy() -> None:
    assert metrics.top1_accuracy([[0.9, 0.1], [0.2, 0.8]], [{0}, {0}]) == 0.5


def test_shingles_follow_the_benchmark() -> None:
    # 6 tokens -> 3 four-word shingles; fewer than 4 tokens -> one short shingle
    assert sum(metrics.shingles("a b c d e f").values()) == 3
    assert list(metrics.shingles("just two")) == [("just", "two")]
    assert metrics.shingles("") == {}


def test_shingle_match_normalises_per_page() -> None:
    truth = "one two three four five six"
    tp, fp, fn = metrics.shingle_match(truth, "one two three four five six seven")
    # truth 3 shingles, prediction 4: tp 3, fp 1, fn 0 -> normalised by 4
    assert (tp, fp, fn) == (0.75, 0.25, 0.0)
    assert metrics.shingle_match(truth, truth) == (1.0, 0.0, 0.0)


def test_extraction_prf_averages_pages() -> None:
    pages = [(1.0, 0.0, 0.0), (0.5, 0.5, 0.0), (0.0, 0.0, 1.0)]
    result = metrics.extraction_prf(pages)
    # precision over pages with output (first two): (1 + 0.5) / 2; recall over pages with truth: (1 + 1 + 0) / 3
    assert result.precision == pytest.approx(0.75)
    assert result.recall == pytest.approx(2 / 3)
    assert result.f1 == pytest.approx(2 * 0.75 * (2 / 3) / (0.75 + 2 / 3))


def test_bootstrap_interval_is_zero_without_spread_and_seeded() -> None:
    assert metrics.word_f1_ci([(1, 0, 0)] * 20) == 0.0
    counts = [(1, 0, 0)] * 10 + [(0, 1, 1)] * 10
    assert 0 < metrics.word_f1_ci(counts) == metrics.word_f1_ci(counts) < 0.5


def test_reliability_bins_and_calibration_error() -> None:
    confidences = [0.45, 0.45, 0.95, 0.95, 1.0, 0.1]
    hits = [True, False, True, True, False, False]
    result = metrics.reliability(confidences, hits)
    assert [(b.low, b.count) for b in result.bins] == [(0.0, 1), (0.4, 2), (0.9, 3)]  # 1.0 falls in the last bin
    assert result.bins[1].hit_rate == 0.5 and result.bins[2].mean_confidence == pytest.approx(0.9667, abs=1e-4)
    expected = (1 * 0.1 + 2 * 0.05 + 3 * abs(0.9667 - 2 / 3)) / 6
    assert result.expected_calibration_error == pytest.approx(expected, abs=1e-4)
    assert result.edits == 6


def test_reliability_of_a_perfectly_stated_confidence_is_zero() -> None:
    result = metrics.reliability([1.0, 1.0, 0.0, 0.0], [True, True, False, False])
    assert result.expected_calibration_error == 0.0


def test_reliability_needs_one_hit_per_confidence() -> None:
    with pytest.raises(ValueError):
        metrics.reliability([0.5], [True, False])
