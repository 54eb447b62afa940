"""Extraction systems scored on the scrapinghub benchmark pages, unspin's two paths included.

Each is a function from (html or text dump, url) to plain text. The third-party
extractors are called as the benchmark's own runner scripts call them
(scrapinghub/article-extraction-benchmark, extractors/run_*.py), so their
scores here are comparable with the benchmark's README.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Extractor:
    name: str
    input: str  # "html" or "dump"
    run: Callable[[str, str | None], str]
    description: str
    timed: bool = True  # False for the uncleaned dump, which does no work to time


def unspin_html(html: str, url: str | None) -> str:
    from unspin.clean import extract_html

    return extract_html(html, url=url).text


def unspin_dump(dump: str, url: str | None) -> str:
    from unspin.clean import find_boilerplate
    from unspin.edit.ledger import apply_edits

    return apply_edits(dump, find_boilerplate(dump))


def raw_dump(dump: str, url: str | None) -> str:
    return dump


def trafilatura_plain(html: str, url: str | None) -> str:
    import trafilatura

    return trafilatura.extract(html, include_comments=False) or ""


def justext_plain(html: str, url: str | None) -> str:
    import justext

    paragraphs = justext.justext(html, justext.get_stoplist("English"), 50, 200, 0.1, 0.2, 0.2, 200, True)
    return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)


def readability_plain(html: str, url: str | None) -> str:
    from inscriptis import get_text
    from readability import Document

    return get_text(Document(html).summary(html_partial=True))


EXTRACTORS = (
    Extractor("unspin (HTML)", "html", unspin_html, "unspin.clean.extract_html(html, url).text"),
    Extractor("unspin (text dump)", "dump", unspin_dump, "text dump cleaned by unspin.clean.find_boilerplate"),
    Extractor("trafilatura", "html", trafilatura_plain, "trafilatura.extract(html, include_comments=False)"),
    Extractor("readability-lxml", "html", readability_plain, "readability Document.summary(), as text"),
    Extractor("jusText", "html", justext_plain, "justext with the benchmark's settings"),
    Extractor("text dump, uncleaned", "dump", raw_dump, "the dump as scraped: every visible line", timed=False),
)
