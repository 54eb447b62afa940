"""Cuts that would change a claim: hedges, negations, reported claims (no spaCy)."""

from __future__ import annotations

import pytest

from unspin.detect.span import Role, Span
from unspin.edit.claims import is_hedge, reported_claim, under_negation
from unspin.edit.ledger import EditKind, apply_edits
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


@pytest.mark.parametrize(
    ("sentence", "word"),
    [
        # reader checks: "failing to [...] weed out" denied more than the writer did
        ("The agency keeps failing to aggressively weed out fraud.", "aggressively"),
        ("The board refused to fully disclose the costs.", "fully"),
    ],
)
def test_a_modifier_a_negative_verb_governs_is_flagged_not_cut(sentence: str, word: str) -> None:
    edits = plan_edits(sentence, [_span(sentence, word)])
    assert [e.kind for e in edits] == [EditKind.FLAG]
    assert "did not happen" in edits[0].reason


@pytest.mark.parametrize(
    "sentence",
    ["The agency moved to aggressively weed out fraud.", "The failed campaign aggressively courted donors."],
)
def test_a_modifier_without_a_negative_verb_is_still_cut(sentence: str) -> None:
    assert [e.kind for e in plan_edits(sentence, [_span(sentence, "aggressively")])] == [EditKind.CUT]


@pytest.mark.parametrize(
    ("sentence", "word"),
    [
        ("Truisms about how its self-proclaimed victims must be heard.", "self-proclaimed"),  # reader checks
        ("The so-called experts disagreed.", "so-called"),
    ],
)
def test_a_distancing_word_is_flagged_not_cut(sentence: str, word: str) -> None:
    """Cut, "its [...] victims" states as fact what the writer called a claim."""
    edits = plan_edits(sentence, [_span(sentence, word)])
    assert [e.kind for e in edits] == [EditKind.FLAG]
    assert "someone's own claim" in edits[0].reason


def test_a_distancing_word_cut_with_the_loaded_word_it_carries_stays_a_cut() -> None:
    text = "They object to his supposedly reckless policy."
    assert [e.kind for e in plan_edits(text, [_span(text, "supposedly reckless")])] == [EditKind.CUT]


@pytest.mark.parametrize(
    ("sentence", "word"),
    [
        # reader checks: "[...] sins than heretofore" (the grader is inside the span, not first)
        ("Men were capable of incalculably more grievous sins than heretofore.", "incalculably more grievous"),
        ("It was the deadliest attack in decades on the city.", "deadliest"),  # an inflected superlative
        ("These were graver sins than any before.", "graver"),
    ],
)
def test_a_graded_modifier_whose_scope_follows_is_flagged(sentence: str, word: str) -> None:
    edits = plan_edits(sentence, [_span(sentence, word)])
    assert [e.kind for e in edits] == [EditKind.FLAG]
    assert "comparison" in edits[0].reason


def test_a_superlative_without_its_scope_is_still_cut() -> None:
    text = "It was the deadliest attack on the city."
    assert [e.kind for e in plan_edits(text, [_span(text, "deadliest")])] == [EditKind.CUT]


@pytest.mark.parametrize(
    ("sentence", "word"),
    [
        ("Fans were deliriously (and hysterically) happy.", "hysterically"),  # reader checks: "(and [...])"
        ("He spoke calmly and angrily.", "angrily"),
    ],
)
def test_a_cut_that_would_leave_a_lone_conjunct_is_flagged(sentence: str, word: str) -> None:
    edits = plan_edits(sentence, [_span(sentence, word)])
    assert [e.kind for e in edits] == [EditKind.FLAG]
    assert "one conjunct" in edits[0].reason


def test_a_first_conjunct_cut_takes_its_conjunction() -> None:
    """Reader checks: "the [...] and tyrannical Bergoglio" left a dangling "and"."""
    text = "It reminds us of the corrupt and tyrannical Bergoglio."
    edits = plan_edits(text, [_span(text, "corrupt")])
    assert [(e.kind, e.original) for e in edits] == [(EditKind.CUT, "corrupt and")]
    assert apply_edits(text, edits) == "It reminds us of the [...] tyrannical Bergoglio."


def test_a_conjunction_between_verb_phrases_stays() -> None:
    text = "He spoke angrily and left the room."
    edits = plan_edits(text, [_span(text, "angrily")])
    assert apply_edits(text, edits) == "He spoke [...] and left the room."


def test_a_span_the_detector_says_to_keep_is_flagged_with_its_reason() -> None:
    text = "It recalls the corrupt Benedict IX."
    span = _span(text, "corrupt").model_copy(update={"keep": "a name follows it."})
    edits = plan_edits(text, [span])
    assert [e.kind for e in edits] == [EditKind.FLAG]
    assert edits[0].reason.endswith("Kept as written: a name follows it.")


@pytest.mark.parametrize(
    ("sentence", "word"),
    [
        ("It was perhaps one of most flagrant lies ever told.", "most flagrant"),  # reader checks
        ("That should be of the gravest concern to readers.", "gravest"),  # reader checks: "of the [...] concern"
        ("It was one of the deadliest attacks on the city.", "deadliest"),
    ],
)
def test_a_superlative_that_picks_from_a_set_is_flagged(sentence: str, word: str) -> None:
    assert [e.kind for e in plan_edits(sentence, [_span(sentence, word)])] == [EditKind.FLAG]


@pytest.mark.parametrize(
    "sentence",
    [
        "It is the most astonishing thing I have witnessed in my lifetime.",  # reader checks, third sample
        "It was the most brutal attack they had seen.",
    ],
)
def test_a_superlative_with_a_relative_scope_is_flagged(sentence: str) -> None:
    word = "most astonishing" if "astonishing" in sentence else "most brutal"
    assert [e.kind for e in plan_edits(sentence, [_span(sentence, word)])] == [EditKind.FLAG]


def test_a_word_ending_in_er_is_no_comparative_without_than() -> None:
    """Found re-running the third sample: "to the bitter end, as he had done" read "bitter" as a comparative."""
    text = "The Pope defends his man to the bitter end, as he had done in Chile."
    assert not any("comparison" in e.reason for e in plan_edits(text, [_span(text, "bitter")]))
