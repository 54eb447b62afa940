"""In a real browser, on a server that fetches (`unspin serve --allow-fetch`): give the form a page's address,
read the plain version; give it an address the guard refuses, read the one-line error on the form.

The page is served by a local HTTP server on 127.0.0.1, reached only through the guard's loopback allow-list,
which only a test can pass (`create_app(fetch_guard=...)`)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.ingest.website import Site, article_html, serve
from tests.web.browser import chromium
from tests.web.live import live_server
from unspin.ingest.guard import PublicAddressesOnly
from unspin.web import Settings, create_app

pytestmark = [pytest.mark.slow, pytest.mark.browser]


@pytest.fixture
def site() -> Iterator[Site]:
    with serve(Site()) as running:
        running.page("/news/3.html", article_html(3))
        yield running


@pytest.fixture
def fetching_server(tmp_path: Path) -> Iterator[str]:
    settings = Settings(db=f"sqlite:///{tmp_path / 'browser-fetch.db'}", allow_fetch=True, pool_workers=1)
    with live_server(create_app(settings, fetch_guard=PublicAddressesOnly(allow=["127.0.0.1"]))) as url:
        yield url


def submit_address(page, server: str, address: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{server}/")
    page.fill("input[name=fetch]", address)
    with page.expect_navigation():
        page.click("button[type=submit]")


def test_a_fetched_address_is_neutralized_and_a_refused_one_is_one_line(fetching_server: str, site: Site) -> None:
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1100, "height": 900})  # type: ignore[attr-defined]
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))

        submit_address(page, fetching_server, f"{site.base}/news/3.html")
        assert "/articles/" in page.url
        plain = page.locator("#plain-view")
        assert "item 3" in plain.inner_text() and "Copyright" not in plain.inner_text()
        assert page.locator("#plain-view .cut").count() >= 1  # "shockingly expensive", "extremely lavish"
        assert site.hits("/news/3.html") == 1

        port = site.base.rsplit(":", 1)[1]
        submit_address(page, fetching_server, f"http://[::1]:{port}/news/3.html")
        alert = page.locator("p.error[role=alert]")
        assert alert.count() == 1
        message = alert.inner_text()
        assert "\n" not in message and "cannot fetch" in message and "loopback" in message, message
        assert page.locator("input[name=fetch]").is_visible()  # the form again, to correct the address
        assert site.hits("/news/3.html") == 1 and errors == []
