"""Each silencing rule, kept after its measurement (docs/QUALITY.md), silences what it says, and
switching it off (as training/silencing.py does) lets the hit through. Loads spaCy."""

from __future__ import annotations

from contextlib import contextmanager

import numpy as np
import pytest

from tests.detect.conftest import LexiconScorer
from unspin.detect import Detector, silencing
from unspin.detect.model import Scores
from unspin.detect.silencing import RULES
from unspin.edit.ledger import EditKind
from unspin.edit.policy import plan_edits

pytestmark = pytest.mark.slow


class EveryWord(LexiconScorer):
    """Scores every word `p`; `evaluative` says whether a subjectivity list would back it."""

    def __init__(self, p: float, evaluative: bool) -> None:
        self.p, self._evaluative = p, evaluative

    def evaluative(self, form: str) -> bool:
        return self._evaluative

    def scores(self, text, words, starts, lexicon, candidates=()):
        return Scores(np.full(len(words), self.p), np.full(len(words), self.p))


@contextmanager
def off(rule: str):
    assert rule in RULES
    silencing.DISABLED.add(rule)
    try:
        yield
    finally:
        silencing.DISABLED.discard(rule)


def found(detector: Detector, text: str) -> set[str]:
    return {s.text for s in detector.detect(text)}


def edits(detector: Detector, text: str) -> dict[str, EditKind]:
    return {e.original: e.kind for e in plan_edits(text, detector.detect(text))}


def test_every_rule_is_tested_here():
    tested = {
        "neutral_list",
        "never_alone",
        "evaluative_gate",
        "unproven_bar",
        "capitalised_name",
        "row_conditions",
        "hedges",
        "negation",
        "reported_claim",
        "empty_frame",
        "degree_alone",
        "negative_verbs",
        "distancing",
        "lone_conjunct",
    }
    # the rules the tagged rules apply (keep.py) are tested in test_keep.py
    tested |= {"label_modifier", "before_a_name", "adverb_complement", "as_clause", "model_join"}
    # encoder_floor is tested in test_cascade.py (the encoder never sinks a lexicon match)
    assert tested | {"encoder_floor"} == set(RULES)


def test_neutral_list(detector):
    text = "They called for regime change in the capital."
    assert "regime" not in found(detector, text)
    with off("neutral_list"):
        assert "regime" in found(detector, text)


def test_never_alone():
    d = Detector(scorer=EveryWord(0.9, evaluative=True))
    text = "The plan was not approved."
    assert "not" not in found(d, text)
    with off("never_alone"):
        assert "not" in found(d, text)


def test_evaluative_gate():
    d = Detector(scorer=EveryWord(0.9, evaluative=False))
    text = "The council approved a costly plan."
    assert edits(d, text).get("costly") is EditKind.FLAG  # marked, never cut on the model's word alone
    with off("evaluative_gate"):
        assert edits(d, text).get("costly") is EditKind.CUT


def test_unproven_bar():
    d = Detector(scorer=EveryWord(0.3, evaluative=False))
    text = "The army moved its weapons north."
    assert "weapons" not in edits(d, text)
    with off("unproven_bar"):
        assert edits(d, text).get("weapons") is EditKind.FLAG


def test_capitalised_name(detector):
    """A capitalised word mid-sentence may be a title ("A Brutal Decision", a film); the tagger does
    not always call it a proper noun, so the capital alone keeps it."""
    text = "He called it a Brutal decision."
    assert "Brutal" not in found(detector, text)
    with off("capitalised_name"):
        assert "Brutal" in found(detector, text)


def test_row_conditions(detector):
    text = "The monks kept a regime of silence."
    assert "regime" not in found(detector, text)
    with off("row_conditions"):
        assert "regime" in found(detector, text)


@pytest.mark.parametrize(
    ("rule", "text", "word"),
    [
        ("hedges", "It is arguably the finest museum in town.", "arguably"),
        ("negation", "There is no credible evidence of fraud.", "credible"),
        ("reported_claim", "Officials insisted that the outrageous plan would work.", "outrageous"),
        ("empty_frame", "The region faces a crisis of epic proportions.", "epic"),
        ("degree_alone", "Closer flybys happened in the very recent past.", "very"),
        ("negative_verbs", "The agency keeps failing to aggressively weed out fraud.", "aggressively"),
        ("distancing", "Truisms about how its self-proclaimed victims must be heard.", "self-proclaimed"),
        ("lone_conjunct", "Fans were deliriously (and hysterically) happy.", "hysterically"),
    ],
)
def test_claim_rules(detector, rule, text, word):
    from unspin.detect.span import Role, Span

    start = text.index(word)
    span = Span(
        start=start,
        end=start + len(word),
        text=word,
        category="emotive_adjective",
        reason="r",
        confidence=0.95,
        role=Role.MODIFIER,
        by="lexicon:emotive_adjectives@1 model:test",
    )
    kept = {e.original: e.kind for e in plan_edits(text, [span])}
    assert kept.get(word) is not EditKind.CUT
    with off(rule):
        assert {e.original: e.kind for e in plan_edits(text, [span])}.get(word) is EditKind.CUT
