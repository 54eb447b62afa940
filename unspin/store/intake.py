"""Ingest: neutralize an article and keep it, unless the store already holds that exact report.

The check comes first so a re-sent article costs a database read, not a
pipeline run. When two clients send the same new article at once, both run the
pipeline and the store keeps one copy (see `Store.save`).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from functools import partial

from unspin import __version__
from unspin.ingest import Article, IngestError
from unspin.pipeline import DEFAULT, Options, neutralize, run
from unspin.report import Report
from unspin.store.records import StoredArticle, check_storable
from unspin.store.repository import Store

# spaCy pipelines are not documented as thread-safe, and the server runs requests
# on a thread pool. Under the GIL one neutralize at a time costs little throughput.
_PIPELINE = threading.Lock()
Neutralizer = Callable[[Article, Options], Report]


def neutralize_serially(article: Article, options: Options = DEFAULT) -> Report:
    """`neutralize` in this process, one article at a time (the default step of `ingest`)."""
    with _PIPELINE:
        return neutralize(article, options=options)


def ingest(
    store: Store, article: Article, options: Options = DEFAULT, *, neutralizer: Neutralizer = neutralize_serially
) -> StoredArticle:
    """The stored report for `article`, running the pipeline only when it is not stored yet.

    `neutralizer` makes the report (the server passes its lanes, which may run it in another
    process); the store is written here, in the caller's process, either way.
    Raises a `ValueError` (`PipelineError`, `UnstorableArticle`) for an article that has no
    text left after cleaning or that the store cannot keep exactly.
    """
    check_storable(article)
    found = store.find(article, version=__version__, strength=options.strength.value)
    if found is not None:
        return found
    return store.save(article, neutralizer(article, options))


def ingest_all(
    store: Store,
    items: Iterable[Article | IngestError],
    options: Options = DEFAULT,
    *,
    neutralizer: Neutralizer = neutralize_serially,
) -> Iterator[StoredArticle | IngestError]:
    """Ingest every article (the pipeline's `run`, one article at a time through `ingest`);
    a bad one yields an `IngestError` naming it and the rest go on."""
    return run(items, options, step=partial(ingest, store, neutralizer=neutralizer))
