"""From files to stories: read, neutralize, group, align, add — the stories pipeline in one place.

    run = build_stories(["feeds/"])        # StoryRun: stories, per-article notes, errors
    run.stories[0].facts                   # aligned facts, most widely reported first
    run.stories[0].members[0].filled       # the report with attributed additions and resolved dates

Articles stream through a `StoryIndex` in publication order (undated ones after
the dated, in input order). Problems with single articles are reported in
`notes` and `errors`, never raised: no date, no text after cleaning, exact
duplicates (stored once, listed under every outlet), republished copies.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from unspin.edit.ledger import EditKind
from unspin.ingest import IngestError
from unspin.ingest.outlet import UNKNOWN
from unspin.report import Report
from unspin.stories.dates import long_date, publication_date
from unspin.stories.facts import Fact, align
from unspin.stories.fill import anchor_dates, fill_from_story
from unspin.stories.index import Assignment, StoryIndex
from unspin.stories.profile import Draft, profiles
from unspin.stories.text import body_sentences, headline, kept_ranges, lead_text, shown_headline, words

if TYPE_CHECKING:
    from unspin.pipeline import Options


@dataclass
class Member:
    """One article of a story: its report, where it came from, and how loaded its language is."""

    report: Report
    outlet: str
    published: date | None
    assignment: Assignment
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (source, outlet) of identical copies
    filled: Report | None = None  # with additions from the other outlets and resolved dates

    @property
    def key(self) -> str:
        return self.report.source

    @property
    def outlets(self) -> list[str]:
        """Every outlet that published this text."""
        return list(dict.fromkeys([self.outlet, *(outlet for _, outlet in self.duplicates)]))

    @property
    def words(self) -> int:
        return sum(len(words(self.report.original[s:e])) for s, e in kept_ranges(self.report.original, self.report.edits))

    @property
    def loaded(self) -> int:
        return self.report.count(EditKind.CUT) + self.report.count(EditKind.MODIFY)

    @property
    def density(self) -> float:
        """Loaded-language edits (cuts and modifications) per 100 words of article text."""
        return 100.0 * self.loaded / self.words if self.words else 0.0


@dataclass
class Story:
    id: int
    members: list[Member]
    facts: list[Fact] = field(default_factory=list)

    @property
    def headline(self) -> str:
        """The first member's headline as its report shows it (neutralized)."""
        titled = [m for m in self.members if m.report.title]
        return shown_headline((titled or self.members)[0].report)

    @property
    def original_headline(self) -> str:
        titled = [m for m in self.members if m.report.title]
        return headline((titled or self.members)[0].report)

    @property
    def dates(self) -> list[date]:
        return sorted({m.published for m in self.members if m.published})


@dataclass
class StoryRun:
    stories: list[Story]
    notes: list[tuple[str, str]] = field(default_factory=list)  # (source, what was noticed)
    errors: list[IngestError] = field(default_factory=list)


def build_stories(
    paths: Iterable[str], options: Options | None = None, *, compare: bool = True, vectors: str = "hnsw"
) -> StoryRun:
    """Read every article under `paths` and group it into stories; `compare` aligns facts and fills reports.

    `options` says how to read and neutralize (strength, max bytes, ...); no error of one article
    ends the run. Filling is done story by story here, whatever `options.fill_from_story` says.
    """
    from unspin import pipeline

    options = (options or pipeline.Options()).model_copy(update={"fill_from_story": False})
    reports: list[Report] = []
    errors: list[IngestError] = []
    for result in pipeline.run(pipeline.read(paths, options), options, contain=True):
        (errors if isinstance(result, IngestError) else reports).append(result)
    run = group_reports(reports, vectors=vectors)
    run.errors = errors + run.errors
    if compare:
        for story in run.stories:
            try:
                compare_story(story)
            except Exception as exc:  # one story's additions failing leaves its reports as they are
                for member in story.members:
                    member.filled = member.filled or member.report
                run.errors.append(
                    IngestError(story.members[0].key, f"additions from the other outlets failed ({type(exc).__name__}: {exc})")
                )
    return run


