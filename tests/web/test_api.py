"""The HTTP API: every way to send an article, every way to read it back, and every error's status."""

from __future__ import annotations

import json
import socket

import pytest
from fastapi.testclient import TestClient

from tests.web.conftest import BRIDGE, SMALL_LIMITS
from unspin.edit.ledger import Edit, apply_edits, invert_edits

pytestmark = pytest.mark.slow  # runs the pipeline (spaCy)


def post_text(client: TestClient, text: str = BRIDGE, **params: str):
    return client.post("/api/articles", content=text.encode(), headers={"content-type": "text/plain"}, params=params)


def assert_error(response, status: int, words: str) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    detail = response.json()["detail"]
    assert "\n" not in detail and words in detail


def test_post_json_returns_the_report_with_its_ledger(client: TestClient) -> None:
    response = client.post("/api/articles", json={"text": BRIDGE, "outlet": "Harbour Post", "url": "https://x.test/a"})
    assert response.status_code == 201
    body = response.json()
    report = body["report"]
    assert body["created"] is True and body["kind"] == "text" and body["outlet"] == "Harbour Post"
    assert "[...]" in report["text"] and "outraged" not in report["text"]
    assert "Sign in" not in report["text"]
    edits = [Edit.model_validate(edit) for edit in report["edits"]]
    assert apply_edits(report["original"], edits) == report["text"]
    assert invert_edits(report["text"], edits) == BRIDGE
    assert body["links"]["page"] == f"/articles/{body['id']}"
    assert body["density"] == round(100 * body["loaded_edits"] / body["words"], 2)


def test_the_same_article_again_is_200_and_the_same_record(client: TestClient) -> None:
    first = post_text(client).json()
    again = client.post("/api/articles", json={"text": BRIDGE})
    assert again.status_code == 200
    assert again.json()["id"] == first["id"] and again.json()["created"] is False
    assert client.get("/api/articles").json()["total"] == 1


def test_strength_is_a_setting_of_the_report(client: TestClient) -> None:
    standard = post_text(client).json()
    light = post_text(client, strength="light")
    assert light.status_code == 201 and light.json()["id"] == standard["id"]
    assert light.json()["report"]["strength"] == "light"
    assert (
        client.get(f"/api/articles/{standard['id']}", params={"strength": "standard"}).json()["report"]["strength"] == "standard"
    )
    assert_error(post_text(client, strength="extreme"), 422, "strength")


def test_post_html_keeps_the_page_and_reports_on_its_text(client: TestClient) -> None:
    page = (
        "<html><head><title>Bridge</title></head><body><nav>Home | World</nav><article><h1>Council approves "
        "bridge</h1><p>The council approved the shockingly expensive bridge on Tuesday, officials said, "
        "after a long debate about its cost and its design.</p><p>Critics slammed the design, which will "
        "cost 48 million euros, in a statement on Wednesday evening.</p></article></body></html>"
    )
    response = client.post("/api/articles", content=page, headers={"content-type": "text/html; charset=utf-8"})
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["kind"] == "html" and "<p>" not in body["report"]["original"]
    original = client.get(f"/api/articles/{body['id']}/original").json()
    assert original == {"article_id": body["id"], "kind": "html", "body": page}


def test_jsonl_feed_gives_a_batch_with_line_errors(client: TestClient) -> None:
    feed = "\n".join(
        [
            json.dumps({"text": BRIDGE, "outlet": "Harbour Post"}),
            "not json",
            json.dumps({"title": "no body"}),
            json.dumps({"text": "Flood warning issued for the valley."}),
        ]
    )
    response = client.post("/api/articles", content=feed, headers={"content-type": "application/x-ndjson"})
    assert response.status_code == 201
    body = response.json()
    assert len(body["items"]) == 2
    assert [(e["source"], e["message"].split(" (")[0]) for e in body["errors"]] == [
        ("upload.jsonl:2", "invalid JSON"),
        ("upload.jsonl:3", "field 'text' or 'html' is required"),
    ]


def test_jsonl_with_only_bad_lines_is_400(client: TestClient) -> None:
    response = client.post("/api/articles", content='{"title": 1}\n', headers={"content-type": "application/x-ndjson"})
    assert_error(response, 400, "upload.jsonl:1")


