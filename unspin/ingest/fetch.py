"""Fetch web pages politely and turn them into `Article`s: the one place unspin talks to other servers.

Why httpx and not trafilatura's `fetch_url`: a report must name the final URL after redirects and the
HTTP status, a 429 must be retried after its Retry-After, a body must be refused past the size cap
while it streams, the content type must be checked before parsing, and every redirect hop must be
shown to an `AddressPolicy` — `fetch_url` hides all of that. trafilatura still does the extraction
(`unspin.clean.html`) and the feed and sitemap parsing (`unspin.ingest.feeds`).

Being a good citizen is the `Fetcher`'s job, not the caller's: robots.txt (`urllib.robotparser`,
fetched through the same client, so with the same User-Agent, timeout and size cap) is read once per
site, requests to one host are spaced by `delay` (or the site's Crawl-delay, if longer) and never
more than `per_host` at a time, and 429 and 5xx answers are retried with exponential backoff.
Every refusal is a `FetchError`: one line naming the URL, and the batch goes on.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from itertools import islice
from typing import Protocol
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from unspin import __version__
from unspin.ingest.article import Article, FetchRecord
from unspin.ingest.decode import DecodeError, decode_text
from unspin.ingest.reader import IngestError
from unspin.limits import MAX_INPUT_BYTES

# Names the program; a user who fetches a lot adds a contact with --user-agent ("my-reader/1.0 (me@example.org)").
USER_AGENT = f"unspin/{__version__} (news article neutralizer; python-httpx)"
PAGE_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain"})
FEED_TYPES = frozenset(
    {"application/rss+xml", "application/atom+xml", "application/xml", "text/xml", "application/rdf+xml", "text/plain"}
)
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
MAX_REDIRECTS = 10


def is_url(text: str) -> bool:
    """An http(s) URL (what the CLI fetches); anything else is a path."""
    return urlsplit(text).scheme.lower() in ("http", "https") and bool(urlsplit(text).netloc)


class FetchError(ValueError):
    """A URL that was not fetched: refused by robots.txt, the policy, the size cap, the content type, or the server."""


class AddressPolicy(Protocol):
    """Decides whether a URL may be requested; asked before the first request and before every redirect.

    The CLI allows everything (`AllowAll`). A server that fetches for its users plugs in a guard that
    resolves the host and refuses loopback, private, link-local and metadata addresses, raising `FetchError`.
    """

    def check(self, url: str) -> None: ...


class AllowAll:
    """The command line's policy: the user's own machine asks for the user's own URLs."""

    def check(self, url: str) -> None:
        return None


@dataclass(frozen=True)
class Fetched:
    """One answered request: the body as text and where it came from."""

    url: str
    final_url: str
    status: int
    fetched_at: str  # ISO 8601, UTC
    content_type: str
    text: str

    def record(self) -> FetchRecord:
        return FetchRecord(url=self.url, final_url=self.final_url, status=self.status, fetched_at=self.fetched_at)

    def article(self) -> Article:
        """The page as an `Article` (HTML, or text for text/plain), `source` the URL asked for, `url` the final one."""
        body = {"text": self.text} if self.content_type == "text/plain" else {"html": self.text}
        return Article(source=self.url, url=self.final_url, fetch=self.record(), **body)


@dataclass
class _Host:
    """What we know of one site: its robots.txt, when it may next be asked, and who is asking it now."""

    robots: RobotFileParser | None
    slots: threading.Semaphore
    robots_note: str = ""  # why robots.txt forbids everything, when it was not read
    robots_read: bool = False
    robots_lock: threading.Lock = field(default_factory=threading.Lock)  # one reader of robots.txt per site
    lock: threading.Lock = field(default_factory=threading.Lock)
    next_at: float = 0.0


