"""Additions to a report: facts other outlets reported and this one left out, and resolved dates.

Every addition is an `add` edit in the ledger, so it is highlighted like any
change, shows where it came from, and disappears when the ledger is inverted.
A reader must be able to trust each one, so a sentence of another outlet is
added only when

- it carries a fact-bearing element (a number, a checkable date, a named person,
  organisation or place, a quotation) that neither this article nor an addition
  already made carries (`novelty.new_elements`: a restatement in other words
  brings none), a new number when it only grades what is known ("the biggest
  open question", `novelty.evaluates`);
- and it lacks the fact *by meaning* too: no sentence of the article, nor an
  addition already made, is close to it in the packaged MiniLM embedding —
  unless its new element is a number or a person and it is not a near
  restatement (thresholds in `unspin/data/stories/additions.toml`);
- and the learned judge trusts it (`judges.trusted`: a logistic regression over what `candidate` computes,
  fitted on a reader's verdicts on dev additions, for the restatements and commentary the rules let through);
- it stands on its own (`standalone.dangling`): no opening pronoun or
  connective, no subject that points at text the reader has not seen, no
  "the …" whose noun the other outlet used before the sentence and this
  article never does (`standalone.points_back`: "The dual endorsement");
- and one outlet's wording of the fact is chosen: the one that needs no edit,
  else the one the neutralizer can make neutral (its replacements applied, its
  cut words left out — never "[...]" inside another outlet's words), the ledger
  saying which words were changed; wording the neutralizer may only flag comes
  last, and the ledger names those words.

As many facts are added as are missing, none when nothing is. Each goes right
after the sentence of this article closest to it in meaning, but never in front
of a sentence that leans on the one before it (`placement.opens_on_earlier`),
never inside a quotation. The text added is credited to the outlet
(`Report.outlet_name`, or "unknown outlet": never a file name), and the ledger
keeps that outlet's original sentence in the reason. Dates are added right after
the phrase they resolve ("Thursday [30 May 2024]").
"""

from __future__ import annotations

import re
import tomllib
from bisect import bisect_right
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

import numpy as np

from unspin.edit.grammar import CATEGORY as GRAMMAR
from unspin.edit.grammar import agree_articles
from unspin.edit.ledger import LOADED_KINDS, Edit, EditKind, LedgerError, apply_edits, check_edits
from unspin.edit.protect import quotation_ranges
from unspin.ingest.outlet import UNKNOWN, source_name
from unspin.report import Report
from unspin.stories import embed, judges, novelty, placement, standalone
from unspin.stories.dates import find_relative, long_date, publication_date
from unspin.stories.entities import Mentions, mentions
from unspin.stories.facts import Claim, Fact, align, reports_speech
from unspin.stories.text import Sentence, body_sentences, paragraphs, sentences, words

DATA = Path(__file__).resolve().parents[1] / "data" / "stories" / "additions.toml"
_SPACE_BEFORE_PUNCT = re.compile(r"\s+([,.;:!?])")
_CONJ_BEFORE = re.compile(r"\b(?:and|or|nor)\s*$|,\s*$")
_CONJ_AFTER = re.compile(r"\s*(?:,|\b(?:and|or|nor)\b)")


@dataclass(frozen=True)
class Limits:
    covered: float
    covered_with_new_detail: float
    min_words: int
    covered_incidental: float = 0.0
    restated_incidental: float = 1.01  # above 1: never


@cache
def limits(path: Path = DATA) -> Limits:
    """The thresholds of `additions.toml`, read once."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))["thresholds"]
    return Limits(
        float(data["covered"]),
        float(data["covered_with_new_detail"]),
        int(data["min_words"]),
        float(data["covered_incidental"]),
        float(data["restated_incidental"]),
    )


@dataclass(frozen=True)
class Wording:
    """One outlet's sentence for a missing fact, as it would be added."""

    claim: Claim
    source: Report
    text: str  # what the reader sees: neutral words applied, cut words left out, dates resolved
    changed: tuple[str, ...] = ()  # "‘pounded’ → ‘struck’", "‘sweeping’ left out"
    flagged: tuple[str, ...] = ()  # loaded words the neutralizer may only flag, kept as written
    broken: bool = False  # leaving a cut word out would break a coordination: never added

    @property
    def burden(self) -> tuple[bool, bool, int]:
        """Sort key: no edit first, then wording the neutralizer made neutral, flagged wording last."""
        return (bool(self.flagged), bool(self.changed), len(self.changed) + len(self.flagged))


