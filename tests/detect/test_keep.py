"""The tagged rules that keep a modifier (flag it, not cut it) where a cut would break or widen the
phrase, from the reader checks' failure patterns; each switched off lets the cut through. Loads spaCy."""

from __future__ import annotations

import numpy as np
import pytest

from tests.detect.conftest import LexiconScorer
from tests.detect.test_silencing import off
from unspin.detect import Detector
from unspin.detect.keep import is_label
from unspin.detect.model import Scores
from unspin.edit.ledger import EditKind
from unspin.edit.policy import plan_edits

pytestmark = pytest.mark.slow


class Chosen(LexiconScorer):
    """Scores the chosen words 0.9 and every other word 0, so a test says which word is in play."""

    def __init__(self, *chosen: str) -> None:
        self.chosen = {w.lower() for w in chosen}

    def scores(self, text, words, starts, lexicon, candidates=()):
        word = np.array([0.9 if w.lower in self.chosen else 0.0 for w in words])
        return Scores(word, word)


def edit_of(text: str, word: str) -> EditKind | None:
    detector = Detector(scorer=Chosen(word))
    found = {e.original.strip(" ,"): e.kind for e in plan_edits(text, detector.detect(text))}
    return found.get(word)


@pytest.mark.parametrize(
    ("rule", "text", "word"),
    [
        # reader checks: "the [...] Benedict IX" (an article left before a name)
        ("before_a_name", "He rose like the corrupt Benedict IX before him.", "corrupt"),
        # reader checks: "faithful Catholic" (a restrictive modifier of a people's name)
        ("before_a_name", "He is a faithful Catholic who goes to Mass.", "faithful"),
        # reader checks: "the neo-Catholic commentariat", "a funnel for anti-nationalist views"
        ("label_modifier", "The petition was dismissed by the neo-Catholic commentariat.", "neo-Catholic"),
        ("label_modifier", "It was criticized as a funnel for anti-nationalist views.", "anti-nationalist"),
        # reader checks: "[...] for Trump, however, he is not alone"
        ("adverb_complement", "Unfortunately for Trump, however, he is not alone.", "Unfortunately"),
    ],
)
def test_a_kept_modifier_is_flagged_not_cut(rule: str, text: str, word: str) -> None:
    assert edit_of(text, word) is EditKind.FLAG
    with off(rule):
        assert edit_of(text, word) is EditKind.CUT


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("The corrupt Trump administration fell.", "corrupt"),  # the name is a modifier; the head is common
        ("They attacked desperate Democrats.", "desperate"),  # no determiner: no "the [...] Name"
        ("Unfortunately, the plan failed.", "Unfortunately"),  # no "for" phrase to orphan
    ],
)
def test_other_modifiers_are_still_cut(text: str, word: str) -> None:
    assert edit_of(text, word) is EditKind.CUT


def test_as_clause_keeps_the_speech_verb() -> None:
    """Reader checks: "far from 'solid and reliable', as Greenwald says" endorsed the words 'claims' doubted."""
    text = "The paper is far from reliable, as Greenwald claims."
    detector = Detector(scorer=Chosen("claims"))
    kinds = {e.original: e for e in plan_edits(text, detector.detect(text))}
    assert kinds["claims"].kind is EditKind.FLAG
    with off("as_clause"):
        kinds = {e.original: e for e in plan_edits(text, detector.detect(text))}
        assert (kinds["claims"].kind, kinds["claims"].replacement) == (EditKind.MODIFY, "says")


@pytest.mark.parametrize("word", ["neo-Catholic", "anti-Trump", "far-right", "left-wing", "pro-Kremlin", "anti-nationalist"])
def test_labels(word: str) -> None:
    assert is_label(word)


@pytest.mark.parametrize("word", ["brutal", "self-serving", "anti", "hard-working", "right"])
def test_not_labels(word: str) -> None:
    assert not is_label(word)
