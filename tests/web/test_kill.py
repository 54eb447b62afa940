"""`kill -9` of `unspin serve` in the middle of a burst loses no acknowledged article, and its pool goes with it.

The server runs with every article over 1 KiB sent to its process pool, so the burst crosses the
pool and the server process both. After the kill the pool's processes end on their own, and a
restarted server holds every article it had answered 201 for, each with a ledger that verifies.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import threading
import time
from pathlib import Path

import httpx
import pytest

from tests.web.conftest import BRIDGE
from tests.web.test_serve import start

pytestmark = pytest.mark.slow
CLIENTS = 6


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(child) for child in (task / "children").read_text().split()]
        except OSError:
            pass
    return found


def running(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="reads the process tree from /proc (Linux)")
def test_kill_9_mid_burst_loses_no_acknowledged_article(tmp_path: Path) -> None:
    args = ("--db", str(tmp_path / "kill.db"), "--small-kib", "1", "--pool-workers", "1")
    process, url = start(tmp_path, *args)
    acked: list[int] = []
    failures: list[str] = []
    lock, stop = threading.Lock(), threading.Event()

    def client(number: int) -> None:
        with httpx.Client(base_url=url, timeout=120) as http:
            for k in range(1000):
                if stop.is_set():
                    return
                text = BRIDGE.replace("Tuesday", f"day {number}-{k}") * (1 + k % 8)  # 0.3-2.4 KB: both lanes
                try:
                    answer = http.post("/api/articles", json={"text": text})
                except httpx.TransportError:
                    return  # cut off by the kill: never acknowledged
                if answer.status_code == 503:
                    time.sleep(0.2)
                    continue
                with lock:
                    if answer.status_code == 201:
                        acked.append(answer.json()["id"])
                    else:
                        failures.append(f"{answer.status_code} {answer.text[:200]}")

    threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 120
    while len(acked) < 10 and time.monotonic() < deadline:
        time.sleep(0.05)
    pool = children(process.pid)
    assert pool, "the server started no pool process"
    os.kill(process.pid, signal.SIGKILL)
    stop.set()
    process.communicate(timeout=30)
    for thread in threads:
        thread.join(timeout=150)
    assert failures == []
    assert len(acked) >= 10
    gone = time.monotonic() + 10
    while any(running(pid) for pid in pool) and time.monotonic() < gone:
        time.sleep(0.1)
    assert not any(running(pid) for pid in pool), "a pool process outlived its server"

    database = sqlite3.connect(tmp_path / "kill.db")
    assert database.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    database.close()
    process, url = start(tmp_path, *args)
    try:
        for article_id in acked:
            ledger = httpx.get(f"{url}/api/articles/{article_id}/ledger", timeout=60)
            assert ledger.status_code == 200 and ledger.json()["verified"], article_id
    finally:
        process.terminate()
        process.communicate(timeout=30)
