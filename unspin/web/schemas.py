"""The API's request and response shapes, which are also its OpenAPI schema.

Responses reuse the library's own `Report` and `Edit` models, so the JSON an
API client gets is the same JSON `unspin neutralize --format json` prints.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from unspin.edit.ledger import Edit, EditKind
from unspin.ingest.outlet import UNKNOWN, source_name
from unspin.render.story import fact_quotes, quotations, story_title
from unspin.report import Report
from unspin.settings import STRENGTHS
from unspin.store.records import ArticleSummary, OutletStats, Page, StoredArticle
from unspin.stories.from_store import StoredStory
from unspin.stories.story import Story
from unspin.web.stories import StoryListing, listing

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


class Health(BaseModel):
    status: Literal["ok"]
    database: str
    version: str


class ErrorOut(BaseModel):
    detail: str = Field(description="One line saying what was wrong.")


class StorySummaryOut(BaseModel):
    """One story in the list: its neutral headline (`title`) with the original one step away."""

    id: int
    title: str = Field(description="The neutral headline of the story's first titled article.")
    original_title: str | None = Field(description="That headline as the article gave it (null when unchanged).")
    articles: int = Field(description="Articles in the story.")
    outlets: list[str] = Field(description='Outlets of its articles, "unknown outlet" for those no article names.')
    first_published: date | None
    last_published: date | None
    created_at: datetime
    url: str
    page: str

    @classmethod
    def of(cls, item: StoryListing) -> StorySummaryOut:
        return cls(
            id=item.id,
            title=item.title,
            original_title=item.original_title,
            articles=item.articles,
            outlets=item.outlets,
            first_published=item.first_published,
            last_published=item.last_published,
            created_at=item.created_at,  # type: ignore[arg-type]
            url=f"/api/stories/{item.id}",
            page=f"/stories/{item.id}",
        )


class StoryMemberOut(BaseModel):
    """One article of a story, with what the other outlets reported and it left out."""

    id: int
    title: str = Field(description="The neutral headline (the first sentence as shown, when it has none).")
    original_title: str | None = Field(description="The headline as the article gave it (null when unchanged).")
    outlet: str = Field(description='The outlet, or "unknown outlet" when nothing names it.')
    outlet_known: bool
    source: str = Field(description="Where the article came from (an address's host or a file name), for an unknown outlet.")
    published: date | None
    words: int
    loaded_edits: int
    density: float = Field(description="Loaded-language edits (cuts and modifications) per 100 words.")
    facts: int = Field(description="Facts of the story this article reports.")
    additions: list[Edit] = Field(description="`add` edits: sentences from other outlets, each crediting its outlet.")
    url: str
    page: str
    filled_page: str = Field(description="The article's page with the additions in its text.")


class ClaimOut(BaseModel):
    article_id: int
    outlet: str
    sentence: str


class QuoteOut(BaseModel):
    quote: str
    speaker: str | None = Field(description="Who is quoted, when the sentence names them.")
    reported_by: list[str] = Field(description="The outlets that carry the quotation.")


class FactOut(BaseModel):
    """One statement aligned across the story's articles, with the differences in what they report."""

    text: str
    reported_by: list[ClaimOut]
    quotes: list[QuoteOut]
    differences: list[str] = Field(description="Differing numbers, dates or speakers; shown, not settled.")


class StoryDetailOut(StorySummaryOut):
    """A story compared: its members (with their additions), its facts, and who is quoted by whom."""

    members: list[StoryMemberOut]
    facts: list[FactOut]
    quotes: list[QuoteOut]
    comparison_status: Literal["compared", "pending", "failed"] = Field(
        description="`compared`: facts, quotes and additions are here. `pending`: the outlets are being compared in the "
        "background; facts, quotes and additions are empty until then: ask again after Retry-After seconds. `failed`: "
        "comparing failed (`comparison_note` says why); the members are shown without additions."
    )
    comparison_note: str | None = Field(None, description="Why comparing failed, when it did.")

    @classmethod
    def of_compared(
        cls, found: StoredStory, status: Literal["compared", "pending", "failed"] = "compared", note: str | None = None
    ) -> StoryDetailOut:
        story, articles = found.story, found.articles
        ids = [item.id for item in articles]
        members = story.members
        return cls(
            **StorySummaryOut.of(listing(found.record)).model_dump(),
            comparison_status=status,
            comparison_note=note or None,
            members=[_member_out(story, index, articles[index]) for index in range(len(members))],
            facts=[
                FactOut(
                    text=fact.text,
                    reported_by=[
                        ClaimOut(article_id=ids[c.article], outlet=members[c.article].outlet, sentence=c.sentence.text)
                        for c in fact.claims
                    ],
                    quotes=[
                        QuoteOut(quote=q["quote"], speaker=q["speaker"], reported_by=q["reported_by"])
                        for q in fact_quotes(story, fact)
                    ],
                    differences=fact.differences,
                )
                for fact in story.facts
            ],
            quotes=[QuoteOut(quote=q["quote"], speaker=q["speaker"], reported_by=q["outlets"]) for q in quotations(story)],
        )


def _member_out(story: Story, index: int, stored: StoredArticle) -> StoryMemberOut:
    member = story.members[index]
    filled = member.filled or member.report
    title = story_title(member)
    return StoryMemberOut(
        id=stored.id,
        title=title,
        original_title=member.report.title if member.report.title != title else None,
        outlet=member.outlet,
        outlet_known=member.outlet != UNKNOWN,
        source=source_name(stored.source, member.report.url),
        published=member.published,
        words=member.words,
        loaded_edits=member.loaded,
        density=round(member.density, 2),
        facts=sum(1 for fact in story.facts if index in fact.articles),
        additions=[e for e in filled.edits if e.kind is EditKind.ADD and e.category == "added_fact"],
        url=f"/api/articles/{stored.id}",
        page=f"/articles/{stored.id}",
        filled_page=f"/articles/{stored.id}?view=filled",
    )
