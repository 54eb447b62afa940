"""`unspin.stories.fill.lacking`: when a sentence with new elements counts as a fact the article lacks.

The sentences are written for each rule (spaCy only, no embedding model: the closeness is given).
"""

from __future__ import annotations

from unspin.stories.fill import Limits, lacking
from unspin.stories.novelty import Element

BOUNDS = Limits(covered=0.5, covered_with_new_detail=0.55, min_words=8, covered_incidental=0.4)
TWITTER = [Element("name", "Twitter", ("twitter",), core=False)]
VELDT = [Element("person", "Hanna Veldt", ("veldt",))]


def test_only_incidental_new_elements_need_the_claim_itself_far_from_the_article():
    """ "denied the report on Twitter": the new name says where; the denial must be new for it to count."""
    text = "Akoli denied the report on Twitter on Friday."
    assert not lacking(0.45, TWITTER, text, BOUNDS)
    assert lacking(0.3, TWITTER, text, BOUNDS)


def test_a_new_element_in_the_core_keeps_the_usual_bars():
    text = "Port director Hanna Veldt ordered the gates closed."
    assert lacking(0.45, VELDT, text, BOUNDS)
    assert lacking(0.52, VELDT, text, BOUNDS)  # a new person: up to the higher bar
    assert not lacking(0.6, VELDT, text, BOUNDS)


def test_nothing_new_or_no_report_is_never_lacking():
    assert not lacking(0.1, [], "Port director Hanna Veldt ordered the gates closed.", BOUNDS)
    assert not lacking(0.1, VELDT, "Imagine if Hanna Veldt ordered every gate closed at once.", BOUNDS)


def test_a_new_date_alone_needs_the_claim_far_from_the_article():
    """ "Construction is due to start in June": the schedule is new only when nothing near it is in the article."""
    june = [Element("date", "June", ("june",))]
    text = "Construction of the new terminal is due to start in June, the port said."
    assert not lacking(0.45, june, text, BOUNDS)
    assert lacking(0.2, june, text, BOUNDS)


def test_no_slot_after_a_bidding_a_title_taken_for_a_sentence_end_or_a_colon(model):
    from tests.stories.test_additions import report
    from unspin.stories.fill import _slots
    from unspin.stories.text import body_sentences

    target = report(
        "Forget about the harbour fireworks this year.\n\n"
        "Dock workers at the Port of Caldera Bay walked out on Monday, including Sens.\n\n"
        "Union leaders made three demands of the port authority:\n\n"
        "Ines Okafor and Ruben Akoli joined the picket line in the morning.\n\n"
        "Union leaders listed four demands:\n"
    )
    own = body_sentences(target)
    slots = _slots(target, own, list(target.edits))
    assert [s.end in slots for s in own] == [False, False, False, True, False]  # the last one too: nothing to set up
