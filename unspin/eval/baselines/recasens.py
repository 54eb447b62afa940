"""Baseline: a feature-based biased-word classifier in the style of Recasens et al. (2013).

Logistic regression over the features in `features.py`, trained on one set's
dev split only (inside `datasets.training()`, so no test file can be opened),
with the regularisation and the decision threshold chosen on a held-out fifth
of dev, then refitted on all of dev. One model per set: BABE and MBIC share
about 420 sentences across their splits (MBIC dev appears in BABE test and
BABE dev in MBIC test), so a model trained on both would have seen test
sentences. WNC is scored with the BABE model (it has no training here).

The fit is scikit-learn's LogisticRegression (L2, lbfgs, deterministic), with
no class weighting: the threshold tuned on dev handles the imbalance. The
"bias" feature, on every token, serves as the intercept.

Weights are written small (rounded, near-zero dropped) to
unspin/data/baselines/recasens_<set>.json; `unspin eval train` rebuilds them.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix
from scipy.special import expit
from sklearn.linear_model import LogisticRegression

from unspin.eval.baselines import features
from unspin.eval.datasets import LabelledSentence, load_bias_sentences, training
from unspin.eval.detectors import Prediction
from unspin.eval.metrics import prf

SEED = 20241124
HELDOUT_SHARE = 0.2
L2_GRID = (1e-5, 3e-5, 1e-4, 3e-4, 1e-3)
THRESHOLDS = tuple(round(float(t), 3) for t in np.arange(0.05, 0.951, 0.025))
MIN_FEATURE_COUNT = 2
TRAINABLE = ("babe", "mbic")
MODEL_FOR = {"babe": "babe", "mbic": "mbic", "wnc_sample": "babe"}
WEIGHTS_DIR = Path(__file__).resolve().parents[2] / "data" / "baselines"


def weights_name(dataset: str) -> str:
    return f"recasens_{dataset}.json"


@dataclass(frozen=True)
class Model:
    weights: dict[str, float]
    threshold: float
    meta: dict

    def scores(self, rows: Sequence[Sequence[str]]) -> np.ndarray:
        z = np.fromiter((sum(self.weights.get(f, 0.0) for f in row) for row in rows), dtype=float, count=len(rows))
        return expit(z)

    def to_json(self) -> str:
        body = {**self.meta, "threshold": self.threshold, "weights": dict(sorted(self.weights.items()))}
        return json.dumps(body, indent=0, ensure_ascii=False) + "\n"

    @classmethod
    def load(cls, dataset: str) -> Model:
        name = weights_name(dataset)
        try:
            data = json.loads(resources.files("unspin.data").joinpath("baselines").joinpath(name).read_text("utf-8"))
        except FileNotFoundError:
            raise FileNotFoundError(f"unspin/data/baselines/{name} is missing; run `unspin eval train` to build it") from None
        weights = data.pop("weights")
        return cls(weights=weights, threshold=data.pop("threshold"), meta=data)


def _token_labels(record: LabelledSentence, doc) -> list[int]:
    gold = [(record.tokens[i].start, record.tokens[i].end) for i in record.gold or ()]
    return [int(any(t.idx < e and s < t.idx + len(t) for s, e in gold)) for t in doc]


def _examples(records: Sequence[LabelledSentence]) -> list[tuple[list[list[str]], list[int]]]:
    nlp = features.load_nlp()
    docs = nlp.pipe([r.text for r in records], batch_size=128)
    return [(features.doc_features(doc), _token_labels(r, doc)) for r, doc in zip(records, docs)]


def _held_out(record_id: str, seed: int) -> bool:
    digest = hashlib.sha256(f"{seed}:{record_id}".encode()).digest()
    return int.from_bytes(digest[:4], "big") / 2**32 < HELDOUT_SHARE


def _matrix(examples, vocab: dict[str, int]) -> tuple[csr_matrix, np.ndarray]:
    """One row per token: 1 per feature in `vocab` (others dropped), as `Model.scores` sums them."""
    rows = [[vocab[f] for f in row if f in vocab] for feats, _ in examples for row in feats]
    indptr = np.cumsum([0] + [len(r) for r in rows])
    indices = np.fromiter((i for r in rows for i in r), dtype=np.int64, count=int(indptr[-1]))
    x = csr_matrix((np.ones(len(indices)), indices, indptr), shape=(len(rows), len(vocab)))
    x.sum_duplicates()
    labels = np.array([y for _, ys in examples for y in ys], dtype=int)
    return x, labels


def _fit(x: csr_matrix, y: np.ndarray, l2: float) -> LogisticRegression:
    """Minimises mean log loss + l2/2 * |w|^2 (sklearn's C is 1 / (l2 * tokens)); deterministic."""
    model = LogisticRegression(C=1.0 / (l2 * x.shape[0]), fit_intercept=False, solver="lbfgs", max_iter=1000, random_state=SEED)
    return model.fit(x, y)


def _vocabulary(examples) -> dict[str, int]:
    counts: dict[str, int] = {}
    for feats, _ in examples:
        for row in feats:
            for f in row:
                counts[f] = counts.get(f, 0) + 1
    kept = sorted(f for f, c in counts.items() if c >= MIN_FEATURE_COUNT or f == "bias")
    return {f: i for i, f in enumerate(kept)}


def _best_threshold(p: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    best = (0.5, -1.0)
    for t in THRESHOLDS:
        flagged = p >= t
        f1 = prf(float((flagged & (y == 1)).sum()), float((flagged & (y == 0)).sum()), float((~flagged & (y == 1)).sum())).f1
        if f1 > best[1]:
            best = (float(t), f1)
    return best


def train(dataset: str, root: str | Path | None = None, *, seed: int = SEED, write: bool = True) -> Model:
    """Fit on `dataset`/dev only; choose l2 and threshold on a seeded held-out fifth; refit on all dev."""
    if dataset not in TRAINABLE:
        raise ValueError(f"the Recasens baseline trains on {' or '.join(TRAINABLE)}, not {dataset!r}")
    with training():
        records = load_bias_sentences(dataset, "dev", root, for_training=True)
    examples = _examples(records)
    fit_part = [e for r, e in zip(records, examples) if not _held_out(r.id, seed)]
    held_part = [e for r, e in zip(records, examples) if _held_out(r.id, seed)] or fit_part  # tiny sets: no hold-out
    vocab = _vocabulary(fit_part)
    x_fit, y_fit = _matrix(fit_part, vocab)
    x_held, y_held = _matrix(held_part, vocab)
    trials = []
    for l2 in L2_GRID:
        threshold, f1 = _best_threshold(_fit(x_fit, y_fit, l2).predict_proba(x_held)[:, 1], y_held)
        trials.append({"l2": l2, "threshold": threshold, "heldout_token_f1": round(f1, 4)})
    best = max(trials, key=lambda t: t["heldout_token_f1"])
    vocab = _vocabulary(examples)
    x_all, y_all = _matrix(examples, vocab)
    w = _fit(x_all, y_all, best["l2"]).coef_[0]
    weights = {f: round(float(w[i]), 4) for f, i in vocab.items() if abs(w[i]) >= 5e-4}
    model = Model(
        weights=weights,
        threshold=best["threshold"],
        meta={
            "model": "Recasens-style logistic regression (unspin/eval/baselines/recasens.py)",
            "trained_on": f"{dataset}/dev ({len(records)} sentences, {int(y_all.sum())} biased of {len(y_all)} tokens)",
            "seed": seed,
            "heldout_share": HELDOUT_SHARE,
            "l2": best["l2"],
            "trials": trials,
        },
    )
    if write:
        (WEIGHTS_DIR / weights_name(dataset)).write_text(model.to_json(), encoding="utf-8")
    return model


class RecasensBaseline:
    """Flags tokens whose predicted probability reaches the threshold chosen on dev."""

    def __init__(self, dataset: str) -> None:
        self.trained_on = MODEL_FOR.get(dataset, "babe")
        self.model = Model.load(self.trained_on)
        self.name = "Recasens-style LR"
        self.description = f"logistic regression on Recasens et al. 2013 features, trained on {self.trained_on}/dev"
        self._nlp = features.load_nlp()

    def predict(self, texts: Sequence[str]) -> Iterator[Prediction]:
        for doc in self._nlp.pipe(texts, batch_size=128):
            scores = self.model.scores(features.doc_features(doc))
            ranges = [(t.idx, t.idx + len(t), float(s)) for t, s in zip(doc, scores)]
            yield Prediction(flagged=[(a, b) for a, b, s in ranges if s >= self.model.threshold], scored=ranges)
