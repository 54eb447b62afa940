"""A learned judge of a candidate addition: would a reader find its fact lacking from the article?

Parse rules for "does the article lack this fact?" plateaued (docs/ADDITIONS.md): a reader still rejects
restatements whose one new element is a name for a role the article gives or a more exact time, and commentary
with no checkable fact. What the rules compute for a candidate (`fill.Candidate`: closeness to the article,
what is new and of which kind, how much of the rest the article already says) is weighed here by a logistic
regression fitted on the reader's verdicts on dev additions (`training/additions_judges.py`), and a candidate the
rules let through is added only when the judge's probability reaches its bar. Features, weights, the bar and where
they came from are in `unspin/data/stories/judges.json` (PROVENANCE.md beside it).
"""

from __future__ import annotations

import json
import math
from functools import cache
from pathlib import Path
from typing import Protocol

import numpy as np

DATA = Path(__file__).resolve().parents[1] / "data" / "stories" / "judges.json"


class Judged(Protocol):
    """What the judge reads of a candidate (`fill.Candidate`)."""

    text: str
    near: float
    new: tuple  # of `novelty.Element`
    restated: float
    told: bool


@cache
def model(key: str = "lacking", path: Path = DATA) -> dict | None:
    """One judge's entry of judges.json; None when none is shipped."""
    if not path.exists():
        return None
    return json.loads(path.read_text(encoding="utf-8")).get(key)


def features(candidate: Judged) -> dict[str, float]:
    """The numbers the judge may weigh, by name (the ones it does weigh are stored with its weights)."""
    core = [e for e in candidate.new if e.core and e.kind != "date"]
    kinds = {e.kind for e in core}
    return {
        "near": candidate.near,
        "restated": candidate.restated,
        "told": float(candidate.told),
        "core": float(len(core)),
        "incidental": float(len(candidate.new) - len(core)),
        "number": float("number" in kinds),
        "person": float("person" in kinds),
        "name": float("name" in kinds),
        "quotation": float(any(e.kind == "quotation" for e in candidate.new)),
        "speaker_only": float(bool(core) and all(e.speaker for e in core)),
        "words": math.log(1 + len(candidate.text.split())),
    }


def probability(candidate: Judged, weights: dict | None = None) -> float | None:
    """P(a reader finds the fact lacking) by the judge (`weights`: an entry like judges.json's); None without one."""
    weights = weights if weights is not None else model()
    if weights is None:
        return None
    values = features(candidate)
    x = np.array([values[name] for name in weights["features"]])
    logit = float(((x - np.asarray(weights["mean"])) / np.asarray(weights["scale"])) @ np.asarray(weights["weights"]))
    return 1.0 / (1.0 + math.exp(-(logit + weights["bias"])))


def trusted(candidate: Judged, weights: dict | None = None) -> bool:
    """The judge's probability reaches its bar (a candidate is trusted when no judge is shipped)."""
    weights = weights if weights is not None else model()
    p = probability(candidate, weights)
    return p is None or p >= weights["bar"]
