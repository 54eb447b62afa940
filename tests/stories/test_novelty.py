"""`unspin.stories.novelty`: the fact-bearing elements a sentence brings that an article lacks (spaCy only).

The articles are written for each rule; none is a row of the hand-judged samples.
"""

from __future__ import annotations

import pytest

from unspin.stories.novelty import Known, elements, evaluates, new_elements, related, reports

ARTICLE = [
    "Dock workers at the Port of Caldera Bay walked out on Sunday over a plan to automate two terminals.",
    "Union leader Ruben Akoli said 3,200 workers had joined the strike, and President Volodymyr Zelenskyy called on Dec. 5.",
    "\u201cWe will not let machines take our jobs,\u201d Akoli told reporters at the gate.",
]


def kinds(text: str) -> set[str]:
    return {e.kind for e in new_elements(text, Known.of(ARTICLE))}


@pytest.mark.parametrize(
    "sentence",
    [
        "Akoli, who leads the union, said late Sunday that 3200 dock workers had stopped work at Caldera Bay.",
        "Zelensky spoke to the union by phone on December 5, Akoli said.",
        "Akoli vowed that the union would \u201cnot let machines take our jobs\u201d at the Port of Caldera Bay.",
    ],
)
def test_a_restatement_in_other_words_brings_no_new_element(sentence):
    """Numbers by digits, dates by day and month, people by surname (spelling variants too), quotations by words."""
    assert new_elements(sentence, Known.of(ARTICLE)) == []


def test_each_kind_of_new_element_is_found():
    assert "number" in kinds("Shipping agents said the strike would cost exporters 12 million euros a day.")
    assert "person" in kinds("Port director Hanna Veldt said the terminals would stay open.")
    assert "name" in kinds("Ships were diverted to ports in Germany, the European Commission said.")
    assert "date" in kinds("Talks with the port authority will resume on Friday, officials said.")
    assert "quotation" in kinds("\u201cThe automation plan is not negotiable,\u201d port director Hanna Veldt said.")


def test_a_date_without_a_checkable_day_is_no_element():
    """ "this week", "last month" bear no date a reader could check."""
    assert all(e.kind != "date" for e in elements("The union said last month that the strike would go on this week."))


def test_names_inside_a_quotation_belong_to_the_quotation():
    found = elements("\u201cThe Trump miracle is over,\u201d Akoli said.")
    assert not any(e.kind == "person" and "Trump" in e.text for e in found)


def test_spelling_variants_and_derived_forms_are_one_word():
    assert related("Zelensky", {"zelenskyy"}) and related("russian", {"russia"}) and related("endorsement", {"endorse"})
    assert not related("plan", {"planet"}) and not related("strike", {"port"})


@pytest.mark.parametrize(
    "sentence, grades",
    [
        (
            "Apart from who wins the dispute, which side gives way is probably the biggest open question for exporters in 2025.",
            True,
        ),
        ("A letter from Ruben Akoli is the most direct warning the port authority has received.", True),
        ("The central bank cut its growth forecast to 1.1 percent on Monday.", False),
        ("Caldera Bay is 20 kilometers from the border.", False),
    ],
)
def test_a_superlative_predicate_grades_rather_than_reports(sentence, grades):
    assert evaluates(sentence) is grades


@pytest.mark.parametrize(
    "sentence, incidental",
    [
        ("Akoli denied the report on Twitter on Friday.", {"Twitter", "Friday"}),  # where and when he did it
        ("Akoli said the strike was about keeping the port's jobs in Caldera Bay.", {"Caldera Bay"}),
        ("The union is moving to redraw Europe's shipping map.", {"Europe"}),  # a modifier of a common noun
        ("The 2025 contract talks failed, Akoli said.", {"2025"}),
        ("Akoli, who met Maria Santos last year, said the talks had failed.", {"Maria Santos"}),  # a relative clause
    ],
)
def test_a_name_in_a_phrase_of_place_or_time_or_a_modifier_is_incidental(sentence, incidental):
    found = {e.text: e.core for e in elements(sentence)}
    assert {text for text, core in found.items() if not core} >= incidental


@pytest.mark.parametrize(
    "sentence, core",
    [
        ("Port director Hanna Veldt ordered the gates closed.", "Hanna Veldt"),  # the subject
        ("The port director, Maria Santos, ordered the gates closed.", "Maria Santos"),  # an apposition naming it
        ("The union sued the European Commission.", "the European Commission"),  # the object
        ("Akoli said Hanna Veldt had resigned.", "Hanna Veldt"),  # the subject of what is reported
        ("Exports fell by 12,000 tonnes in March.", "12,000 tonnes"),  # a number is the fact even in a phrase
    ],
)
def test_who_did_what_to_whom_is_core(sentence, core):
    assert {e.text: e.core for e in elements(sentence)}[core]


@pytest.mark.parametrize(
    "sentence, tells",
    [
        ("Imagine if every port in Europe had to close on the same day.", False),
        ("What is going on at Caldera Bay?", False),
        ("\u201cWhat is going on?\u201d Akoli asked reporters on Monday.", True),  # the question is quoted: a report
        ("Akoli asked reporters to leave the gate.", True),
    ],
)
def test_a_question_or_a_bidding_reports_nothing(sentence, tells):
    assert reports(sentence) is tells


def test_a_rank_in_a_title_is_no_number():
    """ "his former No. 2" names a deputy; it counts nothing."""
    assert not any(e.kind == "number" for e in elements("Akoli praised his former No. 2, Ines Okafor, on Monday."))


def test_a_date_needs_a_day_a_month_or_a_year():
    """ "H.R. 1154" is tagged a date by the model; no day, month or year in it can be checked."""
    assert not any(e.kind == "date" and "1154" in e.text for e in elements("H.R. 1154 passed the port committee on Friday."))
    assert any(e.kind == "date" for e in elements("The strike began on 14 March 2024, Akoli said."))


def test_a_number_hung_on_its_verb_is_core():
    found = {e.text: e.core for e in elements("The port index tumbled about 6.3% on Tuesday.")}
    assert found["about 6.3%"] and not found["Tuesday"]
