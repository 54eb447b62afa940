"""Stories as the store keeps them, compared: what the web's story pages, `/api/stories/{id}` and
`unspin stories --db` all show, assembled here once.

The store groups every article as it is saved (`unspin.store.stories`); this reads a story's members with their
newest reports (one query), makes them the stories stage's `Member`s, and compares them (`compare_story`: facts
aligned, each report filled from the others). Comparing takes seconds, so the result is kept in the store
(`Store.keep_comparison`, `unspin.stories.kept`) under a key of the members' reports and the code that compared
them: every process, and the next start, reads it instead of comparing again, and a member joining or a newer
report makes a new key.

    found = stored_story(Store("unspin.db"), 3)       # StoredStory: record, compared Story, stored articles
    run = stored_stories(Store("unspin.db"))          # every stored story, as `build_stories` gives them for files

A server must not compare in the request (seconds of CPU, holding the interpreter every other client needs): it
asks `stored_story(..., kept_only=True)`, which restores a kept comparison or says `pending`, and has
`compare_in_background` run in another process, which keeps the result for the next request.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from unspin.ingest import IngestError
from unspin.ingest.outlet import UNKNOWN
from unspin.stories import kept
from unspin.stories.dates import publication_date
from unspin.stories.index import Assignment
from unspin.stories.story import Member, Story, StoryRun, compare_story

if TYPE_CHECKING:
    from unspin.store import Store, StoredArticle, StoryRecord

log = logging.getLogger(__name__)
NO_DATE = "no publication date in the metadata or a dateline: relative dates left as written"


@dataclass(frozen=True)
class StoredStory:
    """A stored story compared: `story.members[i]` is the stored article `articles[i]`.

    `error` says why comparing failed, when it did: the story then has no facts and its reports are unfilled.
    """

    record: StoryRecord
    story: Story
    articles: list[StoredArticle]
    error: IngestError | None = None
    notes: list[tuple[str, str]] = field(default_factory=list)  # (member key, what was noticed)
    pending: bool = False  # asked `kept_only` and none was kept: no facts, reports unfilled, to be compared elsewhere

    def member_of(self, article_id: int) -> Member | None:
        return next((m for m, a in zip(self.story.members, self.articles) if a.id == article_id), None)

    @property
    def keys(self) -> dict[str, int]:
        """Member key (the report's source, made unique) → article id."""
        return {m.key: a.id for m, a in zip(self.story.members, self.articles)}

    @property
    def members_key(self) -> str:
        """The key its comparison is kept under (with the code's version): which articles and reports it compares."""
        return kept.members_key((item.id, item.report_id) for item in self.articles)


def stored_story(
    store: Store, story_id: int, *, compare: bool = True, kept_only: bool = False, version: str | None = None
) -> StoredStory | None:
    """The stored story with its members' newest reports, compared (from the store when it was before); None when
    there is no such story. With `kept_only`, only a kept comparison is read: when there is none the story comes
    back uncompared and `pending` (the caller has it compared elsewhere, `compare_in_background`). `version` is the
    code version it is kept under (default: this process's `kept.code_version()`)."""
    record = store.story(story_id)
    if record is None:
        return None
    found = store.get_many(item.id for item in record.articles)
    articles = [found[item.id] for item in record.articles if item.id in found]
    if kept_only and compare:
        story = Story(story_id, members(articles, story_id))
        pending = bool(story.members) and not restore_kept(store, story, articles, version)
        return StoredStory(record, story, articles, None, _notes(story), pending=pending)
    story, error = _story(store, story_id, articles, compare, version)
    return StoredStory(record, story, articles, error, _notes(story))


def compare_in_background(url: str, story_id: int, version: str) -> str | None:
    """Compare a stored story and keep the result, in a process of its own (a web server's pool): the store is opened
    from its URL here, so the server process does none of the work. Returns why comparing failed, or None (also
    when the story is gone or was kept meanwhile). It is kept under the asking process's code `version`: files
    changed on disk since that process read them (an upgrade in place) must not make it look for a key nobody
    writes, asking again on every refresh."""
    from unspin.store import Store

    store = Store(url, create=False)
    try:
        found = stored_story(store, story_id, version=version)
    finally:
        store.close()
    return str(found.error) if found is not None and found.error is not None else None


def stored_stories(store: Store, *, compare: bool = True) -> StoryRun:
    """Every stored story, oldest first, with its members' newest reports (articles not grouped yet are grouped
    first); a story that cannot be compared keeps its reports as they are and is named in `errors`."""
    store.group_stored()
    groups = store.story_groups()
    found = store.get_many(article_id for _, article_ids in groups for article_id in article_ids)
    run = StoryRun([])
    for story_id, article_ids in groups:
        articles = [found[article_id] for article_id in article_ids if article_id in found]  # no report: nothing to show
        if not articles:
            continue
        story, error = _story(store, story_id, articles, compare, None)
        run.stories.append(story)
        run.notes += _notes(story)
        run.errors += [error] if error else []
    return run


def _story(
    store: Store, story_id: int, articles: list[StoredArticle], compare: bool, version: str | None
) -> tuple[Story, IngestError | None]:
    story = Story(story_id, members(articles, story_id))
    if not compare or not story.members:
        return story, None
    return story, compare_stored(store, story, articles, version)


def members(articles: list[StoredArticle], story_id: int) -> list[Member]:
    """The stories stage's members for stored articles, in their order.

    Articles sent the same way share a source ("api:json", "pasted text"), which says nothing, and the stories
    stage tells members apart by source, so a shared one becomes "article N" (what an addition's reason then
    names). The outlet is the store's (what every list shows), else unknown: never a file name.
    """
    sources = [item.report.source for item in articles]
    shared = {source for source in sources if sources.count(source) > 1}
    found = []
    for item in articles:
        report = item.report
        if report.source in shared:
            report = report.model_copy(update={"source": f"article {item.id}"})
        if item.outlet and report.outlet != item.outlet:
            report = report.model_copy(update={"outlet": item.outlet})
        assignment = Assignment(key=report.source, story=story_id, new_story=False)
        found.append(Member(report, item.outlet or UNKNOWN, publication_date(report), assignment))
    return found


def compare_stored(store: Store, story: Story, articles: list[StoredArticle], version: str | None = None) -> IngestError | None:
    """Give the story its facts and filled reports: the store's kept comparison when it has one for these members and
    this code, else `compare_story`'s, then kept. A failure leaves the reports unfilled and is returned."""
    version = version or kept.code_version()
    if restore_kept(store, story, articles, version):
        return None
    key = kept.members_key((item.id, item.report_id) for item in articles)
    try:
        compare_story(story)
    except Exception as exc:  # the story still shows its members, and other stories go on
        story.facts = []
        for member in story.members:
            member.filled = member.report
        return IngestError(story.members[0].key, f"additions from the other outlets failed ({type(exc).__name__}: {exc})")
    store.keep_comparison(story.id, key, version, kept.dump(story))
    return None


def restore_kept(store: Store, story: Story, articles: list[StoredArticle], version: str | None = None) -> bool:
    """Give the story the comparison kept for these members and this code; False when there is none (or it does not
    fit: kept by other code under the same key, so it is compared again and the new one kept)."""
    key, version = kept.members_key((item.id, item.report_id) for item in articles), version or kept.code_version()
    data = store.comparison(story.id, key, version)
    if data is None:
        return False
    try:
        kept.restore(story, data)
    except ValueError as exc:
        log.warning("story %d: %s", story.id, exc)
        return False
    return True


def _notes(story: Story) -> list[tuple[str, str]]:
    return [(member.key, NO_DATE) for member in story.members if member.published is None]
