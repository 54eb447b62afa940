"""Neighbour lists kept in flat arrays, and a story index restored from its saved graph and lists."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from unspin.stories.ann import HnswVectors, KeyedVectors
from unspin.stories.index import StoryIndex
from unspin.stories.neighbours import NeighbourLists
from unspin.stories.pairs import Similarity, features, features_of

from .conftest import make_profiles

TOPICS = ["harbour strike", "river flood", "bridge vote", "school closure", "rail fare", "tax bill", "wildfire", "election"]


def similarity(seed: int) -> Similarity:
    values = np.random.default_rng(seed).random(7)
    return Similarity(*(float(value) for value in values))


def test_packed_lists_give_back_their_pairs_and_what_was_added_since() -> None:
    pairs = np.array([[0, 1], [0, 3], [2, 3]])
    values = np.array([list(similarity(i)) for i in range(3)])
    lists = NeighbourLists.packed(4, pairs, values)
    assert lists[3] == {0: similarity(1), 2: similarity(2)}
    assert lists[1] == {0: similarity(0)}
    lists.append({1: similarity(9)})  # article 4 arrives, linked to 1
    lists.link(1, 4, similarity(9))
    again, again_values = lists.pairs()
    found = {tuple(pair): tuple(value) for pair, value in zip(again.tolist(), again_values.tolist())}
    assert found == {
        (0, 1): tuple(similarity(0)),
        (0, 3): tuple(similarity(1)),
        (2, 3): tuple(similarity(2)),
        (1, 4): tuple(similarity(9)),
    }
    assert [len(found) for found in lists] == [2, 2, 1, 2, 1]


def test_a_packed_list_read_in_pieces_reads_as_the_whole_list() -> None:
    """What an arrival reads of a packed list (its neighbours, its ranked scores, the pairs among a neighbourhood) is
    what the whole list, made into a dict, holds, in the same order, with the pairs linked to it since."""
    rng = np.random.default_rng(7)
    pairs = np.array(sorted({tuple(sorted(map(int, rng.choice(30, 2, replace=False)))) for _ in range(120)}))
    values = rng.random((len(pairs), 7))

    def made() -> NeighbourLists:
        lists = NeighbourLists.packed(30, pairs, values)
        for number in (30, 31):  # two arrivals, each linked to a few packed articles
            found = {int(other): similarity(100 * number + int(other)) for other in rng.choice(30, 5, replace=False)}
            lists.append(found)
            for other, sim in found.items():
                lists.link(other, number, sim)
        return lists

    state = rng.bit_generator.state
    pieces = made()
    rng.bit_generator.state = state
    whole = [dict(found) for found in made()]
    wanted = set(range(0, 32, 3))
    for number, found in enumerate(whole):
        assert pieces.neighbours(number) == list(found)
        assert pieces.ranked(number) == sorted(-sim.combined for sim in found.values())
        assert pieces.among(number, wanted) == [(b, sim) for b, sim in found.items() if b in wanted and b > number]
    assert [dict(found) for found in pieces] == whole  # and made whole afterwards, the same lists


def keyed_index(graph: HnswVectors | None = None, first_story: int = 0) -> StoryIndex:
    """An index whose graph is keyed by each profile's key as a number, as the store keeps it."""
    vectors = KeyedVectors(graph or HnswVectors(), lambda number: int(index.profiles[number].key))
    index = StoryIndex(vectors=vectors, first_story=first_story)
    return index


def test_an_index_restored_from_its_saved_graph_and_lists_assigns_as_the_original(tmp_path: Path) -> None:
    groups = [
        [f"The {topic} story number {g}, report {i} from outlet {i}." for i in range(4)] for g, topic in enumerate(TOPICS * 4)
    ]
    items = make_profiles(groups, noise=0.6)
    for number, item in enumerate(items):
        item.key = str(1000 + number)
    order = np.random.default_rng(5).permutation(len(items))
    arriving = [items[i] for i in order]
    original = keyed_index()
    original.add_all(arriving[:96])  # more than the 20 neighbours an arrival links to
    assert len(original) == 96

    original.vectors.graph.save(tmp_path / "graph.usearch")
    ids = np.array([int(profile.key) for profile in original.profiles])
    pairs, values = original.edges.pairs()
    restored = keyed_index(HnswVectors.load(tmp_path / "graph.usearch"), first_story=original._next_story)
    restored.vectors.adopt(ids)
    restored.restore(
        list(original.profiles),
        [original.story_key(p.key) for p in original.profiles],
        NeighbourLists.packed(len(ids), pairs, values),
    )

    for item in arriving[96:]:
        assert restored.add(item) == original.add(item)
    assert [sorted(group) for group in restored.groups()] == [sorted(group) for group in original.groups()]
    assert [dict(found) for found in restored.edges] == [dict(found) for found in original.edges]


@pytest.mark.parametrize("events", [24, 1])  # twenty neighbours and more each; two rivals at most (filled up)
def test_the_rivals_a_pair_is_scored_with_give_the_features_of_the_full_lists(events: int) -> None:
    groups = [[f"The {topic} story {g}, report {i}." for i in range(3)] for g, topic in enumerate((TOPICS * 3)[:events])]
    index = StoryIndex(vectors="exact")
    index.add_all(make_profiles(groups, noise=0.8))
    background = index.model.background
    ranked: dict[int, list[float]] = {}
    checked = 0
    for a, found in enumerate(index.edges):
        for b, sim in found.items():
            c = sim.combined
            fast = features_of(sim, index._rivals(a, c, ranked), index._rivals(b, c, ranked))
            assert fast == features(sim, index._scores(a, b), index._scores(b, a), background)
            checked += 1
    assert checked >= (20 * len(index) if events > 1 else 6)  # every article linked to its neighbours, both ways
