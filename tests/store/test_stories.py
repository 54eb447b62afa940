"""Stories in the store: every new article joins a story in the transaction that stores it, on SQLite and PostgreSQL.

Most tests use the packaged embedding model on short articles written here; the regrouping test feeds the
index synthetic profiles, because a split needs articles placed just so.
"""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import delete, func, select

from tests.store.factory import article, report_for
from tests.stories.conftest import make_profiles, require_model
from tests.stories.test_index import GROUPS
from unspin.store import Store
from unspin.store.models import ArticleRow, Story, StoryArticle, StoryEvent, StoryProfile
from unspin.store.stories import StoryKeeper, _events
from unspin.stories.index import Regrouping

BRIDGE = [
    "Council approves bridge\n\nThe city council approved the Lumen Bridge, costing 48 million euros, on Tuesday after a "
    "marathon session.\n",
    "Lumen Bridge approved\n\nThe Lumen Bridge, with a price tag of 48 million euros, was approved by the city council "
    "on Tuesday.\n",
    "Bridge gets green light\n\nCity councillors voted on Tuesday to build the 48 million euro Lumen Bridge across the river.\n",
]
STRIKE = (
    "Dockers strike\n\nDock workers at Caldera Bay port walked out over automation; union leader Ruben Akoli said 3,200 joined.\n"
)


@pytest.fixture(autouse=True)
def _model() -> None:
    require_model()


def save(store: Store, text: str, source: str):  # type: ignore[no-untyped-def]
    item = article(text, source=source, title=text.split("\n")[0])
    return store.save(item, report_for(item))


def groups(store: Store) -> list[list[str]]:
    """Each story's member titles, sorted: the grouping as a reader of the store sees it."""
    found = []
    for record in store.stories():
        story = store.story(record.id)
        assert story is not None
        found.append(sorted(member.original_title or "" for member in story.articles))
    return sorted(found)


def count(store: Store, model: type) -> int:
    with store.engine.connect() as connection:
        return connection.scalar(select(func.count()).select_from(model))


def events(store: Store) -> list[tuple]:
    with store.engine.connect() as connection:
        rows = connection.execute(
            select(
                StoryEvent.kind, StoryEvent.story_id, StoryEvent.from_story_id, StoryEvent.article_id, StoryEvent.moved
            ).order_by(StoryEvent.id)
        ).all()
    return [tuple(row) for row in rows]


def test_a_saved_article_joins_a_story(store: Store) -> None:
    first = save(store, BRIDGE[0], "a.txt")
    second = save(store, BRIDGE[1], "b.txt")
    strike = save(store, STRIKE, "c.txt")
    assert groups(store) == [["Council approves bridge", "Lumen Bridge approved"], ["Dockers strike"]]
    bridge = next(record for record in store.stories() if len(store.story(record.id).articles) == 2)
    assert bridge.title == "Council approves bridge"  # the first member's headline as its report shows it
    kinds = [(kind, article_id) for kind, _, _, article_id, _ in events(store)]
    assert kinds == [("new", first.id), ("join", second.id), ("new", strike.id)]
    assert count(store, StoryProfile) == 3


def test_the_story_title_is_the_neutral_headline(store: Store) -> None:
    item = article(BRIDGE[0].replace("approves", "slammed for"), source="a.txt", title="Council slammed for bridge")
    save_report = report_for(item)
    assert save_report.neutral_title == "Council criticized for bridge"
    store.save(item, save_report)
    assert [record.title for record in store.stories()] == ["Council criticized for bridge"]


def test_stories_are_kept_across_reopening(db_url: str) -> None:
    store = Store(db_url)
    save(store, BRIDGE[0], "a.txt")
    save(store, BRIDGE[1], "b.txt")
    save(store, STRIKE, "c.txt")
    before = {record.id: record.title for record in store.stories()}
    store.close()
    reopened = Store(db_url)
    save(reopened, BRIDGE[2], "d.txt")
    assert {record.id: record.title for record in reopened.stories()} == before
    assert groups(reopened) == [
        ["Bridge gets green light", "Council approves bridge", "Lumen Bridge approved"],
        ["Dockers strike"],
    ]
    reopened.close()


def test_the_index_is_rebuilt_from_the_articles_when_its_tables_are_empty(db_url: str) -> None:
    store = Store(db_url)
    for number, text in enumerate([BRIDGE[0], STRIKE, BRIDGE[1]]):
        save(store, text, f"{number}.txt")
    expected = groups(store)
    with store.engine.begin() as connection:  # a store as migration 0004 finds it: articles, no stories
        for model in (StoryEvent, StoryProfile, StoryArticle, Story):
            connection.execute(delete(model))
    store.close()
    reopened = Store(db_url)
    assert reopened.stories() == []
    save(reopened, BRIDGE[2], "3.txt")  # the first assignment groups what is stored first
    assert groups(reopened) == [sorted([*expected[0], "Bridge gets green light"]), expected[1]]
    assert count(reopened, StoryProfile) == 4
    assert reopened.group_stored() == 0
    reopened.close()


def test_the_same_article_again_changes_no_story(store: Store) -> None:
    first = save(store, BRIDGE[0], "a.txt")
    again = save(store, BRIDGE[0], "a.txt")
    assert (first.id, again.created) == (again.id, False)
    assert (count(store, StoryArticle), count(store, Story), len(events(store))) == (1, 1, 1)


