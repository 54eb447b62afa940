"""`unspin.stories.placement`: which sentences an addition must not be put in front of (spaCy and the word
lists only; sentences made up for the tests)."""

from __future__ import annotations

import pytest

from unspin.stories.placement import continues, open_quote, opens_on_earlier, sets_up


def test_a_bare_definite_subject_leans_on_the_sentence_before():
    assert opens_on_earlier("The issue comes as most of Europe shuts its schools.")
    assert opens_on_earlier("The head of the central bank cut its forecast to 1.1 percent.") is None  # says which one
    assert opens_on_earlier("Finance Minister Jan Novak cut his growth forecast to 1.1 percent.") is None
    assert opens_on_earlier("We rode past cornfields and through small towns.")  # the writer's "I" before it


@pytest.mark.parametrize(
    "sentence",
    [
        "The paramilitary group has ties to the port's old owners.",  # a definite subject that says not which one
        "The announcement on Saturday came after a week of talks.",
        "One is the cost of the automation plan.",  # counts ones told before
        "Both forces are said to have been trained abroad.",
        "The union matched them within a day.",  # an object pronoun
        "What is going on at the port?",  # a question
    ],
)
def test_a_sentence_an_addition_must_not_be_put_in_front_of(sentence):
    assert opens_on_earlier(sentence)


def test_a_sentence_that_goes_on_about_what_the_one_before_named():
    assert continues("Warplanes carried out airstrikes on two depots on Sunday.", "Officials said the strikes hit fuel tanks.")
    assert continues("The index rose 0.4% to a record.", "Traders said the index could rise further.")
    assert continues("The index rose 0.4% to a record.", "Port director Hanna Veldt resigned on Monday.") is None


@pytest.mark.parametrize(
    "sentence",
    [
        "Centuries later, in 1992, I followed in their footsteps and joined the navy.",  # the writer's narration
        "Even though the director will be at work, officials say she is keeping her distance.",  # a subject in any clause
        "Advocates for dock workers considered the decision a victory.",  # a definite main object
        "Akoli tweeted Friday.",  # names the speaker of the quotation before
    ],
)
def test_more_sentences_an_addition_must_not_be_put_in_front_of(sentence):
    assert opens_on_earlier(sentence)


def test_a_sentence_whose_subject_the_sentence_before_named_goes_on_from_it():
    assert continues("Senator Okafor pressed Johnson about the port plan.", "Johnson insisted that she had no agenda.")
    assert continues("Senator Okafor pressed Johnson about the port plan.", "Akoli said the strike would go on.") is None


def test_a_sentence_that_sets_up_what_follows_takes_nothing_after_it():
    assert sets_up("The union made three demands:")
    assert sets_up("Some union leaders are locked in close contests, including Sens.")
    assert not sets_up("The union made three demands on Monday.")
    assert not sets_up('Akoli said: "We will not move."')
    assert sets_up("The port authority has sought to turn the fears of dock workers into")  # cut off by the data


def test_a_surname_the_tagger_takes_for_a_noun_still_names_the_subject():
    previous = "The talks made progress on Tuesday, port chief of staff Tom Meadows said."
    assert continues(previous, "Meadows outlined the state of talks after a call with the union.")


def test_a_slot_inside_a_quotation_left_open_is_none():
    assert open_quote("Port news.\n\n\u201cWe will not move,\u201d Akoli said. \u201cWe have lost a colleague.")
    assert open_quote('Port news.\n\n"We will not move," Akoli said. "We have lost a colleague.')
    assert not open_quote("Port news.\n\n\u201cWe will not move,\u201d Akoli said on Monday.")
    assert not open_quote("\u201cWe will not move.\n\nThe port closed on Monday.")  # another paragraph
    later = "Port news.\n\n\u201cWe will not move. We have lost a colleague,\u201d Akoli said."
    assert open_quote(later, later.index(" We have")) and not open_quote(later)  # up to a slot, not past it
