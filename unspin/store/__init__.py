"""Store: every original article, every report and every ledger, in SQLite or PostgreSQL.

    from unspin.store import Store, ingest
    store = Store("sqlite:///unspin.db")          # migrates the schema on open
    saved = ingest(store, article)                # neutralized once, stored once
    store.get(saved.id).report

`models.py` holds the tables, `migrations/` the Alembic revisions that create
them, `repository.py` the `Store` class, `intake.py` the pipeline-plus-save step (`ingest`).
"""

from unspin.store.engine import DEFAULT_URL, StoreError, make_engine, migrate, normalize_url
from unspin.store.intake import ingest, ingest_all
from unspin.store.records import ArticleSummary, OutletStats, Page, StoredArticle, StoryRecord, content_hash
from unspin.store.repository import Store

__all__ = [
    "DEFAULT_URL",
    "ArticleSummary",
    "OutletStats",
    "Page",
    "Store",
    "StoreError",
    "StoredArticle",
    "StoryRecord",
    "content_hash",
    "ingest",
    "ingest_all",
    "make_engine",
    "migrate",
    "normalize_url",
]
