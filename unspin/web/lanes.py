"""Where the server runs the pipeline: small articles in its own process, large ones in a bounded process pool.

A 2 MB article takes tens of seconds; run in the request workers, it held every
other client behind it. So the server keeps two lanes, chosen by `work_size`:

- the **small lane** runs articles up to `Settings.small_bytes` of text in the
  server process, one at a time (`unspin.store.intake.neutralize_serially`):
  the models are already loaded there and a news article takes a tenth of a second;
- the **large lane** sends bigger ones to a `ProcessPoolExecutor` of
  `Settings.pool_workers` processes (spawned, each warming the models once, at a
  lower CPU priority so the server process keeps answering the small lane).

Each lane admits at most its workers plus its queue (`small_queue`, `pool_queue`)
articles at once. Past that it raises `Busy` at once, which the app answers
with 503 and a Retry-After header: a burst is refused, never left hanging.
Nothing here knows HTTP; `unspin.web.errors` turns `Busy` into the answer.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import re
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import ExitStack, contextmanager
from typing import Any

from unspin.ingest import Article
from unspin.pipeline import Options, neutralize
from unspin.report import Report
from unspin.store.intake import neutralize_serially
from unspin.web.memory import release_free_memory
from unspin.web.settings import Settings

Work = Callable[[Article, Options], Report]
# Pool processes give way to the server process, which answers the small lane: its p95 must stay under 300 ms
# while a 2 MB article is worked on (the soak measured 411 ms at nice 5, where the pool still takes a quarter of a
# core the server wants; at 10 it takes a tenth). Not 19: a steady stream of small articles must not starve a
# large one for good (it would time out instead of being answered, or refused with a 503).
WORKER_NICE = 10
MAX_RETRY_AFTER = 120  # seconds; a client told to wait longer would rather give up
_HIDDEN = re.compile(r"<(script|style)\b", re.IGNORECASE)
_CLOSING = {name: re.compile(f"</{name}", re.IGNORECASE) for name in ("script", "style")}
_TAG = re.compile(r"<[^<>]*>")  # a stray "<" ends the match at the next one: linear time


class Busy(RuntimeError):
    """A lane is full (or its pool lost a worker): try again in `retry_after` seconds."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


def work_size(article: Article) -> int:
    """About how many bytes of text the pipeline will read: the text, or the page without its markup.

    Time goes with the text the detector reads, not with the page's bytes: a 1 MB page is
    often 5 KB of article. Scripts, styles and tags are dropped by linear scans (no pattern
    that could backtrack on hostile markup); the figure only picks a lane.
    """
    if article.html is None:
        return len((article.text or "").encode("utf-8", "replace"))
    html = article.html
    kept, position = [], 0
    while (hidden := _HIDDEN.search(html, position)) is not None:
        kept.append(html[position : hidden.start()])
        closing = _CLOSING[hidden.group(1).lower()].search(html, hidden.end())
        if closing is None:
            break
        position = closing.start()
    else:
        kept.append(html[position:])
    return len(_TAG.sub("", "".join(kept)).encode("utf-8", "replace"))


class Lane:
    """Admission for one lane: at most `workers + queue` articles in it at once, else `Busy`."""

    def __init__(self, name: str, workers: int, queue: int, typical_seconds: float) -> None:
        self.name = name
        self.workers = workers
        self.capacity = workers + queue
        self._lock = threading.Lock()
        self._inside = 0
        self._seconds = typical_seconds  # moving mean of recent articles' time in the lane

    @property
    def inside(self) -> int:
        """Articles admitted and not yet done (running or waiting)."""
        return self._inside

    def retry_after(self) -> int:
        """About as long as an article in this lane has recently taken, in whole seconds."""
        return min(MAX_RETRY_AFTER, max(1, math.ceil(self._seconds)))

    @contextmanager
    def admitted(self) -> Iterator[None]:
        with self._lock:
            if self._inside >= self.capacity:
                raise Busy(
                    f"the server is busy with {self.name} articles: try again in {self.retry_after()} s", self.retry_after()
                )
            self._inside += 1
        started = time.monotonic()
        try:
            yield
        finally:
            with self._lock:
                self._inside -= 1
                self._seconds = 0.8 * self._seconds + 0.2 * (time.monotonic() - started)

    def neutralize(self, article: Article, options: Options) -> Report:  # pragma: no cover - overridden
        raise NotImplementedError


class InlineLane(Lane):
    """The small lane: in this process, one article at a time, the others waiting their turn."""

    def __init__(self, queue: int) -> None:
        super().__init__("small", workers=1, queue=queue, typical_seconds=0.2)

    def neutralize(self, article: Article, options: Options) -> Report:
        with self.admitted():
            return neutralize_serially(article, options)


