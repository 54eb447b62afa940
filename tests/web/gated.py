"""A large lane held at a gate, for tests: the pool's work waits for a file before it runs.

Imported by the pool's spawned processes (so it lives in a module, not in a test), which find
the gate's path in the environment they were started with. The work is cleaning only, so no
language model is loaded.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from unspin.ingest import Article
from unspin.pipeline import Options, neutralize
from unspin.report import Report

GATE = "UNSPIN_TEST_GATE"


def gated_clean(article: Article, options: Options) -> Report:
    """Wait (at most a minute) for the gate file, then clean the article."""
    gate = Path(os.environ[GATE])
    deadline = time.monotonic() + 60
    while not gate.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    return neutralize(article, options.model_copy(update={"detect": False}))


def crash_on_request(article: Article, options: Options) -> Report:
    """The worker process dies on an article that asks for it, as one killed by the kernel would."""
    if "CRASH" in (article.text or ""):
        os._exit(1)
    return neutralize(article, options.model_copy(update={"detect": False}))
