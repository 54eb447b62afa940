"""Stories as the web app shows them: the store's groups, compared by the stories stage.

The store says which articles make a story (`Store.stories`, `Store.story`); this
module reads their newest reports and hands them to `unspin.stories`
(`compare_story`: facts aligned, each report filled from the others), which is
the same code the CLI's `unspin stories` runs. Comparing a story takes seconds
(every addition goes through the neutralizer), so the result is kept per story
and membership: a story is compared again only when an article joins or a
newer report replaces one.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from unspin.ingest.outlet import UNKNOWN
from unspin.report import Report
from unspin.store import Store, StoredArticle, StoryRecord
from unspin.store.records import ArticleSummary
from unspin.stories.dates import long_date, parse_date, publication_date
from unspin.stories.index import Assignment
from unspin.stories.story import Member, Story, compare_story

log = logging.getLogger("unspin.web")
COMPARED_KEPT = 32  # compared stories kept in memory (each holds its members' reports twice)


@dataclass(frozen=True)
class StoryListing:
    """One line of the list of stories: neutral headline, the original, size, outlets, dates."""

    id: int
    title: str
    original_title: str | None
    articles: int
    outlets: list[str]
    first_published: date | None
    last_published: date | None
    created_at: object

    @property
    def dates(self) -> str:
        """The span of publication dates, as the page prints it ("" when none is known)."""
        days = dict.fromkeys(d for d in (self.first_published, self.last_published) if d)
        return " – ".join(long_date(d) for d in days)


@dataclass(frozen=True)
class ComparedStory:
    """A stored story compared: `story.members[i]` is the stored article `articles[i]`."""

    record: StoryRecord
    story: Story
    articles: list[StoredArticle]

    def member_of(self, article_id: int) -> Member | None:
        return next((m for m, a in zip(self.story.members, self.articles) if a.id == article_id), None)

    @property
    def keys(self) -> dict[str, int]:
        """Member key (the report's source, made unique) → article id."""
        return {m.key: a.id for m, a in zip(self.story.members, self.articles)}


def listing(record: StoryRecord) -> StoryListing:
    """A story's line from its stored record and member summaries."""
    titled = [item for item in record.articles if item.original_title] or record.articles
    first = titled[0] if titled else None
    days = sorted(d for d in (parse_date(item.published) for item in record.articles) if d)
    return StoryListing(
        id=record.id,
        title=first.title if first else record.title,
        original_title=_differs(first.original_title, first.title) if first else None,
        articles=len(record.articles),
        outlets=list(dict.fromkeys(outlet_of(item) for item in record.articles)),
        first_published=days[0] if days else None,
        last_published=days[-1] if days else None,
        created_at=record.created_at,
    )


def story_listings(store: Store) -> list[StoryListing]:
    """Every story the store lists, each with its members' summaries (one query per story)."""
    records = (store.story(item.id) for item in store.stories())
    return [listing(record) for record in records if record is not None and record.articles]


def outlet_of(item: ArticleSummary | StoredArticle) -> str:
    """The outlet to show: the stored name, else "unknown outlet" (never a file name)."""
    return item.outlet or UNKNOWN


def _differs(original: str | None, shown: str) -> str | None:
    return original if original and original != shown else None


def compared(store: Store, story_id: int) -> ComparedStory | None:
    """The stored story with facts aligned and each member filled from the others; None when there is none."""
    record = store.story(story_id)
    if record is None:
        return None
    stored = [found for item in record.articles if (found := store.get(item.id)) is not None]
    story = _compare(story_id, tuple((item.id, item.report_id) for item in stored), store)
    return ComparedStory(record, story, stored)


@lru_cache(maxsize=COMPARED_KEPT)
def _compare(story_id: int, members: tuple[tuple[int, int], ...], store: Store) -> Story:
    """Compare the story of these (article, report) ids; cached, since the same ids mean the same reports."""
    stored = [found for article_id, _ in members if (found := store.get(article_id)) is not None]
    story = Story(story_id, [_member(item, story_id, unique=_shared_sources(stored)) for item in stored])
    try:
        compare_story(story)
    except Exception as exc:  # the story still shows its members, as the CLI's `unspin stories` does
        log.warning("story %d: comparing its articles failed (%s: %s)", story_id, type(exc).__name__, exc)
        story.facts = []
        for member in story.members:
            member.filled = member.report
    return story


def _shared_sources(stored: list[StoredArticle]) -> set[str]:
    sources = [item.report.source for item in stored]
    return {source for source in sources if sources.count(source) > 1}


def _member(item: StoredArticle, story_id: int, unique: set[str]) -> Member:
    """A stories-stage member for a stored article. Articles sent the same way share a source ("api:json",
    "pasted text"), which says nothing, and the stories stage tells members apart by source, so a shared one
    becomes "article N" (what an addition's reason then names)."""
    report: Report = item.report
    if report.source in unique:
        report = report.model_copy(update={"source": f"article {item.id}"})
    if item.outlet and report.outlet != item.outlet:
        report = report.model_copy(update={"outlet": item.outlet})
    return Member(
        report=report,
        outlet=outlet_of(item),
        published=publication_date(report),
        assignment=Assignment(key=report.source, story=story_id, new_story=False),
    )


def story_of(store: Store, article_id: int) -> int | None:
    """The id of the story the article belongs to (one per article), or None."""
    return store.stories_of([article_id]).get(article_id)
