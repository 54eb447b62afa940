"""The hand verdicts of docs/ADDITIONS.md on **dev** additions, scored against the filler's rules (`--tune --labels`).

The automatic "lacks" judge passes 0.95-0.98 of the additions where a reader finds 0.76-0.78 lacking, so
tuning against it alone rewards the wrong thing. The hand-judged samples hold a reader's verdict on dev
additions the earlier rules made; for each, this finds the other outlet's sentence it came from and asks
the present rules (`novelty.new_elements`, `novelty.evaluates`, the cosine bars) whether they would still
let it through: how many of the reader's "lacking" ones are kept, and how many of the "no" ones.
Only rows of dev targets are read (the tables with a data column and those of one split alike); test rows are
skipped.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from unspin.report import Report
from unspin.stories import embed, fill, novelty, standalone
from unspin.stories.text import body_sentences, content_words

_TARGET = re.compile(r"dev-\d+-\d+")
_CORPORA = frozenset({"dev", "test", "seeds"})


@dataclass(frozen=True)
class Labelled:
    target: str
    lacking: bool  # the reader's verdict
    candidate: fill.Candidate  # what the filler computes for the sentence (`fill.candidate`)

    @property
    def sentence(self) -> str:
        return self.candidate.text

    @property
    def near(self) -> float:
        return self.candidate.near

    @property
    def new(self) -> tuple[novelty.Element, ...]:
        return self.candidate.new

    @property
    def restated(self) -> float:
        return self.candidate.restated

    def kept(self, bounds: fill.Limits) -> bool:
        """What the parse rules and bars (`fill.lacking`) decide at these bars."""
        return self.candidate.ruled(bounds)


def read_rows(path: Path, held_out: Sequence[str] = ()) -> dict[tuple[str, str], bool]:
    """(target id, addition as shown) -> the reader's "fact lacking?" verdict, dev rows only, first verdict kept.

    Rows under a heading that contains one of `held_out` are not read: a sample judged to measure a fitted judge
    must not be fitted on, or refitting would not give back the judge it measured.
    Two table layouts: "# | data | target | credited | addition | lacking | ..." (samples of several splits) and
    "# | target | credited | addition | new elements | lacking | ..." (samples of one split)."""
    rows: dict[tuple[str, str], bool] = {}
    skipping = False
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            skipping = any(mark in line for mark in held_out)
        if skipping:
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 6 or not cells[0].isdigit():
            continue
        if cells[1] in _CORPORA:
            target, text, verdict = cells[2], cells[4], cells[5]
        else:
            target, text, verdict = cells[1], cells[3], cells[5]
        if _TARGET.fullmatch(target):
            rows.setdefault((target, text.rstrip("\u2026").strip()), "no" not in verdict)
    return rows


def source_sentence(shown: str, others: Sequence[Report]) -> str | None:
    """The other outlet's sentence an addition was made from: the one sharing most of its content words."""
    wanted = set(content_words(shown))
    best, score = None, 0.0
    for report in others:
        for sentence in body_sentences(report):
            overlap = len(wanted & set(content_words(sentence.text))) / max(1, len(wanted))
            if overlap > score:
                best, score = sentence.text, overlap
    return best if score >= 0.6 else None


def label(target: Report, sentence: str, lacking: bool) -> Labelled:
    """The reader's verdict beside what `fill.candidate` computes for the sentence against the target alone."""
    own = [s.text for s in fill._body(target)] + ([target.title] if target.title else [])
    vectors = embed.encode([sentence, *own])
    known = standalone.lemmas(own)
    return Labelled(target.source, lacking, fill.candidate(sentence, vectors[0], vectors[1:], novelty.Known.of(own), known))


def labelled_rows(path: Path, stories: dict[str, list[Report]], held_out: Sequence[str] = ()) -> list[Labelled]:
    """Every dev verdict of `path` (but the `held_out` samples: `read_rows`) whose addition is found again in
    `stories`, labelled (`label`)."""
    labelled: list[Labelled] = []
    for (target_id, shown), lacking in read_rows(path, held_out).items():
        members = stories.get(target_id.rsplit("-", 1)[0], [])
        target = next((r for r in members if r.source == target_id), None)
        sentence = source_sentence(shown, [r for r in members if r is not target]) if target else None
        if target is None or sentence is None:
            print(json.dumps({"unmatched": target_id, "text": shown[:80]}), flush=True)
            continue
        labelled.append(label(target, sentence, lacking))
    return labelled


def score_labels(path: Path, stories: dict[str, list[Report]], grid: Sequence[fill.Limits]) -> list[Labelled]:
    """Print each labelled dev row with the rules' view of it, then, per grid point, the verdicts kept."""
    labelled = labelled_rows(path, stories)
    now = fill.limits()
    for item in labelled:
        row = {"target": item.target, "lacking": item.lacking, "kept": item.kept(now), "near": round(item.near, 3)}
        row["restated"] = round(item.restated, 2)
        new = ", ".join(f"{e}{'' if e.core else ' (incidental)'}" for e in item.new)
        print(json.dumps({**row, "new": new, "sentence": item.sentence[:100]}, ensure_ascii=False))
    yes = [i for i in labelled if i.lacking]
    no = [i for i in labelled if not i.lacking]
    restated_grid = [replace(now, restated_incidental=bar) for bar in (0.3, 0.4, 0.5, 0.6, 0.7, 1.01)]
    for bounds in [*grid, *restated_grid]:
        kept_yes = sum(i.kept(bounds) for i in yes)
        kept_no = sum(i.kept(bounds) for i in no)
        share = kept_yes / max(1, kept_yes + kept_no)
        point = {"covered": bounds.covered, "detail": bounds.covered_with_new_detail, "incidental": bounds.covered_incidental}
        point["restated"] = bounds.restated_incidental
        print(
            json.dumps(
                {
                    **point,
                    "lacking kept": f"{kept_yes}/{len(yes)}",
                    "not lacking kept": f"{kept_no}/{len(no)}",
                    "share": round(share, 3),
                }
            )
        )
    return labelled
