"""Playwright driving Debian's Chromium (never a downloaded browser), for the browser tests."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def require_chromium() -> Path:
    if CHROMIUM.exists():
        return CHROMIUM
    if os.environ.get("CI"):
        pytest.fail(f"{CHROMIUM} is missing: .ci/run must apt-get install chromium")
    pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium)")


@contextmanager
def chromium() -> Iterator[object]:
    """A headless browser; yields playwright's Browser."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(require_chromium()), args=ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


def after_content(page, selector: str) -> dict:  # type: ignore[no-untyped-def]
    """The computed display and content of `selector`'s ::after box (the hover note)."""
    return page.eval_on_selector(
        selector, "el => { const s = getComputedStyle(el, '::after'); return {display: s.display, content: s.content}; }"
    )
