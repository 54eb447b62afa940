"""The clean stage's entry point: one `Article` in, its original text and boilerplate edits out.

Text dumps are kept exactly as given (the ledger indexes them) and go through
the line classifier. HTML goes through trafilatura first; the extracted text,
with the headline as its first paragraph, becomes the original, and the line
classifier runs over it as a second net for furniture trafilatura kept.
Metadata that came with the article wins over what the page says; the outlet is named
by `unspin.ingest.outlet.identify_outlet` from the metadata, the page and the furniture.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from unspin.clean.dump import classify, find_boilerplate, furniture_edits, kept_headline
from unspin.clean.html import extract_html
from unspin.clean.lines import is_blank
from unspin.clean.resources import normalise
from unspin.edit.ledger import Edit
from unspin.ingest.article import Article
from unspin.ingest.outlet import identify_outlet


class CleanError(ValueError):
    """The article holds no text to work on."""


class Cleaned(BaseModel):
    """An article ready for detection: the text every edit indexes, and its furniture."""

    model_config = ConfigDict(frozen=True)

    original: str  # text input as given; for HTML the extracted text, headline first
    boilerplate: list[Edit] = Field(default_factory=list)
    title: str | None = None
    author: str | None = None
    published: str | None = None
    outlet: str | None = None
    url: str | None = None


def with_headline(text: str, title: str | None) -> str:
    """`text` with `title` as its first paragraph, unless it already starts with it."""
    if not title:
        return text
    first = text.split("\n", 1)[0]
    if normalise(first) == normalise(title):
        return text
    return f"{title}\n\n{text}" if text else title


def _clean_html(article: Article) -> Cleaned:
    page = extract_html(article.html or "", article.url)
    if not page.text.strip():
        raise CleanError("no article text found in the HTML page")
    title = article.title or page.title
    original = with_headline(page.text, title)
    boilerplate = find_boilerplate(original, title=title, find_body=False)
    author, url = article.author or page.author, article.url or page.url
    return Cleaned(
        original=original,
        boilerplate=boilerplate,
        title=title,
        author=author,
        published=article.published or page.date,
        outlet=_outlet(article.outlet, page.sitename, url, author, original, boilerplate),
        url=url,
    )


def _clean_text(article: Article) -> Cleaned:
    original = article.text or ""
    if is_blank(original):  # nothing visible: whitespace, zero-width and bidi marks only
        raise CleanError("the article text is empty")
    page = classify(original, article.title)
    edits = furniture_edits(page)
    return Cleaned(
        original=original,
        boilerplate=edits,
        title=article.title or kept_headline(page),
        author=article.author,
        published=article.published,
        outlet=_outlet(article.outlet, None, article.url, article.author, original, edits),
        url=article.url,
    )


def _outlet(
    outlet: str | None, site_name: str | None, url: str | None, author: str | None, text: str, furniture: list[Edit]
) -> str | None:
    found = identify_outlet(
        outlet=outlet, site_name=site_name, url=url, author=author, text=text, furniture="\n".join(e.original for e in furniture)
    )
    return found.name if found else None


def clean_article(article: Article) -> Cleaned:
    """Original text, boilerplate edits and metadata of one article (text dump or HTML)."""
    return _clean_html(article) if article.is_html else _clean_text(article)
