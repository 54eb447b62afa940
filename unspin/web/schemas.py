"""The API's request and response shapes, which are also its OpenAPI schema.

Responses reuse the library's own `Report` and `Edit` models, so the JSON an
API client gets is the same JSON `unspin neutralize --format json` prints.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from unspin.edit.ledger import Edit
from unspin.report import Report
from unspin.settings import STRENGTHS
from unspin.store.records import ArticleSummary, OutletStats, Page, StoredArticle, StoryRecord

Strength = Literal[STRENGTHS]  # type: ignore[valid-type]  # unspin/data/strength.toml's tables
META_MAX = 2000


def _no_default(schema: dict) -> None:
    schema.pop("default", None)


class ArticleIn(BaseModel):
    """One article as JSON: `text` (a plain-text dump) or `html` (a page), plus optional metadata."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"anyOf": [{"required": ["text"]}, {"required": ["html"]}]},
    )

    # Absent, never null: "text": null would satisfy the schema's `required` and still carry nothing.
    text: str = Field(
        None,
        min_length=1,
        validate_default=False,
        json_schema_extra=_no_default,  # type: ignore[assignment]
        description="The article as plain text (a scraped dump is fine).",
    )
    html: str = Field(
        None,
        min_length=1,
        validate_default=False,
        json_schema_extra=_no_default,  # type: ignore[assignment]
        description="The article as an HTML page.",
    )
    title: str | None = Field(None, max_length=META_MAX)
    url: str | None = Field(
        None,
        max_length=META_MAX,
        description="Where the article came from, kept as metadata. Sent without text or html, the server fetches it "
        "only when its operator allows fetching (unspin serve --allow-fetch); otherwise the request is refused.",
    )
    outlet: str | None = Field(None, max_length=META_MAX)
    published: str | None = Field(None, max_length=100)
    author: str | None = Field(None, max_length=META_MAX)

    @model_validator(mode="after")
    def _has_body(self) -> ArticleIn:
        if self.text is None and self.html is None and not self.url:
            raise ValueError("send the article as 'text' or 'html'")
        return self

    @property
    def fetch_only(self) -> bool:
        """A URL and no article: a request to fetch the page (refused unless the server allows fetching)."""
        return self.text is None and self.html is None


class Links(BaseModel):
    """Where to find this article: the API, the web page and the three downloads."""

    self: str
    ledger: str
    page: str
    download_html: str
    download_markdown: str
    download_json: str


class ArticleOut(BaseModel):
    """A stored article with its report and ledger; `created` is false when it was already stored."""

    id: int
    created: bool
    content_hash: str
    kind: Literal["text", "html"]
    title: str | None = Field(description="The neutral headline, as the report's text shows it.")
    original_title: str | None = Field(description="The headline as the article gave it.")
    outlet: str | None
    created_at: datetime
    words: int = Field(description="Words in the article, web furniture excluded.")
    loaded_edits: int = Field(description="Cuts and modifications.")
    density: float = Field(description="Loaded-language edits per 100 words.")
    links: Links
    report: Report

    @classmethod
    def of(cls, stored: StoredArticle) -> ArticleOut:
        return cls(
            id=stored.id,
            created=stored.created,
            content_hash=stored.content_hash,
            kind=stored.kind,
            title=stored.report.neutral_title,
            original_title=stored.report.title,
            outlet=stored.outlet,
            created_at=stored.created_at,
            words=stored.words,
            loaded_edits=stored.loaded_edits,
            density=stored.density,
            links=links(stored.id),
            report=stored.report,
        )


def links(article_id: int) -> Links:
    page = f"/articles/{article_id}"
    return Links(
        self=f"/api/articles/{article_id}",
        ledger=f"/api/articles/{article_id}/ledger",
        page=page,
        download_html=f"{page}/report.html",
        download_markdown=f"{page}/report.md",
        download_json=f"{page}/report.json",
    )


class InputError(BaseModel):
    source: str = Field(description="The input that failed: a file name, with :LINE for a JSONL line.")
    message: str


class BatchOut(BaseModel):
    """The result of an upload that may hold several articles (multipart files, JSONL)."""

    items: list[ArticleOut]
    errors: list[InputError]


class LedgerOut(BaseModel):
    article_id: int
    report_id: int
    version: str
    strength: str
    verified: bool = Field(description="True when applying the edits to the original gives the output exactly.")
    edits: list[Edit]


class OriginalOut(BaseModel):
    article_id: int
    kind: Literal["text", "html"]
    body: str = Field(description="The article exactly as it was received (decoded).")


class ArticleSummaryOut(BaseModel):
    id: int
    title: str = Field(description="The neutral headline (the source's name when the article has none).")
    original_title: str | None = Field(description="The headline as the article gave it.")
    outlet: str | None
    published: str | None
    created_at: datetime
    words: int
    loaded_edits: int
    density: float
    url: str

    @classmethod
    def of(cls, item: ArticleSummary) -> ArticleSummaryOut:
        return cls(
            id=item.id,
            title=item.title,
            original_title=item.original_title,
            outlet=item.outlet,
            published=item.published,
            created_at=item.created_at,
            words=item.words,
            loaded_edits=item.loaded_edits,
            density=item.density,
            url=f"/api/articles/{item.id}",
        )


class PageOut(BaseModel):
    items: list[ArticleSummaryOut]
    page: int
    pages: int
    per_page: int
    total: int

    @classmethod
    def of(cls, page: Page) -> PageOut:
        return cls(
            items=[ArticleSummaryOut.of(item) for item in page.items],
            page=page.page,
            pages=page.pages,
            per_page=page.per_page,
            total=page.total,
        )


class OutletOut(BaseModel):
    name: str
    articles: int
    words: int
    loaded_edits: int
    density: float = Field(description="Loaded-language edits (cuts and modifications) per 100 words.")

    @classmethod
    def of(cls, item: OutletStats) -> OutletOut:
        return cls(name=item.name, articles=item.articles, words=item.words, loaded_edits=item.loaded_edits, density=item.density)


class StoryOut(BaseModel):
    id: int
    title: str
    summary: str | None
    created_at: datetime
    articles: list[ArticleSummaryOut]

    @classmethod
    def of(cls, story: StoryRecord) -> StoryOut:
        return cls(
            id=story.id,
            title=story.title,
            summary=story.summary,
            created_at=story.created_at,
            articles=[ArticleSummaryOut.of(item) for item in story.articles],
        )


class Health(BaseModel):
    status: Literal["ok"]
    database: str
    version: str


class ErrorOut(BaseModel):
    detail: str = Field(description="One line saying what was wrong.")
