"""Soak: `unspin serve` under 8 clients for minutes, then `kill -9` mid-load and a restart (`make soak`).

Starts the real server (`python -m unspin serve`, uvicorn, a fresh SQLite file on
127.0.0.1) and runs `--clients` client threads for `--minutes`, each sending new
articles one after another (a pause of `--pause` seconds on average between
them): mostly news-length articles from `unspin/samples`, some of 64-256 KiB and
a few up to the request cap, each one different so every request runs the
pipeline. A 503 is not a failure: the client waits as its Retry-After says and
sends the article again; a failure is any other answer, or no answer, before the
kill. Measured: failed requests, the small articles' latency, and the resident
memory of the server and its pool processes (after warm-up, the first quarter).

At the end of the time the server is killed with SIGKILL while requests are in
flight, then started again on the same database. Every article the server had
acknowledged (200/201) must be there with its report and a ledger that rebuilds
it, and sent again it must come back as already stored, with the same id;
SQLite's `PRAGMA integrity_check` and `foreign_key_check` must pass, every
article must have a report, and no pool process may outlive its server.
Figures go to docs/BENCHMARKS.md between markers.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from api import HOST, free_port  # noqa: E402  (this folder's API benchmark)
from pipeline import build_corpus  # noqa: E402

from unspin.docsections import write_section  # noqa: E402
from unspin.ingest import Article  # noqa: E402
from unspin.web.settings import KIB, MIB, Settings  # noqa: E402

TARGET_P95_MS = 300.0
TARGET_RSS_GROWTH = 0.10
# (kind, share of requests, smallest and largest text in bytes); "large" reaches the 2 MiB request cap
MIX = (("small", 0.92, 0, 0), ("medium", 0.06, 64 * KIB, 256 * KIB), ("large", 0.02, 512 * KIB, int(1.9 * MIB)))
TIMEOUT = 600.0
IDLE_SECONDS = 4.0  # uvicorn closes a keep-alive connection after 5 s without a request


@dataclass
class Tally:
    """What the clients saw, under one lock."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    sent: dict[str, int] = field(default_factory=dict)
    acked: list[tuple[int, int, str]] = field(default_factory=list)  # (article number, id, kind)
    busy: dict[str, int] = field(default_factory=dict)  # 503s, each followed by a wait and a retry
    failures: list[str] = field(default_factory=list)
    latency: dict[str, list[float]] = field(default_factory=dict)
    cut_off: int = 0  # requests in flight at the kill (no answer, not acknowledged: not failures)

    def add(self, table: dict, kind: str, value: object = 1) -> None:
        with self.lock:
            if isinstance(value, float):
                table.setdefault(kind, []).append(value)
            else:
                table[kind] = table.get(kind, 0) + value


class Articles:
    """Article number n, the same every time it is asked for (so it can be sent again after the restart)."""

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self.corpus = build_corpus(120, 800, seed=seed)
        self.texts = [article.text for article in self.corpus if article.text]

    def kind(self, n: int) -> str:
        draw = random.Random(self.seed * 1_000_003 + n).random()
        for kind, share, _, _ in MIX:
            if draw < share:
                return kind
            draw -= share
        return MIX[0][0]

    def body(self, n: int) -> bytes:
        kind = self.kind(n)
        stamp = f"The council's reference number for this report is {n}."
        if kind == "small":
            article = self.corpus[n % len(self.corpus)]
            record = {"html": _stamped_html(article, stamp)} if article.html else {"text": f"{article.text}\n\n{stamp}\n"}
        else:
            rng = random.Random(n)
            _, _, low, high = next(entry for entry in MIX if entry[0] == kind)
            target, parts, size = rng.randint(low, high), [stamp], 0
            while size < target:
                parts.append(rng.choice(self.texts))
                size += len(parts[-1].encode())
            record = {"text": "\n\n".join(parts).encode()[:target].decode("utf-8", "ignore")}
        record["outlet"] = f"Outlet {n % 5}"
        return json.dumps(record).encode()


def _stamped_html(article: Article, stamp: str) -> str:
    html = article.html or ""
    return html.replace("</p>", f"</p><p>{stamp}</p>", 1) if "</p>" in html else html + f"<p>{stamp}</p>"


# -- the server ---------------------------------------------------------------------------------------


def start_server(folder: Path, port: int, log: Path, settings: Settings) -> subprocess.Popen:
    command = [sys.executable, "-m", "unspin", "serve", "--db", str(folder / "soak.db"), "--host", HOST, "--port", str(port)]
    command += ["--pool-workers", str(settings.pool_workers), "--pool-queue", str(settings.pool_queue)]
    command += ["--small-kib", str(settings.small_bytes / KIB)]
    with log.open("ab") as out:
        server = subprocess.Popen(command, cwd=folder, stdout=out, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"unspin serve exited before answering; see {log}")
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    sys.exit("unspin serve did not answer within 120 s")


