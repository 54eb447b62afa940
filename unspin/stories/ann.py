"""Nearest-neighbour search over article embeddings: HNSW for feeds, exact search as the reference.

A new article is compared in detail only with the few articles whose lead
embeddings are nearest to its own. Finding those must not cost a pass over
everything ever indexed, or a year of news gets slower with every article: an
HNSW graph (usearch) finds them in logarithmic time. `ExactVectors` does the
same job by brute force; tests use it to check what the graph misses.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Protocol

import numpy as np

from unspin.stories.embed import DIMENSIONS


class VectorIndex(Protocol):
    def add(self, key: int, vector: np.ndarray) -> None: ...

    def search(self, vector: np.ndarray, count: int) -> list[tuple[int, float]]:
        """Up to `count` (key, cosine similarity) pairs, most similar first."""
        ...

    def __len__(self) -> int: ...


class ExactVectors:
    """Brute-force cosine search over a growing matrix (exact; cost grows with the index)."""

    def __init__(self, dimensions: int = DIMENSIONS) -> None:
        self._rows = np.zeros((1024, dimensions), dtype=np.float32)
        self._keys: list[int] = []

    def add(self, key: int, vector: np.ndarray) -> None:
        if len(self._keys) == len(self._rows):
            self._rows = np.concatenate([self._rows, np.zeros_like(self._rows)])
        self._rows[len(self._keys)] = vector
        self._keys.append(key)

    def search(self, vector: np.ndarray, count: int) -> list[tuple[int, float]]:
        n = len(self._keys)
        if n == 0:
            return []
        scores = self._rows[:n] @ vector
        top = np.argpartition(-scores, count - 1)[:count] if n > count else np.arange(n)
        top = top[np.argsort(-scores[top])]
        return [(self._keys[i], float(scores[i])) for i in top]

    def __len__(self) -> int:
        return len(self._keys)


class HnswVectors:
    """usearch's HNSW graph with cosine distance; adding and searching are logarithmic in its size."""

    def __init__(self, dimensions: int = DIMENSIONS, connectivity: int = 16, expansion: int = 64) -> None:
        from usearch.index import Index

        self._index = Index(
            ndim=dimensions,
            metric="cos",
            dtype="f32",
            connectivity=connectivity,
            expansion_add=expansion * 2,
            expansion_search=expansion,
        )

    def add(self, key: int, vector: np.ndarray) -> None:
        self._index.add(key, np.asarray(vector, dtype=np.float32))

    def add_many(self, keys: np.ndarray, vectors: np.ndarray) -> None:
        """Bulk load (benchmarks: building a 100,000-article index one by one takes minutes)."""
        self._index.add(np.asarray(keys), np.asarray(vectors, dtype=np.float32))

    def search(self, vector: np.ndarray, count: int) -> list[tuple[int, float]]:
        if len(self._index) == 0:
            return []
        found = self._index.search(np.asarray(vector, dtype=np.float32), count)
        return [(int(k), 1.0 - float(d)) for k, d in zip(found.keys, found.distances)]

    def __len__(self) -> int:
        return len(self._index)

    def keys(self) -> np.ndarray:
        return np.asarray(self._index.keys, dtype=np.int64)

    def vectors(self, keys: np.ndarray) -> np.ndarray:
        """The stored vectors of `keys` (all present), one row each."""
        return np.asarray(self._index.get(np.asarray(keys, dtype=np.int64)), dtype=np.float32).reshape(len(keys), -1)

    def save(self, path: Path) -> None:
        """The graph in usearch's own file format (vectors and links: loading it costs no insertion)."""
        self._index.save(str(path))

    def to_bytes(self) -> bytearray:
        """The graph as `save` writes it, in memory: a copy made at memory speed, which another thread can write to
        disk while this graph takes more articles."""
        return self._index.save()

    @classmethod
    def load(cls, path: Path | bytes | bytearray | memoryview, expansion: int = 64) -> HnswVectors:
        """A graph `save` wrote (a file, or `to_bytes`'s copy); raises `ValueError` when it is not one (the caller builds
        the graph again)."""
        from usearch.index import Index

        source = str(path) if isinstance(path, Path) else path
        try:
            index = Index.restore(source)
        except (RuntimeError, ValueError, OSError) as exc:
            raise ValueError(f"{_named(path)}: not a usearch index ({exc})") from None
        if index is None or index.ndim != DIMENSIONS:
            raise ValueError(f"{_named(path)}: not a usearch index of {DIMENSIONS}-dimensional vectors")
        index.expansion_add, index.expansion_search = expansion * 2, expansion  # search settings are not saved
        graph = cls.__new__(cls)
        graph._index = index
        return graph


class KeyedVectors:
    """A vector index stored under the caller's own ids (the store's article ids) while the story index speaks
    in its article numbers, which are only the order a process happened to index articles in.

    A graph saved beside the store then names its articles as the tables do: any process can check it against
    them and number the articles its own way when it loads it.
    """

    def __init__(self, graph: HnswVectors, id_of: Callable[[int], int]) -> None:
        self.graph = graph
        self._id_of = id_of  # article number -> id, asked when the number is first added
        self._numbers: dict[int, int] = {}  # id -> article number

    def adopt(self, ids: np.ndarray) -> None:
        """Number the ids already in a loaded graph: article number i is `ids[i]`."""
        self._numbers = {int(key): number for number, key in enumerate(ids)}

    def add(self, key: int, vector: np.ndarray) -> None:
        outside = self._id_of(key)
        self._numbers[outside] = key
        self.graph.add(outside, vector)

    def add_many(self, keys: np.ndarray, vectors: np.ndarray) -> None:
        outside = np.array([self._id_of(int(key)) for key in keys], dtype=np.int64)
        self._numbers.update(zip(outside.tolist(), np.asarray(keys).tolist()))
        self.graph.add_many(outside, vectors)

    def search(self, vector: np.ndarray, count: int) -> list[tuple[int, float]]:
        return [(self._numbers[key], score) for key, score in self.graph.search(vector, count)]

    def __len__(self) -> int:
        return len(self.graph)


def vector_index(kind: str = "hnsw") -> VectorIndex:
    """ "hnsw" (the default, needs usearch from the `stories` extra) or "exact"."""
    if kind == "exact":
        return ExactVectors()
    if kind != "hnsw":
        raise ValueError(f"unknown vector index {kind!r}; choose hnsw or exact")
    try:
        return HnswVectors()
    except ImportError:
        raise ImportError("the story index needs usearch: pip install 'unspin[stories]'") from None


def _named(source: object) -> str:
    """A graph's source in an error message: its path, or "the saved graph" for bytes."""
    return str(source) if isinstance(source, Path | str) else "the saved graph"
