"""Does each silencing rule earn its place? Turn it off, measure on held-out dev, compare.

    python -m training.silencing [--write docs/QUALITY.md]

The whole detector as shipped (the cascade's fold models, strength.toml's standard thresholds,
the edit policy) runs on the encoder's held-out fold of BABE and MBIC dev, once with every rule
on and once with each rule of unspin/detect/silencing.py off. A rule pays when switching it off
lowers detection F1 (cut + modify + flag, pooled BABE+MBIC) or raises the false-edit rate or
lowers edit precision (cut + modify) by more than it gains elsewhere.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from training.crossval import FOLDS_DIR, FoldDetector
from training.operating_point import DATASETS, held_out_records

MARK_BEGIN, MARK_END = "<!-- quality:silencing -->", "<!-- /quality:silencing -->"


def measure(folds: dict, route_at: float) -> dict[str, float]:
    from unspin.eval import metrics
    from unspin.eval.detect_eval import evaluate_detector

    tp = fp = fn = 0
    per_set = {}
    for dataset in DATASETS:
        records = held_out_records(dataset)
        by_text = {r.text: folds.get(f"{dataset}/{r.id}", 0) for r in records}
        result = evaluate_detector(FoldDetector("standard", {}, by_text, None, route_at), dataset, "dev", records)
        per_set[dataset] = result
        for record, outcome in zip(records, result.outcomes, strict=True):
            if record.gold is not None:
                a, b, c = metrics.word_counts(record.gold, outcome.flagged)
                tp, fp, fn = tp + a, fp + b, fn + c
    babe = per_set["babe"]
    return {
        "pooled_word_f1": metrics.prf(tp, fp, fn).f1,
        "babe_word_f1": babe.word.f1,
        "mbic_word_f1": per_set["mbic"].word.f1,
        "babe_false_edit_rate": babe.false_edit_rate or 0.0,
        "babe_false_flag_rate": babe.false_flag_rate or 0.0,
        "babe_edit_precision": babe.edit_precision or 0.0,
        "mbic_edit_precision": per_set["mbic"].edit_precision or 0.0,
    }


def table(rows: dict[str, dict[str, float]]) -> str:
    from unspin.detect.silencing import RULES

    base = rows["(all rules on)"]
    lines = [
        MARK_BEGIN,
        "## Does each silencing rule earn its place? (`python -m training.silencing`)",
        "",
        "Held-out dev (the encoder's fold 0 of BABE and MBIC dev: sentences no shipped-model fold trained on),",
        "the whole detector at `--strength standard`, with one rule switched off at a time. Detection F1 counts",
        "cut + modify + flag (pooled BABE+MBIC words); the false-edit rate and edit precision count cut + modify.",
        "A rule pays when switching it off costs detection F1 (by more than 0.01) or edit precision (0.02), or raises",
        "false edits or false flags (0.01: flags are shown to readers); smaller differences are noise on this many sentences.",
        "",
        "| rule off | what it silences | detection F1 | Δ | false-edit rate (BABE) | Δ | false-flag rate (BABE) | Δ | edit precision (BABE) | Δ | verdict |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for name, r in rows.items():
        what = RULES.get(name, "")
        d_f1 = r["pooled_word_f1"] - base["pooled_word_f1"]
        d_fer = r["babe_false_edit_rate"] - base["babe_false_edit_rate"]
        d_p = r["babe_edit_precision"] - base["babe_edit_precision"]
        d_ffr = r["babe_false_flag_rate"] - base["babe_false_flag_rate"]
        verdict = "" if name == "(all rules on)" else _verdict(d_f1, max(d_fer, d_ffr), d_p)
        lines.append(
            f"| {name} | {what} | {r['pooled_word_f1']:.3f} | {d_f1:+.3f} | {r['babe_false_edit_rate']:.3f} | {d_fer:+.3f} | "
            f"{r['babe_false_flag_rate']:.3f} | {d_ffr:+.3f} | {r['babe_edit_precision']:.3f} | {d_p:+.3f} | {verdict} |"
        )
    lines += ["", MARK_END]
    return "\n".join(lines)


# Differences smaller than these are noise on ~550 held-out sentences (the word F1's 95% interval
# there is about +-0.05; one BABE non-biased sentence is 0.005 of the false-edit rate).
NOISE_F1, NOISE_FALSE_EDIT, NOISE_PRECISION = 0.01, 0.01, 0.02


def _verdict(d_f1: float, d_fer: float, d_p: float) -> str:
    """Off is better on detection and costs nothing in editing: the rule does not pay."""
    if d_f1 > NOISE_F1 and d_fer <= NOISE_FALSE_EDIT and d_p >= -NOISE_PRECISION:
        return "does not pay"
    if d_f1 < -NOISE_F1 or d_fer > NOISE_FALSE_EDIT or d_p < -NOISE_PRECISION:
        return "pays"
    return "within noise"


def write(text: str, path: Path) -> None:
    current = path.read_text("utf-8") if path.exists() else ""
    if MARK_BEGIN in current:
        current = current[: current.index(MARK_BEGIN)] + text + current[current.index(MARK_END) + len(MARK_END) :]
    else:
        current = current.rstrip("\n") + "\n\n" + text + "\n"
    path.write_text(current, "utf-8")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", type=Path, help="the Markdown file to put the table in (docs/QUALITY.md)")
    args = parser.parse_args(argv)
    from unspin.detect import silencing
    from unspin.detect.cascade import route_at

    folds = json.loads((FOLDS_DIR / "folds.json").read_text())
    rows = {"(all rules on)": measure(folds, route_at())}
    print("(all rules on)", rows["(all rules on)"], flush=True)
    for rule in silencing.RULES:
        silencing.DISABLED.clear()
        silencing.DISABLED.add(rule)
        rows[rule] = measure(folds, route_at())
        print(rule, rows[rule], flush=True)
    silencing.DISABLED.clear()
    text = table(rows)
    print(text)
    if args.write:
        write(text, args.write)


if __name__ == "__main__":
    main()