@dataclass
class Fetcher:
    """A polite HTTP client for pages, feeds and sitemaps; thread-safe, one per run.

    `delay` is the least time between two requests to one host (seconds), `per_host` the most requests
    to one host at once, `workers` the most at once overall; `retries` is how often a 429/5xx or a
    failed connection is tried again, `backoff` the first wait (doubled each time) when the server names
    none, and a Retry-After longer than `max_wait` is not waited for.
    """

    user_agent: str = USER_AGENT
    timeout: float = 20.0  # for connecting and for each read
    total_timeout: float = 60.0  # for one whole request, body included
    retries: int = 3
    backoff: float = 1.0
    max_wait: float = 120.0
    delay: float = 1.0
    per_host: int = 2
    workers: int = 8
    max_bytes: int = MAX_INPUT_BYTES
    robots: bool = True
    policy: AddressPolicy = field(default_factory=AllowAll)
    # A mock transport in tests; a server's guard may pass one that connects only to the address its policy
    # checked, so a second DNS answer (rebinding) cannot send the request elsewhere.
    transport: httpx.BaseTransport | None = None
    _client: httpx.Client | None = field(default=None, init=False, repr=False)
    _hosts: dict[str, _Host] = field(default_factory=dict, init=False, repr=False)
    _hosts_lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    @property
    def client(self) -> httpx.Client:
        if self._client is None:
            self._client = httpx.Client(
                headers={"User-Agent": self.user_agent},
                timeout=self.timeout,
                follow_redirects=False,  # every hop goes past the policy and robots.txt
                transport=self.transport,
                limits=httpx.Limits(max_connections=max(self.workers, 1) * 2),
            )
        return self._client

    # -- one URL -----------------------------------------------------------------------------

    def fetch(self, url: str, accept: frozenset[str] = PAGE_TYPES) -> Fetched:
        """The body at `url` after redirects, or a `FetchError` saying in one line why not."""
        if not is_url(url):
            raise FetchError("not an http(s) URL")
        current = url
        for _ in range(MAX_REDIRECTS + 1):
            if not is_url(current):
                raise FetchError(f"redirected to {current[:200]}, not an http(s) URL")
            self.policy.check(current)
            host = self._host(current)
            if host.robots is not None and not host.robots.can_fetch(self.user_agent, current):
                where = "" if current == url else f" (redirected to {current})"
                raise FetchError(f"disallowed by robots.txt{where}{host.robots_note}")
            status, headers, body, fetched_at = self._request(current, host, accept)
            if status in (301, 302, 303, 307, 308) and "location" in headers:
                current = urljoin(current, headers["location"])
                continue
            if status != 200:
                raise FetchError(f"HTTP {status} {_reason(status)}")
            content_type = _media_type(headers)
            return Fetched(url, current, status, fetched_at, content_type, _decode(body, headers))
        raise FetchError(f"more than {MAX_REDIRECTS} redirects")

    def article(self, url: str) -> Article | IngestError:
        """The page at `url` as an `Article`, or an `IngestError` naming the URL (the pipeline's `run` passes it on)."""
        try:
            return self.fetch(url).article()
        except FetchError as exc:
            return IngestError(url, str(exc))

    def articles(self, urls: Iterable[str]) -> Iterator[Article | IngestError]:
        """Every URL's `article`, in order, fetched `workers` at a time (each host still gets its own limits)."""
        if self.workers <= 1:
            yield from (self.article(url) for url in urls)
            return
        # A bounded window, not `pool.map`: at most 2 x workers pages are held at once, and a caller that
        # stops early (Ctrl-C, an error) cancels what was not started instead of waiting for every URL.
        pool = ThreadPoolExecutor(max_workers=self.workers, thread_name_prefix="unspin-fetch")
        remaining = iter(urls)
        window: deque[Future[Article | IngestError]] = deque(
            pool.submit(self.article, url) for url in islice(remaining, 2 * self.workers)
        )
        try:
            while window:
                result = window.popleft().result()
                for url in islice(remaining, 1):
                    window.append(pool.submit(self.article, url))
                yield result
        finally:
            pool.shutdown(wait=False, cancel_futures=True)

    # -- politeness --------------------------------------------------------------------------

    def _host(self, url: str) -> _Host:
        parts = urlsplit(url)
        origin = f"{parts.scheme.lower()}://{parts.netloc.lower()}"
        with self._hosts_lock:
            known = self._hosts.get(origin)
            if known is None:
                known = self._hosts[origin] = _Host(robots=None, slots=threading.Semaphore(max(self.per_host, 1)))
        if self.robots and not known.robots_read:
            with known.robots_lock:  # other sites go on meanwhile; this site's requests wait for its rules
                if not known.robots_read:
                    known.robots = self._read_robots(origin, known)
                    known.robots_read = True
        return known

    def _read_robots(self, origin: str, host: _Host) -> RobotFileParser:
        """robots.txt as `urllib.robotparser` reads it: 401/403 forbid everything, another 4xx (none there)
        allows everything; a 5xx or no answer forbids everything for this run (RFC 9309, 2.3.1.4)."""
        parser = RobotFileParser(f"{origin}/robots.txt")
        try:
            status, _, body, _ = self._request(f"{origin}/robots.txt", host, None, retry_server_errors=False)
        except FetchError as exc:
            parser.disallow_all = True
            host.robots_note = f" (robots.txt could not be read: {exc})"
            return parser
        if status in (401, 403) or status >= 500:
            parser.disallow_all = True
            host.robots_note = f" (robots.txt answered HTTP {status})"
        elif status >= 300:
            parser.allow_all = True
        else:
            parser.parse(body.decode("utf-8", errors="replace").splitlines())
        return parser

    def _wait_turn(self, host: _Host) -> None:
        delay = self.delay
        if host.robots is not None:
            crawl_delay = host.robots.crawl_delay(self.user_agent)
            if crawl_delay:
                delay = max(delay, float(crawl_delay))
        with host.lock:
            now = time.monotonic()
            start = max(now, host.next_at)
            host.next_at = start + delay
        if start > now:
            time.sleep(start - now)

    def _request(
        self, url: str, host: _Host, accept: frozenset[str] | None, *, retry_server_errors: bool = True
    ) -> tuple[int, httpx.Headers, bytes, str]:
        """(status, headers, body, fetch time) of one request, retried on 429/5xx and failed connections."""
        for attempt in range(self.retries + 1):
            last = attempt == self.retries
            with host.slots:
                self._wait_turn(host)
                fetched_at = datetime.now(UTC).isoformat(timespec="seconds")
                deadline = time.monotonic() + self.total_timeout
                try:
                    with self.client.stream("GET", url) as response:
                        status, headers = response.status_code, response.headers
                        if status in RETRY_STATUSES and retry_server_errors and not last:
                            wait = self._retry_wait(headers, attempt)
                        elif 200 <= status < 300 and accept is not None:
                            _check_type(headers, accept)
                            return status, headers, self._read_capped(response, deadline), fetched_at
                        else:
                            body = self._read_capped(response, deadline) if status == 200 or accept is None else b""
                            return status, headers, body, fetched_at
                except httpx.TimeoutException:
                    raise FetchError(f"no answer within {self.timeout:g} s") from None
                except (httpx.UnsupportedProtocol, httpx.InvalidURL) as exc:
                    raise FetchError(f"not a URL we can fetch ({exc})") from None
                except httpx.TransportError as exc:  # refused, reset, broken off: worth another try
                    if last:
                        raise FetchError(f"could not connect ({exc or type(exc).__name__})") from None
                    wait = self.backoff * 2**attempt
            time.sleep(wait)  # outside the host's slot: a waiting request does not block its neighbours
        raise AssertionError("unreachable")

    def _retry_wait(self, headers: httpx.Headers, attempt: int) -> float:
        named = _retry_after(headers.get("retry-after"))
        if named is None:
            return self.backoff * 2**attempt
        if named > self.max_wait:
            raise FetchError(f"server asks to wait {named:.0f} s (Retry-After), longer than {self.max_wait:g} s")
        return named

    def _read_capped(self, response: httpx.Response, deadline: float) -> bytes:
        """The body, refused past `max_bytes` (declared or counted) or past the request's `total_timeout`
        (a server trickling bytes never hits the per-read timeout)."""
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            raise FetchError(f"body of {int(declared):,} bytes is over the limit of {self.max_bytes:,} bytes")
        chunks, size = [], 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > self.max_bytes:
                raise FetchError(f"body is over the limit of {self.max_bytes:,} bytes")
            if time.monotonic() > deadline:
                raise FetchError(f"body not received within {self.total_timeout:g} s")
            chunks.append(chunk)
        return b"".join(chunks)


def _media_type(headers: httpx.Headers) -> str:
    return headers.get("content-type", "").split(";")[0].strip().lower()


def _check_type(headers: httpx.Headers, accept: frozenset[str]) -> None:
    media = _media_type(headers)
    if media not in accept:
        raise FetchError(f"content type {media or '(none)'} is not one of {', '.join(sorted(accept))}")


def _decode(body: bytes, headers: httpx.Headers) -> str:
    """A declared charset first (HTTP says so), else unspin's strict decoding (BOM, UTF-8, detection)."""
    charset = httpx.Response(200, headers=headers).charset_encoding
    if charset:
        try:
            text = body.decode(charset)
            if text.strip():
                return text
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return decode_text(body).text
    except DecodeError as exc:
        raise FetchError(str(exc).replace("file", "page")) from None


def _retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header: a number of seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _reason(status: int) -> str:
    try:
        return httpx.codes(status).phrase
    except ValueError:
        return ""
