from __future__ import annotations

import pytest

from tests.render.factory import edit, report
from unspin.render import legend, render_markdown
from unspin.render.markdown import escape, escape_block_start


def test_cuts_and_bold_modifications(curfew_modified):
    md = render_markdown(curfew_modified)
    assert "The [...] government **announced** a curfew." in md
    assert "- [...] #1: cut 'oppressive' — emotive adjective (emotive-adjective)" in md
    assert "- #1: 'announced' was 'imposed' — implies force (loaded-verb)" in md


def test_legend_follows_the_text(curfew):
    md = render_markdown(curfew)
    assert md.index("The [...] government") < md.index(legend.MODIFIED)
    for sentence in (legend.MODIFIED, legend.CUT, legend.EXAMPLE, legend.LEDGER_MARKDOWN):
        assert sentence in md


def test_title_heading_metadata_and_counts(sample):
    md = render_markdown(sample)
    assert md.startswith(f"# {sample.title}\n\n*Example Daily · By Sam Lee · 2024-06-04*  \n")
    assert md.count(sample.title) == 1
    assert "4 cuts · 2 modifications · 2 additions · 0 flagged · 5 lines of web furniture removed" in md
    assert "Skip to content" not in md
    assert "(Added from FT)" in md


def test_bold_keeps_punctuation_outside_so_emphasis_parses(sample):
    md = render_markdown(sample)
    assert "which passed, **by 7 votes to 4**, after" in md
    assert "on Tuesday (**4 June 2024**) [...] **passed**" in md


def test_article_markup_is_escaped():
    original = "# Not a heading\n1. Not a list *or* _emphasis_ [link](http://x) <b>html</b> &amp;"
    md = render_markdown(report(original))
    assert "\\# Not a heading" in md
    assert "1\\. Not a list \\*or\\* \\_emphasis\\_ \\[link\\](http://x) \\<b\\>html\\</b\\> \\&amp;" in md


def test_cut_mark_before_a_parenthesis_is_not_a_link():
    original = "Eager (as ever) officials: said"
    r = report(original, [edit(original, "cut", "Eager "), edit(original, "cut", "officials")])
    md = render_markdown(r)
    assert "\\[...\\](as ever) \\[...\\]: said" in md


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("- item", "\\- item"),
        ("> quote", "\\> quote"),
        ("1984. Orwell", "1984\\. Orwell"),
        ("3.5 percent", "3.5 percent"),
        ("plain", "plain"),
        ("+ plus", "\\+ plus"),
    ],
)
def test_escape_block_start(text, expected):
    assert escape_block_start(text) == expected


def test_escape_leaves_ordinary_punctuation():
    assert escape("U.S. officials (again) said: yes!") == "U.S. officials (again) said: yes!"


def test_commonmark_reads_it_as_intended(sample):
    """A CommonMark parser (markdown-it-py, which rich depends on) sees bold words and literal [...]."""
    markdown_it = pytest.importorskip("markdown_it")
    html = markdown_it.MarkdownIt("commonmark").render(render_markdown(sample))
    assert "The city council on Tuesday (<strong>4 June 2024</strong>) [...] <strong>passed</strong>" in html
    assert "which passed, <strong>by 7 votes to 4</strong>, after" in html
    assert "<a " not in html


def test_commonmark_sees_no_markup_from_the_article():
    markdown_it = pytest.importorskip("markdown_it")
    original = (
        "# Big\n- item *x* __y__ `code` [a](javascript:alert(1)) <script>alert(1)</script> &lt;\nEager (as ever) officials: said"
    )
    r = report(original, [edit(original, "cut", "Eager "), edit(original, "cut", "officials")])
    html = markdown_it.MarkdownIt("commonmark").render(render_markdown(r))
    byline, body = html.split("<hr />")[0].split("\n", 1)
    assert byline == "<p><em>unknown outlet</em><br />"  # unspin's own byline: the only markup
    for tag in ("<h1", "<li", "<em", "<strong", "<code", "<a ", "<script"):
        assert tag not in body
    assert "&lt;script&gt;" in body and "&amp;lt;" in body
    assert "[...](as ever) [...]: said" in body


def test_flags_are_italic_and_listed():
    from tests.render.factory import edit, report

    original = "The plight of the workers grew."
    r = report(original, [edit(original, "flag", "plight", "plight", reason="loaded label")])
    md = render_markdown(r)
    assert "The *plight* of the workers grew." in md
    assert "**Flags**" in md and "- #1: 'plight' kept as written — loaded label" in md
