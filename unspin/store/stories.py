"""Stories in the store: each new article joins a story in the same transaction that stores it.

The store keeps one streaming `StoryIndex` per process (`StoryKeeper`), loaded the first time it is
needed from the snapshot saved beside the store (`story_snapshot`: the graph and neighbour lists, replaying
only the events after it) or, when there is none that agrees with the tables, built from the
`story_profiles` table, so an arrival costs a neighbour search and a small re-clustering, never a pass over
the store. The index is saved again every `SAVE_EVERY` assignments, by a background thread (only copying the graph
holds up an assignment), and when the store is closed. What the index decides is written beside the
article: its profile, its story, the stories a regrouping merged, split or emptied, and a `story_events` row for each
change. The database is the truth; the index only mirrors it:

- Every assignment holds the store's write lock (SQLite's `BEGIN IMMEDIATE`, a PostgreSQL
  advisory lock taken first in the transaction), so two processes never assign at once.
- An index that missed another process's assignments (the newest `story_events` id is not the
  one it last wrote) is rebuilt from the tables before it assigns.
- An error anywhere in the transaction rolls the database back and throws the index away
  (rebuilt on next use), so a half-made story is never kept in either.
- Articles without a profile (stored before migration 0004, or while the stories extra was not
  installed) are profiled and grouped the first time a `Store` object assigns (`backfill`).
- Profiles another version of unspin wrote in another format (`stored.FORMAT`: a field added, another
  embedding model) are made again from the articles' newest reports when the index is built (`reprofile`):
  a saved index or a replay that meets one is not used.
"""

from __future__ import annotations

import logging
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import bindparam, delete, func, insert, select, text, update
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from unspin.store import comparisons
from unspin.store.engine import StoreError
from unspin.store.models import ArticleRow, Story, StoryArticle, StoryEvent, StoryProfile, utcnow

if TYPE_CHECKING:
    from unspin.report import Report
    from unspin.store.story_snapshot import Captured
    from unspin.stories.index import Regrouping, StoryIndex
    from unspin.stories.profile import Profile

log = logging.getLogger(__name__)
ADVISORY_LOCK = 0x756E7370  # "unsp": PostgreSQL's lock for story assignment, held to the end of the transaction
# The story tables as Core tables: an assignment writes them with plain statements, several rows per statement, and
# never through ORM objects (flushes and ORM-enabled updates cost more than the assignment itself).
STORIES, MEMBERS, PROFILES, EVENTS = Story.__table__, StoryArticle.__table__, StoryProfile.__table__, StoryEvent.__table__
SAVE_EVERY = 1000  # assignments between two saves of the index beside the store (a restart replays at most these)
# An assignment's statements, built once: constructing a statement costs more than running it. Executed on the
# session's connection, not through the ORM session (nothing here is an ORM object).
NEWEST_EVENT = select(func.max(EVENTS.c.id))
ADD_PROFILE, ADD_MEMBER, ADD_STORIES = insert(PROFILES), insert(MEMBERS), insert(STORIES)
ADD_EVENTS = insert(EVENTS).returning(EVENTS.c.id)
MOVE_MEMBERS = update(MEMBERS).where(MEMBERS.c.article_id == bindparam("member")).values(story_id=bindparam("story"))
DROP_STORIES = delete(STORIES).where(STORIES.c.id.in_(bindparam("ids", expanding=True)))
REPLACE_PROFILE = (
    update(PROFILES)
    .where(PROFILES.c.article_id == bindparam("article"))
    .values(vector=bindparam("vector"), shingles=bindparam("shingles"), data=bindparam("data"))
)
SET_TITLES = update(STORIES).where(STORIES.c.id == bindparam("story")).values(title=bindparam("headline"))
MEMBER_TITLES = (  # each member of some stories with its headline, and its story's title now
    select(MEMBERS.c.story_id, PROFILES.c.titled, MEMBERS.c.article_id, PROFILES.c.headline, STORIES.c.title)
    .join(PROFILES, PROFILES.c.article_id == MEMBERS.c.article_id)
    .join(STORIES, STORIES.c.id == MEMBERS.c.story_id)
    .where(MEMBERS.c.story_id.in_(bindparam("ids", expanding=True)))
)


