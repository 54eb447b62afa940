"""Fixtures for the detect stage. `detector` loads spaCy; tests using it are marked slow."""

from __future__ import annotations

import numpy as np
import pytest

from unspin.detect import Detector, Span
from unspin.detect.model import Scores


class LexiconScorer:
    """A stand-in for the trained model: each word scores its best lexicon confidence.

    Tests of the rules, roles, replacements and span assembly use it, so they
    say what the detector does with a word it flags, whatever the model thinks.
    """

    id = "model:lexicon-stub@test"

    def evaluative(self, form: str) -> bool:
        return True

    def scores(self, text, words, starts, lexicon, candidates=()):
        word = np.zeros(len(words))
        for i, w in enumerate(words):
            entries = lexicon.words.get(w.lower)
            if entries and w.lower not in lexicon.neutral:
                word[i] = max(e.confidence for e in entries)
        for c in candidates:
            if c.phrase is not None:
                word[c.first_word : c.last_word + 1] = c.phrase.confidence
        return Scores(word, np.ones(len(words)))


@pytest.fixture(scope="module")
def detector() -> Detector:
    """One lexicon-scored detector per test module; spaCy itself is loaded once per process."""
    d = Detector(scorer=LexiconScorer())
    assert d.nlp is not None  # load now, so the first test does not pay for it
    return d


@pytest.fixture(scope="module")
def model_detector() -> Detector:
    """The detector as shipped: the trained model scores every word."""
    return Detector()


@pytest.fixture(scope="module")
def flags(detector: Detector):
    """`flags(text, strength)` -> {flagged text: span}, for short assertions."""

    def run(text: str, strength: str = "standard") -> dict[str, Span]:
        return {span.text: span for span in detector.detect(text, strength=strength)}

    return run


def assert_well_formed(text: str, spans: list[Span], skip=()) -> None:
    """The contract every detector output keeps, whatever the input."""
    previous_end = 0
    for span in spans:
        assert 0 <= span.start < span.end <= len(text)
        assert text[span.start : span.end] == span.text
        assert span.start >= previous_end, "spans overlap or are out of order"
        previous_end = span.end
        assert 0.0 <= span.confidence <= 1.0
        assert span.reason.startswith("'") and span.reason.endswith(".")
        assert span.by.startswith(("lexicon:", "rules:", "model:"))
        assert "model:" in span.by, "every span carries the model that scored it"
        if span.role.value == "modifier":
            assert span.replacement is None
        for start, end in skip:
            assert span.end <= start or span.start >= end, "span inside a skip range"
