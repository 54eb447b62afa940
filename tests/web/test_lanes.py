"""The server's lanes: a large article never holds up a small one, and a full lane answers 503 at once.

The large lane's work is held at a gate (`tests/web/gated.py`) so the tests assert order, never speed:
a small article is answered while the large one is still in the pool; a second large one, past
the bound, gets 503 with Retry-After; both large ones go through once the gate opens.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from tests.web.conftest import BRIDGE
from tests.web.gated import GATE, crash_on_request, gated_clean
from tests.web.live import live_server
from unspin.ingest import Article
from unspin.web import Settings, create_app
from unspin.web.lanes import Busy, InlineLane, Lanes, work_size

LARGE = BRIDGE * 40  # about 12 KB: over the tests' small_bytes, so it goes to the pool


def tiny(db_url: str, **changes: int) -> Settings:
    """Lanes small enough to fill by hand: articles over 2 KB to one pool process, nothing queued."""
    return Settings(db=db_url, warm=False, **{"small_bytes": 2048, "pool_workers": 1, "pool_queue": 0, **changes})


def wait_for(condition, what: str, timeout: float = 60.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.02)


@pytest.fixture
def gate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "open"
    monkeypatch.setenv(GATE, str(path))  # the pool is spawned after this, so its processes see it
    return path


@pytest.fixture
def gated(db_url: str, gate: Path) -> Iterator[tuple[str, Lanes]]:
    settings = tiny(db_url)
    lanes = Lanes(settings, work=gated_clean)
    with live_server(create_app(settings, lanes=lanes)) as url:
        try:
            yield url, lanes
        finally:
            gate.touch()  # never leave a pool process waiting, whatever the test did


def post_in_background(url: str, body: dict) -> tuple[threading.Thread, list[httpx.Response]]:
    answers: list[httpx.Response] = []
    thread = threading.Thread(target=lambda: answers.append(httpx.post(f"{url}/api/articles", json=body, timeout=120)))
    thread.start()
    return thread, answers


@pytest.mark.slow
def test_a_small_article_is_answered_while_a_large_one_is_in_progress(gated: tuple[str, Lanes], gate: Path) -> None:
    url, lanes = gated
    large, answers = post_in_background(url, {"text": LARGE, "outlet": "Harbour Post"})
    wait_for(lambda: lanes.large.inside == 1, "the large article to enter the pool")
    small = httpx.post(f"{url}/api/articles", json={"text": BRIDGE, "outlet": "Harbour Post"}, timeout=120)
    assert small.status_code == 201, small.text
    assert large.is_alive() and answers == []  # still held at the gate: the small one did not wait for it
    gate.touch()
    large.join(timeout=120)
    assert [answer.status_code for answer in answers] == [201]
    assert httpx.get(f"{url}/api/articles").json()["total"] == 2


@pytest.mark.slow
def test_past_the_bound_a_large_article_gets_503_with_retry_after(gated: tuple[str, Lanes], gate: Path) -> None:
    url, lanes = gated
    first, answers = post_in_background(url, {"text": LARGE})
    wait_for(lambda: lanes.large.inside == 1, "the first large article to enter the pool")
    started = time.monotonic()
    refused = httpx.post(f"{url}/api/articles", json={"text": LARGE.replace("Tuesday", "Monday")}, timeout=120)
    assert refused.status_code == 503
    assert time.monotonic() - started < 30  # refused at once, not after the first one finished (generous bound)
    assert int(refused.headers["retry-after"]) >= 1
    assert refused.json()["detail"].startswith("the server is busy with large articles: try again in ")
    assert first.is_alive()
    gate.touch()
    first.join(timeout=120)
    assert [answer.status_code for answer in answers] == [201]
    again = httpx.post(f"{url}/api/articles", json={"text": LARGE.replace("Tuesday", "Monday")}, timeout=120)
    assert again.status_code == 201  # the slot is free again


@pytest.mark.slow
def test_a_pool_process_that_dies_is_a_503_and_the_pool_comes_back(db_url: str) -> None:
    settings = tiny(db_url)
    lanes = Lanes(settings, work=crash_on_request)
    with TestClient(create_app(settings, lanes=lanes)) as client:
        died = client.post("/api/articles", json={"text": LARGE + "\nCRASH\n"})
        assert died.status_code == 503 and int(died.headers["retry-after"]) >= 1
        assert "worker stopped" in died.json()["detail"]
        assert client.post("/api/articles", json={"text": LARGE}).status_code == 201


class FullLanes(Lanes):
    def neutralize(self, article, options):  # type: ignore[no-untyped-def]
        raise Busy("the server is busy with small articles: try again in 7 s", 7)


def test_a_busy_server_answers_the_api_and_the_form_with_503_and_retry_after(db_url: str) -> None:
    settings = tiny(db_url)
    with TestClient(create_app(settings, lanes=FullLanes(settings))) as client:
        api = client.post("/api/articles", json={"text": BRIDGE})
        assert (api.status_code, api.headers["retry-after"]) == (503, "7")
        assert api.json() == {"detail": "the server is busy with small articles: try again in 7 s"}
        form = client.post("/articles", data={"text": BRIDGE}, headers={"accept": "text/html"})
        assert (form.status_code, form.headers["retry-after"]) == (503, "7")
        assert "try again in 7 s" in form.text
        batch = client.post("/api/articles", content=b'{"text": "One."}\n', headers={"content-type": "application/x-ndjson"})
        assert batch.status_code == 503


def test_an_article_already_stored_is_answered_even_when_the_lanes_are_full(db_url: str) -> None:
    settings = tiny(db_url)
    with TestClient(create_app(settings)) as client:
        assert client.post("/api/articles", json={"text": BRIDGE}).status_code == 201
    with TestClient(create_app(settings, lanes=FullLanes(settings))) as client:
        assert client.post("/api/articles", json={"text": BRIDGE}).status_code == 200


def test_a_lane_admits_its_workers_and_queue_and_no_more() -> None:
    lane = InlineLane(queue=1)
    with lane.admitted(), lane.admitted():
        assert lane.inside == 2
        with pytest.raises(Busy) as refused, lane.admitted():
            pass
        assert 1 <= refused.value.retry_after <= 120
    assert lane.inside == 0
    with lane.admitted():  # free again
        pass


@pytest.mark.parametrize(
    "article, size",
    [
        (Article(source="t", text="Plain text, 20 bytes"), 20),
        (Article(source="t", text="é" * 10), 20),
        (Article(source="t", html="<p>Hello <b>world</b></p><SCRIPT>var x = '<p>' + 'y';</SCRIPT><style>p{}</style>!"), 12),
        (Article(source="t", html="<p>Before</p><script>never closed " + "x" * 5000), 6),
    ],
)
def test_work_size_counts_the_text_the_pipeline_reads(article: Article, size: int) -> None:
    assert work_size(article) == size


def test_work_size_is_linear_on_hostile_markup() -> None:
    for html in ("<" * 2_000_000, "<a" * 1_000_000, "<script>" * 250_000, "<style" * 300_000):
        started = time.perf_counter()
        work_size(Article(source="t", html=html))
        assert time.perf_counter() - started < 5  # quadratic would be hours; a generous bound


def test_serve_options_reach_the_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    import unspin.web.serve
    from unspin.cli import app

    seen: list[Settings] = []
    monkeypatch.setattr(unspin.web.serve, "serve", lambda settings, **_: seen.append(settings))
    assert CliRunner().invoke(app, ["serve", "--pool-workers", "3", "--pool-queue", "0", "--small-kib", "8"]).exit_code == 0
    assert CliRunner().invoke(app, ["serve"]).exit_code == 0
    assert [(s.pool_workers, s.pool_queue, s.small_bytes) for s in seen] == [(3, 0, 8192), (Settings().pool_workers, 4, 32768)]
    assert Settings.from_env() == Settings()  # nothing set: the same defaults
    monkeypatch.setattr("os.environ", {**Settings(pool_workers=2, pool_queue=1, small_bytes=5).to_env()})
    assert Settings.from_env() == Settings(pool_workers=2, pool_queue=1, small_bytes=5)


def test_articles_waiting_in_the_lanes_leave_threads_for_everything_else(db_url: str) -> None:
    import anyio.to_thread

    async def tokens() -> float:
        return anyio.to_thread.current_default_thread_limiter().total_tokens

    settings = tiny(db_url, small_queue=100, pool_queue=20)
    with TestClient(create_app(settings)) as client:
        assert client.portal.call(tokens) == (1 + 100) + (1 + 20) + 40  # each lane: its workers and its queue
