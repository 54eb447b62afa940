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


def test_stories_pages_show_neutral_headlines_with_the_original_on_hover(tmp_path, model):
    import lxml.html

    from tests.test_headline import SAMPLES

    result = runner.invoke(app, ["stories", str(SAMPLES), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert runner.invoke(app, ["stories", str(SAMPLES), "--out", str(tmp_path)]).exit_code == 0
    summaries = [a for s in json.loads(result.stdout)["stories"] for a in s["articles"]]
    flood = next(a for a in summaries if a["source"].endswith("northgate_courier_velmora_flood.txt"))
    assert "criticized" in flood["title"] and "slammed" in flood["original_title"]
    assert flood["outlet"] != "northgate_courier_velmora_flood"  # an outlet, or "unknown outlet": never the file stem
    shown = {}
    for page in tmp_path.glob("*.html"):
        for cell in lxml.html.fromstring(page.read_text(encoding="utf-8")).xpath("//td[@class='title']/*[1]"):
            shown[cell.text_content()] = cell.get("title")
    flood_title = next(t for t in shown if t.startswith("Velmora floods"))
    assert "slammed" not in flood_title and "criticized" in flood_title
    assert shown[flood_title] == f"Original headline: {flood['original_title']}"
