"""The ledger's confidence: the detector's probability, recalibrated per edit kind.

The scorer's probability is calibrated for *a word* being loaded; the ledger states
how sure unspin is of *an edit*, which is a different population (only words past a
threshold, joined into spans, kept by the rules). `training/operating_point.py` fits
one logistic map per kind (cut, modify, flag) on held-out dev edits; this module
applies it. Without the file the raw probability is kept.
"""

from __future__ import annotations

import json
import math
from functools import cache
from importlib import resources

FILE = "edit_calibration.json"


@cache
def fitted() -> dict[str, list[float]]:
    path = resources.files("unspin.data.model").joinpath(FILE)
    if not path.is_file():
        return {}
    return json.loads(path.read_text("utf-8")).get("kinds", {})


def apply_calibration(fit: dict[str, list[float]], kind: str, raw: float) -> float:
    """sigmoid(a * logit(raw) + b) for the kind's (a, b); raw when the kind has no fit."""
    if kind not in fit:
        return raw
    a, b = fit[kind]
    p = min(max(raw, 1e-4), 1 - 1e-4)
    return round(1 / (1 + math.exp(-(a * math.log(p / (1 - p)) + b))), 3)


def calibrated(kind: str, raw: float) -> float:
    return apply_calibration(fitted(), kind, raw)
