"""Each indexed article's neighbour list — its similarities with the articles its search found — kept compactly.

An arrival reads and extends the lists of the few articles it touches, but a store's index holds about twenty
pairs per article: two million at 100,000 articles. Lists restored from a saved index (`packed`) stay in flat
arrays and become dicts of `Similarity` only when an arrival asks for them, so loading a saved index creates no
Python object per pair.

Every pair is in both articles' lists with the same `Similarity` (the index adds them so), which is why a list of
pairs taken once each (`pairs`) is all a saved index needs. Pairs are never changed or dropped once made, only
added: the packed arrays hold those of the saved index, and each pair made since is also written, as arrays, to an
append-only log (`append` for an arrival's list, `connect` for a batch). `frozen` takes both as they stand in
no time at all, and the arrays of every pair are made from that later, on another thread if need be (the store
saves its index in the background while arrivals go on).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, fields
from operator import attrgetter

import numpy as np

from unspin.stories.pairs import Similarity

FIELDS = tuple(field.name for field in fields(Similarity))  # the values stored per pair, in `Similarity`'s order
VALUES = len(FIELDS)
_values_of = attrgetter(*FIELDS)


@dataclass(frozen=True)
class FrozenPairs:
    """Every pair of a `NeighbourLists` at one moment: its packed arrays and its log of later pairs, both only ever
    replaced or appended to, so this holds still while the lists grow."""

    start: np.ndarray
    others: np.ndarray
    values: np.ndarray
    added: tuple[tuple[np.ndarray, np.ndarray], ...]  # (pairs, values) per logged batch

    def arrays(self) -> tuple[np.ndarray, np.ndarray]:
        """Every pair once (lower number first) and its similarity values: what `NeighbourLists.packed` takes back."""
        owners = np.repeat(np.arange(len(self.start) - 1, dtype=np.int64), np.diff(self.start))
        keep = owners < self.others
        pairs = np.concatenate([np.stack([owners[keep], self.others[keep]], axis=1), *(p for p, _ in self.added)])
        return pairs, np.concatenate([self.values[keep], *(v for _, v in self.added)])


class NeighbourLists:
    """A list of `{other article number: Similarity}`, one per article number, appended to as articles arrive."""

    def __init__(self) -> None:
        self._lists: dict[int, dict[int, Similarity]] = {}  # lists made (or asked for) since the arrays were filled
        self._count = 0
        self._start = np.zeros(1, dtype=np.int64)  # packed lists: article a's pairs are rows _start[a]:_start[a + 1]
        self._others = np.zeros(0, dtype=np.int64)
        self._values = np.zeros((0, VALUES), dtype=np.float64)
        self._added: list[tuple[np.ndarray, np.ndarray]] = []  # the pairs made since the arrays were filled

    @classmethod
    def packed(cls, count: int, pairs: np.ndarray, values: np.ndarray) -> NeighbourLists:
        """The lists of articles 0..count-1 from each pair once (`pairs`: rows of two numbers; `values`: its similarity)."""
        pairs = np.asarray(pairs, dtype=np.int64).reshape(-1, 2)
        if len(pairs) and (pairs.min() < 0 or pairs.max() >= count):
            raise ValueError("a neighbour pair names an article the index does not hold")
        owners = np.concatenate([pairs[:, 0], pairs[:, 1]])
        order = np.argsort(owners, kind="stable")
        lists = cls()
        lists._count = count
        lists._others = np.concatenate([pairs[:, 1], pairs[:, 0]])[order]
        lists._values = np.concatenate([values, values])[order].astype(np.float64)
        lists._start = np.concatenate([[0], np.cumsum(np.bincount(owners, minlength=count))]).astype(np.int64)
        return lists

    def __len__(self) -> int:
        return self._count

    def append(self, found: dict[int, Similarity]) -> None:
        """The list of the next article, whose pairs with the earlier articles in `found` are new (logged here; the
        caller adds each to the other article's list)."""
        number = self._count
        self._lists[number] = found
        self._count += 1
        self._log((other, number, sim) for other, sim in found.items())

    def connect(self, links: list[tuple[int, int, Similarity]]) -> None:
        """Add new pairs (a, b, similarity) between listed articles to both their lists (`bulk_load`)."""
        for a, b, sim in links:
            self[a][b] = sim
            self[b][a] = sim
        self._log(links)

    def __iter__(self) -> Iterator[dict[int, Similarity]]:
        return (self[number] for number in range(self._count))

    def __getitem__(self, number: int) -> dict[int, Similarity]:
        found = self._lists.get(number)
        if found is None:
            if not 0 <= number < self._count:
                raise IndexError(number)
            rows = slice(int(self._start[number]), int(self._start[number + 1]))
            found = {other: Similarity(*value) for other, value in zip(self._others[rows].tolist(), self._values[rows].tolist())}
            self._lists[number] = found
        return found

    def frozen(self) -> FrozenPairs:
        """Every pair as it stands, without copying any (see `FrozenPairs`)."""
        return FrozenPairs(self._start, self._others, self._values, tuple(self._added))

    def pairs(self) -> tuple[np.ndarray, np.ndarray]:
        """Every pair once (lower number first) and its similarity values: what `packed` takes back."""
        return self.frozen().arrays()

    def _log(self, links: Iterable[tuple[int, int, Similarity]]) -> None:
        made = [(min(a, b), max(a, b), _values_of(sim)) for a, b, sim in links]
        if made:
            pairs = np.array([(a, b) for a, b, _ in made], dtype=np.int64).reshape(-1, 2)
            self._added.append((pairs, np.array([values for _, _, values in made], dtype=np.float64).reshape(-1, VALUES)))
