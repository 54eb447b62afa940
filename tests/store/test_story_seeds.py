"""The five seeds posted to a fresh store make two stories, {001-004} and {000}, on SQLite and PostgreSQL.

The seeds are read from ../shared/seeds: without them the test skips on a developer's machine and fails in CI.
Each seed is neutralized once for both databases (the store's `ingest` with a remembering step).
"""

from __future__ import annotations

import pytest

from tests.conftest import SEEDS, require_shared
from tests.stories.conftest import require_model
from unspin.ingest import Article
from unspin.pipeline import Options, read
from unspin.report import Report
from unspin.store import Store, ingest_all
from unspin.store.intake import neutralize_serially

pytestmark = pytest.mark.slow
_reports: dict[str, Report] = {}


def remembered(article: Article, options: Options) -> Report:
    if article.source not in _reports:
        _reports[article.source] = neutralize_serially(article, options)
    return _reports[article.source]


def test_the_seeds_make_two_stories(store: Store) -> None:
    require_shared(SEEDS)
    require_model()
    options = Options()
    results = list(ingest_all(store, read([str(SEEDS)], options), options, neutralizer=remembered))
    assert [type(result).__name__ for result in results] == ["StoredArticle"] * 5
    source = {result.id: result.source.rsplit("/", 1)[-1][:3] for result in results}
    grouped = sorted(sorted(source[member.id] for member in store.story(record.id).articles) for record in store.stories())
    assert grouped == [["000"], ["001", "002", "003", "004"]]
    titles = {record.title for record in store.stories()}
    assert all(title and not title.endswith(".txt") for title in titles)
