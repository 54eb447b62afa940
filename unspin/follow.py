"""Follow feeds and sitemaps into the store: what `unspin follow` does, callable from Python.

    with Fetcher(user_agent="my-reader/1.0 (me@example.org)") as fetcher:
        plan = plan_follow(store, fetcher, ["https://example.org/feed.xml"], since=date(2026, 12, 1))
        for result in follow(store, fetcher, plan.new, options):
            ...  # a StoredArticle, or an IngestError naming the URL; the batch goes on

Two steps so a shell can show progress against a known total. Resumable by construction: a URL an
article was stored from (or redirected to) is never fetched again (`Store.known_urls`), and a page whose
content is already stored is not neutralized again (the store's `ingest` looks its content hash up first).
Each new article joins a story as it is stored (the store's story index, `unspin.store.stories`), so a
follow run ends with its articles grouped: `Store.stories_of` says where they went.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date

from unspin.ingest import IngestError
from unspin.ingest.feeds import links, since
from unspin.ingest.fetch import Fetcher, FetchError
from unspin.pipeline import DEFAULT, Options
from unspin.store import Store, StoredArticle, ingest_all


@dataclass
class FollowPlan:
    """What a follow run will fetch: `new` URLs in feed order, and what was left out and why."""

    new: list[str] = field(default_factory=list)
    listed: int = 0  # links the feeds and sitemaps gave, each counted once
    known: int = 0  # already in the store
    old: int = 0  # dated before --since
    errors: list[IngestError] = field(default_factory=list)  # feeds and sitemaps that could not be read


def plan_follow(store: Store, fetcher: Fetcher, locations: Iterable[str], *, since_day: date | None = None) -> FollowPlan:
    """Read every feed or sitemap in `locations` and list the article URLs not stored yet."""
    plan, seen = FollowPlan(), set()
    candidates: list[str] = []
    for location in locations:
        try:
            for link in links(fetcher, location):
                if link.url in seen:
                    continue
                seen.add(link.url)
                if since(link, since_day):
                    candidates.append(link.url)
                else:
                    plan.old += 1
        except FetchError as exc:
            plan.errors.append(IngestError(location, str(exc)))
    plan.listed = len(seen)
    known = store.known_urls(candidates)
    plan.known = len(known)
    plan.new = [url for url in candidates if url not in known]
    return plan


def follow(
    store: Store, fetcher: Fetcher, urls: Iterable[str], options: Options = DEFAULT
) -> Iterator[StoredArticle | IngestError]:
    """Fetch each URL, neutralize it through the pipeline's `run` (the store's intake) and store it, in order."""
    return ingest_all(store, fetcher.articles(urls), options)
