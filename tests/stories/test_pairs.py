"""The shipped pair model: it loads from its data file, scores rows, and has learned that closeness is relative.

It must also hold where training never looked: in a batch of three articles every pair is a best match
with few rivals, and an unrelated one must still score low (gradient-boosted trees fitted on the same rows
gave 0.80 there, and were not shipped for it). Two articles alone once were (the filled-up rivals below).
"""

from __future__ import annotations

import numpy as np
import pytest

from unspin.stories.pairs import FEATURES, PairModel, Similarity, features, shipped_model

CLOSE = Similarity(embedding=0.72, words=0.30, names=0.50, title=0.25, shared_number=1.0, rarest=0.7, shared_names=1.1)


def row(sim: Similarity, here: list[float], there: list[float]) -> list[float]:
    return features(sim, here, there)


def test_shipped_model_scores_probabilities():
    model = shipped_model()
    rows = np.array([row(CLOSE, [0.2, 0.1], [0.25]), row(CLOSE, [], [])])
    scores = model.probability(rows)
    assert scores.shape == (2,)
    assert np.all((scores >= 0) & (scores <= 1))
    assert model.probability(np.zeros((0, len(FEATURES)))).shape == (0,)


def test_mutual_best_match_beats_the_same_similarity_with_closer_rivals():
    """A pair that is each side's best match is one event far more often than an equally similar pair with closer rivals."""
    model = shipped_model()
    alone = row(CLOSE, [0.20, 0.15, 0.10], [0.22, 0.12, 0.08])
    crowded = row(CLOSE, [0.70, 0.66, 0.62, 0.60, 0.58], [0.71, 0.69, 0.64, 0.61, 0.60])
    best, rivalled = model.probability(np.array([alone, crowded]))
    assert best > model.threshold > rivalled


UNRELATED = Similarity(embedding=0.01, words=0.0, names=0.0, title=0.0, shared_number=0.0)


def test_an_unrelated_article_in_a_batch_of_three_is_not_the_same_event():
    """Two reports of one event (combined 0.83) and a third about something else: the third pairs with neither."""
    assert shipped_model().probability(np.array([row(UNRELATED, [0.83], [0.0])]))[0] < 0.1


def test_two_unrelated_articles_alone_are_not_the_same_event():
    """With no other neighbour, a side is filled up with rivals at the model's background score."""
    model = shipped_model()
    assert model.probability(np.array([row(UNRELATED, [], [])]))[0] > model.threshold  # read literally: the old miss
    assert model.probability(np.array([features(UNRELATED, [], [], model.background)]))[0] < 0.1


def test_two_reports_of_one_event_alone_are_still_one_event():
    model = shipped_model()
    assert model.probability(np.array([features(CLOSE, [], [], model.background)]))[0] > model.threshold


def test_a_side_with_its_three_rivals_is_not_filled():
    model = shipped_model()
    rivals = [0.2, 0.15, 0.1]
    assert features(CLOSE, rivals, rivals, model.background) == features(CLOSE, rivals, rivals)


def test_settings_round_trip_through_toml():
    model = shipped_model()
    again = PairModel.from_toml(model.to_toml())
    assert (again.threshold, again.neighbours, again.window_days, again.near_duplicate) == (
        model.threshold,
        model.neighbours,
        model.window_days,
        model.near_duplicate,
    )
    rows = np.array([row(CLOSE, [0.3], [0.4])])
    assert again.probability(rows) == pytest.approx(model.probability(rows))


def test_a_model_fitted_on_other_features_is_refused():
    text = shipped_model().to_toml().replace('"embedding", ', "")
    with pytest.raises(ValueError, match="other features"):
        PairModel.from_toml(text)
