"""Draw the fixed sample of edits a reader judges: 100 text edits on real articles.

    .venv/bin/python scripts/reader_sample.py --out docs/reader-checks.md

The articles are the PTC test articles and the extraction benchmark's test bodies (ground-truth
article text), read from ../shared at run time. Every text edit (cut, modify, and the a/an
agreement that follows a cut) that the pipeline's detect -> edit step makes is pooled, and 100 are
drawn with a fixed seed, so the sample changes only when the editor's output does. Each row shows
the sentence before and after, for a judge to answer the four reader checks: is the word really
loaded here, does the sentence stay grammatical, is the meaning kept, is it outside quotations and
names. The verdict columns are left for the judge; `--verdicts FILE` prints the totals and the
table with them (`--seed` draws another sample; record it with the verdicts).
"""

from __future__ import annotations

import argparse
import json
import random
import re
from pathlib import Path

SEED = 20241124
SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"
_SENTENCE = re.compile(r"[^.!?\n]*(?:[.!?]+[\"'”’)]*|\n|$)")


def articles() -> list[tuple[str, str]]:
    """(source id, article text) for the PTC and extraction test articles."""
    found = []
    for line in (SHARED / "ptc" / "test.jsonl").read_text("utf-8").splitlines():
        record = json.loads(line)
        found.append((f"ptc/{record['id']}", record["text"]))
    for line in (SHARED / "extraction" / "test.jsonl").read_text("utf-8").splitlines():
        record = json.loads(line)
        found.append((f"extraction/{record['id']}", record["article_body"]))
    return found


def sentence_of(text: str, start: int, end: int) -> tuple[int, int]:
    left = max(text.rfind(".", 0, start), text.rfind("\n", 0, start), text.rfind("?", 0, start), text.rfind("!", 0, start))
    match = re.search(r"[.!?](?=\s|$)|\n", text[end:])
    return left + 1, end + (match.end() if match else len(text) - end)


def collect() -> list[dict]:
    from unspin.edit.grammar import agree_articles
    from unspin.edit.ledger import WORD_EDIT_KINDS, apply_edits
    from unspin.edit.punctuation import collapse_commas
    from unspin.pipeline import loaded_language_edits

    rows = []
    for source, text in articles():
        edits = collapse_commas(text, agree_articles(text, loaded_language_edits(text)))
        changing = [e for e in edits if e.kind in WORD_EDIT_KINDS]
        for edit in changing:
            lo, hi = sentence_of(text, edit.start, edit.end)
            inside = [e for e in changing if lo <= e.start and e.end <= hi]
            shifted = [e.model_copy(update={"start": e.start - lo, "end": e.end - lo}) for e in inside]
            before = text[lo:hi]
            rows.append(
                {
                    "source": source,
                    "kind": edit.kind.value,
                    "category": edit.category,
                    "original": edit.original,
                    "replacement": edit.replacement,
                    "confidence": edit.confidence,
                    "before": " ".join(before.split()),
                    "after": " ".join(apply_edits(before, shifted).split()),
                }
            )
    return rows


def sample(rows: list[dict], n: int = 100, seed: int = SEED) -> list[dict]:
    return random.Random(seed).sample(rows, min(n, len(rows)))


def markdown(rows: list[dict], verdicts: dict[int, dict] | None = None) -> str:
    verdicts = verdicts or {}
    lines = [
        "| # | source | kind | edit | before → after | loaded | grammatical | meaning kept | outside quotes/names | note |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for number, row in enumerate(rows, start=1):
        v = verdicts.get(number, {})
        edit = f"`{_cell(row['original'])}` → `{_cell(row['replacement'])}` ({row['category']}, {row['confidence']:.2f})"
        context = f"{_cell(row['before'])}<br>→ {_cell(row['after'])}"
        checks = [v.get(k, "") for k in CHECKS]
        lines.append(
            f"| {number} | {row['source']} | {row['kind']} | {edit} | {context} | "
            + " | ".join(checks)
            + f" | {_cell(v.get('note', ''))} |"
        )
    return "\n".join(lines) + "\n"


CHECKS = ("loaded", "grammatical", "meaning", "outside")


def tallies(rows: list[dict], verdicts: dict[int, dict]) -> str:
    """The totals of a judged sample: each check, and the pass rate by kind, confidence and category."""
    passed = {n: all(verdicts[n].get(k) == "yes" for k in CHECKS) for n in verdicts}
    lines = ["| | count |", "| --- | --- |", f"| **pass all four** | **{sum(passed.values())} / {len(passed)}** |"]
    lines += [f"| {k} = yes | {sum(v.get(k) == 'yes' for v in verdicts.values())} / {len(verdicts)} |" for k in CHECKS]
    groups = {
        "kind": lambda r: "a/an or comma fix" if r["category"] == "grammar" else r["kind"],
        "confidence": lambda r: "< 0.5" if r["confidence"] < 0.5 else "0.5–0.7" if r["confidence"] < 0.7 else ">= 0.7",
        "category": lambda r: r["category"],
    }
    for name, key in groups.items():
        counts: dict[str, list[int]] = {}
        for number, row in enumerate(rows, start=1):
            if number in passed:
                counts.setdefault(key(row), [0, 0])
                counts[key(row)][0] += passed[number]
                counts[key(row)][1] += 1
        lines += ["", f"| pass rate by {name} | pass |", "| --- | --- |"]
        lines += [f"| {k} | {p} / {n} ({100 * p / n:.0f}%) |" for k, (p, n) in sorted(counts.items())]
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True, help="Markdown file for the sample (and JSON beside it)")
    parser.add_argument("--seed", type=int, default=SEED, help=f"the draw's seed (default {SEED}; record it with the sample)")
    parser.add_argument(
        "--verdicts", type=Path, help="a judged sample's verdicts (JSON): print its totals and table, draw nothing"
    )
    args = parser.parse_args(argv)
    if args.verdicts:
        rows = json.loads(args.out.with_suffix(".json").read_text("utf-8"))
        verdicts = {v["n"]: v for v in json.loads(args.verdicts.read_text("utf-8"))}
        print(tallies(rows, verdicts) + "\n" + markdown(rows, verdicts))
        return
    rows = collect()
    chosen = sample(rows, seed=args.seed)
    args.out.with_suffix(".json").write_text(json.dumps(chosen, indent=1, ensure_ascii=False) + "\n", "utf-8")
    args.out.write_text(markdown(chosen), "utf-8")
    print(f"{len(rows)} text edits in {len(articles())} articles; {len(chosen)} drawn with seed {args.seed} -> {args.out}")


if __name__ == "__main__":
    main()
