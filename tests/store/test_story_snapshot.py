"""The story index saved beside the store: a restarted store loads it instead of rebuilding it, replays only what
came after it, and rebuilds from the tables when it is missing, damaged or from another database. It is written in the
background while saves go on, and a process killed while writing it leaves the old one whole. SQLite keeps it beside
the file; on PostgreSQL these tests name a path.

Pairs are scored by lead-embedding similarity alone (`EmbeddingOnly`, as in test_stories.py) over articles whose
vectors are placed in well-separated clusters, so the grouping every path must reach is known.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import zlib
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
    return placed_articles()


def placed_articles() -> dict[str, Profile]:
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
        (keys[a], keys[b]): tuple(sim)
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
            saved = story_snapshot.location(store._stories.snapshot)
            assert saved.exists()
            if not keep:
                saved.unlink()
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


def _rewritten(path: Path, **members: object) -> None:
    """The snapshot's file saved again with some of its members replaced."""
    saved = story_snapshot.location(path)
    with np.load(saved) as data:
        kept = {name: data[name] for name in data.files}
    with open(saved, "wb") as out:
        np.savez(out, **(kept | members))


def _graph_garbage(path: Path, url: str, folder: Path) -> None:
    """Bytes that are no usearch graph, with their own CRC: usearch itself is asked and refuses them."""
    garbage = np.frombuffer(b"\x00usearch" * 4000, dtype=np.uint8)
    _rewritten(path, graph=garbage, graph_crc=zlib.crc32(garbage))


