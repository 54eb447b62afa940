"""The server's guard: only http(s) to public addresses, checked after DNS, and the connection pinned to the checked address."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.ingest.website import Site, article_html, serve
from unspin.ingest.fetch import Fetcher, FetchError
from unspin.ingest.guard import PublicAddressesOnly

PUBLIC = "93.184.215.14"  # a global address (never connected to: the tests only resolve names to it)


@pytest.fixture
def site() -> Iterator[Site]:
    with serve(Site()) as running:
        running.page("/news/1.html", article_html(1))
        yield running


def names(table: dict[str, list[str]]):  # type: ignore[no-untyped-def]
    """A resolver from a table: no DNS in tests."""
    return lambda host, port: table[host]


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("http://127.0.0.1/", "loopback"),
        ("http://localhost:8080/a", "loopback"),
        ("http://10.0.0.1/", "private"),
        ("http://192.168.1.1/", "private"),
        ("http://172.16.0.1/", "private"),
        ("http://169.254.169.254/latest/meta-data", "metadata"),
        ("http://[fd00:ec2::254]/latest/meta-data", "metadata"),
        ("http://169.254.1.1/", "link-local"),
        ("http://[::1]/", "loopback"),
        ("http://[::ffff:127.0.0.1]/", "loopback"),
        ("http://0.0.0.0/", "unspecified"),
        ("http://224.0.0.1/", "multicast"),
        ("http://100.64.0.1/", "public"),
        ("ftp://example.org/a", "only http and https"),
        ("file:///etc/passwd", "only http and https"),
        ("gopher://example.org/", "only http and https"),
    ],
)
def test_refusals(url: str, words: str) -> None:
    with pytest.raises(FetchError, match=words) as refused:
        PublicAddressesOnly().check(url)
    assert "\n" not in str(refused.value)


def test_any_private_address_among_the_answers_refuses_the_name() -> None:
    guard = PublicAddressesOnly(resolver=names({"news.test": [PUBLIC, "10.1.2.3"], "ok.test": [PUBLIC]}))
    with pytest.raises(FetchError, match=r"news\.test \(10\.1\.2\.3\): a private address"):
        guard.check("https://news.test/a")
    guard.check("https://ok.test/a")  # public: allowed


def test_a_name_that_does_not_resolve_is_refused() -> None:
    with pytest.raises(FetchError, match="does not resolve"):
        PublicAddressesOnly().check("http://no-such-host.invalid/")


def test_the_allow_list_lets_only_the_listed_addresses_through() -> None:
    guard = PublicAddressesOnly(allow=["127.0.0.1"])
    guard.check("http://127.0.0.1:8000/")
    with pytest.raises(FetchError, match="private"):
        guard.check("http://10.0.0.1/")


def test_the_connection_goes_to_the_checked_address_with_the_original_host_header(site: Site) -> None:
    port = site.base.rsplit(":", 1)[1]
    guard = PublicAddressesOnly(allow=["127.0.0.1"], resolver=names({"news.test": ["127.0.0.1"]}))
    with Fetcher(policy=guard, transport=guard.transport(), delay=0.0, robots=False) as fetcher:
        fetched = fetcher.fetch(f"http://news.test:{port}/news/1.html")
    assert fetched.status == 200 and "item 1" in fetched.text and fetched.final_url == f"http://news.test:{port}/news/1.html"
    assert site.hits("/news/1.html") == 1


def test_a_second_dns_answer_cannot_switch_the_address(site: Site) -> None:
    """DNS rebinding: the check sees a public address, the connection would get 127.0.0.1 — the transport
    resolves and checks again when it connects, and refuses."""
    port = site.base.rsplit(":", 1)[1]
    answers = iter([[PUBLIC], ["127.0.0.1"]])
    guard = PublicAddressesOnly(resolver=lambda host, port: next(answers))
    with Fetcher(policy=guard, transport=guard.transport(), delay=0.0, robots=False) as fetcher:
        with pytest.raises(FetchError, match="loopback"):
            fetcher.fetch(f"http://rebind.test:{port}/news/1.html")
    assert site.requests == []
