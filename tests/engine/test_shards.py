"""Date-window shards and their stitching (unspin/engine/shards.py), on profiles built by hand.

The profiles carry made-up words and embeddings: each event its own vocabulary and direction, each
article a few of those words and a noisy turn of that direction, so the shipped pair model groups
them as a reader would, and the tests can say exactly which stories must come out.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unspin.engine.shards import Window, group_in_shards, group_shard, plan_windows, stitch
from unspin.stories.profile import Profile, fingerprint, shingles
from unspin.stories.text import content_words
from unspin.stories.vectors import shipped_idf, tfidf

START = date(2025, 3, 3)
EVENTS = 8


def corpus(articles: list[tuple[int, int | None]]) -> list[tuple[int, Profile]]:
    """(input position, profile) for each (event, day offset from START or None) in `articles`."""
    rng = np.random.default_rng(7)
    directions = [rng.standard_normal(384) for _ in range(EVENTS)]
    idf = shipped_idf()
    items = []
    for number, (event, day) in enumerate(articles):
        vocabulary = [f"topic{event}word{i}" for i in range(6)]
        lead = " ".join([*vocabulary[:4], f"extra{number}", vocabulary[4 + number % 2]])
        title = " ".join(vocabulary[:3])
        vector = directions[event] + 0.5 * rng.standard_normal(384)
        profile = Profile(
            key=f"a{number}",
            headline=title,
            lead=lead,
            vector=(vector / np.linalg.norm(vector)).astype(np.float32),
            words=tfidf(content_words(lead), idf),
            title_words=tfidf(content_words(title), idf),
            names=tfidf(vocabulary[:2], idf),
            published=None if day is None else START + timedelta(days=day),
            fingerprint=fingerprint(lead),
            shingles=shingles(lead),
        )
        items.append((number, profile))
    return items


def groups(labels: dict[str, int]) -> set[frozenset[str]]:
    found: dict[int, set[str]] = {}
    for key, story in labels.items():
        found.setdefault(story, set()).add(key)
    return {frozenset(members) for members in found.values()}


def test_windows_step_by_days_and_undated_articles_join_every_one() -> None:
    windows = plan_windows(START, START + timedelta(days=20), undated=True, days=7, overlap=3)
    assert [(w.start, w.end) for w in windows] == [
        (START, START + timedelta(days=7)),
        (START + timedelta(days=7), START + timedelta(days=14)),
        (START + timedelta(days=14), START + timedelta(days=21)),
    ]
    assert all(w.holds(None) for w in windows)
    assert windows[0].bounds() == (START - timedelta(days=3), START + timedelta(days=9))
    assert plan_windows(None, None, undated=True, days=7, overlap=3) == [Window(0)]  # nothing dated: one shard
    assert Window(0).holds(None) and not Window(0).holds(START) and Window(0).bounds() is None
    assert plan_windows(None, None, undated=False, days=7, overlap=3) == []
    with pytest.raises(ValueError, match="shard days"):
        plan_windows(START, START, undated=False, days=0, overlap=3)


@settings(deadline=None)  # a busy machine must not fail a test of arithmetic on time
@given(st.integers(0, 60), st.integers(0, 3), st.integers(1, 10), st.integers(3, 5))
def test_every_pair_the_index_could_link_shares_a_shard(first: int, gap: int, days: int, overlap: int) -> None:
    """Two dates at most the index's window (3 days) apart always lie in one widened window."""
    a, b = START + timedelta(days=first), START + timedelta(days=first + gap)
    windows = plan_windows(START, START + timedelta(days=63), undated=False, days=days, overlap=overlap)
    assert any(w.holds(a) and w.holds(b) for w in windows)
    owners = [w for w in windows if w.start is not None and w.end is not None and w.start <= a < w.end]
    assert len(owners) == 1  # and each date has exactly one core


