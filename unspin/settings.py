"""The pipeline's tunable settings, read once from unspin/data/strength.toml.

One file holds every threshold that trades recall for precision or speed (the
strengths and the cascade's routing), so a tuning run changes data, not code.
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources


@cache
def settings() -> dict:
    return tomllib.loads(resources.files("unspin.data").joinpath("strength.toml").read_text("utf-8"))
