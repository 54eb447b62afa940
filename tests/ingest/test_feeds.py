"""Feeds and sitemaps into article links (trafilatura parses, unspin fetches), with their dates."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from tests.ingest.website import Reply, Site, serve
from unspin.ingest.feeds import links, parse, since
from unspin.ingest.fetch import Fetcher, FetchError


@pytest.fixture
def site() -> Iterator[Site]:
    with serve(Site()) as running:
        running.routes["/robots.txt"] = Reply(body="User-agent: *\nDisallow: /private/\n", headers={"Content-Type": "text/plain"})
        yield running


def read(site: Site, path: str) -> list[tuple[str, date | None]]:
    with Fetcher(delay=0) as fetcher:
        return [(link.url.removeprefix(site.base), link.date and link.date.date()) for link in links(fetcher, site.base + path)]


def test_rss(site: Site) -> None:
    site.rss("/rss.xml", [("/a/1", "Mon, 30 Nov 2026 08:00:00 GMT"), ("/a/2", "Tue, 01 Dec 2026 08:00:00 +0100")])
    assert read(site, "/rss.xml") == [("/a/1", date(2026, 11, 30)), ("/a/2", date(2026, 12, 1))]


def test_atom_with_relative_links(site: Site) -> None:
    site.atom("/atom.xml", [("/b/1", "2026-12-02T10:00:00Z"), ("/b/2", "2026-11-01T10:00:00Z")])
    assert read(site, "/atom.xml") == [("/b/1", date(2026, 12, 2)), ("/b/2", date(2026, 11, 1))]


def test_sitemap_and_sitemap_index(site: Site) -> None:
    site.sitemap("/sitemap-1.xml", [("/c/1", "2026-12-03"), ("/c/2", "2026-12-04")])
    index = f'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>{site.base}/sitemap-1.xml</loc></sitemap></sitemapindex>'
    site.routes["/sitemap.xml"] = Reply(body=index, headers={"Content-Type": "application/xml"})
    assert read(site, "/sitemap.xml") == [("/c/1", date(2026, 12, 3)), ("/c/2", date(2026, 12, 4))]


def test_a_page_is_neither_feed_nor_sitemap(site: Site) -> None:
    site.routes["/page.xml"] = Reply(body="<?xml version='1.0'?><note>hello</note>", headers={"Content-Type": "text/xml"})
    with pytest.raises(FetchError, match="neither an RSS/Atom feed nor a sitemap"):
        read(site, "/page.xml")


def test_a_feed_served_as_html_is_refused(site: Site) -> None:
    site.routes["/feed"] = Reply(body="<html><body>hi</body></html>", headers={"Content-Type": "text/html"})
    with pytest.raises(FetchError, match="content type text/html is not one of"):
        read(site, "/feed")


def test_since_keeps_undated_links() -> None:
    found, _ = parse(
        "<rss><channel><item><link>https://x.org/1</link><pubDate>Mon, 30 Nov 2026 08:00:00 GMT</pubDate></item>"
        "<item><link>https://x.org/2</link></item></channel></rss>",
        "https://x.org/feed",
    )
    assert [link.url for link in found if since(link, date(2026, 12, 1))] == ["https://x.org/2"]
    assert [link.url for link in found if since(link, None)] == ["https://x.org/1", "https://x.org/2"]