def fill_from_story(
    report: Report, story_reports: Sequence[Report], *, max_additions: int | None = None, facts: list[Fact] | None = None
) -> Report:
    """`report` with the facts the other reports of its story carry and it lacks, each credited to its outlet.

    `story_reports` may include `report` itself; it is skipped. Pass `facts` when the
    story was already aligned with `report` first and the others after it, in order.
    """
    others = [r for r in story_reports if r is not report and r.source != report.source]
    own = _body(report)
    if not others or not own:
        return report
    facts = facts if facts is not None else align([own] + [body_sentences(r) for r in others])
    chosen = choose(report, own, others, facts)
    if max_additions is not None:
        chosen = chosen[:max_additions]
    return _place_all(report, own, chosen) if chosen else report


def _body(report: Report) -> list[Sentence]:
    """The body's sentences: not those of the headline's line, which the splitter may cut in two
    ("No, the video was not debunked. Not even close.") so that no half equals the title."""
    title = " ".join(words(report.title or ""))
    lines = {
        n for n, (start, end) in enumerate(paragraphs(report)) if title and " ".join(words(report.original[start:end])) == title
    }
    return [s for s in body_sentences(report) if s.paragraph not in lines]


def choose(report: Report, own: list[Sentence], others: list[Report], facts: list[Fact]) -> list[Wording]:
    """One wording for every fact the article lacks, most widely reported first."""
    missing = [f for f in facts if 0 not in f.articles]
    candidates = [c for f in missing for c in f.claims if c.article > 0]
    if not candidates:
        return []
    own_texts = [s.text for s in own] + ([report.title] if report.title else [])
    texts = [c.sentence.text for c in candidates]
    standalone.parse(texts)
    known = standalone.vocabulary(own_texts)
    words_known = standalone.lemmas(own_texts)
    found = dict(zip(texts, mentions(texts)))
    vectors = dict(zip(texts, embed.encode(texts)))
    present = embed.encode(own_texts)
    told = _Told(others)
    chosen: list[Wording] = []
    for fact in missing:
        facts_known = novelty.Known.of(own_texts + [w.text for w in chosen])  # the reader now has the chosen ones too
        usable = []
        for claim in (c for c in fact.claims if c.article > 0):
            text = claim.sentence.text
            if not _usable(claim, found[text], known) or standalone.points_back(text, told(claim), words_known):
                continue
            if candidate(text, vectors[text], present, facts_known, words_known).lacking():
                usable.append(claim)
        if not usable:
            continue
        wordings = [w for w in (wording(c, others[c.article - 1], report.strength) for c in usable) if not w.broken]
        if not wordings:
            continue
        best = min(wordings, key=lambda w: w.burden)  # min keeps the first of equals: story order
        chosen.append(best)
        present = np.vstack([present, vectors[best.claim.sentence.text]])  # the reader now has this fact
    return chosen


@dataclass(frozen=True)
class Candidate:
    """What the filler knows of another outlet's sentence against the article (and the additions made so far):
    the one computation `choose` decides on and `benchmarks/additions_labels.py` scores the reader's verdicts with."""

    text: str
    near: float  # best cosine to a sentence the reader has
    new: tuple[novelty.Element, ...]  # fact-bearing elements the reader lacks (`novelty.new_elements`)
    restated: float  # `novelty.restated_share`
    told: bool  # `novelty.reported_told`

    def ruled(self, bounds: Limits | None = None) -> bool:
        """What the parse rules and cosine bars decide (`lacking`)."""
        return lacking(self.near, list(self.new), self.text, bounds, restated=self.restated, told=self.told)

    def lacking(self, bounds: Limits | None = None) -> bool:
        """The rules pass it and the learned judge does too: a reader would likely find its fact lacking."""
        return self.ruled(bounds) and judges.trusted(self)


def candidate(
    text: str, vector: np.ndarray, present: np.ndarray, facts_known: novelty.Known, words_known: Collection[str]
) -> Candidate:
    """`text` (its MiniLM `vector`) against the reader's sentences (`present`, their vectors), facts and words."""
    new = novelty.new_elements(text, facts_known)
    return Candidate(
        text,
        float((present @ vector).max()) if len(present) else 0.0,
        tuple(new),
        novelty.restated_share(text, new, words_known),
        novelty.reported_told(text, words_known),
    )


