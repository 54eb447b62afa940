"""Screenshot a rendered HTML report: python scripts/screenshot.py report.html out.png

Drives the system Chromium (Debian package `chromium`) through Playwright; it
never downloads a browser. Needs `pip install playwright`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def screenshot(
    html: Path,
    png: Path,
    *,
    width: int = 900,
    full_page: bool = True,
    hover: str | None = None,
    dark: bool = False,
    executable: str = CHROMIUM,
) -> None:
    """Save a PNG of `html`; `hover` is a CSS selector to hover first (to show a tooltip)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=ARGS, headless=True)
        try:
            page = browser.new_page(
                viewport={"width": width, "height": 800}, device_scale_factor=1, color_scheme="dark" if dark else "light"
            )
            page.goto(html.resolve().as_uri())
            if hover:
                page.hover(hover)
                page.wait_for_timeout(250)
            page.screenshot(path=str(png), full_page=full_page)
        finally:
            browser.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("html", type=Path, help="the HTML file to render")
    parser.add_argument("png", type=Path, help="where to write the screenshot")
    parser.add_argument("--width", type=int, default=900, help="viewport width in CSS pixels (default 900)")
    parser.add_argument("--viewport-only", action="store_true", help="capture the viewport, not the whole page")
    parser.add_argument("--hover", metavar="SELECTOR", help="hover this element first, e.g. '.cut'")
    parser.add_argument("--dark", action="store_true", help="emulate prefers-color-scheme: dark")
    parser.add_argument("--chromium", default=CHROMIUM, help=f"browser binary (default {CHROMIUM})")
    args = parser.parse_args(argv)
    if not args.html.is_file():
        parser.error(f"{args.html}: no such file")
    if not Path(args.chromium).exists():
        parser.error(f"{args.chromium} not found; install it with: apt-get install chromium")
    try:
        screenshot(
            args.html,
            args.png,
            width=args.width,
            full_page=not args.viewport_only,
            hover=args.hover,
            dark=args.dark,
            executable=args.chromium,
        )
    except ImportError:
        parser.error("playwright is not installed; run: pip install playwright")
    print(f"wrote {args.png}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
