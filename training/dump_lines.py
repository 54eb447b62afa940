"""Cross-validate a learned line classifier for the dump cleaner on the extraction *dev* pages only.

    python -m training.dump_lines                          # logistic regression replacing the rules' decision
    python -m training.dump_lines --mode remove            # ...only removing lines the rules keep
    python -m training.dump_lines --mode remove-body       # ...the same, never removing the protected headline
    python -m training.dump_lines --mode restore           # ...only restoring lines the rules remove
    python -m training.dump_lines --trees                  # gradient-boosted trees instead (slow: ~5 min CPU)
    python -m training.dump_lines --lxml                   # also: rules and model on lxml dumps of the same pages
    python -m training.dump_lines --augment                # route 3: lxml dumps of the training pages join training

Issue 12 item 10, route 2: none of these beat the rules alone with recall
kept (figures in docs/BENCHMARKS.md, "Cleaning text dumps"), so nothing is
written to the package. Not part of `make train`.

Each dev page is turned into a text dump as `unspin eval clean` makes it
(inscriptis), classified by the hand rules and the body search
(`unspin.clean.dump.classify_by_rules`), and every line labelled from the
page's `article_body`: article text when most of the 4-word shingles that
touch it (with three words of context on each side) are in the body. The
test split is never opened (`for_training=True`).

Cross-validation is by site (pages of one host stay in one fold), five folds.
Inside each outer fold the threshold is chosen on the four training folds'
own out-of-fold probabilities (an inner five-fold split by site), at the best
mean F1 whose recall is not below the rules' recall on those pages; the held-out
fold is scored once with it. The printed table compares the rules alone with
the model, pooled over the 90 held-out pages with the benchmark's measure.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from training.dump_line_features import FEATURE_NAMES, LineModel, classify_by_rules, vectors
from unspin.eval import metrics
from unspin.eval.datasets import load_extraction
from unspin.eval.dumps import text_dump

CACHE = Path(__file__).resolve().parent / ".cache" / "dump_lines"
CONTEXT = metrics.SHINGLE - 1
THRESHOLDS = np.round(np.concatenate([[0.005, 0.01, 0.02, 0.03], np.arange(0.05, 0.951, 0.05)]), 3)
FOLDS = 5
C = 1.0


@dataclass
class PageData:
    id: str
    site: str
    body: str
    text: str
    starts: list[int]  # each line's [start, end) in the dump
    ends: list[int]
    rules_keep: np.ndarray  # bool per line: the rules keep it
    X: np.ndarray
    y: np.ndarray


def dev_dumps(dumper=text_dump, name: str = "inscriptis") -> list[tuple[str, str, str, str]]:
    """(id, url, body, dump) of every dev page; the dumps cached, as making them is the slow part."""
    cache = CACHE / f"dev-{name}.json"
    if cache.exists():
        return [tuple(row) for row in json.loads(cache.read_text())]
    rows = [(p.id, p.url, p.article_body, dumper(p.html())) for p in load_extraction("dev", for_training=True)]
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_text(json.dumps(rows))
    return rows


_BLOCKS = frozenset(
    "address article aside blockquote br dd details div dl dt figcaption figure footer form h1 h2 h3 h4 h5 h6 header "
    "hr li main nav ol p pre section summary table td th tr ul".split()
)


def lxml_dump(html: str) -> str:
    """Another scraper's dump of the same page: lxml's text with a line break at every block element
    (no bullets, no layout), so the model is not fitted to inscriptis's way of writing a page."""
    import lxml.html

    tree = lxml.html.fromstring(html)
    for bad in tree.xpath("//script|//style|//noscript|//head|//template|//svg"):
        bad.drop_tree()
    for element in tree.iter():
        if isinstance(element.tag, str) and element.tag.lower() in _BLOCKS:
            element.text = "\n" + (element.text or "")
            element.tail = "\n" + (element.tail or "")
    lines = (" ".join(line.split()) for line in tree.text_content().splitlines())
    return "\n".join(line for line in lines if line) + "\n"


