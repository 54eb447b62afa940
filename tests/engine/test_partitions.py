"""Planning partitions and reading them back: deterministic keys, exact row ranges, no model needed."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.engine.conftest import write_inputs
from unspin.engine.partitions import EngineError, plan, read_partition
from unspin.ingest import IngestError
from unspin.pipeline import Options


def test_a_folder_is_cut_into_jsonl_line_ranges_parquet_row_groups_and_file_batches(tmp_path: Path) -> None:
    folder = write_inputs(tmp_path, bad_line=True)
    parts = plan([str(folder)], rows=2)
    assert [(part.kind, Path(part.url).name, part.first, part.stop) for part in parts] == [
        ("jsonl", "feed.jsonl", 1, 3),
        ("jsonl", "feed.jsonl", 3, 5),
        ("jsonl", "feed.jsonl", 5, 7),
        ("parquet", "more.parquet", 1, 3),
        ("files", "note.txt", 1, 2),
    ]
    assert [part.index for part in parts] == [0, 1, 2, 3, 4]
    assert parts[3].row_groups == (0, 1)
    data = (folder / "feed.jsonl").read_bytes()
    assert b"".join(data[part.offset : part.end] for part in parts[:3]) == data  # the slices tile the file


def test_each_article_is_read_once_and_named_by_its_line(tmp_path: Path) -> None:
    folder = write_inputs(tmp_path, bad_line=True)
    for size in (1, 2, 3, 100):
        read = [item for part in plan([str(folder)], rows=size) for item in read_partition(part, Options())]
        sources = [item.source.rpartition("/")[2] for item in read]
        assert sources == [
            "feed.jsonl:1",
            "feed.jsonl:2",
            "feed.jsonl:4",
            "feed.jsonl:5",
            "feed.jsonl:6",
            "more.parquet:1",
            "more.parquet:2",
            "note.txt",
        ], size
        assert isinstance(read[4], IngestError) and "field 'text' or 'html' is required" in read[4].message
        assert read[5].title == "Rail line reopens"


def test_keys_depend_on_input_range_and_options_only(tmp_path: Path) -> None:
    folder = write_inputs(tmp_path)
    first = [part.key(Options()) for part in plan([str(folder)], rows=2)]
    assert first == [part.key(Options()) for part in plan([str(folder / "*")], rows=2)]  # a glob, the same files
    assert len(set(first)) == len(first)
    assert first != [part.key(Options(strength="strong")) for part in plan([str(folder)], rows=2)]
    assert first[0] != plan([str(folder)], rows=3)[0].key(Options())
    with (folder / "feed.jsonl").open("a") as feed:
        feed.write('{"text": "One more article."}\n')
    assert plan([str(folder)], rows=2)[0].key(Options()) != first[0]  # the input changed


@pytest.mark.parametrize(
    ("name", "message"),
    [("missing.jsonl", "no such file or folder"), ("*.csv", "matches no"), ("-", "not stdin")],
)
def test_bad_inputs_are_one_line_errors(tmp_path: Path, name: str, message: str) -> None:
    with pytest.raises(EngineError, match=message):
        plan([name if name == "-" else str(tmp_path / name)], rows=10)


def test_any_fsspec_url(tmp_path: Path) -> None:
    import fsspec

    fs = fsspec.filesystem("memory")
    fs.pipe("/feeds/a.jsonl", b'{"text": "First article."}\n{"text": "Second article."}\n')
    parts = plan(["memory://feeds/"], rows=1)
    assert [part.url for part in parts] == ["memory:///feeds/a.jsonl"] * 2
    assert [item.source for part in parts for item in read_partition(part, Options())] == [
        "memory:///feeds/a.jsonl:1",
        "memory:///feeds/a.jsonl:2",
    ]
