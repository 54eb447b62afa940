"""Train the learned judge of additions (`unspin/stories/judges.py`) on dev data only, and measure a rejected one.

    python -m training.additions_judges lacking [--write] [--cost 3]   # a reader's "fact lacking?" verdicts
    python -m training.additions_judges subjectivity                   # measured, not shipped: see below

**lacking**: logistic regression over `judges.features` of `fill.Candidate` for each dev addition a reader judged
in docs/ADDITIONS.md (test rows are never read: `benchmarks/additions_labels.read_rows`). The feature set and the
regularisation are chosen by held-out AUC of 5-fold cross-validation grouped by event (no event is fitted and
scored at once); the bar is the one whose held-out kept additions, after the rules, score best when a kept
addition the reader found not lacking costs `--cost` lacking ones. `--write` stores it in
`unspin/data/stories/judges.json`.

**subjectivity** (route 1 of issue 13's third session, for commentary with no checkable fact): logistic regression
over the packaged MiniLM sentence embedding fitted on the dev split of `../shared/data/checkthat2025_subj_en`
(CC BY-NC-SA 4.0; C by 5-fold cross-validation there), then scored against the reader's dev verdicts: it does
not tell the additions a reader rejects from the others (AUC printed), so it is not shipped.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import numpy as np  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.metrics import f1_score, roc_auc_score  # noqa: E402
from sklearn.model_selection import GroupKFold, StratifiedKFold  # noqa: E402
from sklearn.preprocessing import StandardScaler  # noqa: E402

from unspin.stories import embed, judges  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "data"
SUBJECTIVITY = SHARED / "checkthat2025_subj_en"
C_GRID = (0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
FEATURE_SETS = {
    "all": ("near", "restated", "told", "core", "incidental", "number", "person", "name", "quotation", "speaker_only", "words"),
    "closeness": ("near", "restated"),
    "closeness+kinds": ("near", "restated", "core", "number", "person", "quotation"),
    "kinds": ("core", "incidental", "number", "person", "name", "quotation", "speaker_only", "words"),
}


def _rows(path: Path) -> tuple[list[str], np.ndarray]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [r["text"] for r in rows], np.array([r["label"] == "Subjective" for r in rows], dtype=int)


def _cv_subjectivity(x: np.ndarray, y: np.ndarray, c: float) -> tuple[float, float]:
    """Held-out macro F1 and AUC of 5 stratified folds."""
    scores = np.zeros(len(y))
    for fit, held in StratifiedKFold(5, shuffle=True, random_state=13).split(x, y):
        model = LogisticRegression(C=c, max_iter=2000).fit(x[fit], y[fit])
        scores[held] = model.predict_proba(x[held])[:, 1]
    return f1_score(y, scores >= 0.5, average="macro"), roc_auc_score(y, scores)


def subjectivity(labels: Path) -> None:
    texts, y = _rows(SUBJECTIVITY / "dev.jsonl")
    x = embed.encode(texts)
    results = {c: _cv_subjectivity(x, y, c) for c in C_GRID}
    for c, (f1, auc) in results.items():
        print(json.dumps({"C": c, "cv macro F1": round(f1, 3), "cv AUC": round(auc, 3)}))
    best = max(results, key=lambda c: results[c][1])
    model = LogisticRegression(C=best, max_iter=2000).fit(x, y)
    labelled = _labelled(labels)
    rejected = np.array([not row.lacking for row in labelled], dtype=int)
    scores = model.predict_proba(embed.encode([row.candidate.text for row in labelled]))[:, 1]
    print(
        json.dumps(
            {
                "C": best,
                "AUC of P(subjective) for the reader's 'not lacking' dev verdicts": round(roc_auc_score(rejected, scores), 3),
            }
        )
    )


def _store(key: str, entry: dict) -> None:
    data = json.loads(judges.DATA.read_text(encoding="utf-8")) if judges.DATA.exists() else {}
    data[key] = entry
    judges.DATA.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {key} to {judges.DATA}")


def _labelled(labels: Path, held_out: Sequence[str] = ()) -> list:
    """The reader's dev verdicts with `fill.candidate` of each (benchmarks/additions_labels.py), but the samples
    headed by one of `held_out`."""
    sys.path.insert(0, str(REPO / "benchmarks"))
    from additions import split_stories
    from additions_labels import labelled_rows

    return labelled_rows(labels, split_stories("dev"), held_out)


def _held_out(x: np.ndarray, y: np.ndarray, groups: np.ndarray, c: float) -> np.ndarray:
    """P(lacking) of each row by a model fitted on the other events' rows (5 folds grouped by event)."""
    scores = np.zeros(len(y))
    for fit, held in GroupKFold(5).split(x, y, groups):
        scaler = StandardScaler().fit(x[fit])
        model = LogisticRegression(C=c, max_iter=2000).fit(scaler.transform(x[fit]), y[fit])
        scores[held] = model.predict_proba(scaler.transform(x[held]))[:, 1]
    return scores