class PoolLane(Lane):
    """The large lane: a process pool, created on first use (or by `start`), rebuilt if a worker dies."""

    def __init__(self, workers: int, queue: int, *, work: Work = neutralize, warm: bool = True) -> None:
        super().__init__("large", workers=workers, queue=queue, typical_seconds=10.0)
        self.work = work
        self.warm = warm
        self._pool: ProcessPoolExecutor | None = None
        self._pool_lock = threading.Lock()

    def _executor(self) -> ProcessPoolExecutor:
        with self._pool_lock:
            if self._pool is None:
                self._pool = ProcessPoolExecutor(
                    self.workers,
                    mp_context=multiprocessing.get_context("spawn"),  # never fork a process that runs threads
                    initializer=start_worker,
                    initargs=(os.getpid(), self.warm),
                )
            return self._pool

    def start(self) -> list[Future]:
        """Spawn every worker now (each warms its models), so the first large article does not wait for it."""
        pool = self._executor()
        return [pool.submit(_ready) for _ in range(self.workers)]

    def neutralize(self, article: Article, options: Options) -> Report:
        with self.admitted():
            pool = self._executor()
            try:
                return pool.submit(run_and_release, self.work, article, options).result()
            except BrokenProcessPool:  # a worker died (killed, out of memory): a fresh pool for the next one
                self._discard(pool)
                raise Busy("a pipeline worker stopped while processing: try again", self.retry_after()) from None

    def submit(self, fn: Callable[..., Any], *args: Any) -> Future:
        """Start `fn(*args)` in the pool without waiting for it (a story's comparison): admitted like an article, so
        it raises `Busy` when the lane is full, and it leaves the lane when it ends. `fn` must be a top-level function."""
        with ExitStack() as stack:
            stack.enter_context(self.admitted())
            pool = self._executor()
            try:
                future = pool.submit(run_and_release, fn, *args)
            except BrokenProcessPool:
                self._discard(pool)
                raise Busy("a pipeline worker stopped: try again", self.retry_after()) from None
            admission = stack.pop_all()  # held until the work ends, not until this returns
        future.add_done_callback(lambda done: self._finished(pool, done, admission))
        return future

    def _finished(self, pool: ProcessPoolExecutor, future: Future, admission: ExitStack) -> None:
        admission.close()
        if not future.cancelled() and isinstance(future.exception(), BrokenProcessPool):
            self._discard(pool)

    def _discard(self, pool: ProcessPoolExecutor) -> None:
        with self._pool_lock:
            if self._pool is pool:
                self._pool = None
        pool.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        """Stop the pool: articles not started are dropped, one running is finished (the server has
        already waited for its requests), and the processes are joined so nothing is left behind."""
        with self._pool_lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


class Lanes:
    """The server's two lanes and the rule between them; `neutralize` is the store intake's step."""

    def __init__(self, settings: Settings, *, work: Work = neutralize) -> None:
        self.small_bytes = settings.small_bytes
        self.small = InlineLane(settings.small_queue)
        self.large = PoolLane(settings.pool_workers, settings.pool_queue, work=work, warm=settings.warm)

    @property
    def capacity(self) -> int:
        """Articles both lanes hold at most, each waiting on one of the server's threads."""
        return self.small.capacity + self.large.capacity

    def lane_for(self, article: Article) -> Lane:
        return self.small if work_size(article) <= self.small_bytes else self.large

    def neutralize(self, article: Article, options: Options) -> Report:
        return self.lane_for(article).neutralize(article, options)

    def start(self) -> None:
        self.large.start()

    def close(self) -> None:
        self.large.close()


def start_worker(parent: int, warm: bool) -> None:
    """A pool process's first act: lower its priority, follow its parent out, load the models."""
    try:
        os.nice(WORKER_NICE)
    except OSError:  # not permitted here: the worker still works, at the same priority
        pass
    threading.Thread(target=_exit_with, args=(parent,), name="parent-watch", daemon=True).start()
    if warm:
        warm_up()


def run_and_release(fn: Callable[..., Any], *args: Any) -> Any:
    """In a pool process: `fn(*args)` (an article's report, a story's comparison), then its garbage handed back to
    the system (`memory`)."""
    try:
        return fn(*args)
    finally:
        release_free_memory()


def _exit_with(parent: int) -> None:
    """A worker whose server was killed (kill -9 sends no goodbye) ends within a second, not after its article."""
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(0)


def _ready() -> int:
    return os.getpid()


def warm_up() -> None:
    """Load spaCy and the word lists before the first request, not during it (seconds, once per process)."""
    sentence = (
        "Critics slammed the shockingly expensive plan, a so-called reform that the council "
        "brazenly pushed through on Tuesday after a marathon session, officials said."
    )
    neutralize(Article(source="warm-up", text=f"Council approves plan\n\n{sentence}\n"))
    neutralize(Article(source="warm-up", html=f"<html><body><article><h1>Plan</h1><p>{sentence}</p></article></body></html>"))


def warm_stories() -> None:
    """Load the story profile's models in the server process, where articles are stored and grouped; without
    the stories extra there is nothing to load (articles are then stored without stories)."""
    try:
        from unspin.stories.embed import ModelMissing
        from unspin.stories.profile import warm_up as warm_profiles
    except ImportError:
        return
    try:
        warm_profiles()
    except (ModelMissing, ImportError):
        return
