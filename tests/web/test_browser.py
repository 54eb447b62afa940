"""In a real browser: paste an article, read the highlighted result, hover a [...], toggle the original.

Runs Debian's Chromium through Playwright against the app served by uvicorn on
loopback, over SQLite and PostgreSQL. With UNSPIN_SCREENSHOTS=DIR (`make
screenshots` sets docs/) the screenshots for the README are written there.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import SEEDS, require_shared
from tests.web.browser import after_content, chromium

pytestmark = [pytest.mark.slow, pytest.mark.browser]
SEED = "002_037baa1bc531c0fc.txt"  # read at run time from ../shared/seeds; its text never enters the repo


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with chromium() as opened:
        yield opened


def seed_text() -> str:
    return (require_shared(SEEDS) / SEED).read_text(encoding="utf-8")


def paste(page, live_url: str, text: str, outlet: str = "") -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{live_url}/")
    page.fill("textarea[name=text]", text)
    if outlet:
        page.click("details.more summary")
        page.fill("input[name=outlet]", outlet)
    with page.expect_navigation():
        page.click("button[type=submit]")


def test_paste_read_hover_and_toggle(browser, live_url: str, shots: Path) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    paste(page, live_url, seed_text(), outlet="Seed outlet")
    assert "/articles/" in page.url
    cuts = page.locator("#plain-view .cut")
    assert cuts.count() >= 1, "the seed has loaded language to cut"
    assert page.locator("#plain-view").is_visible() and not page.locator("#original-view").is_visible()
    page.screenshot(path=str(shots / "screenshot-web-article.png"), full_page=True)

    cut = cuts.first
    words = cut.get_attribute("data-cut")
    assert after_content(page, "#plain-view .cut")["display"] == "none"
    cut.scroll_into_view_if_needed()
    cut.hover()
    note = after_content(page, "#plain-view .cut")
    assert note["display"] == "block" and words in note["content"]
    page.screenshot(path=str(shots / "screenshot-web-hover.png"))

    page.click("#toggle-original")
    assert page.locator("#original-view").is_visible() and not page.locator("#plain-view").is_visible()
    assert page.url.endswith("?view=original")
    assert page.get_attribute("#toggle-original", "aria-pressed") == "true"
    assert page.locator("#original-view del.was-cut", has_text=words).count() >= 1
    page.mouse.move(0, 0)
    page.screenshot(path=str(shots / "screenshot-web-original.png"), full_page=True)
    page.locator("#original-view del.was-cut").first.hover()
    assert after_content(page, "#original-view del.was-cut")["display"] == "block"

    page.click("#toggle-original")
    assert page.locator("#plain-view").is_visible() and page.url.endswith("?view=plain")
    assert page.locator("section.ledger tbody tr").count() >= cuts.count()
    assert errors == []
    page.close()


def test_home_page_and_phone_layout(browser, live_url: str, shots: Path) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True, device_scale_factor=2)
    page.goto(f"{live_url}/")
    page.screenshot(path=str(shots / "screenshot-web-home-phone.png"))
    paste(page, live_url, seed_text())
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "page scrolls sideways"
    cut = page.locator("#plain-view .cut").first
    cut.scroll_into_view_if_needed()
    cut.tap()
    note = after_content(page, "#plain-view .cut")
    assert note["display"] == "block" and cut.get_attribute("data-cut") in note["content"]
    page.screenshot(path=str(shots / "screenshot-web-phone.png"))
    page.tap("#toggle-original")
    assert page.locator("#original-view").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.close()


def test_pages_load_without_console_errors(browser, live_url: str) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page()
    messages: list[str] = []
    page.on("console", lambda message: messages.append(f"{message.type}: {message.text}"))
    page.on("pageerror", lambda exc: messages.append(f"pageerror: {exc}"))
    paste(page, live_url, seed_text(), outlet="Seed outlet")
    for path in ("/", "/articles", "/outlets", "/stories", page.url.replace(live_url, "") + "?view=original"):
        page.goto(f"{live_url}{path}")
    assert [m for m in messages if m.startswith(("error", "pageerror"))] == []
    page.close()
