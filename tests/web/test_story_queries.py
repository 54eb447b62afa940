"""The story pages ask the database a fixed number of queries, however many stories or members there are.

Counted with a SQLAlchemy `before_cursor_execute` listener on the app's engine. The articles get profiles placed
just so (see tests/store/test_stories.py: a, b and d are three stories; c's arrival merges a's and b's), and the
comparison is a stand-in that aligns nothing, so no model runs: these tests are about the queries.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, event

from tests.store.test_stories import EmbeddingOnly, bridging, save
from unspin.store import Store
from unspin.store.stories import StoryKeeper
from unspin.stories.story import Story
from unspin.web import Settings, create_app
from unspin.web.comparing import Comparisons

HTML = {"accept": "text/html"}


def align_nothing(story: Story) -> None:
    story.facts = []
    for member in story.members:
        member.filled = member.report


@pytest.fixture(autouse=True)
def _placed(monkeypatch: pytest.MonkeyPatch) -> None:
    by_source = bridging()
    monkeypatch.setattr(StoryKeeper, "profile", lambda self, report: by_source[report.source])
    monkeypatch.setattr(
        "unspin.stories.index.shipped_model", lambda: EmbeddingOnly(mean=(), scale=(), weights=(), intercept=0.0, threshold=0.5)
    )
    monkeypatch.setattr("unspin.stories.from_store.compare_story", align_nothing)


@pytest.fixture
def client(db_url: str) -> Iterator[TestClient]:
    """The app without its language models warmed: nothing here runs them. Stories are compared in a thread of this
    process, where the stand-in replaced `compare_story` (the server's pool would run the real one)."""
    app = create_app(Settings(db=db_url, warm=False))
    with ThreadPoolExecutor(1) as threads, TestClient(app) as test_client:
        app.state.comparisons = Comparisons(threads, app.state.store.url)
        yield test_client


@contextmanager
def counted(engine: Engine) -> Iterator[list[str]]:
    """Every statement sent to the database inside the block."""
    statements: list[str] = []

    def note(connection, cursor, statement, parameters, context, executemany) -> None:  # type: ignore[no-untyped-def]
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", note)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", note)


def queries(client: TestClient, path: str) -> list[str]:
    store: Store = client.app.state.store  # type: ignore[attr-defined]
    with counted(store.engine) as statements:
        response = client.get(path, headers=HTML)
    assert response.status_code == 200, response.text
    return statements


def add(client: TestClient, *sources: str) -> dict[str, int]:
    """Save the articles; {source: its story id}."""
    store: Store = client.app.state.store  # type: ignore[attr-defined]
    ids = {source: save(store, f"{source} text\n", source).id for source in sources}
    found = store.stories_of(ids.values())
    return {source: found[article_id] for source, article_id in ids.items()}


@pytest.mark.parametrize("path", ["/stories", "/api/stories"])
def test_the_story_list_costs_the_same_queries_for_one_story_or_three(client: TestClient, path: str) -> None:
    add(client, "a")
    one = queries(client, path)
    add(client, "b", "d")
    assert len(client.get("/api/stories").json()) == 3
    three = queries(client, path)
    assert len(three) == len(one) <= 4, three  # the stories, then every listed story's members at once


@pytest.mark.parametrize("path", ["/stories/{}", "/api/stories/{}"])
def test_a_story_page_costs_the_same_queries_for_one_member_or_three(client: TestClient, path: str) -> None:
    story = add(client, "a")["a"]
    queries(client, path.format(story))  # starts the comparison, which keeps it
    assert client.app.state.comparisons.join(timeout=60)  # type: ignore[attr-defined]
    one = queries(client, path.format(story))
    add(client, "b", "c")  # c merges b's story into a's
    assert [m["id"] for m in client.get(f"/api/stories/{story}").json()["members"]] == [1, 2, 3]
    assert client.app.state.comparisons.join(timeout=60)  # type: ignore[attr-defined]
    three = queries(client, path.format(story))
    assert client.get(f"/api/stories/{story}").json()["comparison_status"] == "compared"
    assert len(three) == len(one) <= 8, three  # the story, its members' summaries, their reports, the kept comparison
