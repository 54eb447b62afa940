from __future__ import annotations

import pytest

from tests.render.conftest import parse
from tests.render.factory import report
from unspin.render import render_index


def test_index_lists_reports_with_counts_and_links(sample, curfew):
    doc = parse(render_index([sample, curfew], ["water-bill.html", "curfew.html"]))
    rows = doc.xpath("//tbody/tr")
    assert len(rows) == 2
    first = [td.text_content().strip() for td in rows[0].xpath("td")]
    assert first[0] == sample.title
    assert "Example Daily" in first[1] and "samples/water-bill.html" in first[1]
    assert first[2:] == ["4", "2", "2", "5"]
    assert [a.get("href") for a in doc.xpath("//tbody//a")] == ["water-bill.html", "curfew.html"]
    assert rows[1].xpath("td")[0].text_content().strip() == "test.txt"  # no title: the source
    assert doc.xpath("//h1")[0].text_content() == "2 reports"
    assert "5 cuts" in doc.xpath("//p[@class='meta']")[0].text_content()


def test_index_escapes_titles_and_drops_unsafe_links():
    hostile = report("x", title="<script>alert(1)</script>", source='"><u onclick=x>')
    html = render_index([hostile], ["javascript:alert(1)"])
    assert "<script>alert" not in html and "<u onclick" not in html
    doc = parse(html)
    assert not doc.xpath("//tbody//a")
    assert doc.xpath("//tbody//td")[0].text_content() == "<script>alert(1)</script>"


def test_index_needs_one_link_per_report(curfew):
    with pytest.raises(ValueError, match="1 reports but 0 links"):
        render_index([curfew], [])


def test_empty_index():
    assert parse(render_index([], [])).xpath("//p[@class='empty']")
