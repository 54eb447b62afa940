"""CLI behaviour on our own small inputs: formats, batches, bad input, stdin."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

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
    done = unspin("neutralize", str(tmp_path), "--out", str(out))
    assert done.returncode == 1
    assert "b.txt: file is empty" in done.stderr
    assert "c.txt: file looks binary" in done.stderr
    assert "d.jsonl:2: field 'text' or 'html' is required" in done.stderr
    assert "3 input(s) failed" in done.stderr
    assert sorted(p.name for p in out.iterdir()) == ["a.html", "a.json", "d-1.html", "d-1.json", "index.html"]


def test_formats(tmp_path: Path) -> None:
    path = str(write(tmp_path, "bridge.txt", ARTICLE))
    markdown = unspin("neutralize", path, "--format", "md")
    assert markdown.returncode == 0 and "[...]" in markdown.stdout
    text = unspin("neutralize", path, "--format", "text")
    assert text.returncode == 0 and "[...]" in text.stdout
    html = unspin("neutralize", path, "--format", "html")
    assert html.returncode == 0 and "<html" in html.stdout.lower()


def test_stdin_and_strength(tmp_path: Path) -> None:
    light = json.loads(unspin("neutralize", "-", "--strength", "light", stdin=ARTICLE).stdout)
    strong = json.loads(unspin("neutralize", "-", "--strength", "strong", stdin=ARTICLE).stdout)
    assert light["source"] == "<stdin>"
    assert len(light["edits"]) <= len(strong["edits"])
    assert all(e["kind"] != "modify" for e in light["edits"])


def test_clean_only_removes_boilerplate(tmp_path: Path) -> None:
    dump = "Skip to content\n\n" + ARTICLE + "\nRelated Articles\n\nBack to top button\n"
    done = unspin("clean", str(write(tmp_path, "dump.txt", dump)), "--format", "json")
    report = json.loads(done.stdout)
    assert {e["kind"] for e in report["edits"]} == {"boilerplate"}
    assert "Related Articles" not in report["text"] and "shockingly" in report["text"]


def test_explain_lists_edits(tmp_path: Path) -> None:
    done = unspin("explain", str(write(tmp_path, "bridge.txt", ARTICLE)))
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
    default = json.loads(unspin("neutralize", path, "--format", "json").stdout)
    done = unspin("neutralize", path, "--format", "json", "--thorough")
    assert done.returncode == 0, done.stderr
    thorough = json.loads(done.stdout)
    assert invert_edits(thorough["text"], [Edit(**e) for e in thorough["edits"]]) == ARTICLE
    assert "“It is an outrageous waste,” said councillor Mary Hollins." in thorough["text"]
    assert "[...]" in thorough["text"] and "12 million" in thorough["text"]
    models = {e["by"] for e in thorough["edits"] if e["kind"] != "boilerplate" and e["category"] != "grammar"}
    assert all("encoder" in by for by in models), models  # every edit was scored with the encoder's help
    assert len(default["edits"]) >= 1
