"""Every hostile input through the command line: one-line errors naming the file, exit 1, no traceback;
or a report (exit 0) that keeps what it must. In-process (Typer's runner), so the models load once."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.robustness.conftest import assert_one_line_error, assert_report, write_case
from tests.robustness.corpus import ARTICLE, CASES, ERRORS, QUOTE, REPORTS, Case, ids
from unspin.cli import app

pytestmark = pytest.mark.slow  # runs the pipeline (spaCy)
RUNNER = CliRunner()


def run(*args: str, stdin: bytes | None = None):
    result = RUNNER.invoke(app, list(args), input=stdin)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"unhandled {type(result.exception).__name__}: {result.exception}") from result.exception
    return result


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("error:")]


@pytest.mark.parametrize("case", ERRORS, ids=ids)
def test_bad_input_is_one_line_naming_the_file(corpus_dir: Path, case: Case) -> None:
    path = write_case(corpus_dir, case)
    result = run("neutralize", str(path), "--format", "json")
    assert result.exit_code == 1, result.stderr
    assert result.stdout.strip() in ("", "[]")
    [line] = error_lines(result.stderr)
    assert str(path) in line
    assert_one_line_error(line, case)
    assert "1 input(s) failed, 0 article(s) done" in result.stderr


@pytest.mark.parametrize("case", REPORTS, ids=ids)
def test_odd_input_gives_a_report(corpus_dir: Path, case: Case) -> None:
    result = run("neutralize", str(write_case(corpus_dir, case)), "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert not error_lines(result.stderr)
    report = json.loads(result.stdout)
    assert_report(report[0] if isinstance(report, list) else report, case)


def test_the_whole_corpus_in_one_batch_goes_on_to_the_end(tmp_path: Path) -> None:
    """Every bad input is reported on its own line, every good one written: nothing ends the batch."""
    folder = tmp_path / "in"
    folder.mkdir()
    for case in CASES:
        write_case(folder, case)
    out = tmp_path / "out"
    result = run("neutralize", str(folder), "--out", str(out))
    assert result.exit_code == 1
    assert len(error_lines(result.stderr)) == len(ERRORS)
    assert f"{len(ERRORS)} input(s) failed, {len(REPORTS)} article(s) done" in result.stderr
    assert len(list(out.glob("*.json"))) == len(REPORTS)


def test_clean_command_takes_the_corpus_too(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for case in CASES:
        write_case(folder, case)
    result = run("clean", str(folder), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1 and len(error_lines(result.stderr)) == len(ERRORS)


def test_stdin_binary_and_text() -> None:
    refused = run("neutralize", "-", stdin=b"\x89PNG\r\n\x1a\n")
    assert refused.exit_code == 1 and "binary" in error_lines(refused.stderr)[0]
    accepted = run("neutralize", "-", "--format", "text", stdin=ARTICLE.encode("utf-16"))
    assert accepted.exit_code == 0 and QUOTE in accepted.stdout


def test_over_max_bytes_is_one_line_and_the_batch_goes_on(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text(ARTICLE * 50, encoding="utf-8")
    small = tmp_path / "small.txt"
    small.write_text(ARTICLE, encoding="utf-8")
    result = run("neutralize", str(big), str(small), "--max-bytes", "2000", "--format", "json")
    assert result.exit_code == 1
    [line] = error_lines(result.stderr)
    assert str(big) in line and "over the limit" in line
    reports = json.loads(result.stdout)
    assert [QUOTE in r["text"] for r in (reports if isinstance(reports, list) else [reports])] == [True]


def test_stories_takes_the_whole_corpus_and_goes_on(tmp_path: Path) -> None:
    """`unspin stories`: every bad input is one line, the good ones are grouped and written."""
    from tests.stories.conftest import require_model

    require_model()
    folder = tmp_path / "in"
    folder.mkdir()
    for case in CASES:
        write_case(folder, case)
    out = tmp_path / "out"
    result = run("stories", str(folder), "--out", str(out))
    assert result.exit_code == 1
    assert len(error_lines(result.stderr)) == len(ERRORS)
    assert f"{len(ERRORS)} input(s) failed" in result.stderr
    assert (out / "index.html").exists()
