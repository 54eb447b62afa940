"""Stories in the store: story_profiles (the index's view of each article), story_events (every regrouping),
and one story per article (story_articles.article_id unique).

Articles stored before this revision have no profile; the store profiles and groups them the first time
its story index is loaded (`unspin.store.stories`).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "story_profiles",
        sa.Column(
            "article_id",
            sa.Integer(),
            sa.ForeignKey("articles.id", ondelete="CASCADE", name="fk_story_profiles_article_id"),
            primary_key=True,
        ),
        sa.Column(
            "duplicate_of",
            sa.Integer(),
            sa.ForeignKey("articles.id", ondelete="CASCADE", name="fk_story_profiles_duplicate_of"),
            nullable=True,
        ),
        sa.Column("headline", sa.Text(), nullable=False),
        sa.Column("titled", sa.Boolean(), nullable=False),
        sa.Column("vector", sa.LargeBinary(), nullable=False),
        sa.Column("shingles", sa.LargeBinary(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "story_events",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("story_id", sa.Integer(), nullable=False),
        sa.Column("from_story_id", sa.Integer(), nullable=True),
        sa.Column(
            "article_id",
            sa.Integer(),
            sa.ForeignKey("articles.id", ondelete="CASCADE", name="fk_story_events_article_id"),
            nullable=False,
        ),
        sa.Column("moved", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_story_events_story_id", "story_events", ["story_id"])
    op.create_index("ix_story_events_article_id", "story_events", ["article_id"])
    op.drop_index("ix_story_articles_article_id", table_name="story_articles")
    op.create_index("ix_story_articles_article_id", "story_articles", ["article_id"], unique=True)


def downgrade() -> None:
    op.drop_index("ix_story_articles_article_id", table_name="story_articles")
    op.create_index("ix_story_articles_article_id", "story_articles", ["article_id"])
    op.drop_index("ix_story_events_article_id", table_name="story_events")
    op.drop_index("ix_story_events_story_id", table_name="story_events")
    op.drop_table("story_events")
    op.drop_table("story_profiles")
