"""HTML extraction and `clean_article` on the project's own sample pages."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.clean.helpers import assert_valid_boilerplate
from unspin.clean import Cleaned, CleanError, ExtractedPage, clean_article, extract_html
from unspin.clean.html import as_paragraphs
from unspin.edit.ledger import apply_edits
from unspin.ingest import read_articles
from unspin.ingest.article import Article

SAMPLES = Path(__file__).resolve().parents[2] / "unspin" / "samples"
HTML = SAMPLES / "tidewater_gazette_lumen_bridge.html"
TITLE = "Lumen Bridge reopens after 14-month repair, two weeks behind schedule"


@pytest.fixture(scope="module")
def page() -> ExtractedPage:
    return extract_html(HTML.read_text("utf-8"))


def test_extract_html_metadata(page: ExtractedPage) -> None:
    assert page.title == TITLE
    assert page.author == "Rosa Kettering"
    assert page.date == "2025-11-21"
    assert page.sitename == "Tidewater Gazette"
    assert page.url == "https://tidewater-gazette.example/city/lumen-bridge-reopens"


def test_extract_html_keeps_the_body_and_drops_the_chrome(page: ExtractedPage) -> None:
    assert page.text.startswith("The Lumen Bridge over the Marrow estuary reopened")
    assert "Tolls and cycling lanes" in page.text
    assert page.text.rstrip().endswith("at its meeting on 4 December.")
    for chrome in ("Skip to content", "Subscribe", "Related Articles", "Sign up for our newsletter", "All rights reserved"):
        assert chrome not in page.text
    assert TITLE not in page.text, "the headline belongs in title, not repeated in text"
    assert "\n\n" in page.text and "\n\n\n" not in page.text


def test_as_paragraphs_drops_a_leading_title_copy() -> None:
    assert as_paragraphs("Big News\nFirst  line.\n\nSecond line.", "Big news") == "First line.\n\nSecond line."


def test_extract_html_without_article_text() -> None:
    assert extract_html("<html><body></body></html>").text == ""


def test_clean_article_on_html_puts_the_headline_first() -> None:
    cleaned = clean_article(Article(source=str(HTML), html=HTML.read_text("utf-8")))
    assert isinstance(cleaned, Cleaned)
    assert cleaned.original.startswith(TITLE + "\n\nThe Lumen Bridge")
    assert cleaned.outlet == "Tidewater Gazette" and cleaned.published == "2025-11-21"
    assert_valid_boilerplate(cleaned.original, cleaned.boilerplate)


def test_article_metadata_wins_over_the_page() -> None:
    article = Article(source="x", html=HTML.read_text("utf-8"), title="Bridge open again", outlet="Gazette", author="R. K.")
    cleaned = clean_article(article)
    assert cleaned.title == "Bridge open again" and cleaned.outlet == "Gazette" and cleaned.author == "R. K."
    assert cleaned.original.startswith("Bridge open again\n\n")
    assert cleaned.url == "https://tidewater-gazette.example/city/lumen-bridge-reopens"


def test_empty_inputs_raise_a_clean_error() -> None:
    with pytest.raises(CleanError):
        clean_article(Article(source="x", html="<html><body><script>var a = 1;</script></body></html>"))
    with pytest.raises(CleanError):
        clean_article(Article(source="x", text="   \n"))


def test_text_dump_title_detection_and_given_title() -> None:
    text = "Ferry returns to winter timetable\n\nThe harbour ferry will run every forty minutes from Monday, the operator said on Friday.\n"
    assert clean_article(Article(source="x", text=text)).title == "Ferry returns to winter timetable"
    assert clean_article(Article(source="x", text=text, title="Given")).title == "Given"
    plain = "The harbour ferry will run every forty minutes from Monday, the operator said on Friday.\n"
    assert clean_article(Article(source="x", text=plain)).title is None


def test_every_sample_cleans_to_a_valid_ledger() -> None:
    articles = [a for a in read_articles([str(SAMPLES)]) if isinstance(a, Article)]
    assert len(articles) == 8  # 4 dumps, 1 page, 3 JSONL records
    for article in articles:
        cleaned = clean_article(article)
        assert cleaned.title, article.source
        assert_valid_boilerplate(cleaned.original, cleaned.boilerplate)
        assert apply_edits(cleaned.original, cleaned.boilerplate).strip()


DEEP_PARAGRAPHS = (
    "The council approved the budget on Tuesday after a long debate about the cost.",
    "The new plan moves money from road repairs to the two libraries on the east side.",
    "Councillors will meet again in March to set the rates for next year.",
)


def deep_page(levels: int = 400) -> str:
    """A page nested deeper than libxml2's default limit of about 255 levels (issue 12, item 6)."""
    body = "".join(f"<p>{paragraph}</p>" for paragraph in DEEP_PARAGRAPHS)
    chrome = "<nav><p>Home News Sport</p></nav><script>var x = 1;</script><footer><p>All rights reserved</p></footer>"
    return "<html><body>" + "<div>" * levels + body + chrome + "</div>" * levels + "</body></html>"


def test_a_deeply_nested_page_keeps_its_text() -> None:
    text = extract_html(deep_page()).text
    assert text == "\n\n".join(DEEP_PARAGRAPHS)


def test_block_text_fallback_does_not_run_when_trafilatura_finds_the_article(monkeypatch: pytest.MonkeyPatch) -> None:
    import unspin.clean.html as html_module

    def never(html: str) -> str:
        raise AssertionError("the block-text fallback ran on a page trafilatura can read")

    monkeypatch.setattr(html_module, "_block_text", never)
    assert extract_html(HTML.read_text("utf-8")).text.startswith("The Lumen Bridge over the Marrow estuary reopened")
    shallow = extract_html(deep_page(levels=20)).text
    assert DEEP_PARAGRAPHS[0] in shallow


def test_a_deeply_nested_page_through_the_cli(tmp_path: Path) -> None:
    import subprocess
    import sys

    page = tmp_path / "deep.html"
    page.write_text(deep_page(), "utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "unspin", "neutralize", str(page), "--format", "text"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert "no article text found" not in done.stderr
    for paragraph in DEEP_PARAGRAPHS:
        assert paragraph in done.stdout
