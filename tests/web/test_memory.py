"""Freed heap goes back to the system: in a pool process after each article, in the server now and then."""

from __future__ import annotations

import sys
import time

import pytest

from unspin.ingest import Article
from unspin.pipeline import Options
from unspin.report import Report
from unspin.web import lanes, memory

glibc = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="malloc_trim is glibc's")


def rss_kib() -> int:
    for line in open("/proc/self/status", encoding="ascii"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS")


@glibc
def test_release_hands_freed_pages_back() -> None:
    # What a large article's parse leaves behind: many small objects freed, a few kept alive among them. The
    # allocator keeps those pages (free() alone gives back almost nothing) until malloc_trim.
    blocks = [bytearray(1000) for _ in range(200_000)]
    survivors = blocks[::50]
    held = rss_kib()
    del blocks
    assert held - rss_kib() < 50_000  # without a trim the ~200 MB stays with the process
    assert memory.release_free_memory() is True
    assert held - rss_kib() > 100_000  # with it, most is returned
    assert len(survivors) == 4000


def test_release_is_a_no_op_without_malloc_trim(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(memory, "_malloc_trim", lambda: None)
    assert memory.release_free_memory() is False
    releaser = memory.PeriodicRelease(every=0.01).start()
    releaser.stop()  # never started: stopping is still safe


@glibc
def test_the_periodic_release_runs_until_stopped(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[float] = []
    monkeypatch.setattr(memory, "release_free_memory", lambda: calls.append(time.monotonic()) or True)
    releaser = memory.PeriodicRelease(every=0.01).start()
    deadline = time.monotonic() + 10
    while len(calls) < 3 and time.monotonic() < deadline:
        time.sleep(0.01)
    releaser.stop()
    counted = len(calls)
    time.sleep(0.05)
    assert counted >= 3 and len(calls) == counted


def test_a_pool_article_releases_memory_even_when_it_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    released: list[bool] = []
    monkeypatch.setattr(lanes, "release_free_memory", lambda: released.append(True) or True)

    def failing(article: Article, options: Options) -> Report:
        raise ValueError(f"no article text in {article.source}")

    with pytest.raises(ValueError, match="no article text in broken.txt"):
        lanes.run_and_release(failing, Article(source="broken.txt", text="x"), Options())
    assert released == [True]


def test_warming_the_stories_without_the_extra_is_quiet(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing() -> None:
        raise ImportError("No module named 'sentence_transformers'")

    monkeypatch.setattr("unspin.stories.profile.warm_up", missing)
    lanes.warm_stories()  # the server starts anyway; articles are then stored without stories
