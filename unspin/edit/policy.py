"""Decide what each detected span becomes: a cut, a modification, or nothing.

The detector says *what* is loaded; the policy says what a careful editor may
do about it. Cutting is preferred (it adds no words of ours); a load-bearing
word is replaced only when the detector offers a neutral word. Quotations,
numbers, dates and names are never edited, whatever the detector says.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Iterable, Sequence

from unspin.detect.span import Role, Span
from unspin.edit.ledger import CUT_MARK, Edit, EditKind
from unspin.edit.protect import Range, RangeSet, carries_fact, quotation_ranges
from unspin.settings import settings

STRENGTHS = ("light", "standard", "strong")
_JOINABLE_GAP = re.compile(r"^(\s+|\s*,\s*|\s+and\s+|\s*-\s*)$")


@dataclass(frozen=True)
class Strength:
    name: str
    min_confidence: float
    modify: bool


@cache
def load_strength(name: str) -> Strength:
    if name not in STRENGTHS:
        raise ValueError(f"unknown strength {name!r}; choose one of {', '.join(STRENGTHS)}")
    return Strength(name=name, **settings()[name])


def plan_edits(
    text: str, spans: Iterable[Span], strength: str = "standard", skip: Sequence[Range] = (), quotes: Sequence[Range] | None = None
) -> list[Edit]:
    """Edits for the spans that the strength allows and no protection forbids (`quotes`: the
    text's quotation ranges, when the caller has them already)."""
    chosen = load_strength(strength)
    blocked = RangeSet([*(quotation_ranges(text) if quotes is None else quotes), *skip])
    kept = [span for span in spans if _allowed(span, text, chosen, blocked)]
    return [_to_edit(text, group) for group in _group_cuts(text, sorted(kept, key=lambda s: s.start))]


def _allowed(span: Span, text: str, strength: Strength, blocked: RangeSet) -> bool:
    if span.confidence < strength.min_confidence or blocked.overlaps(span.start, span.end):
        return False
    if span.role is Role.HEAD and not (strength.modify and span.replacement):
        return False
    return carries_fact(span.text, text, span.start) is None


def _group_cuts(text: str, spans: list[Span]) -> list[list[Span]]:
    """Neighbouring cuts ("brutal and unprovoked") become one [...], not three."""
    groups: list[list[Span]] = []
    for span in spans:
        previous = groups[-1][-1] if groups else None
        if (
            previous is not None
            and previous.role is Role.MODIFIER
            and span.role is Role.MODIFIER
            and _JOINABLE_GAP.match(text[previous.end : span.start])
        ):
            groups[-1].append(span)
        elif previous is None or span.start >= previous.end:
            groups.append([span])
    return groups


def _to_edit(text: str, group: list[Span]) -> Edit:
    first, last = group[0], group[-1]
    if first.role is Role.HEAD:
        return Edit(
            kind=EditKind.MODIFY,
            start=first.start,
            end=first.end,
            original=first.text,
            replacement=first.replacement or "",
            category=first.category,
            reason=first.reason,
            confidence=first.confidence,
            by=first.by,
        )
    original = text[first.start : last.end]
    return Edit(
        kind=EditKind.CUT,
        start=first.start,
        end=last.end,
        original=original,
        replacement=CUT_MARK,
        category=first.category if len(group) == 1 else "+".join(dict.fromkeys(s.category for s in group)),
        reason=" ".join(dict.fromkeys(s.reason for s in group)),
        confidence=min(s.confidence for s in group),
        by=" ".join(dict.fromkeys(s.by for s in group)),
    )
