"""The store's story index saved beside the database, so a process that starts loads it instead of rebuilding it.

Rebuilding the index from the tables costs, per stored article, an insertion into the HNSW graph, a neighbour
search and about twenty pair similarities: minutes at 100,000 articles. A snapshot is one file next to a SQLite
database `unspin.db`, `unspin.db.stories.npz`, holding:

- the HNSW graph in usearch's own format, keyed by article id (the key of `story_profiles`), so it names articles
  as the tables do, with its CRC-32 (a damaged graph is never handed to usearch);
- the article ids in the index's order and every neighbour pair once with its similarity values;
- the watermark: the newest `story_events` id the index reflected when it was taken.

Profiles and stories are not in it: they are read from the tables, which stay the truth. A process that starts
loads the snapshot, checks it against the tables (every article it holds is a stored primary, every stored
primary is in it or arrived after the watermark), and replays only the events after the watermark with the same
`catch_up` a running process uses to follow another one. A snapshot that is missing, unreadable or does not agree
is ignored: the index is rebuilt from the tables and saved again.

Saving is two steps, so that it never holds up an assignment for long: `capture`, under the assignment lock right
after a commit, copies the graph at memory speed and takes the neighbour pairs as they stand (they are only ever
added to); `write`, on another thread while assignments go on, makes the arrays and writes the file under a
temporary name, then renames it over the old one. A process killed while writing leaves the old snapshot whole
(its temporary file is removed by the next write); two processes saving at once each leave a whole snapshot, the
last one renamed.

PostgreSQL (a server, no file beside it) and in-memory SQLite keep no snapshot unless `Store(story_snapshot=…)`
names a path.
"""

from __future__ import annotations

import logging
import math
import os
import threading
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from unspin.store.models import StoryEvent
from unspin.store.stories import _next_story_id, _profile_rows, catch_up

if TYPE_CHECKING:
    from unspin.stories.ann import HnswVectors
    from unspin.stories.index import StoryIndex
    from unspin.stories.neighbours import FrozenPairs
    from unspin.stories.profile import Profile

log = logging.getLogger(__name__)
FORMAT = 2  # bump when the file's layout changes: a snapshot of another format is rebuilt (1: graph in a file of its own)
SUFFIX = ".stories"
BLOCK_BYTES = 1 << 22  # the graph is written 4 MiB at a time
BLOCK_ROWS = 1 << 17  # and the neighbour pairs this many packed rows at a time


@dataclass(frozen=True)
class Snapshot:
    """A saved index as read from disk, not yet checked against the tables."""

    watermark: int  # the newest story_events id the index reflected
    ids: np.ndarray  # article ids, in the saved index's numbering
    graph: HnswVectors  # keyed by article id
    pairs: np.ndarray  # (n, 2) article ids: every neighbour pair once
    values: np.ndarray  # (n, len(Similarity fields)): each pair's similarities


@dataclass(frozen=True)
class Captured:
    """An index as it stood when `capture` took it: what `write` saves, however the index has grown since."""

    watermark: int
    profiles: list[Profile]  # the indexed articles, in the index's numbering
    graph: bytearray  # the HNSW graph as usearch saves it
    pairs: FrozenPairs


def beside(url: str) -> Path | None:
    """Where a store at `url` keeps its snapshot: next to a SQLite file; None for PostgreSQL or memory."""
    parsed = make_url(url)
    database = parsed.database or ""
    if parsed.get_backend_name() != "sqlite" or not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database).expanduser().resolve().with_name(Path(database).name + SUFFIX)


def location(path: Path) -> Path:
    """The file of the snapshot at `path`."""
    return path.with_name(path.name + ".npz")


def keyed_index(first_story: int, graph: HnswVectors | None = None) -> StoryIndex:
    """An empty story index whose graph is keyed by article id (each profile's key), so it can be saved."""
    from unspin.stories.ann import HnswVectors, KeyedVectors
    from unspin.stories.index import StoryIndex

    vectors = KeyedVectors(graph or HnswVectors(), lambda number: int(index.profiles[number].key))
    index = StoryIndex(vectors=vectors, first_story=first_story)
    return index


