"""Neutral replacements added from the dev error analysis (PROVENANCE.md: `dev-errors`, `wnc-dev`)."""

from __future__ import annotations

import pytest

from unspin.detect import Role
from unspin.detect.lexicon import load_lexicon

pytestmark = pytest.mark.slow


@pytest.mark.parametrize(
    ("sentence", "word", "replacement"),
    [
        ("Trump bragged about the crowd size on Tuesday.", "bragged", "talked"),
        ("She boasted of her record.", "boasted", "spoke"),
        ("He whined about the ruling.", "whined", "complained"),
        ("Democrats want free health care for illegal aliens.", "illegal aliens", "immigrants in the country illegally"),
        ("He met an illegal alien.", "illegal alien", "immigrant in the country illegally"),
        ("The senator took a swipe at the governor.", "took a swipe at", "criticized"),
        ("He is pandering to his strongest supporters.", "pandering", "appealing"),
        ("The company kowtowed to Beijing.", "kowtowed", "deferred"),
        ("They gaslighted members of Congress.", "gaslighted", "misled"),
        ("Stocks tanked on Friday.", "tanked", "fell"),
        ("The agency botched the rollout.", "botched", "mishandled"),
        ("Author and Trump hater Stephen King tweeted.", "hater", "critic"),
        ("Leftists gathered outside.", "Leftists", "Left-wingers"),
        ("He told many lies about the election.", "lies", "false statements"),
        ("They are fomenting chaos and violence.", "chaos", "disorder"),
        ("The remarks drew a firestorm.", "firestorm", "controversy"),
        ("Lefties don't think so.", "Lefties", "Left-wingers"),
        ("Trump's obsession with Iran grew.", "obsession", "preoccupation"),
        ("The senator decried the ruling.", "decried", "criticized"),
    ],
)
def test_new_heads_get_an_inflected_neutral_replacement(flags, sentence, word, replacement):
    span = flags(sentence, "strong")[word]
    assert span.role is Role.HEAD
    assert span.replacement == replacement


@pytest.mark.parametrize(
    ("sentence", "word"),
    [
        ("Mexican illegal alien Pablo Hernandez was driving a truck.", "illegal alien"),  # before a name
        ("Democrats tanked the Senate proposal.", "tanked"),  # intransitive row, here with an object
        ("The city boasts a museum.", "boasts"),  # not a speech act
    ],
)
def test_no_replacement_where_it_would_not_fit(flags, sentence, word):
    span = flags(sentence, "strong")[word]
    assert span.role is Role.HEAD and span.replacement is None


def test_a_firestorm_of_is_still_cut_as_a_phrase(flags):
    span = flags("It elicited a firestorm of indignation.", "strong")["a firestorm of"]
    assert span.role is Role.MODIFIER


def test_new_rows_name_their_source():
    lexicon = load_lexicon()
    sources = {e.source for entries in lexicon.words.values() for e in entries}
    assert {"dev-errors", "wnc-dev"} <= sources
    for entries in lexicon.words.values():
        for e in entries:
            if e.source in {"dev-errors", "wnc-dev"}:
                assert e.replacement, f"{e.term}: a dev-errors/wnc-dev row exists to offer a replacement"
