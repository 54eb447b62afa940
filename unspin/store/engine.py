"""Database addresses, engines and migrations, for SQLite and PostgreSQL alike.

SQLite is the default because `unspin serve` must work on a fresh clone with
nothing else installed. Two SQLite settings matter for a server: WAL (readers
never wait for the writer) and `BEGIN IMMEDIATE` for write transactions, so two
clients ingesting at once queue on the write lock (with a busy timeout) instead
of failing with "database is locked" when a read lock cannot be upgraded.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

DEFAULT_URL = "sqlite:///unspin.db"
MIGRATIONS = Path(__file__).parent / "migrations"
BUSY_TIMEOUT_MS = 30_000
# A save writes about 70 pages to SQLite's write-ahead log (the article, its report, the story rows an arrival
# regroups), and the commit that takes the log past `WAL_CHECKPOINT_PAGES` copies it into the database and waits
# for the disk. At SQLite's default of 1,000 pages that was one save in 15, which set the saves' p95 (issue 13,
# docs/BENCHMARKS.md "store-stories"); at 10,000 it is about one in 140, each copying more pages at once. The log's
# file is cut back to `WAL_SIZE_LIMIT` bytes after a checkpoint (it can grow past the threshold while readers hold
# old pages). Durability does not change: a save is in the log when it is acknowledged, as before.
WAL_CHECKPOINT_PAGES = 10_000
WAL_SIZE_LIMIT = 64 * 2**20
WRITE = {"unspin_write": True}  # execution option: this transaction writes


class StoreError(RuntimeError):
    """The database cannot be opened or used; the message is meant for the user."""


def normalize_url(url: str) -> str:
    """A SQLAlchemy URL from what a user types: a path, sqlite:///..., or postgresql://...

    `postgresql://` and `postgres://` get the psycopg 3 driver, the one unspin installs.
    """
    url = url.strip()
    if "://" not in url:
        return f"sqlite:///{url}"
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def make_engine(url: str) -> Engine:
    """An engine for `url` with the settings a concurrent server needs."""
    url = normalize_url(url)
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise StoreError(f"not a database address: {url!r} (use a file path, sqlite:///FILE or postgresql://...)") from None
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if database and database != ":memory:" and not database.startswith("file:"):
            folder = Path(database).expanduser().resolve().parent
            if not folder.is_dir():
                raise StoreError(f"cannot create the database {database}: folder {folder} does not exist")
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000})
        _tune_sqlite(engine)
        return engine
    if parsed.get_backend_name() != "postgresql":
        raise StoreError(f"unsupported database {parsed.get_backend_name()!r}: use SQLite or PostgreSQL")
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=10)


def _tune_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves, below
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA wal_autocheckpoint={WAL_CHECKPOINT_PAGES}")
        cursor.execute(f"PRAGMA journal_size_limit={WAL_SIZE_LIMIT}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:  # type: ignore[no-untyped-def]
        writes = connection.get_execution_options().get("unspin_write", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if writes else "BEGIN")


def migrate(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to `revision` with Alembic (creating it in an empty database)."""
    _alembic(engine, "upgrade", revision)


def downgrade(engine: Engine, revision: str = "base") -> None:
    """Undo migrations down to `revision` (used by the migration tests)."""
    _alembic(engine, "downgrade", revision)


def _alembic(engine: Engine, direction: str, revision: str) -> None:
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.connect() as connection:
        config.attributes["connection"] = connection
        getattr(command, direction)(config, revision)
        connection.commit()


def table_names(engine: Engine) -> set[str]:
    return set(inspect(engine).get_table_names())
