"""Each indexed article's neighbour list — its similarities with the articles its search found — kept compactly.

An arrival reads and extends the lists of the few articles it touches, but a store's index holds about twenty
pairs per article: two million at 100,000 articles. Lists restored from a saved index (`packed`) stay in flat
arrays and become dicts of `Similarity` only when an arrival asks for them, so loading a saved index creates no
Python object per pair, and saving it again copies the untouched lists straight from the arrays.

Every pair is in both articles' lists with the same `Similarity` (the index adds them so), which is why a list of
pairs taken once each (`pairs`) is all a saved index needs.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import fields
from operator import attrgetter

import numpy as np

from unspin.stories.pairs import Similarity

FIELDS = tuple(field.name for field in fields(Similarity))  # the values stored per pair, in `Similarity`'s order
VALUES = len(FIELDS)
_values_of = attrgetter(*FIELDS)


class NeighbourLists:
    """A list of `{other article number: Similarity}`, one per article number, appended to as articles arrive."""

    def __init__(self) -> None:
        self._lists: dict[int, dict[int, Similarity]] = {}  # lists made (or asked for) since the arrays were filled
        self._count = 0
        self._start = np.zeros(1, dtype=np.int64)  # packed lists: article a's pairs are rows _start[a]:_start[a + 1]
        self._others = np.zeros(0, dtype=np.int64)
        self._values = np.zeros((0, VALUES), dtype=np.float64)

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
        self._lists[self._count] = found
        self._count += 1

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

    def pairs(self) -> tuple[np.ndarray, np.ndarray]:
        """Every pair once (lower number first) and its similarity values: what `packed` takes back."""
        packed = len(self._start) - 1
        owners = np.repeat(np.arange(packed, dtype=np.int64), np.diff(self._start))
        asked = np.zeros(packed, dtype=bool)
        asked[[number for number in self._lists if number < packed]] = True
        keep = (owners < self._others) & ~asked[owners]
        made = [(a, b, sim) for a, found in self._lists.items() for b, sim in found.items() if a < b]
        new_pairs = np.array([(a, b) for a, b, _ in made], dtype=np.int64).reshape(-1, 2)
        new_values = np.array([_values_of(sim) for _, _, sim in made], dtype=np.float64).reshape(-1, VALUES)
        pairs = np.concatenate([np.stack([owners[keep], self._others[keep]], axis=1), new_pairs])
        return pairs, np.concatenate([self._values[keep], new_values])