def family(pid: int) -> list[int]:
    """The process and its children (the pool), from /proc."""
    pids = [pid]
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            pids += [int(child) for child in (task / "children").read_text().split()]
        except OSError:
            pass
    return pids


def rss_mib(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return False
    return state != "Z"


# -- the clients --------------------------------------------------------------------------------------


def client(port: int, articles: Articles, numbers, tally: Tally, stop: threading.Event, killed: threading.Event, pause: float):  # type: ignore[no-untyped-def]
    rng = random.Random()
    connection, last_used = http.client.HTTPConnection(HOST, port, timeout=TIMEOUT), time.monotonic()
    while not stop.is_set():
        n = next(numbers)
        kind, body = articles.kind(n), articles.body(n)
        tally.add(tally.sent, kind)
        while not killed.is_set():
            if time.monotonic() - last_used > IDLE_SECONDS:  # as a client's connection pool does: the server
                connection.close()  # has closed a keep-alive connection idle this long, and a send on it breaks
                connection = http.client.HTTPConnection(HOST, port, timeout=TIMEOUT)
            tick = time.perf_counter()
            try:
                connection.request("POST", "/api/articles", body=body, headers={"Content-Type": "application/json"})
                response = connection.getresponse()
                answer = response.read()
            except (OSError, http.client.HTTPException) as exc:
                connection.close()
                connection = http.client.HTTPConnection(HOST, port, timeout=TIMEOUT)
                if killed.is_set():
                    with tally.lock:
                        tally.cut_off += 1
                else:
                    with tally.lock:
                        tally.failures.append(f"{kind}: {type(exc).__name__}")
                break
            elapsed, last_used = time.perf_counter() - tick, time.monotonic()
            if response.status == 503:
                tally.add(tally.busy, kind)
                killed.wait(float(response.getheader("Retry-After") or 1))
                continue
            if response.status in (200, 201):
                tally.add(tally.latency, kind, elapsed)
                with tally.lock:
                    tally.acked.append((n, json.loads(answer)["id"], kind))
            else:
                with tally.lock:
                    tally.failures.append(f"{kind}: {response.status} {answer[:200]!r}")
            break
        if pause:
            stop.wait(rng.expovariate(1 / pause))
    connection.close()


def counter():  # type: ignore[no-untyped-def]
    lock, value = threading.Lock(), [0]

    def numbers():  # type: ignore[no-untyped-def]
        while True:
            with lock:
                value[0] += 1
                yield value[0]

    return numbers()


def soak(minutes: float, clients: int, pause: float, seed: int, settings: Settings) -> dict:
    articles = Articles(seed)
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="unspin-soak-") as name:
        folder = Path(name)
        log, port = folder / "server.log", free_port()
        server = start_server(folder, port, log, settings)
        tally, stop, killed = Tally(), threading.Event(), threading.Event()
        numbers = counter()
        threads = [
            threading.Thread(target=client, args=(port, articles, numbers, tally, stop, killed, pause), daemon=True)
            for _ in range(clients)
        ]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        samples: list[tuple[float, float]] = []
        server_samples: list[float] = []  # the server process alone (the rest of each sample is its pool)
        end = started + 60 * minutes
        while time.monotonic() < end:
            samples.append((time.monotonic() - started, rss_mib(family(server.pid))))
            server_samples.append(rss_mib([server.pid]))
            time.sleep(min(2.0, max(0.0, end - time.monotonic())))
        pool = family(server.pid)[1:]
        killed.set()
        stop.set()
        os.kill(server.pid, signal.SIGKILL)  # mid-load: every client has a request out or is about to send one
        server.wait()
        for thread in threads:
            thread.join(timeout=30)
        time.sleep(3)  # the pool's processes notice their parent is gone within a second
        orphans = [pid for pid in pool if alive(pid)]
        after = check_after_restart(folder, port, log, articles, tally, settings)
        for pid in orphans:  # do not leave them running, whatever the figure says
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
    return {
        "minutes": minutes,
        "clients": clients,
        "pause": pause,
        "tally": tally,
        "samples": samples,
        "server_samples": server_samples,
        "pool": len(pool),
        "orphans": len(orphans),
        "after": after,
        "load_before": load_before,
        "load_after": os.getloadavg(),
        "cpus": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "settings": settings,
    }


