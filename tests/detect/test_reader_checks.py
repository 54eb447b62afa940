"""The failure patterns an editor found in a sample of real edits, kept as regressions.

Each sentence is written for this test (not taken from an article) and goes through the
whole detect -> edit step with the shipped models, as a reader would meet it.
"""

from __future__ import annotations

import pytest

from unspin.edit.ledger import EditKind, apply_edits
from unspin.pipeline import loaded_language_edits

pytestmark = pytest.mark.slow


def _changed(text: str) -> dict[str, EditKind]:
    return {e.original: e.kind for e in loaded_language_edits(text) if e.kind in (EditKind.CUT, EditKind.MODIFY)}


def test_a_main_verb_is_never_cut_as_an_adjective() -> None:
    text = "The senator wasted no time slamming President Trump's decision."
    assert _changed(text).get("slamming") is not EditKind.CUT


def test_a_verb_between_two_names_is_not_cut() -> None:
    text = "Guido Pella outlasted Nicolas Jarry in three sets on Sunday."
    assert "outlasted" not in _changed(text)


def test_a_hedge_is_not_cut() -> None:
    text = "It is arguably the best phone the company has ever made."
    assert "arguably" not in _changed(text)


def test_a_modifier_under_negation_is_not_cut() -> None:
    text = "Investigators found no credible evidence of fraud in the count."
    output = apply_edits(text, loaded_language_edits(text))
    assert "no credible evidence" in output


def test_a_medical_term_is_not_cut() -> None:
    text = "The player suffered a mild traumatic brain injury in the first half."
    assert "traumatic" not in " ".join(_changed(text))


def test_regime_of_an_order_is_not_a_government() -> None:
    text = "The monks follow a strict regime of prayer and work. The training regime was hard."
    assert "regime" not in _changed(text)


def test_a_claimed_object_gap_is_not_said() -> None:
    text = "They voted for the party that they claim."
    edits = {e.original: e for e in loaded_language_edits(text)}
    assert "claim" not in edits or edits["claim"].replacement != "say"


def test_a_reported_claim_keeps_its_adjective() -> None:
    text = "Officials insisted that the restrictions put the troops in an untenable situation."
    output = apply_edits(text, loaded_language_edits(text))
    assert "untenable" in output


def test_the_outlets_own_adjective_is_still_cut() -> None:
    text = "The oppressive government imposed a curfew on the city."
    assert _changed(text) == {"oppressive": EditKind.CUT}


def test_a_participle_after_a_comma_is_a_verb() -> None:
    text = "Artillery hit the city and surrounding areas, killing dozens of civilians."
    assert "killing" not in _changed(text)
