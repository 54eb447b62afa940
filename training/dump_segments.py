"""Cross-validate the learned line log-odds *inside* a body search, on the extraction dev pages only.

    python -m training.dump_segments                      # trim: remove what lies outside the model's best run
    python -m training.dump_segments --mode boxes         # boxes: remove low-scoring runs inside the page
    python -m training.dump_segments --headline-removable # let the model remove the protected headline too
    python -m training.dump_segments --lxml               # also score held-out lxml dumps of the same pages

Issue 12 item 10, route 4: not shipped (figures in docs/BENCHMARKS.md,
"Cleaning text dumps"). Route 2 (`training/dump_lines.py`) decided line by
line and lost the contiguity of the body. Here each line's score is its
log-odds from route 2's logistic regression (hand-rule decisions among its
features; the lxml dumps of the training pages join training, so it does not
fit one dump tool) minus an offset, and the model only removes lines the rules
keep: in `trim` mode those outside the maximum-sum run of the scores (Kadane,
as the rules' own body search), in `boxes` mode those inside a run whose
scores sum below -`box` (minimum-sum runs, found greedily) -- each only when
the model also reads the line itself as furniture (probability of article
under `doubt`). The headline the body search protects is never removed
(the cleaner keeps it, and `kept_headline` reads the title from it) unless
`--headline-removable`. The offset (and box size) are chosen inside the
training folds on their own out-of-fold log-odds (the best F1 with recall
within 0.0005 of the rules' there); each held-out fold is scored once.
`--where` prints where the words the rules keep but the labels call furniture
lie (headline, inside the body, outside it): the ceiling of a search that
only moves the body's ends. About 10-20 s of CPU a run.
"""

from __future__ import annotations

import argparse
import itertools
import sys
from dataclasses import dataclass

import numpy as np
from sklearn.model_selection import GroupKFold

from training.dump_line_features import FEATURE_NAMES, LineModel
from training.dump_lines import FOLDS, PageData, build, counts, dev_dumps, fit, groups, lxml_dump, prf
from unspin.clean.scoring import best_run
from unspin.eval import metrics

HEADLINE = FEATURE_NAMES.index("headline")
IN_BODY = FEATURE_NAMES.index("in_body")
LOG_WORDS = FEATURE_NAMES.index("log_words")
# Recall may fall short of the rules' by less than this (the brief's tolerance is 0.001).
RECALL_SLACK = 0.0005


def log_odds(model: LineModel, rows: np.ndarray) -> np.ndarray:
    return np.clip(((rows - model.mean) / model.scale) @ model.weights + model.bias, -30.0, 30.0)


def outside_best_run(scores: np.ndarray) -> np.ndarray:
    """True for the lines outside the maximum-sum run (every line when nothing scores above 0)."""
    outside = np.ones(len(scores), dtype=bool)
    span = best_run(scores.tolist())
    if span is not None:
        outside[span[0] : span[1]] = False
    return outside


def low_runs(scores: np.ndarray, box: float) -> np.ndarray:
    """True for the lines of every disjoint run whose scores sum to -`box` or less (greedy, lowest first)."""
    inside = np.zeros(len(scores), dtype=bool)
    pending = [(0, len(scores))]
    while pending:
        lo, hi = pending.pop()
        span = best_run((-scores[lo:hi]).tolist()) if hi > lo else None
        if span is None or -scores[lo + span[0] : lo + span[1]].sum() < box:
            continue
        inside[lo + span[0] : lo + span[1]] = True
        pending += [(lo, lo + span[0]), (lo + span[1], hi)]
    return inside


@dataclass(frozen=True)
class Search:
    """How line log-odds narrow the rules' kept lines (see the module docstring)."""

    offset: float
    mode: str = "trim"
    box: float = 10.0
    doubt: float = 0.5
    headline_removable: bool = False

    def keep(self, page: PageData, odds: np.ndarray) -> np.ndarray:
        scores = odds - self.offset
        region = outside_best_run(scores) if self.mode == "trim" else low_runs(scores, self.box)
        doubted = region & (1.0 / (1.0 + np.exp(-odds)) < self.doubt)
        if not self.headline_removable:
            doubted &= page.X[:, HEADLINE] == 0
        return page.rules_keep & ~doubted


def grid(mode: str, headline_removable: bool) -> list[Search]:
    offsets = (-6.0, -5.0, -4.0, -3.0, -2.0, -1.0, 0.0)
    boxes = (5.0, 20.0) if mode == "boxes" else (10.0,)
    return [Search(o, mode, b, 0.5, headline_removable) for o, b in itertools.product(offsets, boxes)]


