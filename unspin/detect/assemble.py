"""From decisions to spans: filter by strength, join neighbours, write the reasons.

Adjacent modifiers become one span ("very brutal", "brutal, senseless"), so the
editor makes one cut. When only one of two coordinated adjectives is cut, the
conjunction goes with it, so the sentence does not keep a dangling "and".
"""

from __future__ import annotations

import re

from unspin.detect import silencing
from unspin.detect.rules import Decision
from unspin.detect.span import Role, Span

_SPACE = re.compile(r"^\s+$")
_COORDINATION = re.compile(r"^(\s*,\s*|\s+(and|or)\s+)$")
_JOINED = re.compile(r"^(?:and|or)\s+|\s+(?:and|or)$")


def _covered(decisions: list[Decision], start: int, end: int) -> bool:
    return any(d.start < end and start < d.end for d in decisions)


def _non_overlapping(decisions: list[Decision]) -> list[Decision]:
    kept: list[Decision] = []
    for d in sorted(decisions, key=lambda d: (d.start, -(d.end - d.start))):
        if kept and d.start < kept[-1].end:
            if d.confidence > kept[-1].confidence:
                kept[-1] = d
            continue
        kept.append(d)
    return kept


def _sure(d: Decision, join_at: float, model_join_at: float | None) -> bool:
    """Is the decision sure enough to be cut? A word only the model found needs the strength's own
    bar for such words (`model_join_at`), not the curated lists' lower one: "a corrupt western
    elite" must not lose "western" with "corrupt" when the model alone scored "western" 0.3."""
    listed = any(part.startswith("lexicon:") and not part.startswith("lexicon:model") for part in d.by.split())
    if model_join_at is None or listed or not silencing.on("model_join"):
        return d.confidence >= join_at
    return d.confidence >= max(join_at, model_join_at)


def _join_conjunctions(decisions: list[Decision], join_at: float = 0.0, model_join_at: float | None = None) -> None:
    """A cut modifier takes the conjunction to a neighbour that stays (one not sure enough to be cut
    stays too: it is at most flagged)."""
    cut = [d for d in decisions if _sure(d, join_at, model_join_at)]
    for d in cut:
        if d.role is not Role.MODIFIER:
            continue
        if d.join_left and not _covered(cut, d.join_left[1], d.join_left[2]):
            if not _covered([x for x in decisions if x is not d], d.join_left[0], d.start):
                d.start = d.join_left[0]
        elif d.join_right and not _covered(cut, d.join_right[1], d.join_right[2]):
            if not _covered([x for x in decisions if x is not d], d.end, d.join_right[0]):
                d.end = d.join_right[0]


def _groups(
    text: str, decisions: list[Decision], join_at: float = 0.0, model_join_at: float | None = None
) -> list[list[Decision]]:
    """Neighbouring modifiers become one span, but only words sure enough to be cut join one: a
    word below its bar (at most a flag) must not be cut along with a confident neighbour."""
    groups: list[list[Decision]] = []
    for d in decisions:
        last = groups[-1][-1] if groups else None
        sure = last is not None and _sure(last, join_at, model_join_at) and _sure(d, join_at, model_join_at)
        if sure and last.role is Role.MODIFIER and d.role is Role.MODIFIER:
            gap = text[last.end : d.start]
            if _SPACE.match(gap) or (last.is_adjective and d.is_adjective and _COORDINATION.match(gap)):
                groups[-1].append(d)
                continue
        groups.append([d])
    return groups


def _sources(group: list[Decision]) -> str:
    """The lexicons that matched, then the model that scored: "lexicon:a@1 lexicon:b@1 model:m@1"."""
    ids = list(dict.fromkeys(part for d in group for part in d.by.split()))
    return " ".join([i for i in ids if not i.startswith("model:")] + [i for i in ids if i.startswith("model:")])


def to_spans(
    text: str,
    decisions: list[Decision],
    min_confidence: float,
    templates: dict[str, str],
    join_at: float = 0.0,
    model_join_at: float | None = None,
) -> list[Span]:
    """Spans in text order, none overlapping, at or above `min_confidence`; neighbours join one span
    only when both reach `join_at` (the lowest confidence at which the strength cuts), or, for a word
    only the model found, `model_join_at` (the bar such a word needs to be cut)."""
    kept = _non_overlapping([d for d in decisions if d.confidence >= min_confidence])
    _join_conjunctions(kept, join_at, model_join_at)
    spans = []
    for group in _groups(text, kept, join_at, model_join_at):
        lead = max(reversed(group), key=lambda d: d.confidence)  # ties go to the later, head-most word
        start, end = group[0].start, group[-1].end
        flagged = text[start:end]
        # Name the words, not a joined article or conjunction.
        shown = lead.label if len(group) == 1 and lead.label else _JOINED.sub("", flagged.strip(" ,"))
        if lead.role is Role.MODIFIER:
            reason = templates["modifier"].format(text=shown, why=lead.why)
        elif lead.replacement:
            reason = templates["head_replacement"].format(text=shown, why=lead.why, replacement=lead.replacement)
        else:
            reason = templates["head"].format(text=shown, why=lead.why)
        spans.append(
            Span(
                start=start,
                end=end,
                text=flagged,
                category=lead.category,
                reason=reason,
                confidence=round(max(d.confidence for d in group), 2),
                role=lead.role,
                by=_sources(group),
                replacement=lead.replacement if lead.role is Role.HEAD else None,
                keep=next((d.keep for d in group if d.keep), ""),
            )
        )
    return spans
