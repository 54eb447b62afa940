"""Stories in the store: every new article joins a story in the transaction that stores it, on SQLite and PostgreSQL.

These tests are about the store's side (rows, events, persistence, concurrency, rollback), so the index
scores pairs here by lead-embedding similarity alone (`EmbeddingOnly`), which does not change when the shipped
pair model is refitted; how well the shipped model groups is tested on the seeds (test_story_seeds.py) and
the stories data. The articles are profiled by the packaged embedding model; the regrouping tests give the
index vectors placed just so.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np
import pytest
from sqlalchemy import delete, func, select, update

from tests.store.factory import article, report_for
from tests.stories.conftest import require_model
from unspin.store import Store
from unspin.store.models import ArticleRow, Story, StoryArticle, StoryEvent, StoryProfile
from unspin.store.stories import StoryKeeper, _events
from unspin.stories.index import Regrouping
from unspin.stories.pairs import PairModel
from unspin.stories.profile import Draft, Profile, profiles

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


@dataclass(frozen=True)
class EmbeddingOnly(PairModel):
    """A pair is one event with probability = its lead-embedding similarity (the first pair feature)."""

    def probability(self, rows: np.ndarray) -> np.ndarray:
        return np.clip(rows[:, 0], 0.0, 1.0) if rows.size else np.zeros(0)


@pytest.fixture(autouse=True)
def _model(monkeypatch: pytest.MonkeyPatch) -> None:
    require_model()
    monkeypatch.setattr(
        "unspin.stories.index.shipped_model", lambda: EmbeddingOnly(mean=(), scale=(), weights=(), intercept=0.0, threshold=0.5)
    )


def placed(key: str, vector: np.ndarray) -> Profile:
    """A profile with a chosen lead vector."""
    unit = (vector / np.linalg.norm(vector)).astype(np.float32)
    return profiles([Draft(key=key, headline=f"{key} text", lead=f"{key} text")], vectors=unit[None, :])[0]


def bridging() -> dict[str, Profile]:
    """a and b too far apart to be one story (similarity 0.45); c close to both (0.85): its arrival merges them."""
    e1, e2 = np.eye(384)[0], np.eye(384)[1]
    a, b = e1, 0.45 * e1 + np.sqrt(1 - 0.45**2) * e2
    return {"a": placed("a", a), "b": placed("b", b), "c": placed("c", a + b), "d": placed("d", np.eye(384)[2])}


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


def test_profiles_another_version_wrote_are_made_again(db_url: str) -> None:
    """A profile of another format (a field added, another embedding model) cannot share an index with this
    version's: the first assignment after reopening makes it again from the article's report, though a saved
    index (SQLite) holds the old one."""
    store = Store(db_url)
    first = save(store, BRIDGE[0], "a.txt")
    save(store, STRIKE, "c.txt")
    made = profile_row(store, first.id)
    store.close()  # saves the index beside a SQLite store
    with store.engine.begin() as connection:  # the row as another version would have written it
        stale = {**made.data, "format": 0}
        connection.execute(
            update(StoryProfile).where(StoryProfile.article_id == first.id).values(vector=bytes(4 * 384), data=stale)
        )
    reopened = Store(db_url)
    save(reopened, BRIDGE[1], "b.txt")
    again = profile_row(reopened, first.id)
    assert again.data == made.data
    assert np.allclose(np.frombuffer(again.vector, dtype="<f4"), np.frombuffer(made.vector, dtype="<f4"), atol=1e-5)
    assert groups(reopened) == [["Council approves bridge", "Lumen Bridge approved"], ["Dockers strike"]]
    reopened.close()


def profile_row(store: Store, article_id: int):  # type: ignore[no-untyped-def]
    with store.engine.connect() as connection:
        query = select(StoryProfile.vector, StoryProfile.data).where(StoryProfile.article_id == article_id)
        return connection.execute(query).one()


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
    by_source = bridging()
    monkeypatch.setattr(StoryKeeper, "profile", lambda self, report: by_source[report.source])
    ids = {source: save(store, f"{source} text\n", source).id for source in "abc"}
    history = events(store)
    assert [kind for kind, *_ in history] == ["new", "new", "join", "merge"]
    first, second = history[0][1], history[1][1]
    assert history[3] == ("merge", first, second, ids["c"], 1)  # c's arrival emptied b's story into a's
    assert groups(store) == [["a text", "b text", "c text"]]
    assert [record.id for record in store.stories()] == [first]


def test_event_kinds() -> None:
    change = Regrouping(number=5, moved={1: (2, 7), 3: (4, 9), 6: (8, 7)}, created=frozenset({9}), removed=frozenset({2}))
    kinds = [(event["kind"], event["story_id"], event["from_story_id"], event["moved"]) for event in _events(40, 7, change)]
    assert kinds == [("join", 7, None, 0), ("merge", 7, 2, 1), ("split", 9, 4, 1), ("move", 7, 8, 1)]


def index_groups(store: Store) -> list[list[str]]:
    """The grouping a store's in-memory index holds, by article id: it must agree with the tables."""
    index = store._stories._index
    assert index is not None
    return sorted(sorted(group, key=int) for group in index.groups())


def table_groups(store: Store) -> list[list[str]]:
    return sorted(sorted(str(member.id) for member in store.story(record.id).articles) for record in store.stories())


def test_another_process_regrouping_is_replayed_not_rebuilt(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    by_source = bridging()
    monkeypatch.setattr(StoryKeeper, "profile", lambda self, report: by_source[report.source])
    one, two = Store(db_url), Store(db_url)
    save(one, "a text\n", "a")
    save(two, "b text\n", "b")  # two builds its index from the tables
    built = two._stories._index
    save(one, "c text\n", "c")  # one replays b's arrival, then merges the two stories
    save(two, "d text\n", "d")  # two replays c's arrival and the merge
    assert two._stories._index is built  # caught up in place, not rebuilt
    assert [kind for kind, *_ in events(two)] == ["new", "new", "join", "merge", "new"]
    assert sum(len(group) for group in index_groups(one)) == 3  # one has not seen d yet
    assert index_groups(two) == table_groups(two)  # two's index holds what the tables say, the merge included
    assert len(table_groups(two)) == 2
    one.close()
    two.close()
