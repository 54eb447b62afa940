"""The story index on synthetic articles: grouping, duplicates, dates, and what HNSW search misses."""

from datetime import date

import numpy as np
import pytest

from unspin.stories.ann import ExactVectors, HnswVectors
from unspin.stories.index import StoryIndex, average_linkage
from unspin.stories.metrics import bcubed

from .conftest import make_profiles

GROUPS = [
    [
        "Dockers strike at Caldera Bay port over automation. Union leader Ruben Akoli said 3,200 workers walked out.",
        "Caldera Bay port shut as 3,200 dock workers strike against automation plan, union says.",
        "Port of Caldera Bay at standstill: dockworkers strike over automated terminals, Akoli says.",
    ],
    [
        "Velmora flood: Sella river bursts its banks, 2,000 homes evacuated after Halvard Dam release.",
        "Halvard Dam water release floods Velmora; 2,000 homes evacuated as Sella river rises.",
    ],
    [
        "Council approves Lumen Bridge costing 48 million euros after marathon session.",
        "Lumen Bridge approved by city council, price tag 48 million euros.",
    ],
]


def stories_of(index: StoryIndex, items) -> list[int]:
    return [index.story_key(p.key) for p in items]


@pytest.mark.parametrize("vectors", ["exact", "hnsw"])
def test_articles_group_by_event(vectors):
    items = make_profiles(GROUPS)
    index = StoryIndex(vectors=vectors)
    index.add_all(items)
    gold = [p.key.split("-")[0] for p in items]
    assert bcubed(stories_of(index, items), gold).f1 == 1.0
    assert sorted(len(g) for g in index.groups()) == [2, 2, 3]


def test_grouping_does_not_depend_on_arrival_order():
    items = make_profiles(GROUPS)
    forward, backward = StoryIndex(vectors="exact"), StoryIndex(vectors="exact")
    forward.add_all(items)
    backward.add_all(items[::-1])
    assert sorted(map(sorted, forward.groups())) == sorted(map(sorted, backward.groups()))


def test_exact_duplicate_is_stored_once_and_listed():
    items = make_profiles(GROUPS[:1])
    copy = make_profiles(GROUPS[:1])[0]
    copy.key = "feed-b"
    index = StoryIndex(vectors="exact")
    index.add_all(items)
    assignment = index.add(copy)
    assert assignment.duplicate_of == items[0].key
    assert len(index) == 3  # not stored again
    assert index.story_key("feed-b") == index.story_key(items[0].key)
    assert "feed-b" in index.groups()[0]


def test_near_duplicate_joins_its_original():
    original = make_profiles([[GROUPS[0][0] + " The port authority said talks would resume on Friday."]])[0]
    wire = make_profiles([[GROUPS[0][0] + " The port authority said talks would resume on Friday morning."]], seed=99)[0]
    wire.key = "wire"
    index = StoryIndex(vectors="exact")
    index.add(original)
    assignment = index.add(wire)
    assert assignment.near_duplicate_of == original.key
    assert index.story_key("wire") == index.story_key(original.key)


def test_dates_far_apart_start_a_new_story():
    day = date(2024, 5, 30)
    items = make_profiles([GROUPS[0][:2] + [GROUPS[0][2]]], dates=[[day, day, date(2024, 9, 10)]])
    index = StoryIndex(vectors="exact")
    index.add_all(items)
    assert index.story_key(items[0].key) == index.story_key(items[1].key)
    assert index.story_key(items[2].key) != index.story_key(items[0].key)


def test_hnsw_finds_what_exact_search_finds():
    rng = np.random.default_rng(3)
    centres = rng.normal(size=(200, 384))
    points = np.repeat(centres, 10, axis=0) + 0.3 * rng.normal(size=(2000, 384))
    points = (points / np.linalg.norm(points, axis=1, keepdims=True)).astype(np.float32)
    exact, graph = ExactVectors(), HnswVectors()
    for key, vector in enumerate(points):
        exact.add(key, vector)
        graph.add(key, vector)
    recall = np.mean([len({k for k, _ in graph.search(q, 20)} & {k for k, _ in exact.search(q, 20)}) / 20 for q in points[::40]])
    assert recall >= 0.95


def test_bulk_load_then_add():
    items = make_profiles(GROUPS)
    index = StoryIndex(vectors="hnsw")
    index.bulk_load(items[:-1], [0, 0, 0, 1, 1, 2])
    index.add(items[-1])
    assert index.story_key(items[-1].key) == index.story_key(items[-2].key)


def test_average_linkage():
    similarity = np.array([[1, 0.9, 0.1], [0.9, 1, 0.2], [0.1, 0.2, 1]])
    labels = average_linkage(similarity, 0.5)
    assert labels[0] == labels[1] != labels[2]
    assert average_linkage(np.ones((1, 1)), 0.5) == [0]


def test_an_undated_article_cannot_bridge_events_months_apart():
    may, september = date(2024, 5, 30), date(2024, 9, 10)
    items = make_profiles([GROUPS[0]], dates=[[may, september, None]], noise=0.1)
    index = StoryIndex(vectors="exact")
    index.add_all(items)
    assert index.story_key(items[0].key) != index.story_key(items[1].key)


@pytest.mark.parametrize("sizes", [(1, 0, 1), (1, 1, 1), (2, 1, 1)])
def test_a_handful_of_articles_in_a_new_index_group_by_event(sizes):
    """A new store holds a handful of articles: no rival is no proof of a mutual best match."""
    groups = [group[:size] for group, size in zip(GROUPS, sizes) if size]
    index = StoryIndex(vectors="exact")
    index.add_all(make_profiles(groups))
    assert sorted(len(g) for g in index.groups()) == sorted(len(g) for g in groups)
