"""Word-level precision/recall of the detector on a labelled dev set (BABE or MBIC JSONL).

A sanity check, not the project's evaluation: run it on dev files only.

    python -m unspin.detect.devcheck /work/shared/data/babe/dev.jsonl [--strength standard] [--top 25]

Gold words are the annotators' `biased_words`, matched to the sentence's words
case-insensitively (every occurrence counts). Predicted words are the words
inside the detector's spans, minus the conjunctions and articles a span may
carry along ("and", "or", "a", "an", "most", ...). Sentences labelled
"No agreement" are left out.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from unspin.detect.detector import detect_spans
from unspin.detect.scan import words_of

CARRIED = frozenset({"and", "or", "a", "an", "most", "more", "less", "least", "so", "too"})


def score(path: Path, strength: str = "standard") -> dict:
    tp = fp = fn = 0
    sentence = Counter()
    false_pos, false_neg = Counter(), Counter()
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if record["label"] not in ("Biased", "Non-biased"):
            continue
        text = record["text"]
        words = words_of(text)
        gold_forms = {w.lower for biased in record["biased_words"] for w in words_of(biased)}
        gold = {i for i, w in enumerate(words) if w.lower in gold_forms}
        spans = detect_spans(text, strength=strength)
        predicted = {
            i
            for i, w in enumerate(words)
            if w.lower not in CARRIED and any(s.start <= w.start and w.end <= s.end for s in spans)
        }
        tp += len(gold & predicted)
        fp += len(predicted - gold)
        fn += len(gold - predicted)
        false_pos.update(words[i].lower for i in predicted - gold)
        false_neg.update(words[i].lower for i in gold - predicted)
        sentence[(record["label"], bool(spans))] += 1
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "words": {"precision": precision, "recall": recall, "f1": f1, "tp": tp, "fp": fp, "fn": fn},
        "sentences_flagged": {f"{label}, flagged={flagged}": n for (label, flagged), n in sorted(sentence.items())},
        "false_positives": false_pos,
        "false_negatives": false_neg,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--strength", default="standard")
    parser.add_argument("--top", type=int, default=20, help="how many frequent misses to list")
    args = parser.parse_args()
    if "test" in args.path.name:
        parser.error("devcheck is for dev files; report test results through the project's evaluation")
    result = score(args.path, args.strength)
    w = result["words"]
    print(f"{args.path} strength={args.strength}")
    counts = f"tp {w['tp']}, fp {w['fp']}, fn {w['fn']}"
    print(f"word-level P {w['precision']:.3f}  R {w['recall']:.3f}  F1 {w['f1']:.3f}  ({counts})")
    for key, n in result["sentences_flagged"].items():
        print(f"  {key}: {n}")
    if args.top:
        print("most frequent false positives:", result["false_positives"].most_common(args.top))
        print("most frequent misses:", result["false_negatives"].most_common(args.top))


if __name__ == "__main__":
    main()
