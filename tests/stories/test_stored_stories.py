"""`unspin stories --db`: the stories of the stored articles, printed and written as for files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from tests.store.factory import article, report_for
from tests.store.test_stories import BRIDGE, STRIKE, EmbeddingOnly
from unspin.store import Store
from unspin.stories.cli import register

app = typer.Typer()
register(app)
app.command("noop")(lambda: None)  # two commands, so `stories` is addressed by name as in unspin/cli.py
runner = CliRunner()


@pytest.fixture(autouse=True)
def _pairs(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pairs scored by embedding similarity alone (see tests/store/test_stories.py): this tests the command, not the model."""
    monkeypatch.setattr(
        "unspin.stories.index.shipped_model", lambda: EmbeddingOnly(mean=(), scale=(), weights=(), intercept=0.0, threshold=0.5)
    )


def stored(folder: Path) -> str:
    db = str(folder / "stories.db")
    store = Store(db)
    for source, text in (("a.txt", BRIDGE[0]), ("b.txt", BRIDGE[1]), ("c.txt", STRIKE)):
        item = article(text, source=source, title=text.split("\n")[0])
        store.save(item, report_for(item))
    store.close()
    return db


def test_stories_of_a_store_as_json(tmp_path: Path, model) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(app, ["stories", "--db", stored(tmp_path), "--format", "json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    groups = sorted(sorted(member["source"] for member in story["articles"]) for story in document["stories"])
    assert groups == [["a.txt", "b.txt"], ["c.txt"]]
    assert {story["headline"] for story in document["stories"]} == {"Council approves bridge", "Dockers strike"}


def test_files_given_with_a_store_are_stored_then_grouped(tmp_path: Path, model) -> None:  # type: ignore[no-untyped-def]
    db = stored(tmp_path)
    extra = tmp_path / "d.txt"
    extra.write_text(BRIDGE[2], encoding="utf-8")
    result = runner.invoke(app, ["stories", str(extra), "--db", db, "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "index.html").exists()
    store = Store(db)
    sizes = sorted(len(store.story(record.id).articles) for record in store.stories())
    store.close()
    assert sizes == [1, 3]


def test_no_articles_and_no_store_is_one_line(tmp_path: Path) -> None:
    result = runner.invoke(app, ["stories"])
    assert result.exit_code == 2
    assert "name the articles to group" in result.output


def test_a_second_run_reads_the_comparisons_the_first_kept(tmp_path: Path, model, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    db = stored(tmp_path)
    first = runner.invoke(app, ["stories", "--db", db, "--format", "json"])
    assert first.exit_code == 0, first.output

    def fails(story: object) -> None:
        raise AssertionError("compared again")

    monkeypatch.setattr("unspin.stories.from_store.compare_story", fails)
    again = runner.invoke(app, ["stories", "--db", db, "--format", "json"])
    assert again.exit_code == 0, again.output
    assert json.loads(again.stdout) == json.loads(first.stdout)
