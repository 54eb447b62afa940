"""What the store hands back: plain, immutable records, detached from any database session.

Callers (the web app, scripts) never hold ORM objects, so nothing they do can
trigger a lazy load after the session is gone or write to the database by
accident.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import datetime

from unspin.edit.ledger import EditKind, apply_edits
from unspin.ingest import METADATA_FIELDS, Article
from unspin.report import Report

_WORD = re.compile(r"\w+")


def content_hash(article: Article) -> str:
    """The identity of an article: SHA-256 of its kind and body (text or HTML).

    Metadata is left out on purpose: the same text sent with and without a
    title is the same article, stored once (the first metadata wins).
    """
    kind, body = article_body(article)
    return hashlib.sha256(f"{kind}\0{body}".encode()).hexdigest()


def article_body(article: Article) -> tuple[str, str]:
    """("html", html) or ("text", text), with line endings made uniform."""
    if article.html is not None:
        return "html", _lines(article.html)
    return "text", _lines(article.text or "")


def _lines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


class UnstorableArticle(ValueError):
    """An article the store cannot keep exactly as it is."""


def check_storable(article: Article) -> None:
    """Refuse NUL characters: PostgreSQL text cannot hold them, and no real article has one.

    Refusing is the only honest choice: dropping them would change the original
    that the ledger's offsets index.
    """
    for name in ("text", "html", "source", *METADATA_FIELDS):
        value = getattr(article, name)
        if value and "\0" in value:
            where = "text" if name in ("text", "html") else f"field '{name}'"
            raise UnstorableArticle(f"the article's {where} contains a NUL character (binary data?)")


def article_words(report: Report) -> int:
    """Words in the article itself: the original with web furniture taken out."""
    furniture = [edit for edit in report.edits if edit.kind is EditKind.BOILERPLATE]
    return len(_WORD.findall(apply_edits(report.original, furniture)))


def loaded_edits(report: Report) -> int:
    """Cuts and modifications: the edits that measure loaded language."""
    return report.count(EditKind.CUT) + report.count(EditKind.MODIFY)


def density(edits: int, words: int) -> float:
    """Edits per 100 words (0 for no words)."""
    return round(100 * edits / words, 2) if words else 0.0


class _Density:
    """Loaded-language edits per 100 words, for any record that counts both."""

    words: int
    loaded_edits: int

    @property
    def density(self) -> float:
        return density(self.loaded_edits, self.words)


@dataclass(frozen=True)
class StoredArticle(_Density):
    """An article and its report as stored; `created` is False when it was already there."""

    id: int
    content_hash: str
    kind: str
    source: str
    outlet: str | None
    created_at: datetime
    report_id: int
    report: Report
    words: int
    loaded_edits: int
    created: bool = False


@dataclass(frozen=True)
class ArticleSummary(_Density):
    """One row of a list of articles: `title` is the neutral headline, `original_title` as published."""

    id: int
    title: str
    original_title: str | None
    outlet: str | None
    published: str | None
    created_at: datetime
    words: int
    loaded_edits: int


@dataclass(frozen=True)
class Page:
    items: list[ArticleSummary]
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


@dataclass(frozen=True)
class OutletStats(_Density):
    name: str
    articles: int
    words: int
    loaded_edits: int


@dataclass(frozen=True)
class StoryRecord:
    id: int
    title: str
    summary: str | None
    created_at: datetime
    articles: list[ArticleSummary] = field(default_factory=list)
