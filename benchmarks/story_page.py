"""The story page's request time: the first request, the wait for the comparison, later requests, and a restart.

Starts `unspin serve` on a fresh SQLite file on 127.0.0.1, posts the five seed articles (../shared/seeds) to
`/api/articles`, and finds their largest story (seeds 001-004). The first `GET /stories/{id}` answers at once
with the members and "pending" while the large lane's pool compares the outlets (`unspin/web/comparing.py`), so
the script times that answer and the server process's CPU it cost (the GIL the small lane needs), then polls
`/api/stories/{id}` until `comparison_status` is "compared" (the time a reader waits for the fact table, and the
pool's CPU for it), then times the compared page a few times. It stops the server, starts a new one on the same
store and times the page again (the comparison is kept in the store). It also times `GET /stories`. Run against
another checkout of unspin (`PYTHONPATH=that/checkout`) the same script measures that code.
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


def cpu_seconds(pid: int) -> float:
    """User + system CPU of one process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def children_cpu(pid: int) -> float:
    """CPU of the processes the server started (its pool), as far as they are alive."""
    total = 0.0
    for child in Path(f"/proc/{pid}/task").glob("*/children"):
        for found in child.read_text().split():
            try:
                total += cpu_seconds(int(found)) + children_cpu(int(found))
            except (FileNotFoundError, ProcessLookupError):
                pass
    return total


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


def compared(port: int, story: int, limit: float = STARTUP) -> float:
    """Seconds until the API says the story is compared (polled twice a second); exits if comparing failed."""
    started = time.perf_counter()
    while time.perf_counter() - started < limit:
        status = json.loads(request(port, "GET", f"/api/stories/{story}")[1])["comparison_status"]
        if status == "compared":
            return time.perf_counter() - started
        if status == "failed":
            sys.exit(f"comparing story {story} failed")
        time.sleep(0.5)
    sys.exit(f"story {story} was not compared within {limit:.0f} s")


def first_visit(server: subprocess.Popen, port: int, story: int) -> dict[str, float]:
    """The first page request (pending) and its server CPU, then the wait until compared and the pool's CPU for it."""
    server_cpu, pool_cpu = cpu_seconds(server.pid), children_cpu(server.pid)
    pending, page = request(port, "GET", f"/stories/{story}")
    figures = {"pending_s": pending, "pending_cpu_s": cpu_seconds(server.pid) - server_cpu}
    figures["pending_page"] = float(b"pending" in page.lower())
    figures["compared_s"] = pending + compared(port, story)
    figures["pool_cpu_s"] = children_cpu(server.pid) - pool_cpu
    print(figures, file=sys.stderr, flush=True)
    return figures


def run(seeds: Path, repeat: int) -> dict[str, object]:
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="unspin-story-bench-") as folder:
        server, port = start_server(Path(folder), 1, wait=STARTUP)
        try:
            post_seeds(port, seeds)
            story, size = largest_story(port)
            visit = first_visit(server, port, story)
            later = timings(port, f"/stories/{story}", repeat)
            listing = timings(port, "/stories", repeat)
        finally:
            stop(server)
        server, port = start_server(Path(folder), 1, wait=STARTUP)
        try:
            restarted = timings(port, f"/stories/{story}", repeat)
        finally:
            stop(server)
    return {
        "story_size": size,
        **visit,
        "later": later,
        "listing": listing,
        "restarted": restarted,
        "load_before": load_before,
        "load_after": os.getloadavg()[0],
    }


def as_markdown(figures: dict) -> str:
    later, restarted, listing = figures["later"], figures["restarted"], figures["listing"]

    def ms(values: list[float]) -> str:
        return f"{1000 * statistics.median(values):.0f} ms" if values else "-"

    pending = 'the members and "pending"' if figures["pending_page"] else "the page (no pending state seen)"
    return "\n".join(
        [
            f"`GET /stories/{{id}}` for the seeds' story of {figures['story_size']} articles, `unspin serve` (1 worker, "
            "SQLite) on loopback after the five seeds were posted. The first request answers with the members while "
            "the large lane's pool compares the outlets; the fact table and additions follow when the comparison is "
            f"kept. Load average {figures['load_before']:.1f} before the run, {figures['load_after']:.1f} after it (2 "
            "cores). Produced by `benchmarks/story_page.py`.",
            "",
            "| request | time |",
            "| --- | --- |",
            f"| first request: {pending} | {1000 * figures['pending_s']:.0f} ms wall, "
            f"{1000 * figures['pending_cpu_s']:.0f} ms of the server process's CPU |",
            f"| until `/api/stories/{{id}}` says compared (from the first request) | {figures['compared_s']:.1f} s wall, "
            f"{figures['pool_cpu_s']:.1f} s of the pool's CPU (its first comparison loads the story models) |",
            f"| the compared page, same server (median of {len(later)}) | {ms(later)} |",
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
