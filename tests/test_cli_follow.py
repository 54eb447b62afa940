"""`unspin follow` and `unspin neutralize URL` against a local site (no internet): store once, resume, refuse in one line."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.ingest.website import Reply, Site, article_html, serve
from unspin.cli import app
from unspin.store import Store

ARTICLES = 50


@pytest.fixture(scope="module")
def site() -> Iterator[Site]:
    with serve(Site()) as running:
        running.routes["/robots.txt"] = Reply(body="User-agent: *\nDisallow: /private/\n", headers={"Content-Type": "text/plain"})
        items = []
        for number in range(ARTICLES):
            running.page(f"/news/{number}.html", article_html(number))
            items.append((f"/news/{number}.html", f"Mon, {number % 28 + 1:02d} Nov 2026 08:00:00 GMT"))
        running.rss("/feed.xml", items)
        running.sitemap("/sitemap.xml", [(path, f"2026-11-{number + 1:02d}") for number, (path, _) in enumerate(items[:28])])
        running.routes["/broken.xml"] = Reply(body="<html>no feed here</html>", headers={"Content-Type": "text/html"})
        yield running


def unspin(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_follow_stores_every_article_once_and_a_rerun_fetches_nothing(site: Site, tmp_path: Path) -> None:
    db = str(tmp_path / "follow.db")
    code, _, err = unspin("follow", f"{site.base}/feed.xml", "--db", db, "--delay", "0")
    assert code == 0, err
    assert f"{ARTICLES} link(s) listed: {ARTICLES} new, 0 already stored" in err
    assert f"{ARTICLES} new report(s) stored" in err
    store = Store(db)
    try:
        page = store.articles(per_page=100)
        assert page.total == ARTICLES
        story_of = store.stories_of(item.id for item in page.items)  # every followed article is in a story
        assert sorted(story_of) == sorted(item.id for item in page.items)
        assert f"stories: {ARTICLES} article(s) in {len(set(story_of.values()))} stor" in err
        members = [article.id for record in store.stories() for article in store.story(record.id).articles]
        assert sorted(members) == sorted(story_of)  # each in exactly one story
        stored = store.get(page.items[0].id)
        assert stored is not None and "[...]" in stored.report.text
        assert stored.report.url is not None and stored.report.url.startswith(site.base)
        assert stored.report.fetch is not None and stored.report.fetch.status == 200  # kept by the store (articles.fetch)
        assert stored.report.fetch.final_url == stored.report.url == stored.report.source
    finally:
        store.close()
    fetched = {path for path, _, _ in site.requests if path.startswith("/news/")}
    assert len(fetched) == ARTICLES and all(site.hits(path) == 1 for path in fetched)

    before = len(site.requests)
    code, _, err = unspin("follow", f"{site.base}/feed.xml", "--db", db, "--delay", "0")
    assert code == 0, err
    assert f"{ARTICLES} link(s) listed: 0 new, {ARTICLES} already stored" in err
    assert [path for path, _, _ in site.requests[before:]] == ["/robots.txt", "/feed.xml"]  # the feed only


def test_follow_since_skips_older_links_and_a_bad_feed_is_one_line(site: Site, tmp_path: Path) -> None:
    db, out = str(tmp_path / "since.db"), tmp_path / "out"
    locations = [f"{site.base}/broken.xml", f"{site.base}/sitemap.xml"]
    code, _, err = unspin("follow", *locations, "--db", db, "--delay", "0", "--since", "2026-11-27", "--out", str(out))
    assert code == 1
    assert f"error: {site.base}/broken.xml: content type text/html is not one of" in err
    assert "28 link(s) listed: 2 new, 0 already stored, 26 older than 2026-11-27" in err  # lastmod 27 and 28 Nov
    assert "2 new report(s) stored" in err and "1 input(s) failed, 2 article(s) done" in err
    assert (out / "index.html").exists() and {path.name for path in out.glob("*.html")} >= {"26.html", "27.html"}


def test_neutralize_urls_with_fetch_metadata_and_one_line_refusals(site: Site, tmp_path: Path) -> None:
    site.routes["/redirect"] = Reply(301, headers={"Location": "/news/7.html"})
    code, out, err = unspin("neutralize", f"{site.base}/redirect", f"{site.base}/private/x.html", "--format", "json")
    assert code == 1
    assert f"error: {site.base}/private/x.html: disallowed by robots.txt" in err
    report = json.loads(out)  # one report: one JSON document
    assert report["source"] == f"{site.base}/redirect"
    assert report["url"] == f"{site.base}/news/7.html"
    assert report["fetch"]["status"] == 200 and report["fetch"]["final_url"] == report["url"]
    assert "item 7" in report["text"]
