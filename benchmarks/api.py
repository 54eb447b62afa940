"""API speed under load: `POST /api/articles` with 8 concurrent clients on loopback (`make bench`).

Starts `unspin serve` on a fresh SQLite file on 127.0.0.1, sends every article of
a generated corpus (news-length, at least 800 words, each one different so no
request is answered from the store), with 8 client threads on keep-alive
connections, and measures each request from send to full response. Then the
same articles are sent again: the figure for re-sent articles, answered from
the store. Traffic goes to 127.0.0.1 only; the request count and the time are
both bounded. Figures go to docs/BENCHMARKS.md between markers.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import queue
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pipeline import build_corpus, words_in  # noqa: E402  (the pipeline benchmark's corpus)

from unspin.docsections import write_section  # noqa: E402
from unspin.ingest import Article  # noqa: E402

HOST = "127.0.0.1"
TARGET_P95_MS = 300.0


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def start_server(folder: Path, workers: int, wait: float = 60) -> tuple[subprocess.Popen, int]:
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "unspin",
        "serve",
        "--db",
        str(folder / "bench.db"),
        "--host",
        HOST,
        "--port",
        str(port),
        "--workers",
        str(workers),
    ]
    server = subprocess.Popen(command, cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit("unspin serve exited before answering; run it by hand to see why")
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return server, port
        except OSError:
            time.sleep(0.1)
    server.kill()
    sys.exit(f"unspin serve did not answer within {wait:.0f} s")


def body_of(article: Article, number: int) -> bytes:
    record = {"html": article.html} if article.html is not None else {"text": article.text}
    record["outlet"] = f"Outlet {number % 5}"
    return json.dumps(record).encode()


def load(port: int, bodies: list[bytes], clients: int, time_limit: float) -> dict[str, float]:
    """Send every body once, `clients` at a time; latencies of the successful requests."""
    work: queue.Queue[bytes] = queue.Queue()
    for body in bodies:
        work.put(body)
    latencies: list[float] = []
    failures: list[str] = []
    lock = threading.Lock()
    stop_at = time.monotonic() + time_limit

    def client() -> None:
        connection = http.client.HTTPConnection(HOST, port, timeout=60)
        while time.monotonic() < stop_at:
            try:
                body = work.get_nowait()
            except queue.Empty:
                break
            tick = time.perf_counter()
            try:
                connection.request("POST", "/api/articles", body=body, headers={"Content-Type": "application/json"})
                response = connection.getresponse()
                response.read()
                ok = response.status in (200, 201)
            except (OSError, http.client.HTTPException) as exc:
                connection.close()
                connection = http.client.HTTPConnection(HOST, port, timeout=60)
                ok, response = False, exc
            elapsed = time.perf_counter() - tick
            with lock:
                if ok:
                    latencies.append(elapsed)
                else:
                    failures.append(str(getattr(response, "status", response)))
        connection.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    if not latencies:
        sys.exit(f"no request succeeded ({failures[:3]})")
    return {
        "requests": len(latencies),
        "failures": len(failures),
        "rps": len(latencies) / wall,
        "p50_ms": 1000 * statistics.median(latencies),
        "p95_ms": 1000 * statistics.quantiles(latencies, n=20)[-1],
        "max_ms": 1000 * max(latencies),
    }


def run(articles: int, clients: int, workers: int, min_words: int, time_limit: float) -> dict[str, object]:
    load_before = os.getloadavg()[0]  # other work on the machine slows every figure below
    corpus = build_corpus(articles + 2, min_words, seed=20241126)
    bodies = [body_of(article, number) for number, article in enumerate(corpus)]
    with tempfile.TemporaryDirectory(prefix="unspin-bench-") as folder:
        server, port = start_server(Path(folder), workers)
        try:
            load(port, bodies[:2], 2, time_limit)  # the server loads its models at start; this opens the store
            fresh = load(port, bodies[2:], clients, time_limit)
            repeat = load(port, bodies[2:], clients, time_limit)
        finally:
            server.terminate()
            server.wait(timeout=30)
    return {
        "fresh": fresh,
        "repeat": repeat,
        "clients": clients,
        "workers": workers,
        "articles": articles,
        "mean_words": statistics.mean(words_in(article) for article in corpus[2:]),
        "html_articles": sum(1 for article in corpus[2:] if article.html is not None),
        "cpus": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "load_before": load_before,
    }


def as_markdown(figures: dict) -> str:
    fresh, repeat = figures["fresh"], figures["repeat"]
    met = "met" if fresh["p95_ms"] < TARGET_P95_MS and not fresh["failures"] else "NOT met"
    return "\n".join(
        [
            f"`POST /api/articles` over loopback: `unspin serve` ({figures['workers']} worker"
            f"{'' if figures['workers'] == 1 else 's'}, SQLite store) on this {figures['cpus']}-core machine, "
            f"{figures['clients']} concurrent clients on keep-alive connections (the clients run on the same machine). "
            f"{fresh['requests']:.0f} different articles generated from `unspin/samples` "
            f"({figures['html_articles']} HTML pages, the rest text dumps), mean {figures['mean_words']:.0f} words, "
            "each neutralized and stored; then the same articles sent again, answered from the store. "
            "Latency is per request, from send to full response. "
            f"Machine load average before the run: {figures['load_before']:.1f} (other work running then slows "
            "these figures). Produced by `make bench` (`benchmarks/api.py`).",
            "",
            "| figure | new articles | re-sent articles |",
            "| --- | --- | --- |",
            f"| requests per second | **{fresh['rps']:.1f}** | {repeat['rps']:.1f} |",
            f"| median latency | {fresh['p50_ms']:.0f} ms | {repeat['p50_ms']:.0f} ms |",
            f"| p95 latency | **{fresh['p95_ms']:.0f} ms** | {repeat['p95_ms']:.0f} ms |",
            f"| slowest request | {fresh['max_ms']:.0f} ms | {repeat['max_ms']:.0f} ms |",
            f"| failed requests | {fresh['failures']:.0f} | {repeat['failures']:.0f} |",
            f"| target | p95 < {TARGET_P95_MS:.0f} ms for new articles: {met} | |",
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=400, help="requests in the measured run (default 400)")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=1, help="unspin serve --workers (default 1)")
    parser.add_argument("--min-words", type=int, default=800)
    parser.add_argument("--time-limit", type=float, default=300, help="stop each phase after this many seconds")
    parser.add_argument("--write", type=Path, help="update this markdown file's API section")
    args = parser.parse_args()
    figures = run(args.articles, args.clients, args.workers, args.min_words, args.time_limit)
    section = as_markdown(figures)
    print(section)
    if args.write:
        write_section(args.write, "bench:api", section, "API under load")


if __name__ == "__main__":
    main()
