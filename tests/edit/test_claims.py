"""Cuts that would change a claim: hedges, negations, reported claims (no spaCy)."""

from __future__ import annotations

import pytest

from unspin.detect.span import Role, Span
from unspin.edit.claims import is_hedge, reported_claim, under_negation
from unspin.edit.ledger import EditKind
from unspin.edit.policy import plan_edits


def _span(text: str, word: str, role: Role = Role.MODIFIER) -> Span:
    start = text.index(word)
    return Span(
        start=start,
        end=start + len(word),
        text=word,
        category="emotive_adjective",
        reason=f"'{word}' judges.",
        confidence=0.95,
        role=role,
        by="test",
    )


@pytest.mark.parametrize(
    ("sentence", "word"),
    [
        ("Zelenskyy insisted that the limits put troops in an untenable situation.", "untenable"),
        ("According to the union, the cuts are brutal.", "brutal"),
        ("She told reporters the decision was disgraceful.", "disgraceful"),
        ("Critics warned that the outrageous plan would fail.", "outrageous"),
    ],
)
def test_a_reported_claim_is_flagged_not_cut(sentence: str, word: str) -> None:
    assert reported_claim(sentence, sentence.index(word), sentence.index(word) + len(word))
    edits = plan_edits(sentence, [_span(sentence, word)])
    assert [e.kind for e in edits] == [EditKind.FLAG]
    assert "claim the article reports" in edits[0].reason


@pytest.mark.parametrize(
    ("sentence", "word"),
    [
        ("The council approved the shockingly expensive bridge.", "shockingly"),
        ("The company announced a disastrous product.", "disastrous"),  # an object, not a reported clause
        ("The oppressive government said nothing.", "oppressive"),  # the verb comes after the span
        ("The council approved the shockingly expensive bridge, officials said.", "shockingly"),  # the reporter's paraphrase
    ],
)
def test_the_outlets_own_words_are_cut(sentence: str, word: str) -> None:
    edits = plan_edits(sentence, [_span(sentence, word)])
    assert [e.kind for e in edits] == [EditKind.CUT]


def test_a_hedge_is_never_cut() -> None:
    """'[...] the best phone' claims more than 'arguably the best phone'."""
    text = "It is arguably the best phone on sale."
    assert is_hedge("arguably")
    assert plan_edits(text, [_span(text, "arguably")]) == []


@pytest.mark.parametrize("text", ["There is no credible evidence of fraud.", "It was not a serious threat."])
def test_a_modifier_under_negation_is_flagged_not_cut(text: str) -> None:
    """'no [...] evidence' denies more than 'no credible evidence'."""
    word = "credible" if "credible" in text else "serious"
    assert under_negation(text, text.index(word), 0)
    assert [e.kind for e in plan_edits(text, [_span(text, word)])] == [EditKind.FLAG]


def test_negation_stops_at_a_conjunction() -> None:
    text = "No one came, and the brutal attack went on."
    assert not under_negation(text, text.index("brutal"), 0)


def test_a_cut_opening_its_sentence_takes_its_comma() -> None:
    text = "The vote passed. Ironically, the plan failed."
    edits = plan_edits(text, [_span(text, "Ironically")])
    assert [e.original for e in edits] == ["Ironically,"]
    from unspin.edit.ledger import apply_edits

    assert apply_edits(text, edits) == "The vote passed. [...] the plan failed."


def test_a_cut_inside_a_sentence_keeps_the_comma() -> None:
    text = "The plan, shockingly, failed."
    edits = plan_edits(text, [_span(text, "shockingly")])
    assert [e.original for e in edits] == ["shockingly"]


def test_a_modifier_after_a_hedge_is_flagged_not_cut() -> None:
    """'almost [...] servile' would leave 'almost' qualifying the wrong word."""
    text = "The board was almost totally servile to the owner."
    edits = plan_edits(text, [_span(text, "totally")])
    assert [e.kind for e in edits] == [EditKind.FLAG] and "hedge" in edits[0].reason


@pytest.mark.parametrize(
    ("sentence", "word"),
    [
        ("The region faces a crisis of epic proportions.", "epic"),  # reader checks: "of [...] proportions"
        ("The band played in flamboyant style all night.", "flamboyant"),  # "in [...] style"
        ("Debt grew at an alarming rate last year.", "alarming"),
        ("It was the most devastating attack in decades on the city.", "most devastating"),  # "the [...] attack in decades"
        ("These are more grievous sins than any before.", "more grievous"),
    ],
)
def test_a_modifier_its_frame_needs_is_flagged_not_cut(sentence: str, word: str) -> None:
    edits = plan_edits(sentence, [_span(sentence, word)])
    assert [e.kind for e in edits] == [EditKind.FLAG]
    assert "frame" in edits[0].reason or "comparison" in edits[0].reason


@pytest.mark.parametrize(
    "sentence",
    [
        "The most devastating attack came at night.",
        "The brutal regime showed its style.",
    ],  # no scope follows; the frame noun is not next
)
def test_a_modifier_without_a_frame_is_still_cut(sentence: str) -> None:
    word = "most devastating" if "most" in sentence else "brutal"
    assert [e.kind for e in plan_edits(sentence, [_span(sentence, word)])] == [EditKind.CUT]


def test_a_plain_degree_word_is_not_cut_alone() -> None:
    """Reader checks: 'in the very recent past' -> 'in the [...] recent past' was judged not loaded."""
    text = "Closer flybys happened in the very recent past."
    assert plan_edits(text, [_span(text, "very")]) == []


def test_a_degree_word_goes_with_the_loaded_word_it_grades() -> None:
    text = "Police began a very brutal crackdown."
    edits = plan_edits(text, [_span(text, "very"), _span(text, "brutal")])
    assert [(e.kind, e.original) for e in edits] == [(EditKind.CUT, "very brutal")]
