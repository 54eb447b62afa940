"""Property tests: whatever the text, spans are well formed and never overlap."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.detect.conftest import assert_well_formed

pytestmark = pytest.mark.slow

LOADED = [
    "very",
    "dire",
    "brutal",
    "claimed",
    "claims",
    "slammed",
    "regime",
    "so-called",
    "laid",
    "waste",
    "to",
    "sadly",
    "extremely",
    "and",
    "or",
    "a",
    "an",
    "crony",
    "plight",
    "shocking",
    "Brutal",
    "Dire",
    "very brutal",
]
NEUTRAL = [
    "the",
    "government",
    "said",
    "officials",
    "talks",
    "in",
    "Ukraine",
    "on",
    "Monday",
    "was",
    "is",
    "situation",
    "42",
    "told",
    "reporters",
    "attack",
    "city",
    "that",
    "it",
    "they",
    "he",
    "of",
]
PUNCT = [" ", " ", " ", ", ", ". ", "\n", " “", "” ", "'s ", " - ", "! "]

texts = st.lists(st.tuples(st.sampled_from(LOADED + NEUTRAL), st.sampled_from(PUNCT)), max_size=40).map(
    lambda parts: "".join(word + sep for word, sep in parts)
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=texts, strength=st.sampled_from(["light", "standard", "strong"]))
def test_spans_are_well_formed_and_never_overlap(detector, text, strength):
    assert_well_formed(text, detector.detect(text, strength=strength))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=texts, data=st.data())
def test_spans_never_enter_skip_ranges(detector, text, data):
    if not text:
        return
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    assert_well_formed(text, detector.detect(text, skip=[(start, end)], strength="strong"), skip=[(start, end)])
