"""The HTML pages, read as a browser would get them (the real-browser checks are in test_browser.py)."""

from __future__ import annotations

import lxml.html
import pytest
from fastapi.testclient import TestClient

from tests.web.conftest import BRIDGE

pytestmark = pytest.mark.slow
HTML = {"accept": "text/html"}


def doc(response):
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/html")
    return lxml.html.document_fromstring(response.text)


def submit(client: TestClient, text: str = BRIDGE, **fields: str) -> int:
    response = client.post(
        "/articles",
        data={"text": text, "strength": "standard", **fields},
        files={"file": ("", b"", "application/octet-stream")},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    return int(response.headers["location"].rsplit("/", 1)[1])


def test_home_has_the_paste_and_upload_form(client: TestClient) -> None:
    page = doc(client.get("/"))
    (form,) = page.xpath("//form[@class='submit']")
    assert form.get("action") == "/articles" and form.get("enctype") == "multipart/form-data"
    assert page.xpath("//textarea[@name='text']") and page.xpath("//input[@type='file'][@name='file'][@multiple]")
    assert page.xpath("//meta[@name='viewport']")


def test_form_submission_goes_to_the_article_page(client: TestClient) -> None:
    article_id = submit(client, outlet="Harbour Post")
    page = doc(client.get(f"/articles/{article_id}"))
    plain = page.get_element_by_id("plain-view")
    cuts = plain.xpath(".//span[@class='cut']")
    mods = plain.xpath(".//mark[contains(@class, 'mod')]")
    assert cuts and mods, "the sample has loaded language to cut and to replace"
    words = cuts[0].get("data-cut")
    assert cuts[0].text == "[...]" and cuts[0].get("tabindex") == "0" and words in cuts[0].get("title")
    was = mods[0].get("title").removeprefix("was: ").split(" — ")[0]
    original = page.get_element_by_id("original-view")
    assert original.get("hidden") is not None
    text = original.xpath("./*[not(@class='view-note')]")
    assert [d.text for block in text for d in block.xpath(".//del[@class='was-cut']")][:1] == [words]
    assert [m.text for block in text for m in block.xpath(".//mark[@class='was-mod']")][:1] == [was]
    assert mods[0].text in [m for block in text for m in block.xpath(".//mark[@class='was-mod']")][0].get("title")
    assert "Sign in" in original.text_content() and "Sign in" not in plain.text_content()
    assert len(page.xpath("//section[@class='ledger']//tbody/tr")) >= 3
    hrefs = {a.get("href") for a in page.xpath("//span[@class='downloads']/a")}
    assert hrefs == {f"/articles/{article_id}/report.{ext}" for ext in ("html", "md", "json")}


def test_the_original_view_without_javascript(client: TestClient) -> None:
    article_id = submit(client)
    page = doc(client.get(f"/articles/{article_id}", params={"view": "original"}))
    assert page.get_element_by_id("plain-view").get("hidden") is not None
    assert page.get_element_by_id("original-view").get("hidden") is None
    assert page.get_element_by_id("toggle-original").get("aria-pressed") == "true"


@pytest.mark.parametrize(
    "fmt, media, start",
    [("html", "text/html", "<!DOCTYPE html>"), ("md", "text/markdown", "# "), ("json", "application/json", "{")],
)
def test_downloads(client: TestClient, fmt: str, media: str, start: str) -> None:
    article_id = submit(client)
    response = client.get(f"/articles/{article_id}/report.{fmt}")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media)
    assert response.headers["content-disposition"] == f'attachment; filename="unspin-{article_id}.{fmt}"'
    assert response.text.startswith(start)
    if fmt == "html":
        assert "sandbox" in response.headers["content-security-policy"]


def test_outlets_page_shows_density(client: TestClient) -> None:
    submit(client, outlet="Harbour Post")
    page = doc(client.get("/outlets"))
    (row,) = page.xpath("//tbody/tr")
    cells = [cell.text_content().strip() for cell in row.xpath("td")]
    assert cells[0] == "Harbour Post" and cells[1] == "1"
    assert float(cells[4]) == pytest.approx(100 * int(cells[3]) / int(cells[2]), abs=0.01)
    assert row.xpath(".//a")[0].get("href") == "/articles?outlet=Harbour%20Post"


def test_articles_list_search_and_stories(client: TestClient) -> None:
    assert "No stories yet" in doc(client.get("/stories")).text_content()  # a fresh store (tests/web/test_stories.py: with some)
    article_id = submit(client, outlet="Harbour Post")
    page = doc(client.get("/articles", params={"q": "lumen", "outlet": "Harbour Post"}))
    assert page.xpath("//table[@class='articles']//a")[0].get("href") == f"/articles/{article_id}"


@pytest.mark.parametrize(
    "path, status", [("/articles/999", 404), ("/stories/999", 404), ("/nowhere", 404), ("/articles/abc", 422)]
)
def test_errors_are_html_pages_for_browsers(client: TestClient, path: str, status: int) -> None:
    response = client.get(path, headers=HTML)
    assert response.status_code == status
    assert response.headers["content-type"].startswith("text/html")
    assert lxml.html.document_fromstring(response.text).xpath("//p[@class='error']")


def test_an_empty_form_is_400_with_the_form_again(client: TestClient) -> None:
    response = client.post("/articles", data={"text": "  ", "strength": "standard"}, headers=HTML)
    assert response.status_code == 400
    page = lxml.html.document_fromstring(response.text)
    assert page.xpath("//p[@class='error']") and page.xpath("//form[@class='submit']")


def test_several_files_give_a_summary_page(client: TestClient) -> None:
    response = client.post(
        "/articles",
        data={"strength": "light"},
        headers=HTML,
        files=[("file", ("a.txt", b"The plan was approved on Friday by the council.")), ("file", ("b.txt", b"   "))],
    )
    page = doc(response)
    assert page.xpath("//ul[@class='batch']/li/a")
    assert "b.txt: file is empty" in page.xpath("//ul[@class='errors']")[0].text_content()


def test_the_app_styles_come_from_unspin_render(client: TestClient) -> None:
    from unspin.render.html import TEMPLATES

    response = client.get("/static/report.css")
    assert response.text == (TEMPLATES / "report.css").read_text(encoding="utf-8")
    assert client.get("/static/app.js").status_code == 200