def group_reports(reports: Sequence[Report], *, vectors: str = "hnsw", index: StoryIndex | None = None) -> StoryRun:
    """Stream reports through a story index (publication order, undated last) into stories."""
    dates = [publication_date(r) for r in reports]
    outlets = [r.outlet_name or UNKNOWN for r in reports]
    order = sorted(range(len(reports)), key=lambda i: (dates[i] is None, dates[i] or date.min, i))
    drafts = [
        Draft(
            key=reports[i].source,
            headline=headline(reports[i]),
            lead=lead_text(reports[i]),
            body=" ".join(s.text for s in body_sentences(reports[i])),
            published=dates[i],
            outlet=outlets[i],
        )
        for i in order
    ]
    index = index if index is not None else StoryIndex(vectors=vectors)
    members: dict[str, Member] = {}
    notes: list[tuple[str, str]] = []
    for i, profile in zip(order, profiles(drafts)):
        report, assignment = reports[i], index.add(profile)
        if dates[i] is None:
            notes.append((report.source, "no publication date in the metadata or a dateline: relative dates left as written"))
        if assignment.duplicate_of is not None:
            members[assignment.duplicate_of].duplicates.append((report.source, outlets[i]))
            notes.append((report.source, f"same text as {assignment.duplicate_of}: stored once, listed under both outlets"))
            continue
        if assignment.near_duplicate_of is not None:
            notes.append((report.source, f"republished copy of {assignment.near_duplicate_of} (near-duplicate text)"))
        members[report.source] = Member(report, outlets[i], dates[i], assignment)
    by_story: dict[int, list[Member]] = {}
    for member in members.values():  # stories as they stand after the last arrival (the index regroups)
        by_story.setdefault(index.story_key(member.key), []).append(member)
    position = {id(r): i for i, r in enumerate(reports)}
    for group in by_story.values():
        group.sort(key=lambda m: position[id(m.report)])
    ordered = sorted(by_story.values(), key=lambda g: position[id(g[0].report)])
    stories = [Story(number, group) for number, group in enumerate(ordered, start=1)]
    return StoryRun(stories, notes)


def compare_story(story: Story) -> None:
    """Align the story's facts and give every member its filled report (additions and resolved dates)."""
    reports = [m.report for m in story.members]
    story.facts = align([body_sentences(r) for r in reports]) if len(reports) > 1 else []
    for member in story.members:
        filled = fill_from_story(member.report, reports) if len(reports) > 1 else member.report
        member.filled = anchor_dates(filled, member.published)


def story_summary(story: Story) -> dict:
    """A JSON-ready account of one story: members, facts with their outlets, quotes, differences."""
    members = story.members
    return {
        "id": story.id,
        "headline": story.headline,
        "original_headline": story.original_headline,
        "dates": [long_date(d) for d in story.dates],
        "articles": [
            {
                "source": m.key,
                "outlet": m.outlet,
                "outlets": m.outlets,
                "title": m.report.neutral_title,
                "original_title": m.report.title,
                "published": long_date(m.published) if m.published else None,
                "duplicates": [source for source, _ in m.duplicates],
                "near_duplicate_of": m.assignment.near_duplicate_of,
                "score": round(m.assignment.score, 3),
                "words": m.words,
                "loaded_edits": m.loaded,
                "density_per_100_words": round(m.density, 2),
                "additions": [
                    e.model_dump(mode="json")
                    for e in (m.filled.edits if m.filled else [])
                    if e.kind is EditKind.ADD and e.category == "added_fact"
                ],
                "resolved_dates": [
                    {
                        "at": e.start,
                        "phrase": m.report.original[max(0, e.start - 30) : e.start].split("\n")[-1],
                        "added": e.replacement.strip(),
                    }
                    for e in (m.filled.edits if m.filled else [])
                    if e.category == "resolved_date"
                ],
            }
            for m in members
        ],
        "facts": [
            {
                "text": fact.text,
                "outlets": [members[c.article].outlet for c in fact.claims],
                "sentences": {members[c.article].key: c.sentence.text for c in fact.claims},  # by source: outlets may be unknown
                "quotes": [
                    {"quote": c.quote, "speaker": c.speaker, "reported_by": members[c.article].outlet}
                    for c in fact.claims
                    if c.quote
                ],
                "differences": fact.differences,
            }
            for fact in story.facts
        ],
    }
