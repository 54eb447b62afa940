"""Fixtures for the detect stage. `detector` loads spaCy; tests using it are marked slow."""

from __future__ import annotations

import pytest

from unspin.detect import Detector, Span


@pytest.fixture(scope="module")
def detector() -> Detector:
    """One detector per test module; the spaCy model itself is loaded once per process."""
    d = Detector()
    assert d.nlp is not None  # load now, so the first test does not pay for it
    return d


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
        assert span.by.startswith(("lexicon:", "rules:"))
        if span.role.value == "modifier":
            assert span.replacement is None
        for start, end in skip:
            assert span.end <= start or span.start >= end, "span inside a skip range"
