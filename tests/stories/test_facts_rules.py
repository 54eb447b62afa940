"""Quotation, speaker and difference rules of fact alignment (no model needed)."""

from unspin.stories.facts import Claim, Fact, differences, quotation, same_quote, same_speaker, units
from unspin.stories.text import Sentence


def test_quotation_and_speaker():
    assert quotation('"The president directed his team," said a US official on condition of anonymity.') == (
        "The president directed his team",
        "a US official",
    )
    assert quotation("\u201cOur policy has not changed,\u201d the official added, referring to Atacms.") == (
        "Our policy has not changed",
        "the official",
    )
    assert quotation("Blinken said: \u201cWe will adapt and adjust as needed.\u201d")[1] == "Blinken"
    assert quotation("No quotation in this sentence at all.") == (None, None)


def test_same_speaker_and_quote():
    assert same_speaker("Blinken", "Antony Blinken")
    assert same_speaker("a US official", "a US official on condition of anonymity")
    assert not same_speaker("Blinken", "a German government spokesperson")
    assert same_quote("we are jointly convinced that Ukraine has the right", "We are jointly convinced Ukraine has the right")
    assert not same_quote("over the past few weeks Ukraine came to us", "our policy has not changed")


def claim(article: int, text: str, speaker: str | None = None, quote: str | None = None, dates=()) -> Claim:
    return Claim(article, Sentence(0, len(text), text, 0), units(text), tuple(dates), quote, speaker)


def test_differences_in_numbers_dates_and_speakers():
    fact = Fact([claim(0, "Russia sent 30,000 troops into the region."), claim(1, "Russia sent 20,000 troops into the region.")])
    assert differences(fact) == ["number: 20000 vs 30000 troops"]
    fact = Fact([claim(0, "It began on May 30.", dates=["May 30"]), claim(1, "It began on May 31.", dates=["May 31"])])
    assert differences(fact) == ["date: May 30 vs May 31"]
    fact = Fact([claim(0, "x", "Blinken", "we adapt"), claim(1, "y", "a Pentagon spokesman", "we adapt")])
    assert differences(fact) == ["speaker: Blinken vs a Pentagon spokesman"]
    fact = Fact([claim(0, "Kharkiv is 20 kilometers from the border."), claim(1, "Kharkiv lies 20 kilometers away.")])
    assert differences(fact) == []
