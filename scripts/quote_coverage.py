"""How much of PTC's quoted loaded language unspin's quotation ranges protect, and how much else.

    python scripts/quote_coverage.py [../shared/data/ptc/dev.jsonl]

Reads the PTC conversion at run time (see its README: every gold loaded span carries `quote`,
true when it lies inside a quotation by the converter's own heuristic) and prints, for the
quotation scan as it is and with quotations kept to one paragraph (run-on switched off), the
share of distinct loaded spans (deduplicated by offsets) that lie wholly inside a quotation
range: for `quote == true` this should be high, for `quote == false` low. Dev only: never point
it at a test split while tuning the scan.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from unspin.edit import protect

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "ptc" / "dev.jsonl"


def coverage(rows: list[dict]) -> dict[bool, tuple[int, int]]:
    """quote flag -> (spans inside a quotation range, spans)."""
    counts = {True: [0, 0], False: [0, 0]}
    for row in rows:
        ranges = protect.quotation_ranges(row["text"])
        starts = [start for start, _ in ranges]
        seen: set[tuple[int, int]] = set()
        for span in row["loaded_spans"]:
            key = (span["start"], span["end"])
            if key in seen:
                continue
            seen.add(key)
            inside = _inside(ranges, starts, *key)
            counts[bool(span["quote"])][0] += inside
            counts[bool(span["quote"])][1] += 1
    return {flag: (hit, total) for flag, (hit, total) in counts.items()}


def _inside(ranges: list[tuple[int, int]], starts: list[int], start: int, end: int) -> bool:
    from bisect import bisect_right

    index = bisect_right(starts, start) - 1
    return index >= 0 and ranges[index][1] >= end


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT)
    args = parser.parse_args()
    if "test" in args.path.name:
        raise SystemExit("refusing a test split: measure on dev")
    rows = [json.loads(line) for line in args.path.read_text(encoding="utf-8").splitlines() if line.strip()]
    run_on = protect.RUN_ON_PARAGRAPHS
    print(f"{args.path}: {len(rows)} articles")
    print("| quotation scan | quote==true inside | quote==false inside |")
    print("| --- | --- | --- |")
    for label, paragraphs in (("one paragraph (run-on off)", 0), ("run-on across paragraphs", run_on)):
        protect.RUN_ON_PARAGRAPHS = paragraphs
        result = coverage(rows)
        cells = [f"{hit}/{total} = {hit / total:.1%}" if total else "-" for hit, total in (result[True], result[False])]
        print(f"| {label} | {cells[0]} | {cells[1]} |")
    protect.RUN_ON_PARAGRAPHS = run_on


if __name__ == "__main__":
    main()
