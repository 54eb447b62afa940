from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from unspin.eval.cli import eval_app

pytestmark = pytest.mark.slow
runner = CliRunner()


def test_detect_json(data_root: Path) -> None:
    result = runner.invoke(
        eval_app, ["detect", "--dataset", "babe", "--split", "dev", "--data", str(data_root), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    assert [r["system"] for r in body["detect"]] == ["unspin", "unspin (thorough)", "lexicon lookup", "Recasens-style LR"]
    assert all(r["sentences"] == 4 and r["top1"] is None for r in body["detect"])
    assert body["published"]["detect"]
    assert body["detect"][2]["reliability"] is None  # the lexicon lookup states no confidence


def test_all_prints_tables(data_root: Path, seeds_root: Path, tmp_path: Path) -> None:
    doc = tmp_path / "BENCHMARKS.md"
    args = ["all", "--split", "test", "--data", str(data_root), "--seeds", str(seeds_root), "--errors", "3", "--write", str(doc)]
    result = runner.invoke(eval_app, args)
    assert result.exit_code == 0, result.output
    titles = (
        "BABE — test",
        "MBIC — test",
        "WNC sample — test",
        "Article extraction — test",
        "(PTC) — test",
        "most frequent word errors",
        "Text edits per 100 words",
        "extraction test",
        "000_sample.txt",
    )
    for title in titles:
        assert title in result.stdout
    written = doc.read_text(encoding="utf-8")
    for section in ("eval:test", "eval:ptc-test", "eval:density-test"):
        assert f"<!-- {section} -->" in written and f"<!-- /{section} -->" in written
    assert "| seeds | 1 |" in written


def test_missing_data_is_one_line(tmp_path: Path) -> None:
    result = runner.invoke(eval_app, ["clean", "--split", "dev", "--data", str(tmp_path)])
    assert result.exit_code == 2
    assert "not found" in result.stderr and "Traceback" not in result.output


def test_markdown_tables(data_root: Path) -> None:
    result = runner.invoke(eval_app, ["clean", "--split", "dev", "--data", str(data_root), "--format", "md"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("### Article extraction — dev (1 pages)")
    assert "| unspin (HTML) | html |" in result.stdout
