from __future__ import annotations

import pytest

from unspin.detect.inflect import match_case, regular_forms
from unspin.detect.lexicon import load_lexicon


@pytest.fixture(scope="module")
def inflector():
    return load_lexicon().inflector


@pytest.mark.parametrize(
    ("lemma", "tag", "expected"),
    [
        ("say", "VBD", "said"),
        ("say", "VBZ", "says"),
        ("say", "VBN", "said"),
        ("say", "VBG", "saying"),
        ("say", "VBP", "say"),
        ("criticize", "VBD", "criticized"),
        ("criticize", "VBZ", "criticizes"),
        ("criticize", "VBG", "criticizing"),
        ("strike", "VBD", "struck"),
        ("strike", "VBZ", "strikes"),
        ("rise", "VBN", "risen"),
        ("fall", "VBD", "fell"),
        ("cut", "VBG", "cutting"),
        ("launch", "VBZ", "launches"),
        ("destroy", "VBD", "destroyed"),
        ("government", "NNS", "governments"),
        ("associate", "NNS", "associates"),
        ("government", "NN", "government"),
    ],
)
def test_replacements_take_the_form_of_the_word_they_replace(inflector, lemma, tag, expected):
    assert inflector.inflect(lemma, tag) == expected


def test_regular_doubling_only_for_short_words():
    assert regular_forms("slam").past == "slammed"
    assert regular_forms("visit").past == "visited"
    assert regular_forms("plummet").gerund == "plummeting"


@pytest.mark.parametrize(
    ("replacement", "original", "expected"),
    [
        ("said", "claimed", "said"),
        ("said", "Claimed", "Said"),
        ("said", "CLAIMED", "SAID"),
        ("an associate", "A", "An associate"),
    ],
)
def test_match_case(replacement, original, expected):
    assert match_case(replacement, original) == expected


def test_irregular_replacements_added_for_dev_rows():
    from unspin.detect.lexicon import load_lexicon

    inflector = load_lexicon().inflector
    assert inflector.inflect("mislead", "VBD") == "misled"
    assert inflector.inflect("defer", "VBD") == "deferred"
    assert inflector.inflect("defer", "VBG") == "deferring"
    assert inflector.inflect("false statement", "NNS") == "false statements"
    assert inflector.inflect("left-winger", "NNS") == "left-wingers"
