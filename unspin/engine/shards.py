"""Story grouping in date-window shards: no process holds every article, the result stays the stream's.

The streaming `StoryIndex` links two dated articles only when they are at most `window_days`
apart (its date window; `unspin/data/stories/`). So the dated articles are cut into windows of
`days` days (the *core*) widened by `overlap` days on each side, with `overlap` at least the
index's window: every pair the single stream could link lies together in some shard. Each shard
is grouped on its own by a fresh `StoryIndex`, in publication order as `group_reports` feeds it;
an article of the widened edge belongs to two shards, and `stitch` joins the stories of the shards
that share an article (connected components, scipy), so a story running across a window boundary
ends as one story.

Undated articles have no window: they are one shard of their own, grouped among themselves, and
never join a dated story (the single stream appends them after the dated articles, where they
may). A batch without dates — the AllSides stories data — is therefore that one shard: the same
articles in the same order through the same index as the single stream, and the same stories.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from unspin.stories.profile import Profile

DEFAULT_SHARD_DAYS = 7  # a week of coverage per shard: thousands of articles for a large archive, not millions


@dataclass(frozen=True)
class Window:
    """Shard `index`: articles dated `start`..`end` (core, end excluded) and `overlap` days either side.

    The undated shard has no dates (`start` is None) and holds exactly the undated articles.
    """

    index: int
    start: date | None = None
    end: date | None = None
    overlap: int = 0

    @property
    def undated(self) -> bool:
        return self.start is None

    def holds(self, day: date | None) -> bool:
        """Whether an article of this date is grouped in this shard (core or overlap)."""
        if self.start is None or self.end is None:
            return day is None
        if day is None:
            return False
        margin = timedelta(days=self.overlap)
        return self.start - margin <= day < self.end + margin

    def bounds(self) -> tuple[date, date] | None:
        """First and last day (both included) of the widened window; None for the undated shard."""
        if self.start is None or self.end is None:
            return None
        margin = timedelta(days=self.overlap)
        return self.start - margin, self.end + margin - timedelta(days=1)


def plan_windows(first: date | None, last: date | None, *, undated: bool, days: int, overlap: int) -> list[Window]:
    """Windows covering `first`..`last` in steps of `days`, then the undated shard when there are undated articles."""
    if days < 1 or overlap < 0:
        raise ValueError(f"shard days must be at least 1 and overlap at least 0 (got {days} and {overlap})")
    windows: list[Window] = []
    if first is not None and last is not None:
        start = first
        while start <= last:
            windows.append(Window(len(windows), start, start + timedelta(days=days), overlap))
            start += timedelta(days=days)
    if undated:
        windows.append(Window(len(windows)))
    return windows


def group_shard(items: Iterable[tuple[int, Profile]], vectors: str = "hnsw") -> list[tuple[str, int]]:
    """(article key, story number within the shard) for one shard's (input position, profile) pairs.

    Articles arrive in publication order, ties (and undated articles) in input order: the order
    `unspin.stories.story.group_reports` streams a whole batch in.
    """
    from unspin.stories.index import StoryIndex

    ordered = sorted(items, key=lambda item: (item[1].published is None, item[1].published or date.min, item[0]))
    index = StoryIndex(vectors=vectors)
    index.add_all(profile for _, profile in ordered)
    return [(profile.key, index.story_key(profile.key)) for _, profile in ordered]


def stitch(shards: Sequence[Sequence[tuple[str, int]]], order: Sequence[str] | None = None) -> dict[str, int]:
    """One story number per article key, joining the shards' stories that share an article.

    Stories are numbered from 1 in the order of their first article in `order` (default: as the
    shards list them), so the same shards always give the same numbers.
    """
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    node: dict[tuple[int, int], int] = {}
    first_node: dict[str, int] = {}
    rows: list[int] = []
    cols: list[int] = []
    for shard, labels in enumerate(shards):
        for key, story in labels:
            number = node.setdefault((shard, story), len(node))
            seen = first_node.setdefault(key, number)
            if seen != number:
                rows.append(seen)
                cols.append(number)
    graph = coo_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(node), len(node)))
    _, component = connected_components(graph, directed=False)
    numbers: dict[int, int] = {}
    result: dict[str, int] = {}
    for key in order if order is not None else first_node:
        result[key] = numbers.setdefault(int(component[first_node[key]]), len(numbers) + 1)
    return result


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
    shards = [group_shard([item for item in items if window.holds(item[1].published)], vectors) for window in windows]
    order = [profile.key for _, profile in sorted(items, key=lambda item: item[0])]
    return stitch(shards, order), windows
