"""Each indexed article's neighbour list — its similarities with the articles its search found — kept compactly.

An arrival reads and extends the lists of the few articles it touches, but a store's index holds about twenty
pairs per article: two million at 100,000 articles. Lists restored from a saved index (`packed`) stay in flat
arrays: loading a saved index creates no Python object per pair, and an arrival reads what it needs of a list
straight from them — the neighbours' numbers (`neighbours`), the combined scores ranked (`ranked`), the
`Similarity` of only the pairs it scores (`among`) — while the pairs that later arrivals add to such a list wait
beside it (`link`). A list becomes a dict of `Similarity` only when someone asks for the whole of it (`[number]`).

Every pair is in both articles' lists with the same `Similarity` (the index adds them so), which is why a list of
pairs taken once each (`pairs`) is all a saved index needs. Pairs are never changed or dropped once made, only
added: the packed arrays hold those of the saved index, and each pair made since is also written, as arrays, to an
append-only log (`append` for an arrival's list, `connect` for a batch). `frozen` takes both as they stand in
no time at all, and the arrays of every pair are made from that later, on another thread if need be (the store
saves its index in the background while arrivals go on).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import numpy as np

from unspin.stories.pairs import Similarity

FIELDS = Similarity._fields  # the values stored per pair, in `Similarity`'s order
VALUES = len(FIELDS)
_EMBEDDING, _WORDS = FIELDS.index("embedding"), FIELDS.index("words")


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
        blocks = list(self.blocks())
        pairs = np.concatenate([np.zeros((0, 2), dtype=np.int64), *(p for p, _ in blocks)])
        return pairs, np.concatenate([np.zeros((0, VALUES)), *(v for _, v in blocks)])

    def count(self) -> int:
        """How many pairs (each once)."""
        return int(np.count_nonzero(self._owners() < self.others)) + sum(len(p) for p, _ in self.added)

    def blocks(self, rows: int = 1 << 17) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """`arrays` in pieces of at most `rows` packed rows: a writer on another thread then holds the interpreter
        lock for a few milliseconds at a time, never for the copy of a whole array, and makes no copy of it."""
        owners = self._owners()
        for start in range(0, len(owners), rows):
            here, others = owners[start : start + rows], self.others[start : start + rows]
            keep = here < others
            yield np.stack([here[keep], others[keep]], axis=1), self.values[start : start + rows][keep]
        yield from self.added

    def _owners(self) -> np.ndarray:
        """The article each packed row belongs to."""
        return np.repeat(np.arange(len(self.start) - 1, dtype=np.int64), np.diff(self.start))


class NeighbourLists:
    """A list of `{other article number: Similarity}`, one per article number, appended to as articles arrive.

    A list is, in order, its packed rows (articles of a restored index) and then the pairs linked to it since;
    reading it in pieces or as a dict gives that same order, so an arrival scores the same pairs in the same order
    whichever way its lists are held."""

    def __init__(self) -> None:
        self._lists: dict[int, dict[int, Similarity]] = {}  # whole lists: arrived since packing, or asked for
        self._later: dict[int, dict[int, Similarity]] = {}  # pairs linked since packing to lists still packed
        self._count = 0
        self._start = np.zeros(1, dtype=np.int64)  # packed lists: article a's pairs are rows _start[a]:_start[a + 1]
        self._others = np.zeros(0, dtype=np.int64)
        self._values = np.zeros((0, VALUES), dtype=np.float64)
        self._negated = np.zeros(0, dtype=np.float64)  # each packed row's -combined (`Similarity.combined`, negated)
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
        lists._negated = -(0.5 * lists._values[:, _EMBEDDING] + 0.5 * lists._values[:, _WORDS])  # as `combined` sums
        return lists

    def __len__(self) -> int:
        return self._count

    def append(self, found: dict[int, Similarity]) -> None:
        """The list of the next article, whose pairs with the earlier articles in `found` are new (logged here; the
        caller `link`s each to the other article's list)."""
        number = self._count
        self._lists[number] = found
        self._count += 1
        self._log((other, number, sim) for other, sim in found.items())

    def link(self, number: int, other: int, sim: Similarity) -> None:
        """Add `other` to the list of `number` (the other half of a pair `append` or `connect` made)."""
        whole = self._lists.get(number)
        if whole is not None:
            whole[other] = sim
        elif 0 <= number < self._count:
            self._later.setdefault(number, {})[other] = sim
        else:
            raise IndexError(number)

    def connect(self, links: list[tuple[int, int, Similarity]]) -> None:
        """Add new pairs (a, b, similarity) between listed articles to both their lists (`bulk_load`)."""
        for a, b, sim in links:
            self.link(a, b, sim)
            self.link(b, a, sim)
        self._log(links)

    def __iter__(self) -> Iterator[dict[int, Similarity]]:
        return (self[number] for number in range(self._count))

    def __getitem__(self, number: int) -> dict[int, Similarity]:
        """The whole list as a dict (made once, then kept: add to it with `link`)."""
        found = self._lists.get(number)
        if found is None:
            rows = self._rows(number)
            found = dict(zip(self._others[rows].tolist(), map(Similarity._make, self._values[rows].tolist())))
            found.update(self._later.pop(number, {}))
            self._lists[number] = found
        return found

    def neighbours(self, number: int) -> list[int]:
        """The numbers in the list of `number`, in its order."""
        found = self._lists.get(number)
        if found is not None:
            return list(found)
        return self._others[self._rows(number)].tolist() + list(self._later.get(number, ()))

    def ranked(self, number: int) -> list[float]:
        """Every pair's combined score in the list of `number`, negated and sorted (ascending: best first)."""
        found = self._lists.get(number)
        if found is not None:
            return sorted(-sim.combined for sim in found.values())
        negated = self._negated[self._rows(number)]
        later = self._later.get(number)
        if later:
            negated = np.concatenate([negated, [-sim.combined for sim in later.values()]])
        return np.sort(negated).tolist()

    def among(self, number: int, wanted: dict[int, int] | set[int]) -> list[tuple[int, Similarity]]:
        """(other, Similarity) for the others in the list of `number` that are in `wanted` and above `number`, in the
        list's order: the pairs of a neighbourhood, each once, with no `Similarity` made for the rest."""
        found = self._lists.get(number)
        if found is not None:
            return [(other, sim) for other, sim in found.items() if other in wanted and other > number]
        rows = self._rows(number)
        values = self._values[rows]
        picked = [
            (other, Similarity._make(values[i].tolist()))
            for i, other in enumerate(self._others[rows].tolist())
            if other in wanted and other > number
        ]
        later = self._later.get(number, {})
        return picked + [(other, sim) for other, sim in later.items() if other in wanted and other > number]

    def frozen(self) -> FrozenPairs:
        """Every pair as it stands, without copying any (see `FrozenPairs`)."""
        return FrozenPairs(self._start, self._others, self._values, tuple(self._added))

    def pairs(self) -> tuple[np.ndarray, np.ndarray]:
        """Every pair once (lower number first) and its similarity values: what `packed` takes back."""
        return self.frozen().arrays()

    def _rows(self, number: int) -> slice:
        """The packed rows of `number`'s list (none for an article packed lists do not hold)."""
        if not 0 <= number < self._count:
            raise IndexError(number)
        if number >= len(self._start) - 1:
            return slice(0, 0)
        return slice(int(self._start[number]), int(self._start[number + 1]))

    def _log(self, links: Iterable[tuple[int, int, Similarity]]) -> None:
        made = list(links)
        if made:
            pairs = np.array([(min(a, b), max(a, b)) for a, b, _ in made], dtype=np.int64).reshape(-1, 2)
            values = np.array([sim for _, _, sim in made], dtype=np.float64).reshape(-1, VALUES)  # a `Similarity` is a tuple
            self._added.append((pairs, values))
