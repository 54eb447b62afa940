"""Commas that would enclose only a cut collapse, recorded in the ledger (no spaCy)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.edit.test_grammar import cut
from unspin.edit.grammar import CATEGORY
from unspin.edit.ledger import EditKind, apply_edits, check_edits, invert_edits
from unspin.edit.punctuation import BY, collapse_commas


def output(text: str, edits) -> str:
    result = collapse_commas(text, edits)
    check_edits(text, result)
    rendered = apply_edits(text, result)
    assert invert_edits(rendered, result) == text  # the round trip holds with the commas gone
    return rendered


@pytest.mark.parametrize(
    ("text", "words", "expected"),
    [
        # reader checks: "Part of the plan, [...], would be to establish ..."
        (
            "Part of the scheme, obviously, would be to establish his bona fides.",
            "obviously",
            "Part of the scheme [...] would be to establish his bona fides.",
        ),
        # reader checks: "and, [...], over"
        ("He waited and, remarkably, over time he won.", "remarkably", "He waited and [...] over time he won."),
    ],
)
def test_commas_around_a_cut_collapse(text: str, words: str, expected: str) -> None:
    assert output(text, [cut(text, words)]) == expected


def test_the_comma_edits_say_what_they_are() -> None:
    text = "Part of the scheme, obviously, would fail."
    edits = collapse_commas(text, [cut(text, "obviously", confidence=0.61)])
    commas = [e for e in edits if e.by == BY]
    assert [(e.kind, e.original, e.replacement) for e in commas] == [(EditKind.MODIFY, ",", "")] * 2
    assert all(e.category == CATEGORY and e.confidence == 0.61 and "comma" in e.reason for e in commas)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("The plan, bizarrely expensive, failed.", "bizarrely"),  # a word stays between the commas
        ("The brutal plan, officials said, failed.", "brutal"),  # the commas are not next to the cut
        ("He left, sadly.", "sadly"),  # one comma, no pair
    ],
)
def test_other_commas_stay(text: str, words: str) -> None:
    edits = [cut(text, words)]
    assert collapse_commas(text, edits) == edits


def test_a_comma_in_skipped_text_is_left_alone() -> None:
    text = "Part of the scheme, obviously, would fail."
    edits = [cut(text, "obviously")]
    comma = text.index(",")
    assert collapse_commas(text, edits, skip=[(comma, comma + 1)]) == edits


@given(st.text(alphabet="ab ,", max_size=30), st.text(alphabet="ab ,", max_size=30))
def test_round_trip_whatever_surrounds_the_cut(left: str, right: str) -> None:
    text = f"{left}word{right}"
    edits = collapse_commas(text, [cut(text, "word")])
    check_edits(text, edits)
    assert invert_edits(apply_edits(text, edits), edits) == text
    assert collapse_commas(text, edits) == edits  # running it again changes nothing
