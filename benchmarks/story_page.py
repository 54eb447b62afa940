"""The story page's request time: the first request, later ones, and the first after the server starts again.

Starts `unspin serve` on a fresh SQLite file on 127.0.0.1, posts the five seed articles (../shared/seeds) to
`/api/articles`, and finds their largest story (seeds 001-004). Then it times `GET /stories/{id}` (the compared
story: fact table, additions) a few times, stops the server, starts a new one on the same store and times the
same page again: what a restart, or a second server process, costs a reader. It also times `GET /stories`. Run
against another checkout of unspin (`PYTHONPATH=that/checkout`) the same script measures that code: the
server is started with this interpreter and environment.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from api import HOST, start_server  # noqa: E402  (the API benchmark's server)

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
STARTUP = 600  # seconds the server may take to load its models (a busy machine)


def request(port: int, method: str, path: str, body: bytes | None = None) -> tuple[float, bytes]:
    """(seconds from send to the whole response, the body); exits on anything but 200 or 201."""
    connection = http.client.HTTPConnection(HOST, port, timeout=600)
    headers = {"Content-Type": "application/json", "Accept": "text/html" if method == "GET" else "application/json"}
    tick = time.perf_counter()
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    data = response.read()
    elapsed = time.perf_counter() - tick
    connection.close()
    if response.status not in (200, 201):
        sys.exit(f"{method} {path}: HTTP {response.status}: {data[:200]!r}")
    return elapsed, data


def post_seeds(port: int, seeds: Path) -> None:
    paths = sorted(seeds.glob("*.txt"))
    if len(paths) != 5:
        sys.exit(f"expected the five seed articles in {seeds}")
    for path in paths:
        request(port, "POST", "/api/articles", json.dumps({"text": path.read_text(encoding="utf-8")}).encode())


def largest_story(port: int) -> tuple[int, int]:
    connection = http.client.HTTPConnection(HOST, port, timeout=60)
    connection.request("GET", "/api/stories")
    stories = json.loads(connection.getresponse().read())
    connection.close()
    best = max(stories, key=lambda story: story["articles"])
    return best["id"], best["articles"]


def timings(port: int, path: str, repeat: int) -> list[float]:
    found = [request(port, "GET", path)[0] for _ in range(repeat)]
    print(f"{path}: {', '.join(f'{1000 * t:.0f} ms' for t in found)}", file=sys.stderr, flush=True)  # kept if a later step fails
    return found


def stop(server: subprocess.Popen) -> None:
    """SIGTERM, and SIGKILL when a busy machine has not let it finish in two minutes (the store is SQLite in WAL)."""
    server.terminate()
    try:
        server.wait(timeout=120)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait(timeout=30)


def run(seeds: Path, repeat: int) -> dict[str, object]:
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="unspin-story-bench-") as folder:
        server, port = start_server(Path(folder), 1, wait=STARTUP)
        try:
            post_seeds(port, seeds)
            story, size = largest_story(port)
            first = timings(port, f"/stories/{story}", repeat)
            listing = timings(port, "/stories", repeat)
        finally:
            stop(server)
        server, port = start_server(Path(folder), 1, wait=STARTUP)
        try:
            restarted = timings(port, f"/stories/{story}", repeat)
        finally:
            stop(server)
    return {"story_size": size, "first": first, "listing": listing, "restarted": restarted, "load_before": load_before}


def as_markdown(figures: dict) -> str:
    first, restarted, listing = figures["first"], figures["restarted"], figures["listing"]

    def ms(values: list[float]) -> str:
        return f"{1000 * statistics.median(values):.0f} ms" if values else "-"

    return "\n".join(
        [
            f"`GET /stories/{{id}}` for the seeds' story of {figures['story_size']} articles, `unspin serve` (1 worker, "
            "SQLite) on loopback after the five seeds were posted; the page holds the fact table and each article's "
            f"additions. Machine load average before the run: {figures['load_before']:.1f}. "
            "Produced by `benchmarks/story_page.py`.",
            "",
            "| request | time |",
            "| --- | --- |",
            f"| first request for the story | {ms(first[:1])} |",
            f"| later requests, same server (median of {len(first) - 1}) | {ms(first[1:])} |",
            f"| first request after the server started again | {ms(restarted[:1])} |",
            f"| later requests after the restart (median of {len(restarted) - 1}) | {ms(restarted[1:])} |",
            f"| `GET /stories` (median of {len(listing)}) | {ms(listing)} |",
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, default=SEEDS, help="the five seed articles (default ../shared/seeds)")
    parser.add_argument("--repeat", type=int, default=5, help="requests timed in each phase (default 5)")
    parser.add_argument("--write", type=Path, help="update this markdown file's story page section")
    parser.add_argument("--json", action="store_true", help="print the raw timings as JSON too")
    args = parser.parse_args()
    figures = run(args.seeds, max(2, args.repeat))
    section = as_markdown(figures)
    print(section)
    if args.json:
        print(json.dumps(figures))
    if args.write:
        from unspin.docsections import write_section

        write_section(args.write, "bench:story-page", section, "Story page")


if __name__ == "__main__":
    main()
