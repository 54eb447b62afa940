"""Choices shared by every command-line group, declared once so `--strength` or `--split`
cannot mean different things in `neutralize`, `stories` and `eval`."""

from __future__ import annotations

from enum import StrEnum


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
