"""End to end: the `unspin` CLI on the real scraped seeds in ../shared/seeds.

Each check is a promise of the product: web furniture gone, every article line
kept, quotations untouched, no number or named entity lost, a ledger that
round-trips, and at least one cut of loaded language per article.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib
from functools import cache
from pathlib import Path

import pytest

from tests.conftest import REPO, seed_cases, seed_paths
from unspin.edit.ledger import Edit, EditKind, apply_edits, invert_edits

LABELS = tomllib.loads((REPO / "tests" / "fixtures" / "seed_furniture.toml").read_text("utf-8"))
QUOTE = re.compile(r"“[^”\n]*”|\"[^\"\n]*\"")
NUMBER = re.compile(r"\d+(?:[.,:]\d+)*")
SEEDS = pytest.mark.parametrize("seed", seed_cases(), ids=lambda p: p.name[:3])
# Every test here reads the seeds: skipped without ../shared, failing in CI.
pytestmark = pytest.mark.usefixtures("seeds_dir")


@cache
def run_cli(path: Path) -> dict:
    done = subprocess.run(
        [sys.executable, "-m", "unspin", "neutralize", str(path), "--format", "json"],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)


def line_ranges(text: str) -> list[tuple[int, int, int]]:
    """(line number, start, end) of every non-blank line."""
    ranges, offset = [], 0
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            ranges.append((number, offset, offset + len(line)))
        offset += len(line) + 1
    return ranges


def edits_of(report: dict) -> list[Edit]:
    return [Edit.model_validate(e) for e in report["edits"]]


def kept_text(report: dict) -> str:
    """The original minus boilerplate: what the content checks compare against."""
    return apply_edits(report["original"], [e for e in edits_of(report) if e.kind is EditKind.BOILERPLATE])


def test_seeds_are_present(seeds_dir: Path) -> None:
    assert len(seed_paths()) == 5


@SEEDS
def test_ledger_round_trips(seed: Path) -> None:
    report = run_cli(seed)
    assert report["original"] == seed.read_text("utf-8")
    edits = edits_of(report)
    assert apply_edits(report["original"], edits) == report["text"]
    assert invert_edits(report["text"], edits) == report["original"]


@SEEDS
def test_furniture_removed_and_article_kept(seed: Path) -> None:
    report = run_cli(seed)
    furniture = set(LABELS[seed.name[:3]]["furniture"])
    removed = [(e.start, e.end) for e in edits_of(report) if e.kind is EditKind.BOILERPLATE]
    for number, start, end in line_ranges(report["original"]):
        covered = any(s <= start and end <= e for s, e in removed)
        touched = any(s < end and start < e for s, e in removed)
        if number in furniture:
            assert covered, f"line {number} is web furniture but was kept"
        else:
            assert not touched, f"line {number} is article text but was removed"


@SEEDS
def test_headline_is_the_title(seed: Path) -> None:
    report = run_cli(seed)
    headline = LABELS[seed.name[:3]]["headline"]
    if headline:
        line = report["original"].split("\n")[headline - 1].strip()
        assert report["title"] == line


@SEEDS
def test_quotations_unchanged(seed: Path) -> None:
    report = run_cli(seed)
    for quote in QUOTE.findall(kept_text(report)):
        assert quote in report["text"], f"quotation changed: {quote[:60]}"


@SEEDS
def test_numbers_survive(seed: Path) -> None:
    report = run_cli(seed)
    before, after = NUMBER.findall(kept_text(report)), NUMBER.findall(report["text"])
    for number in set(before):
        assert after.count(number) >= before.count(number), f"number {number} lost"


@SEEDS
def test_named_entities_survive(seed: Path) -> None:
    from unspin.detect.nlp import load_nlp

    report = run_cli(seed)
    content_edits = [e for e in edits_of(report) if e.kind in (EditKind.CUT, EditKind.MODIFY)]
    doc = load_nlp()(report["original"])
    for ent in doc.ents:
        for edit in content_edits:
            assert not (edit.start < ent.end_char and ent.start_char < edit.end), (
                f"{edit.kind} '{edit.original}' touches entity '{ent.text}' ({ent.label_})"
            )


@SEEDS
def test_every_seed_gets_loaded_language_edited_or_flagged(seed: Path) -> None:
    # 000's loaded wording is mostly inside quotations ("a significant and dangerous escalation") or
    # an attribution ("officials claim") the model now scores below the edit bar: a flag, not an edit.
    report = run_cli(seed)
    kinds = {e.kind for e in edits_of(report)}
    assert kinds & {EditKind.CUT, EditKind.MODIFY, EditKind.FLAG}, "no loaded language cut, neutralized or flagged"


def test_most_seeds_get_cuts_or_flags(seeds_dir: Path) -> None:
    # 000 and 003 hold, outside quotations, only load-bearing loaded words (replaced,
    # not cut); cutting something there just to have a cut would be over-flagging. In 004
    # "untenable" belongs to Zelenskyy's reported claim ("insisted that ..."): flagged, not cut.
    edits = {p.name: edits_of(run_cli(p)) for p in seed_paths()}
    with_cuts = [name for name, found in edits.items() if any(e.kind is EditKind.CUT for e in found)]
    assert len(with_cuts) >= 2, with_cuts
    marked = [name for name, found in edits.items() if any(e.kind in (EditKind.CUT, EditKind.FLAG) for e in found)]
    assert len(marked) >= 4, marked
    untenable = [e for e in edits["004_67071d8e72ae0696.txt"] if e.original == "untenable"]
    assert [e.kind for e in untenable] == [EditKind.FLAG]
