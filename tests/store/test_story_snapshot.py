"""The story index saved beside the store: a restarted store loads it instead of rebuilding it, replays only what
came after it, and rebuilds from the tables when it is missing, damaged or from another database. SQLite keeps it
beside the file; on PostgreSQL these tests name a path.

Pairs are scored by lead-embedding similarity alone (`EmbeddingOnly`, as in test_stories.py) over articles whose
vectors are placed in well-separated clusters, so the grouping every path must reach is known.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import delete

from tests.store.databases import BACKENDS, fresh_database
from tests.store.test_stories import EmbeddingOnly, placed, save
from tests.stories.conftest import require_model
from unspin.store import Store, story_snapshot
from unspin.store import stories as store_stories
from unspin.store.models import Story, StoryArticle, StoryEvent, StoryProfile
from unspin.store.stories import StoryKeeper
from unspin.stories.profile import Profile

CLUSTERS, PER_CLUSTER = 8, 4


@pytest.fixture(autouse=True)
def _model(monkeypatch: pytest.MonkeyPatch) -> None:
    require_model()
    monkeypatch.setattr(
        "unspin.stories.index.shipped_model", lambda: EmbeddingOnly(mean=(), scale=(), weights=(), intercept=0.0, threshold=0.5)
    )


@pytest.fixture(scope="module")
def articles() -> dict[str, Profile]:
    """CLUSTERS events of PER_CLUSTER articles (within an event cosine about 0.8, across about 0), named `e<event>-<i>`."""
    rng = np.random.default_rng(13)
    found = {}
    for event in range(CLUSTERS):
        centre = rng.normal(size=384)
        centre /= np.linalg.norm(centre)
        for i in range(PER_CLUSTER):
            noise = rng.normal(size=384)
            found[f"e{event}-{i}"] = placed(f"e{event}-{i}", centre + 0.5 * noise / np.linalg.norm(noise))
    return found


@pytest.fixture(autouse=True)
def _profiles(monkeypatch: pytest.MonkeyPatch, articles: dict[str, Profile]) -> None:
    """Each saved article's profile is the placed one of its source (a copy: the store sets its key)."""
    monkeypatch.setattr(StoryKeeper, "profile", lambda self, report: Profile(**articles[report.source].__dict__))


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """One entry per index built from the tables (not loaded from a snapshot)."""
    made: list[int] = []
    real = store_stories.load_index

    def counted(session):  # type: ignore[no-untyped-def]
        made.append(1)
        return real(session)

    monkeypatch.setattr(store_stories, "load_index", counted)
    return made


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return request.param


@contextmanager
def database(backend: str, folder: Path) -> Iterator[str]:
    folder.mkdir(parents=True, exist_ok=True)
    yield from fresh_database(backend, folder)


def opened(url: str, folder: Path) -> Store:
    """The store at `url`, its index saved beside the file (SQLite) or under `folder` (PostgreSQL)."""
    return Store(url, story_snapshot=None if url.startswith("sqlite") else folder / "index.stories")


def arrival_order(articles: dict[str, Profile]) -> list[str]:
    """Every article, events interleaved (an event's later articles join, some arrivals regroup)."""
    return [source for i in range(PER_CLUSTER) for source in sorted(articles) if source.endswith(f"-{i}")]


def source_of(member) -> str:  # type: ignore[no-untyped-def]
    """The source an article was saved from (`add` titles it "<source> text")."""
    return (member.original_title or "").split(" ")[0]


def store_groups(store: Store) -> list[list[str]]:
    """Each story's member sources, sorted."""
    return sorted(sorted(source_of(member) for member in store.story(record.id).articles) for record in store.stories())


def gold(articles: dict[str, Profile]) -> list[list[str]]:
    return sorted(sorted(source for source in articles if source.startswith(f"e{event}-")) for event in range(CLUSTERS))


def neighbour_pairs(store: Store, among: set[str]) -> dict[tuple[str, str], tuple]:
    """The store index's neighbour lists as (source, source) -> similarities, for articles saved from `among`."""
    index = store._stories._index
    assert index is not None
    sources = {str(member.id): source_of(member) for member in _members(store)}
    keys = [sources[profile.key] for profile in index.profiles]
    return {
        (keys[a], keys[b]): tuple(vars(sim).values())
        for a in range(len(keys))
        for b, sim in index.edges[a].items()
        if keys[a] in among and keys[b] in among
    }


def _members(store: Store):  # type: ignore[no-untyped-def]
    return [member for record in store.stories() for member in store.story(record.id).articles]


def add(store: Store, sources: list[str]) -> None:
    for source in sources:
        save(store, f"{source} text\n", source)


def test_a_restarted_store_loads_its_index_and_assigns_as_a_rebuilt_one(
    backend: str, tmp_path: Path, articles: dict[str, Profile], builds: list[int]
) -> None:
    order = arrival_order(articles)
    first, rest = order[:20], order[20:]
    results = []
    with ExitStack() as stack:
        for name, keep in (("loaded", True), ("rebuilt", False)):
            url = stack.enter_context(database(backend, tmp_path / name))
            store = opened(url, tmp_path / name)
            add(store, first)
            before = neighbour_pairs(store, set(first))
            store.close()
            files = story_snapshot.files(store._stories.snapshot)
            assert all(part.exists() for part in files)
            if not keep:
                for part in files:
                    part.unlink()
            builds.clear()
            reopened = opened(url, tmp_path / name)
            add(reopened, rest)
            assert len(builds) == (0 if keep else 1)
            if keep:  # the neighbour lists the first process made, not ones searched again
                assert neighbour_pairs(reopened, set(first)) == before
            results.append((store_groups(reopened), [record.id for record in reopened.stories()]))
            reopened.close()
    assert results[0] == results[1]
    assert results[0][0] == gold(articles)