def line_labels(page, body: str) -> np.ndarray:
    """1 for a line most of whose shingles (with context from its neighbours) are in the body."""
    truth = set(metrics.shingles(body))
    owners: list[int] = []
    tokens: list[str] = []
    for i, line in enumerate(page.lines):
        found = metrics._BENCH_TOKEN.findall(line.raw)
        tokens += found
        owners += [i] * len(found)
    n = metrics.SHINGLE
    hits = np.zeros(len(page))
    total = np.zeros(len(page))
    for s in range(max(1, len(tokens) - n + 1)):
        gram = tuple(tokens[s : s + n])
        inside = gram in truth
        for i in set(owners[s : s + n]):
            hits[i] += inside
            total[i] += 1
    return (total > 0) & (hits >= 0.5 * np.maximum(total, 1))


def build(rows) -> list[PageData]:
    pages = []
    for page_id, url, body, dump in rows:
        page, decisions = classify_by_rules(dump)
        if decisions is None:
            continue
        X = vectors(page, decisions)
        keep = np.array([i not in page.labels for i in range(len(page))])
        site = urlparse(url).hostname or page_id
        starts = [line.start for line in page.lines]
        ends = [line.end for line in page.lines]
        pages.append(PageData(page_id, site.removeprefix("www."), body, dump, starts, ends, keep, X, line_labels(page, body)))
    return pages


def output(page: PageData, keep: np.ndarray) -> str:
    return "".join(page.text[s:e] for s, e, k in zip(page.starts, page.ends, keep) if k)


def counts(pages: list[PageData], keeps: list[np.ndarray]) -> list[tuple[float, float, float]]:
    return [metrics.shingle_match(p.body, output(p, k)) for p, k in zip(pages, keeps)]


def prf(pages, keeps) -> metrics.PRF:
    return metrics.extraction_prf(counts(pages, keeps))


def fit(pages: list[PageData], c: float = C) -> LineModel:
    X = np.vstack([p.X for p in pages])
    y = np.concatenate([p.y for p in pages])
    mean, scale = X.mean(axis=0), X.std(axis=0)
    scale[scale == 0] = 1.0
    clf = LogisticRegression(C=c, max_iter=2000)
    clf.fit((X - mean) / scale, y)
    return LineModel(list(FEATURE_NAMES), mean, scale, clf.coef_[0], float(clf.intercept_[0]))


class Trees:
    """Gradient-boosted trees on the same features (scikit-learn's histogram GBM, shallow, regularised)."""

    def __init__(self, pages: list[PageData], iterations: float) -> None:
        from sklearn.ensemble import HistGradientBoostingClassifier

        X = np.vstack([p.X for p in pages])
        y = np.concatenate([p.y for p in pages])
        self.model = HistGradientBoostingClassifier(
            max_depth=3, learning_rate=0.1, max_iter=int(iterations), l2_regularization=1.0, min_samples_leaf=40, random_state=0
        ).fit(X, y)

    def probabilities(self, X: np.ndarray) -> np.ndarray:
        return self.model.predict_proba(X)[:, 1]


def groups(pages: list[PageData]) -> np.ndarray:
    return np.array([p.site for p in pages])


def out_of_fold(pages: list[PageData], folds: int, c: float, fitter=fit) -> list[np.ndarray]:
    """Each page's line probabilities from a model that never saw its site."""
    probs: list[np.ndarray] = [np.empty(0)] * len(pages)
    for train, held in GroupKFold(n_splits=folds).split(np.zeros(len(pages)), groups=groups(pages)):
        model = fitter([pages[i] for i in train], c)
        for i in held:
            probs[i] = model.probabilities(pages[i].X)
    return probs


def combine(mode: str, probs: np.ndarray, threshold: float, page: PageData) -> np.ndarray:
    """Which lines stay: the model alone ("replace"), or the rules' keep narrowed ("remove"; "remove-body":
    never the headline the body search protects, which the cleaner keeps) or widened ("restore")."""
    keep, rules_keep = probs >= threshold, page.rules_keep
    if mode == "remove-body":
        return rules_keep & (keep | (page.X[:, FEATURE_NAMES.index("headline")] > 0))
    if mode == "remove":
        return rules_keep & keep
    if mode == "restore":
        return rules_keep | keep
    return keep


