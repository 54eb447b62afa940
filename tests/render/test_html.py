from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from tests.render.conftest import CURFEW, parse
from tests.render.factory import edit, report
from unspin.edit.ledger import CUT_MARK
from unspin.render import legend, render_html


def article(html: str):
    return parse(html).xpath("//article")[0]


def test_cut_is_a_focusable_span_that_names_the_cut_words(curfew):
    doc = parse(render_html(curfew))
    (span,) = doc.xpath("//article//span[@class='cut']")
    assert span.text == CUT_MARK
    assert span.get("data-cut") == "oppressive"
    assert span.get("tabindex") == "0"
    assert span.get("title") == "cut: oppressive — emotive adjective (emotive-adjective)"
    assert "emotive adjective" in span.get("data-why")
    assert "The [...] government imposed a curfew." in article(render_html(curfew)).text_content()


def test_css_shows_the_cut_words_on_hover_and_focus(curfew):
    css = parse(render_html(curfew)).xpath("//style")[0].text
    assert "attr(data-cut)" in css
    assert ".cut:hover::after" in css and ".cut:focus::after" in css


def test_modify_is_a_blue_mark_with_the_original(curfew_modified):
    doc = parse(render_html(curfew_modified))
    (mark,) = doc.xpath("//article//mark")
    assert mark.get("class") == "mod modify"
    assert mark.text == "announced"
    assert mark.get("title") == "was: imposed — implies force (loaded-verb)"
    assert article(render_html(curfew_modified)).text_content().count("The [...] government announced a curfew.") == 1
    css = doc.xpath("//style")[0].text
    rule = re.search(r"mark\.mod \{([^}]*)\}", css).group(1)
    assert "var(--blue-bg)" in rule and "var(--blue-ink)" in rule
    assert "yellow" not in css.lower() and "#ff0" not in css.lower()


def test_add_shows_its_source():
    original = "Talks end on Friday."
    r = report(
        original, [edit(original, "add", replacement=" (7 June)", after="Friday", reason="resolved relative date", source="FT")]
    )
    (mark,) = parse(render_html(r)).xpath("//article//mark")
    assert mark.text == "(7 June)"  # the highlight does not cover the leading space
    assert mark.get("title") == "Added from FT — resolved relative date"
    assert mark.get("class") == "mod add"


def test_boilerplate_is_listed_in_a_closed_details_section_not_in_the_body(sample):
    html = render_html(sample)
    doc = parse(html)
    assert "Skip to content" not in article(html).text_content()
    (details,) = doc.xpath("//details")
    assert details.get("open") is None
    assert details.xpath("summary")[0].text_content() == "Removed web furniture (5 lines)"
    items = [li.text_content() for li in details.xpath(".//li")]
    assert items[0] == "Skip to contentnavigation"
    assert len(items) == 5


def test_no_details_section_without_boilerplate(curfew):
    assert not parse(render_html(curfew)).xpath("//details")


def test_title_paragraph_becomes_the_only_heading(sample):
    doc = parse(render_html(sample))
    assert [h.text_content() for h in doc.xpath("//h1")] == [sample.title]
    paragraphs = [p.text_content() for p in doc.xpath("//article/p")]
    assert sample.title not in paragraphs
    assert len(paragraphs) == 5


def test_title_not_in_text_gets_a_heading(curfew):
    r = curfew.model_copy(update={"title": "Curfew"})
    doc = parse(render_html(r))
    assert [h.text_content() for h in doc.xpath("//h1")] == ["Curfew"]
    assert doc.xpath("//title")[0].text == "Curfew · unspin"


def test_header_shows_metadata_and_counts(sample):
    meta = parse(render_html(sample)).xpath("//div[@class='meta']")[0].text_content()
    for text in (
        "Example Daily",
        "By Sam Lee",
        "2024-06-04",
        "https://example.com/news/water-bill",
        "4 cuts",
        "2 modifications",
        "2 additions",
        "5 lines of web furniture removed",
    ):
        assert text in " ".join(meta.split())


def test_legend_uses_the_shared_wording(sample):
    text = " ".join(parse(render_html(sample)).xpath("//section[@class='legend']")[0].text_content().split())
    for sentence in (legend.MODIFIED, legend.CUT, legend.EXAMPLE, legend.HOVER, legend.LEDGER_HTML):
        assert sentence in text


def test_edits_table_lists_every_edit(sample):
    rows = parse(render_html(sample)).xpath("//section[@class='ledger']//tbody/tr")
    assert len(rows) == len(sample.edits)
    cells = [td.text_content().strip() for td in rows[4].xpath("td")]
    assert cells == ["5", "modify", "pushed through", "passed", "loaded-verb", "implies force; neutral verb", "0.78"]
    assert "Added from FT" in rows[6].text_content()


def test_page_is_self_contained(sample):
    html = render_html(sample)
    doc = parse(html)
    assert not doc.xpath("//script | //link | //img | //iframe | //*[@src]")
    assert doc.xpath("//meta[@name='viewport']")
    assert "@import" not in html and "url(" not in html
    assert [a.get("href") for a in doc.xpath("//a")] == ["https://example.com/news/water-bill"]