def check_after_restart(folder: Path, port: int, log: Path, articles: Articles, tally: Tally, settings: Settings) -> dict:
    server = start_server(folder, port, log, settings)
    present = verified = same_id = 0
    problems: list[str] = []
    try:
        connection = http.client.HTTPConnection(HOST, port, timeout=TIMEOUT)
        for n, article_id, _kind in tally.acked:
            connection.request("GET", f"/api/articles/{article_id}/ledger")
            response = connection.getresponse()
            ledger = json.loads(response.read())
            if response.status == 200 and ledger["edits"] is not None:
                present += 1
                verified += bool(ledger["verified"])
            else:
                problems.append(f"article {article_id}: {response.status}")
            connection.request("POST", "/api/articles", body=articles.body(n), headers={"Content-Type": "application/json"})
            response = connection.getresponse()
            again = json.loads(response.read())
            same_id += response.status == 200 and again.get("id") == article_id
        connection.close()
    finally:
        server.terminate()
        server.wait(timeout=60)
    database = sqlite3.connect(folder / "soak.db")
    integrity = database.execute("PRAGMA integrity_check").fetchone()[0]
    foreign = database.execute("PRAGMA foreign_key_check").fetchall()
    without_report = database.execute(
        "SELECT count(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM reports r WHERE r.article_id = a.id)"
    ).fetchone()[0]
    stored = database.execute("SELECT count(*) FROM articles").fetchone()[0]
    database.close()
    return {
        "present": present,
        "verified": verified,
        "same_id": same_id,
        "problems": problems[:5],
        "integrity": integrity,
        "foreign_key_errors": len(foreign),
        "without_report": without_report,
        "stored": stored,
    }


# -- figures ------------------------------------------------------------------------------------------


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else float("nan")


