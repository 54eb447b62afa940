"""POST /api/articles {"url": ...}: refused unless the operator allows fetching, and then only public addresses,
checked before the first request and on every redirect. The test site on 127.0.0.1 is reached only through
the guard's allow-list, which only a test can pass (`create_app(fetch_guard=...)`)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.ingest.website import Reply, Site, article_html, serve
from unspin.ingest.guard import PublicAddressesOnly
from unspin.web import Settings, create_app


@pytest.fixture
def site() -> Iterator[Site]:
    with serve(Site()) as running:
        running.page("/news/1.html", article_html(1))
        yield running


def app_client(tmp_path: Path, *, allow_fetch: bool, guard: PublicAddressesOnly | None = None, warm: bool = False) -> TestClient:
    settings = Settings(db=f"sqlite:///{tmp_path / 'fetch.db'}", allow_fetch=allow_fetch, warm=warm, pool_workers=1)
    return TestClient(create_app(settings, fetch_guard=guard))


def assert_error(response, status: int, *words: str) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    detail = response.json()["detail"]
    assert "\n" not in detail and all(word in detail for word in words), detail


def test_fetching_is_off_by_default(tmp_path: Path, site: Site) -> None:
    assert Settings().allow_fetch is False
    with app_client(tmp_path, allow_fetch=False, guard=PublicAddressesOnly(allow=["127.0.0.1"])) as client:
        response = client.post("/api/articles", json={"url": f"{site.base}/news/1.html"})
    assert_error(response, 422, "fetching is disabled")
    assert site.requests == []


def test_the_setting_travels_to_worker_processes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("os.environ", {**Settings(allow_fetch=True).to_env()})
    assert Settings.from_env().allow_fetch is True
    monkeypatch.setattr("os.environ", {**Settings().to_env()})
    assert Settings.from_env().allow_fetch is False


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("{base}/news/1.html", "loopback"),
        ("http://localhost:{port}/news/1.html", "loopback"),
        ("http://10.0.0.1/news/1.html", "private"),
        ("http://192.168.1.1/", "private"),
        ("http://169.254.169.254/latest/meta-data", "metadata"),
        ("http://[::1]:{port}/news/1.html", "loopback"),
        ("ftp://127.0.0.1:{port}/news/1.html", "http"),
        ("file:///etc/passwd", "http"),
    ],
)
def test_refused_addresses_get_no_request(tmp_path: Path, site: Site, url: str, words: str) -> None:
    port = site.base.rsplit(":", 1)[1]
    with app_client(tmp_path, allow_fetch=True) as client:  # the server's own guard: no allow-list
        response = client.post("/api/articles", json={"url": url.format(base=site.base, port=port)})
    assert_error(response, 400, "cannot fetch", words)
    assert site.requests == []


@pytest.mark.parametrize("target", ["http://10.0.0.1/admin", "http://169.254.169.254/latest/meta-data", "http://[::1]/"])
def test_a_redirect_to_a_private_address_is_refused(tmp_path: Path, site: Site, target: str) -> None:
    site.routes["/go"] = Reply(302, "", {"Location": target})
    with app_client(tmp_path, allow_fetch=True, guard=PublicAddressesOnly(allow=["127.0.0.1"])) as client:
        response = client.post("/api/articles", json={"url": f"{site.base}/go"})
    assert_error(response, 400, "cannot fetch", "refused")
    assert site.hits("/go") == 1 and {path for path, _, _ in site.requests} <= {"/go", "/robots.txt"}


@pytest.mark.slow  # runs the pipeline (spaCy)
def test_a_fetched_page_is_stored_with_its_fetch_record(tmp_path: Path, site: Site) -> None:
    url = f"{site.base}/news/1.html"
    with app_client(tmp_path, allow_fetch=True, guard=PublicAddressesOnly(allow=["127.0.0.1"]), warm=True) as client:
        response = client.post("/api/articles", json={"url": url, "outlet": "Testford Gazette"})
        assert response.status_code == 201, response.text
        body = response.json()
        report = body["report"]
        assert body["kind"] == "html" and body["outlet"] == "Testford Gazette"
        assert report["source"] == url and report["url"] == url
        assert report["fetch"]["url"] == report["fetch"]["final_url"] == url and report["fetch"]["status"] == 200
        assert "item 1" in report["text"] and "Copyright" not in report["text"]
        stored = client.get(f"/api/articles/{body['id']}").json()
        assert stored["report"]["fetch"] == report["fetch"]
        again = client.post("/api/articles", json={"url": url})
        assert again.status_code == 200 and again.json()["id"] == body["id"]
    assert site.hits("/news/1.html") == 2


def test_the_form_has_no_address_field_and_refuses_one_unless_fetching_is_on(tmp_path: Path, site: Site) -> None:
    with app_client(tmp_path, allow_fetch=False, guard=PublicAddressesOnly(allow=["127.0.0.1"])) as client:
        assert 'name="fetch"' not in client.get("/").text
        response = client.post("/articles", data={"fetch": f"{site.base}/news/1.html"})
    assert response.status_code == 400 and "fetching is disabled" in response.text
    assert 'name="fetch"' not in response.text  # the form again, still without the field
    assert site.requests == []


@pytest.mark.parametrize(
    ("address", "words"),
    [("http://10.0.0.1/news/1.html", "private"), ("http://[::1]:{port}/", "loopback"), ("not an address", "http")],
)
def test_the_form_shows_a_refused_address_as_one_line(tmp_path: Path, site: Site, address: str, words: str) -> None:
    port = site.base.rsplit(":", 1)[1]
    with app_client(tmp_path, allow_fetch=True, guard=PublicAddressesOnly(allow=["127.0.0.1"])) as client:
        assert 'name="fetch"' in client.get("/").text
        response = client.post("/articles", data={"fetch": address.format(port=port)})
    assert response.status_code == 400
    error = response.text.split('<p class="error" role="alert">', 1)[1].split("</p>", 1)[0]
    assert "\n" not in error and "cannot fetch" in error and words in error, error
    assert site.requests == []
