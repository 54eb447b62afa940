"""The one input type every later stage sees, and the metadata every stage carries along."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class FetchRecord(BaseModel):
    """How a fetched page was got: the URL asked for, the one answered after redirects, when, and the HTTP status.

    Set only by `unspin.ingest.fetch` (never read from a file, a form or the API: a client could forge it).
    """

    model_config = ConfigDict(frozen=True)

    url: str
    final_url: str
    status: int
    fetched_at: str  # ISO 8601, UTC


class Metadata(BaseModel):
    """Where an article came from, and what it says about itself: declared once, here.

    `Article` (the input) and `Report` (the output) both start with these fields; the
    readers, the web form, the API and the store take their field names from `METADATA_FIELDS`.
    """

    source: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: str | None = None
    author: str | None = None
    fetch: FetchRecord | None = None  # a page fetched from the web (`unspin neutralize URL`, `unspin follow`)


# The fields a reader, form or API may set (strings): everything but `source` and the fetcher's own record.
METADATA_FIELDS: tuple[str, ...] = tuple(name for name in Metadata.model_fields if name not in ("source", "fetch"))


class Article(Metadata):
    """An article as it arrived: raw text *or* raw HTML, plus whatever metadata came with it.

    `source` names where it came from (a path, `path:line` for JSONL, `-` for stdin)
    so every error and report can point back at the input.
    """

    model_config = ConfigDict(frozen=True)

    text: str | None = None
    html: str | None = None

    @property
    def is_html(self) -> bool:
        return self.html is not None