def choose_threshold(pages: list[PageData], probs: list[np.ndarray], mode: str = "replace") -> float:
    """The best mean F1 whose recall is at least the rules' on these pages (to three decimals); when no
    threshold keeps that recall, the one that loses least of it."""
    floor = round(prf(pages, [p.rules_keep for p in pages]).recall, 3)
    scores = {float(t): prf(pages, [combine(mode, pr, t, p) for p, pr in zip(pages, probs)]) for t in THRESHOLDS}
    kept = [t for t, score in scores.items() if round(score.recall, 3) >= floor]
    if not kept:
        return max(scores, key=lambda t: (scores[t].recall, scores[t].f1))
    return max(kept, key=lambda t: scores[t].f1)


def cross_validate(
    pages: list[PageData], c: float = C, fitter=fit, mode: str = "replace", also: dict[str, PageData] | None = None
) -> tuple[list[np.ndarray], list[float], dict[str, np.ndarray]]:
    """Held-out keep decisions for every page (nested: the threshold from the training folds only), and for
    the pages of `also` (other dumps of the same pages, by id) from the fold that held their page out."""
    keeps: list[np.ndarray] = [np.empty(0)] * len(pages)
    other: dict[str, np.ndarray] = {}
    chosen = []
    for train, held in GroupKFold(n_splits=FOLDS).split(np.zeros(len(pages)), groups=groups(pages)):
        training = [pages[i] for i in train]
        threshold = choose_threshold(training, out_of_fold(training, FOLDS, c, fitter), mode)
        model = fitter(training, c)
        chosen.append(threshold)
        for i in held:
            keeps[i] = combine(mode, model.probabilities(pages[i].X), threshold, pages[i])
            if also and pages[i].id in also:
                page = also[pages[i].id]
                other[page.id] = combine(mode, model.probabilities(page.X), threshold, page)
    return keeps, chosen, other


def report(pages: list[PageData], keeps: list[np.ndarray], name: str) -> None:
    rules = counts(pages, [p.rules_keep for p in pages])
    model = counts(pages, keeps)
    r, m = metrics.extraction_prf(rules), metrics.extraction_prf(model)
    lost = sum(1 for a, b in zip(rules, model) if b[0] / max(b[0] + b[2], 1e-9) < a[0] / max(a[0] + a[2], 1e-9) - 0.01)
    print(
        f"{name:28s} rules P/R/F1 {r.precision:.3f}/{r.recall:.3f}/{r.f1:.3f}   model {m.precision:.3f}/{m.recall:.3f}/{m.f1:.3f}"
    )
    print(f"{'':28s} pages losing > 0.01 recall to the model: {lost} of {len(pages)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mode", choices=["replace", "remove", "remove-body", "restore"], default="replace")
    parser.add_argument("--c", type=float, default=C, help="logistic regression's inverse regularisation")
    parser.add_argument("--trees", action="store_true", help="gradient-boosted trees (150 iterations)")
    parser.add_argument("--lxml", action="store_true", help="also score rules and model on lxml dumps of the dev pages")
    parser.add_argument("--augment", action="store_true", help="train on the lxml dumps of the training pages too (route 3)")
    args = parser.parse_args(argv)
    pages = build(dev_dumps())
    report(pages, [p.y.astype(bool) for p in pages], "oracle labels (ceiling)")
    other = {p.id: p for p in build(dev_dumps(lxml_dump, "lxml"))} if args.lxml or args.augment else {}
    fitter, c = (Trees, 150.0) if args.trees else (fit, args.c)
    if args.augment:
        plain = fitter
        fitter = lambda training, c: plain(training + [other[p.id] for p in training if p.id in other], c)  # noqa: E731
    keeps, chosen, held_other = cross_validate(pages, c, fitter, args.mode, other)
    name = f"{'trees' if args.trees else f'LR C={c}'}, {args.mode}{', +lxml' if args.augment else ''}"
    report(pages, keeps, f"5 folds by site, {name}")
    print(f"{'':28s} thresholds chosen per fold: {chosen}")
    if other:
        scored = [other[i] for i in held_other]
        report(scored, [held_other[p.id] for p in scored], "the same on lxml dumps")
    return 0


if __name__ == "__main__":
    sys.exit(main())
