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

BRIDGE = (
    "Harbour Post\nSections\nSign in\n\nCouncil approves Lumen Bridge after marathon session\n\n"
    "The city council approved the shockingly expensive Lumen Bridge on Tuesday, officials said.\n\n"
    "Critics slammed the extremely lavish design, which will cost 48 million euros.\n\n"
    '"It is an outrageous waste," said councillor Mary Hollins, who voted against it.\n'
)
SMALL_LIMITS = Settings(max_bytes=64 * 1024, max_articles=5)


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
