"""Render stage: a `Report` as HTML, Markdown, plain text or JSON.

    from unspin.render import render
    page = render(report, "html")   # or "md", "text", "json"

Every format is built from the report's ledger (see `unspin.render.layout`),
never by comparing the original and output texts.
"""

from __future__ import annotations

from typing import Callable

from unspin.render.html import render_html, render_index
from unspin.render.json import render_json
from unspin.render.markdown import render_markdown
from unspin.render.text import render_text
from unspin.report import Report

RENDERERS: dict[str, Callable[[Report], str]] = {
    "html": render_html,
    "md": render_markdown,
    "text": render_text,
    "json": render_json,
}
ALIASES = {"markdown": "md", "txt": "text"}
EXTENSIONS = {"html": ".html", "md": ".md", "text": ".txt", "json": ".json"}
FORMATS = tuple(RENDERERS)

__all__ = [
    "EXTENSIONS",
    "FORMATS",
    "render",
    "render_html",
    "render_index",
    "render_json",
    "render_markdown",
    "render_text",
]


def render(report: Report, fmt: str) -> str:
    """The report in one of `FORMATS` ('html', 'md', 'text', 'json'; 'markdown' and 'txt' also work)."""
    key = ALIASES.get(fmt.lower(), fmt.lower())
    try:
        renderer = RENDERERS[key]
    except KeyError:
        raise ValueError(f"unknown format {fmt!r}; choose one of: {', '.join(FORMATS)}") from None
    return renderer(report)