def test_eight_clients_posting_one_article_make_one_story(db_url: str) -> None:
    Store(db_url).close()
    item = article(BRIDGE[0], source="a.txt", title="Council approves bridge")
    report = report_for(item)
    barrier, failures = threading.Barrier(8), []

    def client() -> None:
        store = Store(db_url, create=False)
        try:
            barrier.wait(timeout=30)
            store.save(item, report)
        except Exception as exc:  # collected and asserted below
            failures.append(exc)
        finally:
            store.close()

    threads = [threading.Thread(target=client) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert failures == []
    store = Store(db_url, create=False)
    assert [count(store, model) for model in (ArticleRow, Story, StoryArticle, StoryProfile, StoryEvent)] == [1, 1, 1, 1, 1]
    store.close()


def test_an_index_behind_another_process_catches_up(db_url: str) -> None:
    one, two = Store(db_url), Store(db_url)
    save(one, BRIDGE[0], "a.txt")
    save(two, BRIDGE[1], "b.txt")  # two loads the index with one's article in it
    save(one, STRIKE, "c.txt")  # one's index has not seen b.txt: it must rebuild, not reuse a story id
    save(one, BRIDGE[2], "d.txt")
    assert groups(one) == [["Bridge gets green light", "Council approves bridge", "Lumen Bridge approved"], ["Dockers strike"]]
    one.close()
    two.close()


def test_a_failed_assignment_stores_nothing_and_the_next_one_works(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    save(store, BRIDGE[0], "a.txt")
    real = StoryKeeper._write_regrouping

    def half_then_fail(self, session, *args):  # type: ignore[no-untyped-def]
        real(self, session, *args)  # everything written, then the transaction fails
        raise RuntimeError("disk full")

    monkeypatch.setattr(StoryKeeper, "_write_regrouping", half_then_fail)
    with pytest.raises(RuntimeError, match="disk full"):
        save(store, BRIDGE[1], "b.txt")
    monkeypatch.setattr(StoryKeeper, "_write_regrouping", real)
    assert [count(store, model) for model in (ArticleRow, Story, StoryArticle, StoryProfile, StoryEvent)] == [1, 1, 1, 1, 1]
    save(store, BRIDGE[1], "b.txt")
    save(store, STRIKE, "c.txt")
    assert groups(store) == [["Council approves bridge", "Lumen Bridge approved"], ["Dockers strike"]]


def test_a_regrouping_is_recorded(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """Synthetic profiles in this order make the index file the flood article with the strike, then split it
    out when the second strike article arrives (tests/stories/conftest.py's seeded vectors)."""
    synthetic = make_profiles(GROUPS)
    by_source = {"dock-1": synthetic[0], "flood-1": synthetic[3], "dock-2": synthetic[1]}
    monkeypatch.setattr(StoryKeeper, "profile", lambda self, report: by_source[report.source])
    ids = {source: save(store, f"{source} text\n", source).id for source in by_source}
    history = events(store)
    assert [kind for kind, *_ in history] == ["new", "join", "join", "split"]
    split = history[-1]
    assert (split[3], split[4]) == (ids["dock-2"], 1)  # caused by dock-2's arrival, one article moved
    assert groups(store) == [["dock-1 text", "dock-2 text"], ["flood-1 text"]]
    flood_story = next(r.id for r in store.stories() if [a.id for a in store.story(r.id).articles] == [ids["flood-1"]])
    assert split[1:3] == (flood_story, next(r.id for r in store.stories() if r.id != flood_story))


def test_event_kinds() -> None:
    change = Regrouping(number=5, moved={1: (2, 7), 3: (4, 9), 6: (8, 7)}, created=frozenset({9}), removed=frozenset({2}))
    kinds = [(event.kind, event.story_id, event.from_story_id, event.moved) for event in _events(40, 7, change)]
    assert kinds == [("join", 7, None, 0), ("merge", 7, 2, 1), ("split", 9, 4, 1), ("move", 7, 8, 1)]


def index_groups(store: Store) -> list[list[str]]:
    """The grouping a store's in-memory index holds, by article id: it must agree with the tables."""
    index = store._stories._index
    assert index is not None
    return sorted(sorted(group, key=int) for group in index.groups())


def table_groups(store: Store) -> list[list[str]]:
    return sorted(sorted(str(member.id) for member in store.story(record.id).articles) for record in store.stories())


def test_another_process_regrouping_is_replayed_not_rebuilt(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    synthetic = make_profiles(GROUPS)
    by_source = {"dock-1": synthetic[0], "flood-1": synthetic[3], "dock-2": synthetic[1], "bridge-1": synthetic[5]}
    monkeypatch.setattr(StoryKeeper, "profile", lambda self, report: by_source[report.source])
    one, two = Store(db_url), Store(db_url)
    save(one, "dock-1 text\n", "dock-1")
    save(two, "flood-1 text\n", "flood-1")  # two builds its index from the tables
    built = two._stories._index
    save(one, "dock-2 text\n", "dock-2")  # one replays flood-1's arrival, then splits it out
    save(two, "bridge-1 text\n", "bridge-1")  # two replays dock-2's arrival and the split
    assert two._stories._index is built  # caught up in place, not rebuilt
    assert [kind for kind, *_ in events(two)][:4] == ["new", "join", "join", "split"]
    assert sum(len(group) for group in index_groups(one)) == 3  # one has not seen bridge-1 yet
    assert index_groups(two) == table_groups(two)  # two's index holds what the tables say, the split included
    one.close()
    two.close()
