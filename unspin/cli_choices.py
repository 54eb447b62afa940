"""Choices shared by every command-line group, declared once so `--strength` or `--split`
cannot mean different things in `neutralize`, `stories` and `eval`."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer


class Strength(StrEnum):
    light = "light"
    standard = "standard"
    strong = "strong"


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
