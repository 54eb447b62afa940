"""The pipeline's tunable settings, read once from unspin/data/strength.toml.

One file holds every threshold that trades recall for precision or speed (the
strengths and the cascade's routing), so a tuning run changes data, not code.
The strengths a user may choose are the file's tables that set a `min_confidence`:
`StrengthName` is built from them once, and every shell and stage reads it.
"""

from __future__ import annotations

import tomllib
from enum import StrEnum
from functools import cache
from importlib import resources


@cache
def settings() -> dict:
    return tomllib.loads(resources.files("unspin.data").joinpath("strength.toml").read_text("utf-8"))


def _strength_tables() -> dict[str, str]:
    return {name: name for name, table in settings().items() if isinstance(table, dict) and "min_confidence" in table}


StrengthName = StrEnum("StrengthName", _strength_tables(), module=__name__, qualname="StrengthName")
StrengthName.__doc__ = "A strength declared in unspin/data/strength.toml (light, standard, strong), in the file's order."
STRENGTHS: tuple[str, ...] = tuple(name.value for name in StrengthName)


def strength_name(name: str) -> StrengthName:
    """`name` as a `StrengthName`; a `ValueError` naming the choices for any other name."""
    try:
        return StrengthName(name)
    except ValueError:
        raise ValueError(f"unknown strength {name!r}; choose one of {', '.join(STRENGTHS)}") from None
