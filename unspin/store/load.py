"""Load a Parquet output folder (`unspin neutralize --format parquet`) into the store, idempotently.

    from unspin.store import Store
    from unspin.store.load import load_dataset
    summary = load_dataset(Store("postgresql://..."), Path("out"))

Each row goes through `Store.save`, the same upsert every other writer uses: the article once
by content hash (the row's `id`, checked against the hash of the body it rebuilds), its report
once per unspin version and strength. Loading a folder twice, or two overlapping folders, stores
nothing twice. Error rows (inputs that failed) are counted and skipped. Only the partitions the
manifest lists are read, each checked against its SHA-256 first, so a file changed or half
copied since it was written is refused rather than loaded.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from unspin.ingest import METADATA_FIELDS, Article
from unspin.report import Report
from unspin.store.records import content_hash
from unspin.store.repository import Store

BATCH_ROWS = 256  # rows read from Parquet at a time: memory stays flat however large a partition is


class LoadError(ValueError):
    """The folder is not an unspin Parquet output, or a file in it is not what the manifest says."""


@dataclass(frozen=True)
class LoadSummary:
    partitions: int  # read now
    planned: int  # in the batch (more than `partitions` while the batch is not finished)
    created: int  # reports stored now
    existing: int  # reports the store held already
    failed: int  # error rows in the output (inputs that could not be neutralized), skipped
    refused: list[str]  # rows the store cannot keep (e.g. a NUL in the text), one message each

    @property
    def complete(self) -> bool:
        return self.partitions == self.planned


def load_dataset(store: Store, folder: Path, progress: Callable[[int, int], None] | None = None) -> LoadSummary:
    """Store every report of the Parquet output in `folder` (see the module); `progress(done, total)` per partition."""
    from unspin.engine.parquet import file_hash

    manifest = read_manifest(folder)
    entries = manifest["partitions"]
    created = existing = failed = 0
    refused: list[str] = []
    for number, entry in enumerate(entries, start=1):
        path = folder / entry["file"]
        if not path.exists() or file_hash(path) != entry["sha256"]:
            raise LoadError(f"{path}: missing, or changed since the manifest was written")
        for row in _rows(path):
            if row["error"] is not None:
                failed += 1
                continue
            article, report = _article_and_report(row, path)
            if store.find(article, version=report.version, strength=report.strength) is not None:
                existing += 1  # a read, not a write transaction: loading again is cheap
                continue
            try:
                saved = store.save(article, report)
            except ValueError as exc:  # UnstorableArticle
                refused.append(f"{row['source']}: {exc}")
                continue
            created, existing = created + saved.created, existing + (not saved.created)
        if progress:
            progress(number, len(entries))
    return LoadSummary(len(entries), manifest["planned"], created, existing, failed, refused)


def read_manifest(folder: Path) -> dict:
    """The folder's manifest, or a `LoadError` saying why there is none to load."""
    from unspin.engine import manifest as manifests

    try:
        manifest = manifests.load(folder)
    except ValueError as exc:
        raise LoadError(str(exc)) from None
    if manifest is None:
        raise LoadError(f"{folder}: no {manifests.NAME} here (write one with unspin neutralize --format parquet --out)")
    return manifest


def _rows(path: Path) -> Iterator[dict]:
    import pyarrow.parquet as pq

    for batch in pq.ParquetFile(path).iter_batches(batch_size=BATCH_ROWS):
        yield from batch.to_pylist()


def _article_and_report(row: dict, path: Path) -> tuple[Article, Report]:
    """The article as it was read (its body, or the original when they were equal) and its report."""
    metadata = {name: row[name] for name in METADATA_FIELDS}
    body = row["body"] if row["body"] is not None else row["original"]
    article = Article(source=row["source"], **metadata, **{"html" if row["kind"] == "html" else "text": body})
    if content_hash(article) != row["id"]:
        raise LoadError(f"{path}: {row['source']}: the row's id is not the hash of its body")
    from unspin.engine.parquet import report_from_row

    return article, report_from_row(row)
