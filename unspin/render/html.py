"""HTML: one self-contained page per report (inline CSS, no scripts), and an index for a batch.

Article text is untrusted. Every value reaches the page through a Jinja2
template with autoescaping on, and links are only emitted for http(s) or
relative addresses.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from unspin.edit.ledger import EditKind
from unspin.ingest.outlet import UNKNOWN
from unspin.render import legend
from unspin.render.layout import counts, layout, why
from unspin.report import Report

TEMPLATES = Path(__file__).parent / "templates"

_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
_CONTROL = re.compile(r"[\x00-\x20\x7f]")


@cache
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals.update(why=why, legend=legend)
    return env


def safe_href(url: str | None) -> str | None:
    """The address if a browser may follow it safely (http, https or relative), else None."""
    if not url:
        return None
    url = url.strip()
    if not url or _CONTROL.search(url) or url.startswith("//"):
        return None
    scheme = _SCHEME.match(url)
    if scheme and scheme.group(1).lower() not in ("http", "https"):
        return None
    return url


def render_html(report: Report) -> str:
    """The report as one standalone HTML page."""
    page = layout(report)
    lead, body = page.split()
    furniture = [(number, edit) for number, edit in page.edits if edit.kind is EditKind.BOILERPLATE]
    title = report.neutral_title or (page.blocks[0].text if page.blocks and page.blocks[0].heading else None)
    return (
        environment()
        .get_template("report.html.j2")
        .render(
            report=report,
            layout=page,
            lead=lead,
            body=body,
            page_title=title or report.source,
            byline=byline(report),
            source_href=safe_href(report.url),
            source_label=report.url or report.source,
            tally=tally(report),
            counts=counts(report),
            furniture=furniture,
        )
    )


def render_index(reports: list[Report], links: list[str]) -> str:
    """An index page for a batch: one row per report, linking to its page."""
    if len(reports) != len(links):
        raise ValueError(f"render_index got {len(reports)} reports but {len(links)} links")
    rows = [
        {
            "title": report.neutral_title or report.source,
            "original_title": report.title if report.title and report.title != report.neutral_title else "",
            "href": safe_href(link),
            "outlet": report.outlet_name or UNKNOWN,
            "published": report.published or "",
            "source": report.source,
            "counts": counts(report),
        }
        for report, link in zip(reports, links)
    ]
    totals = {key: sum(row["counts"][key] for row in rows) for key in ("cut", "modify", "add", "boilerplate_lines")}
    return environment().get_template("index.html.j2").render(rows=rows, totals=totals)


def byline(report: Report) -> list[tuple[str, str]]:
    """(css class, text) of the outlet ("unknown outlet" when nothing names it), the author and the date."""
    outlet = report.outlet_name
    parts = [
        ("outlet" if outlet else "outlet unknown", outlet or UNKNOWN),
        ("author", f"By {report.author}" if report.author else None),
        ("date", report.published),
    ]
    return [(css, text) for css, text in parts if text]


def tally(report: Report) -> list[tuple[int, str]]:
    n = counts(report)
    return [
        (n["cut"], "cut" if n["cut"] == 1 else "cuts"),
        (n["modify"], "modification" if n["modify"] == 1 else "modifications"),
        (n["add"], "addition" if n["add"] == 1 else "additions"),
        (n["flag"], "flagged, kept as written"),
        (
            n["boilerplate_lines"],
            "line of web furniture removed" if n["boilerplate_lines"] == 1 else "lines of web furniture removed",
        ),
    ]