def test_multipart_upload_of_files_and_text(client: TestClient) -> None:
    feed = json.dumps({"text": "Flood warning issued for the valley on Monday."}) + "\n"
    response = client.post(
        "/api/articles",
        data={"text": BRIDGE, "outlet": "Harbour Post"},
        files=[
            ("file", ("flood.jsonl", feed.encode(), "application/octet-stream")),
            ("file", ("../../etc/notes.txt", b"The plan was approved on Friday.", "text/plain")),
        ],
    )
    assert response.status_code == 201, response.text
    items = response.json()["items"]
    assert [item["report"]["source"] for item in items] == ["pasted text", "flood.jsonl:1", "notes.txt"]
    assert items[0]["outlet"] == "Harbour Post"


def test_read_back_article_ledger_and_list(client: TestClient) -> None:
    assert client.get("/api/stories").json() == []  # a fresh store (tests/web/test_stories.py: with some)
    created = client.post("/api/articles", json={"text": BRIDGE, "outlet": "Harbour Post"}).json()
    article_id = created["id"]
    got = client.get(f"/api/articles/{article_id}").json()
    assert got["report"] == created["report"] and got["created"] is False
    ledger = client.get(f"/api/articles/{article_id}/ledger").json()
    assert ledger["verified"] is True and ledger["edits"] == created["report"]["edits"]
    listing = client.get("/api/articles", params={"outlet": "Harbour Post", "q": "lumen", "page": 1}).json()
    assert [item["id"] for item in listing["items"]] == [article_id]
    assert listing["items"][0]["title"] == "Council approves Lumen Bridge after marathon session"
    assert client.get("/api/articles", params={"q": "no such words"}).json()["total"] == 0
    assert client.get("/api/outlets").json()[0]["name"] == "Harbour Post"


@pytest.mark.parametrize(
    "path", ["/api/articles/4242", "/api/articles/4242/ledger", "/api/articles/4242/original", "/api/stories/4242"]
)
def test_missing_is_404(client: TestClient, path: str) -> None:
    assert_error(client.get(path), 404, "4242")


@pytest.mark.parametrize(
    "path, words",
    [
        ("/api/articles/abc", "article_id"),
        ("/api/articles/0", "article_id"),
        ("/api/articles?page=0", "page"),
        ("/api/articles?page=x", "page"),
        ("/api/articles/99999999999", "article_id"),
    ],
)
def test_bad_parameters_are_422_in_one_line(client: TestClient, path: str, words: str) -> None:
    response = client.get(path)
    assert_error(response, 422, words)
    assert response.json()["errors"][0]["loc"][0] in ("path", "query")


@pytest.mark.parametrize(
    "body, words",
    [
        ({"text": 5}, "text"),
        ({"text": ""}, "text"),
        ({}, "'text' or 'html'"),
        ({"text": "x", "colour": "red"}, "colour"),
        ([1, 2], ""),
    ],
)
def test_bad_json_is_422(client: TestClient, body: object, words: str) -> None:
    assert_error(client.post("/api/articles", json=body), 422, words)


def test_malformed_json_is_422(client: TestClient) -> None:
    response = client.post("/api/articles", content=b'{"text": ', headers={"content-type": "application/json"})
    assert_error(response, 422, "JSON")


@pytest.mark.parametrize("body, words", [(b"   \n", "empty"), (b"\x00\x01binary" * 10, "binary"), (b"Sign in\nSubscribe\n", "")])
def test_bad_input_is_400(client: TestClient, body: bytes, words: str) -> None:
    response = client.post("/api/articles", content=body, headers={"content-type": "text/plain"})
    assert_error(response, 400, words)


def test_unsupported_content_type_is_415(client: TestClient) -> None:
    response = client.post("/api/articles", content=b"<a/>", headers={"content-type": "application/xml"})
    assert_error(response, 415, "application/xml")


