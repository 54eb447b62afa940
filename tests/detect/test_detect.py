"""Detection on sentences written for the purpose. Loads spaCy (once per module)."""

from __future__ import annotations

import pytest

from tests.detect.conftest import assert_well_formed
from unspin.detect import Role, detect_spans
from unspin.edit.ledger import EditKind
from unspin.edit.policy import load_strength, plan_edits

pytestmark = pytest.mark.slow


def test_emotive_adjective_before_a_noun_is_a_removable_modifier(flags):
    found = flags("The oppressive government imposed a curfew.")
    span = found["oppressive"]
    assert span.category == "emotive_adjective"
    assert span.role is Role.MODIFIER
    assert span.replacement is None
    assert span.reason == "'oppressive' judges the government instead of describing it."
    assert span.by == "lexicon:emotive_adjectives@1 model:lexicon-stub@test"
    assert list(found) == ["oppressive"]


def test_claimed_is_a_head_replaced_by_said(flags):
    span = flags("Officials claimed the talks failed.")["claimed"]
    assert (span.category, span.role, span.replacement) == ("loaded_verb", Role.HEAD, "said")
    assert span.by == "lexicon:loaded_verbs@1 model:lexicon-stub@test"


@pytest.mark.parametrize(
    ("sentence", "word", "replacement"),
    [
        ("The minister claims the vote was rigged.", "claims", "says"),
        ("Claiming the vote was rigged, he left.", "Claiming", "Saying"),
        ("Critics slammed the decision.", "slammed", "criticized"),
        ("She slams the plan every week.", "slams", "criticizes"),
        ("The plan was slammed by critics.", "slammed", "criticized"),
        ("Russian forces pounded the city overnight.", "pounded", "struck"),
        ("He insisted that nothing had changed.", "insisted", "said"),
        ("The regime arrested dozens of students.", "regime", "government"),
        ("Such regimes rarely last.", "regimes", "governments"),
        ("He met a crony of the mayor.", "a crony", "an associate"),
        ("Shares plummeted after the report.", "plummeted", "fell"),
        ("The firm insisted on Tuesday that it had acted lawfully.", "insisted", "said"),
        ("The company admitted it had erred.", "admitted", "said"),
    ],
)
def test_heads_get_an_inflected_neutral_replacement(flags, sentence, word, replacement):
    span = flags(sentence)[word]
    assert span.role is Role.HEAD
    assert span.replacement == replacement


@pytest.mark.parametrize(
    "sentence",
    [
        "The group claimed responsibility for the attack.",
        "The flood claimed the lives of six people.",
        "He slammed into a wall.",
        "She was admitted to hospital on Monday.",
        "Officials said the talks failed, according to a statement.",
        "The minister told reporters she had added a clause and announced a vote.",
        "The talks were about regime change.",
        "He entered a guilty plea.",
    ],
)
def test_neutral_uses_are_not_flagged(flags, sentence):
    assert flags(sentence) == {}


@pytest.mark.parametrize(
    ("sentence", "word"),
    [
        ("He claimed to be a doctor.", "claimed"),
        ("He insisted on a recount.", "insisted"),
        ("The defendants did not admit or deny wrongdoing.", "admit"),
        ("The crisis threatens to plunge millions into poverty.", "plunge"),
    ],
)
def test_heads_without_a_safe_replacement_are_flagged_but_not_replaced(flags, sentence, word):
    span = flags(sentence, "strong")[word]
    assert span.role is Role.HEAD and span.replacement is None


@pytest.mark.parametrize(
    "sentence",
    [
        "The Brutal Truth is a film about Great Britain.",
        "The Liberal Democrats and the Shocking Blue played in Dire Straits.",
        "She met Sadly Jones in Devastating Falls.",
    ],
)
def test_proper_names_are_not_flagged(flags, sentence):
    assert flags(sentence, "strong") == {}


def test_numbers_are_never_flagged(flags):
    found = flags("The vote was 52 to 48, a 4 point margin, in 2024.", "strong")
    assert found == {}


