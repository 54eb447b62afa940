"""The store's story index saved beside the database, so a process that starts loads it instead of rebuilding it.

Rebuilding the index from the tables costs, per stored article, an insertion into the HNSW graph, a neighbour
search and about twenty pair similarities: minutes at 100,000 articles. A snapshot is two files next to a SQLite
database `unspin.db`:

- `unspin.db.stories.usearch`: the HNSW graph in usearch's own format, keyed by article id (the key of
  `story_profiles`), so it names articles as the tables do;
- `unspin.db.stories.npz`: the article ids in the index's order, every neighbour pair once with its similarity
  values, the graph file's size and CRC-32 (a damaged graph is never handed to usearch), and the watermark: the
  newest `story_events` id the index reflected when it was written.

Profiles and stories are not in it: they are read from the tables, which stay the truth. A process that starts
loads the snapshot, checks it against the tables (every article it holds is a stored primary, every stored
primary is in it or arrived after the watermark), and replays only the events after the watermark with the same
`catch_up` a running process uses to follow another one. A snapshot that is missing, unreadable or does not agree
is ignored: the index is rebuilt from the tables and saved again. The files are written under temporary names and
renamed into place; two processes saving at once can leave a graph of one beside the lists of the other, which the
key check refuses unless both hold the same articles (when either is right).

PostgreSQL (a server, no file beside it) and in-memory SQLite keep no snapshot unless `Store(story_snapshot=…)`
names a path.
"""

from __future__ import annotations

import logging
import os
import threading
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from unspin.store.models import StoryEvent
from unspin.store.stories import _next_story_id, _profile_rows, catch_up

if TYPE_CHECKING:
    from unspin.stories.ann import HnswVectors
    from unspin.stories.index import StoryIndex

log = logging.getLogger(__name__)
FORMAT = 1  # bump when the files' layout changes: a snapshot of another format is rebuilt
SUFFIX = ".stories"


@dataclass(frozen=True)
class Snapshot:
    """A saved index as read from disk, not yet checked against the tables."""

    watermark: int  # the newest story_events id the index reflected
    ids: np.ndarray  # article ids, in the saved index's numbering
    graph: HnswVectors  # keyed by article id
    pairs: np.ndarray  # (n, 2) article ids: every neighbour pair once
    values: np.ndarray  # (n, len(Similarity fields)): each pair's similarities


def beside(url: str) -> Path | None:
    """Where a store at `url` keeps its snapshot: next to a SQLite file; None for PostgreSQL or memory."""
    parsed = make_url(url)
    database = parsed.database or ""
    if parsed.get_backend_name() != "sqlite" or not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database).expanduser().resolve().with_name(Path(database).name + SUFFIX)


def files(path: Path) -> tuple[Path, Path]:
    """The graph file and the lists file of the snapshot at `path`."""
    return path.with_name(path.name + ".usearch"), path.with_name(path.name + ".npz")


def keyed_index(first_story: int, graph: HnswVectors | None = None) -> StoryIndex:
    """An empty story index whose graph is keyed by article id (each profile's key), so it can be saved."""
    from unspin.stories.ann import HnswVectors, KeyedVectors
    from unspin.stories.index import StoryIndex

    vectors = KeyedVectors(graph or HnswVectors(), lambda number: int(index.profiles[number].key))
    index = StoryIndex(vectors=vectors, first_story=first_story)
    return index


def write(path: Path, index: StoryIndex, watermark: int) -> None:
    """Save `index` (built by `keyed_index`), which reflects every story event up to `watermark`."""
    graph_file, lists_file = files(path)
    ids = np.array([int(profile.key) for profile in index.profiles], dtype=np.int64)
    pairs, values = index.edges.pairs()
    temporary = f".{os.getpid()}.{threading.get_ident()}.tmp"
    graph_temporary, lists_temporary = (part.with_name(part.name + temporary) for part in (graph_file, lists_file))
    try:
        index.vectors.graph.save(graph_temporary)
        graph_check = _checksum(graph_temporary)
        with open(lists_temporary, "wb") as out:
            np.savez(out, format=FORMAT, watermark=watermark, ids=ids, pairs=ids[pairs], values=values, graph=graph_check)
        os.replace(graph_temporary, graph_file)
        os.replace(lists_temporary, lists_file)
    finally:
        graph_temporary.unlink(missing_ok=True)
        lists_temporary.unlink(missing_ok=True)


def read(path: Path) -> Snapshot | None:
    """The snapshot at `path`; None when there is none, `ValueError` when its files are broken or disagree."""
    from unspin.stories.ann import HnswVectors

    graph_file, lists_file = files(path)
    if not graph_file.exists() or not lists_file.exists():
        return None
    try:
        with np.load(lists_file, allow_pickle=False) as saved:
            if int(saved["format"]) != FORMAT:
                raise ValueError(f"{lists_file}: format {int(saved['format'])}, not {FORMAT}")
            watermark, ids, pairs, values = int(saved["watermark"]), saved["ids"], saved["pairs"], saved["values"]
            graph_check = saved["graph"]
    except (OSError, KeyError, EOFError, zipfile.BadZipFile) as exc:
        raise ValueError(f"{lists_file}: unreadable ({exc})") from None
    if not np.array_equal(_checksum(graph_file), graph_check):  # before usearch parses a damaged file
        raise ValueError(f"{graph_file} is not the graph {lists_file} was saved with")
    graph = HnswVectors.load(graph_file)
    if not np.array_equal(np.sort(graph.keys()), np.sort(ids)):
        raise ValueError(f"{graph_file} holds other articles than {lists_file}")
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
    from unspin.stories.stored import decode

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


def _checksum(path: Path) -> np.ndarray:
    """The file's size and CRC-32, read in blocks: whether a graph file is the one its lists were saved with."""
    crc = 0
    with open(path, "rb") as data:
        while block := data.read(1 << 24):
            crc = zlib.crc32(block, crc)
    return np.array([path.stat().st_size, crc], dtype=np.int64)


def _numbered(ids: np.ndarray, pairs: np.ndarray) -> np.ndarray | None:
    """`pairs` of article ids as the numbers `ids` gives them (id `ids[i]` is number i); None if one is not there."""
    order = np.argsort(ids)
    found = np.clip(np.searchsorted(ids, pairs, sorter=order), 0, max(len(ids) - 1, 0))
    numbers = order[found] if len(ids) else found
    if len(pairs) and not np.array_equal(ids[numbers], pairs):
        return None
    return numbers.reshape(-1, 2)
