"""In a real browser, hostile articles run nothing: no payload sets `window.__pwned`, no dialog opens,
and the Content-Security-Policy never has to block anything (nothing was injected to block)."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.web.browser import chromium
from tests.web.hostile import PAYLOADS, hostile_html, hostile_metadata, hostile_text

pytestmark = [pytest.mark.slow, pytest.mark.browser]


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with chromium() as opened:
        yield opened


def test_hostile_articles_execute_nothing(browser, live_url: str) -> None:  # type: ignore[no-untyped-def]
    ids = []
    for body in ({"text": hostile_text(), **hostile_metadata()}, {"html": hostile_html(), **hostile_metadata()}):
        response = httpx.post(f"{live_url}/api/articles", json=body, timeout=60)
        assert response.status_code == 201, response.text
        ids.append(response.json()["id"])
    page = browser.new_page()
    events: list[str] = []
    page.on("dialog", lambda dialog: (events.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    page.on("pageerror", lambda exc: events.append(f"pageerror: {exc}"))
    page.on(
        "console",
        lambda message: (
            events.append(f"console: {message.text}")
            if "Content Security Policy" in message.text or message.type == "error"
            else None
        ),
    )

    page.goto(f"{live_url}/")
    page.fill("textarea[name=text]", hostile_text())  # and once through the form, as a reader would
    page.click("details.more summary")
    page.fill("input[name=outlet]", PAYLOADS[3])
    page.fill("input[name=url]", "javascript:window.__pwned='form'")
    with page.expect_navigation():
        page.click("button[type=submit]")
    visited = [page.url]
    for article_id in ids:
        visited.append(f"{live_url}/articles/{article_id}")
    visited += [f"{live_url}/articles", f"{live_url}/outlets", f"{live_url}/"]
    for url in visited:
        page.goto(url)
        if page.locator("#toggle-original").count():
            for cut in page.locator("#plain-view .cut").all()[:5]:
                cut.hover()
            page.click("#toggle-original")
            for mark in page.locator("#original-view .was-cut, #original-view .was-mod").all()[:5]:
                mark.hover()
            for link in page.locator("article a").all():
                assert link.get_attribute("href").startswith(("http://", "https://", "/")), link.get_attribute("href")
        page.wait_for_timeout(50)
        assert page.evaluate("typeof window.__pwned") == "undefined", url
    assert events == []
    page.close()