def test_adjacent_modifiers_merge_into_one_span(flags):
    found = flags("It was a very brutal crackdown.")
    assert list(found) == ["very brutal"]
    span = found["very brutal"]
    assert span.role is Role.MODIFIER
    assert span.category == "emotive_adjective"
    assert span.by == "lexicon:emotive_adjectives@1 model:lexicon-stub@test"  # the adverb goes with its adjective


def test_cutting_one_of_two_coordinated_adjectives_takes_the_conjunction(flags):
    # at light strength "significant" (0.30) is at most flagged and "brutal" (0.85) is cut with the "and"
    found = flags("It was a significant and brutal escalation.", "light")
    assert "and brutal" in found and found["significant"].confidence < load_strength("light").lexicon_min_confidence
    assert list(flags("A brutal, long war followed.")) == ["brutal,"]


def test_predicative_adjective_is_a_head_without_replacement(flags):
    span = flags("The situation is dire.")["dire"]
    assert span.role is Role.HEAD and span.replacement is None


def test_intensifier_only_before_what_it_intensifies(flags):
    assert "extremely" in flags("The rules are extremely strict.")
    assert flags("The very first vote came late.") == {}


def test_editorial_adverb_and_phrase(flags):
    found = flags("Sadly, the so-called reform laid waste to the budget.")
    assert found["Sadly"].category == "editorial_adverb" and found["Sadly"].role is Role.MODIFIER
    assert found["so-called"].role is Role.MODIFIER
    assert found["laid waste to"].replacement == "destroyed"


def test_skip_ranges_are_respected(detector):
    text = "The dire situation worsened. The dire situation worsened."
    skip = [(0, text.index(".") + 1)]
    spans = detector.detect(text, skip=skip)
    assert [s.start for s in spans] == [text.rindex("dire")]
    assert_well_formed(text, spans, skip)


def test_strength_changes_what_is_reported(detector):
    text = "It marks an important shift and a dire outlook for the region."

    def changed(strength: str) -> set[str]:
        edits = plan_edits(text, detector.detect(text, strength=strength), strength)
        return {e.original for e in edits if e.kind in (EditKind.CUT, EditKind.MODIFY)}

    light, standard, strong = changed("light"), changed("standard"), changed("strong")
    assert light <= standard <= strong
    assert "important" in standard and "important" not in light  # lexicon confidence 0.35
    with pytest.raises(ValueError, match="unknown strength"):
        detector.detect(text, strength="extreme")


@pytest.mark.parametrize(
    "text",
    ["", "   ", "\n\n", "“", '"Very bad," he said. "So-called!"', "…", "a", "DIRE", "12 34", "the—dire—thing", "very"],
)
def test_odd_inputs_do_not_crash(detector, text):
    spans = detector.detect(text, strength="strong")
    assert_well_formed(text, spans)


def test_quotations_are_flagged_like_other_text(flags):
    # The editor, not the detector, protects quotes.
    assert "dire" in flags('He said: "The situation is a dire one."')


def test_module_function_uses_a_shared_model_detector():
    from unspin.detect import default_detector

    text = "The bizarre, chaotic stunt was a disgrace."
    assert detect_spans(text) == default_detector().detect(text)
    assert default_detector() is default_detector()


def test_a_comma_ends_the_noun_phrase(flags):
    """'is dire, officials said': 'dire' is predicative, so a head (flagged), never a cut."""
    span = flags("The situation is dire, officials said.")["dire"]
    assert span.role is Role.HEAD and span.replacement is None


def test_a_use_the_lexicon_calls_not_loaded_is_not_even_flagged(flags):
    """'claimed responsibility' is no speech act: the row's own condition silences it."""
    assert "claimed" not in flags("The group claimed responsibility for the blast.")


def test_cutting_one_of_two_coordinated_adverbs_takes_the_conjunction(flags):
    """'has been [...] and convincingly presented' left a dangling 'and'."""
    found = flags("The case was brutally and carefully handled.")
    assert "brutally and" in found
