"""Stories as the store keeps them, as a `StoryRun`: what `unspin stories --db` prints and writes.

The store groups every article as it is saved (`unspin.store.stories`); this reads those stories back
with their reports, then aligns facts and fills each report as `build_stories` does for files.

    run = stored_stories(Store("unspin.db"))
    run.stories[0].members[0].filled
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from unspin.ingest import IngestError
from unspin.ingest.outlet import UNKNOWN
from unspin.stories.dates import publication_date
from unspin.stories.index import Assignment
from unspin.stories.story import Member, Story, StoryRun, compare_story

if TYPE_CHECKING:
    from unspin.store import Store


def stored_stories(store: Store, *, compare: bool = True) -> StoryRun:
    """Every stored story with its members' newest reports (articles not grouped yet are grouped first)."""
    store.group_stored()
    run = StoryRun([])
    for story_id, article_ids in store.story_groups():
        members = []
        for article_id in article_ids:
            stored = store.get(article_id)
            if stored is None:  # an article without a report: nothing to show
                continue
            report, published = stored.report, publication_date(stored.report)
            if published is None:
                run.notes.append(
                    (report.source, "no publication date in the metadata or a dateline: relative dates left as written")
                )
            members.append(Member(report, report.outlet_name or UNKNOWN, published, Assignment(report.source, story_id, False)))
        if members:
            run.stories.append(Story(story_id, members))
    if compare:
        for story in run.stories:
            _compare(story, run)
    return run


def _compare(story: Story, run: StoryRun) -> None:
    """Facts and additions for one story; a failure leaves its reports as they are and is reported."""
    try:
        compare_story(story)
    except Exception as exc:  # one story's additions failing must not end the others
        for member in story.members:
            member.filled = member.filled or member.report
        run.errors.append(
            IngestError(story.members[0].key, f"additions from the other outlets failed ({type(exc).__name__}: {exc})")
        )
