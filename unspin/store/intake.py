"""Ingest: neutralize an article and keep it, unless the store already holds that exact report.

The check comes first so a re-sent article costs a database read, not a
pipeline run. When two clients send the same new article at once, both run the
pipeline and the store keeps one copy (see `Store.save`).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator

from unspin import __version__
from unspin.ingest import Article, IngestError
from unspin.pipeline import PipelineError, neutralize
from unspin.store.records import StoredArticle, check_storable
from unspin.store.repository import Store

# spaCy pipelines are not documented as thread-safe, and the server runs requests
# on a thread pool. Under the GIL one neutralize at a time costs little throughput.
_PIPELINE = threading.Lock()


def ingest(store: Store, article: Article, *, strength: str = "standard") -> StoredArticle:
    """The stored report for `article`, running the pipeline only when it is not stored yet.

    Raises a `ValueError` (`PipelineError`, `UnstorableArticle`) for an article that has no
    text left after cleaning or that the store cannot keep exactly.
    """
    check_storable(article)
    found = store.find(article, version=__version__, strength=strength)
    if found is not None:
        return found
    with _PIPELINE:
        report = neutralize(article, strength=strength)
    return store.save(article, report)


def ingest_all(store: Store, items: Iterable[Article | IngestError], *,
               strength: str = "standard") -> Iterator[StoredArticle | IngestError]:
    """Ingest every article; a bad one yields an `IngestError` naming it and the rest go on."""
    for item in items:
        if isinstance(item, IngestError):
            yield item
            continue
        try:
            yield ingest(store, item, strength=strength)
        except (PipelineError, ValueError) as exc:
            yield IngestError(item.source, str(exc))
