"""Sparse TF-IDF vectors and their cosine, with document frequencies shipped as data.

A word shared by two leads says more about them being one event the rarer it
is in news in general ("Kharkiv" versus "president"). The frequencies come from
the *train* split of the stories data (see unspin/data/stories/PROVENANCE.md),
so a batch of five articles is weighted as well as a feed of a million.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

SparseVector = dict[str, float]
IDF_FILE = "idf.tsv"


@dataclass(frozen=True)
class IdfTable:
    """Inverse document frequency: log((N + 1) / (df + 1)) + 1; unseen words get the highest weight."""

    documents: int
    frequencies: Mapping[str, int]

    def __call__(self, word: str) -> float:
        return math.log((self.documents + 1) / (self.frequencies.get(word, 0) + 1)) + 1.0

    @classmethod
    def fit(cls, documents: Iterable[Iterable[str]]) -> IdfTable:
        counts: Counter[str] = Counter()
        total = 0
        for document in documents:
            counts.update(set(document))
            total += 1
        return cls(total, dict(counts))

    def dump(self, path: Path, min_df: int = 2) -> None:
        """Write the table (words seen in fewer than `min_df` documents are left out: they score as unseen)."""
        rows = sorted((w, n) for w, n in self.frequencies.items() if n >= min_df)
        lines = [f"#documents\t{self.documents}"] + [f"{w}\t{n}" for w, n in rows]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    @classmethod
    def parse(cls, text: str) -> IdfTable:
        documents, frequencies = 0, {}
        for line in text.splitlines():
            word, _, count = line.partition("\t")
            if word == "#documents":
                documents = int(count)
            elif word:
                frequencies[word] = int(count)
        return cls(documents, frequencies)


@cache
def shipped_idf() -> IdfTable:
    """The table in unspin/data/stories/idf.tsv (an empty table if it is missing: every word weighs the same)."""
    path = resources.files("unspin").joinpath("data", "stories", IDF_FILE)
    try:
        return IdfTable.parse(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return IdfTable(0, {})


def tfidf(tokens: Iterable[str], idf: IdfTable) -> SparseVector:
    """Unit-length vector with sublinear term frequency (a word said five times is not five times the evidence)."""
    counts = Counter(tokens)
    vector = {w: (1.0 + math.log(n)) * idf(w) for w, n in counts.items()}
    norm = math.sqrt(sum(x * x for x in vector.values()))
    return {w: x / norm for w, x in vector.items()} if norm else {}


def cosine(a: SparseVector, b: SparseVector) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(x * b.get(w, 0.0) for w, x in a.items())
