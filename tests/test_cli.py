"""CLI behaviour on our own small inputs: formats, batches, bad input, stdin.

Most tests run the commands in this process (`run_cli`: the models load once, not per call); the ones that
use `unspin` start the real `python -m unspin`, so the entry point and what it prints on its own are covered.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.cli_in_process import Done, run_cli

ARTICLE = (
    "Council approves new bridge over the Avon\n\n"
    "The council approved a shockingly expensive bridge on Tuesday, officials said.\n\n"
    "Critics slammed the extremely lavish design, which will cost 12 million pounds.\n\n"
    "“It is an outrageous waste,” said councillor Mary Hollins.\n"
)


def unspin(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "unspin", *args], input=stdin, capture_output=True, text=True)


def write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


def test_json_to_stdout_for_one_input(tmp_path: Path) -> None:
    done = unspin("neutralize", str(write(tmp_path, "bridge.txt", ARTICLE)), "--format", "json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert {"source", "title", "original", "text", "edits"} <= report.keys()
    assert report["original"] == ARTICLE
    assert "[...]" in report["text"]
    assert "“It is an outrageous waste,” said councillor Mary Hollins." in report["text"]
    assert "12 million" in report["text"] and "Tuesday" in report["text"]


def test_batch_goes_on_past_bad_files_and_exits_non_zero(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", ARTICLE)
    write(tmp_path, "b.txt", b"")
    write(tmp_path, "c.txt", b"\x00\x01\x02\x03")
    write(tmp_path, "d.jsonl", '{"text": "A short note about the bridge."}\n{"title": "no body"}\n')
    out = tmp_path / "out"
    done = run_cli("neutralize", str(tmp_path), "--out", str(out))
    assert done.returncode == 1
    assert "b.txt: file is empty" in done.stderr
    assert "c.txt: file looks binary" in done.stderr
    assert "d.jsonl:2: field 'text' or 'html' is required" in done.stderr
    assert "3 input(s) failed" in done.stderr
    assert sorted(p.name for p in out.iterdir()) == ["a.html", "a.json", "d-1.html", "d-1.json", "index.html"]


def test_formats(tmp_path: Path) -> None:
    path = str(write(tmp_path, "bridge.txt", ARTICLE))
    markdown = run_cli("neutralize", path, "--format", "md")
    assert markdown.returncode == 0 and "[...]" in markdown.stdout
    text = run_cli("neutralize", path, "--format", "text")
    assert text.returncode == 0 and "[...]" in text.stdout
    html = run_cli("neutralize", path, "--format", "html")
    assert html.returncode == 0 and "<html" in html.stdout.lower()


def test_stdin_and_strength(tmp_path: Path) -> None:
    light = json.loads(run_cli("neutralize", "-", "--strength", "light", stdin=ARTICLE).stdout)
    strong = json.loads(run_cli("neutralize", "-", "--strength", "strong", stdin=ARTICLE).stdout)
    assert light["source"] == "<stdin>"
    assert len(light["edits"]) <= len(strong["edits"])
    assert all(e["kind"] != "modify" for e in light["edits"])


def test_clean_only_removes_boilerplate(tmp_path: Path) -> None:
    dump = "Skip to content\n\n" + ARTICLE + "\nRelated Articles\n\nBack to top button\n"
    done = run_cli("clean", str(write(tmp_path, "dump.txt", dump)), "--format", "json")
    report = json.loads(done.stdout)
    assert {e["kind"] for e in report["edits"]} == {"boilerplate"}
    assert "Related Articles" not in report["text"] and "shockingly" in report["text"]


def test_explain_lists_edits(tmp_path: Path) -> None:
    done = run_cli("explain", str(write(tmp_path, "bridge.txt", ARTICLE)))
    assert done.returncode == 0
    assert "cut" in done.stdout and "extremely" in done.stdout


def test_missing_file_is_one_line_error() -> None:
    done = unspin("neutralize", "no/such/file.txt")
    assert done.returncode == 1
    assert "no/such/file.txt: no such file or directory" in done.stderr
    assert "Traceback" not in done.stderr


def test_help_has_examples() -> None:
    done = unspin("neutralize", "--help")
    assert done.returncode == 0 and "Examples" in done.stdout


def test_thorough_reads_every_sentence_and_keeps_the_ledger_whole(tmp_path: Path) -> None:
    from unspin.edit.ledger import Edit, invert_edits

    path = str(write(tmp_path, "bridge.txt", ARTICLE))
    default = json.loads(run_cli("neutralize", path, "--format", "json").stdout)
    done = run_cli("neutralize", path, "--format", "json", "--thorough")
    assert done.returncode == 0, done.stderr
    thorough = json.loads(done.stdout)
    assert invert_edits(thorough["text"], [Edit(**e) for e in thorough["edits"]]) == ARTICLE
    assert "“It is an outrageous waste,” said councillor Mary Hollins." in thorough["text"]
    assert "[...]" in thorough["text"] and "12 million" in thorough["text"]
    models = {e["by"] for e in thorough["edits"] if e["kind"] != "boilerplate" and e["category"] != "grammar"}
    assert all("encoder" in by for by in models), models  # every edit was scored with the encoder's help
    assert len(default["edits"]) >= 1


# Issue 12 -------------------------------------------------------------------------------------------------

MEDICARE = "\u201cYou paid into Medicare for years, every paycheck,\u201d the advertisement says.\n"


def test_one_sentence_article_comes_through_as_article_text() -> None:
    done = run_cli("neutralize", "-", "--format", "json", stdin=MEDICARE)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["text"] == MEDICARE
    assert not [e for e in report["edits"] if e["kind"] == "boilerplate"]
    cleaned = run_cli("clean", "-", stdin=MEDICARE)
    assert cleaned.returncode == 0 and "Medicare" in cleaned.stdout


def _one_line_usage_error(done: Done | subprocess.CompletedProcess[str], needle: str) -> None:
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and needle in lines[0], done.stderr


def test_out_on_an_existing_file_is_a_one_line_error_before_any_work(tmp_path: Path) -> None:
    article = str(write(tmp_path, "bridge.txt", ARTICLE))
    taken = write(tmp_path, "taken", "not a folder")
    for command in ("neutralize", "clean", "stories"):
        _one_line_usage_error(run_cli(command, article, "--out", str(taken)), f"--out {taken}: is a file, not a folder")
        _one_line_usage_error(run_cli(command, article, "--out", str(taken / "sub")), f"{taken} is a file")
    assert taken.read_text() == "not a folder"


def test_out_check_names_unwritable_folders(tmp_path: Path, monkeypatch) -> None:
    import os

    from unspin.output import out_dir_problem

    assert out_dir_problem(tmp_path) is None
    assert out_dir_problem(tmp_path / "new" / "deeper") is None  # created later, when there is work to write
    locked = tmp_path / "locked"
    locked.mkdir()
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda path, mode: Path(path) != locked and real_access(path, mode))
    assert out_dir_problem(locked) == "folder is not writable"
    assert out_dir_problem(locked / "new") == f"cannot be created: {locked} is not writable"


def test_out_in_an_unwritable_folder_is_a_one_line_error(tmp_path: Path) -> None:
    import os

    import pytest

    if os.geteuid() == 0:
        pytest.skip("root writes anywhere; the check itself is tested with os.access patched above")
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        done = unspin("clean", str(write(tmp_path, "bridge.txt", ARTICLE)), "--out", str(locked / "out"))
    finally:
        locked.chmod(0o755)
    _one_line_usage_error(done, "is not writable")


def test_unreadable_subfolder_is_reported_like_an_unreadable_file(tmp_path: Path, monkeypatch) -> None:
    import os

    from typer.testing import CliRunner

    from unspin.cli import app

    write(tmp_path, "a.txt", ARTICLE)
    hidden = tmp_path / "private"
    hidden.mkdir()
    write(hidden, "b.txt", ARTICLE)
    real_scandir = os.scandir

    def scandir(path=".", *args):
        if Path(path) == hidden:
            raise PermissionError(13, "Permission denied", str(hidden))
        return real_scandir(path, *args)

    monkeypatch.setattr(os, "scandir", scandir)  # root reads every folder: refuse this one as a user's OS would
    done = CliRunner().invoke(app, ["clean", str(tmp_path), "--format", "json"])
    assert done.exit_code == 1
    assert f"{hidden}: cannot read directory (Permission denied)" in done.stderr
    assert "1 input(s) failed, 1 article(s) done" in done.stderr
    assert json.loads(done.stdout)["source"].endswith("a.txt")


def test_unreadable_subfolder_for_real(tmp_path: Path) -> None:
    import os

    import pytest

    if os.geteuid() == 0:
        pytest.skip("root reads every folder; the patched test above covers the report")
    write(tmp_path, "a.txt", ARTICLE)
    hidden = tmp_path / "private"
    hidden.mkdir()
    write(hidden, "b.txt", ARTICLE)
    hidden.chmod(0)
    try:
        done = unspin("clean", str(tmp_path), "--format", "json")
    finally:
        hidden.chmod(0o755)
    assert done.returncode == 1
    assert f"{hidden}: cannot read directory" in done.stderr


def test_max_bytes_refuses_a_large_input_in_one_line_and_the_batch_goes_on(tmp_path: Path) -> None:
    from unspin.limits import MAX_INPUT_BYTES
    from unspin.web.settings import Settings

    assert Settings().max_bytes == MAX_INPUT_BYTES  # the CLI's default is the server's cap
    small = write(tmp_path, "small.txt", "The council met on Tuesday.\n")
    big = write(tmp_path, "big.txt", ARTICLE)
    feed = write(tmp_path, "feed.jsonl", json.dumps({"text": ARTICLE}) + "\n" + json.dumps({"text": "Short."}) + "\n")
    for command in ("clean", "neutralize"):
        done = run_cli(command, str(small), str(big), str(feed), "--max-bytes", "100", "--format", "json")
        assert done.returncode == 1
        errors = [line for line in done.stderr.splitlines() if line.startswith("error:")]
        assert errors == [
            f"error: {big}: input is {len(ARTICLE.encode())} bytes, over the limit of 100 (raise it with --max-bytes)",
            f"error: {feed}:1: field 'text' is {len(ARTICLE.encode())} bytes, over the limit of 100 (raise it with --max-bytes)",
        ]
        assert "2 input(s) failed, 2 article(s) done" in done.stderr
        assert len(done.stdout.strip().splitlines()) == 2
    done = run_cli("explain", "-", "--max-bytes", "100", stdin=ARTICLE)
    assert done.returncode == 1 and "error: <stdin>: input is" in done.stderr and "Traceback" not in done.stderr
    assert run_cli("clean", str(big), "--max-bytes", "1000").returncode == 0
