"""`--engine dask` on a 2-worker LocalCluster through the CLI: the same output as the local engine,
and exactly that output again after the run — or one of its workers — is killed with kill -9.

Each test starts a cluster (workers load the models once, through the `WarmModels` plugin): seconds
each, so they run in `make test`; one article per partition gives the kills something to interrupt.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.cli_in_process import run_cli
from tests.engine.conftest import files, rows
from tests.store.databases import BACKENDS, fresh_database

pytestmark = [pytest.mark.slow, pytest.mark.dask]
TIMEOUT = 240  # seconds for one run on a busy 2-core machine (about 15 s when idle)


def command(inputs: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "unspin", "neutralize", str(inputs), "--engine", "dask", "--workers", "2",
            "--partition-size", "1", "--out", str(out)]  # fmt: skip


def start(inputs: Path, out: Path, log: Path) -> subprocess.Popen:
    """The CLI in its own process group, so a test can kill it and its workers at once."""
    with log.open("w") as stderr:
        return subprocess.Popen(command(inputs, out), stdout=subprocess.DEVNULL, stderr=stderr, start_new_session=True)


def wait_for(condition: Callable[[], bool], process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + TIMEOUT
    while not condition():
        assert process.poll() is None, f"the run ended first: {log.read_text()}"
        assert time.monotonic() < deadline, f"timed out: {log.read_text()}"
        time.sleep(0.01)


def first_partition(out: Path) -> Callable[[], bool]:
    return lambda: out.exists() and any(out.glob("part-*.parquet"))


@pytest.fixture(scope="module")
def dask_run(inputs: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("dask") / "out"
    done = subprocess.run(command(inputs, out), capture_output=True, text=True, timeout=TIMEOUT)
    assert done.returncode == 0, done.stderr
    return out, done.stderr


def test_two_workers_write_what_the_local_engine_writes(dask_run: tuple[Path, str], local_run: Path) -> None:
    out, stderr = dask_run
    assert "7 article(s) in 8 partition(s) written to" in stderr
    assert rows(out) == rows(local_run)
    assert files(out) == files(local_run)  # the same writer: byte for byte, manifest included


def test_a_run_killed_with_kill_9_resumes_to_exactly_the_uninterrupted_output(
    inputs: Path, local_run: Path, tmp_path: Path
) -> None:
    out, log = tmp_path / "out", tmp_path / "first.log"
    process = start(inputs, out, log)
    try:
        wait_for(first_partition(out), process, log)
    finally:
        os.killpg(process.pid, signal.SIGKILL)  # the client, its cluster and both workers, mid-run
        process.wait()
    finished = len(list(out.glob("part-*.parquet")))
    assert 1 <= finished < 8, "the kill came after the run had finished"
    done = subprocess.run(command(inputs, out), capture_output=True, text=True, timeout=TIMEOUT)
    assert done.returncode == 0, done.stderr
    assert f"{finished} kept from an earlier run" in done.stderr
    assert rows(out) == rows(local_run)  # no article missing, none twice
    assert files(out) == files(local_run)


def test_a_worker_killed_mid_run_is_replaced_and_nothing_is_lost_or_doubled(
    inputs: Path, local_run: Path, tmp_path: Path
) -> None:
    import psutil

    out, log = tmp_path / "out", tmp_path / "run.log"
    process = start(inputs, out, log)
    try:
        wait_for(first_partition(out), process, log)
        workers = [
            child for child in psutil.Process(process.pid).children(recursive=True) if "spawn_main" in " ".join(child.cmdline())
        ]
        assert len(workers) == 2
        os.kill(workers[0].pid, signal.SIGKILL)
        assert len(list(out.glob("part-*.parquet"))) < 8, "the kill came after the run had finished"
        assert process.wait(timeout=TIMEOUT) == 0, log.read_text()
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    assert rows(out) == rows(local_run)
    assert files(out) == files(local_run)


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_cluster_output_loads_into_the_store_once(dask_run: tuple[Path, str], backend: str, tmp_path: Path) -> None:
    from sqlalchemy import func, select

    from unspin.store import Store
    from unspin.store.models import ArticleRow, ReportRow

    out, _ = dask_run
    for url in fresh_database(backend, tmp_path):
        for expected in ("7 report(s) stored, 0 already there", "0 report(s) stored, 7 already there"):
            done = run_cli("store", "load", str(out), "--db", url)  # in-process: the story models are loaded once
            assert done.returncode == 0 and expected in done.stderr, done.stderr
        store = Store(url)
        with store.engine.connect() as connection:
            counts = [connection.scalar(select(func.count()).select_from(table)) for table in (ArticleRow, ReportRow)]
        store.close()
        assert counts == [7, 7]  # no duplicates


def test_local_workers_run_without_the_sampling_profiler_or_the_malloc_trim_threshold():
    """Dask's 10 ms stack sampling and its MALLOC_TRIM_THRESHOLD_ (which turns off glibc's dynamic mmap
    threshold: a hundred times the page faults) cost the workers CPU on every article; a local cluster
    turns both off and keeps the one-thread limits."""
    import dask

    from unspin.engine.cluster import connect

    def worker_settings() -> tuple:
        return (
            dask.config.get("distributed.worker.profile.enabled"),
            os.environ.get("MALLOC_TRIM_THRESHOLD_"),
            os.environ.get("OMP_NUM_THREADS"),
        )

    with connect(workers=1) as client:
        settings = client.run(worker_settings)
    assert list(settings.values()) == [(False, None, "1")]
