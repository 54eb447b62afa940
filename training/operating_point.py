"""Choose the edit and flag thresholds, and calibrate the ledger's confidence, on held-out dev.

    python -m training.operating_point            # print the grid and the choice
    python -m training.operating_point --write    # also write strength.toml's thresholds and
                                                  # unspin/data/model/edit_calibration.json

The detector runs once per sentence of the encoder's held-out fold (BABE and MBIC dev sentences
neither the cheap fold model nor the held-out encoder trained on) at a low threshold, keeping every
span with its raw probability; the edit policy is then replayed at each (edit, flag) pair, which is
cheap. The choice (issue: detection and editing are two things) is the point with the best pooled
BABE+MBIC word F1 (cut + modify + flag) whose false-edit rate (cut + modify only) on non-biased BABE
sentences is at most FALSE_EDIT_CAP and whose false-flag rate is at most FALSE_FLAG_CAP. The ledger's confidence is then recalibrated per edit kind:
a logistic fit of "the edit covers a word the annotators marked" on the raw probability's logit,
fitted on the pooled held-out edits; the report gives the expected calibration error with
two-fold cross-fitting, so the figure is not measured on the data the fit saw.
"""

from __future__ import annotations

import argparse
import itertools
import json
from dataclasses import dataclass

import numpy as np

from training.crossval import FOLDS_DIR, FoldDetector
from training.train import OUT

FALSE_EDIT_CAP = 0.12
# Ours, beside the rule: flags are shown to readers, and a flag on every other neutral sentence
# would teach them to ignore flags. At most this share of non-biased BABE dev sentences may carry one.
FALSE_FLAG_CAP = 0.15
EDIT_GRID = (0.25, 0.35, 0.45, 0.55, 0.65)  # min_confidence: words only the model found
LEXICON_EDIT_GRID = (0.15, 0.25, 0.35, 0.45, 0.55)  # lexicon_min_confidence: curated-list matches
FLAG_GRID = (0.1, 0.15, 0.2, 0.25, 0.3, 0.4)  # flag_confidence
LEXICON_FLAG_GRID = (0.1, 0.15, 0.2, 0.25, 0.3, 0.4)  # lexicon_flag_confidence
TIE = 0.003  # detection F1 within this of the best is a tie (the 95% interval is ~0.05): editing decides
DATASETS = ("babe", "mbic")
CALIBRATION_FILE = OUT / "edit_calibration.json"


@dataclass
class Collected:
    dataset: str
    records: list
    spans: list  # per record: the detector's spans at FLOOR
    scored: list  # per record: every word's probability (for top-1 and the harness)


def held_out_records(dataset: str) -> list:
    from training.encoder import HOLDOUT_FILE
    from unspin.eval.datasets import load_detect, training

    with training():
        records = load_detect(dataset, "dev", for_training=True)
    held_out = set(json.loads(HOLDOUT_FILE.read_text("utf-8"))["texts"])
    return [r for r in records if r.text in held_out]


def collect(dataset: str, folds: dict, route_at: float, floor: float) -> Collected:
    """Every span down to `floor` on the held-out fold, through the shipped cascade's fold models.
    A run's spans depend on its lowest threshold (neighbours above it join one span), so each
    grid point is replayed on the spans collected at its own lowest threshold."""
    records = held_out_records(dataset)
    by_text = {r.text: folds.get(f"{dataset}/{r.id}", 0) for r in records}
    detector = FoldDetector("standard", {"standard": (floor, floor)}, by_text, None, route_at)
    spans, scored = [], []
    for record in records:
        fold_detector = detector.detectors[by_text.get(record.text, 0)]
        spans.append(fold_detector.detect(record.text, strength="standard"))
        scored.append(fold_detector.scored_words(record.text))
    return Collected(dataset, records, spans, scored)