class _Told:
    """What each other article told before a sentence of it (`standalone.lemmas` of its text up to there,
    headline included), computed once per article."""

    def __init__(self, others: list[Report]) -> None:
        self._others = others
        self._before: dict[int, tuple[list[int], list[frozenset[str]]]] = {}

    def __call__(self, claim: Claim) -> frozenset[str]:
        if claim.article not in self._before:
            self._before[claim.article] = _cumulative(self._others[claim.article - 1])
        starts, told = self._before[claim.article]
        return told[max(0, bisect_right(starts, claim.sentence.start) - 1)]


def _cumulative(source: Report) -> tuple[list[int], list[frozenset[str]]]:
    every = sentences(source)
    standalone.parse([s.text for s in every])
    starts, told, seen = [], [], frozenset()
    for sentence in every:
        starts.append(sentence.start)
        told.append(seen)
        seen = seen | standalone.lemmas([sentence.text])
    return starts, told


def _usable(claim: Claim, found: Mentions, known: set[str]) -> bool:
    """Long enough, carries a fact, whole (a quotation with its speaker), and readable on its own."""
    text = claim.sentence.text
    balanced = text.count('"') % 2 == 0 and text.count("\u201c") == text.count("\u201d")
    if claim.sentence.words < limits().min_words or not balanced or (claim.quote is not None and claim.speaker is None):
        return False
    carries = bool(found.names or found.numbers or found.dates or claim.quote or reports_speech(text))
    return carries and standalone.dangling(text, known) is None


def lacking(
    near: float,
    new: list[novelty.Element],
    text: str,
    bounds: Limits | None = None,
    *,
    restated: float = 0.0,
    told: bool = False,
) -> bool:
    """Not stated by the article: it tells something (no question or bidding, `novelty.reports`), brings a
    fact-bearing element the article lacks (`novelty`) — a new number when it only grades what is known
    ("the biggest open question") — and is far from all the article's sentences, or, bringing a new number
    or person, is no near restatement. When every new element is incidental (a place, a time, a modifier:
    "denied the claim on Twitter", a person the article tells of by role) or a date, the sentence's claim itself
    must be new: far from the article's sentences, and not mostly in its words (`restated`, the share of the
    sentence's other content words the article holds: `novelty.restated_share`). When the only new core element
    is who reported it ("CNN said the office announced the probe"), the reported event must be new: its verb is
    not one the article uses (`told`: `novelty.reported_told`)."""
    if not new or not novelty.reports(text) or (novelty.evaluates(text) and not any(e.kind == "number" for e in new)):
        return False
    bounds = bounds or limits()
    core = [e for e in new if e.core and e.kind != "date"]  # a date anchors a fact; alone, it is incidental
    if not core:
        return near < bounds.covered_incidental and restated < bounds.restated_incidental
    if told and all(e.speaker for e in core):
        return False
    if near < bounds.covered:
        return True
    return near < bounds.covered_with_new_detail and any(e.kind in ("number", "person") for e in core)


def wording(claim: Claim, source: Report, strength: str) -> Wording:
    """The outlet's sentence with the neutralizer's replacements applied and its cut words left out.

    Loaded words are what the neutralizer found in the outlet's own article, plus what it
    finds in the sentence alone at this report's strength.
    """
    from unspin.pipeline import Options, loaded_language_edits

    sentence = claim.sentence
    inside = [
        e.model_copy(update={"start": e.start - sentence.start, "end": e.end - sentence.start})
        for e in source.edits
        if e.kind in LOADED_KINDS and sentence.start <= e.start and e.end <= sentence.end
    ]
    fresh = loaded_language_edits(sentence.text, options=Options(strength=strength))
    merged = inside + [e for e in fresh if not any(e.start < o.end and o.start < e.end for o in inside)]
    edits = check_edits(sentence.text, agree_articles(sentence.text, [e for e in merged if e.kind is not EditKind.FLAG]))
    broken = any(e.kind is EditKind.CUT and _coordinated(sentence.text, e) for e in edits)
    text = _neutral_text(sentence.text, edits)
    published = publication_date(source)
    if published is not None:
        for anchor in reversed(find_relative(text, published)):
            text = f"{text[: anchor.end]} [{anchor.resolved}]{text[anchor.end :]}"
    changed = tuple(
        f"\u2018{e.original}\u2019 left out"
        if e.kind is EditKind.CUT
        else f"\u2018{e.original}\u2019 \u2192 \u2018{e.replacement}\u2019"
        for e in edits
        if e.category != GRAMMAR
    )
    flagged = tuple(f"\u2018{e.original}\u2019" for e in merged if e.kind is EditKind.FLAG)
    return Wording(claim, source, text, changed, flagged, broken)