def _kept(y: np.ndarray, keep: np.ndarray) -> dict:
    yes, no = int((keep & (y == 1)).sum()), int((keep & (y == 0)).sum())
    return {
        "lacking kept": f"{yes}/{int(y.sum())}",
        "not kept": f"{no}/{int((y == 0).sum())}",
        "share": round(yes / max(1, yes + no), 3),
    }


def _best_bar(y: np.ndarray, ruled: np.ndarray, scores: np.ndarray, cost: float) -> tuple[float, dict]:
    """The bar (of 0.05 steps) whose held-out kept additions, after the rules, score best: each lacking one kept
    counts 1, each not lacking one kept costs `cost`."""
    rows = []
    for bar in np.arange(0.0, 1.0, 0.05):
        keep = ruled & (scores >= bar)
        gain = int((keep & (y == 1)).sum()) - cost * int((keep & (y == 0)).sum())
        rows.append((gain, -bar, round(float(bar), 2), _kept(y, keep)))
    best = max(rows)
    return best[2], best[3]


def lacking(write: bool, labels: Path, cost: float, held_out: Sequence[str] = ()) -> None:
    labelled = _labelled(labels, held_out)
    y = np.array([row.lacking for row in labelled], dtype=int)
    groups = np.array([row.target.rsplit("-", 1)[0] for row in labelled])
    ruled = np.array([row.candidate.ruled() for row in labelled])
    table = [judges.features(row.candidate) for row in labelled]
    print(json.dumps({"rows": len(y), "lacking": int(y.sum()), "events": len(set(groups)), "rules alone": _kept(y, ruled)}))
    results = {}
    for name, subset in FEATURE_SETS.items():
        x = np.array([[row[f] for f in subset] for row in table])
        for c in C_GRID:
            scores = _held_out(x, y, groups, c)
            bar, kept = _best_bar(y, ruled, scores, cost)
            results[(name, c)] = (roc_auc_score(y, scores), bar, kept)
            print(json.dumps({"features": name, "C": c, "cv AUC": round(results[(name, c)][0], 3), "bar": bar, **kept}))
    name, c = max(results, key=lambda k: results[k][0])
    auc, bar, kept = results[(name, c)]
    subset = FEATURE_SETS[name]
    x = np.array([[row[f] for f in subset] for row in table])
    scaler = StandardScaler().fit(x)
    model = LogisticRegression(C=c, max_iter=2000).fit(scaler.transform(x), y)
    entry = {
        "what": "P(a reader finds the addition's fact lacking from the article), logistic regression over "
        "unspin.stories.judges.features of fill.Candidate",
        "trained_on": f"the reader's dev verdicts in docs/ADDITIONS.md ({len(y)} rows, {int(y.sum())} lacking, "
        f"{len(set(groups))} events of the stories dev split; test rows never read"
        + (f"; held out: the samples headed {', '.join(repr(h) for h in held_out)}" if held_out else "")
        + ")",
        "chosen_by": f"5-fold cross-validation grouped by event: best held-out AUC over feature sets "
        f"{list(FEATURE_SETS)} and C in {list(C_GRID)}: {name}, C = {c}, AUC {auc:.3f}; the bar scores best "
        f"held out when a kept addition not lacking costs {cost} lacking ones: {bar} ({kept})",
        "features": list(subset),
        "mean": [round(float(v), 6) for v in scaler.mean_],
        "scale": [round(float(v), 6) for v in scaler.scale_],
        "weights": [round(float(w), 6) for w in model.coef_[0]],
        "bias": round(float(model.intercept_[0]), 6),
        "bar": bar,
    }
    print(json.dumps({k: entry[k] for k in ("chosen_by", "features", "weights")}))
    if write:
        _store("lacking", entry)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("judge", choices=["subjectivity", "lacking"])
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--labels", type=Path, default=Path("docs/ADDITIONS.md"))
    parser.add_argument("--cost", type=float, default=3.0, help="lacking: a kept addition not lacking costs this many")
    parser.add_argument(
        "--held-out",
        action="append",
        default=[],
        help="leave out the verdicts under a heading containing this (a sample that measured the shipped judge)",
    )
    args = parser.parse_args()
    if args.judge == "subjectivity":
        subjectivity(args.labels)
    else:
        lacking(args.write, args.labels, args.cost, args.held_out)


if __name__ == "__main__":
    main()
