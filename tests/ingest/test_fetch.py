"""The fetcher against a local site: what it fetches, what it refuses (one line each), and how politely."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import count

import pytest

from tests.ingest.website import Reply, Site, article_html, serve
from unspin.ingest import IngestError
from unspin.ingest.fetch import Fetcher, FetchError, is_url


@pytest.fixture
def site() -> Iterator[Site]:
    with serve(Site()) as running:
        running.routes["/robots.txt"] = Reply(body="User-agent: *\nDisallow: /private/\n", headers={"Content-Type": "text/plain"})
        running.page("/news/1.html", article_html(1))
        yield running


def fetcher(**settings: object) -> Fetcher:
    defaults = {"delay": 0.0, "backoff": 0.01, "timeout": 2.0, "workers": 4}
    return Fetcher(**{**defaults, **settings})  # type: ignore[arg-type]


def test_is_url() -> None:
    assert is_url("https://example.org/a") and is_url("HTTP://example.org")
    assert not is_url("article.txt") and not is_url("ftp://example.org/a") and not is_url("http://")


def test_a_page_becomes_an_article_with_its_fetch_record(site: Site) -> None:
    with fetcher(user_agent="unspin-test/1.0 (tests)") as client:
        article = client.article(f"{site.base}/news/1.html")
    assert not isinstance(article, IngestError)
    assert article.source == article.url == f"{site.base}/news/1.html"
    assert article.html is not None and "item 1" in article.html
    assert article.fetch is not None and article.fetch.status == 200 and article.fetch.fetched_at.endswith("+00:00")
    assert {agent for _, agent, _ in site.requests} == {"unspin-test/1.0 (tests)"}
    assert site.hits("/robots.txt") == 1


def test_redirects_are_followed_and_the_final_url_kept(site: Site) -> None:
    site.routes["/old"] = Reply(301, headers={"Location": "/moved"})
    site.routes["/moved"] = Reply(302, headers={"Location": f"{site.base}/news/1.html"})
    with fetcher() as client:
        fetched = client.fetch(f"{site.base}/old")
    assert (fetched.url, fetched.final_url, fetched.status) == (f"{site.base}/old", f"{site.base}/news/1.html", 200)


def refusal(site: Site, path: str, **settings: object) -> str:
    with fetcher(**settings) as client:
        result = client.article(f"{site.base}{path}")
    assert isinstance(result, IngestError), result
    assert "\n" not in str(result)
    return str(result)


def test_robots_txt_is_honoured_also_after_a_redirect(site: Site) -> None:
    site.page("/private/memo.html", article_html(2))
    site.routes["/sneaky"] = Reply(302, headers={"Location": "/private/memo.html"})
    assert refusal(site, "/private/memo.html").endswith("/private/memo.html: disallowed by robots.txt")
    assert "disallowed by robots.txt (redirected to" in refusal(site, "/sneaky")
    assert site.hits("/private/memo.html") == 0


def test_a_robots_txt_server_error_forbids_the_site(site: Site) -> None:
    site.routes["/robots.txt"] = Reply(503)
    assert "disallowed by robots.txt (robots.txt answered HTTP 503)" in refusal(site, "/news/1.html")


def test_a_slow_answer_times_out(site: Site) -> None:
    site.routes["/slow"] = Reply(body="<p>late</p>", headers={"Content-Type": "text/html"}, delay=2.0)
    assert refusal(site, "/slow", timeout=0.3).endswith("no answer within 0.3 s")


@pytest.mark.parametrize("declared", [True, False], ids=["content-length", "counted"])
def test_an_oversized_body_is_refused(site: Site, declared: bool) -> None:
    body = "<p>" + "word " * 50_000 + "</p>"
    site.routes["/huge"] = Reply(body=body, headers={"Content-Type": "text/html"}, length=declared)
    message = refusal(site, "/huge", max_bytes=10_000)
    assert ("body of 250,007 bytes is over" if declared else "body is over") in message
    assert "the limit of 10,000 bytes" in message


def test_a_sites_crawl_delay_spaces_its_requests(site: Site) -> None:
    site.routes["/robots.txt"] = Reply(body="User-agent: *\nCrawl-delay: 1\n", headers={"Content-Type": "text/plain"})
    site.page("/news/2.html", article_html(2))
    with fetcher(delay=0.0) as client:
        list(client.articles([f"{site.base}/news/1.html", f"{site.base}/news/2.html"]))
    times = sorted(at for path, _, at in site.requests if path.startswith("/news/"))
    assert times[1] - times[0] >= 0.95


def test_a_wrong_content_type_is_refused_before_parsing(site: Site) -> None:
    site.routes["/photo"] = Reply(body=b"\x89PNG\r\n\x1a\n....", headers={"Content-Type": "image/png"})
    assert "content type image/png is not one of" in refusal(site, "/photo")


def test_http_errors_are_one_line(site: Site) -> None:
    assert refusal(site, "/gone").endswith("/gone: HTTP 404 Not Found")


def test_429_is_retried_after_retry_after(site: Site) -> None:
    answers = count()
    ok = Reply(body=article_html(3), headers={"Content-Type": "text/html"})
    site.routes["/busy"] = lambda: Reply(429, headers={"Retry-After": "1"}) if next(answers) < 1 else ok
    with fetcher() as client:
        assert client.fetch(f"{site.base}/busy").status == 200
    times = [at for path, _, at in site.requests if path == "/busy"]
    assert len(times) == 2 and times[1] - times[0] >= 0.9


def test_5xx_is_retried_with_backoff_then_given_up(site: Site) -> None:
    site.routes["/down"] = Reply(503)
    assert refusal(site, "/down", retries=2).endswith("HTTP 503 Service Unavailable")
    assert site.hits("/down") == 3


def test_a_retry_after_too_long_is_not_waited_for(site: Site) -> None:
    site.routes["/later"] = Reply(429, headers={"Retry-After": "3600"})
    assert "asks to wait 3600 s (Retry-After)" in refusal(site, "/later")


def test_the_batch_goes_on_in_order(site: Site) -> None:
    site.page("/news/2.html", article_html(2))
    urls = [f"{site.base}{path}" for path in ("/news/1.html", "/gone", "/private/x", "/news/2.html")]
    with fetcher() as client:
        results = list(client.articles(urls))
    assert [isinstance(result, IngestError) for result in results] == [False, True, True, False]
    assert [result.source for result in results] == urls


def test_requests_to_one_host_are_spaced_by_the_delay(site: Site) -> None:
    for number in range(4):
        site.page(f"/n/{number}", article_html(number))
    with fetcher(delay=0.2, workers=4, per_host=4) as client:
        list(client.articles([f"{site.base}/n/{number}" for number in range(4)]))
    times = sorted(at for path, _, at in site.requests if path.startswith("/n/"))
    assert all(later - earlier >= 0.18 for earlier, later in zip(times, times[1:], strict=False))


def test_an_address_policy_sees_every_hop(site: Site) -> None:
    class NoMoved:
        def __init__(self) -> None:
            self.seen: list[str] = []

        def check(self, url: str) -> None:
            self.seen.append(url)
            if url.endswith("/moved"):
                raise FetchError("refused by policy")

    site.routes["/old"] = Reply(301, headers={"Location": "/moved"})
    policy = NoMoved()
    assert refusal(site, "/old", policy=policy).endswith("refused by policy")
    assert policy.seen == [f"{site.base}/old", f"{site.base}/moved"] and site.hits("/moved") == 0


def test_not_a_url_is_refused() -> None:
    with pytest.raises(FetchError, match="not an http"):
        Fetcher().fetch("file:///etc/passwd")


def test_a_redirect_to_another_scheme_or_a_loop_is_refused(site: Site) -> None:
    site.routes["/to-file"] = Reply(302, headers={"Location": "file:///etc/passwd"})
    site.routes["/loop"] = Reply(302, headers={"Location": "/loop"})
    assert refusal(site, "/to-file").endswith("redirected to file:///etc/passwd, not an http(s) URL")
    assert refusal(site, "/loop").endswith("more than 10 redirects")


def test_a_closed_port_is_one_line_after_retries() -> None:
    with fetcher(retries=1, robots=False) as client:
        result = client.article("http://127.0.0.1:9/nothing")
    assert isinstance(result, IngestError) and "could not connect" in str(result) and "\n" not in str(result)


def test_at_most_per_host_requests_at_once(site: Site) -> None:
    for number in range(6):
        site.routes[f"/slow/{number}"] = Reply(body=article_html(number), headers={"Content-Type": "text/html"}, delay=0.3)
    with fetcher(per_host=2, workers=6) as client:
        results = list(client.articles([f"{site.base}/slow/{number}" for number in range(6)]))
    assert not any(isinstance(result, IngestError) for result in results)
    assert site.most_busy == 2
