"""Story grouping in date-window shards: no process holds every article, the result stays the stream's.

The streaming `StoryIndex` links two dated articles only when they are at most `window_days`
apart (its date window; `unspin/data/stories/`). So the dated articles are cut into windows of
`days` days (the *core*) widened by `overlap` days on each side, with `overlap` at least the
index's window: every pair the single stream could link lies together in some shard. Each shard
is grouped on its own by a fresh `StoryIndex`, in publication order as `group_reports` feeds it.
An article of the widened edge is in two shards; it keeps the story of the shard whose core holds
it, and `stitch` makes two shards' stories one when they share an article and agree on every
article both shards saw (connected components, scipy) — so a story running across a window
boundary ends as one story, while an article one shard filed differently cannot chain two.

Undated articles have no window. The single stream files them after every dated article, where
they may join any story; here they join every dated shard, after its dated articles, and each
takes the story of the shard where it found the most dated story-mates (the first such shard on
a tie; none anywhere: the first shard, so undated articles grouped together stay together). They
never link two shards' stories. Each shard holds every undated article: cheap while they are few;
a batch with no dates at all — the AllSides stories data — is one shard, the same articles in the
same order through the same index as the single stream, and the same stories.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import combinations

import numpy as np

from unspin.stories.profile import Profile

DEFAULT_SHARD_DAYS = 7  # a week of coverage per shard: thousands of articles for a large archive, not millions
CORE, EDGE, UNDATED = "core", "edge", "undated"  # an article's place in a shard
Label = tuple[str, int, str]  # (article key, story number within the shard, place)


@dataclass(frozen=True)
class Window:
    """Shard `index`: articles dated `start`..`end` (core, end excluded), `overlap` days either side, and
    every undated article. The undated shard (`start` None) exists only when no article is dated.
    """

    index: int
    start: date | None = None
    end: date | None = None
    overlap: int = 0

    @property
    def undated(self) -> bool:
        return self.start is None

    def holds(self, day: date | None) -> bool:
        """Whether an article of this date (None: undated) is grouped in this shard."""
        if day is None or self.start is None or self.end is None:
            return day is None
        margin = timedelta(days=self.overlap)
        return self.start - margin <= day < self.end + margin

    def place(self, day: date | None) -> str:
        """CORE for a date this shard's core holds (and for every article of the undated-only shard), else EDGE."""
        if day is None:
            return CORE if self.start is None else UNDATED
        return CORE if self.start is not None and self.end is not None and self.start <= day < self.end else EDGE

    def bounds(self) -> tuple[date, date] | None:
        """First and last day (both included) of the widened window (undated articles besides); None: undated only."""
        if self.start is None or self.end is None:
            return None
        margin = timedelta(days=self.overlap)
        return self.start - margin, self.end + margin - timedelta(days=1)


def plan_windows(first: date | None, last: date | None, *, undated: bool, days: int, overlap: int) -> list[Window]:
    """Windows covering `first`..`last` in steps of `days`; with no dated article, the undated shard alone."""
    if days < 1 or overlap < 0:
        raise ValueError(f"shard days must be at least 1 and overlap at least 0 (got {days} and {overlap})")
    windows: list[Window] = []
    if first is not None and last is not None:
        start = first
        while start <= last:
            windows.append(Window(len(windows), start, start + timedelta(days=days), overlap))
            start += timedelta(days=days)
    if undated and not windows:
        windows.append(Window(0))
    return windows


def group_shard(items: Iterable[tuple[int, Profile]], window: Window | None = None, vectors: str = "hnsw") -> list[Label]:
    """(key, story within the shard, place) for one shard's (input position, profile) pairs.

    Articles arrive in publication order, ties (and undated articles) in input order: the order
    `unspin.stories.story.group_reports` streams a whole batch in. Without `window` (the single
    stream) every dated article is CORE.
    """
    from unspin.stories.index import StoryIndex

    ordered = sorted(items, key=lambda item: (item[1].published is None, item[1].published or date.min, item[0]))
    index = StoryIndex(vectors=vectors)
    index.add_all(profile for _, profile in ordered)
    return [(p.key, index.story_key(p.key), _place(window, p.published)) for _, p in ordered]