def capture(index: StoryIndex, watermark: int) -> Captured:
    """`index` (built by `keyed_index`) as it stands, reflecting every story event up to `watermark`: a copy of its
    graph and references to what only grows, so the caller may go on assigning while `write` saves it."""
    return Captured(watermark, index.profiles[: len(index)], index.vectors.graph.to_bytes(), index.edges.frozen())


def write(path: Path, captured: Captured) -> None:
    """Save a captured index at `path`: under a temporary name, flushed to disk, then renamed over the old snapshot.

    The file is what `np.savez` would write, but written block by block (`_npz`): the thread that writes it while
    assignments go on holds the interpreter lock a few milliseconds at a time, not for the copy of a 100 MB array."""
    from unspin.stories.neighbours import VALUES

    target = location(path)
    ids = np.fromiter((int(profile.key) for profile in captured.profiles), dtype=np.int64, count=len(captured.profiles))
    graph, count = memoryview(captured.graph).cast("B"), captured.pairs.count()
    members = {
        "format": np.int64(FORMAT),
        "watermark": np.int64(captured.watermark),
        "ids": ids,
        "pairs": _Blocks((count, 2), np.int64, (ids[pairs] for pairs, _ in captured.pairs.blocks(BLOCK_ROWS))),
        "values": _Blocks((count, VALUES), np.float64, (values for _, values in captured.pairs.blocks(BLOCK_ROWS))),
        "graph": _Blocks((len(graph),), np.uint8, (graph[at : at + BLOCK_BYTES] for at in range(0, len(graph), BLOCK_BYTES))),
        "graph_crc": np.int64(zlib.crc32(graph)),
    }
    _remove_abandoned(target)
    temporary = target.with_name(f"{target.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        with open(temporary, "wb") as out:
            _npz(out, members)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)
    path.with_name(path.name + ".usearch").unlink(missing_ok=True)  # the graph file of a format-1 snapshot


def read(path: Path) -> Snapshot | None:
    """The snapshot at `path`; None when there is none, `ValueError` when its file is broken or disagrees with itself."""
    from unspin.stories.ann import HnswVectors

    target = location(path)
    if not target.exists():
        return None
    try:
        with np.load(target, allow_pickle=False) as saved:
            if int(saved["format"]) != FORMAT:
                raise ValueError(f"format {int(saved['format'])}, not {FORMAT}")
            watermark, ids, pairs, values = int(saved["watermark"]), saved["ids"], saved["pairs"], saved["values"]
            graph_bytes, graph_crc = saved["graph"], int(saved["graph_crc"])
    except (OSError, KeyError, EOFError, ValueError, zipfile.BadZipFile) as exc:
        raise ValueError(f"{target}: unreadable ({exc})") from None
    if zlib.crc32(graph_bytes) != graph_crc:  # before usearch parses a damaged graph
        raise ValueError(f"{target}: the graph is not the one it was saved with")
    graph = HnswVectors.load(memoryview(graph_bytes))
    if not np.array_equal(np.sort(graph.keys()), np.sort(ids)):
        raise ValueError(f"{target}: the graph holds other articles than the lists")
    return Snapshot(watermark, ids, graph, pairs, values)


def load(session: Session, path: Path) -> StoryIndex | None:
    """The index saved at `path`, brought up to date with the tables; None when there is none that agrees with them."""
    try:
        snapshot = read(path)
    except ValueError as exc:
        log.warning("the saved story index is rebuilt from the tables: %s", exc)
        return None
    if snapshot is None:
        return None
    index = restore(session, snapshot)
    if index is None:
        log.warning("the saved story index %s does not match the tables: rebuilt from them", path)
    return index


