"""A small news site on 127.0.0.1 for the fetching tests: pages, feeds, a sitemap, robots.txt, redirects,
and the misbehaviours a polite fetcher must survive (slow, oversized, wrong type, 429). No internet needed."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

TOPICS = ["bridge", "library", "harbour", "tram line", "school roof", "market hall", "river wall", "bus depot"]


def article_html(number: int) -> str:
    """A page of our own writing, different for every number (so every content hash differs)."""
    topic = TOPICS[number % len(TOPICS)]
    return (
        "<!doctype html><html><head><meta charset='utf-8'>"
        f"<title>Council votes on the {topic}, item {number}</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/news'>News</a></nav><article>"
        f"<h1>Council votes on the {topic}, item {number}</h1>"
        f"<p>The town council voted on Tuesday to spend {number + 3} million pounds on the {topic}, "
        f"a shockingly expensive plan that officials said would take {number % 5 + 2} years to finish.</p>"
        f"<p>Councillor Ann Pryce said the {topic} had been in poor repair since {1950 + number}. "
        "Critics slammed the extremely lavish design at a packed meeting in the town hall.</p>"
        f"<p>Work on the {topic} is due to start in the spring, and residents may comment until the end of "
        f"the month. A second vote, on the budget for item {number}, is planned for next year.</p>"
        "</article><footer>Copyright The Testford Gazette</footer></body></html>"
    )


@dataclass
class Reply:
    status: int = 200
    body: bytes | str = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before the answer
    length: bool = True  # send Content-Length (False: the body ends when the connection closes)


Route = Reply | Callable[[], Reply]


@dataclass
class Site:
    """Routes by path; every request is recorded (path, User-Agent, monotonic time)."""

    routes: dict[str, Route] = field(default_factory=dict)
    requests: list[tuple[str, str, float]] = field(default_factory=list)
    base: str = ""
    busy: int = 0  # requests being answered now
    most_busy: int = 0  # the most ever answered at once
    lock: threading.Lock = field(default_factory=threading.Lock)

    def hits(self, path: str) -> int:
        return sum(1 for requested, _, _ in self.requests if requested == path)

    def page(self, path: str, html: str) -> None:
        self.routes[path] = Reply(body=html, headers={"Content-Type": "text/html; charset=utf-8"})

    def rss(self, path: str, items: list[tuple[str, str]]) -> None:
        """An RSS 2.0 feed of (path, RFC 822 date) items."""
        entries = "".join(
            f"<item><title>Item</title><link>{self.base}{link}</link><pubDate>{when}</pubDate></item>" for link, when in items
        )
        xml = f'<?xml version="1.0"?><rss version="2.0"><channel><title>Gazette</title><link>{self.base}/</link>{entries}</channel></rss>'
        self.routes[path] = Reply(body=xml, headers={"Content-Type": "application/rss+xml"})

    def atom(self, path: str, items: list[tuple[str, str]]) -> None:
        """An Atom feed of (path, ISO date) entries (relative links, as Atom allows)."""
        entries = "".join(
            f'<entry><title>Item</title><link href="{link}"/><id>{link}</id><updated>{when}</updated></entry>'
            for link, when in items
        )
        xml = f'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Gazette</title><link rel="self" href="{self.base}{path}"/>{entries}</feed>'
        self.routes[path] = Reply(body=xml, headers={"Content-Type": "application/atom+xml"})

    def sitemap(self, path: str, items: list[tuple[str, str]]) -> None:
        urls = "".join(f"<url><loc>{self.base}{link}</loc><lastmod>{when}</lastmod></url>" for link, when in items)
        xml = f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
        self.routes[path] = Reply(body=xml, headers={"Content-Type": "application/xml"})


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (the stdlib's name)
            site.requests.append((self.path, self.headers.get("User-Agent", ""), time.monotonic()))
            route = site.routes.get(self.path)
            reply = (
                Reply(404, "not here", {"Content-Type": "text/plain"})
                if route is None
                else route
                if isinstance(route, Reply)
                else route()
            )
            with site.lock:
                site.busy += 1
                site.most_busy = max(site.most_busy, site.busy)
            if reply.delay:
                time.sleep(reply.delay)
            with site.lock:
                site.busy -= 1
            body = reply.body.encode() if isinstance(reply.body, str) else reply.body
            try:
                self.send_response(reply.status)
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                if reply.length:
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout, size cap)
                pass

        def log_message(self, *args: object) -> None:
            pass

    return Handler


@contextmanager
def serve(site: Site) -> Iterator[Site]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(site))
    server.daemon_threads = True
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
