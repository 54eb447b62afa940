"""The stories commands through Typer, mounted the way unspin/cli.py mounts them."""

from __future__ import annotations

import json

import pytest
import typer
from typer.testing import CliRunner

from tests.conftest import DATA, SEEDS, require_shared
from unspin.stories.cli import eval_stories, register

pytestmark = pytest.mark.slow

app = typer.Typer()
register(app)
app.command("eval-stories")(eval_stories)
runner = CliRunner()


def test_stories_json_on_the_seeds(model):
    require_shared(SEEDS)
    result = runner.invoke(app, ["stories", str(SEEDS), "--format", "json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    groups = sorted(sorted(a["source"].rsplit("/", 1)[-1][:3] for a in s["articles"]) for s in document["stories"])
    assert groups == [["000"], ["001", "002", "003", "004"]]


def test_stories_html_out(tmp_path, model):
    require_shared(SEEDS)
    result = runner.invoke(app, ["stories", str(SEEDS), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "index.html").exists() and (tmp_path / "story-002.html").exists()
    assert "Added from" in (tmp_path / "004_67071d8e72ae0696.html").read_text(encoding="utf-8")


def test_missing_input_is_one_line_error(tmp_path, model):
    result = runner.invoke(app, ["stories", str(tmp_path / "nope.txt")])
    assert result.exit_code == 1
    assert "no such file or directory" in result.output


def test_eval_stories_quick(model):
    require_shared(DATA / "stories")
    result = runner.invoke(app, ["eval-stories", "--split", "dev", "--limit", "30", "--format", "json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    systems = [row["system"] for row in document["rows"]]
    assert systems[0] == "unspin stories" and len(systems) == 3
    assert all(0.0 <= row["f1"] <= 1.0 for row in document["rows"])
    assert document["assign_per_second"] > 0
