"""Outlet identity: metadata, site name, web address, dateline or byline; otherwise unknown, never a file name."""

from __future__ import annotations

import json

import lxml.html
import pytest

from unspin.ingest import Article
from unspin.ingest.outlet import UNKNOWN, identify_outlet, known_outlets, outlet_from_host, source_name
from unspin.pipeline import neutralize, read
from unspin.render import render

BODY = (
    "The city council approved the new bridge on Tuesday after a three-hour debate.\n\n"
    "The bridge will cost 48 million euros and open in 2027, the council said.\n"
)
PAGE = """<!DOCTYPE html><html><head><title>Bridge approved | Tidewater Gazette</title>
<meta property="og:site_name" content="Tidewater Gazette"></head>
<body><article><h1>Bridge approved</h1>
<p>The city council approved the new bridge on Tuesday after a three-hour debate that ran late into the night.</p>
<p>The bridge will cost 48 million euros and open in 2027, the council said in a statement on Wednesday.</p>
</article></body></html>"""
JSON_LD = PAGE.replace(
    '<meta property="og:site_name" content="Tidewater Gazette">',
    '<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle", '
    '"headline": "Bridge approved", "publisher": {"@type": "Organization", "name": "Harbour Post"}}</script>',
)


def outlet(**article) -> str | None:
    return neutralize(Article(source="feeds/9f86d081884c7d65.txt", **article)).outlet


def test_the_data_file_maps_domains_and_aliases():
    known = known_outlets()
    assert len(known.domains) >= 100
    assert known.domains["reuters.com"] == "Reuters" and known.names["AP"] == "Associated Press"


def test_metadata_wins():
    assert outlet(text=BODY, outlet="Harbour Post", url="https://www.reuters.com/x") == "Harbour Post"


def test_a_page_names_itself_with_og_site_name():
    assert outlet(html=PAGE) == "Tidewater Gazette"


def test_a_page_names_its_publisher_in_json_ld():
    assert outlet(html=JSON_LD) == "Harbour Post"


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("https://www.reuters.com/world/europe/bridge-2026-12-01/", "Reuters"),
        ("https://edition.cnn.com/2026/12/01/europe/bridge/index.html", "CNN"),
        ("https://www.bbc.co.uk/news/articles/c0000", "BBC News"),
        ("https://apnews.com/article/bridge-0000", "Associated Press"),
    ],
)
def test_a_url_on_a_known_domain(url, name):
    assert outlet(text=BODY, url=url) == name


def test_an_unknown_domain_is_no_outlet():
    assert outlet_from_host("https://bridges.example/news/1") is None
    assert outlet(text=BODY, url="https://bridges.example/news/1") is None


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (f"LONDON (Reuters) - {BODY}", "Reuters"),
        (f"PARIS (AFP) — {BODY}", "Agence France-Presse"),
        (f"By Jane Roe and John Doe, Associated Press\n\n{BODY}", "Associated Press"),
        (f"By Jane Roe | Bloomberg\n\n{BODY}", "Bloomberg"),
    ],
)
def test_a_dateline_or_byline_credits_a_known_outlet(text, name):
    assert outlet(text=text) == name


def test_a_byline_naming_only_a_person_or_an_unknown_paper_is_no_outlet():
    assert outlet(text=f"By Jane Roe, Staff Writer\n\n{BODY}") is None
    assert outlet(text=f"WASHINGTON (UPDATED) - {BODY}") is None
    assert identify_outlet(text="The Financial Times reported (Reuters) that the talks failed.") is None  # not a dateline


def test_a_plain_file_has_an_unknown_outlet_and_never_its_file_stem():
    report = neutralize(Article(source="feeds/9f86d081884c7d65.txt", text=BODY))
    assert report.outlet is None and report.outlet_name is None
    page = lxml.html.fromstring(render(report, "html"))
    assert [e.text_content() for e in page.xpath("//div[@class='meta']//span[contains(@class, 'outlet')]")] == [UNKNOWN]
    assert "9f86d081884c7d65.txt" in page.xpath("//span[@class='source']")[0].text_content()  # the source, in small print
    assert render(report, "md").startswith(f"*{UNKNOWN}*")
    assert source_name(report.source) == "9f86d081884c7d65.txt"


def test_a_feed_line_may_say_site_name(tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"text": BODY, "site_name": "Northgate Courier"}) + "\n", encoding="utf-8")
    (article,) = read([str(feed)])
    assert article.outlet == "Northgate Courier"


def test_furniture_names_the_outlet():
    bio = "Jonas Pell is a staff reporter at the Meridian Daily who writes about infrastructure."
    assert identify_outlet(furniture=bio) == identify_outlet(furniture="Read more from Meridian Daily:")
    assert identify_outlet(furniture=bio).name == "Meridian Daily"
    assert identify_outlet(text=bio) is None  # the article's own text names other outlets all the time
