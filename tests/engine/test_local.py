"""`--engine local --format parquet`: the same partitions and files, in this process; resuming."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli_in_process import run_cli
from tests.engine.conftest import files, rows, write_inputs
from unspin.engine import EngineError, write_dataset
from unspin.limits import MAX_INPUT_BYTES
from unspin.pipeline import Options

pytestmark = pytest.mark.slow


def test_local_run_writes_one_row_per_article_and_a_manifest(local_run: Path, inputs: Path) -> None:
    manifest = json.loads((local_run / "manifest.json").read_text())
    assert manifest["complete"] and manifest["planned"] == len(manifest["partitions"]) == 8  # 5 lines (one blank), 2 rows, 1 file
    assert (manifest["articles"], manifest["errors"]) == (7, 0)
    assert manifest["options"] == Options(max_bytes=MAX_INPUT_BYTES).model_dump(mode="json")
    assert manifest["partitions"][0]["input"] == str(inputs / "feed.jsonl") and manifest["partitions"][0]["rows"] == [1, 2]
    found = rows(local_run)
    assert [row["source"].rpartition("/")[2] for row in found] == [
        "feed.jsonl:1",
        "feed.jsonl:2",
        "feed.jsonl:4",
        "feed.jsonl:5",
        "more.parquet:1",
        "more.parquet:2",
        "note.txt",
    ]
    assert found[0]["title"] == "Council approves bridge" and found[0]["outlet"] == "Outlet 0"
    assert all(row["error"] is None and "[...]" in row["text"] for row in found[:2])
    assert sorted(p.name for p in local_run.iterdir()) == ["manifest.json", *(f"part-{i:05d}.parquet" for i in range(8))]


def test_a_rerun_keeps_what_is_done_and_redoes_only_what_is_missing(local_run: Path, inputs: Path, tmp_path: Path) -> None:
    import shutil

    out = tmp_path / "out"
    shutil.copytree(local_run, out)
    options = Options(max_bytes=MAX_INPUT_BYTES)
    assert write_dataset([str(inputs)], out, options, partition_size=1).written == 0
    (out / "part-00002.parquet").unlink()  # never written
    (out / "part-00004.parquet").write_bytes(b"not what the manifest says")  # damaged
    manifest = json.loads((out / "manifest.json").read_text())
    manifest["partitions"] = [entry for entry in manifest["partitions"] if entry["file"] != "part-00005.parquet"]
    (out / "manifest.json").write_text(json.dumps(manifest))  # renamed into place, then the client died
    (out / ".tmp-part-00006.parquet.1234").write_bytes(b"half")  # a worker killed mid-write
    summary = write_dataset([str(inputs)], out, options, partition_size=1)
    assert (summary.kept, summary.written, summary.articles) == (6, 2, 7)  # 00005 recognised by the key inside it
    assert files(out) == files(local_run)


def test_one_folder_holds_one_batch(local_run: Path, inputs: Path, tmp_path: Path) -> None:
    import shutil

    out = tmp_path / "out"
    shutil.copytree(local_run, out)
    with pytest.raises(EngineError, match="other inputs or options"):
        write_dataset([str(inputs)], out, Options(strength="strong"), partition_size=1)
    with pytest.raises(EngineError, match="other inputs or options"):
        write_dataset([str(inputs)], out, Options(max_bytes=MAX_INPUT_BYTES), partition_size=2)


def test_cli_local_parquet_exits_non_zero_when_a_row_failed(tmp_path: Path) -> None:
    folder = write_inputs(tmp_path / "in", bad_line=True)
    out = tmp_path / "out"
    command = ["neutralize", str(folder), "--format", "parquet", "--out", str(out)]
    done = run_cli(*command)  # in-process: the models are loaded once, not per run
    assert done.returncode == 1, done.stderr
    assert "7 article(s) in 3 partition(s)" in done.stderr and "1 input(s) failed" in done.stderr
    failed = [row for row in rows(out) if row["error"]]
    assert [(row["source"].rpartition("/")[2], row["error"]) for row in failed] == [
        ("feed.jsonl:6", "field 'text' or 'html' is required")
    ]
    again = run_cli(*command)
    assert "3 kept from an earlier run" in again.stderr


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--engine", "dask", "--format", "md", "--out", "o"], "writes --format parquet, not md"),
        (["--format", "parquet"], "needs --out DIR"),
        (["--workers", "2", "--out", "o"], "need --engine dask"),
    ],
)
def test_cli_usage_errors(tmp_path: Path, extra: list[str], message: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # where a relative --out would go
    done = run_cli("neutralize", str(tmp_path), *extra)
    assert done.returncode == 2 and message in done.stderr, done.stderr
