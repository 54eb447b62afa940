"""HTML extraction and `clean_article` on the project's own sample pages."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.clean.helpers import assert_valid_boilerplate
from unspin.clean import CleanError, Cleaned, ExtractedPage, clean_article, extract_html
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
