"""Features of each line of a page dump for a learned line classifier, tried for issue 12 item 10.

The hand rules of `unspin/clean/rules.py` and the body search of
`unspin/clean/region.py` were chosen on the 90 extraction dev pages. A learned
second opinion was tried on top of them: each line's own features and its
neighbours' (is it a paragraph, how far from the body, how much prose is left
after it) together with what the rules decided. `training/dump_lines.py`
cross-validates it on the dev pages; it did not beat the rules with recall
kept, so nothing of it is shipped and the package is unchanged. This module
holds the features so the figures can be reproduced.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np

from unspin.clean import resources, rules
from unspin.clean.features import LineFeatures, is_headline_like, is_paragraph
from unspin.clean.page import Page
from unspin.clean.region import label_clusters, label_outside_body
from unspin.clean.scoring import page_values

_URLISH = re.compile(r"https?://|www\.|\.(?:com|org|net|co\.uk)\b", re.IGNORECASE)
_TRUNCATED = re.compile(r"(?:\.\.\.|\u2026)\s*$")
NEIGHBOURS = (-2, -1, 1, 2)
WINDOW = 5


def classify_by_rules(text: str) -> tuple[Page, Decisions | None]:
    """What `unspin.clean.dump.classify` does before its short-text safety net, and what the rules
    decided on the way (None when the text is too short for a body search)."""
    page = Page.read(text)
    rules.label_lines(page)
    rules.label_blocks(page)
    if len(page) < resources.settings()["region"]["min_lines"]:
        return page, None
    ruled = {i: verdict.confidence for i, verdict in page.labels.items()}
    values = page_values(page)
    span = label_outside_body(page)
    if span is not None:
        label_clusters(page, span)
    return page, Decisions(ruled, values, span)


@dataclass(frozen=True)
class Decisions:
    """What the rules decided about each line before the model reads it."""

    ruled: dict[int, float]  # labelled by a line or block rule: its confidence
    values: list[float]  # each line's body-search value after the rules
    span: tuple[int, int] | None  # the body the search found (headline included)


def _own(f: LineFeatures, text: str, floor: float, bullet: bool, blank_before: int) -> list[float]:
    """The line alone: length, sentence shape, prose, labels, characters."""
    letters = [c for c in text if c.isalpha()]
    return [
        math.log1p(f.words),
        float(f.terminal),
        float(f.colon_end),
        f.function_ratio,
        f.function_ratio - floor,
        f.title_ratio,
        float(f.has_verb),
        float(f.dateline),
        float(f.starts_with_quote),
        float(min(f.site_voice, 3)),
        float(f.repeats > 1),
        float(f.cue is not None),
        float(bullet),
        float(min(blank_before, 3)),
        float(is_paragraph(f, floor)),
        float(is_headline_like(f, text)),
        sum(c.isdigit() for c in text) / max(len(text), 1),
        sum(c.isupper() for c in letters) / max(len(letters), 1),
        float("|" in text),
        float(bool(_TRUNCATED.search(text))),
        float(bool(_URLISH.search(text))),
    ]


OWN_NAMES = [
    "log_words", "terminal", "colon_end", "function_ratio", "function_over_floor", "title_ratio", "has_verb",
    "dateline", "starts_with_quote", "site_voice", "repeated", "cue", "bullet", "blank_before", "paragraph",
    "headline_like", "digit_share", "upper_share", "pipe", "truncated", "urlish",
]  # fmt: skip


def _prose_shares(page: Page, paragraph: list[bool]) -> tuple[list[float], list[float]]:
    """For each line, the share of the page's paragraph words before it and after it."""
    words = [page.feats[i].words if paragraph[i] else 0 for i in range(len(page))]
    total = max(sum(words), 1)
    before, running = [], 0
    for w in words:
        before.append(running / total)
        running += w
    return before, [1.0 - b - w / total for b, w in zip(before, words)]


def vectors(page: Page, decisions: Decisions) -> np.ndarray:
    """One row of features per line of a classified page (see `FEATURE_NAMES`)."""
    n = len(page)
    paragraph = [is_paragraph(f, page.prose_floor) for f in page.feats]
    removed = [i in page.labels for i in range(n)]
    words = [math.log1p(f.words) for f in page.feats]
    before, after = _prose_shares(page, paragraph)
    start, end = decisions.span or (n, n)
    labelled_share = sum(removed) / max(n, 1)
    rows = []
    for i, (line, f) in enumerate(zip(page.lines, page.feats)):
        row = _own(f, line.text, page.prose_floor, line.bullet, line.blank_before)
        inside = start <= i < end
        distance = 0 if inside else (start - i if i < start else i - end + 1)
        row += [
            float(i in decisions.ruled),
            decisions.ruled.get(i, 0.0),
            float(removed[i]),
            float(inside),
            float(i < start),
            float(i >= end),
            math.log1p(distance),
            float(i in page.protected),
            i / max(n - 1, 1),
            max(-1.0, min(1.0, decisions.values[i] / 30.0)),
            before[i],
            after[i],
        ]
        for k in NEIGHBOURS:
            j = i + k
            ok = 0 <= j < n
            row += [float(ok and paragraph[j]), float(ok and removed[j]), words[j] if ok else 0.0]
        window = range(max(0, i - WINDOW), min(n, i + WINDOW + 1))
        row += [sum(paragraph[j] for j in window) / len(window), sum(removed[j] for j in window) / len(window)]
        row += [math.log1p(n), labelled_share]
        rows.append(row)
    return np.asarray(rows, dtype=float).reshape(n, len(FEATURE_NAMES))


FEATURE_NAMES = [
    *OWN_NAMES,
    "ruled", "rule_confidence", "removed_by_rules", "in_body", "before_body", "after_body", "log_distance",
    "headline", "position", "body_value", "prose_before", "prose_after",
    *[f"{name}_{k:+d}" for k in NEIGHBOURS for name in ("paragraph", "removed", "log_words")],
    "window_paragraph", "window_removed", "log_lines", "page_removed_share",
]  # fmt: skip


@dataclass(frozen=True)
class LineModel:
    """A standardised logistic regression (fitted by scikit-learn in `dump_lines.py`)."""

    names: list[str]
    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray
    bias: float

    def probabilities(self, rows: np.ndarray) -> np.ndarray:
        z = ((rows - self.mean) / self.scale) @ self.weights + self.bias
        return 1.0 / (1.0 + np.exp(-np.clip(z, -30.0, 30.0)))
