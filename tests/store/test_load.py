"""`unspin store load`: a Parquet output folder into the store, once, however often it is loaded
(on SQLite and PostgreSQL, through the `store` fixture)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.cli_in_process import run_cli
from tests.engine.conftest import rows, write_inputs
from unspin.store import Store
from unspin.store.load import LoadError, load_dataset
from unspin.store.models import ArticleRow, ReportRow

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """7 articles and an error row in 3 partitions, from the local engine."""
    from unspin.engine import write_dataset
    from unspin.pipeline import Options

    folder = tmp_path_factory.mktemp("load")
    out = folder / "out"
    write_dataset([str(write_inputs(folder / "in", bad_line=True))], out, Options(), partition_size=3)
    return out


def counts(store: Store) -> list[int]:
    with store.engine.connect() as connection:
        return [connection.scalar(select(func.count()).select_from(table)) for table in (ArticleRow, ReportRow)]


def test_loading_twice_stores_each_report_once(store: Store, output: Path) -> None:
    first = load_dataset(store, output)
    assert (first.created, first.existing, first.failed, first.refused, first.complete) == (7, 0, 1, [], True)
    assert counts(store) == [7, 7]
    again = load_dataset(store, output)
    assert (again.created, again.existing, again.failed) == (0, 7, 1)
    assert counts(store) == [7, 7]


def test_a_loaded_report_is_the_row_it_came_from(store: Store, output: Path) -> None:
    load_dataset(store, output)
    row = next(row for row in rows(output) if row["source"].endswith("more.parquet:1"))
    page = store.articles(q="Rail line")
    assert page.total == 1
    stored = store.get(page.items[0].id)
    assert stored.content_hash == row["id"] and stored.outlet == row["outlet"]
    assert stored.report.text == row["text"] and stored.report.verify()
    assert [edit.model_dump(mode="json") for edit in stored.report.edits] == json.loads(row["edits"])


def test_the_same_article_sent_through_the_api_path_is_not_stored_again(store: Store, output: Path) -> None:
    from unspin.ingest import Article
    from unspin.store import ingest

    load_dataset(store, output)
    row = rows(output)[0]
    saved = ingest(store, Article(source="elsewhere", text=row["original"], title=row["title"]))
    assert saved.content_hash == row["id"] and not saved.created
    assert counts(store) == [7, 7]


def test_a_changed_file_or_a_folder_without_manifest_is_refused(store: Store, output: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(output, copy)
    with (copy / "part-00001.parquet").open("ab") as handle:
        handle.write(b"!")
    with pytest.raises(LoadError, match="part-00001.parquet: missing, or changed"):
        load_dataset(store, copy)
    with pytest.raises(LoadError, match="no manifest.json"):
        load_dataset(store, tmp_path)


def test_cli_store_load_twice(output: Path, tmp_path: Path) -> None:
    db = tmp_path / "cli.db"
    for expected in ("7 report(s) stored, 0 already there, 1 error row(s) skipped", "0 report(s) stored, 7 already there"):
        done = run_cli("store", "load", str(output), "--db", str(db))  # in-process: the story models load once
        assert done.returncode == 0 and expected in done.stderr, done.stderr
    missing = subprocess.run(  # the real `python -m unspin`, in a folder of its own
        [sys.executable, "-m", "unspin", "store", "load", "nope"], capture_output=True, text=True, cwd=tmp_path
    )
    assert missing.returncode == 1 and "no manifest.json" in missing.stderr
    assert not (tmp_path / "unspin.db").exists()  # nothing to load: no database created
