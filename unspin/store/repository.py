"""The store's one class: save and read articles, reports, outlets and stories.

Saving is idempotent and safe under concurrency by construction, not by
checking first: every row is written with INSERT ... ON CONFLICT DO NOTHING
against a unique key (the outlet name, the article's content hash, the report's
article + version + strength), then read back. Two clients sending the same
article at the same moment both get the one stored copy; neither gets an error.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import func, or_, select, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, sessionmaker

from unspin.ingest import METADATA_FIELDS, Article
from unspin.report import Report
from unspin.store import comparisons, reads
from unspin.store.engine import DEFAULT_URL, WRITE, make_engine, migrate, normalize_url
from unspin.store.models import ArticleRow, Outlet, ReportRow, Story, StoryArticle
from unspin.store.records import (
    OutletStats,
    Page,
    StoredArticle,
    StoryRecord,
    article_body,
    article_words,
    check_storable,
    content_hash,
    loaded_edits,
)
from unspin.store.stories import StoryKeeper, has_profile, unprofiled
from unspin.store.story_snapshot import beside as snapshot_beside

PER_PAGE = 20
STORIES_LISTED = 200  # the newest stories a list shows
MAX_PAGE = 10_000
OUTLET_NAME_MAX = 300


class Store:
    """Articles and their reports in SQLite or PostgreSQL.

    store = Store("sqlite:///unspin.db")        # or "postgresql://user@host/db"
    saved = store.save(article, report)         # stored once, however often it is sent
    store.get(saved.id).report.edits
    """

    def __init__(self, url: str = DEFAULT_URL, *, create: bool = True, story_snapshot: Path | None = None) -> None:
        """`story_snapshot`: where the story index is saved (`unspin.store.story_snapshot`); by default beside a
        SQLite file, none for PostgreSQL."""
        self.url = normalize_url(url)
        self.engine = make_engine(self.url)
        if create:
            migrate(self.engine)
        self._read = sessionmaker(self.engine, expire_on_commit=False)
        self._write = sessionmaker(self.engine.execution_options(**WRITE), expire_on_commit=False)
        self._stories = StoryKeeper(self.dialect, story_snapshot or snapshot_beside(self.url))

    def close(self) -> None:
        self._stories.close()  # the story index saved beside the store (and a background save finished): the next start loads it
        self.engine.dispose()

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def ping(self) -> None:
        """Raise if the database does not answer."""
        with self._read() as session:
            session.execute(text("SELECT 1"))

    # -- writing -----------------------------------------------------------------------------

    def save(self, article: Article, report: Report) -> StoredArticle:
        """Store the article (once, by content hash) and its report (once per version and strength)."""
        stored = self._save(article, report)
        self._stories.checkpoint()  # after the commit: a saved index never holds what the database rolled back
        return stored

    def _save(self, article: Article, report: Report) -> StoredArticle:
        check_storable(article)
        kind, body = article_body(article)
        digest = content_hash(article)
        outlet_name = _outlet_name(article.outlet or report.outlet)
        if not self._stories.backfilled:
            self.group_stored()
        profile = None if self._has_article(digest) else self._stories.profile(report)  # the models' work, before any lock
        with self._stories.guard(), self._writing() as session:
            self._stories.lock(session)
            outlet_id = self._outlet_id(session, outlet_name) if outlet_name else None
            inserted = session.scalar(
                self._insert(ArticleRow)
                .values(
                    content_hash=digest,
                    kind=kind,
                    body=body,
                    source=article.source[:1000],
                    title=article.title,
                    url=article.url,
                    published=article.published,
                    author=article.author,
                    outlet_id=outlet_id,
                    fetch=article.fetch.model_dump() if article.fetch else None,
                )
                .on_conflict_do_nothing(index_elements=["content_hash"])
                .returning(ArticleRow.id)
            )
            if inserted is not None:  # new here: it joins a story in this same transaction
                self._stories.assign(session, inserted, report, profile)
            stored_article = session.execute(
                select(ArticleRow.id, ArticleRow.kind, ArticleRow.source, ArticleRow.created_at, Outlet.name)
                .outerjoin(Outlet, Outlet.id == ArticleRow.outlet_id)
                .where(ArticleRow.content_hash == digest)
            ).one()
            article_id = stored_article.id
            new_id = session.scalar(
                self._insert(ReportRow)
                .values(
                    article_id=article_id,
                    unspin_version=report.version,
                    strength=report.strength,
                    settings={"strength": report.strength, "detect": True},
                    **{name: getattr(report, name) for name in METADATA_FIELDS},
                    headline=report.neutral_title,
                    original=report.original,
                    text=report.text,
                    ledger=[edit.model_dump(mode="json") for edit in report.edits],
                    words=article_words(report),
                    loaded_edits=loaded_edits(report),
                )
                .on_conflict_do_nothing(index_elements=["article_id", "unspin_version", "strength"])
                .returning(ReportRow.id)
            )
            if new_id is not None:  # stored just now, exactly as given: no need to read it back
                return StoredArticle(
                    id=article_id,
                    content_hash=digest,
                    kind=stored_article.kind,
                    source=stored_article.source,
                    outlet=stored_article.name,
                    created_at=stored_article.created_at,
                    report_id=new_id,
                    report=report.model_copy(update={"source": stored_article.source}),
                    words=article_words(report),
                    loaded_edits=loaded_edits(report),
                    created=True,
                )
            row = session.scalars(
                select(ReportRow).where(
                    ReportRow.article_id == article_id,
                    ReportRow.unspin_version == report.version,
                    ReportRow.strength == report.strength,
                )
            ).one()
            return reads.stored(row)

    def group_stored(self) -> int:
        """Profile and group every stored article the story index has not seen (stored before migration 0004, or
        while the stories extra was missing), oldest first, each in its own transaction; returns how many."""
        with self._read() as session:
            missing = unprofiled(session)
        grouped = 0
        for article_id in missing:
            stored = self.get(article_id) if self._stories.available else None
            profile = self._stories.profile(stored.report) if stored else None
            if stored is None or profile is None:
                continue
            with self._stories.guard(), self._writing() as session:
                self._stories.lock(session)
                if not has_profile(session, article_id):  # another process may have grouped it meanwhile
                    self._stories.assign(session, article_id, stored.report, profile)
                    grouped += 1
            self._stories.checkpoint()
        self._stories.backfilled = True
        return grouped

    def _has_article(self, digest: str) -> bool:
        with self._read() as session:
            return session.scalar(select(ArticleRow.id).where(ArticleRow.content_hash == digest)) is not None

    def _outlet_id(self, session: Session, name: str) -> int:
        session.execute(self._insert(Outlet).values(name=name).on_conflict_do_nothing(index_elements=["name"]))
        return session.scalars(select(Outlet.id).where(Outlet.name == name)).one()

    def _insert(self, model: type) -> postgresql.Insert | sqlite.Insert:
        dialect = postgresql if self.dialect == "postgresql" else sqlite
        return dialect.insert(model)

    @contextmanager
    def _writing(self) -> Iterator[Session]:
        with self._write() as session, session.begin():
            yield session

    # -- reading -----------------------------------------------------------------------------

    def find(self, article: Article, *, version: str, strength: str) -> StoredArticle | None:
        """The stored report for this article at this version and strength, if there is one."""
        with self._read() as session:
            row = session.scalars(
                select(ReportRow)
                .join(ArticleRow)
                .where(
                    ArticleRow.content_hash == content_hash(article),
                    ReportRow.unspin_version == version,
                    ReportRow.strength == strength,
                )
            ).one_or_none()
            return reads.stored(row) if row else None

    def get(self, article_id: int, *, strength: str | None = None) -> StoredArticle | None:
        """The article with its newest report (at `strength`, when given)."""
        with self._read() as session:
            query = select(ReportRow).where(ReportRow.article_id == article_id)
            if strength:
                query = query.where(ReportRow.strength == strength)
            row = session.scalars(query.order_by(ReportRow.id.desc()).limit(1)).one_or_none()
            return reads.stored(row) if row else None

    def original(self, article_id: int) -> tuple[str, str] | None:
        """(kind, body): the article exactly as it arrived."""
        with self._read() as session:
            row = session.get(ArticleRow, article_id)
            return (row.kind, row.body) if row else None

    def known_urls(self, urls: Iterable[str]) -> set[str]:
        """Those of `urls` an article was stored from (its `source`, the URL asked for) or at (its `url`, after
        redirects): what `unspin follow` need not fetch again."""
        wanted = list(dict.fromkeys(urls))
        known: set[str] = set()
        with self._read() as session:
            for start in range(0, len(wanted), 500):  # bounded IN lists
                chunk = wanted[start : start + 500]
                query = select(ArticleRow.source, ArticleRow.url).where(
                    or_(ArticleRow.source.in_(chunk), ArticleRow.url.in_(chunk))
                )
                for source, url in session.execute(query):
                    known.update(value for value in (source, url) if value in chunk)
        return known

    def articles(self, *, outlet: str | None = None, q: str | None = None, page: int = 1, per_page: int = PER_PAGE) -> Page:
        """Newest first; `outlet` is an exact name, `q` a case-insensitive substring of title or text."""
        page = min(max(page, 1), MAX_PAGE)
        if "\0" in (outlet or "") + (q or ""):  # nothing stored holds a NUL (see check_storable)
            return Page(items=[], page=page, per_page=per_page, total=0)
        query = reads.summaries()
        if outlet:
            query = query.where(Outlet.name == outlet)
        if q and q.strip():
            pattern = "%" + _escape_like(q.strip()) + "%"
            query = query.where(
                or_(
                    ReportRow.title.ilike(pattern, escape="\\"),
                    ArticleRow.title.ilike(pattern, escape="\\"),
                    ReportRow.text.ilike(pattern, escape="\\"),
                )
            )
        with self._read() as session:
            total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
            rows = session.execute(query.order_by(ArticleRow.id.desc()).offset((page - 1) * per_page).limit(per_page)).all()
        return Page(items=[reads.summary(row) for row in rows], page=page, per_page=per_page, total=total)

    def outlets(self) -> list[OutletStats]:
        """Every outlet with its loaded-language figures over each article's newest report."""
        latest = reads.latest_reports()
        query = (
            select(
                Outlet.name,
                func.count(ArticleRow.id),
                func.coalesce(func.sum(ReportRow.words), 0),
                func.coalesce(func.sum(ReportRow.loaded_edits), 0),
            )
            .join(ArticleRow, ArticleRow.outlet_id == Outlet.id)
            .join(latest, latest.c.article_id == ArticleRow.id)
            .join(ReportRow, ReportRow.id == latest.c.report_id)
            .group_by(Outlet.name)
            .order_by(Outlet.name)
        )
        with self._read() as session:
            return [OutletStats(name, int(n), int(words), int(edits)) for name, n, words, edits in session.execute(query)]

    def stories(self, *, limit: int = STORIES_LISTED) -> list[StoryRecord]:
        """The newest stories, each with its members' summaries: two queries however many stories (no query per story)."""
        with self._read() as session:
            rows = session.scalars(select(Story).order_by(Story.id.desc()).limit(limit)).all()
            members = reads.story_members(session, [row.id for row in rows])
            return [StoryRecord(row.id, row.title, row.summary, row.created_at, members.get(row.id, [])) for row in rows]

    def story_groups(self) -> list[tuple[int, list[int]]]:
        """Every story's id with its member article ids, oldest story first (`unspin stories --db` reads them all)."""
        groups: dict[int, list[int]] = {}
        with self._read() as session:
            query = select(StoryArticle.story_id, StoryArticle.article_id).order_by(
                StoryArticle.story_id, StoryArticle.article_id
            )
            for story_id, article_id in session.execute(query):
                groups.setdefault(story_id, []).append(article_id)
        return list(groups.items())

    def stories_of(self, article_ids: Iterable[int]) -> dict[int, int]:
        """{article id: story id} for those of `article_ids` that are in a story."""
        wanted, found = list(dict.fromkeys(article_ids)), {}
        with self._read() as session:
            for start in range(0, len(wanted), 500):  # bounded IN lists
                query = select(StoryArticle.article_id, StoryArticle.story_id).where(
                    StoryArticle.article_id.in_(wanted[start : start + 500])
                )
                found.update({article_id: story_id for article_id, story_id in session.execute(query)})
        return found

    def story(self, story_id: int) -> StoryRecord | None:
        """The story with its members' summaries, oldest article first."""
        with self._read() as session:
            row = session.get(Story, story_id)
            if row is None:
                return None
            members = reads.story_members(session, [story_id]).get(story_id, [])
            return StoryRecord(row.id, row.title, row.summary, row.created_at, members)

    def get_many(self, article_ids: Iterable[int]) -> dict[int, StoredArticle]:
        """{article id: the article with its newest report} for those of `article_ids` that have one, one query for
        up to 500 (a story's members at once, where `get` would ask once per member)."""
        with self._read() as session:
            return reads.newest_stored(session, list(dict.fromkeys(article_ids)))

    # -- kept story comparisons (unspin.store.comparisons) ----------------------------------------

    def comparison(self, story_id: int, members: str, version: str) -> dict | None:
        """The story's comparison kept under this key (its members and the code that compared them), or None."""
        with self._read() as session:
            return comparisons.read(session, story_id, members, version)

    def keep_comparison(self, story_id: int, members: str, version: str, data: dict) -> bool:
        """Keep a story's comparison for every process (under the assignment lock, so the story cannot go meanwhile);
        False when the story is gone."""
        with self._writing() as session:
            self._stories.lock(session)
            return comparisons.keep(session, self._insert, story_id, members, version, data)


def _outlet_name(name: str | None) -> str | None:
    name = " ".join((name or "").split())
    return name[:OUTLET_NAME_MAX] or None


def _escape_like(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
