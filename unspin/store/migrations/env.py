"""Alembic environment: migrations run on the connection `unspin.store.engine.migrate` passes in.

There is no alembic.ini: the database address comes from the caller (the
server's --db option, or a test fixture), never from a file in the repo.
"""

from __future__ import annotations

from alembic import context

from unspin.store.models import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through unspin.store.engine.migrate(engine)")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters tables by copying them
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
