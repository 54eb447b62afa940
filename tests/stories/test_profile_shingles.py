"""Shingles: small enough to keep for every article of a store, and the same overlap as before."""

from __future__ import annotations

import numpy as np

from unspin.stories.profile import SHINGLE_WORDS, Draft, profiles, resemblance, shingles
from unspin.stories.stored import decode, encode

WIRE = (
    "The regional council voted on Tuesday to close the old river bridge for repairs lasting six months, "
    "after engineers found cracks in two of its four supports during a routine inspection in March."
)


def profile_of(text: str, key: str):  # type: ignore[no-untyped-def]
    return profiles([Draft(key=key, headline="Bridge closes", lead=text, body=text)], vectors=np.ones((1, 384)))[0]


def test_shingles_are_sorted_unique_8_byte_integers() -> None:
    found = shingles(WIRE + " " + WIRE)  # a repeated passage adds no new shingle
    assert found.dtype == np.uint64
    assert np.array_equal(found, np.unique(found))
    assert found.nbytes == 8 * found.size
    assert len(shingles("two words")) == 1 and len(shingles("")) == 0


def test_resemblance_is_the_jaccard_overlap() -> None:
    copy = profile_of(WIRE, "a")
    republished = profile_of(WIRE.replace("Tuesday", "Wednesday"), "b")
    unrelated = profile_of("Stock prices in Tokyo rose for a third day as exporters gained on a weaker yen.", "c")
    a, b = set(copy.shingles.tolist()), set(republished.shingles.tolist())
    assert resemblance(copy, copy) == 1.0
    assert resemblance(copy, republished) == len(a & b) / len(a | b)
    assert 0.5 < resemblance(copy, republished) < 1.0
    assert resemblance(copy, unrelated) == 0.0
    assert resemblance(copy, profile_of("", "d")) == 0.0


def test_a_stored_profile_keeps_its_shingles() -> None:
    original = profile_of(WIRE, "a")
    stored = encode(original)
    back = decode("a", stored.vector, stored.shingles, stored.data)
    assert np.array_equal(back.shingles, original.shingles) and back.shingles.dtype == np.uint64
    assert resemblance(back, original) == 1.0


def test_near_duplicates_are_judged_on_the_first_ten_thousand_words() -> None:
    words = [f"w{i}" for i in range(SHINGLE_WORDS + 5_000)]
    assert np.array_equal(shingles(" ".join(words)), shingles(" ".join(words[:SHINGLE_WORDS])))
    assert shingles(" ".join(words)).size == SHINGLE_WORDS - 4
