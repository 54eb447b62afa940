"""Main text and metadata of an HTML page, via trafilatura.

HTML carries its own structure, so it does not go through the line
classifier first: trafilatura finds the article body and the metadata
(title, author, date, site name). The options live in
`unspin/data/clean/html_extraction.toml` with the dev-split scores that chose
them. The result is plain text, one paragraph per block, paragraphs separated
by a blank line, without the headline (which is in `title`). When trafilatura
finds no text at all, the text of the page's block elements is the last resort
(see `_block_text`: pages nested deeper than libxml2's limit).
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from typing import Any

import trafilatura
from lxml import etree
from pydantic import BaseModel, ConfigDict

from unspin.clean.resources import DATA_DIR, normalise


class ExtractedPage(BaseModel):
    """What trafilatura found in one HTML page."""

    model_config = ConfigDict(frozen=True)

    text: str  # paragraphs separated by a blank line; headline not repeated
    title: str | None = None
    author: str | None = None
    date: str | None = None  # ISO 8601 (YYYY-MM-DD) when the page states one
    sitename: str | None = None
    url: str | None = None


@lru_cache(maxsize=1)
def extraction_options() -> dict[str, dict[str, Any]]:
    with (DATA_DIR / "html_extraction.toml").open("rb") as handle:
        return tomllib.load(handle)


def as_paragraphs(text: str, title: str | None) -> str:
    """One paragraph per extracted block, blank-line separated, without a leading copy of the title."""
    paragraphs = [" ".join(block.split()) for block in text.split("\n")]
    paragraphs = [p for p in paragraphs if p]
    if title and paragraphs and normalise(paragraphs[0]) == normalise(title):
        paragraphs = paragraphs[1:]
    return "\n\n".join(paragraphs)


def _extract(html: str, url: str | None, options: dict[str, Any]) -> Any:
    try:
        return trafilatura.bare_extraction(html, url=url, with_metadata=True, **options)
    except (ValueError, TypeError, AttributeError):  # malformed markup trafilatura cannot parse
        return None


_BLOCKS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote"})
_SKIPPED = frozenset({"script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form"})


def _block_text(html: str) -> str:
    """The text of the page's block elements in document order, one per line: a last resort.

    libxml2 stops building the tree past about 255 levels of nesting unless it
    is told the tree is huge, so on a deeply nested page trafilatura sees no
    paragraphs at all and both passes come back empty although the article is
    there. This re-parses with `huge_tree=True` and keeps the text of p, h1-h6,
    li and blockquote (outermost only, so a p inside an li is not repeated),
    skipping script, style and navigation chrome. It is much cruder than
    trafilatura, so `extract_html` calls it only when trafilatura found nothing.
    """
    try:
        root = etree.fromstring(html.encode("utf-8"), etree.HTMLParser(huge_tree=True, encoding="utf-8"))
    except (ValueError, etree.LxmlError):
        return ""
    if root is None:
        return ""
    etree.strip_elements(root, *_SKIPPED, with_tail=False)
    lines = (
        " ".join("".join(element.itertext()).split())
        for element in root.iter(*_BLOCKS)
        if not any(ancestor.tag in _BLOCKS for ancestor in element.iterancestors())
    )
    return "\n".join(line for line in lines if line)


def _clean(value: object) -> str | None:
    text = " ".join(str(value).split()) if value else ""
    return text or None


def extract_html(html: str, url: str | None = None) -> ExtractedPage:
    """The article text and metadata of `html`; empty text when no article body is found."""
    options = extraction_options()
    document = _extract(html, url, options["main"])
    if document is None or not (document.text or "").strip():
        document = _extract(html, url, options["fallback"]) or document
    text = document.text if document is not None else ""
    if not (text or "").strip():
        text = _block_text(html)  # trafilatura gave up, e.g. on a tree nested deeper than libxml2's limit
    if document is None:
        return ExtractedPage(text=as_paragraphs(text, None), url=url)
    title = _clean(document.title)
    return ExtractedPage(
        text=as_paragraphs(text or "", title),
        title=title,
        author=_clean(document.author),
        date=_clean(document.date),
        sitename=_clean(document.sitename),
        url=_clean(document.url) or url,
    )
