"""Render stage: a `Report` as HTML, Markdown, plain text or JSON.

    from unspin.render import render
    page = render(report, "html")   # or "md", "text", "json"

Every format is built from the report's ledger (see `unspin.render.layout`),
never by comparing the original and output texts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from unspin.render.html import render_html, render_index
from unspin.render.json import render_json
from unspin.render.markdown import render_markdown
from unspin.render.text import render_text
from unspin.report import Report


@dataclass(frozen=True)
class OutputFormat:
    """One way to write a report: how it is drawn, the file name's ending, the HTTP media type."""

    render: Callable[[Report], str]
    extension: str
    media_type: str


# The format registry: the CLI's --format choices and the web app's downloads are read from it.
REGISTRY: dict[str, OutputFormat] = {
    "html": OutputFormat(render_html, ".html", "text/html; charset=utf-8"),
    "md": OutputFormat(render_markdown, ".md", "text/markdown; charset=utf-8"),
    "text": OutputFormat(render_text, ".txt", "text/plain; charset=utf-8"),
    "json": OutputFormat(render_json, ".json", "application/json"),
}
ALIASES = {"markdown": "md", "txt": "text"}
FORMATS = tuple(REGISTRY)
EXTENSIONS = {name: output.extension for name, output in REGISTRY.items()}
MEDIA_TYPES = {name: output.media_type for name, output in REGISTRY.items()}

__all__ = [
    "EXTENSIONS",
    "FORMATS",
    "MEDIA_TYPES",
    "REGISTRY",
    "OutputFormat",
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
        output = REGISTRY[key]
    except KeyError:
        raise ValueError(f"unknown format {fmt!r}; choose one of: {', '.join(FORMATS)}") from None
    return output.render(report)