def test_a_restart_replays_only_what_came_after_the_saved_index(
    backend: str, tmp_path: Path, articles: dict[str, Profile], builds: list[int]
) -> None:
    order = arrival_order(articles)
    with database(backend, tmp_path) as url:
        first = opened(url, tmp_path)
        add(first, order[:16])
        first.close()  # saved with 16 articles
        other = opened(url, tmp_path)
        add(other, order[16:28])  # another process assigns 12 more and does not save its index
        builds.clear()
        late = opened(url, tmp_path)
        add(late, order[28:])  # loads the 16, replays the 12 from story_events, assigns the rest
        assert builds == []
        index = late._stories._index
        assert index is not None and len(index) == len(order)
        grouped = sorted(sorted(int(key) for key in group) for group in index.groups())
        assert grouped == sorted(sorted(member.id for member in late.story(r.id).articles) for r in late.stories())
        assert store_groups(late) == gold(articles)
        other._stories.snapshot = None  # its index lacks late's articles: only late saves
        other.close()
        late.close()


def _graph_garbage(path: Path, url: str, folder: Path) -> None:
    graph, _ = story_snapshot.files(path)
    graph.write_bytes(b"\x00usearch" * 4000)


def _lists_truncated(path: Path, url: str, folder: Path) -> None:
    _, lists = story_snapshot.files(path)
    lists.write_bytes(lists.read_bytes()[: lists.stat().st_size // 2])


def _graph_missing(path: Path, url: str, folder: Path) -> None:
    story_snapshot.files(path)[0].unlink()


def _from_another_store(path: Path, url: str, folder: Path) -> None:
    """The files of a store holding other articles (other ids) copied over."""
    other_url = f"sqlite:///{folder / 'other.db'}"
    other = Store(other_url)
    save(other, "e1-0 text\n", "e1-0")
    save(other, "e0-0 text\n", "e0-0")  # ids 1 and 2 as here, but each another article than here
    other.close()
    for mine, theirs in zip(story_snapshot.files(path), story_snapshot.files(story_snapshot.beside(other_url))):
        mine.write_bytes(theirs.read_bytes())


def _tables_emptied(path: Path, url: str, folder: Path) -> None:
    """A store as migration 0004 finds it (articles, no story rows): the snapshot is ahead of the tables."""
    store = Store(url, story_snapshot=path)
    with store.engine.begin() as connection:
        for model in (StoryEvent, StoryProfile, StoryArticle, Story):
            connection.execute(delete(model))
    store._stories.snapshot = None
    store.close()


@pytest.mark.parametrize("damage", [_graph_garbage, _lists_truncated, _graph_missing, _from_another_store, _tables_emptied])
def test_a_damaged_or_foreign_index_is_rebuilt_from_the_tables(
    backend: str, tmp_path: Path, articles: dict[str, Profile], builds: list[int], damage
) -> None:  # type: ignore[no-untyped-def]
    order = arrival_order(articles)
    with database(backend, tmp_path / "db") as url:
        store = opened(url, tmp_path)
        add(store, order[:20])
        store.close()
        damage(store._stories.snapshot, url, tmp_path)
        builds.clear()
        reopened = opened(url, tmp_path)
        add(reopened, order[20:])
        assert len(builds) == 1
        assert store_groups(reopened) == gold(articles)
        reopened.close()  # saves a sound index again: the next start loads it
        builds.clear()
        again = opened(url, tmp_path)
        save(again, "e0-0 text, once more\n", "e0-0")  # a new article: the index is loaded to assign it
        assert builds == []
        again.close()


def test_where_the_index_is_saved(tmp_path: Path) -> None:
    assert story_snapshot.beside(f"sqlite:///{tmp_path / 'news.db'}") == tmp_path / "news.db.stories"
    assert story_snapshot.beside("sqlite:///:memory:") is None
    assert story_snapshot.beside("postgresql+psycopg://user@127.0.0.1/unspin") is None


def test_an_assignment_reads_by_index_only(tmp_path: Path, articles: dict[str, Profile]) -> None:
    """Every statement a save with its assignment runs (SQLite's query plans) searches an index: none scans a table,
    so its cost does not grow with the store. Loading the index at start-up reads everything, once."""
    from sqlalchemy import event

    order = arrival_order(articles)
    store = Store(f"sqlite:///{tmp_path / 'plans.db'}")
    add(store, order[:20])
    statements: list[tuple[str, object]] = []

    def record(conn, cursor, statement, parameters, context, executemany) -> None:  # type: ignore[no-untyped-def]
        if statement.lstrip().upper().startswith(("SELECT", "UPDATE", "DELETE")):
            statements.append((statement, parameters))

    event.listen(store.engine, "before_cursor_execute", record)
    add(store, order[20:])
    event.remove(store.engine, "before_cursor_execute", record)
    assert len(statements) >= 4 * len(order[20:])
    with store.engine.connect() as connection:
        for statement, parameters in statements:
            plan = [row[-1] for row in connection.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters)]
            assert not [step for step in plan if step.startswith("SCAN")], (statement, plan)
    store.close()
