"""`unspin.stories.standalone`: which sentences lean on text before them (spaCy and the word lists only)."""

from __future__ import annotations

import pytest

from unspin.stories.standalone import dangling, leans_back, vocabulary


@pytest.mark.parametrize(
    "sentence",
    [
        "But in recent weeks the president has been weighing a partial change to that policy.",
        "However, the ministry said the talks would go on.",
        "In addition, 300 troops were sent to the border.",
        "There, he declared that misinformation was a threat.",
        "He added that 41 ships were waiting at anchor.",
        "On Thursday, he said the ban had been lifted.",
        "His office did not comment on the decision.",
        "This was the first strike in a decade.",
        "\u201cWe will respond,\u201d she said on Monday.",
        "A second US official confirmed the change.",
        "Another official said the order was signed on Friday.",
        "Biden also said the restrictions would stay in place.",
        "Without it, the agenda would be dead on arrival in the Senate.",
        "Until that point, there will be no modifications to the current policy.",
        "Recently, Chicago has found itself facing this very question.",
        "Eight more had serious criminal records, the government said.",
        "\u201cWe\u2019ve had to lay off and furlough staff since March.\u201d",
    ],
)
def test_a_sentence_that_leans_back(sentence):
    assert leans_back(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "There is no change in the policy, officials said.",
        "This year, the Finance Ministry cut its forecast twice.",
        "Kharkiv, Ukraine's second-largest city, is 20 kilometers from the border.",
        "President Joe Biden approved the change on Thursday, a US official said.",
        "\u201cWe will respond,\u201d Foreign Minister Jan Lipavsky said on Monday.",
        "The central bank cut its growth forecast to 1.1 percent.",
    ],
)
def test_a_sentence_that_stands_alone(sentence):
    assert leans_back(sentence) is None
    assert dangling(sentence, vocabulary(["Officials met on Thursday."])) is None


def test_a_definite_subject_must_be_introduced_by_the_article():
    bare = "The official emphasized that the policy had not changed."
    assert dangling(bare, vocabulary(["US officials said the policy had changed."]))  # no one "the official" could be
    assert dangling(bare, vocabulary(["A US official said the policy had changed."])) is None
    event = "Blinken's confirmation came after media reports that the ban was partly lifted."
    assert dangling(event, vocabulary(["Blinken spoke in Prague on Thursday."]))
    assert dangling(event, vocabulary(["Blinken gave his confirmation in Prague on Thursday."])) is None
    assert dangling("The head of the agency said 40 staff had left.", vocabulary(["Staff left."])) is None


@pytest.mark.parametrize(
    "sentence",
    [
        "Last month, I joined about 15,000 other cyclists in a weeklong bike ride across Iowa.",
        "Trump propelled himself into the White House in 2016 by raising fears (\u201cRapists!\u201d",
        "Garland has called the inquiry his No. 1 priority.",
        "In a move led by New York Gov.",
    ],
)
def test_a_sentence_that_cannot_be_added(sentence):
    assert dangling(sentence, vocabulary(["Merrick Garland was confirmed on Wednesday."]))


def test_a_demonstrative_standing_alone_points_back():
    assert leans_back("Answering questions such as these is the real work of the health ministry.")
    assert leans_back("The ministry said those were the last flights of the season.")


def test_a_definite_noun_the_other_outlet_used_before_points_back():
    """ "The dual endorsement" after the other outlet's "endorses": unless this article uses the word, or
    the sentence introduces it itself, the reader cannot tell which endorsement is meant."""
    from unspin.stories.standalone import lemmas, points_back

    earlier = lemmas(["The Caldera Herald endorses two candidates for mayor."])
    target = lemmas(["Voters in Caldera go to the polls on Sunday."])
    sentence = "The dual endorsement comes two weeks before the first round of voting."
    assert points_back(sentence, earlier, target)
    assert points_back(sentence, earlier, lemmas(["The Herald's endorsement surprised voters."])) is None
    assert points_back(sentence, lemmas(["Voters go to the polls."]), target) is None  # not told before: it says what it is
    own = "The Caldera Herald announced an endorsement on Sunday, and the endorsement came as a surprise."
    assert points_back(own, earlier, target) is None  # the sentence itself introduced it