def test_stitch_joins_stories_that_agree_on_the_articles_both_shards_saw() -> None:
    c, e, u = "core", "edge", "undated"
    shards = [
        [("a", 0, c), ("b", 0, c), ("c", 1, c), ("d", 0, e), ("x", 1, e), ("u", 1, u), ("v", 1, u), ("w", 7, u)],
        [("b", 5, e), ("d", 5, c), ("x", 5, c), ("e", 6, c), ("f", 5, e), ("u", 6, u), ("v", 5, u), ("w", 8, u)],
        [("f", 2, c), ("g", 3, c), ("u", 3, u), ("v", 2, u), ("w", 9, u)],
    ]
    assert stitch(shards, ["a", "b", "c", "d", "e", "f", "g", "x", "u", "v", "w"]) == {
        "a": 1, "b": 1,  # shards 0 and 1 share b and d but disagree on x, which both saw: their stories stay apart
        "c": 2, "d": 3, "e": 4,
        "f": 3,  # shards 1 and 2 agree on f (all they share): one story, d's
        "g": 5,
        "x": 3,  # filed by the shard whose core holds it
        "u": 2,  # undated: two dated mates in shard 0 (c, x), one elsewhere: c's story
        "v": 3,  # four dated mates in shard 1: d's story
        "w": 6,  # no dated mate anywhere: a story of its own, never linking its three shards' stories
    }  # fmt: skip
    agreeing = [[("a", 0, c), ("b", 0, c), ("d", 0, e)], [("b", 4, e), ("d", 4, c), ("h", 4, c)]]
    assert stitch(agreeing) == {"a": 1, "b": 1, "d": 1, "h": 1}  # a story across the boundary is one
    assert stitch([]) == {}


def test_undated_articles_are_one_shard_grouped_exactly_as_the_single_stream() -> None:
    items = corpus([(n % EVENTS, None) for n in range(3 * EVENTS)])
    labels, windows = group_in_shards(items, days=7, overlap=3)
    assert windows == [Window(0)]
    assert groups(labels) == groups({key: story for key, story, _ in group_shard(items)})
    assert groups(labels) == {frozenset(f"a{n}" for n in range(e, 3 * EVENTS, EVENTS)) for e in range(EVENTS)}


def test_dated_shards_keep_events_weeks_apart_apart_and_stitch_a_story_across_a_boundary() -> None:
    articles: list[tuple[int, int | None]] = [
        (0, 5), (1, 0), (0, 6), (1, 1), (2, 10), (0, 8), (1, 2), (2, 11),  # event 0 runs over the day-7 boundary
        (3, 13), (2, 12), (3, 14), (4, 20), (3, 16), (4, 21), (4, 22),  # event 3 over the day-14 one
        (0, 40), (0, 41), (5, 40), (5, 42), (6, 41), (6, 43),  # event 0's words again, weeks later
        (7, None), (7, None), (5, None), (6, None), (6, None),  # undated: join a dated story, or group alone
    ]  # fmt: skip
    items = corpus(articles)
    labels, windows = group_in_shards(items, days=7, overlap=3)
    assert len(windows) == 7
    assert all(not (w.holds(START + timedelta(days=8)) and w.holds(START + timedelta(days=40))) for w in windows)
    assert groups(labels) == {
        frozenset({"a0", "a2", "a5"}),  # stitched over the day-7 boundary
        frozenset({"a1", "a3", "a6"}),
        frozenset({"a4", "a7", "a9"}),
        frozenset({"a8", "a10", "a12"}),  # stitched over the day-14 boundary
        frozenset({"a11", "a13", "a14"}),
        frozenset({"a15", "a16"}),  # event 0 again: another story
        frozenset({"a17", "a18", "a23"}),  # with the undated articles of its event
        frozenset({"a19", "a20", "a24", "a25"}),
        frozenset({"a21", "a22"}),  # undated, of an event no dated article covers: together
    }
    assert groups(labels) == groups({key: story for key, story, _ in group_shard(items)})  # as one index over everything