def test_empty_report_renders():
    doc = parse(render_html(report("")))
    assert doc.xpath("//p[@class='empty']")


HOSTILE = (
    'Hi <script>alert(1)</script> there " onmouseover="x and <a href="javascript:alert(2)">link</a>'
    " <img src=x onerror=alert(3)> <b>broken <i markup & <!-- comment --> ]]> </p></article>"
)


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


@pytest.fixture
def hostile():
    cut = '" onmouseover="x'
    return report(
        HOSTILE,
        [
            edit(HOSTILE, "cut", cut, category='"><script>alert(4)</script>', reason="<b>why</b>"),
            edit(HOSTILE, "modify", "link", "<script>alert(5)</script>", reason="javascript:alert(6)"),
            edit(HOSTILE, "add", replacement="<img src=y onerror=alert(7)>", after="there", source='FT"><script>'),
            edit(HOSTILE, "boilerplate", "<b>broken", category="<style>body{display:none}</style>"),
        ],
        title="<script>alert(8)</script>",
        url="javascript:alert(9)",
        outlet='"><script>alert(10)</script>',
        author="<i onmouseover=alert(11)>",
        published="<svg onload=alert(12)>",
    )


def test_untrusted_text_is_always_escaped(hostile):
    html = render_html(hostile)
    parser = _Tags()
    parser.feed(html)
    tags = {tag for tag, _ in parser.tags}
    assert tags <= {
        "html",
        "head",
        "meta",
        "title",
        "style",
        "body",
        "div",
        "header",
        "span",
        "b",
        "article",
        "h1",
        "h2",
        "p",
        "mark",
        "section",
        "ul",
        "li",
        "q",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "details",
        "summary",
        "ol",
        "footer",
    }
    assert "script" not in tags and "img" not in tags and "svg" not in tags and "a" not in tags
    for _, attrs in parser.tags:
        assert not any(name.startswith("on") for name in attrs)
        assert not any((value or "").strip().lower().startswith("javascript:") for value in attrs.values())
    assert len([t for t, _ in parser.tags if t == "style"]) == 1
    for raw in ("<script", 'onmouseover="x', "<img", "<b>broken", "<svg", "<!-- comment"):
        assert raw not in html
    # ...and the reader still sees exactly what the article said.
    doc = parse(html)
    assert "<script>alert(1)</script>" in doc.xpath("//article")[0].text_content()
    assert doc.xpath("//span[@class='cut' and @tabindex]")[0].get("data-cut") == '" onmouseover="x'
    assert doc.xpath("//h1")[0].text_content() == "<script>alert(8)</script>"


@pytest.mark.parametrize(
    ("url", "linked"),
    [
        ("https://example.com/a", True),
        ("http://example.com/a", True),
        ("a/b.html", True),
        ("javascript:alert(1)", False),
        (" JavaScript:alert(1)", False),
        ("java\tscript:alert(1)", False),
        ("data:text/html,x", False),
        ("//evil.example/x", False),
        ("vbscript:x", False),
    ],
)
def test_only_safe_urls_become_links(url, linked):
    r = report(CURFEW, source="s.txt", url=url)
    hrefs = [a.get("href") for a in parse(render_html(r)).xpath("//a")]
    assert hrefs == ([url.strip()] if linked else [])


def test_a_flag_is_its_own_focusable_mark_not_blue():
    original = "The plight of the workers grew."
    r = report(
        original,
        [
            edit(
                original,
                "flag",
                "plight",
                "plight",
                category="loaded_noun",
                reason="'plight' is a loaded label. Kept as written: no neutral word says the same.",
                confidence=0.7,
            )
        ],
    )
    doc = parse(render_html(r))
    (mark,) = doc.xpath("//article//mark")
    assert mark.get("class") == "flag" and mark.text == "plight" and mark.get("tabindex") == "0"
    assert mark.get("title").startswith("flagged, kept as written — 'plight' is a loaded label.")
    assert mark.get("data-why") == mark.get("title")
    assert article(render_html(r)).text_content().count("The plight of the workers grew.") == 1
    css = doc.xpath("//style")[0].text
    rule = re.search(r"mark\.flag \{([^}]*)\}", css).group(1)
    assert "blue" not in rule
    assert "mark.flag:hover::after" in css and "mark.flag:focus::after" in css
    assert legend.FLAGGED in doc.xpath("//section[@class='legend']")[0].text_content()
    assert "1 flagged, kept as written" in " ".join(doc.xpath("//ul[@class='tally']")[0].text_content().split())


def test_a_hostile_flag_is_escaped():
    original = 'It was <script>alert(1)</script> " onmouseover="x done.'
    words = '<script>alert(1)</script> " onmouseover="x'
    r = report(original, [edit(original, "flag", words, words, reason='<img src=x onerror=alert(2)>"><b>')])
    html = render_html(r)
    parser = _Tags()
    parser.feed(html)
    assert "script" not in {t for t, _ in parser.tags} and "img" not in {t for t, _ in parser.tags}
    for _, attrs in parser.tags:
        assert not any(name.startswith("on") for name in attrs)
    (mark,) = parse(html).xpath("//article//mark[@class='flag']")
    assert mark.text == words