def replay(found: Collected, point: dict):
    """The harness's result for one threshold pair, and each edit's (kind, raw confidence, hit)."""
    from unspin.edit import policy
    from unspin.edit.ledger import LOADED_KINDS, WORD_EDIT_KINDS
    from unspin.eval.detect_eval import _outcome, score
    from unspin.eval.detectors import Prediction
    from unspin.eval.tokens import tokens_in_ranges

    strength = policy.Strength(
        "standard", point["edit_at"], True, point["flag_at"], point["lexicon_flag_at"], point["lexicon_edit_at"]
    )
    outcomes, edits_seen = [], []
    for record, spans, scored in zip(found.records, found.spans, found.scored, strict=True):
        edits = [e for e in policy.plan_with(strength, record.text, spans, calibrate=False) if e.kind in LOADED_KINDS]
        prediction = Prediction(
            flagged=[(e.start, e.end) for e in edits],
            scored=scored,
            confidences=[e.confidence for e in edits],
            edited=[(e.start, e.end) for e in edits if e.kind in WORD_EDIT_KINDS],
        )
        outcomes.append(_outcome(record, prediction))
        if record.gold is not None:
            for e in edits:
                hit = bool(set(tokens_in_ranges(record.tokens, [(e.start, e.end)])) & record.gold)
                edits_seen.append((e.kind.value, e.confidence, hit))
    return score("unspin", found.dataset, "dev", found.records, outcomes, 1.0), edits_seen


def floor_of(point: dict) -> float:
    return min(point["edit_at"], point["lexicon_edit_at"], point["flag_at"], point["lexicon_flag_at"])


def points() -> list[dict]:
    keys = ("edit_at", "lexicon_edit_at", "flag_at", "lexicon_flag_at")
    grids = (EDIT_GRID, LEXICON_EDIT_GRID, FLAG_GRID, LEXICON_FLAG_GRID)
    return [dict(zip(keys, values)) for values in itertools.product(*grids)]


def grid(collected: dict[float, dict[str, Collected]]) -> list[dict]:
    rows = []
    for point in points():
        at_floor = collected[floor_of(point)]
        results = {name: replay(found, point)[0] for name, found in at_floor.items()}
        babe, mbic = results["babe"], results["mbic"]
        pooled = _pooled_f1([babe, mbic])
        rows.append(
            {
                **point,
                "pooled_word_f1": pooled,
                "babe_word_f1": babe.word.f1,
                "mbic_word_f1": mbic.word.f1,
                "babe_sentence_macro_f1": babe.sentence_macro_f1,
                "babe_false_edit_rate": babe.false_edit_rate,
                "babe_false_flag_rate": babe.false_flag_rate,
                "babe_edit_precision": babe.edit_precision,
                "pooled_edit_f1": _pooled_f1([babe, mbic], edited=True),
                "pooled_edit_f05": _pooled_f1([babe, mbic], edited=True, beta=0.5),
            }
        )
    return rows


def _pooled_f1(results, edited: bool = False, beta: float = 1.0) -> float:
    """Pooled word F-beta of the detections (cut + modify + flag), or of the edits alone."""
    from unspin.eval import metrics

    tp = fp = fn = 0
    for result in results:
        for outcome, record in zip(result.outcomes, _records_of(result), strict=True):
            if record.gold is None:
                continue
            a, b, c = metrics.word_counts(record.gold, outcome.changed if edited else outcome.flagged)
            tp, fp, fn = tp + a, fp + b, fn + c
    scores = metrics.prf(tp, fp, fn)
    p, r = scores.precision, scores.recall
    return (1 + beta**2) * p * r / (beta**2 * p + r) if p + r else 0.0


_RECORDS: dict[str, list] = {}


def _records_of(result) -> list:
    return _RECORDS[result.dataset]


def choose(rows: list[dict]) -> dict:
    """Best detection F1 under the false-edit and false-flag caps; among ties, the best editing F0.5
    (what the text changes, scored alone, precision weighing double: a wrong cut costs a reader more
    than a word left flagged), then the best sentence macro F1."""
    allowed = [r for r in rows if r["babe_false_edit_rate"] <= FALSE_EDIT_CAP and r["babe_false_flag_rate"] <= FALSE_FLAG_CAP]
    best = max(r["pooled_word_f1"] for r in allowed)
    tied = [r for r in allowed if r["pooled_word_f1"] >= best - TIE]
    return max(tied, key=lambda r: (r["pooled_edit_f05"], r["babe_sentence_macro_f1"]))