def figures(result: dict) -> dict:
    tally, samples = result["tally"], result["samples"]
    warm_until = samples[-1][0] / 4 if samples else 0
    settled = [rss for at, rss in samples if at >= warm_until]
    baseline = statistics.median(settled[: max(1, len(settled) // 5)]) if settled else float("nan")
    final = statistics.median(settled[-max(1, len(settled) // 5) :]) if settled else float("nan")
    small = tally.latency.get("small", [])
    server = result.get("server_samples") or [float("nan")]
    fifth = max(1, len(server) // 5)
    return {
        "server_start": statistics.median(server[len(server) // 4 :][:fifth]) if len(server) > 4 else server[0],
        "server_end": statistics.median(server[-fifth:]),
        "small_p50_ms": 1000 * percentile(small, 0.5),
        "small_p95_ms": 1000 * percentile(small, 0.95),
        "small_max_ms": 1000 * max(small, default=float("nan")),
        "rss_baseline": baseline,
        "rss_final": final,
        "rss_peak": max((rss for _, rss in samples), default=float("nan")),
        "rss_growth": (final - baseline) / baseline if baseline else float("nan"),
    }


def as_markdown(result: dict, note: str) -> str:
    tally, after, settings, f = result["tally"], result["after"], result["settings"], figures(result)
    kinds = [kind for kind, *_ in MIX]
    acked = {kind: sum(1 for *_, k in tally.acked if k == kind) for kind in kinds}
    lat = {kind: tally.latency.get(kind, []) for kind in kinds}
    total_acked = len(tally.acked)
    met = {
        "failures": "met" if not tally.failures else "NOT met",
        "p95": "met" if f["small_p95_ms"] < TARGET_P95_MS else "NOT met",
        "rss": "met" if f["rss_growth"] <= TARGET_RSS_GROWTH else "NOT met",
        "restart": "met"
        if after["present"] == after["verified"] == after["same_id"] == total_acked
        and after["integrity"] == "ok"
        and not after["foreign_key_errors"]
        and not after["without_report"]
        and not result["orphans"]
        else "NOT met",
    }
    load_before, load_after = result["load_before"], result["load_after"]
    lines = [
        f"`unspin serve` (one uvicorn worker, SQLite, lanes: articles up to {settings.small_bytes // KIB} KiB of "
        f"text in the server process, {settings.pool_workers} pool process(es) for larger ones with {settings.pool_queue} "
        f"waiting at most) on this {result['cpus']}-core machine, {result['clients']} client threads on loopback for "
        f"{result['minutes']:g} minutes, each sending new articles one after another"
        + (f" with a random pause of {result['pause']:g} s on average between them" if result["pause"] else " with no pause")
        + ". Mix: "
        + ", ".join(f"{share:.0%} {kind}" for kind, share, *_ in MIX)
        + ". Small: news-length articles from `unspin/samples`, text and HTML; medium: 64-256 KiB of text; large: "
        "512 KiB to 1.9 MiB, up to the 2 MiB request cap. A 503 is answered by waiting as Retry-After says and "
        "sending again; a failure is any other error or no answer before the kill. Memory is the resident set of the "
        "server and its pool processes, sampled every 2 s; growth compares the first and last fifth of the samples "
        "after warm-up (the first quarter). At the end the server is killed with SIGKILL mid-load and started again "
        f"on the same database. Machine load average {load_before[0]:.1f} before, {load_after[0]:.1f} after. "
        f"Produced by `make soak` (`benchmarks/soak.py`). {note}".strip(),
        "",
        "| figure | small | medium | large |",
        "| --- | --- | --- | --- |",
        "| requests started | " + " | ".join(str(tally.sent.get(k, 0)) for k in kinds) + " |",
        "| acknowledged (200/201) | " + " | ".join(str(acked[k]) for k in kinds) + " |",
        "| 503 + Retry-After (sent again) | " + " | ".join(str(tally.busy.get(k, 0)) for k in kinds) + " |",
        "| median latency | "
        + " | ".join(f"{1000 * statistics.median(lat[k]):,.0f} ms" if lat[k] else "—" for k in kinds)
        + " |",
        "| p95 latency | " + " | ".join(f"{1000 * percentile(lat[k], 0.95):,.0f} ms" if lat[k] else "—" for k in kinds) + " |",
        "| slowest | " + " | ".join(f"{1000 * max(lat[k]):,.0f} ms" if lat[k] else "—" for k in kinds) + " |",
        "",
        "| figure | value | target |",
        "| --- | --- | --- |",
        f"| failed requests | **{len(tally.failures)}** | 0: {met['failures']} |",
        f"| p95 latency, small articles | **{f['small_p95_ms']:,.0f} ms** | < {TARGET_P95_MS:.0f} ms: {met['p95']} |",
        f"| memory after warm-up → at the end (peak) | {f['rss_baseline']:,.0f} → {f['rss_final']:,.0f} MiB "
        f"({f['rss_peak']:,.0f} MiB) | |",
        f"| of which the server process, after warm-up → at the end | {f['server_start']:,.0f} → {f['server_end']:,.0f} MiB | |",
        f"| memory growth after warm-up | **{100 * f['rss_growth']:+.1f}%** | <= {100 * TARGET_RSS_GROWTH:.0f}%: {met['rss']} |",
        f"| requests cut off by the kill (no answer) | {tally.cut_off} | |",
        f"| acknowledged articles present after restart, ledger verified, sent again → same id | "
        f"{after['present']} / {after['verified']} / {after['same_id']} of {total_acked} | all: {met['restart']} |",
        f"| articles stored / without a report | {after['stored']} / {after['without_report']} | — / 0 |",
        f"| SQLite integrity_check, foreign_key_check | {after['integrity']}, {after['foreign_key_errors']} errors | ok, 0 |",
        f"| the server's child processes (pool, resource tracker) alive 3 s after the kill | "
        f"{result['orphans']} of {result['pool']} | 0 |",
    ]
    if tally.failures:
        kinds_seen = Counter(tally.failures).most_common(5)
        lines += ["", "Failures, by kind: " + "; ".join(f"`{failure}` × {count}" for failure, count in kinds_seen)]
    if after["problems"]:
        lines += ["", "Missing after restart (first five): " + "; ".join(after["problems"])]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10.0, help="length of the soak before the kill (default 10)")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--pause", type=float, default=1.0, help="mean pause between a client's requests, seconds (default 1)")
    parser.add_argument("--seed", type=int, default=20261207)
    parser.add_argument("--pool-workers", type=int, default=Settings().pool_workers, help="unspin serve --pool-workers")
    parser.add_argument("--pool-queue", type=int, default=Settings.pool_queue, help="unspin serve --pool-queue")
    parser.add_argument("--small-kib", type=float, default=Settings.small_bytes / KIB, help="unspin serve --small-kib")
    parser.add_argument("--note", default="", help="a sentence added to the section (e.g. how busy the machine was)")
    parser.add_argument("--write", type=Path, help="update this markdown file's soak section")
    args = parser.parse_args()
    settings = Settings(pool_workers=args.pool_workers, pool_queue=args.pool_queue, small_bytes=int(args.small_kib * KIB))
    result = soak(args.minutes, args.clients, args.pause, args.seed, settings)
    section = as_markdown(result, args.note)
    print(section)
    if args.write:
        write_section(args.write, "bench:soak", section, "Soak: the server under load, killed and restarted")


if __name__ == "__main__":
    main()