def restore(session: Session, snapshot: Snapshot) -> StoryIndex | None:
    """The snapshot's articles with their profiles and current stories from the tables, then every arrival after the
    watermark replayed; None when the snapshot holds an article the tables do not, or misses one they had by then."""
    from unspin.stories.neighbours import NeighbourLists
    from unspin.stories.stored import current, decode

    if snapshot.watermark > (session.scalar(select(func.max(StoryEvent.id))) or 0):
        return None  # saved from a database that has since lost events (a restored backup, another file)
    later = set(
        session.scalars(
            select(StoryEvent.article_id).where(StoryEvent.id > snapshot.watermark, StoryEvent.kind.in_(("new", "join")))
        )
    )
    rows = [row for row in session.execute(_profile_rows()) if row.article_id not in later]
    primaries = {row.article_id: row for row in rows if row.duplicate_of is None}
    if len(primaries) != len(snapshot.ids) or not all(int(key) in primaries for key in snapshot.ids):
        return None
    ordered = [primaries[int(key)] for key in snapshot.ids]
    if not all(current(row.data) for row in rows):
        return None  # a profile another version wrote: built from the tables, which makes it again
    index = keyed_index(_next_story_id(session), snapshot.graph)
    index.vectors.adopt(snapshot.ids)
    pairs = _numbered(snapshot.ids, snapshot.pairs)
    if pairs is None or len(pairs) != len(snapshot.values):
        return None
    edges = NeighbourLists.packed(len(ordered), pairs, snapshot.values)
    items = [decode(str(row.article_id), row.vector, row.shingles, row.data) for row in ordered]
    if items and not np.array_equal(snapshot.graph.vectors(snapshot.ids), np.stack([item.vector for item in items])):
        return None  # the same ids, other articles: a snapshot of another database
    index.restore(items, [row.story_id for row in ordered], edges)
    for row in rows:
        if row.duplicate_of is not None:
            index.duplicates[str(row.duplicate_of)].append(str(row.article_id))
    return index if catch_up(session, index, snapshot.watermark) else None


@dataclass(frozen=True)
class _Blocks:
    """An array to write as the blocks that make it up, in order."""

    shape: tuple[int, ...]
    dtype: type
    blocks: Iterable[np.ndarray | memoryview]


def _npz(out: BinaryIO, members: dict[str, np.ndarray | np.generic | _Blocks]) -> None:
    """Write `members` as `np.savez` does (a zip of .npy files, stored, zip64), each block as it comes."""
    with zipfile.ZipFile(out, mode="w", compression=zipfile.ZIP_STORED, allowZip64=True) as archive:
        for name, member in members.items():
            array = member if isinstance(member, _Blocks) else _whole(np.asarray(member))
            header = {"descr": np.dtype(array.dtype).str, "fortran_order": False, "shape": array.shape}
            with archive.open(f"{name}.npy", mode="w", force_zip64=True) as stream:
                np.lib.format.write_array_header_1_0(stream, header)
                written = sum(stream.write(_bytes(block, array.dtype)) for block in array.blocks if np.size(block))
            if written != math.prod(array.shape) * np.dtype(array.dtype).itemsize:
                raise ValueError(f"{name}: {written} bytes written for an array of shape {array.shape}")


def _bytes(block: np.ndarray | memoryview, dtype: type) -> memoryview:
    """A block's bytes without a copy (a block of no rows is skipped: it has none)."""
    return memoryview(np.ascontiguousarray(block, dtype=dtype)).cast("B")


def _whole(array: np.ndarray) -> _Blocks:
    return _Blocks(array.shape, array.dtype.type, [array])


def _remove_abandoned(target: Path) -> None:
    """Delete the temporary files of writers that died before renaming theirs (each as large as a snapshot)."""
    for temporary in target.parent.glob(f"{target.name}.*.tmp"):
        writer = temporary.name[len(target.name) + 1 :].split(".")[0]
        if writer.isdigit() and not _running(int(writer)):
            temporary.unlink(missing_ok=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def _numbered(ids: np.ndarray, pairs: np.ndarray) -> np.ndarray | None:
    """`pairs` of article ids as the numbers `ids` gives them (id `ids[i]` is number i); None if one is not there."""
    order = np.argsort(ids)
    found = np.clip(np.searchsorted(ids, pairs, sorter=order), 0, max(len(ids) - 1, 0))
    numbers = order[found] if len(ids) else found
    if len(pairs) and not np.array_equal(ids[numbers], pairs):
        return None
    return numbers.reshape(-1, 2)
