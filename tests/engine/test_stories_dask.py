"""`unspin stories --engine dask` on a 2-worker LocalCluster: the samples neutralized, profiled on the
workers and grouped in date-window shards end as the stories the single-process stream makes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli_in_process import run_cli

pytestmark = [pytest.mark.slow, pytest.mark.dask]
SAMPLES = Path(__file__).resolve().parents[2] / "unspin" / "samples"
TIMEOUT = 480  # seconds on a busy 2-core machine: three steps, and the workers load spaCy and the embedding model


def name(source: str) -> str:
    """A source as both paths write it: the file name, and the line for JSONL."""
    return Path(source.removeprefix("file://")).name


def test_the_cluster_groups_the_samples_as_the_single_stream_does(tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    from unspin.stories.story import build_stories

    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-m", "unspin", "stories", str(SAMPLES), "--engine", "dask", "--workers", "2", "--out", str(out)],
        capture_output=True, text=True, timeout=TIMEOUT,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "8 article(s) in" in done.stderr and "shard(s)" in done.stderr
    rows = pq.read_table(out / "stories.parquet").to_pylist()
    assert [row["position"] for row in rows] == sorted(row["position"] for row in rows)
    sharded: dict[int, set[str]] = {}
    for row in rows:
        sharded.setdefault(row["story"], set()).add(name(row["key"]))
    stream = build_stories([str(SAMPLES)], compare=False)
    expected = {frozenset(name(key) for m in s.members for key in (m.key, *(d for d, _ in m.duplicates))) for s in stream.stories}
    assert {frozenset(group) for group in sharded.values()} == expected
    assert len(expected) < 8  # the samples hold two stories told by two outlets each: something was grouped


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--engine", "dask"], "--engine dask needs --out DIR"),
        (["--workers", "2"], "--scheduler and --workers need --engine dask"),
        (["--engine", "dask", "--workers", "2", "--scheduler", "tcp://127.0.0.1:1", "--out", "x"], "--workers starts a local"),
    ],
)
def test_usage_errors_are_one_line_before_any_work(extra: list[str], message: str) -> None:
    done = run_cli("stories", str(SAMPLES), *extra)  # in-process: a usage error needs no interpreter of its own
    assert done.returncode == 2
    assert message in done.stderr and len(done.stderr.strip().splitlines()) == 1