def fit_calibration(edits: list[tuple[str, float, bool]]) -> dict[str, list[float]]:
    """Per kind, (a, b) of p = sigmoid(a * logit(raw) + b), fitted by logistic regression."""
    from sklearn.linear_model import LogisticRegression

    fitted = {}
    for kind in sorted({k for k, _, _ in edits}):
        raw = np.array([c for k, c, _ in edits if k == kind])
        hit = np.array([h for k, _, h in edits if k == kind])
        if len(set(hit)) < 2 or len(hit) < 20:
            continue
        model = LogisticRegression(C=1.0).fit(_logit(raw)[:, None], hit)
        fitted[kind] = [float(model.coef_[0][0]), float(model.intercept_[0])]
    return fitted


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-4, 1 - 1e-4)
    return np.log(p / (1 - p))


def cross_fitted_ece(edits: list[tuple[str, float, bool]]) -> tuple[float, float]:
    """ECE of the raw confidences, and of confidences calibrated by a fit on the other half."""
    from unspin.edit.calibration import apply_calibration
    from unspin.eval import metrics

    rng = np.random.default_rng(20241124)
    half = rng.permutation(len(edits)) % 2
    calibrated, hits, raw = [], [], []
    for part in (0, 1):
        fit = fit_calibration([e for e, h in zip(edits, half) if h != part])
        for (kind, c, hit), h in zip(edits, half):
            if h == part:
                calibrated.append(apply_calibration(fit, kind, c))
                raw.append(c)
                hits.append(hit)
    return (
        metrics.reliability(raw, hits).expected_calibration_error,
        metrics.reliability(calibrated, hits).expected_calibration_error,
    )


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args(argv)
    from unspin.detect.cascade import route_at

    folds = json.loads((FOLDS_DIR / "folds.json").read_text())
    floors = sorted({floor_of(p) for p in points()})
    collected = {floor: {name: collect(name, folds, route_at(), floor) for name in DATASETS} for floor in floors}
    for name, found in collected[floors[0]].items():
        _RECORDS[name] = found.records
        print(f"{name}: {len(found.records)} held-out dev sentences; spans collected at floors {floors}", flush=True)
    rows = grid(collected)
    for r in rows:
        print(json.dumps({k: round(v, 3) if isinstance(v, float) else v for k, v in r.items()}), flush=True)
    chosen = choose(rows)
    print("chosen:", chosen, flush=True)
    edits = [e for found in collected[floor_of(chosen)].values() for e in replay(found, chosen)[1]]
    raw_ece, calibrated_ece = cross_fitted_ece(edits)
    print(f"edits {len(edits)}: ECE raw {raw_ece:.3f}, calibrated (two-fold cross-fitted) {calibrated_ece:.3f}", flush=True)
    if args.write:
        fitted = fit_calibration(edits)
        CALIBRATION_FILE.write_text(
            json.dumps(
                {
                    "about": "p = sigmoid(a * logit(raw) + b) per edit kind; fitted by training/operating_point.py on "
                    "BABE+MBIC held-out dev edits (the encoder's fold 0)",
                    "edits": len(edits),
                    "ece_raw_cross_fitted": round(raw_ece, 4),
                    "ece_calibrated_cross_fitted": round(calibrated_ece, 4),
                    "kinds": fitted,
                    "thresholds": {k: chosen[k] for k in ("edit_at", "lexicon_edit_at", "flag_at", "lexicon_flag_at")},
                },
                indent=2,
            )
            + "\n",
            "utf-8",
        )
        print(f"wrote {CALIBRATION_FILE}", flush=True)


if __name__ == "__main__":
    main()
