"""In a real browser: the five seeds uploaded make two stories; the list, a story page, the version with additions.

The first visit to a story page answers at once while the server's pool compares the outlets, and the page reloads
itself until they are compared.

Runs Debian's Chromium through Playwright against the app served by uvicorn on loopback, over SQLite and
PostgreSQL. The seeds are read from ../shared/seeds (skipped without it on a user's machine, failed in CI).
With UNSPIN_SCREENSHOTS=DIR the story screenshots are written there.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import SEEDS, require_shared
from tests.web.browser import after_content, chromium
from tests.web.conftest import SharedLanes, settle
from tests.web.live import live_server
from tests.web.story_helpers import BRIDGE_COURIER, BRIDGE_POST, groups
from unspin.web import Settings, create_app
from unspin.web.stories import story_of

pytestmark = [pytest.mark.slow, pytest.mark.browser]
SLOW = 600_000  # ms: five seeds through the pipeline on a busy 2-core machine


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with chromium() as opened:
        yield opened


@pytest.fixture
def app(db_url: str, shared_lanes: SharedLanes):  # type: ignore[no-untyped-def]
    return create_app(Settings(db=db_url), lanes=shared_lanes)  # one pool for the module: its models load once


@pytest.fixture
def served(app) -> Iterator[str]:  # type: ignore[no-untyped-def]
    with live_server(app, timeout=SLOW / 1000) as url:  # the models load at start-up: minutes on a busy machine
        yield url
        settle(app.state.comparisons)  # nothing of this test's left in the shared pool


def watch(page) -> list[str]:  # type: ignore[no-untyped-def]
    """Console errors (a Content-Security-Policy violation is one), script errors and dialogs, as they happen."""
    problems: list[str] = []
    page.on("console", lambda message: problems.append(f"console: {message.text}") if message.type == "error" else None)
    page.on("pageerror", lambda exc: problems.append(f"pageerror: {exc}"))
    page.on("dialog", lambda dialog: (problems.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    return problems


def upload_seeds(page, url: str) -> list[str]:  # type: ignore[no-untyped-def]
    """Upload the five seed files through the home page's form, as a reader would; returns their names."""
    seeds = sorted(require_shared(SEEDS).glob("*.txt"))
    assert len(seeds) == 5
    page.goto(f"{url}/")
    page.set_input_files("input[type=file]", [str(path) for path in seeds])
    with page.expect_navigation(timeout=SLOW):
        page.click("button[type=submit]")
    assert page.locator("h1").inner_text() == "5 articles ready" and page.locator("li.error").count() == 0
    return [path.name for path in seeds]


def test_five_seeds_make_two_stories_with_outlets_facts_and_additions(browser, served: str, shots: Path) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    page.set_default_timeout(SLOW)
    problems = watch(page)
    names = upload_seeds(page, served)
    # the store put each one in a story as it saved it: nothing else runs between the upload and the list
    page.goto(f"{served}/stories")
    rows = page.locator("table.stories tbody tr")
    assert rows.count() == 2
    sizes = sorted(int(rows.nth(i).locator("td").nth(1).inner_text()) for i in range(2))
    assert sizes == [1, 4]
    page.screenshot(path=str(shots / "screenshot-web-stories.png"), full_page=True)
    big = next(rows.nth(i) for i in range(2) if rows.nth(i).locator("td").nth(1).inner_text() == "4")
    outlets = big.locator("td.outlets").inner_text()
    assert "Sky News" in outlets and "Radio Free Europe/Radio Liberty" in outlets and "unknown outlet" in outlets
    assert not any(name.removesuffix(".txt") in outlets for name in names)  # a file is never an outlet

    big.locator("td.title a").click()
    page.wait_for_load_state()
    assert page.locator("p.comparison-pending").is_visible()  # answered at once; the pool compares the outlets
    page.wait_for_selector("table.facts", timeout=SLOW)  # the page refreshes itself until they are compared
    page.wait_for_load_state()
    assert page.locator("p.comparison-pending").count() == 0 and page.locator("meta[http-equiv=refresh]").count() == 0
    groups = page.locator("table.by-outlet tbody.outlet-group")
    outlet_names = [groups.nth(i).locator("th.outlet").inner_text().split("\n")[0] for i in range(groups.count())]
    assert sorted(outlet_names) == ["Radio Free Europe/Radio Liberty", "Sky News", "unknown outlet"]
    unknown = groups.nth(outlet_names.index("unknown outlet"))
    small_print = sorted(unknown.locator(".sub.source").all_inner_texts())
    assert small_print == sorted(n for n in names if n.startswith(("001", "002")))  # the source, in small print
    assert page.locator("table.facts tbody tr").count() >= 5
    assert page.locator("table.quotes tbody tr").count() >= 1
    cell = page.locator("table.facts td.cell .yes").first
    cell.focus()
    assert cell.get_attribute("title")
    additions = page.locator("section[aria-labelledby=added] mark.add")
    assert additions.count() >= 4
    assert all(text.startswith("[Added from ") and "[Added from 00" not in text for text in additions.all_inner_texts())
    page.screenshot(path=str(shots / "screenshot-web-story.png"), full_page=True)

    page.locator("section[aria-labelledby=added] a", has_text="read it with these additions").first.click()
    page.wait_for_load_state()
    assert page.url.endswith("?view=filled")
    added = page.locator("#plain-view mark.add").first
    added.scroll_into_view_if_needed()
    added.hover()
    assert after_content(page, "#plain-view mark.add")["display"] == "block"  # the note names the outlet's sentence
    page.click("#toggle-original")  # the original and back, in place: back to the version with additions
    assert page.locator("#original-view").is_visible() and page.url.endswith("?view=original")
    page.click("#toggle-original")
    assert page.locator("#plain-view mark.add").first.is_visible() and page.url.endswith("?view=filled")
    page.click("#toggle-filled")
    page.wait_for_load_state()
    assert page.locator("#plain-view mark.add").count() == 0
    assert problems == []
    page.close()


def test_original_headline_one_step_away_and_untrusted_text_escaped(browser, app, served: str) -> None:  # type: ignore[no-untyped-def]
    import httpx

    evil_outlet = "<img src=x onerror=alert('outlet')>"
    title = BRIDGE_POST["title"] + " <script>alert('title')</script>"
    evil = {
        **BRIDGE_POST,
        "outlet": evil_outlet,
        "title": title,
        "text": BRIDGE_POST["text"].replace(BRIDGE_POST["title"], title, 1),
    }
    ids = [httpx.post(f"{served}/api/articles", json=body, timeout=SLOW / 1000).json()["id"] for body in (evil, BRIDGE_COURIER)]
    assert groups(app.state.store) == [sorted(ids)]
    story = story_of(app.state.store, ids[0])
    page = browser.new_page()
    page.set_default_timeout(SLOW)
    problems = watch(page)
    page.goto(f"{served}/stories")
    link = page.locator("table.stories td.title a")
    assert "Original headline: " in (link.get_attribute("title") or "")
    toggle = page.locator("table.stories details.original-headline")
    assert not toggle.locator("q").is_visible()
    toggle.locator("summary").click()
    assert toggle.locator("q").inner_text() == evil["title"]  # the original, as text
    assert evil_outlet in page.locator("table.stories td.outlets").inner_text()
    for path in (f"/stories/{story}", f"/articles/{ids[1]}?view=filled", "/articles"):
        page.goto(f"{served}{path}")
        assert page.locator("img").count() == 0 and page.locator("script:not([src])").count() == 0, path
    assert evil_outlet in page.locator("table.articles").inner_text()
    assert problems == []
    page.close()
