"""Small inputs for the engines: a JSONL feed, a Parquet file, a text file; and a run of the local engine."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ARTICLES = [
    ("Council approves bridge", "The council approved a shockingly expensive bridge on Tuesday, officials said."),
    ("Port strike ends", "Dockers ended a bitter strike at the port after a marathon night of talks, the union said."),
    ("Flood inquiry opens", "The inquiry into the devastating flood opened on Monday with a brazen demand from the operator."),
    ("Mayor defends budget", "The embattled mayor defended a so-called austerity budget that critics slammed as cruel."),
    ("Rail line reopens", "The rail line reopened on Friday, three weeks after a landslide blocked it near Halvard."),
    ("School funding rises", "Funding for schools will rise by 4 percent next year, the ministry said in a statement."),
]


def record(number: int) -> dict:
    title, sentence = ARTICLES[number % len(ARTICLES)]
    return {
        "title": title,
        "outlet": f"Outlet {number % 3}",
        "published": "2025-10-20",
        "text": f"{title}\n\n{sentence}\n\nThe decision follows {number + 2} months of debate.\n",
    }


def write_inputs(folder: Path, *, bad_line: bool = False) -> Path:
    """feed.jsonl (4 articles, a blank line, and with `bad_line` a line with no body), more.parquet
    (2 articles in 2 row groups) and note.txt, in `folder`."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    folder.mkdir(parents=True, exist_ok=True)
    lines = [json.dumps(record(n)) for n in range(4)]
    lines.insert(2, "")
    if bad_line:
        lines.append(json.dumps({"title": "no body"}))
    (folder / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    pq.write_table(pa.Table.from_pylist([record(4), record(5)]), folder / "more.parquet", row_group_size=1)
    (folder / "note.txt").write_text(record(6)["text"], encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_inputs(tmp_path_factory.mktemp("engine") / "inputs")


@pytest.fixture(scope="session")
def local_run(inputs: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The inputs through the local engine, one article per partition, with the CLI's options: the
    uninterrupted reference."""
    from unspin.engine import write_dataset
    from unspin.limits import MAX_INPUT_BYTES
    from unspin.pipeline import Options

    out = tmp_path_factory.mktemp("engine") / "local"
    write_dataset([str(inputs)], out, Options(max_bytes=MAX_INPUT_BYTES), partition_size=1)
    return out


def rows(folder: Path) -> list[dict]:
    """Every row of a Parquet output, partition by partition, in the manifest's order."""
    import pyarrow.parquet as pq

    manifest = json.loads((folder / "manifest.json").read_text())
    return [row for entry in manifest["partitions"] for row in pq.read_table(folder / entry["file"]).to_pylist()]


def files(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}