def test_over_the_size_limit_is_413(client: TestClient) -> None:
    big = b"word " * (SMALL_LIMITS.max_bytes // 4)
    assert_error(client.post("/api/articles", content=big, headers={"content-type": "text/plain"}), 413, "limit")


def test_over_the_limit_without_content_length_is_413(client: TestClient) -> None:
    def chunks():
        for _ in range(SMALL_LIMITS.max_bytes // 1000 + 5):
            yield b"x" * 1000

    response = client.post("/api/articles", content=chunks(), headers={"content-type": "text/plain"})
    assert "content-length" not in response.request.headers
    assert_error(response, 413, "limit")


def test_too_many_articles_in_one_upload_is_413(client: TestClient) -> None:
    feed = "\n".join(json.dumps({"text": f"Article number {n} about the council."}) for n in range(6))
    response = client.post("/api/articles", content=feed, headers={"content-type": "application/x-ndjson"})
    assert_error(response, 413, "at most 5 articles")


def test_a_url_is_never_fetched(client: TestClient) -> None:
    """A URL alone is refused, and a URL sent as metadata is only stored: nothing connects to it."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        listener.settimeout(0.5)
        url = f"http://127.0.0.1:{listener.getsockname()[1]}/article"
        assert_error(client.post("/api/articles", json={"url": url}), 422, "does not fetch")
        stored = client.post("/api/articles", json={"url": url, "text": BRIDGE})
        assert stored.status_code == 201 and stored.json()["report"]["url"] == url
        with pytest.raises(socket.timeout):
            listener.accept()


def test_health_openapi_and_headers(client: TestClient) -> None:
    health = client.get("/healthz")
    assert health.status_code == 200 and health.json()["status"] == "ok"
    assert health.json()["database"] in ("sqlite", "postgresql")
    schema = client.get("/openapi.json").json()
    assert {
        "/api/articles",
        "/api/articles/{article_id}",
        "/api/articles/{article_id}/ledger",
        "/api/stories",
        "/api/stories/{story_id}",
        "/healthz",
    } <= set(schema["paths"])
    assert set(schema["paths"]["/api/articles"]["post"]["requestBody"]["content"]) >= {
        "application/json",
        "text/plain",
        "text/html",
        "application/x-ndjson",
        "multipart/form-data",
    }
    assert "script-src 'self'" in health.headers["content-security-policy"]
    assert health.headers["x-content-type-options"] == "nosniff"
    assert client.get("/docs").status_code == 404  # no CDN-hosted docs page


@pytest.mark.parametrize(
    "body", [{"text": "The council met on \u0000 Tuesday."}, {"text": "The council met.", "title": "\u0000"}]
)
def test_nul_characters_are_bad_input(client: TestClient, body: dict) -> None:
    assert_error(client.post("/api/articles", json=body), 400, "NUL")


# Issue 12, items 2, 4 and 5: deep JSON nesting, one bad byte, byte-order marks and binary bodies.

DEEP_LINE = '{"text":"x","a":' + "[" * 20_000 + "]" * 20_000 + "}"  # under the test client's 64 KB cap


def test_deep_jsonl_line_is_400_naming_the_line(client: TestClient) -> None:
    response = client.post("/api/articles", content=DEEP_LINE, headers={"content-type": "application/x-ndjson"})
    assert_error(response, 400, "upload.jsonl:1")
    assert "nested" in response.json()["detail"]


def test_deep_jsonl_line_beside_good_ones_is_listed_as_an_error(client: TestClient) -> None:
    feed = "\n".join([json.dumps({"text": "Flood warning issued for the valley on Monday."}), DEEP_LINE])
    response = client.post("/api/articles", content=feed, headers={"content-type": "application/x-ndjson"})
    assert response.status_code == 201, response.text
    assert [(e["source"], "nested" in e["message"]) for e in response.json()["errors"]] == [("upload.jsonl:2", True)]


def test_deep_jsonl_upload_through_the_web_form_is_400(client: TestClient) -> None:
    response = client.post(
        "/articles",
        data={"strength": "standard"},
        headers={"accept": "text/html"},
        files=[("file", ("deep.jsonl", DEEP_LINE.encode(), "application/octet-stream"))],
    )
    assert response.status_code == 400 and "deep.jsonl:1" in response.text


def test_deep_json_body_is_a_client_error(client: TestClient) -> None:
    response = client.post("/api/articles", content=DEEP_LINE, headers={"content-type": "application/json"})
    assert 400 <= response.status_code < 500, response.text


def test_one_bad_byte_in_text_plain_keeps_the_quotation(client: TestClient) -> None:
    quote = "\u201cIt is an outrageous, disgraceful, shockingly lavish waste,\u201d said councillor Mary Hollins."
    body = quote.encode() + b"\nCaf\xe9 owners said nothing.\n"
    response = client.post("/api/articles", content=body, headers={"content-type": "text/plain"})
    assert response.status_code == 201, response.text
    report = response.json()["report"]
    assert quote in report["original"] and quote in report["text"]


def test_utf16_text_plain_with_bom_is_accepted(client: TestClient) -> None:
    response = client.post("/api/articles", content=BRIDGE.encode("utf-16"), headers={"content-type": "text/plain"})
    assert response.status_code == 201, response.text
    assert response.json()["report"]["original"] == BRIDGE


def test_png_text_plain_is_refused_as_binary(client: TestClient) -> None:
    response = client.post("/api/articles", content=b"\x89PNG\r\n\x1a\n", headers={"content-type": "text/plain"})
    assert_error(response, 400, "binary")
