"""`unspin.stories.standalone`: a dateline of another article and a verb that carries on make a sentence lean back.

Sentences written for each rule (spaCy only). Each asserts the rule's own reason, so it fails without the rule.
"""

from __future__ import annotations

import pytest

from unspin.stories.standalone import dangling, leans_back


@pytest.mark.parametrize(
    "text",
    [
        "KORVALE, Eastmark — There was one festival the old mayor never missed: the lantern walk every spring.",
        "PORT ELLIN (Reuters) -- The harbour board voted on Tuesday to close the northern gates.",
        "MIRANDA — A judge in the coastal town ordered the dam operator to release its records.",
    ],
)
def test_a_dateline_opens_another_article(text):
    assert "dateline" in (leans_back(text) or "")


@pytest.mark.parametrize(
    "text",
    [
        "The harbour board said on Tuesday that the northern gates would stay closed.",
        "U.S. officials said the gates of the Velmora dam would stay closed until Friday.",
    ],
)
def test_no_dateline_no_reason(text):
    assert "dateline" not in (dangling(text) or "")


@pytest.mark.parametrize(
    "text",
    [
        "Port director Hanna Veldt continued to take heat for closing the northern gates without warning.",
        "The Velmora harbour board resumed its talks with the dam operator on Friday.",
    ],
)
def test_a_verb_that_carries_on_presupposes_its_start(text):
    assert "goes on from something told before" in (leans_back(text) or "")


def test_continue_inside_a_quotation_or_without_what_it_carries_on_is_fine():
    for text in (
        '"We will continue to keep the gates closed," port director Hanna Veldt said on Friday.',
        "Rain over the Velmora valley will continue through the weekend, the weather service said.",
    ):
        assert "goes on from something told before" not in (leans_back(text) or "")
