"""Stories for the web tests: short articles we wrote, and a way to group stored articles into stories.

Until the store assigns every stored article to a story itself, `group_stored` does what it will do
with the same parts: the stories stage's streaming index (`unspin.stories.group_reports`) groups the
stored reports, and the groups are written to the store's `stories` / `story_articles` tables.
"""

from __future__ import annotations

from sqlalchemy import delete

from unspin.store import Store
from unspin.store.models import Story, StoryArticle
from unspin.stories.story import group_reports

# Three outlets on one council vote (one outlet unnamed), one article on something else.
BRIDGE_POST = {
    "title": "Council slammed over lavish Lumen Bridge",
    "outlet": "Harbour Post",
    "published": "2026-03-03",
    "text": (
        "Council slammed over lavish Lumen Bridge\n\n"
        "The city council approved the shockingly expensive Lumen Bridge on Tuesday by 31 votes to 12.\n\n"
        "The bridge will cost 48 million euros, according to the council's budget office.\n\n"
        '"It is an outrageous waste of public money," said councillor Mary Hollins, who voted against it.\n\n'
        "Construction is due to start in June and to take three years.\n"
    ),
}
BRIDGE_COURIER = {
    "title": "Lumen Bridge approved by city council",
    "outlet": "City Courier",
    "published": "2026-03-04",
    "text": (
        "Lumen Bridge approved by city council\n\n"
        "The city council approved the Lumen Bridge on Tuesday by 31 votes to 12.\n\n"
        "The bridge will cost 52 million euros, the mayor's office said.\n\n"
        '"It is an outrageous waste of public money," said councillor Mary Hollins.\n\n'
        "The mayor, Tomas Brenner, said the bridge would link the harbour to the old town for the first time.\n"
    ),
}
BRIDGE_UNNAMED = {
    "title": "Councillors back Lumen Bridge plan",
    "text": (
        "Councillors back Lumen Bridge plan\n\n"
        "The city council approved the Lumen Bridge on Tuesday after a six-hour debate.\n\n"
        "The vote was 31 to 12, with two abstentions.\n\n"
        "The mayor, Tomas Brenner, said the bridge would link the harbour to the old town for the first time.\n"
    ),
}
FERRY = {
    "title": "Ferry timetable changes on Monday",
    "outlet": "Harbour Post",
    "published": "2026-02-10",
    "text": (
        "Ferry timetable changes on Monday\n\n"
        "The island ferry will leave at 7:15 instead of 7:00 from Monday, the operator Nordlink said.\n\n"
        "The last crossing of the day moves from 22:00 to 21:30 during the winter months.\n"
    ),
}


def group_stored(store: Store) -> dict[int, list[int]]:
    """Group every stored article into stories with the stories stage's index and write them to the store.

    Returns {story id: [article ids]}. Stories are numbered 1, 2, ... in order of their first article.
    """
    listed = store.articles(page=1, per_page=100).items
    stored = sorted((store.get(item.id) for item in listed), key=lambda item: item.id)  # type: ignore[union-attr]
    reports = [item.report.model_copy(update={"source": f"article {item.id}"}) for item in stored]  # type: ignore[union-attr]
    by_source = {f"article {item.id}": item for item in stored}  # type: ignore[union-attr]
    run = group_reports(reports)
    groups = {story.id: [by_source[m.key].id for m in story.members] for story in run.stories}
    for story in run.stories:  # exact copies are listed under their original's story
        for member in story.members:
            groups[story.id] += [by_source[source].id for source, _ in member.duplicates]
    write_stories(store, groups, titles={story.id: story.headline for story in run.stories})
    return groups


def write_stories(store: Store, groups: dict[int, list[int]], titles: dict[int, str] | None = None) -> None:
    """Replace the store's stories with `groups` ({story id: [article ids]})."""
    with store.engine.begin() as connection:
        connection.execute(delete(StoryArticle))
        connection.execute(delete(Story))
        for story_id, members in groups.items():
            connection.execute(
                Story.__table__.insert().values(id=story_id, title=(titles or {}).get(story_id, f"story {story_id}"))
            )
            for article_id in members:
                connection.execute(StoryArticle.__table__.insert().values(story_id=story_id, article_id=article_id))
