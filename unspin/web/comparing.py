"""Story comparisons for the web: read the kept one, or answer at once and have it made in the large lane's pool.

Comparing a story takes 12-14 s of CPU; done in the request, it held the server process (and the interpreter lock
every other client needs) while the first reader waited. So a story page only restores a kept comparison
(`stored_story(..., kept_only=True)`); when there is none it answers with what needs no comparison, says the
comparison is pending, and `Comparisons.request` starts `compare_in_background` in the pool (a lower CPU priority),
which opens the store from its URL there and keeps the result. One job per (story, members) at a time; a full
lane (`Busy`) or a failed job leaves the page pending, and the next request tries again (a failed one only after
`RETRY_FAILED` seconds, so a story that cannot be compared does not keep the pool busy).

    comparisons = Comparisons(lanes.large, store.url)
    found = story_for_reader(store, comparisons, 3)   # StoredStory, and its ComparisonStatus
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, wait
from dataclasses import dataclass
from typing import Any, Literal, Protocol

from unspin.store import Store
from unspin.stories import kept
from unspin.stories.from_store import StoredStory, compare_in_background, stored_story
from unspin.web.lanes import Busy

log = logging.getLogger("unspin.web")
Status = Literal["compared", "pending", "failed"]
RETRY_FAILED = 300.0  # seconds before a story whose comparison failed is tried again (same members, same code)
REFRESH_SECONDS = 5  # how often a pending page reloads itself, and the API's Retry-After


class Runner(Protocol):
    """Where jobs run: the large lane (`PoolLane.submit`) in the server; tests may pass a thread pool."""

    def submit(self, fn: Callable[..., Any], *args: Any) -> Future: ...


@dataclass(frozen=True)
class ForReader:
    """A story as a reader gets it now: compared when kept, else its members only and why."""

    found: StoredStory
    status: Status
    note: str = ""  # for "failed": what went wrong, one line


class Comparisons:
    """The background comparisons of one server: at most one per (story, members key), failures remembered a while."""

    def __init__(self, runner: Runner, url: str, *, job: Callable[[str, int, str], str | None] = compare_in_background) -> None:
        self.runner = runner
        self.url = url
        self.job = job
        self._lock = threading.Lock()
        self._running: dict[tuple[int, str], Future] = {}
        self._failed: dict[tuple[int, str], tuple[float, str]] = {}

    def request(self, story_id: int, members: str) -> tuple[Status, str]:
        """Have the story compared unless it is being compared: ("pending", "") or ("failed", why) when it failed lately."""
        key = (story_id, members)
        with self._lock:
            if key in self._running:
                return "pending", ""
            failed = self._failed.get(key)
            if failed is not None and time.monotonic() - failed[0] < RETRY_FAILED:
                return "failed", failed[1]
            try:
                future = self.runner.submit(self.job, self.url, story_id, kept.code_version())  # the key this process reads
            except Busy:  # the pool is full: the page stays pending and the next request asks again
                return "pending", ""
            self._running[key] = future
        future.add_done_callback(lambda done: self._done(key, done))
        return "pending", ""

    def _done(self, key: tuple[int, str], future: Future) -> None:
        try:
            error = "cancelled (the server is stopping)" if future.cancelled() else _error_of(future)
        except Exception as exc:  # never let a bookkeeping error escape a pool's callback thread
            error = f"{type(exc).__name__}: {exc}"
        with self._lock:
            self._running.pop(key, None)
            if error is None:
                self._failed.pop(key, None)
            else:
                self._failed[key] = (time.monotonic(), error)
        if error is not None:
            log.warning("story %d: comparing in the background failed: %s", key[0], error)

    def join(self, timeout: float | None = None) -> bool:
        """Wait for the comparisons running now (tests, benchmarks); False when `timeout` passed first."""
        with self._lock:
            running = list(self._running.values())
        return not wait(running, timeout=timeout).not_done


def _error_of(future: Future) -> str | None:
    exc = future.exception()
    if exc is not None:
        return f"{type(exc).__name__}: {exc}"
    return future.result()


def story_for_reader(store: Store, comparisons: Comparisons, story_id: int) -> ForReader | None:
    """The story with its kept comparison, or its members with the comparison started elsewhere; None when there is
    no such story."""
    found = stored_story(store, story_id, kept_only=True)
    if found is None:
        return None
    if not found.pending:
        return ForReader(found, "compared")
    status, note = comparisons.request(story_id, found.members_key)
    return ForReader(found, status, note)
