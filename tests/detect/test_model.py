"""The trained word scorer: it loads, it gives probabilities, it is deterministic, and
the training code cannot read a test split. No timing asserts."""

from __future__ import annotations

import json
from importlib import resources

import numpy as np
import pytest

from unspin.detect import Detector
from unspin.detect.detector import default_lexicon
from unspin.detect.features import feature_names
from unspin.detect.model import load_model
from unspin.detect.scan import find_candidates, sentence_starts, words_of

TEXT = "The radical group staged a bizarre, chaotic stunt on Tuesday. The committee met on Tuesday and approved the budget."


def scores(text: str):
    lexicon = default_lexicon()
    words = words_of(text)
    return load_model().scores(text, words, sentence_starts(text), lexicon, find_candidates(text, words, lexicon))


def test_model_files_load_with_numpy_only():
    model = load_model()
    assert model.id.startswith("model:")
    assert model.table.vectors.shape[1] == model.card["settings"]["dims"]
    assert model.weights["w1"].shape[0] == len(feature_names(model.table)) + 2


def test_scores_are_probabilities_one_per_word():
    result = scores(TEXT)
    assert result.word.shape == (len(words_of(TEXT)),)
    assert np.all((result.word >= 0) & (result.word <= 1))
    assert np.all((result.sentence >= 0) & (result.sentence <= 1))


def test_scores_are_deterministic_and_do_not_depend_on_other_text():
    first, again = scores(TEXT), scores(TEXT)
    assert np.array_equal(first.word, again.word)
    alone = scores("The committee met on Tuesday and approved the budget.")
    n = len(alone.word)
    assert np.allclose(first.word[-n:], alone.word, atol=1e-5)


def test_loaded_words_score_above_neutral_ones():
    by_word = dict(zip([w.lower for w in words_of(TEXT)], scores(TEXT).word))
    assert by_word["bizarre"] > 0.5
    assert by_word["budget"] < 0.1
    assert by_word["committee"] < 0.1


def test_empty_text_has_no_scores():
    assert scores("").word.shape == (0,)


def test_model_card_records_cross_validation_and_seed():
    card = json.loads(resources.files("unspin.data.model").joinpath("model.json").read_text("utf-8"))
    assert card["seed"] == 20241124
    assert set(card["cross_validation"]["suggested_min_confidence"]) == {"light", "standard", "strong"}
    assert set(card["recommended_min_confidence"]) == {"light", "standard", "strong"}
    text = resources.files("unspin.data.model").joinpath("MODEL.md").read_text("utf-8")
    assert "cross-validated on dev" in text and "<!-- crossval:pipeline -->" in text


@pytest.mark.slow
def test_span_confidence_is_the_model_probability():
    detector = Detector()
    probability = {word.lower(): p for word, p in detector.word_scores(TEXT)}
    for span in detector.detect(TEXT, strength="strong"):
        inside = [p for word, p in probability.items() if word in {w.lower for w in words_of(span.text)}]
        if inside:
            assert span.confidence == pytest.approx(max(inside), abs=0.006)  # spans round to 2 places
        assert "model:" in span.by


@pytest.mark.slow
def test_model_only_words_get_a_category_and_a_reason():
    spans = Detector().detect("Critics called the bizarre plan a chaotic stunt.", strength="strong")
    bizarre = next(s for s in spans if "bizarre" in s.text)
    assert bizarre.category == "emotive_adjective"
    assert bizarre.reason.startswith("'bizarre'")


@pytest.mark.slow
@pytest.mark.parametrize("text", ["He did not go.", "They never said so.", "Only she can do it."])
def test_closed_class_words_are_never_flagged_on_the_models_word(text):
    assert Detector().detect(text, strength="strong") == []
