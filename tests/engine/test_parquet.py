"""The Parquet writer: one schema for both engines, error rows, atomic files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from unspin.edit.ledger import EditKind
from unspin.engine.parquet import TEMPORARY, count_rows, schema, write_partition, written_key
from unspin.ingest import METADATA_FIELDS, Article, IngestError
from unspin.report import Report
from unspin.store import content_hash

pytestmark = pytest.mark.slow


def test_schema_names_every_report_field_once() -> None:
    names = schema().names
    assert names == [
        "id",
        "source",
        *METADATA_FIELDS,
        "kind",
        "body",
        "original",
        "text",
        "edits",
        "strength",
        "version",
        *(kind.value for kind in EditKind),
        "error",
    ]
    assert not schema().field("source").nullable and schema().field("id").nullable  # error rows have no id


def test_a_partition_holds_reports_and_errors_in_input_order(tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    from unspin.pipeline import neutralize

    text = Article(source="a.txt", text="Bridge\n\nThe council approved a shockingly expensive bridge on Tuesday.\n")
    html = Article(
        source="b.html", html="<html><body><article><h1>Port</h1><p>Dockers ended a bitter strike.</p></article></body></html>"
    )
    results = [(text, neutralize(text)), IngestError("c.jsonl:3", "invalid JSON"), (html, neutralize(html))]
    path = tmp_path / "part-00000.parquet"
    stats = write_partition(results, path, key="k" * 64)
    assert (stats["articles"], stats["errors"]) == (2, 1) and stats["bytes"] == path.stat().st_size
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temporary file left
    assert written_key(path) == "k" * 64 and count_rows(path) == (2, 1)
    table = pq.read_table(path)
    assert table.schema.remove_metadata() == schema()
    first, error, page = table.to_pylist()
    report = results[0][1]
    assert first["id"] == content_hash(text) and first["kind"] == "text" and first["body"] is None  # body == original
    assert Report(**{k: first[k] for k in ("source", "original", "text")}, edits=json.loads(first["edits"])).verify()
    assert first["cut"] == report.count(EditKind.CUT) >= 1 and first["text"] == report.text
    assert error == {**dict.fromkeys(schema().names), "source": "c.jsonl:3", "error": "invalid JSON"}
    assert page["kind"] == "html" and page["body"] == html.html and page["title"] == "Port"


def test_a_crash_while_writing_leaves_no_final_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import pyarrow.parquet as pq

    def dies(table, where, **kwargs):  # type: ignore[no-untyped-def]
        Path(where).write_bytes(b"PAR1 half a file")
        raise KeyboardInterrupt

    monkeypatch.setattr(pq, "write_table", dies)
    with pytest.raises(KeyboardInterrupt):
        write_partition([IngestError("a", "b")], tmp_path / "part-00000.parquet", key="k")
    assert list(tmp_path.iterdir()) == []  # nor the temporary one, when the process lives to clean up
    assert TEMPORARY.startswith(".")  # what a process killed mid-write leaves is hidden, and removed by a rerun


def test_the_worker_plugin_loads_the_models_into_the_process_once() -> None:
    from unspin.detect.detector import default_detector
    from unspin.engine.cluster import WarmModels
    from unspin.pipeline import Options

    plugin = WarmModels(Options(strength="strong"))
    assert plugin.name == "unspin-warm-models"  # one registration per cluster, however often a run registers it
    plugin.setup(worker=None)
    loaded = default_detector(False)
    plugin.setup(worker=None)
    assert default_detector(False) is loaded