class StoryKeeper:
    """The process's story index for one store, and the writes that keep the story tables in step with it."""

    def __init__(self, dialect: str, snapshot: Path | None = None) -> None:
        self.dialect = dialect
        self.snapshot = snapshot  # where the index is saved beside the store (`story_snapshot`); None: never saved
        self._index: StoryIndex | None = None
        self._seen = 0  # the newest story_events id the index reflects
        self._unsaved = 0  # assignments the saved index lacks
        self._lock = threading.RLock()
        self._writer: threading.Thread | None = None  # the snapshot being written in the background
        self.available = True  # False once the stories extra turned out to be missing
        self.backfilled = False

    # -- profiles (outside any transaction: this is the models' work) --------------------------

    def profile(self, report: Report) -> Profile | None:
        """The report's profile, or None when the embedding model or usearch is not installed."""
        if not self.available:
            return None
        from unspin.stories.embed import ModelMissing
        from unspin.stories.stored import profile_of

        try:
            return profile_of(report, key="")
        except (ModelMissing, ImportError) as exc:
            self.available = False
            log.warning("articles are stored without stories: %s", exc)
            return None

    # -- the transaction ----------------------------------------------------------------------

    @contextmanager
    def guard(self) -> Iterator[None]:
        """Hold the process's assignment lock; on any error, forget the index (the database rolls back)."""
        with self._lock:
            try:
                yield
            except BaseException:
                self._index = None
                raise

    def lock(self, session: Session) -> None:
        """Take the database's assignment lock first in a write transaction (SQLite's BEGIN IMMEDIATE already is one)."""
        if self.dialect == "postgresql":
            session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": ADVISORY_LOCK})

    def assign(self, session: Session, article_id: int, report: Report, profile: Profile | None) -> int | None:
        """File a just-stored article in a story; returns the story id (None without the stories extra)."""
        if profile is None:
            profile = self.profile(report)
            if profile is None:
                return None
        index = self._ready(session)
        profile.key = str(article_id)
        assignment, change = index.add_tracked(profile)
        duplicate_of = int(assignment.duplicate_of) if assignment.duplicate_of else None
        self._write_profile(session, article_id, report, profile, duplicate_of)
        self._seen = self._write_regrouping(session, index, article_id, assignment.story, change)
        self._unsaved += 1
        return assignment.story

    def checkpoint(self, every: int | None = None) -> None:
        """Save the index beside the store once it holds `every` (default `SAVE_EVERY`) assignments the saved one lacks,
        in the background.

        Called after a commit, so the index reflects exactly the events up to `_seen`: under the lock the index is
        only captured (`story_snapshot.capture`: its graph copied at memory speed, its neighbour pairs taken as they
        stand), and a thread writes the file while assignments go on. One write at a time: while one runs, the
        next checkpoint waits for a later save. `close` waits for it and saves whatever is new."""
        every = SAVE_EVERY if every is None else every
        if self.snapshot is None or self._unsaved < every:
            return
        from unspin.store import story_snapshot

        with self._lock:
            if self._index is None or self._unsaved < every or self.writing():
                return
            captured = story_snapshot.capture(self._index, self._seen)
            self._unsaved = 0
            self._writer = threading.Thread(target=self._write, args=(self.snapshot, captured), name="story-snapshot")
            self._writer.start()

    def writing(self) -> bool:
        """Whether a snapshot is being written in the background."""
        return self._writer is not None and self._writer.is_alive()

    def wait(self) -> None:
        """Until the snapshot being written in the background, if any, is on disk."""
        writer = self._writer
        if writer is not None:
            writer.join()

    def close(self) -> None:
        """Save whatever the snapshot on disk lacks, and wait until it is written (the next start loads it)."""
        self.wait()
        self.checkpoint(every=1)
        self.wait()

    def _write(self, path: Path, captured: Captured) -> None:
        from unspin.store import story_snapshot

        try:
            story_snapshot.write(path, captured)
        except OSError as exc:  # a read-only folder, a full disk: the next start rebuilds from the tables
            log.warning("the story index was not saved beside the store: %s", exc)
            with self._lock:
                self._unsaved = max(self._unsaved, 1)  # closing the store tries again

    # -- the index ------------------------------------------------------------------------------

    def _ready(self, session: Session) -> StoryIndex:
        """The index: built from the tables when there is none yet, brought up to date when another process assigned since."""
        newest = session.connection().scalar(NEWEST_EVENT) or 0
        if self._index is not None and newest != self._seen and not catch_up(session, self._index, self._seen):
            self._index = None
        if self._index is None:
            self._index = self._open(session)
        self._seen = newest
        return self._index

    def _open(self, session: Session) -> StoryIndex:
        """The index saved beside the store, brought up to date, when there is one that agrees with the tables;
        else one built from the tables (saved at the next checkpoint, so the next start need not build it)."""
        from unspin.store import story_snapshot

        index = story_snapshot.load(session, self.snapshot) if self.snapshot else None
        if index is None:
            index = load_index(session)
            self._unsaved = max(self._unsaved, SAVE_EVERY)
        return index

    def _write_profile(
        self, session: Session, article_id: int, report: Report, profile: Profile, duplicate_of: int | None
    ) -> None:
        from unspin.stories.stored import encode, story_title

        encoded = encode(profile)
        session.connection().execute(
            ADD_PROFILE,
            {
                "article_id": article_id,
                "duplicate_of": duplicate_of,
                "headline": story_title(report),
                "titled": bool(report.title),
                "vector": encoded.vector,
                "shingles": encoded.shingles,
                "data": encoded.data,
                "created_at": utcnow(),
            },
        )

    def _write_regrouping(self, session: Session, index: StoryIndex, article_id: int, story: int, change: Regrouping) -> int:
        """Stories created, the new member, earlier members moved, stories emptied, titles, events: each kind of row
        in one statement (Core, executemany), however many stories an arrival regroups. Returns the newest event id
        (the newest in the table: assignments hold the write lock)."""
        now, connection = utcnow(), session.connection()
        if change.created:
            connection.execute(
                ADD_STORIES, [{"id": created, "title": "", "created_at": now} for created in sorted(change.created)]
            )
        moves = [
            {"member": member, "story": new}
            for number, (_, new) in change.moved.items()
            for member in (
                int(index.profiles[number].key),
                *(int(copy) for copy in index.duplicates.get(index.profiles[number].key, ())),
            )
        ]
        if moves:
            connection.execute(MOVE_MEMBERS, moves)
        connection.execute(ADD_MEMBER, {"story_id": story, "article_id": article_id})
        touched = {story} | {new for _, new in change.moved.values()} | {old for old, _ in change.moved.values()}
        comparisons.forget(session, touched | change.removed)  # their members change: no kept comparison is read again
        if change.removed:
            connection.execute(DROP_STORIES, {"ids": sorted(change.removed)})
        _retitle(connection, touched - change.removed)
        made = connection.execute(ADD_EVENTS, [{**event, "created_at": now} for event in _events(article_id, story, change)])
        return max(made.scalars())


