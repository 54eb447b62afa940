"""Server settings, from `unspin serve` options or, for worker processes, the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass

from unspin.limits import MAX_INPUT_BYTES, MIB
from unspin.store.engine import DEFAULT_URL

__all__ = ["MIB", "Settings"]


@dataclass(frozen=True)
class Settings:
    """What an operator may tune. Defaults suit one person's machine and a small newsroom."""

    db: str = DEFAULT_URL
    max_bytes: int = MAX_INPUT_BYTES  # one request body: enough for a long article page or a small JSONL feed
    max_articles: int = 100  # articles in one upload (JSONL lines or files)
    warm: bool = True  # load the language models at start-up, so no reader waits for them

    def to_env(self) -> dict[str, str]:
        return {"UNSPIN_DB": self.db, "UNSPIN_MAX_BYTES": str(self.max_bytes), "UNSPIN_MAX_ARTICLES": str(self.max_articles)}

    @classmethod
    def from_env(cls) -> Settings:
        env = os.environ
        return cls(
            db=env.get("UNSPIN_DB", DEFAULT_URL),
            max_bytes=int(env.get("UNSPIN_MAX_BYTES", cls.max_bytes)),
            max_articles=int(env.get("UNSPIN_MAX_ARTICLES", cls.max_articles)),
        )
