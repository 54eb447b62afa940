"""RSS/Atom feeds and sitemaps into the article URLs they list (with their dates, when they give one).

trafilatura parses: `trafilatura.feeds.find_links` reads RSS, Atom and JSON feeds, and
`trafilatura.sitemaps.is_plausible_sitemap` tells a sitemap (XML or plain-text list) from anything else.
Two things it does not do, and this module does: fetching goes through unspin's `Fetcher` (robots.txt,
rate limit, size cap, one-line errors) instead of `fetch_url`, and each link keeps its date
(`pubDate`, `updated`, `published`, `lastmod`) so `unspin follow --since` can skip old articles
before fetching them. trafilatura's `check_url` link filter is not used: it drops hosts with a port,
and the user named the feed, so its links are the user's choice.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit

from lxml import etree
from trafilatura.feeds import FeedParameters, find_links, is_potential_feed
from trafilatura.sitemaps import is_plausible_sitemap

from unspin.ingest.fetch import FEED_TYPES, Fetcher, FetchError, is_url

MAX_SITEMAPS = 100  # a sitemap index names other sitemaps; follow at most this many per argument
_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "atom": "http://www.w3.org/2005/Atom"}


@dataclass(frozen=True)
class Link:
    """An article URL a feed or sitemap listed, and its date there (None when it gives none)."""

    url: str
    date: datetime | None = None


def links(fetcher: Fetcher, location: str) -> Iterator[Link]:
    """Every article link of the feed or sitemap at `location` (a sitemap index is followed), in order, once.

    Raises `FetchError` when `location` cannot be fetched or is neither a feed nor a sitemap.
    """
    if not is_url(location):
        raise FetchError("not an http(s) URL")
    pending, seen_maps, seen = [location], set(), set()
    while pending and len(seen_maps) < MAX_SITEMAPS:
        current = pending.pop(0)
        if current in seen_maps:
            continue
        seen_maps.add(current)
        fetched = fetcher.fetch(current, accept=FEED_TYPES)
        found, children = parse(fetched.text, fetched.final_url)
        if not found and not children and current == location:
            raise FetchError("neither an RSS/Atom feed nor a sitemap (no links found)")
        pending.extend(children)
        for link in found:
            if link.url not in seen:
                seen.add(link.url)
                yield link


def parse(document: str, base: str) -> tuple[list[Link], list[str]]:
    """(article links, further sitemaps) of a feed or sitemap document fetched from `base`."""
    document = document.lstrip("\ufeff").strip()
    root = _xml(document) if document.startswith("<") else None
    if root is not None and etree.QName(root).localname in ("urlset", "sitemapindex"):
        return _sitemap(document, base)  # before the feed test: trafilatura takes any XML for a possible feed
    if is_potential_feed(document) or document.startswith("{"):
        domain = urlsplit(base).hostname or ""
        urls = find_links(document, FeedParameters(base, domain, base))
        dates = _feed_dates(document)  # also tells the items' links from the channel's own (its home page)
        urls = [url for url in urls if url in dates] if dates else urls
        return [Link(urljoin(base, url), dates.get(url)) for url in urls if url != base], []
    if is_plausible_sitemap(base, document):
        return _sitemap(document, base)
    return [], []


def since(link: Link, day: date | None) -> bool:
    """Whether `link` is new enough: dated on or after `day`, or undated (we cannot tell, so we fetch it)."""
    return day is None or link.date is None or link.date.date() >= day


def _sitemap(document: str, base: str) -> tuple[list[Link], list[str]]:
    if not document.startswith("<"):  # a plain-text sitemap: one URL a line
        return [Link(line.strip()) for line in document.splitlines() if is_url(line.strip())], []
    root = _xml(document)
    if root is None:
        return [], []
    children = [
        urljoin(base, loc.strip()) for loc in root.xpath("//sm:sitemap/sm:loc/text() | //sitemap/loc/text()", namespaces=_NS)
    ]
    found = []
    for entry in root.xpath("//sm:url | //url", namespaces=_NS):
        loc = entry.xpath("string(sm:loc | loc)", namespaces=_NS).strip()
        if loc:
            found.append(Link(urljoin(base, loc), _date(entry.xpath("string(sm:lastmod | lastmod)", namespaces=_NS))))
    return found, children


def _feed_dates(document: str) -> dict[str, datetime | None]:
    """Each RSS item's and Atom entry's link with its date (trafilatura reads links only)."""
    root = _xml(document)
    if root is None:
        return {}
    dates: dict[str, datetime | None] = {}
    for item in root.xpath("//item"):
        link = item.xpath("string(link)").strip()
        dates[link] = _date(item.xpath("string(pubDate)") or item.xpath("string(*[local-name()='date'])"))
    for entry in root.xpath("//atom:entry", namespaces=_NS):
        when = _date(entry.xpath("string(atom:updated)", namespaces=_NS) or entry.xpath("string(atom:published)", namespaces=_NS))
        for href in entry.xpath("atom:link/@href", namespaces=_NS):
            dates[href.strip()] = when
    return dates


def _xml(document: str) -> etree._Element | None:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=True, huge_tree=False)
    try:
        return etree.fromstring(document.encode("utf-8"), parser)
    except etree.XMLSyntaxError:
        return None


def _date(value: str) -> datetime | None:
    """An RFC 822 (RSS) or ISO 8601 (Atom, sitemaps) date, in UTC; None when absent or unreadable."""
    value = (value or "").strip()
    if not value:
        return None
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)
