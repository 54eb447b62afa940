"""The learned line classifier tried for the dump cleaner (training/, not shipped): features and labels.

Its cross-validated figures are in docs/BENCHMARKS.md; these tests keep the
features and the labels it was measured with honest, so the figures can be
reproduced with `python -m training.dump_lines`.
"""

from __future__ import annotations

import numpy as np
import pytest

from tests.conftest import require_module
from training.dump_line_features import FEATURE_NAMES, classify_by_rules, vectors
from unspin.clean.dump import classify

P1 = "The council of Brask approved a new budget on Monday after a debate that lasted more than four hours."
P2 = "Councillor Oda Fenn said the plan would fund two new schools and repair the harbour wall by 2027."
P3 = "The budget still needs the approval of the regional government, which is expected in March."
DUMP = f"Skip to content\nMenu\nSport\nBrask approves budget\n{P1}\n{P2}\nWhat we know so far\n{P3}\nContact us\nCookies\n"


def test_the_rules_seen_by_the_model_are_the_cleaners_own() -> None:
    page, decisions = classify_by_rules(DUMP)
    assert decisions is not None
    assert page.labels == classify(DUMP).labels


def test_one_row_of_finite_features_per_line() -> None:
    page, decisions = classify_by_rules(DUMP)
    assert decisions is not None
    rows = vectors(page, decisions)
    assert rows.shape == (len(page), len(FEATURE_NAMES))
    assert np.isfinite(rows).all()
    paragraph = rows[:, FEATURE_NAMES.index("paragraph")]
    assert [page.lines[i].text for i in np.flatnonzero(paragraph)] == [P1, P2, P3]
    after = rows[:, FEATURE_NAMES.index("prose_after")]
    assert after[0] == pytest.approx(1.0) and after[-1] == pytest.approx(0.0)
    removed = rows[:, FEATURE_NAMES.index("removed_by_rules")]
    assert [bool(r) for r in removed] == [i in page.labels for i in range(len(page))]


def test_a_text_of_a_few_lines_gets_no_body_search() -> None:
    assert classify_by_rules(f"Menu\n{P1}\n")[1] is None


def test_training_labels_a_line_by_its_shingles_in_the_body() -> None:
    require_module("sklearn", "the line classifier's training script needs scikit-learn")
    from training.dump_lines import line_labels

    page, _ = classify_by_rules(DUMP)
    labels = line_labels(page, f"Brask approves budget\n\n{P1}\n\n{P2}\n\n{P3}")
    kept = [line.text for line, label in zip(page.lines, labels) if label]
    assert kept == ["Brask approves budget", P1, P2, P3]


def test_the_lxml_dump_puts_every_block_on_its_own_line() -> None:
    require_module("sklearn", "the line classifier's training script needs scikit-learn")
    from training.dump_lines import lxml_dump

    html = "<html><head><title>T</title><script>x()</script></head><body><nav><a>Home</a> <a>Sport</a></nav>"
    html += f"<h1>Brask approves budget</h1><p>{P1}</p><ul><li>One</li><li>Two</li></ul></body></html>"
    assert lxml_dump(html) == f"Home Sport\nBrask approves budget\n{P1}\nOne\nTwo\n"


def _segments():
    require_module("sklearn", "the line classifier's training script needs scikit-learn")
    from training import dump_segments

    return dump_segments


def test_the_segment_search_removes_only_what_lies_outside_the_models_best_run() -> None:
    seg = _segments()
    scores = np.array([-3.0, -1.0, 4.0, -0.5, 5.0, -2.0, 1.0])
    assert seg.outside_best_run(scores).tolist() == [True, True, False, False, False, True, True]
    assert seg.outside_best_run(np.array([-1.0, -2.0])).all()


def test_the_box_search_finds_every_low_run_below_the_box_size() -> None:
    seg = _segments()
    scores = np.array([3.0, -4.0, -3.0, 5.0, -1.0, 6.0, -6.0, 2.0])
    assert seg.low_runs(scores, 5.0).tolist() == [False, True, True, False, False, False, True, False]
    assert not seg.low_runs(scores, 10.0).any()


def test_the_search_never_removes_the_protected_headline_nor_restores_a_removed_line() -> None:
    seg = _segments()
    page, decisions = classify_by_rules(DUMP)
    assert decisions is not None
    X = vectors(page, decisions)
    rules_keep = np.array([i not in page.labels for i in range(len(page))])
    data = seg.PageData("p", "site", "", DUMP, [], [], rules_keep, X, rules_keep.astype(int))
    furniture_everywhere = np.full(len(page), -10.0)  # the model reads every line as furniture
    kept = seg.Search(0.0).keep(data, furniture_everywhere)
    headline = X[:, FEATURE_NAMES.index("headline")] > 0
    assert headline.any() and (kept == (rules_keep & headline)).all()
    assert not (seg.Search(0.0, headline_removable=True).keep(data, furniture_everywhere)).any()
