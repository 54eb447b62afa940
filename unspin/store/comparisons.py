"""Story comparisons kept in the database (`story_comparisons`), so no process compares a story twice.

What a comparison holds and how its key is made is the stories stage's business (`unspin.stories.kept`); here it
is a JSON document under (story id, members digest, code digest). Correctness rests on the key, not on timing: a
reader asks only for the key of the story as it stands now, so a row written by a process that compared an older
membership is never read. Rows are also removed when they can no longer be read, so the table stays one row a story:
the assignment that changes a story's members deletes its rows in the same transaction (`forget`), and keeping a
new comparison deletes the story's rows under other keys.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import and_, bindparam, delete, not_, select
from sqlalchemy.orm import Session

from unspin.store.models import Story, StoryComparison

COMPARISONS = StoryComparison.__table__
FORGET = delete(COMPARISONS).where(COMPARISONS.c.story_id.in_(bindparam("ids", expanding=True)))


def read(session: Session, story_id: int, members: str, version: str) -> dict | None:
    """The kept comparison of the story with these members, made by this code; None when there is none."""
    return session.scalar(
        select(StoryComparison.data).where(
            StoryComparison.story_id == story_id, StoryComparison.members == members, StoryComparison.version == version
        )
    )


def keep(session: Session, insert, story_id: int, members: str, version: str, data: dict) -> bool:  # type: ignore[no-untyped-def]
    """Keep a comparison, replacing the story's others; False when the story is gone (merged away meanwhile).

    `insert` is the dialect's INSERT construct (`Store._insert`): two processes that compared the same story at
    once both write, and the second write changes nothing.
    """
    if session.get(Story, story_id) is None:
        return False
    session.execute(
        delete(StoryComparison).where(
            StoryComparison.story_id == story_id,
            not_(and_(StoryComparison.members == members, StoryComparison.version == version)),
        )
    )
    session.execute(
        insert(StoryComparison)
        .values(story_id=story_id, members=members, version=version, data=data)
        .on_conflict_do_nothing(index_elements=["story_id", "members", "version"])
    )
    return True


def forget(session: Session, story_ids: Iterable[int]) -> None:
    """Delete the kept comparisons of stories whose members change (called in the transaction that changes them: every
    assignment, so the statement is built once and runs on the connection, not as an ORM-enabled delete)."""
    wanted = sorted(story_ids)
    if wanted:
        session.connection().execute(FORGET, {"ids": wanted})
