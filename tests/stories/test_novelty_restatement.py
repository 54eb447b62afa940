"""`unspin.stories.novelty`: a sentence that restates the article with one new name or figure (spaCy only).

The articles and sentences are written for each rule; none is a row of the hand-judged samples.
"""

from __future__ import annotations

from unspin.stories.fill import Limits, lacking
from unspin.stories.novelty import (
    Element,
    Known,
    _element,
    elements,
    new_elements,
    reported_told,
    reports,
    restated_share,
)
from unspin.stories.standalone import lemmas

BOUNDS = Limits(covered=0.5, covered_with_new_detail=0.55, min_words=8, covered_incidental=0.4, restated_incidental=0.5)
SHOOTING = ["A gunman shot the son of a federal judge at their home in Caldera on Sunday and wounded her husband."]


def test_a_more_exact_figure_of_one_the_article_gives_is_no_new_number():
    article = Known.of(["Economists had expected port traffic to fall 12.3% in April."])
    assert all(e.kind != "number" for e in new_elements("Analysts polled by the Harbour Gazette expected a 12.5% fall.", article))
    exact = Known.of(["Agents made more than 178,000 arrests at the port in June."])
    assert all(e.kind != "number" for e in new_elements("Officials said 180,034 people were stopped in June.", exact))


def test_a_figure_far_from_the_article_s_or_a_small_count_is_new():
    article = Known.of(["Economists had expected port traffic to fall 12.3% in April, and 13 ships were held."])
    assert any(e.kind == "number" for e in new_elements("Traffic fell 16.4% in April, the port said.", article))
    assert any(e.kind == "number" for e in new_elements("By Monday 14 ships were held at the port.", article))


def test_a_person_named_by_a_role_the_article_gives_unnamed_is_incidental():
    """ "District Judge Mara Velt" in an article about "a federal judge": the name says who, nothing more."""
    found = new_elements("The son of U.S. District Judge Mara Velt was killed at their home on Sunday.", Known.of(SHOOTING))
    people = [e for e in found if e.kind == "person"]
    assert people and not any(e.core for e in people)
    assert not any(e.core for e in found if e.text.startswith("U.S"))  # a word of the title goes with the name


def test_a_person_with_a_title_the_article_uses_for_someone_named_stays_core():
    article = Known.of(["President Ana Duro met the dock workers' union at Caldera on Monday."])
    found = new_elements("Former President Jon Kell signed the port bill in 2009.", article)
    assert any(e.kind == "person" and e.core for e in found)


def test_the_outlet_told_is_no_part_of_the_fact():
    found = elements("The port will close on Friday, two officials told the Harbour Gazette.")
    told = [e for e in found if "Gazette" in e.text]
    assert told and not any(e.core for e in told)


def test_a_month_is_no_part_of_a_name():
    assert _element("PERSON", "Mar").keys == ("mar",)  # "Mar" of "Mar-a-Lago" is not March
    assert _element("DATE", "Mar. 5").keys == ("march", "5")


def test_a_sentence_whose_other_words_the_article_holds_restates_it():
    sentence = "The son of District Judge Mara Velt was shot at their home in Caldera and her husband was wounded."
    new = new_elements(sentence, Known.of(SHOOTING))
    assert restated_share(sentence, new, lemmas(SHOOTING)) >= 0.5
    other = "Port workers voted to end the strike after the owners raised wages by a tenth."
    assert restated_share(other, [], lemmas(SHOOTING)) < 0.5


def test_a_restatement_with_only_incidental_new_elements_is_not_lacking_however_far():
    new = [Element("person", "Mara Velt", ("velt",), core=False)]
    text = "The son of District Judge Mara Velt was shot at their home in Caldera."
    assert not lacking(0.2, new, text, BOUNDS, restated=0.7)
    assert lacking(0.2, new, text, BOUNDS, restated=0.3)


def test_a_supposition_reports_nothing():
    assert not reports("The union would lose its members if it signed the port deal.")
    assert reports("The union said it would strike if the port signed the deal.")  # a report of what it said
    assert reports("The union struck on Monday after the port signed the deal.")


def test_who_reported_a_clause_is_its_speaker():
    found = elements("The Harbour Gazette said the port authority announced the inquiry on Friday.")
    assert any(e.speaker for e in found if "Gazette" in e.text)
    assert not any(e.speaker for e in elements("The Harbour Gazette bought the port authority's old offices."))


def test_a_new_speaker_of_an_event_the_article_tells_adds_no_fact():
    article = ["The port authority's inspector announced an inquiry into the strike on Friday."]
    told = lemmas(article)
    assert reported_told("The Harbour Gazette said the inspector announced the inquiry on Friday.", told)
    assert not reported_told("Port director Hanna Veldt said the terminals will reopen on Monday.", told)
    gazette = [Element("name", "The Harbour Gazette", ("harbour", "gazette"), speaker=True)]
    text = "The Harbour Gazette said the inspector announced the inquiry on Friday."
    assert not lacking(0.3, gazette, text, BOUNDS, told=True)
    assert lacking(0.3, gazette, text, BOUNDS, told=False)
