from __future__ import annotations

import pytest

from unspin.detect.span import Role, Span
from unspin.edit.ledger import CUT_MARK, EditKind, apply_edits
from unspin.edit.policy import load_strength, plan_edits


def span(
    text: str, word: str, *, role: Role = Role.MODIFIER, confidence: float = 0.9, replacement: str | None = None, nth: int = 0
) -> Span:
    start = -1
    for _ in range(nth + 1):
        start = text.index(word, start + 1)
    return Span(
        start=start,
        end=start + len(word),
        text=word,
        category="emotive_adjective" if role is Role.MODIFIER else "loaded_verb",
        reason=f"'{word}' judges instead of describing.",
        confidence=confidence,
        role=role,
        by="test",
        replacement=replacement,
    )


def test_modifier_is_cut() -> None:
    text = "The oppressive government imposed a curfew."
    edits = plan_edits(text, [span(text, "oppressive")])
    assert [e.kind for e in edits] == [EditKind.CUT]
    assert apply_edits(text, edits) == "The [...] government imposed a curfew."


def test_neighbouring_modifiers_become_one_cut() -> None:
    text = "It was a brutal and unprovoked attack."
    edits = plan_edits(text, [span(text, "brutal"), span(text, "unprovoked")])
    assert len(edits) == 1 and edits[0].original == "brutal and unprovoked"
    assert apply_edits(text, edits) == f"It was a {CUT_MARK} attack."


def test_head_is_modified_when_a_neutral_word_exists() -> None:
    text = "Officials claimed the talks failed."
    edits = plan_edits(text, [span(text, "claimed", role=Role.HEAD, replacement="said")])
    assert apply_edits(text, edits) == "Officials said the talks failed."
    assert edits[0].kind is EditKind.MODIFY


def test_head_without_replacement_is_flagged_not_changed() -> None:
    text = "The situation is dire."
    edits = plan_edits(text, [span(text, "dire", role=Role.HEAD)])
    assert [e.kind for e in edits] == [EditKind.FLAG]
    assert edits[0].original == edits[0].replacement == "dire"
    assert "Kept as written" in edits[0].reason
    assert apply_edits(text, edits) == text


def test_no_flags_leaves_them_out() -> None:
    text = "The situation is dire."
    assert plan_edits(text, [span(text, "dire", role=Role.HEAD)], flags=False) == []


def test_light_strength_never_modifies_but_flags() -> None:
    text = "Officials claimed the talks failed."
    edits = plan_edits(text, [span(text, "claimed", role=Role.HEAD, replacement="said")], strength="light")
    assert [e.kind for e in edits] == [EditKind.FLAG]
    assert "does not replace words" in edits[0].reason
    assert apply_edits(text, edits) == text


def test_flags_never_inside_quotations_or_names() -> None:
    text = '"It is a dire plight," said Grim Jones.'
    spans = [span(text, "plight", role=Role.HEAD), span(text, "Grim", role=Role.HEAD)]
    assert plan_edits(text, spans) == []


def test_below_the_edit_threshold_a_modifier_is_flagged() -> None:
    text = "A crucial meeting."
    chosen = load_strength("standard")
    assert chosen.flag_confidence < chosen.min_confidence
    between = (chosen.flag_confidence + chosen.min_confidence) / 2
    edits = plan_edits(text, [span(text, "crucial", confidence=between)])
    assert [e.kind for e in edits] == [EditKind.FLAG] and "too uncertain" in edits[0].reason


def test_low_confidence_needs_strong() -> None:
    text = "A crucial meeting."
    between = (load_strength("strong").min_confidence + load_strength("standard").min_confidence) / 2
    spans = [span(text, "crucial", confidence=between)]  # a word only the model found ("by": test)
    assert [e.kind for e in plan_edits(text, spans)] == [EditKind.FLAG]
    assert [e.kind for e in plan_edits(text, spans, strength="strong")] == [EditKind.CUT]


def test_a_curated_list_match_has_its_own_bar() -> None:
    text = "A crucial meeting."
    chosen = load_strength("standard")
    listed = span(text, "crucial", confidence=(chosen.lexicon_min_confidence + chosen.min_confidence) / 2)
    listed = listed.model_copy(update={"by": "lexicon:emotive_adjectives@1 model:wordscorer@1"})
    model_only = listed.model_copy(update={"by": "model:wordscorer@1"})
    assert [e.kind for e in plan_edits(text, [listed])] == [EditKind.CUT]
    assert [e.kind for e in plan_edits(text, [model_only])] != [EditKind.CUT]


def test_nothing_inside_quotations() -> None:
    text = "He called it “a brutal attack” after a brutal week."
    edits = plan_edits(text, [span(text, "brutal"), span(text, "brutal", nth=1)])
    assert len(edits) == 1
    assert apply_edits(text, edits) == "He called it “a brutal attack” after a [...] week."


def test_nothing_inside_skipped_ranges() -> None:
    text = "Shocking video\nThe shocking news."
    assert len(plan_edits(text, [span(text, "Shocking"), span(text, "shocking")], skip=[(0, 15)])) == 1


def test_unknown_strength_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown strength"):
        load_strength("extreme")