@pytest.mark.parametrize(
    "sentence",
    [
        "One such cause is playing out across the river in the port city.",  # 'such' points back
        "Such a move would close the port for a month, the union said.",
        "The port authority and the union made three claims about the automation plan:",  # announces a list
        "The port authority on Friday issued a report that directly contradicts its own",  # cut short by the data
        "The Port Saw How Much It Runs on Them.",  # a headline in title case
    ],
)
def test_a_sentence_that_points_back_or_is_not_whole_cannot_be_added(sentence):
    assert dangling(sentence, vocabulary(["Dock workers at the port walked out on Monday."]))


def test_cities_such_as_these_are_named_and_stand_alone():
    assert dangling("Ports such as Rotterdam and Hamburg took the diverted ships on Monday.", vocabulary(["Ships left."])) is None


def test_a_person_named_by_the_surname_alone_must_be_introduced_by_the_article():
    sentence = "Talks ended on Friday, but Johnson predicted the outcome shortly before they began."
    assert dangling(sentence, vocabulary(["Dock workers walked out on Monday."]))
    assert dangling(sentence, vocabulary(["Port director Emma Johnson met the union on Monday."])) is None
    full = "Talks ended on Friday, but port director Emma Johnson predicted the outcome."
    assert dangling(full, vocabulary(["Dock workers walked out on Monday."])) is None


def test_the_subject_of_a_reported_clause_must_be_introduced_too():
    sentence = "Officials argued the ordinance was necessary to keep the waterfront open."
    assert dangling(sentence, vocabulary(["Dock workers walked out on Monday."]))
    assert dangling(sentence, vocabulary(["The council passed an ordinance on Monday."])) is None


@pytest.mark.parametrize(
    "sentence",
    [
        "The union wants the port authority to open an inquiry into the automation plan again.",  # 'again'
        "The shipping line then published its own figures on the strike.",  # 'then'
        "All three terminals are down about 30% from their February volumes.",  # 'all three': counted before
        "Both sides are said to have met in secret on Monday.",
        "Akoli denied the claim on Twitter on Friday.",  # 'the claim', with a phrase of place and time
    ],
)
def test_a_presupposition_or_an_unintroduced_object_is_not_standalone(sentence):
    assert dangling(sentence, vocabulary(["Dock workers at the port walked out on Monday."]))


def test_a_count_inside_the_sentence_is_not_a_presupposition():
    assert dangling("Caldera and Novaya ports are both located on the northern coast.", vocabulary(["Ports closed."])) is None


def test_a_person_named_by_the_surname_as_an_object_must_be_introduced_too():
    sentence = "A report said much of the frustration in the office stems from Johnson."
    assert dangling(sentence, vocabulary(["Dock workers walked out on Monday."]))
    assert dangling(sentence, vocabulary(["Port director Emma Johnson met the union on Monday."])) is None


def test_a_saying_with_nothing_said_is_not_standalone():
    assert dangling("Ruben Akoli and Ines Okafor, both union leaders, said in a statement.", vocabulary(["Ports closed."]))


def test_a_sentence_cut_at_a_title_or_reporting_nothing_is_not_standalone():
    assert dangling("Some union leaders are locked in close contests, including Sens.", vocabulary(["Ports closed."]))
    assert dangling("The Harbour Gazette reported, citing interviews with 22 dock workers.", vocabulary(["Ports closed."]))


def test_a_sentence_ending_with_a_short_name_is_whole():
    """Only a title ("Sens.") ends a sentence the splitter cut; a name ("Bush.", "Salem.") ends a whole one."""
    from unspin.stories.standalone import ends_with_title

    assert ends_with_title("Some union leaders are locked in close contests, including Sens.")
    assert not ends_with_title("The papers came from his work for former President George W. Bush.")
    assert not ends_with_title("Troopers were sent to bring the lawmakers back to Salem.")


def test_a_demonstrative_that_as_a_subject_points_back():
    assert leans_back("Ines Okafor said that that is an attack on the union.")
    assert leans_back("Ines Okafor said that the plan is an attack on the union.") is None  # the conjunction 'that'


def test_a_connective_set_off_inside_the_sentence_leans_back():
    assert leans_back("A recent poll of dock workers, for example, found that 61% backed the strike.")
    assert leans_back("The port authority, however, said the terminals would stay open.")
    assert leans_back('Akoli said: "We are, however, ready to talk."') is None  # inside a quotation
    assert leans_back("Ships were held at Caldera, and, as the port said, cargo was diverted.") is None
