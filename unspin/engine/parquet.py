"""The Parquet form of a batch: one row per input article, written atomically.

Both engines write partitions through `write_partition`, so `--engine local` and `--engine dask`
give the same files. A row holds what a report holds, flat enough for a query engine:

- `id`: the article's content hash (`unspin.store.content_hash`: SHA-256 of its kind and body), the
  key `unspin store load` upserts by; `source` and the metadata fields (`METADATA_FIELDS`, as
  cleaning found them); `kind` ("text" or "html") and `body`, the input exactly as read, left empty
  (null) when it equals `original`, so a plain-text article is not stored twice;
- `original`, `text`, `edits` (the ledger as a JSON array of `Edit` records), `strength`, `version`;
- one count per edit kind (`boilerplate`, `cut`, `modify`, `add`, `flag`);
- `error`: null for a report. An input that could not be read or neutralized is a row too, with
  its `source` and the one-line error, and every report column null: a partition's file is then
  the whole account of its input rows, written in one atomic step.

A file is written under a temporary name in the output folder and renamed over its final name
(`os.replace`), so a final name always holds a whole partition, whatever was killed when.
The partition's key is kept in the file's schema metadata, so a file written just before a
crash can be recognised without the manifest.
"""

from __future__ import annotations

import hashlib
import json
import os
import uuid
from collections.abc import Iterable
from pathlib import Path

from unspin.edit.ledger import EditKind
from unspin.ingest import METADATA_FIELDS, Article, IngestError
from unspin.report import Report
from unspin.store.records import article_body, content_hash

KEY_METADATA = b"unspin.partition"
TEMPORARY = ".tmp-"  # prefix of a partition being written
COUNTS = tuple(kind.value for kind in EditKind)


def schema():  # type: ignore[no-untyped-def]
    """The row type of every partition file."""
    import pyarrow as pa

    strings = ["id", "source", *METADATA_FIELDS, "kind", "body", "original", "text", "edits", "strength", "version"]
    return pa.schema(
        [pa.field(name, pa.string(), nullable=name != "source") for name in strings]
        + [pa.field(name, pa.int32()) for name in COUNTS]
        + [pa.field("error", pa.string())]
    )


def row(result: tuple[Article, Report] | IngestError) -> dict:
    """One article's row (see the module): a report with the article it came from, or an error."""
    if isinstance(result, IngestError):
        return {"source": result.source, "error": result.message}
    article, report = result
    kind, body = article_body(article)
    return {
        "id": content_hash(article),
        "source": report.source,
        **{name: getattr(report, name) for name in METADATA_FIELDS},
        "kind": kind,
        "body": None if body == report.original else body,
        "original": report.original,
        "text": report.text,
        "edits": json.dumps([edit.model_dump(mode="json") for edit in report.edits], ensure_ascii=False),
        "strength": report.strength,
        "version": report.version,
        **{kind.value: report.count(kind) for kind in EditKind},
        "error": None,
    }


def write_partition(results: Iterable[tuple[Article, Report] | IngestError], path: Path, key: str) -> dict:
    """Write the rows to `path` atomically; the manifest's facts about it (rows, errors, bytes, SHA-256)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = [row(result) for result in results]
    table = pa.Table.from_pylist(rows, schema=schema().with_metadata({KEY_METADATA: key.encode()}))
    temporary = path.with_name(f"{TEMPORARY}{path.name}.{uuid.uuid4().hex}")
    try:
        pq.write_table(table, temporary, compression="zstd")
        with open(temporary, "rb+") as handle:
            os.fsync(handle.fileno())  # the bytes are on disk before the name says the partition is done
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    errors = sum(1 for item in rows if item["error"] is not None)
    return {"articles": len(rows) - errors, "errors": errors, "bytes": path.stat().st_size, "sha256": file_hash(path)}


def file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def written_key(path: Path) -> str | None:
    """The partition key a finished file was written for (None if it is not one of ours)."""
    import pyarrow.parquet as pq

    try:
        metadata = pq.read_schema(path).metadata or {}
    except (OSError, ValueError):
        return None
    key = metadata.get(KEY_METADATA)
    return key.decode() if key else None


def count_rows(path: Path) -> tuple[int, int]:
    """(articles, errors) in a finished file."""
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    errors = pq.read_table(path, columns=["error"]).column("error")
    failed = int(pc.sum(pc.is_valid(errors)).as_py() or 0)
    return len(errors) - failed, failed


def report_from_row(row: dict) -> Report:
    """The report a row holds: the one reader of the row schema above (profiles on the workers, `unspin store load`)."""
    return Report(
        source=row["source"],
        **{name: row[name] for name in METADATA_FIELDS},
        original=row["original"],
        text=row["text"],
        edits=json.loads(row["edits"]),
        strength=row["strength"],
        version=row["version"],
    )