def _retitle(connection: Connection, story_ids: set[int]) -> None:
    """Each story's title: the neutral headline of its first member with a headline of its own (else its first member)."""
    best: dict[int, tuple[bool, int, str]] = {}
    current: dict[int, str] = {}
    for story_id, titled, member, headline, title in connection.execute(MEMBER_TITLES, {"ids": sorted(story_ids)}):
        current[story_id] = title
        rank = (not titled, member, headline)
        if story_id not in best or rank < best[story_id]:
            best[story_id] = rank
    changed = [
        {"story": story_id, "headline": headline}
        for story_id, (_, _, headline) in best.items()
        if current.get(story_id) != headline
    ]
    if changed:
        connection.execute(SET_TITLES, changed)


def _events(article_id: int, story: int, change: Regrouping) -> list[dict]:
    """The story_events rows of one arrival: its own (`new` or `join`), then one per pair of stories articles moved between."""
    arrival = "new" if story in change.created else "join"
    events = [{"kind": arrival, "story_id": story, "from_story_id": None, "article_id": article_id, "moved": 0}]
    for (old, new), moved in sorted(Counter(change.moved.values()).items()):
        kind = "merge" if old in change.removed else "split" if new in change.created else "move"
        events.append({"kind": kind, "story_id": new, "from_story_id": old, "article_id": article_id, "moved": moved})
    return events


