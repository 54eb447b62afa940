"""The one input type every later stage sees."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Article(BaseModel):
    """An article as it arrived: raw text *or* raw HTML, plus whatever metadata came with it.

    `source` names where it came from (a path, `path:line` for JSONL, `-` for stdin)
    so every error and report can point back at the input.
    """

    model_config = ConfigDict(frozen=True)

    source: str
    text: str | None = None
    html: str | None = None
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: str | None = None
    author: str | None = None

    @property
    def is_html(self) -> bool:
        return self.html is not None
