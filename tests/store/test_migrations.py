"""The Alembic migrations build exactly the schema the models describe, up and down, on both databases."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from unspin.store import make_engine, migrate
from unspin.store.engine import downgrade, table_names
from unspin.store.models import Base

TABLES = {
    "outlets",
    "articles",
    "reports",
    "stories",
    "story_articles",
    "story_profiles",
    "story_events",
    "story_comparisons",
    "alembic_version",
}


def test_migrate_creates_every_table(db_url: str) -> None:
    engine = make_engine(db_url)
    migrate(engine)
    assert table_names(engine) == TABLES
    engine.dispose()


def test_migrated_schema_matches_the_models(db_url: str) -> None:
    engine = make_engine(db_url)
    migrate(engine)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    engine.dispose()
    assert differences == []


def test_migrate_is_idempotent_and_reversible(db_url: str) -> None:
    engine = make_engine(db_url)
    migrate(engine)
    migrate(engine)  # a second start of the server changes nothing
    downgrade(engine, "base")
    assert table_names(engine) == {"alembic_version"}
    migrate(engine)
    assert table_names(engine) == TABLES
    engine.dispose()
