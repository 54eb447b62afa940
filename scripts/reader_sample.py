"""Draw the fixed sample of edits a reader judges: 100 text edits on real articles.

    .venv/bin/python scripts/reader_sample.py --out docs/reader-checks.md

The articles are the PTC test articles and the extraction benchmark's test bodies (ground-truth
article text), read from ../shared at run time. Every text edit (cut, modify, and the a/an
agreement that follows a cut) that the pipeline's detect -> edit step makes is pooled, and 100 are
drawn with a fixed seed, so the sample changes only when the editor's output does. Each row shows
the sentence before and after, for a judge to answer the four reader checks: is the word really
loaded here, does the sentence stay grammatical, is the meaning kept, is it outside quotations and
names. The verdict columns are left for the judge; `--verdicts FILE` re-renders with them.
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
    from unspin.pipeline import loaded_language_edits

    rows = []
    for source, text in articles():
        edits = agree_articles(text, loaded_language_edits(text))
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


def sample(rows: list[dict], n: int = 100) -> list[dict]:
    return random.Random(SEED).sample(rows, min(n, len(rows)))


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
        checks = [v.get(k, "") for k in ("loaded", "grammatical", "meaning", "outside")]
        lines.append(
            f"| {number} | {row['source']} | {row['kind']} | {edit} | {context} | "
            + " | ".join(checks)
            + f" | {_cell(v.get('note', ''))} |"
        )
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True, help="Markdown file for the sample (and JSON beside it)")
    args = parser.parse_args(argv)
    rows = collect()
    chosen = sample(rows)
    args.out.with_suffix(".json").write_text(json.dumps(chosen, indent=1, ensure_ascii=False) + "\n", "utf-8")
    args.out.write_text(markdown(chosen), "utf-8")
    print(f"{len(rows)} text edits in {len(articles())} articles; {len(chosen)} drawn -> {args.out}")


if __name__ == "__main__":
    main()
