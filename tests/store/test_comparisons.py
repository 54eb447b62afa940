"""Kept story comparisons (`story_comparisons`): read under their key only, one row a story, forgotten when the
story's members change, on SQLite and PostgreSQL.

The articles get profiles placed just so (`bridging`), so no model runs: a and b are two stories, c's arrival
merges them, d is a story of its own.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.store.test_stories import EmbeddingOnly, bridging, save, table_groups
from unspin.store import Store
from unspin.store.models import StoryComparison
from unspin.store.stories import StoryKeeper


@pytest.fixture(autouse=True)
def _placed(monkeypatch: pytest.MonkeyPatch) -> None:
    by_source = bridging()
    monkeypatch.setattr(StoryKeeper, "profile", lambda self, report: by_source.get(report.source))
    monkeypatch.setattr(
        "unspin.stories.index.shipped_model", lambda: EmbeddingOnly(mean=(), scale=(), weights=(), intercept=0.0, threshold=0.5)
    )


def story(store: Store, source: str) -> int:
    """Save the article `source` and return its story's id."""
    saved = save(store, f"{source} text\n", source)
    return store.stories_of([saved.id])[saved.id]


def kept(store: Store) -> list[tuple[int, str, str]]:
    with store.engine.connect() as connection:
        rows = connection.execute(
            select(StoryComparison.story_id, StoryComparison.members, StoryComparison.version).order_by(
                StoryComparison.story_id, StoryComparison.members
            )
        ).all()
    return [tuple(row) for row in rows]


def test_a_comparison_is_read_under_its_key_only_and_by_every_process(db_url: str) -> None:
    store = Store(db_url)
    a = story(store, "a")
    assert store.comparison(a, "m1", "v1") is None
    assert store.keep_comparison(a, "m1", "v1", {"facts": ["x"]})
    other = Store(db_url)  # another process, or the server started again
    assert other.comparison(a, "m1", "v1") == {"facts": ["x"]}
    assert other.comparison(a, "m2", "v1") is None  # other members
    assert other.comparison(a, "m1", "v2") is None  # other code
    other.close()
    store.close()


def test_keeping_a_comparison_replaces_the_story_s_others(store: Store) -> None:
    a, d = story(store, "a"), story(store, "d")
    store.keep_comparison(a, "m1", "v1", {"n": 1})
    store.keep_comparison(d, "m9", "v1", {"n": 9})
    store.keep_comparison(a, "m2", "v1", {"n": 2})
    store.keep_comparison(a, "m2", "v1", {"n": 2})  # two processes that compared at once: the second changes nothing
    assert kept(store) == [(a, "m2", "v1"), (d, "m9", "v1")]
    assert store.comparison(a, "m1", "v1") is None and store.comparison(a, "m2", "v1") == {"n": 2}


def test_a_story_whose_members_change_forgets_its_comparisons(store: Store) -> None:
    a, b, d = story(store, "a"), story(store, "b"), story(store, "d")
    assert len({a, b, d}) == 3
    for story_id in (a, b, d):
        store.keep_comparison(story_id, f"m{story_id}", "v1", {"n": story_id})
    c = story(store, "c")  # joins a's story and merges b's into it
    assert table_groups(store) == [["1", "2", "4"], ["3"]]
    assert c == a and kept(store) == [(d, f"m{d}", "v1")]  # d's members did not change


def test_a_story_gone_keeps_nothing(store: Store) -> None:
    a = story(store, "a")
    assert not store.keep_comparison(a + 1000, "m1", "v1", {"n": 1})  # merged away while it was compared
    assert kept(store) == []
