"""Server settings, from `unspin serve` options or, for worker processes, the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields

from unspin.limits import MAX_INPUT_BYTES, MIB
from unspin.store.engine import DEFAULT_URL

__all__ = ["KIB", "MIB", "Settings", "default_pool_workers"]
KIB = 1024


def default_pool_workers() -> int:
    """One pipeline process per core but one, which the server process keeps for the small articles."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, cores - 1)


@dataclass(frozen=True)
class Settings:
    """What an operator may tune. Defaults suit one person's machine and a small newsroom (2 cores)."""

    db: str = DEFAULT_URL
    max_bytes: int = MAX_INPUT_BYTES  # one request body: enough for a long article page or a small JSONL feed
    max_articles: int = 100  # articles in one upload (JSONL lines or files)
    warm: bool = True  # load the language models at start-up, so no reader waits for them
    # Where the pipeline runs (unspin/web/lanes.py): an article with up to `small_bytes` of text runs in
    # the server process, a larger one in a pool of `pool_workers` processes; each lane holds at most its
    # workers plus its queue, and answers 503 with Retry-After past that.
    small_bytes: int = 32 * KIB  # about 5,000 words: a long news article takes a few tenths of a second
    small_queue: int = 32  # small articles waiting their turn (the same article sent 20 times at once fits)
    pool_workers: int = field(default_factory=default_pool_workers)
    pool_queue: int = 4  # large articles waiting for a pool process (a 2 MB one takes 15-30 s)
    # POST /api/articles {"url": ...} fetches the page (public addresses only: unspin.ingest.guard); off by default.
    allow_fetch: bool = False

    def to_env(self) -> dict[str, str]:
        return {
            f"UNSPIN_{item.name.upper()}": _env_value(getattr(self, item.name)) for item in fields(self) if item.name != "warm"
        }

    @classmethod
    def from_env(cls) -> Settings:
        env = os.environ
        given = {item.name: env[f"UNSPIN_{item.name.upper()}"] for item in fields(cls) if f"UNSPIN_{item.name.upper()}" in env}
        return cls(**{name: _parse(name, value) for name, value in given.items() if name != "warm"})


def _env_value(value: object) -> str:
    return ("1" if value else "0") if isinstance(value, bool) else str(value)


def _parse(name: str, value: str) -> str | int | bool:
    if name == "db":
        return value
    if name == "allow_fetch":
        return value.strip().lower() in ("1", "true", "yes", "on")
    return int(value)