def _place(window: Window | None, day: date | None) -> str:
    if window is not None:
        return window.place(day)
    return CORE if day is not None else UNDATED


def stitch(shards: Sequence[Sequence[Label]], order: Sequence[str] | None = None) -> dict[str, int]:
    """One story number per article key from the shards' labels (see the module).

    Stories are numbered from 1 in the order of their first article in `order` (default: as the
    shards list them), so the same shards always give the same numbers.
    """
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    ids: dict[tuple[int, int], int] = {}
    shard_of: list[int] = []
    members: dict[int, set[str]] = defaultdict(set)  # dated keys of each (shard, story) node
    seen: list[set[str]] = [set() for _ in shards]  # dated keys of each shard
    places: dict[str, list[int]] = defaultdict(list)
    home: dict[str, int] = {}
    undated: dict[str, list[int]] = defaultdict(list)
    for shard, labels in enumerate(shards):
        for key, story, place in labels:
            if (shard, story) not in ids:
                ids[(shard, story)] = len(ids)
                shard_of.append(shard)
            node = ids[(shard, story)]
            if place == UNDATED:
                undated[key].append(node)
                continue
            members[node].add(key)
            seen[shard].add(key)
            places[key].append(node)
            if place == CORE:
                home[key] = node
    links = _agreeing(places, members, seen, shard_of)
    graph = coo_matrix((np.ones(len(links)), tuple(zip(*links)) or ([], [])), shape=(len(ids), len(ids)))
    _, component = connected_components(graph, directed=False)
    for key, nodes in undated.items():
        home[key] = max(nodes, key=lambda node: (len(members[node]), -shard_of[node]))
    numbers: dict[int, int] = {}
    result: dict[str, int] = {}
    for key in order if order is not None else home:
        result[key] = numbers.setdefault(int(component[home[key]]), len(numbers) + 1)
    return result


def _agreeing(
    places: dict[str, list[int]], members: dict[int, set[str]], seen: list[set[str]], shard_of: list[int]
) -> list[tuple[int, int]]:
    """Pairs of nodes (stories of two shards) that share an article and agree on every article both shards saw."""
    common: dict[tuple[int, int], set[str]] = {}
    checked: set[tuple[int, int]] = set()
    links = []
    for nodes in places.values():
        for a, b in combinations(sorted(nodes), 2):
            if (a, b) in checked:
                continue
            checked.add((a, b))
            pair = (shard_of[a], shard_of[b])
            if pair not in common:
                common[pair] = seen[pair[0]] & seen[pair[1]]
            if members[a] & common[pair] == members[b] & common[pair]:
                links.append((a, b))
    return links


def group_in_shards(
    items: Sequence[tuple[int, Profile]], *, days: int = DEFAULT_SHARD_DAYS, overlap: int | None = None, vectors: str = "hnsw"
) -> tuple[dict[str, int], list[Window]]:
    """The sharded grouping in this process (tests, the reference for the Dask path): story per key, and the shards.

    `overlap` defaults to the shipped pair model's date window, the least that keeps every
    linkable pair together in some shard.
    """
    if overlap is None:
        from unspin.stories.pairs import shipped_model

        overlap = shipped_model().window_days
    days_seen = [profile.published for _, profile in items if profile.published is not None]
    undated = len(days_seen) < len(items)
    windows = plan_windows(
        min(days_seen, default=None), max(days_seen, default=None), undated=undated, days=days, overlap=overlap
    )
    shards = [group_shard([item for item in items if window.holds(item[1].published)], window, vectors) for window in windows]
    order = [profile.key for _, profile in sorted(items, key=lambda item: item[0])]
    return stitch(shards, order), windows
