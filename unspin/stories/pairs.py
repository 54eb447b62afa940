"""How likely two articles report the same event: pair features and a logistic model over them.

Absolute similarity is a poor guide: two leads about one presidential decision
can be less alike than two leads about different decisions of the same week.
What separates events is *relative* closeness — is this candidate the best
match the article has, and is the article the best match the candidate has
seen? So besides the similarities (embedding, lead words, headline words,
entity words, shared numbers) the features hold both ranks and the margins to
each side's best and third-best match. The weights are data
(unspin/data/stories/pair_model.toml), fitted on the train split by
`unspin.stories.train`.
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property
from importlib import resources
from typing import NamedTuple

import numpy as np

from unspin.stories.profile import Profile
from unspin.stories.vectors import cosine, shipped_idf

MODEL_FILE = "pair_model.toml"
FEATURES = (
    "embedding",
    "lead_words",
    "entity_words",
    "headline_words",
    "combined",
    "shared_number",
    "rank_here",
    "rank_there",
    "margin_best_here",
    "margin_best_there",
    "margin_third_here",
    "margin_third_there",
    "embedding_x_words",
    "combined_squared",
    "rarest_shared_word",
    "shared_names",
)


class Similarity(NamedTuple):
    """Direct similarities of a pair; `combined` ranks candidates. A named tuple, not a frozen dataclass: an arrival
    reads thousands (its neighbourhood's neighbour lists), and a tuple costs a third as much to make."""

    embedding: float
    words: float
    names: float
    title: float
    shared_number: float
    rarest: float = 0.0  # idf of the rarest content word both leads use, / 10
    shared_names: float = 0.0  # how many distinct entity words both leads name, log-scaled

    @property
    def combined(self) -> float:
        return 0.5 * self.embedding + 0.5 * self.words


def similarity(a: Profile, b: Profile) -> Similarity:
    idf = shipped_idf()
    shared = a.words.keys() & b.words.keys()
    return Similarity(
        embedding=float(np.dot(a.vector, b.vector)),
        words=cosine(a.words, b.words),
        names=cosine(a.names, b.names),
        title=cosine(a.title_words, b.title_words),
        shared_number=1.0 if a.numbers & b.numbers else 0.0,
        rarest=max((idf(w) for w in shared), default=0.0) / 10.0,
        shared_names=math.log1p(len(a.names.keys() & b.names.keys())),
    )


RIVALS_READ = 3  # the rank and margin features read a side's best three other neighbours


class Rivals(NamedTuple):
    """What the pair features read of one side's other neighbours (the pair itself left out): how many score above
    the pair, and the best and third-best scores (None when there are fewer)."""

    above: int
    best: float | None
    third: float | None


def rivals(scores: Sequence[float], combined: float, background: float | None = None) -> Rivals:
    """`Rivals` from a side's other neighbours' combined scores, best first.

    `background` (the index passes `PairModel.background`): a side with fewer than three other
    neighbours is filled up with rivals at that score. The model learned on indexes where every
    article has twenty neighbours, so "no rival" never occurred; read literally, it makes any pair
    look like a mutual best match, and two unrelated articles alone in a new store scored 0.59.
    """
    if background is not None:
        scores = _filled(scores, background)
    return Rivals(sum(1 for s in scores if s > combined), scores[0] if scores else None, scores[2] if len(scores) > 2 else None)


def features(sim: Similarity, here: Sequence[float], there: Sequence[float], background: float | None = None) -> list[float]:
    """Feature row for one pair of articles.

    `here` and `there`: combined scores each article has with its *other* neighbours
    (this pair excluded), best first. Both sides are treated alike, so the row does
    not depend on which article arrived first. `background`: see `rivals`.
    """
    c = sim.combined
    return features_of(sim, rivals(here, c, background), rivals(there, c, background))


def features_of(sim: Similarity, here: Rivals, there: Rivals) -> list[float]:
    """The feature row from each side's `Rivals` (what the story index computes without listing every score)."""
    c = sim.combined
    return [
        sim.embedding,
        sim.words,
        sim.names,
        sim.title,
        c,
        sim.shared_number,
        math.log1p(here.above),
        math.log1p(there.above),
        c - max(here.best, c) if here.best is not None else 0.0,
        c - max(there.best, c) if there.best is not None else 0.0,
        c - (here.third if here.third is not None else 0.0),
        c - (there.third if there.third is not None else 0.0),
        sim.embedding * sim.words,
        c * c,
        sim.rarest,
        sim.shared_names,
    ]


def _filled(scores: Sequence[float], background: float) -> list[float]:
    missing = max(0, RIVALS_READ - len(scores))
    return sorted([*scores, *[background] * missing], reverse=True)


@dataclass(frozen=True)
class PairModel:
    """Logistic regression on standardised features, plus how pair scores become a story decision."""

    mean: tuple[float, ...]
    scale: tuple[float, ...]
    weights: tuple[float, ...]
    intercept: float
    threshold: float = 0.5  # a story is joined when its score reaches this
    linkage: str = "average"  # how pair probabilities become clusters (average linkage)
    neighbours: int = 20  # candidates retrieved from the vector index per article
    window_days: int = 3  # with dates on both sides: farthest a new article may be from a story's dates
    near_duplicate: float = 0.6  # shingle resemblance at or above which two texts are the same copy
    provenance: dict[str, str] = field(default_factory=dict)

    @cached_property
    def background(self) -> float | None:
        """A retrieved neighbour's typical combined score: the mean of that feature over the training pairs
        (None for a model that keeps no feature means, such as a test's stand-in)."""
        at = FEATURES.index("combined")
        return float(self.mean[at]) if len(self.mean) > at else None

    def probability(self, rows: np.ndarray) -> np.ndarray:
        if rows.size == 0:
            return np.zeros(0)
        z = ((rows - np.asarray(self.mean)) / np.asarray(self.scale)) @ np.asarray(self.weights) + self.intercept
        return 1.0 / (1.0 + np.exp(-z))

    def to_toml(self) -> str:
        lines = ["# Pair model for story grouping: written by `python -m unspin.stories.train`; see PROVENANCE.md.", ""]
        for key, value in self.provenance.items():
            lines.append(f"# {key}: {value}")
        lines += [
            "",
            f"threshold = {self.threshold!r}",
            f'linkage = "{self.linkage}"',
            f"neighbours = {self.neighbours}",
            f"window_days = {self.window_days}",
            f"near_duplicate = {self.near_duplicate!r}",
            f"intercept = {self.intercept!r}",
            f"features = [{', '.join(repr(f).replace(chr(39), chr(34)) for f in FEATURES)}]",
            f"mean = {list(self.mean)!r}",
            f"scale = {list(self.scale)!r}",
            f"weights = {list(self.weights)!r}",
        ]
        return "\n".join(lines) + "\n"

    @classmethod
    def from_toml(cls, text: str) -> PairModel:
        data = tomllib.loads(text)
        if tuple(data.get("features", ())) != FEATURES:
            raise ValueError("pair_model.toml was fitted on other features; rerun python -m unspin.stories.train")
        return cls(
            mean=tuple(data["mean"]),
            scale=tuple(data["scale"]),
            weights=tuple(data["weights"]),
            intercept=float(data["intercept"]),
            threshold=float(data["threshold"]),
            linkage=data["linkage"],
            neighbours=int(data["neighbours"]),
            window_days=int(data["window_days"]),
            near_duplicate=float(data["near_duplicate"]),
        )


@cache
def shipped_model() -> PairModel:
    """The fitted model in unspin/data/stories/pair_model.toml."""
    path = resources.files("unspin").joinpath("data", "stories", MODEL_FILE)
    return PairModel.from_toml(path.read_text(encoding="utf-8"))
