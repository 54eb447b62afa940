"""Every hostile input posted to the HTTP API (`POST /api/articles`) with the content type a client
would send: a 4xx with a one-line JSON error, or the report (201, or 200 when already stored).
The server's default limits, one SQLite store for the module; PostgreSQL is covered by tests/web."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from tests.robustness.conftest import assert_one_line_error, assert_report
from tests.robustness.corpus import ERRORS, REPORTS, Case, ids
from unspin.web import Settings, create_app

pytestmark = pytest.mark.slow  # runs the pipeline (spaCy)


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    db = tmp_path_factory.mktemp("robust-http") / "unspin.db"
    with TestClient(create_app(Settings(db=f"sqlite:///{db}"))) as test_client:
        yield test_client


def post(client: TestClient, case: Case):
    return client.post("/api/articles", content=case.data, headers={"content-type": case.content_type})


@pytest.mark.parametrize("case", ERRORS, ids=ids)
def test_bad_input_is_a_one_line_client_error(client: TestClient, case: Case) -> None:
    response = post(client, case)
    assert response.status_code == (case.http_status or 400), response.text
    assert response.headers["content-type"].startswith("application/json")
    assert_one_line_error(response.json()["detail"], case)


@pytest.mark.parametrize("case", REPORTS, ids=ids)
def test_odd_input_gives_a_report(client: TestClient, case: Case) -> None:
    response = post(client, case)
    assert response.status_code in (200, 201), response.text
    body = response.json()
    items = body["items"] if "items" in body else [body]
    assert [e for e in body.get("errors", [])] == []
    for item in items:
        assert_report(item["report"], case)


@pytest.mark.parametrize("case", [c for c in ERRORS if c.filename.endswith(".txt")][:6], ids=ids)
def test_bad_file_in_a_multipart_upload_is_listed_and_the_rest_stored(client: TestClient, case: Case) -> None:
    good = REPORTS[0]
    files = [("file", (f"{case.name}.txt", case.data, "text/plain")), ("file", ("good.txt", good.data, "text/plain"))]
    response = client.post("/api/articles", files=files)
    assert response.status_code in (200, 201), response.text
    body = response.json()
    assert len(body["items"]) == 1 and len(body["errors"]) == 1
    assert_one_line_error(body["errors"][0]["message"], case)


def test_server_still_answers_after_the_corpus(client: TestClient) -> None:
    assert client.get("/healthz").json()["status"] == "ok"
