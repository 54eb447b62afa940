"""The tagged rules that keep a modifier (flag it, not cut it) where a cut would break or widen the
phrase, from the reader checks' failure patterns; each switched off lets the cut through. Loads spaCy."""

from __future__ import annotations

import numpy as np
import pytest

from tests.detect.conftest import LexiconScorer
from tests.detect.test_silencing import off
from unspin.detect import Detector
from unspin.detect.keep import is_label, misread_noun
from unspin.detect.model import Scores
from unspin.detect.tagging import Tok
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


class Scored(LexiconScorer):
    """Scores the given words as given and every other word 0."""

    def __init__(self, **scores: float) -> None:
        self.given = {w.lower(): p for w, p in scores.items()}

    def scores(self, text, words, starts, lexicon, candidates=()):
        word = np.array([self.given.get(w.lower, 0.0) for w in words])
        return Scores(word, word)


def test_a_word_only_the_model_found_does_not_join_a_cut_below_its_bar() -> None:
    """Reader checks (third sample): "a corrupt western elite" became "an [...] elite", losing "western"."""
    text = "They campaign against a corrupt western elite."
    detector = Detector(scorer=Scored(corrupt=0.9, western=0.3))
    cuts = [e.original for e in plan_edits(text, detector.detect(text)) if e.kind is EditKind.CUT]
    assert cuts == ["corrupt"]
    with off("model_join"):
        cuts = [e.original for e in plan_edits(text, detector.detect(text)) if e.kind is EditKind.CUT]
        assert cuts == ["corrupt western"]


def test_a_cut_adverb_takes_its_degree_word() -> None:
    """Reader checks (third sample): "laid out pretty [...] what was coming"."""
    text = "In that speech he laid out pretty clearly what was coming."
    detector = Detector(scorer=Chosen("clearly"))
    cuts = [e.original for e in plan_edits(text, detector.detect(text)) if e.kind is EditKind.CUT]
    assert cuts == ["pretty clearly"]  # never "pretty [...]"


def test_a_noun_the_tagger_reads_as_a_verb_is_not_replaced() -> None:
    """Reader checks (third sample): "three North Vietnamese Navy torpedo boats" -> "block boats"."""
    text = "The USS Maddox was pursued by three North Vietnamese Navy torpedo boats of the 135th Torpedo Squadron."
    detector = Detector(scorer=Chosen("torpedo"))
    assert [e.kind for e in plan_edits(text, detector.detect(text)) if e.original == "torpedo"] in ([], [EditKind.FLAG])


def _tokens(*tagged: str) -> list[Tok]:
    """Tok records from "word/TAG" strings, one space apart."""
    tokens, at = [], 0
    for item in tagged:
        word, tag = item.rsplit("/", 1)
        tokens.append(Tok(at, at + len(word), word, tag))
        at += len(word) + 1
    return tokens


@pytest.mark.parametrize(
    ("tagged", "misread"),
    [
        (("Navy/NNP", "torpedo/VBP", "boats/NNS"), True),  # no subject agrees with "torpedo" here
        (("Democrats/NNPS", "torpedo/VBP", "bills/NNS"), False),  # a plural subject: a verb
        (("they/PRP", "torpedo/VBP", "bills/NNS"), False),
        (("Senate/NNP", "torpedoes/VBZ", "bills/NNS"), False),
    ],
)
def test_a_verb_tag_no_subject_agrees_with_is_a_misread_noun(tagged: tuple[str, ...], misread: bool) -> None:
    assert misread_noun(_tokens(*tagged), 1, 1) is misread
