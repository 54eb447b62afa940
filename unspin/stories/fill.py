"""Additions to a report: facts other outlets reported and this one left out, and resolved dates.

Every addition is an `add` edit in the ledger, so it is highlighted like any
change, shows where it came from, and disappears when the ledger is inverted.
Facts are added whole, at a sentence end, right after the sentence of this
article closest to them in meaning; the text added is the other outlet's
sentence after the same neutralizer ("[Added from RFE/RL: …]"), and the
ledger keeps that outlet's original sentence in the reason. Dates are added
right after the phrase they resolve ("Thursday [30 May 2024]").
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import numpy as np

from unspin.edit.ledger import Edit, EditKind, LedgerError, apply_edits, check_edits
from unspin.edit.protect import quotation_ranges
from unspin.ingest.outlet import UNKNOWN, source_name
from unspin.report import Report
from unspin.stories import embed
from unspin.stories.dates import find_relative, long_date, publication_date
from unspin.stories.facts import Claim, Fact, align
from unspin.stories.text import Sentence, body_sentences, sentences

COVERED = 0.6  # a sentence this close to one of the article's own is not missing from it
MAX_ADDITIONS = 10
MIN_WORDS = 8  # shorter sentences rarely carry a fact worth adding


def fill_from_story(
    report: Report, story_reports: Sequence[Report], *, max_additions: int = MAX_ADDITIONS, facts: list[Fact] | None = None
) -> Report:
    """`report` with facts from the other reports of its story added, each credited to its outlet.

    `story_reports` may include `report` itself; it is skipped. Pass `facts` when the
    story was already aligned with `report` first and the others after it, in order.
    """
    others = [r for r in story_reports if r is not report and r.source != report.source]
    own = body_sentences(report)
    if not others or not own:
        return report
    groups = [own] + [body_sentences(r) for r in others]
    facts = facts if facts is not None else align(groups)
    missing = [f for f in facts if 0 not in f.articles]
    chosen = _choose(missing, own, max_additions)
    if not chosen:
        return report
    own_vectors = embed.encode([s.text for s in own])
    edits = list(report.edits)
    taken = {e.start for e in edits if e.kind is EditKind.ADD}
    for fact, claim_index in chosen:
        claim = fact.claims[claim_index]
        source = others[claim.article - 1]
        vector = embed.encode([claim.sentence.text])[0]
        order = np.argsort(-(own_vectors @ vector))
        addition = _addition(claim.sentence.text, source, report.strength)
        outlet = source.outlet_name or UNKNOWN
        edit_reason = (
            f"Reported by {outlet} ({source_name(source.source, source.url)}) and not in this article. "
            f"Their sentence: \u201c{claim.sentence.text}\u201d"
        )
        for position in _points(report, [own[i] for i in order], edits):
            if position in taken:
                continue
            edit = Edit(
                kind=EditKind.ADD,
                start=position,
                end=position,
                original="",
                replacement=f" [Added from {outlet}: {addition}]",
                category="added_fact",
                reason=edit_reason,
                confidence=0.8,
                by="stories.fill",
                source=outlet,
            )
            try:
                check_edits(report.original, [*edits, edit])
            except LedgerError:
                continue
            edits.append(edit)
            taken.add(position)
            break
    return _with_edits(report, edits)


def _choose(missing: list[Fact], own: list[Sentence], limit: int) -> list[tuple[Fact, int]]:
    """Facts worth adding, most widely reported first, taking turns between source outlets."""
    candidates = []
    for fact in missing:
        usable = [i for i, c in enumerate(fact.claims) if c.sentence.words >= MIN_WORDS and _standalone(c)]
        if usable:
            candidates.append((fact, min(usable, key=lambda i: fact.claims[i].article)))
    if not candidates:
        return []
    closeness = _closeness([f.claims[i].sentence.text for f, i in candidates], [s.text for s in own])
    kept = [pair for pair, near in zip(candidates, closeness) if near < COVERED]
    queues: dict[int, list[tuple[Fact, int]]] = {}
    for fact, index in sorted(kept, key=lambda p: (-len(p[0].claims), p[0].claims[p[1]].sentence.start)):
        queues.setdefault(fact.claims[index].article, []).append((fact, index))
    chosen: list[tuple[Fact, int]] = []
    while len(chosen) < limit and any(queues.values()):
        for article in sorted(queues):
            if queues[article] and len(chosen) < limit:
                chosen.append(queues[article].pop(0))
    return chosen


def _standalone(claim: Claim) -> bool:
    """A sentence that makes sense on its own: no piece of a longer quotation, no quote without its speaker."""
    text = claim.sentence.text
    balanced = text.count('"') % 2 == 0 and text.count("\u201c") == text.count("\u201d")
    return balanced and (claim.quote is None or claim.speaker is not None)


def _closeness(texts: list[str], own: list[str]) -> np.ndarray:
    a, b = embed.encode(texts), embed.encode(own)
    return (a @ b.T).max(axis=1)


def _addition(sentence: str, source: Report, strength: str) -> str:
    """The other outlet's sentence after the neutralizer, with its relative dates resolved when its date is known."""
    from unspin.pipeline import Options, neutralize

    text = " ".join(neutralize(sentence, options=Options(strength=strength), source=source.source).text.split())
    published = publication_date(source)
    if published is not None:
        for anchor in reversed(find_relative(text, published)):
            text = f"{text[: anchor.end]} [{anchor.resolved}]{text[anchor.end :]}"
    return text


def _points(report: Report, ranked: list[Sentence], edits: list[Edit]) -> list[int]:
    """Insertion points: ends of the ranked sentences, then the end of the article's last sentence."""
    points = [s.end for s in ranked]
    every = sentences(report)
    if every:
        points.append(every[-1].end)
    return [p for p in points if not any(e.start < p < e.end for e in edits)]


def anchor_dates(report: Report, published: date | None = None) -> Report:
    """`report` with relative dates resolved against its publication date; unchanged when that is unknown."""
    published = published or publication_date(report)
    if published is None:
        return report
    quotes = quotation_ranges(report.original)
    edits = list(report.edits)
    taken = {e.start for e in edits if e.kind is EditKind.ADD}
    for sentence in sentences(report):
        for anchor in find_relative(sentence.text, published):
            position = sentence.start + anchor.end
            if position in taken or any(s <= position - 1 < e for s, e in quotes):
                continue
            if any(e.start < position < e.end or e.start < position - 1 < e.end for e in edits):
                continue
            edit = Edit(
                kind=EditKind.ADD,
                start=position,
                end=position,
                original="",
                replacement=f" [{anchor.resolved}]",
                category="resolved_date",
                reason=f"\u2018{anchor.phrase}\u2019 resolved against the publication date, {long_date(published)}.",
                confidence=0.9,
                by="stories.dates",
                source="publication date",
            )
            edits.append(edit)
            taken.add(position)
    return _with_edits(report, edits)


def _with_edits(report: Report, edits: list[Edit]) -> Report:
    ordered = check_edits(report.original, edits)
    return report.model_copy(update={"edits": ordered, "text": apply_edits(report.original, ordered)})
