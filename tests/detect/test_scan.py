"""The cheap pass: words, sentences, candidates. No spaCy needed."""

from __future__ import annotations

import pytest

from unspin.detect.lexicon import load_lexicon
from unspin.detect.scan import find_candidates, is_sentence_initial, sentence_starts, words_of


@pytest.fixture(scope="module")
def lexicon():
    return load_lexicon()


def candidates(text, lexicon, skip=()):
    return [text[c.start : c.end] for c in find_candidates(text, words_of(text), lexicon, skip)]


def test_sentences_split_at_stops_and_lines_but_not_abbreviations():
    text = "U.S. officials met. Mr. Smith said so!\nNext line here."
    starts = sentence_starts(text)
    assert [text[s : s + 4] for s in starts] == ["U.S.", "Mr. ", "Next"]


def test_sentence_initial_allows_opening_quotes():
    text = 'He said. “Shocking news," she said.'
    assert is_sentence_initial(text, sentence_starts(text), text.index("Shocking"))
    assert not is_sentence_initial(text, sentence_starts(text), text.index("news"))


def test_candidates_find_words_and_phrases(lexicon):
    text = "Russia laid waste to the town and created a so-called buffer zone; officials claimed it was dire."
    found = candidates(text, lexicon)
    assert "laid waste to" in found
    assert "so-called" in found
    assert "claimed" in found
    assert "dire" in found
    assert "waste" not in found  # inside the phrase


def test_phrases_do_not_match_across_punctuation(lexicon):
    assert "laid waste to" not in candidates("They laid waste. To the town they went.", lexicon)


def test_skip_ranges_hide_candidates(lexicon):
    text = "A dire situation. Another dire situation."
    second = text.rindex("dire")
    found = find_candidates(text, words_of(text), lexicon, skip=[(second - 2, second + 10)])
    assert [c.start for c in found] == [text.index("dire")]


def test_protected_phrases_block_their_words(lexicon):
    assert candidates("They called for regime change and a plea deal.", lexicon) == []


def test_possessives_still_match(lexicon):
    assert candidates("The regime's army", lexicon) == ["regime"]