def _graph_damaged(path: Path, url: str, folder: Path) -> None:
    """A byte of the graph changed: its CRC no longer matches, so usearch never sees it."""
    with np.load(story_snapshot.location(path)) as data:
        graph = data["graph"].copy()
    graph[len(graph) // 2] ^= 0xFF
    _rewritten(path, graph=graph)


def _file_truncated(path: Path, url: str, folder: Path) -> None:
    saved = story_snapshot.location(path)
    saved.write_bytes(saved.read_bytes()[: saved.stat().st_size // 2])


def _file_missing(path: Path, url: str, folder: Path) -> None:
    story_snapshot.location(path).unlink()


def _older_format(path: Path, url: str, folder: Path) -> None:
    _rewritten(path, format=story_snapshot.FORMAT - 1)


def _from_another_store(path: Path, url: str, folder: Path) -> None:
    """The file of a store holding other articles (other ids) copied over."""
    other_url = f"sqlite:///{folder / 'other.db'}"
    other = Store(other_url)
    save(other, "e1-0 text\n", "e1-0")
    save(other, "e0-0 text\n", "e0-0")  # ids 1 and 2 as here, but each another article than here
    other.close()
    theirs = story_snapshot.location(story_snapshot.beside(other_url))
    story_snapshot.location(path).write_bytes(theirs.read_bytes())


def _tables_emptied(path: Path, url: str, folder: Path) -> None:
    """A store as migration 0004 finds it (articles, no story rows): the snapshot is ahead of the tables."""
    store = Store(url, story_snapshot=path)
    with store.engine.begin() as connection:
        for model in (StoryEvent, StoryProfile, StoryArticle, Story):
            connection.execute(delete(model))
    store._stories.snapshot = None
    store.close()


@pytest.mark.parametrize(
    "damage",
    [_graph_garbage, _graph_damaged, _file_truncated, _file_missing, _older_format, _from_another_store, _tables_emptied],
)
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


def test_the_index_is_saved_in_the_background_and_a_restart_replays_what_came_after(
    backend: str, tmp_path: Path, articles: dict[str, Profile], builds: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Saves go on while the index is written; the file holds the index as it was captured, and a store that starts
    after the process died replays exactly the saves that came after the capture."""
    order = arrival_order(articles)
    monkeypatch.setattr(store_stories, "SAVE_EVERY", 8)
    release, captured = threading.Event(), []
    real_write, real_capture = story_snapshot.write, story_snapshot.capture

    def held(path: Path, state: story_snapshot.Captured) -> None:
        assert release.wait(timeout=60)
        real_write(path, state)

    def noted(index, watermark: int):  # type: ignore[no-untyped-def]
        captured.append((watermark, len(index)))
        return real_capture(index, watermark)

    monkeypatch.setattr(story_snapshot, "write", held)
    monkeypatch.setattr(story_snapshot, "capture", noted)
    with database(backend, tmp_path) as url:
        store = opened(url, tmp_path)
        add(store, order[:1])  # an index built from the tables is saved at its first checkpoint: captured, writer held
        add(store, order[1:12])  # eleven saves while it writes, none of them waiting for it, none starting a second write
        assert store._stories.writing() and captured == [(1, 1)]
        release.set()
        store._stories.wait()
        snapshot = story_snapshot.read(store._stories.snapshot)
        assert snapshot is not None and snapshot.watermark == 1 and len(snapshot.ids) == 1
        assert not list(tmp_path.glob("*.tmp"))
        store._stories.snapshot = None  # the process dies: the index is never saved again
        store.engine.dispose()
        builds.clear()
        restarted = opened(url, tmp_path)
        add(restarted, order[12:])  # loads the capture, replays the eleven saves after it, assigns the rest
        assert builds == []
        index = restarted._stories._index
        assert index is not None and len(index) == len(order)
        assert store_groups(restarted) == gold(articles)
        assert captured[1][1] == 12 + 8  # the writer free again, the eighth save after the restart captured the index
        restarted.close()


CRASHING_WRITER = """
import sys, time
from tests.store import test_story_snapshot as here
from tests.store.test_stories import EmbeddingOnly
from unspin.store import Store, story_snapshot
from unspin.store.stories import StoryKeeper
from unspin.stories import index
from unspin.stories.profile import Profile

index.shipped_model = lambda: EmbeddingOnly(mean=(), scale=(), weights=(), intercept=0.0, threshold=0.5)
articles = here.placed_articles()
StoryKeeper.profile = lambda self, report: Profile(**articles[report.source].__dict__)
store = Store(sys.argv[1])
here.add(store, sys.argv[2:])


def killed_here(descriptor):  # the new file is written but not yet flushed or renamed
    print("writing", flush=True)
    time.sleep(600)


story_snapshot.os.fsync = killed_here
store._stories.checkpoint(every=1)
store._stories.wait()
"""


def test_a_process_killed_while_saving_the_index_leaves_the_old_one_whole(
    tmp_path: Path, articles: dict[str, Profile], builds: list[int]
) -> None:
    order = arrival_order(articles)
    url = f"sqlite:///{tmp_path / 'unspin.db'}"
    store = opened(url, tmp_path)
    add(store, order[:16])
    store.close()  # saved with 16 articles
    path = story_snapshot.beside(url)
    before = story_snapshot.location(path).read_bytes()
    child = subprocess.Popen(
        [sys.executable, "-c", CRASHING_WRITER, url, *order[16:24]],
        cwd=Path(__file__).parents[2],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None and child.stdout.readline() == "writing\n"
    finally:
        child.kill()  # SIGKILL: no finally clause of the writer runs
        child.wait()
    assert [part.name for part in tmp_path.glob("*.tmp")], "the killed writer's temporary file is left behind"
    assert story_snapshot.location(path).read_bytes() == before
    builds.clear()
    restarted = opened(url, tmp_path)
    add(restarted, order[24:])  # the 16 loaded, the killed process's 8 saves replayed, the rest assigned
    assert builds == []
    assert store_groups(restarted) == gold(articles)
    restarted.close()  # a new snapshot, and the dead writer's temporary file removed
    assert not list(tmp_path.glob("*.tmp"))
    assert len(story_snapshot.read(path).ids) == len(order)


def test_the_file_holds_the_index_as_np_savez_would(
    tmp_path: Path, articles: dict[str, Profile], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The snapshot is written block by block, but np.load reads back every pair once, with its values, as article ids,
    however the packed lists of a restored index fall into blocks (a block may hold no pair to write)."""
    order = arrival_order(articles)
    url = f"sqlite:///{tmp_path / 'unspin.db'}"
    first = Store(url)
    add(first, order[:24])
    first.close()
    store = Store(url)
    add(store, order[24:])  # the 24 restored from the snapshot (packed lists), 8 more linked to them
    index = store._stories._index
    assert index is not None
    ids = np.array([int(profile.key) for profile in index.profiles])
    pairs, values = index.edges.pairs()
    captured = story_snapshot.capture(index, 7)
    found = []
    for rows in (story_snapshot.BLOCK_ROWS, 1):
        monkeypatch.setattr(story_snapshot, "BLOCK_ROWS", rows)
        story_snapshot.write(tmp_path / f"{rows}.stories", captured)
        with np.load(story_snapshot.location(tmp_path / f"{rows}.stories")) as saved:
            found.append({name: saved[name] for name in saved.files})
    for saved in found:
        assert int(saved["format"]) == story_snapshot.FORMAT and int(saved["watermark"]) == 7
        assert np.array_equal(saved["ids"], ids)
        assert np.array_equal(saved["pairs"], ids[pairs]) and np.array_equal(saved["values"], values)
        assert len(saved["pairs"]) >= 20 * len(ids) // 2  # each article linked to its neighbours
        assert zlib.crc32(saved["graph"]) == int(saved["graph_crc"])
    store._stories.snapshot = None
    store.close()


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
