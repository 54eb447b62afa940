"""Decide what each detected span becomes: a cut, a modification, a flag, or nothing.

The detector says *what* is loaded; the policy says what a careful editor may
do about it. Cutting is preferred (it adds no words of ours); a load-bearing
word is replaced only when the detector offers a neutral word. What is loaded
but cannot be cut or replaced safely — a head noun with no neutral synonym, a
predicative adjective, a word the detector is unsure of — is flagged: marked for
the reader, its text unchanged. Quotations, numbers, dates and names are never
edited or flagged, whatever the detector says.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from unspin.detect import silencing
from unspin.detect.span import Role, Span
from unspin.edit import claims
from unspin.edit.calibration import calibrated
from unspin.edit.ledger import CUT_MARK, Edit, EditKind
from unspin.edit.protect import Range, RangeSet, carries_fact, quotation_ranges
from unspin.settings import settings, strength_name

_OPENER_COMMA = re.compile(r",")
_JOINABLE_GAP = re.compile(r"^(\s+|\s*,\s*|\s+and\s+|\s*-\s*)$")
# A conjunction right before a cut, and nothing but punctuation after it: "(and [...])".
_CONJUNCTION_BEFORE = re.compile(r"\b(?:and|or|nor|but)\s+$", re.IGNORECASE)
_NOTHING_AFTER = re.compile(r"\s*(?:[)\]}.,;:!?\u2014\u2013]|$)")
# A determiner or possessive before a cut, a conjunction after it: "the [...] and tyrannical Bergoglio".
_DETERMINERS = "the|a|an|his|her|its|their|our|my|your|this|that|these|those"
_NOUN_PHRASE_BEFORE = re.compile(rf"(?:\b(?:{_DETERMINERS})|['\u2019]s)\s+$", re.IGNORECASE)
_CONJUNCTION_AFTER = re.compile(r"\s+(?:and|or)(?=\s+\w)", re.IGNORECASE)
LONE_CONJUNCT = "the cut would leave its 'and' or 'or' with one conjunct."


@dataclass(frozen=True)
class Strength:
    name: str
    min_confidence: float  # a span is cut or replaced at or above this
    modify: bool  # load-bearing words may be replaced
    flag_confidence: float = 1.01  # a span that is not edited is flagged at or above this
    lexicon_flag_confidence: float | None = None  # the same for a span a curated list matched (None: as above)
    lexicon_min_confidence: float | None = None  # min_confidence for a span a curated list matched (None: as above)

    def edit_at(self, span: Span) -> float:
        """Curated lists may earn a different bar than a word only the model found."""
        if self.lexicon_min_confidence is not None and _listed(span):
            return self.lexicon_min_confidence
        return self.min_confidence

    def flag_at(self, span: Span) -> float:
        if self.lexicon_flag_confidence is not None and _listed(span):
            return self.lexicon_flag_confidence
        return self.flag_confidence


def _listed(span: Span) -> bool:
    """Did a curated lexicon (not only the model) find the span?"""
    return any(part.startswith("lexicon:") and not part.startswith("lexicon:model") for part in span.by.split())


@cache
def load_strength(name: str) -> Strength:
    """The bars of a strength named in unspin/data/strength.toml (`ValueError` for another name)."""
    chosen = strength_name(name)
    return Strength(name=chosen.value, **settings()[chosen.value])


def cut_threshold(name: str) -> float:
    """The lowest confidence at which this strength changes the text (curated lists or not)."""
    chosen = load_strength(name)
    return min(chosen.min_confidence, chosen.lexicon_min_confidence or chosen.min_confidence)


def detection_threshold(name: str) -> float:
    """The lowest confidence at which a span becomes anything (an edit or a flag)."""
    chosen = load_strength(name)
    optional = [t for t in (chosen.lexicon_flag_confidence, chosen.lexicon_min_confidence) if t is not None]
    return min(chosen.min_confidence, chosen.flag_confidence, *optional)


def plan_edits(
    text: str,
    spans: Iterable[Span],
    strength: str = "standard",
    skip: Sequence[Range] = (),
    quotes: Sequence[Range] | None = None,
    flags: bool = True,
) -> list[Edit]:
    """Edits for the spans that the strength allows and no protection forbids (`quotes`: the
    text's quotation ranges, when the caller has them already); `flags` False leaves out the
    loaded words that would only be marked."""
    return plan_with(load_strength(strength), text, spans, skip, quotes, flags)


def plan_with(
    chosen: Strength,
    text: str,
    spans: Iterable[Span],
    skip: Sequence[Range] = (),
    quotes: Sequence[Range] | None = None,
    flags: bool = True,
    calibrate: bool = True,
) -> list[Edit]:
    """`plan_edits` for a `Strength` given as values (threshold tuning replays it); `calibrate`
    False keeps the detector's raw probability as each edit's confidence."""
    blocked = RangeSet([*(quotation_ranges(text) if quotes is None else quotes), *skip])
    changed: list[Span] = []
    flagged: list[Edit] = []
    for span in spans:
        action, kept = _action(span, text, chosen, blocked)
        if action is EditKind.FLAG and flags:
            flagged.append(_flag(span, kept))
        elif action in (EditKind.CUT, EditKind.MODIFY):
            changed.append(span)
    changed = _without_lone_degree_words(text, sorted(changed, key=lambda s: s.start))
    edits = []
    for group in _group_cuts(text, changed):
        if _leaves_lone_conjunct(text, group):
            flagged += [_flag(s, LONE_CONJUNCT) for s in group if flags and s.confidence >= chosen.flag_at(s)]
        else:
            edits.append(_to_edit(text, group))
    planned = sorted([*edits, *flagged], key=lambda e: e.start)
    if not calibrate:
        return planned
    return [e.model_copy(update={"confidence": calibrated(e.kind.value, e.confidence)}) for e in planned]


def _action(span: Span, text: str, strength: Strength, blocked: RangeSet) -> tuple[EditKind | None, str]:
    """What the editor does with a span — cut or modify it, flag it, or leave it (None) — and,
    for a flag, why the text was kept."""
    if blocked.overlaps(span.start, span.end) or carries_fact(span.text, text, span.start) is not None:
        return None, ""
    if span.role is Role.MODIFIER and claims.is_hedge(span.text) and silencing.on("hedges"):
        return None, ""  # cutting "arguably" would make the claim stronger, not plainer
    editable = span.role is Role.MODIFIER or (strength.modify and bool(span.replacement))
    flag_at, edit_at = strength.flag_at(span), strength.edit_at(span)
    if editable and span.confidence >= edit_at:
        if span.role is Role.HEAD:
            return EditKind.MODIFY, ""
        kept = _claim_kept(span, text)
        if not kept:
            return EditKind.CUT, ""
        return (EditKind.FLAG, kept) if span.confidence >= flag_at else (None, "")
    if span.confidence < flag_at:
        return None, ""
    if editable and span.confidence < edit_at:
        return EditKind.FLAG, "too uncertain to change the text."
    if span.role is Role.HEAD and span.replacement:
        return EditKind.FLAG, f"--strength {strength.name} does not replace words."
    return EditKind.FLAG, "no cut leaves a whole sentence and no neutral word says the same."


def _claim_kept(span: Span, text: str) -> str:
    """Why a removable modifier must stay after all: the parse says a cut would break or widen the
    phrase (`span.keep`), or it is part of a claim ('' when it may go)."""
    if span.keep:
        return span.keep
    left, _ = claims.sentence_around(text, span.start, span.end)
    if claims.under_negation(text, span.start, left) and silencing.on("negation"):
        return "it sits under a negation, and cutting it would change what is denied."
    if claims.after_negative_verb(text, span.start, left) and silencing.on("negative_verbs"):
        return "a verb before it says its clause did not happen; cutting it would change what is denied."
    if claims.is_distancing(span.text) and silencing.on("distancing"):
        return "it marks the words after it as someone's own claim; cut, the claim would read as fact."
    if claims.after_hedge(text, span.start) and silencing.on("hedges"):
        return "a hedge before it qualifies it, and would be left qualifying something else."
    if claims.reported_claim(text, span.start, span.end) and silencing.on("reported_claim"):
        return "it is part of a claim the article reports, not the outlet's own words."
    frame = claims.empty_frame(text, span.start, span.end)
    if frame and silencing.on("empty_frame"):
        return frame
    return ""


def _flag(span: Span, kept: str) -> Edit:
    """A loaded span kept as written; the reason says why it was not changed."""
    return Edit(
        kind=EditKind.FLAG,
        start=span.start,
        end=span.end,
        original=span.text,
        replacement=span.text,
        category=span.category,
        reason=f"{span.reason} Kept as written: {kept}",
        confidence=span.confidence,
        by=span.by,
    )


def _without_lone_degree_words(text: str, changed: list[Span]) -> list[Span]:
    """A plain degree word ("very") goes only with the cut of the word it grades, right after it:
    "very brutal" is one cut, "very recent" keeps its "very"."""
    if not silencing.on("degree_alone"):
        return changed
    kept = []
    for i, span in enumerate(changed):
        following = changed[i + 1] if i + 1 < len(changed) else None
        grades_a_cut = following is not None and not text[span.end : following.start].strip()
        if not claims.is_degree_word(span.text) or grades_a_cut:
            kept.append(span)
    return kept


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


def _leaves_lone_conjunct(text: str, group: list[Span]) -> bool:
    """Would cutting the group leave a conjunction with nothing to join ("deliriously (and [...])
    happy", "spoke calmly and [...].")? Then its words are flagged instead."""
    if group[0].role is not Role.MODIFIER or not silencing.on("lone_conjunct"):
        return False
    before = _CONJUNCTION_BEFORE.search(text, max(0, group[0].start - 12), group[0].start)
    return before is not None and bool(_NOTHING_AFTER.match(text, group[-1].end))


def _with_conjunction(text: str, start: int, end: int) -> int:
    """A cut first conjunct inside a noun phrase takes the conjunction along: "the corrupt and
    tyrannical Bergoglio" becomes "the [...] tyrannical Bergoglio", not "the [...] and tyrannical"."""
    if not silencing.on("lone_conjunct") or not _NOUN_PHRASE_BEFORE.search(text, max(0, start - 12), start):
        return end
    match = _CONJUNCTION_AFTER.match(text, end)
    return match.end() if match else end


def _with_opener_comma(text: str, start: int, end: int) -> int:
    """A cut that opens its sentence takes its comma along: "Ironically, the plan failed" becomes
    "[...] the plan failed", not "[...], the plan failed"."""
    match = _OPENER_COMMA.match(text, end)
    if not match:
        return end
    before = text[max(0, start - 3) : start]
    opens = start == 0 or before.rstrip(" \t\"“‘'(").endswith((".", "!", "?", "\n")) or not before.strip(" \t\"“‘'(")
    return match.end() if opens else end


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
    end = _with_conjunction(text, first.start, _with_opener_comma(text, first.start, last.end))
    original = text[first.start : end]
    return Edit(
        kind=EditKind.CUT,
        start=first.start,
        end=end,
        original=original,
        replacement=CUT_MARK,
        category=first.category if len(group) == 1 else "+".join(dict.fromkeys(s.category for s in group)),
        reason=" ".join(dict.fromkeys(s.reason for s in group)),
        confidence=min(s.confidence for s in group),
        by=" ".join(dict.fromkeys(s.by for s in group)),
    )
