"""The one pipeline: ingest -> clean -> detect -> edit (ledger) -> report.

Every entry point (Python API, CLI, web, the store, stories, eval) describes what it
wants as one `Options` value and calls `neutralize` for one article or `run` for a
batch, so an article is processed the same way wherever it comes from.

    options = Options(strength="strong", thorough=True)
    for result in run(read(["feeds/"], options), options):
        ...  # a Report, or an IngestError naming a bad input; the batch goes on
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TypeVar

from pydantic import BaseModel, ConfigDict, Field, field_validator

from unspin import __version__
from unspin.clean import clean_article
from unspin.detect import detect_spans
from unspin.edit.grammar import agree_articles
from unspin.edit.ledger import Edit, apply_edits, check_edits
from unspin.edit.policy import plan_edits
from unspin.edit.protect import Range, quotation_ranges
from unspin.edit.punctuation import collapse_commas
from unspin.ingest import METADATA_FIELDS, Article, IngestError, read_articles, sniff_kind
from unspin.report import Report
from unspin.settings import StrengthName, strength_name

T = TypeVar("T")


class PipelineError(ValueError):
    """An article that was read but cannot be turned into a report."""


class Options(BaseModel):
    """How to process articles: one value every entry point builds once and hands to the pipeline."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    strength: StrengthName = StrengthName.standard  # a table of unspin/data/strength.toml
    detect: bool = True  # False: remove web furniture only, no loaded-language edits (`unspin clean`)
    thorough: bool = False  # the sentence encoder reads every sentence, not only the suspicious ones
    flags: bool = True  # False: leave out loaded words that are only marked (`flag` edits), not changed
    fill_from_story: bool = False  # a batch's reports get what other outlets of their story reported
    max_bytes: int | None = Field(None, ge=1)  # refuse a larger input or JSONL line's text (None: no limit)

    @field_validator("strength", mode="before")
    @classmethod
    def _known_strength(cls, value: object) -> StrengthName:
        return strength_name(value)  # type: ignore[arg-type]  # the one error message naming the choices


DEFAULT = Options()


def as_article(item: str | Article, source: str = "<string>") -> Article:
    """Accept a ready `Article`, or a string that is sniffed as HTML or text."""
    if isinstance(item, Article):
        return item
    if sniff_kind(item) == "html":
        return Article(source=source, html=item)
    return Article(source=source, text=item)


def neutralize(item: str | Article, options: Options = DEFAULT, *, source: str = "<string>") -> Report:
    """Clean one article and, when `options.detect`, cut, neutralize and flag loaded language."""
    article = as_article(item, source)
    cleaned = clean_article(article)
    skip = [(edit.start, edit.end) for edit in cleaned.boilerplate]
    content_edits = []
    if options.detect:
        content_edits = loaded_language_edits(cleaned.original, skip, options)
        content_edits = agree_articles(cleaned.original, content_edits, skip=skip)  # "an [...] situation" -> "a"
        content_edits = collapse_commas(cleaned.original, content_edits, skip=skip)  # "plan, [...], would" -> "plan [...] would"
    edits = check_edits(cleaned.original, [*cleaned.boilerplate, *content_edits])
    text = apply_edits(cleaned.original, edits)
    if not text.strip():
        raise PipelineError("no article text left after cleaning")
    return Report(
        source=article.source,
        **{name: getattr(cleaned, name) for name in METADATA_FIELDS},
        fetch=article.fetch,
        original=cleaned.original,
        text=text,
        edits=edits,
        strength=options.strength.value,
        version=__version__,
    )


def loaded_language_edits(text: str, skip: Sequence[Range] = (), options: Options = DEFAULT) -> list[Edit]:
    """Cuts, modifications and flags for `text`, never inside `skip` or a direct quotation.

    Quotations are kept from the detector as well as from the editor: nothing in them can be
    edited, so no model time is spent on them.
    """
    quotes = quotation_ranges(text)
    strength = options.strength.value
    spans = detect_spans(text, skip=[*skip, *quotes], strength=strength, thorough=options.thorough)
    return plan_edits(text, spans, strength=strength, skip=skip, quotes=quotes, flags=options.flags)


def read(paths: Iterable[str], options: Options = DEFAULT) -> Iterator[Article | IngestError]:
    """Every article in files, directories (recursively), JSONL feeds and `-` (stdin), in order;
    an input that cannot be read, or is over `options.max_bytes`, is an `IngestError`."""
    return read_articles(paths, max_bytes=options.max_bytes)


def run(
    items: Iterable[Article | IngestError],
    options: Options = DEFAULT,
    *,
    step: Callable[[Article, Options], T] | None = None,
    contain: bool = False,
) -> Iterator[T | Report | IngestError]:
    """The result of every item, in order; a bad item is an `IngestError` and the batch goes on.

    An `IngestError` among `items` (an input a reader refused) is passed through in its place.
    `step` does the work for one article (default: `neutralize` it; the store's intake looks the
    article up first and saves what it makes); a `ValueError` it raises — no text left after
    cleaning, an article the store cannot keep — becomes an `IngestError` naming the article.
    `contain` turns any other exception of one article into an error too, so nothing ends the run.
    With `options.fill_from_story`, reports come out only when the batch is read, each with what
    the other articles of its story reported (errors still come out as they happen).
    """
    results = _each(items, options, step or _neutralize, contain)
    if options.fill_from_story:
        results = _filled(results)
    yield from results


def _neutralize(article: Article, options: Options) -> Report:
    return neutralize(article, options=options)


def _each(
    items: Iterable[Article | IngestError], options: Options, step: Callable[[Article, Options], T], contain: bool
) -> Iterator[T | IngestError]:
    for item in items:
        if isinstance(item, IngestError):
            yield item
            continue
        try:
            yield step(item, options)
        except ValueError as exc:  # PipelineError, a store's UnstorableArticle, a bad strength
            yield IngestError(item.source, str(exc))
        except Exception as exc:
            if not contain:
                raise
            yield IngestError(item.source, f"could not be processed ({type(exc).__name__}: {exc})")


def _filled(results: Iterator[T | IngestError]) -> Iterator[Report | T | IngestError]:
    """Errors as they come; the reports when the batch is done, filled from their stories."""
    from unspin.stories import fill_batch

    reports = []
    for result in results:
        if isinstance(result, Report):
            reports.append(result)
        else:
            yield result
    if reports:
        yield from fill_batch(reports)
