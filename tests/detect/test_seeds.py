"""The real seed articles: what a careful editor expects flagged, and what must stay."""

from __future__ import annotations

import pytest

from tests.conftest import SEEDS, require_shared, seed_paths
from tests.detect.conftest import assert_well_formed
from unspin.detect import Role
from unspin.edit.policy import plan_edits

pytestmark = pytest.mark.slow

# Loaded language in the seeds that a careful editor cuts or neutralizes.
EXPECTED = {
    "000_29fba688c5914247.txt": {"claim": ("loaded_verb", Role.HEAD, "say")},
    "001_fb25c39db1756503.txt": {
        "embattled": ("emotive_adjective", Role.MODIFIER, None),
        "dire": ("emotive_adjective", Role.MODIFIER, None),
        "crucial": ("emotive_adjective", Role.MODIFIER, None),
        "plight": ("loaded_noun", Role.HEAD, "situation"),
    },
    "002_037baa1bc531c0fc.txt": {
        "pounded": ("loaded_verb", Role.HEAD, "struck"),
        "pounds": ("loaded_verb", Role.HEAD, "strikes"),
        "laid waste to": ("sensational_phrase", Role.HEAD, "destroyed"),
        "so-called": ("sensational_phrase", Role.MODIFIER, None),
    },
    "003_8a7fb63391a192fb.txt": {
        "tied behind their back": ("sensational_phrase", Role.HEAD, None),
        "pleas": ("loaded_noun", Role.HEAD, "requests"),
    },
    "004_67071d8e72ae0696.txt": {
        "insisted": ("loaded_verb", Role.HEAD, "said"),
        "untenable": ("emotive_adjective", Role.MODIFIER, None),
        "crucial": ("emotive_adjective", Role.MODIFIER, None),
    },
}
# Descriptive words in the seeds that must not be flagged.
KEPT = ["powerful", "heavy", "serious", "long-range", "full-scale", "Great", "announced", "said", "criticized"]


@pytest.mark.parametrize("path", seed_paths() or [SEEDS / "missing.txt"], ids=lambda p: p.name)
def test_each_seed_is_flagged_as_an_editor_would(detector, path):
    text = require_shared(path).read_text(encoding="utf-8")
    spans = detector.detect(text)
    assert spans, f"nothing flagged in {path.name}"
    assert_well_formed(text, spans)
    found = {s.text: (s.category, s.role, s.replacement) for s in spans}
    for words, expected in EXPECTED.get(path.name, {}).items():
        assert found.get(words) == expected, f"{path.name}: {words!r} -> {found.get(words)}"
    for word in KEPT:
        assert not any(word in s.text.split() for s in spans), f"{path.name}: {word!r} should stay"


def test_all_seeds_are_present(seeds_dir):
    names = {p.name for p in seeds_dir.glob("*.txt")}
    assert set(EXPECTED) <= names


# What the shipped model flags at --strength standard in each seed: the clearest loaded words.
MODEL_EXPECTED = {
    "001_fb25c39db1756503.txt": ["dire"],
    "002_037baa1bc531c0fc.txt": ["laid waste to", "so-called", "oppressive"],
    "003_8a7fb63391a192fb.txt": ["pleas"],
    "004_67071d8e72ae0696.txt": ["untenable"],
}


@pytest.mark.parametrize("path", seed_paths() or [SEEDS / "missing.txt"], ids=lambda p: p.name)
def test_the_model_flags_each_seed_and_keeps_descriptive_words(model_detector, path):
    text = require_shared(path).read_text(encoding="utf-8")
    spans = model_detector.detect(text)
    assert spans, f"nothing flagged in {path.name}"
    assert_well_formed(text, spans)
    found = {s.text for s in spans}
    for words in MODEL_EXPECTED.get(path.name, []):
        assert words in found, f"{path.name}: {words!r} not flagged; found {sorted(found)}"
    acted_on = plan_edits(text, spans)  # spans below every threshold are neither edited nor flagged
    for word in KEPT:
        assert not any(word in e.original.split() for e in acted_on), f"{path.name}: {word!r} should stay"
    for span in spans:
        assert "model:" in span.by and 0.0 <= span.confidence <= 1.0
