"""The tables: outlets, articles, reports, and stories with the profiles and events of their grouping.

An article row is what arrived, byte for byte (text or HTML), keyed by a
content hash so the same article is stored once however often or however
concurrently it is sent. A report row is what one unspin version made of it
at one setting: output text, the original it indexes, and the ledger. Keeping
the version and settings beside the output is what makes an old report
auditable after the rules change.

The schema itself is created by the Alembic migrations in `migrations/`; these
classes must stay in step with them (tests compare the two).
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """A timestamp that always comes back in UTC with its zone.

    PostgreSQL keeps the zone; SQLite drops it. Without this the API would send
    SQLite times with no offset, which is not an RFC 3339 date-time.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:  # type: ignore[no-untyped-def]
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC) if value is not None else None

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:  # type: ignore[no-untyped-def]
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


class Base(DeclarativeBase):
    # Named constraints, so the models and the migrations agree on every name.
    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(column_0_label)s",
            "uq": "uq_%(table_name)s_%(column_0_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s",
            "pk": "pk_%(table_name)s",
        }
    )


class Outlet(Base):
    """A publication, by the name articles give for it."""

    __tablename__ = "outlets"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(300), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ArticleRow(Base):
    """One original article as received; `content_hash` makes ingest idempotent."""

    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(8))  # "text" or "html"
    body: Mapped[str] = mapped_column(Text)  # the original text or HTML, as decoded
    source: Mapped[str] = mapped_column(String(1000))
    title: Mapped[str | None] = mapped_column(Text, nullable=True)
    url: Mapped[str | None] = mapped_column(Text, nullable=True)
    published: Mapped[str | None] = mapped_column(String(100), nullable=True)
    author: Mapped[str | None] = mapped_column(Text, nullable=True)
    outlet_id: Mapped[int | None] = mapped_column(ForeignKey("outlets.id"), nullable=True, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    fetch: Mapped[dict | None] = mapped_column(JSON, nullable=True)  # unspin.ingest.FetchRecord of a fetched page

    outlet: Mapped[Outlet | None] = relationship(lazy="joined")
    reports: Mapped[list[ReportRow]] = relationship(back_populates="article", order_by="ReportRow.id")


class ReportRow(Base):
    """What one unspin version and setting made of an article: output, original, ledger."""

    __tablename__ = "reports"
    __table_args__ = (UniqueConstraint("article_id", "unspin_version", "strength", name="uq_reports_article_setting"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    unspin_version: Mapped[str] = mapped_column(String(40))
    strength: Mapped[str] = mapped_column(String(20))
    settings: Mapped[dict] = mapped_column(JSON)
    title: Mapped[str | None] = mapped_column(Text, nullable=True)  # the headline as the article gave it
    headline: Mapped[str | None] = mapped_column(Text, nullable=True)  # the same after the ledger: Report.neutral_title
    url: Mapped[str | None] = mapped_column(Text, nullable=True)
    outlet: Mapped[str | None] = mapped_column(Text, nullable=True)
    published: Mapped[str | None] = mapped_column(String(100), nullable=True)
    author: Mapped[str | None] = mapped_column(Text, nullable=True)
    original: Mapped[str] = mapped_column(Text)  # the text the ledger's offsets index
    text: Mapped[str] = mapped_column(Text)
    ledger: Mapped[list] = mapped_column(JSON)
    words: Mapped[int] = mapped_column(Integer)  # article words (original minus web furniture)
    loaded_edits: Mapped[int] = mapped_column(Integer)  # cuts + modifications
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    article: Mapped[ArticleRow] = relationship(back_populates="reports")


class Story(Base):
    """A news event covered by several articles; written by the store's story index (`unspin/store/stories.py`).

    Ids are the index's own story ids, given explicitly, so a story keeps its id (and its web
    address) when later arrivals regroup the articles around it.
    """

    __tablename__ = "stories"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    title: Mapped[str] = mapped_column(Text)  # the neutral headline of its first titled member
    summary: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class StoryArticle(Base):
    """Which story each article belongs to: one story per article (the unique index says so)."""

    __tablename__ = "story_articles"
    __table_args__ = (Index("ix_story_articles_article_id", "article_id", unique=True),)

    story_id: Mapped[int] = mapped_column(ForeignKey("stories.id", ondelete="CASCADE"), primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)


class StoryProfile(Base):
    """What the story index knows of an article (`unspin.stories.stored`), so it is rebuilt without the models.

    `duplicate_of` names the article whose text this one repeats exactly: such an article is not
    indexed itself, it follows its original from story to story.
    """

    __tablename__ = "story_profiles"

    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)
    duplicate_of: Mapped[int | None] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), nullable=True)
    headline: Mapped[str] = mapped_column(Text)  # the neutral headline a story headed by this article shows
    titled: Mapped[bool] = mapped_column(Boolean)  # the article has a headline of its own (preferred as a story's title)
    vector: Mapped[bytes] = mapped_column(LargeBinary)  # lead embedding, little-endian float32
    shingles: Mapped[bytes] = mapped_column(LargeBinary)  # hashed word 5-grams, little-endian uint64
    data: Mapped[dict] = mapped_column(JSON)  # the rest of the profile (TF-IDF, names, numbers, date, ...)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class StoryEvent(Base):
    """One change to the stories, in order: an article starting (`new`) or joining (`join`) a story, or a regrouping
    its arrival caused: `merge` (story `from_story_id` emptied into `story_id`), `split` (some of `from_story_id`
    moved to the new story `story_id`), `move` (some moved between two stories that both go on).

    Story ids are plain numbers, not foreign keys: a merged story is gone, its record stays.
    """

    __tablename__ = "story_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(8))
    story_id: Mapped[int] = mapped_column(Integer, index=True)
    from_story_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)  # the arrival
    moved: Mapped[int] = mapped_column(Integer, default=0)  # earlier articles that changed story
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class StoryComparison(Base):
    """A story's comparison (facts aligned, each member filled from the others) as `unspin.stories.from_store` made it.

    Comparing takes seconds (every addition goes through the neutralizer), so it is kept here for every process and
    every restart, keyed by what it was made from: `members`, a digest of the member articles with the report of each
    that was compared, and `version`, a digest of the code and data that compared them. A row whose key is not the
    story's current one is never read; a membership change deletes the story's rows in the transaction that makes it.
    """

    __tablename__ = "story_comparisons"

    story_id: Mapped[int] = mapped_column(ForeignKey("stories.id", ondelete="CASCADE"), primary_key=True)
    members: Mapped[str] = mapped_column(String(64), primary_key=True)
    version: Mapped[str] = mapped_column(String(64), primary_key=True)
    data: Mapped[dict] = mapped_column(JSON)  # unspin.stories.kept: facts and each member's filled ledger
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
