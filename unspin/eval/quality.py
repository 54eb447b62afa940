"""docs/QUALITY.md: where unspin's detection goes wrong, from commands rather than by hand.

Per-category precision asks, for each edit category the editor uses, what
share of the words it edited were marked biased by the annotators. The word
errors list what unspin edits that annotators did not mark, and the reverse.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from unspin.eval.datasets import LabelledSentence, load_detect
from unspin.eval.detect_eval import error_words, run_detector
from unspin.eval.detectors import UnspinDetector
from unspin.eval.tokens import tokens_in_ranges


def category_precision(records: Sequence[LabelledSentence], strength: str = "standard") -> dict[str, tuple[int, int]]:
    """Category -> (edited words that are gold, edited words) over sentences with word labels."""
    from unspin.edit.ledger import EditKind
    from unspin.pipeline import Options, loaded_language_edits

    options = Options(strength=strength)
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for record in records:
        if record.gold is None:
            continue
        for edit in loaded_language_edits(record.text, options=options):  # as the pipeline edits
            if edit.kind not in (EditKind.CUT, EditKind.MODIFY):
                continue
            words = tokens_in_ranges(record.tokens, [(edit.start, edit.end)])
            counts[edit.category][0] += len(words & record.gold)
            counts[edit.category][1] += len(words)
    return {category: (hits, total) for category, (hits, total) in counts.items()}


def quality_markdown(datasets: Sequence[str] = ("babe", "mbic"), top: int = 20) -> str:
    parts = [
        "Word errors are on the **dev** splits, which the word scorer and the encoder were trained on (so "
        "they show what the detector still gets wrong after training, not held-out quality; held-out figures "
        "are in `unspin/data/model/MODEL.md`). Per-category precision is given on dev and on **test** (held out). "
        "Produced by `unspin eval quality --write docs/QUALITY.md`.",
    ]
    for dataset in datasets:
        dev = load_detect(dataset, "dev")
        outcomes, _ = run_detector(UnspinDetector(), dev)
        errors = error_words(dev, outcomes, top=top)
        rows = list(zip(errors["false_positives"], errors["false_negatives"]))
        table = [
            "| # | false positive (edited, not marked) | n | false negative (marked, not edited) | n |",
            "| --- | --- | --- | --- | --- |",
        ]
        table += [f"| {i} | {fp} | {nfp} | {fn} | {nfn} |" for i, ((fp, nfp), (fn, nfn)) in enumerate(rows, 1)]
        parts.append(f"### {dataset.upper()} dev: the {top} most frequent word errors (standard strength)\n\n" + "\n".join(table))
        parts.append(_category_table(dataset))
    return "\n\n".join(parts) + "\n"


def _category_table(dataset: str) -> str:
    by_split = {split: category_precision(load_detect(dataset, split)) for split in ("dev", "test")}
    categories = sorted(set(by_split["dev"]) | set(by_split["test"]))
    lines = [
        f"### {dataset.upper()}: precision per edit category (standard strength)",
        "",
        "| category | dev precision (words) | test precision (words) |",
        "| --- | --- | --- |",
    ]
    for category in categories:
        cells = []
        for split in ("dev", "test"):
            hits, total = by_split[split].get(category, (0, 0))
            cells.append(f"{hits / total:.2f} ({total})" if total else "—")
        lines.append(f"| {category} | {cells[0]} | {cells[1]} |")
    return "\n".join(lines)