def _coordinated(text: str, cut: Edit) -> bool:
    """A cut word joined to another by "and"/"or" cannot just be left out ("dangerous and [failed] policy")."""
    return bool(_CONJ_BEFORE.search(text[: cut.start]) or _CONJ_AFTER.match(text[cut.end :]))


def _neutral_text(text: str, edits: list[Edit]) -> str:
    """`text` with replacements applied and cut words removed (not marked), spacing and capital restored."""
    pieces, cursor = [], 0
    for edit in edits:
        pieces += [text[cursor : edit.start], "" if edit.kind is EditKind.CUT else edit.replacement]
        cursor = edit.end
    result = _SPACE_BEFORE_PUNCT.sub(r"\1", " ".join(("".join(pieces) + text[cursor:]).split()))
    if result and text[:1].isupper() and result[:1].islower():
        result = result[0].upper() + result[1:]
    return result


def _place_all(report: Report, own: list[Sentence], chosen: list[Wording]) -> Report:
    """Each wording as an `add` edit at the best free slot; one that finds no slot is left out."""
    edits = list(report.edits)
    slots = _slots(report, own, edits)
    own_vectors = embed.encode([s.text for s in own])
    for item in chosen:
        closeness = own_vectors @ embed.encode([item.claim.sentence.text])[0]
        for index in np.argsort(-closeness, kind="stable"):
            edit = next((_edit(item, point, lead) for point, lead in slots.get(own[index].end, []) if point >= 0), None)
            if edit is None:
                continue
            try:
                check_edits(report.original, [*edits, edit])
            except LedgerError:
                continue
            edits.append(edit)
            slots[own[index].end] = [
                (-1, lead) if point == edit.start else (point, lead) for point, lead in slots[own[index].end]
            ]
            break
    return _with_edits(report, edits)


def _slots(report: Report, own: list[Sentence], edits: list[Edit]) -> dict[int, list[tuple[int, bool]]]:
    """Free insertion points after each body sentence: (point, whether the addition leads with a space).

    Two per sentence end: right after it (" [Added …]"), and right before the next sentence
    when only spaces or line breaks separate them ("[Added …] "). None before a sentence that
    leans on the one before it or goes on about what it named (`placement.continues`), none after a question
    or a bidding, after a colon (each sets up what follows) or a title the splitter took for a sentence's end
    ("including Sens."), inside a quotation (one left open too: `placement.open_quote`) or inside another edit.
    """
    every = sentences(report)
    starts = [s.start for s in every]
    quotes = quotation_ranges(report.original)
    slots: dict[int, list[tuple[int, bool]]] = {}
    for sentence in own:
        later = [s for s in every if s.start >= sentence.end]
        following = later[0] if later else None
        if following is not None and (
            placement.opens_on_earlier(following.text) or placement.continues(sentence.text, following.text)
        ):
            continue
        if not novelty.reports(sentence.text) or placement.sets_up(sentence.text):
            continue  # "Forget about Santa Claus." sets up what follows (at the end too); "… including Sens." was cut
        if any(s < sentence.end < e for s, e in quotes) or any(e.start < sentence.end < e.end for e in edits):
            continue
        if placement.open_quote(report.original, sentence.end):
            continue
        points = [(sentence.end, True)]
        gap = report.original[sentence.end : following.start] if following else ""
        if following is not None and following.start in starts and gap and not gap.strip():
            points.append((following.start, False))
        slots[sentence.end] = points
    return slots


def _edit(item: Wording, point: int, lead: bool) -> Edit:
    outlet = item.source.outlet_name or UNKNOWN
    shown = f"[Added from {outlet}: {item.text}]"
    reason = (
        f"Reported by {outlet} ({source_name(item.source.source, item.source.url)}) and not in this article. "
        f"Their sentence: \u201c{item.claim.sentence.text}\u201d"
    )
    if item.changed:
        reason += f" Loaded words neutralized: {', '.join(item.changed)}."
    if item.flagged:
        reason += f" Kept as they wrote it, possibly loaded: {', '.join(item.flagged)}."
    return Edit(
        kind=EditKind.ADD,
        start=point,
        end=point,
        original="",
        replacement=f" {shown}" if lead else f"{shown} ",
        category="added_fact",
        reason=reason,
        confidence=0.8,
        by="stories.fill",
        source=outlet,
    )


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
