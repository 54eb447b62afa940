"""Migration 0002 gives the reports stored before it their neutral headline."""

from __future__ import annotations

import sqlalchemy as sa

from unspin.edit.ledger import Edit, EditKind
from unspin.store import make_engine, migrate

ORIGINAL = "Council slammed over bridge\n\nThe council met."


def test_upgrade_fills_the_headline_of_stored_reports(db_url: str) -> None:
    engine = make_engine(db_url)
    migrate(engine, "0001")
    edit = Edit(kind=EditKind.MODIFY, start=8, end=15, original="slammed", replacement="criticized")
    with engine.begin() as connection:
        article = connection.execute(
            sa.text(
                "INSERT INTO articles (content_hash, kind, body, source, created_at) "
                "VALUES ('h', 'text', :body, 'a.txt', CURRENT_TIMESTAMP) RETURNING id"
            ),
            {"body": ORIGINAL},
        ).scalar_one()
        reports = sa.table(
            "reports",
            *(sa.column(name) for name in ("article_id", "unspin_version", "strength", "title", "original", "text")),
            *(sa.column(name) for name in ("words", "loaded_edits", "created_at")),
            sa.column("settings", sa.JSON),
            sa.column("ledger", sa.JSON),
        )
        connection.execute(
            sa.insert(reports).values(
                article_id=article,
                unspin_version="0",
                strength="standard",
                title="Council slammed over bridge",
                original=ORIGINAL,
                text=ORIGINAL.replace("slammed", "criticized"),
                settings={},
                ledger=[edit.model_dump(mode="json")],
                words=6,
                loaded_edits=1,
                created_at=sa.func.current_timestamp(),
            )
        )
    migrate(engine)
    with engine.connect() as connection:
        assert connection.execute(sa.text("SELECT headline FROM reports")).scalar_one() == "Council criticized over bridge"
    engine.dispose()
