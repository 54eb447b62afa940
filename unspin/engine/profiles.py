"""Story profiles as Parquet: computed on the workers, read back shard by shard.

A profile (`unspin.stories.profile.Profile`) costs a sentence embedding and a spaCy pass: the
expensive part of grouping, so the workers compute it, one neutralized partition at a time
(`profile_partition`), beside the partition it was made from (`profiles/part-00000.parquet` for
`part-00000.parquet`). A row keeps what cannot be recomputed cheaply — the lead embedding, the
entity words and numbers, the text's fingerprint and shingles — and the headline and lead, from
which the TF-IDF vectors are rebuilt with the shipped document frequencies when the row is read
(`from_table`). `position` is the article's place in the input (partition, then row): the order
the single-process stream would see it in. Files are written under a temporary name and renamed,
and carry the SHA-256 of the partition they were made from, so a rerun skips the finished ones.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from unspin.engine.parquet import report_from_row
from unspin.report import Report
from unspin.stories.profile import Draft, Profile

FOLDER = "profiles"
SOURCE_METADATA = b"unspin.profiles.source"  # SHA-256 of the neutralized partition a profile file was made from
FORMAT_METADATA = b"unspin.profiles.format"  # `stories.stored.FORMAT` of its rows: another encoder's vectors are not reused
POSITION_STRIDE = 1 << 32  # position = partition index * stride + row: input order across partitions


def schema():  # type: ignore[no-untyped-def]
    """The row type of every profile file."""
    import pyarrow as pa

    from unspin.stories.embed import DIMENSIONS

    return pa.schema(
        [
            pa.field("key", pa.string(), nullable=False),
            pa.field("position", pa.int64(), nullable=False),
            pa.field("headline", pa.string()),
            pa.field("lead", pa.string()),
            pa.field("published", pa.date32()),
            pa.field("outlet", pa.string()),
            pa.field("fingerprint", pa.string()),
            pa.field("vector", pa.list_(pa.float32(), DIMENSIONS)),
            pa.field("names", pa.list_(pa.string())),
            pa.field("numbers", pa.list_(pa.string())),
            pa.field("shingles", pa.list_(pa.uint64())),
        ]
    )


def draft_of(report: Report) -> Draft:
    """What a profile needs from a report, keyed by its source: the same draft the store profiles from, so a
    sharded run and a stored article agree on every field."""
    from unspin.stories import stored

    return stored.draft_of(report, key=report.source)


def profile_table(drafts: Sequence[Draft], positions: Sequence[int]):  # type: ignore[no-untyped-def]
    """Profiles of `drafts` (embedding and entities computed here) as a table of `schema()` rows."""
    import pyarrow as pa

    from unspin.stories.entities import mentions
    from unspin.stories.profile import profiles

    built = profiles(drafts)
    found = mentions([d.lead for d in drafts])  # memoised: the spaCy pass `profiles` just made
    rows = [
        {
            "key": profile.key,
            "position": position,
            "headline": profile.headline,
            "lead": profile.lead,
            "published": profile.published,
            "outlet": profile.outlet,
            "fingerprint": profile.fingerprint,
            "vector": profile.vector.tolist(),
            "names": list(mention.names),
            "numbers": sorted(mention.numbers),
            "shingles": profile.shingles.tolist(),
        }
        for profile, mention, position in zip(built, found, positions)
    ]
    return pa.Table.from_pylist(rows, schema=schema())


def from_table(table) -> list[tuple[int, Profile]]:  # type: ignore[no-untyped-def]
    """(position, Profile) for every row; TF-IDF rebuilt from the headline, lead and entity words."""
    from unspin.stories.text import content_words
    from unspin.stories.vectors import shipped_idf, tfidf

    idf = shipped_idf()
    result = []
    for row in table.to_pylist():
        result.append(
            (
                row["position"],
                Profile(
                    key=row["key"],
                    headline=row["headline"],
                    lead=row["lead"],
                    vector=np.asarray(row["vector"], dtype=np.float32),
                    words=tfidf(content_words(row["lead"]), idf),
                    title_words=tfidf(content_words(row["headline"]), idf),
                    names=tfidf(row["names"], idf),
                    numbers=frozenset(row["numbers"]),
                    published=row["published"],
                    outlet=row["outlet"],
                    fingerprint=row["fingerprint"],
                    shingles=np.asarray(row["shingles"], dtype=np.uint64),
                ),
            )
        )
    return result


def profile_partition(source: str, target: str, partition: int, source_hash: str) -> dict:
    """Profile the reports of one neutralized partition file into `target` (atomically); what it holds.

    Error rows have no report and no profile. Returns the rows written and their date range, which
    is all the client needs to plan the shards.
    """
    import pyarrow.parquet as pq

    from unspin.stories.stored import FORMAT

    path = Path(target)
    if path.exists() and _made_from(path) == (source_hash, str(FORMAT)):
        return _describe(pq.read_table(path, columns=["published"]), path)
    rows = pq.read_table(source).to_pylist()
    numbered = [(number, row) for number, row in enumerate(rows) if row["error"] is None]
    drafts = [draft_of(report_from_row(row)) for _, row in numbered]
    return write_profiles(drafts, [partition * POSITION_STRIDE + number for number, _ in numbered], target, source_hash)


def write_profiles(drafts: Sequence[Draft], positions: Sequence[int], target: str, source_hash: str = "") -> dict:
    """Profile `drafts` here (on a worker) into the file `target`; its rows and date range (see `profile_partition`)."""
    from unspin.stories.stored import FORMAT

    metadata = {SOURCE_METADATA: source_hash.encode(), FORMAT_METADATA: str(FORMAT).encode()}
    table = profile_table(drafts, positions).replace_schema_metadata(metadata)
    write_atomically(table, Path(target))
    return _describe(table, Path(target))


def _describe(table, path: Path) -> dict:  # type: ignore[no-untyped-def]
    days = [day for day in table.column("published").to_pylist() if day is not None]
    return {"file": path.name, "rows": table.num_rows, "undated": table.num_rows - len(days),
            "first": min(days, default=None), "last": max(days, default=None)}  # fmt: skip


def read_window(files: Sequence[str], bounds) -> list[tuple[int, Profile]]:  # type: ignore[no-untyped-def]
    """The profiles of `files` dated within `bounds` (first, last; both included) and the undated ones (all with None)."""
    import pyarrow.compute as pc
    import pyarrow.dataset as ds

    dataset = ds.dataset(list(files), format="parquet", schema=schema())
    published = pc.field("published")
    where = published.is_null()
    if bounds is not None:
        where = where | ((published >= pc.scalar(bounds[0])) & (published <= pc.scalar(bounds[1])))
    return from_table(dataset.to_table(filter=where))


def _made_from(path: Path) -> tuple[str, str] | None:
    """The source hash and profile format a finished file was written with; None when unreadable.

    Both must match for a rerun to skip the partition: a file of the same source profiled in an
    older format holds another encoder's lead vectors, which the index must not mix with new ones.
    """
    import pyarrow.parquet as pq

    try:
        metadata = pq.read_schema(path).metadata or {}
    except (OSError, ValueError):
        return None
    source, made = metadata.get(SOURCE_METADATA), metadata.get(FORMAT_METADATA)
    return (source.decode(), made.decode()) if source and made else None


def write_atomically(table, path: Path) -> None:  # type: ignore[no-untyped-def]
    """A table under `path`, whole or not at all (temporary name, then rename), as the partitions are written."""
    import pyarrow.parquet as pq

    temporary = path.with_name(f".tmp-{path.name}.{uuid.uuid4().hex}")
    try:
        pq.write_table(table, temporary, compression="zstd")
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