def load_index(session: Session) -> StoryIndex:
    """A story index holding every profiled article in its stored story (vectors in one batch, then neighbour lists)."""
    from unspin.store.story_snapshot import keyed_index
    from unspin.stories.stored import current, decode

    rows = session.execute(_profile_rows().order_by(StoryProfile.article_id)).all()
    stale = [row.article_id for row in rows if not current(row.data)]
    if stale:
        reprofile(session, stale)
        rows = session.execute(_profile_rows().order_by(StoryProfile.article_id)).all()
    index = keyed_index(_next_story_id(session))
    primaries = [row for row in rows if row.duplicate_of is None]
    items = [decode(str(row.article_id), row.vector, row.shingles, row.data) for row in primaries]
    index.bulk_load(items, [row.story_id for row in primaries])
    for row in rows:
        if row.duplicate_of is not None:
            index.duplicates[str(row.duplicate_of)].append(str(row.article_id))
    return index


def catch_up(session: Session, index: StoryIndex, seen: int) -> bool:
    """Replay what other processes did after event `seen`: their arrivals placed in their stories, the members of
    every story they touched refiled. Costs what they changed, not the store's size; False when it cannot (the
    caller rebuilds)."""
    from unspin.stories.stored import current, decode

    events = session.scalars(select(StoryEvent).where(StoryEvent.id > seen).order_by(StoryEvent.id)).all()
    arrivals = [event.article_id for event in events if event.kind in ("new", "join")]
    rows = session.execute(_profile_rows().where(StoryProfile.article_id.in_(arrivals))).all() if arrivals else []
    if len(rows) != len(set(arrivals)) or not all(current(row.data) for row in rows):
        return False  # a profile missing, or one another version wrote (`load_index` makes it again)
    for row in rows:
        if str(row.article_id) in index._number:
            return False
        if row.duplicate_of is None:
            index.place(decode(str(row.article_id), row.vector, row.shingles, row.data), row.story_id)
        else:
            index.duplicates[str(row.duplicate_of)].append(str(row.article_id))
    touched = {event.story_id for event in events} | {event.from_story_id for event in events if event.from_story_id is not None}
    members = session.execute(select(StoryArticle.article_id, StoryArticle.story_id).where(StoryArticle.story_id.in_(touched)))
    for article_id, story_id in members:
        if str(article_id) in index._number and index.story_key(str(article_id)) != story_id:
            index.refile(str(article_id), story_id)
    return True


def reprofile(session: Session, article_ids: list[int], batch: int = 64) -> None:
    """Make the profiles of `article_ids` again from their newest reports, in place (the models' time for each,
    once, under the assignment lock the caller holds): profiles in another format cannot share an index with
    this version's, and their stories stay as they are until arrivals regroup them."""
    from unspin.store.reads import newest_stored
    from unspin.stories.profile import profiles
    from unspin.stories.stored import draft_of, encode

    found = newest_stored(session, article_ids)
    if len(found) != len(article_ids):
        lacking = sorted(set(article_ids) - set(found))[:5]
        raise StoreError(f"story profiles of articles {lacking} are of another format and those articles have no report")
    log.warning("making the story profiles of %d stored articles again (another format)", len(article_ids))
    for start in range(0, len(article_ids), batch):
        chunk = article_ids[start : start + batch]
        made = profiles([draft_of(found[article_id].report, str(article_id)) for article_id in chunk])
        rows = [{"article": article_id, **vars(encode(profile))} for article_id, profile in zip(chunk, made)]
        session.connection().execute(REPLACE_PROFILE, rows)


def _profile_rows():  # type: ignore[no-untyped-def]
    return select(
        StoryProfile.article_id,
        StoryProfile.duplicate_of,
        StoryProfile.vector,
        StoryProfile.shingles,
        StoryProfile.data,
        StoryArticle.story_id,
    ).join(StoryArticle, StoryArticle.article_id == StoryProfile.article_id)


def _next_story_id(session: Session) -> int:
    """One past every story id ever used, stories gone by a merge included: an id is never given twice."""
    highest = [
        session.scalar(select(func.max(Story.id))),
        session.scalar(select(func.max(StoryEvent.story_id))),
        session.scalar(select(func.max(StoryEvent.from_story_id))),
    ]
    return max((value for value in highest if value is not None), default=0) + 1


def unprofiled(session: Session) -> list[int]:
    """Stored articles the story index has not seen, oldest first."""
    query = (
        select(ArticleRow.id)
        .outerjoin(StoryProfile, StoryProfile.article_id == ArticleRow.id)
        .where(StoryProfile.article_id.is_(None))
        .order_by(ArticleRow.id)
    )
    return list(session.scalars(query))


def has_profile(session: Session, article_id: int) -> bool:
    return session.get(StoryProfile, article_id) is not None
