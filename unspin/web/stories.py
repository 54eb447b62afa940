"""Stories as the web app shows them: a line per story for the lists.

The store says which articles make a story and summarizes them (`Store.stories`: every listed story with its
members in two queries); one story compared is `unspin.web.comparing`'s (the kept comparison, or one started in
the background).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from unspin.ingest.outlet import UNKNOWN
from unspin.store import Store, StoredArticle, StoryRecord
from unspin.store.records import ArticleSummary
from unspin.stories.dates import long_date, parse_date


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
    """Every listed story with members, newest first (a constant number of queries, however many stories)."""
    return [listing(record) for record in store.stories() if record.articles]


def outlet_of(item: ArticleSummary | StoredArticle) -> str:
    """The outlet to show: the stored name, else "unknown outlet" (never a file name)."""
    return item.outlet or UNKNOWN


def _differs(original: str | None, shown: str) -> str | None:
    return original if original and original != shown else None


def story_of(store: Store, article_id: int) -> int | None:
    """The id of the story the article belongs to (one per article), or None."""
    return store.stories_of([article_id]).get(article_id)