def choose(pages: list[PageData], odds: list[np.ndarray], searches: list[Search]) -> Search:
    """The best F1 whose recall is within `RECALL_SLACK` of the rules' on these pages."""
    floor = prf(pages, [p.rules_keep for p in pages]).recall - RECALL_SLACK
    scores = {s: prf(pages, [s.keep(p, o) for p, o in zip(pages, odds)]) for s in searches}
    kept = [s for s, score in scores.items() if score.recall >= floor]
    if not kept:
        return max(scores, key=lambda s: (scores[s].recall, scores[s].f1))
    return max(kept, key=lambda s: scores[s].f1)


def with_other(other: dict[str, PageData]):
    """A fitter that also trains on the other dumps of its training pages (never of held-out ones)."""
    return lambda training, c=1.0: fit(training + [other[p.id] for p in training if p.id in other], c)


def out_of_fold(pages: list[PageData], fitter) -> list[np.ndarray]:
    """Each page's line log-odds from a model that never saw its site."""
    odds: list[np.ndarray] = [np.empty(0)] * len(pages)
    for train, held in GroupKFold(n_splits=FOLDS).split(np.zeros(len(pages)), groups=groups(pages)):
        model = fitter([pages[i] for i in train])
        for i in held:
            odds[i] = log_odds(model, pages[i].X)
    return odds


def cross_validate(pages: list[PageData], other: dict[str, PageData], searches: list[Search]):
    """Held-out keep decisions for every page and for its lxml dump, the search chosen in the training folds."""
    keeps: list[np.ndarray] = [np.empty(0)] * len(pages)
    held_other: dict[str, np.ndarray] = {}
    chosen = []
    fitter = with_other(other)
    for train, held in GroupKFold(n_splits=FOLDS).split(np.zeros(len(pages)), groups=groups(pages)):
        training = [pages[i] for i in train]
        search = choose(training, out_of_fold(training, fitter), searches)
        model = fitter(training)
        chosen.append(search)
        for i in held:
            keeps[i] = search.keep(pages[i], log_odds(model, pages[i].X))
            if pages[i].id in other:
                page = other[pages[i].id]
                held_other[page.id] = search.keep(page, log_odds(model, page.X))
    return keeps, chosen, held_other


def where(pages: list[PageData]) -> None:
    """Words the rules keep that the labels call furniture: on the headline, inside the body, outside it."""
    totals = {"headline": 0.0, "inside the body": 0.0, "outside the body": 0.0}
    for p in pages:
        words = np.expm1(p.X[:, LOG_WORDS])
        wrong = p.rules_keep & ~p.y.astype(bool)
        headline, inside = p.X[:, HEADLINE] > 0, p.X[:, IN_BODY] > 0
        totals["headline"] += words[wrong & headline].sum()
        totals["inside the body"] += words[wrong & inside & ~headline].sum()
        totals["outside the body"] += words[wrong & ~inside & ~headline].sum()
    print("words the rules keep, labelled furniture: " + ", ".join(f"{k} {v:.0f}" for k, v in totals.items()))


def report(pages: list[PageData], keeps: list[np.ndarray], name: str) -> None:
    rules = counts(pages, [p.rules_keep for p in pages])
    model = counts(pages, keeps)
    r, m = metrics.extraction_prf(rules), metrics.extraction_prf(model)
    lost = sum(1 for a, b in zip(rules, model) if b[0] / max(b[0] + b[2], 1e-9) < a[0] / max(a[0] + a[2], 1e-9) - 0.01)
    print(f"{name:28s} rules {r.precision:.4f}/{r.recall:.4f}/{r.f1:.4f}   search {m.precision:.4f}/{m.recall:.4f}/{m.f1:.4f}")
    print(f"{'':28s} pages losing > 0.01 recall: {lost} of {len(pages)}", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mode", choices=["trim", "boxes"], default="trim")
    parser.add_argument("--headline-removable", action="store_true", help="the model may remove the protected headline")
    parser.add_argument("--lxml", action="store_true", help="also score the held-out lxml dumps of the dev pages")
    parser.add_argument("--where", action="store_true", help="where the kept furniture words lie, then stop")
    args = parser.parse_args(argv)
    pages = build(dev_dumps())
    if args.where:
        where(pages)
        return 0
    other = {p.id: p for p in build(dev_dumps(lxml_dump, "lxml"))}
    keeps, chosen, held_other = cross_validate(pages, other, grid(args.mode, args.headline_removable))
    report(pages, keeps, f"5 folds by site, {args.mode}")
    for search in chosen:
        print(f"{'':28s} {search}")
    if args.lxml:
        scored = [other[i] for i in held_other]
        report(scored, [held_other[p.id] for p in scored], "the same on lxml dumps")
    return 0


if __name__ == "__main__":
    sys.exit(main())
