"""The web pages' Jinja2 environment: our templates first, then unspin/render's (for its macros).

Autoescaping is on for every template and undefined names are errors, the
same rules as the standalone HTML report; the article page imports the
report's own `segment`/`block` macros, so a highlight looks and behaves the same
in the app as in a downloaded report.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined
from starlette.responses import HTMLResponse

from unspin import __version__
from unspin.render import legend
from unspin.render.html import TEMPLATES as RENDER_TEMPLATES
from unspin.render.html import safe_href
from unspin.render.layout import describe, why
from unspin.web.original import original_note

TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"


@cache
def environment() -> Environment:
    env = Environment(
        loader=ChoiceLoader([FileSystemLoader(TEMPLATES), FileSystemLoader(RENDER_TEMPLATES)]),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(
        why=why, describe=describe, original_note=original_note, legend=legend, safe_href=safe_href, version=__version__
    )
    return env


def page(name: str, status: int = 200, **context: Any) -> HTMLResponse:
    """Render template `name` as an HTML response."""
    html = environment().get_template(name).render(**context)
    return HTMLResponse(html, status_code=status)


@cache
def report_css() -> str:
    """unspin/render's stylesheet, served as a file so the pages need no inline style (CSP)."""
    return (RENDER_TEMPLATES / "report.css").read_text(encoding="utf-8")


@cache
def story_css() -> str:
    """unspin/render's story stylesheet (a template: one class per density shade), served as a file."""
    return environment().get_template("story.css.j2").render()
