"""Choices shared by every command-line group, read from where the library declares them, so
`--strength`, `--format` or `--split` cannot mean different things in `neutralize`, `stories` and `eval`."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from unspin.engine import DATASET_FORMATS, ENGINES
from unspin.render import FORMATS
from unspin.settings import StrengthName

Strength = StrengthName  # the tables of unspin/data/strength.toml
Format = StrEnum("Format", {name: name for name in FORMATS}, module=__name__, qualname="Format")  # unspin.render's registry
# `neutralize --format`: render's formats (a file per article) and the engine's dataset formats (Parquet partitions)
BatchFormat = StrEnum(
    "BatchFormat", {name: name for name in (*FORMATS, *DATASET_FORMATS)}, module=__name__, qualname="BatchFormat"
)
Engine = StrEnum("Engine", {name: name for name in ENGINES}, module=__name__, qualname="Engine")  # unspin.engine's


class Split(StrEnum):
    dev = "dev"
    test = "test"


class TableFormat(StrEnum):
    table = "table"
    json = "json"
    md = "md"


MaxBytesOpt = Annotated[
    int,
    typer.Option(
        "--max-bytes",
        min=1,
        help="Refuse an input larger than this (a file, stdin, or a JSONL line's text/html); default: the server's cap.",
    ),
]
SchedulerOpt = Annotated[
    str | None, typer.Option(help="With --engine dask: an existing scheduler (tcp://host:8786); default: a local cluster.")
]
WorkersOpt = Annotated[
    int | None, typer.Option(min=1, help="With --engine dask and no --scheduler: worker processes [default: one per core].")
]
