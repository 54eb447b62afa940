"""Web fixtures: the app over a fresh SQLite or PostgreSQL store, in-process or on a live port."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.store.databases import BACKENDS, fresh_database
from tests.web.live import live_server
from unspin.web import Settings, create_app
from unspin.web.comparing import Comparisons
from unspin.web.lanes import Lanes

BRIDGE = (
    "Harbour Post\nSections\nSign in\n\nCouncil approves Lumen Bridge after marathon session\n\n"
    "The city council approved the shockingly expensive Lumen Bridge on Tuesday, officials said.\n\n"
    "Critics slammed the extremely lavish design, which will cost 48 million euros.\n\n"
    '"It is an outrageous waste," said councillor Mary Hollins, who voted against it.\n'
)
SMALL_LIMITS = Settings(max_bytes=64 * 1024, max_articles=5)
SETTLE = 600  # seconds a test's background work may take to end on a busy 2-core machine


class SharedLanes(Lanes):
    """The lanes of every app in one test module. Each app closes its lanes on shutdown, which stops the pool;
    here the pool stays, so its processes (spawned, each loading the models: seconds apiece) serve the next
    test's app too. The fixture that made an app waits for its background work (`settle`) instead, and
    `close_for_good` stops the pool at the module's end."""

    def close(self) -> None:
        """Kept open: the fixture that made the app waits for its work first (`settle`)."""

    def close_for_good(self) -> None:
        super().close()


@pytest.fixture(scope="module")
def shared_lanes() -> Iterator[SharedLanes]:
    lanes = SharedLanes(Settings())
    yield lanes
    lanes.close_for_good()


def settle(*comparisons: Comparisons) -> None:
    """Wait for an app's background comparisons, as closing its own pool would have, before the next test."""
    for running in comparisons:
        assert running.join(timeout=SETTLE), "a background comparison did not end"


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    yield from fresh_database(request.param, tmp_path)


@pytest.fixture
def client(db_url: str) -> Iterator[TestClient]:
    settings = Settings(db=db_url, max_bytes=SMALL_LIMITS.max_bytes, max_articles=SMALL_LIMITS.max_articles)
    with TestClient(create_app(settings)) as test_client:
        yield test_client


@pytest.fixture
def live_url(db_url: str) -> Iterator[str]:
    """The app served by uvicorn on 127.0.0.1, for tests that need real HTTP (browser, schemathesis, load)."""
    with live_server(create_app(Settings(db=db_url))) as url:
        yield url


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    """Where browser tests save screenshots: UNSPIN_SCREENSHOTS (make screenshots) or a temporary folder."""
    folder = Path(os.environ.get("UNSPIN_SCREENSHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    return folder
