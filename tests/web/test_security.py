"""Untrusted article text never becomes markup: every page and download is checked element by element.

(The same articles are opened in a real browser in test_browser_security.py.)
"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.web.hostile import JS_URL, PAYLOADS, hostile_html, hostile_metadata, hostile_text, markup_problems

pytestmark = pytest.mark.slow
HTML = {"accept": "text/html"}


@pytest.fixture
def hostile_ids(client: TestClient) -> list[int]:
    ids = []
    for body in (
        {"text": hostile_text(), **hostile_metadata()},
        {"html": hostile_html(), **hostile_metadata()},
        {"text": hostile_text().replace("\n\n", "\n") + "\n<p>broken <b>markup <i>never closed"},
    ):
        response = client.post("/api/articles", json=body)
        assert response.status_code == 201, response.text
        ids.append(response.json()["id"])
    return ids


def pages(ids: list[int]) -> list[str]:
    paths = ["/", "/articles", "/articles?q=script", "/outlets", f"/articles?outlet={PAYLOADS[1]}"]
    for article_id in ids:
        paths += [f"/articles/{article_id}", f"/articles/{article_id}?view=original"]
    return paths


def test_no_page_carries_article_markup(client: TestClient, hostile_ids: list[int]) -> None:
    for path in pages(hostile_ids):
        response = client.get(path, headers=HTML)
        assert response.status_code == 200, path
        assert markup_problems(response.text) == [], path


def test_payloads_are_shown_as_text(client: TestClient, hostile_ids: list[int]) -> None:
    import lxml.html

    page = lxml.html.document_fromstring(client.get(f"/articles/{hostile_ids[0]}").text)
    text = page.get_element_by_id("plain-view").text_content()
    assert "<img src=x onerror=\"window.__pwned='img'\">" in text  # kept, visibly, as the article's words
    assert page.xpath("//span[@class='source']")[0].text_content() == f"Source: {JS_URL}"  # not a link


def test_downloads_carry_no_markup_and_forbid_scripts(client: TestClient, hostile_ids: list[int]) -> None:
    for article_id in hostile_ids:
        response = client.get(f"/articles/{article_id}/report.html")
        assert markup_problems(response.text, allowed_scripts=()) == []
        policy = response.headers["content-security-policy"]
        assert "script-src" not in policy and "default-src 'none'" in policy and "sandbox" in policy


def test_error_pages_escape_what_they_echo(client: TestClient) -> None:
    response = client.get("/articles/<script>", headers=HTML)
    assert response.status_code == 422 and markup_problems(response.text) == []
    response = client.post("/articles", headers=HTML, files={"file": ("<img src=x onerror=alert(1)>.txt", b"  ")})
    assert response.status_code == 400 and markup_problems(response.text) == []
    assert "&lt;img src=x onerror=alert(1)&gt;.txt" in response.text


def test_every_response_has_the_security_headers(client: TestClient, hostile_ids: list[int]) -> None:
    for path in [*pages(hostile_ids), "/api/articles", "/healthz", "/static/app.js", "/nowhere"]:
        headers = client.get(path, headers=HTML).headers
        policy = headers["content-security-policy"]
        assert "script-src 'self'" in policy and "'unsafe-inline'" not in policy, path
        assert "default-src 'none'" in policy and "frame-ancestors 'none'" in policy
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "no-referrer"
