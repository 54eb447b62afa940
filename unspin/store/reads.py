"""The queries and row conversions the `Store`'s reads share: summaries of articles, newest reports, story members.

Every read that lists articles goes through `summaries` (an article with its newest report's headline, outlet,
date and counts); a story's members are summaries too, fetched for any number of stories in one query, so a
list of stories costs the same two queries whether it shows one story or two hundred.
"""

from __future__ import annotations

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, joinedload

from unspin.ingest import METADATA_FIELDS
from unspin.report import Report
from unspin.store.models import ArticleRow, Outlet, ReportRow, StoryArticle
from unspin.store.records import ArticleSummary, StoredArticle


def latest_reports(within: Select | None = None):  # type: ignore[no-untyped-def]
    """(article id, its newest report id), for every article or those `within` selects."""
    query = select(ReportRow.article_id, func.max(ReportRow.id).label("report_id"))
    if within is not None:
        query = query.where(ReportRow.article_id.in_(within))
    return query.group_by(ReportRow.article_id).subquery()


def story_members(session: Session, story_ids: list[int]) -> dict[int, list[ArticleSummary]]:
    """{story id: its members' summaries, oldest article first}, in one query for any number of stories."""
    if not story_ids:
        return {}
    within = select(StoryArticle.article_id).where(StoryArticle.story_id.in_(story_ids))
    query = (
        summaries(within)
        .add_columns(StoryArticle.story_id)
        .join(StoryArticle, StoryArticle.article_id == ArticleRow.id)
        .where(StoryArticle.story_id.in_(story_ids))
        .order_by(ArticleRow.id)
    )
    members: dict[int, list[ArticleSummary]] = {}
    for row in session.execute(query):
        members.setdefault(row.story_id, []).append(summary(row))
    return members


def summaries(within: Select | None = None) -> Select:
    """Article summaries (newest report each); `within` narrows the newest-report search to the articles it selects."""
    latest = latest_reports(within)
    title = func.coalesce(ReportRow.headline, ReportRow.title, ArticleRow.title, ArticleRow.source)
    return (
        select(
            ArticleRow.id,
            title,
            func.coalesce(ReportRow.title, ArticleRow.title),
            Outlet.name,
            func.coalesce(ReportRow.published, ArticleRow.published),
            ArticleRow.created_at,
            ReportRow.words,
            ReportRow.loaded_edits,
        )
        .join(latest, latest.c.article_id == ArticleRow.id)
        .join(ReportRow, ReportRow.id == latest.c.report_id)
        .outerjoin(Outlet, Outlet.id == ArticleRow.outlet_id)
    )


def summary(row) -> ArticleSummary:  # type: ignore[no-untyped-def]
    return ArticleSummary(
        id=row[0],
        title=row[1],
        original_title=row[2],
        outlet=row[3],
        published=row[4],
        created_at=row[5],
        words=row[6],
        loaded_edits=row[7],
    )


def newest_stored(session: Session, article_ids: list[int]) -> dict[int, StoredArticle]:
    """{article id: the article with its newest report} for those of `article_ids` that have one, one query for
    up to 500 (a story's members at once, where one query each would ask once per member)."""
    found: dict[int, StoredArticle] = {}
    for start in range(0, len(article_ids), 500):  # bounded IN lists
        chunk = article_ids[start : start + 500]
        newest = select(func.max(ReportRow.id)).where(ReportRow.article_id.in_(chunk)).group_by(ReportRow.article_id)
        query = select(ReportRow).where(ReportRow.id.in_(newest)).options(joinedload(ReportRow.article))
        found.update({row.article_id: stored(row) for row in session.scalars(query)})
    return found


def stored(row: ReportRow, *, created: bool = False) -> StoredArticle:
    article = row.article
    report = Report(
        source=article.source,
        **{name: getattr(row, name) for name in METADATA_FIELDS},
        fetch=article.fetch,
        original=row.original,
        text=row.text,
        edits=row.ledger,
        strength=row.strength,
        version=row.unspin_version,
    )
    return StoredArticle(
        id=article.id,
        content_hash=article.content_hash,
        kind=article.kind,
        source=article.source,
        outlet=article.outlet.name if article.outlet else None,
        created_at=article.created_at,
        report_id=row.id,
        report=report,
        words=row.words,
        loaded_edits=row.loaded_edits,
        created=created,
    )
