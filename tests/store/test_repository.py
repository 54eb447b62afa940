"""Saving and reading: every original, output and ledger kept exactly, each article stored once."""

from __future__ import annotations

from sqlalchemy import func, select, text

from tests.store.factory import TEXT, article, report_for
from tests.stories.conftest import require_model
from unspin.ingest import Article
from unspin.store import Store
from unspin.store.models import ArticleRow, ReportRow


def rows(store: Store, model: type) -> int:
    with store.engine.connect() as connection:
        return connection.scalar(select(func.count()).select_from(model))


def test_save_keeps_original_output_and_ledger(store: Store) -> None:
    item = article(title="Council approves bridge", outlet="Harbour Post")
    report = report_for(item)
    saved = store.save(item, report)
    assert saved.created
    got = store.get(saved.id)
    assert got is not None and not got.created
    assert got.report.original == TEXT
    assert got.report.text == report.text
    assert got.report.edits == report.edits
    assert got.report.verify()
    assert got.outlet == "Harbour Post"
    assert store.original(saved.id) == ("text", TEXT)


def test_html_is_kept_as_received(store: Store) -> None:
    page = "<html><body><p>It was <b>shockingly</b> late.</p>\r\n</body></html>"
    item = Article(source="page.html", html=page)
    report = report_for(Article(source="page.html", text="It was shockingly late."))
    saved = store.save(item, report)
    assert store.original(saved.id) == ("html", page.replace("\r\n", "\n"))
    assert saved.kind == "html"


def test_same_article_twice_is_stored_once(store: Store) -> None:
    first = store.save(article(), report_for(article()))
    again = store.save(article(source="elsewhere.txt", title="Other title"), report_for(article()))
    assert (again.id, again.report_id, again.created) == (first.id, first.report_id, False)
    assert rows(store, ArticleRow) == 1 and rows(store, ReportRow) == 1


def test_windows_line_endings_are_the_same_article(store: Store) -> None:
    first = store.save(article(), report_for(article()))
    crlf = article(TEXT.replace("\n", "\r\n"))
    assert store.save(crlf, report_for(article())).id == first.id


def test_another_strength_or_version_adds_a_report_not_an_article(store: Store) -> None:
    item = article()
    store.save(item, report_for(item))
    strong = store.save(item, report_for(item, strength="strong"))
    newer = store.save(item, report_for(item, version="0.2.0"))
    assert strong.created and newer.created
    assert rows(store, ArticleRow) == 1 and rows(store, ReportRow) == 3
    assert store.get(strong.id).report.version == "0.2.0"  # the newest report
    assert store.get(strong.id, strength="strong").report.strength == "strong"
    assert store.find(item, version="0.1.0", strength="strong").report_id == strong.report_id
    assert store.find(item, version="9.9", strength="standard") is None


def test_missing_ids_are_none(store: Store) -> None:
    assert store.get(12345) is None
    assert store.original(12345) is None
    assert store.story(12345) is None


def test_list_newest_first_with_pages(store: Store) -> None:
    for n in range(25):
        item = article(f"Story number {n}: the council met.\n", title=f"Story {n}")
        store.save(item, report_for(item))
    first = store.articles(page=1)
    assert first.total == 25 and first.pages == 2 and len(first.items) == 20
    assert first.items[0].title == "Story 24"
    second = store.articles(page=2)
    assert [item.title for item in second.items] == [f"Story {n}" for n in range(4, -1, -1)]
    assert store.articles(page=99).items == []


def test_search_and_outlet_filter(store: Store) -> None:
    for text_, outlet in (
        ("Bridge vote passes.\n", "Harbour Post"),
        ("Flood warning issued.\n", "Northgate Courier"),
        ("Bridge costs rise 50% again.\n", "Northgate Courier"),
    ):
        item = article(text_, outlet=outlet)
        store.save(item, report_for(item))
    assert store.articles(q="BRIDGE").total == 2
    assert store.articles(q="bridge", outlet="Northgate Courier").total == 1
    assert store.articles(outlet="Nobody").total == 0
    assert store.articles(q="50%").total == 1
    assert store.articles(q="%").total == 1  # wildcards are literal characters: only "50%" matches
    assert store.articles(q="_").total == 0


def test_outlet_density_counts_loaded_edits_per_100_words(store: Store) -> None:
    loaded = article("The shockingly bad plan was slammed by all eight members.\n", outlet="Loud Daily")
    calm = article("The plan was approved by all eight members of the council.\n", outlet="Calm Times")
    store.save(loaded, report_for(loaded))
    store.save(calm, report_for(calm))
    stats = {item.name: item for item in store.outlets()}
    assert stats["Loud Daily"].words == 10 and stats["Loud Daily"].loaded_edits == 2
    assert stats["Loud Daily"].density == 20.0
    assert stats["Calm Times"].density == 0.0


def test_outlet_names_are_normalised_and_shared(store: Store) -> None:
    one = article("First.\n", outlet="  Harbour   Post ")
    two = article("Second.\n", outlet="Harbour Post")
    store.save(one, report_for(one))
    store.save(two, report_for(two))
    assert [(item.name, item.articles) for item in store.outlets()] == [("Harbour Post", 2)]


def test_a_saved_article_is_listed_in_its_story(store: Store) -> None:
    require_model()
    assert store.stories() == []
    item = article(title="Council approves bridge")
    saved = store.save(item, report_for(item))
    (story,) = store.stories()
    assert story.title == "Council approves bridge"
    assert [item.id for item in store.story(story.id).articles] == [saved.id]
    assert store.story(story.id + 1000) is None


def test_ping(store: Store) -> None:
    store.ping()
    with store.engine.connect() as connection:
        assert connection.execute(text("SELECT 1")).scalar() == 1


def test_nul_characters_are_refused_not_mangled(store: Store) -> None:
    import pytest

    from unspin.store.records import UnstorableArticle

    for item in (article("Text with a \x00 in it.\n"), article(url="http://x.test/\x00")):
        with pytest.raises(UnstorableArticle, match="NUL"):
            store.save(item, report_for(article()))
    assert rows(store, ArticleRow) == 0


def test_searching_for_a_nul_finds_nothing(store: Store) -> None:
    store.save(article(), report_for(article()))
    assert store.articles(q="\x00").total == 0 and store.articles(outlet="a\x00").total == 0
