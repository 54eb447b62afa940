"""The SQLite settings every connection gets: the server's saves depend on them."""

from __future__ import annotations

from pathlib import Path

from unspin.store.engine import BUSY_TIMEOUT_MS, WAL_CHECKPOINT_PAGES, WAL_SIZE_LIMIT, make_engine


def test_sqlite_connections_checkpoint_the_log_rarely_and_bound_its_file(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'store.db'}")
    try:
        with engine.connect() as connection:
            setting = {
                name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()
                for name in ("journal_mode", "wal_autocheckpoint", "journal_size_limit", "busy_timeout")
            }
    finally:
        engine.dispose()
    assert setting == {
        "journal_mode": "wal",
        "wal_autocheckpoint": WAL_CHECKPOINT_PAGES,
        "journal_size_limit": WAL_SIZE_LIMIT,
        "busy_timeout": BUSY_TIMEOUT_MS,
    }
    assert WAL_CHECKPOINT_PAGES > 1000  # SQLite's default checkpointed one save in 15 (see engine.py)
