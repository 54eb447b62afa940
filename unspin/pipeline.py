"""The one pipeline: ingest -> clean -> detect -> edit (ledger) -> report.

Every entry point (Python API, CLI, web) calls `neutralize` or `run_batch`, so
an article is processed the same way wherever it comes from.
"""

from __future__ import annotations

from typing import Iterable, Iterator, Sequence

from unspin import __version__
from unspin.clean import clean_article
from unspin.detect import detect_spans
from unspin.edit.grammar import agree_articles
from unspin.edit.ledger import Edit, apply_edits, check_edits
from unspin.edit.policy import load_strength, plan_edits
from unspin.edit.protect import Range, quotation_ranges
from unspin.ingest import Article, IngestError, read_articles, sniff_kind
from unspin.report import Report


class PipelineError(ValueError):
    """An article that was read but cannot be turned into a report."""


def as_article(item: str | Article, source: str = "<string>") -> Article:
    """Accept a ready `Article`, or a string that is sniffed as HTML or text."""
    if isinstance(item, Article):
        return item
    if sniff_kind(item) == "html":
        return Article(source=source, html=item)
    return Article(source=source, text=item)


def neutralize(
    item: str | Article,
    *,
    strength: str = "standard",
    source: str = "<string>",
    detect: bool = True,
    thorough: bool = False,
    flags: bool = True,
) -> Report:
    """Clean one article and, unless `detect` is False, cut and neutralize loaded language.

    `thorough` runs the sentence encoder on every sentence instead of only the suspicious ones;
    `flags` False leaves out the loaded words that are only marked (`flag` edits), not changed.
    """
    load_strength(strength)  # fail on a bad strength before any work
    article = as_article(item, source)
    cleaned = clean_article(article)
    skip = [(edit.start, edit.end) for edit in cleaned.boilerplate]
    content_edits = []
    if detect:
        content_edits = loaded_language_edits(cleaned.original, skip, strength, thorough, flags)
        content_edits = agree_articles(cleaned.original, content_edits, skip=skip)  # "an [...] situation" -> "a"
    edits = check_edits(cleaned.original, [*cleaned.boilerplate, *content_edits])
    text = apply_edits(cleaned.original, edits)
    if not text.strip():
        raise PipelineError("no article text left after cleaning")
    return Report(
        source=article.source,
        title=cleaned.title,
        url=cleaned.url,
        outlet=cleaned.outlet,
        published=cleaned.published,
        author=cleaned.author,
        original=cleaned.original,
        text=text,
        edits=edits,
        strength=strength,
        version=__version__,
    )


def loaded_language_edits(
    text: str, skip: Sequence[Range] = (), strength: str = "standard", thorough: bool = False, flags: bool = True
) -> list[Edit]:
    """Cuts, modifications and flags for `text`, never inside `skip` or a direct quotation.

    Quotations are kept from the detector as well as from the editor: nothing in them can be
    edited, so no model time is spent on them.
    """
    quotes = quotation_ranges(text)
    spans = detect_spans(text, skip=[*skip, *quotes], strength=strength, thorough=thorough)
    return plan_edits(text, spans, strength=strength, skip=skip, quotes=quotes, flags=flags)


def run_batch(
    paths: Iterable[str],
    *,
    strength: str = "standard",
    detect: bool = True,
    thorough: bool = False,
    flags: bool = True,
    max_bytes: int | None = None,
) -> Iterator[Report | IngestError]:
    """Reports for every article under `paths`; a bad input yields an error and the batch goes on.

    `max_bytes` (None: no limit) refuses an input, or a JSONL line's text, larger than that, as an error.
    """
    for item in read_articles(paths, max_bytes=max_bytes):
        if isinstance(item, IngestError):
            yield item
            continue
        try:
            yield neutralize(item, strength=strength, detect=detect, thorough=thorough, flags=flags)
        except (PipelineError, ValueError) as exc:
            yield IngestError(item.source, str(exc))
