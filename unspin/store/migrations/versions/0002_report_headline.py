"""reports.headline: the neutral headline lists show, filled for the reports already stored.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("reports") as batch:
        batch.add_column(sa.Column("headline", sa.Text(), nullable=True))
    _fill_headlines()


def downgrade() -> None:
    with op.batch_alter_table("reports") as batch:
        batch.drop_column("headline")


def _fill_headlines() -> None:
    """Each stored report's headline from its title, original and ledger: what `Report.neutral_title` says."""
    from unspin.edit.ledger import Edit
    from unspin.report import neutral_title

    reports = sa.table(
        "reports",
        sa.column("id", sa.Integer),
        sa.column("title", sa.Text),
        sa.column("original", sa.Text),
        sa.column("ledger", sa.JSON),
        sa.column("headline", sa.Text),
    )
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(reports.c.id, reports.c.title, reports.c.original, reports.c.ledger).where(reports.c.title.is_not(None))
    )
    for row in rows.all():
        edits = [Edit.model_validate(edit) for edit in row.ledger or []]
        headline = neutral_title(row.title, row.original, edits)
        connection.execute(sa.update(reports).where(reports.c.id == row.id).values(headline=headline))
