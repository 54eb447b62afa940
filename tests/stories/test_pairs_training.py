"""`unspin.stories.train` on another embedding than the shipped one: the routes of issue 13 item 7 refit the pair model
and tune it on vectors of another size (all-mpnet-base-v2 has 768 dimensions), so its exact search takes their size."""

import numpy as np

from unspin.stories.metrics import bcubed
from unspin.stories.pairs import shipped_model
from unspin.stories.train import exact_for, run_index

from .conftest import make_profiles
from .test_index import GROUPS


def resized(items, dimensions: int, seed: int = 5):
    """The same articles with their vectors projected to `dimensions` (the groups stay apart)."""
    projection = np.random.default_rng(seed).normal(size=(len(items[0].vector), dimensions))
    vectors = np.stack([p.vector for p in items]) @ projection
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    return [type(p)(**{**p.__dict__, "vector": v.astype(np.float32)}) for p, v in zip(items, vectors)]


def test_exact_search_takes_the_size_of_the_profiles_vectors():
    assert len(exact_for(resized(make_profiles(GROUPS), 768))._rows[0]) == 768
    assert len(exact_for(make_profiles(GROUPS))._rows[0]) == 384


def test_run_index_groups_articles_embedded_by_another_model():
    items = resized(make_profiles(GROUPS), 768)
    gold = [p.key.split("-")[0] for p in items]
    assert bcubed(run_index(shipped_model(), items), gold).f1 == 1.0


def test_an_empty_batch_needs_no_size():
    assert len(exact_for([])) == 0
