"""The web's background comparisons (`unspin.web.comparing`): one job per story and members, a full pool and a failed
job leave the page pending or failed, never an error. A runner that only records what it was given stands in for the
pool: these tests are about the bookkeeping, not the comparing (tests/web/test_stories.py runs the real pool)."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from types import SimpleNamespace
from typing import Any

import pytest

from unspin.stories import kept
from unspin.web import comparing
from unspin.web.comparing import Comparisons
from unspin.web.lanes import Busy


class Recording:
    """Keeps each job's future unfinished until the test ends it; `busy` makes it refuse like a full lane."""

    def __init__(self) -> None:
        self.jobs: list[tuple[tuple[Any, ...], Future]] = []
        self.busy = False

    def submit(self, fn: Callable[..., Any], *args: Any) -> Future:
        if self.busy:
            raise Busy("full", 10)
        future: Future = Future()
        self.jobs.append((args, future))
        return future


def job(url: str, story_id: int, version: str) -> str | None:  # never run: the recording runner only keeps it
    raise AssertionError("not called")


@pytest.fixture
def runner() -> Recording:
    return Recording()


@pytest.fixture
def comparisons(runner: Recording) -> Comparisons:
    return Comparisons(runner, "sqlite:///x.db", job=job)


def test_one_job_per_story_and_members_at_a_time(runner: Recording, comparisons: Comparisons) -> None:
    assert comparisons.request(3, "m1") == ("pending", "")
    assert comparisons.request(3, "m1") == ("pending", "")
    assert [args for args, _ in runner.jobs] == [("sqlite:///x.db", 3, kept.code_version())]  # the key this process reads
    comparisons.request(3, "m2")  # a member joined meanwhile: its own job
    comparisons.request(4, "m1")
    assert len(runner.jobs) == 3
    runner.jobs[0][1].set_result(None)
    assert comparisons.join(timeout=0) is False  # two still running
    comparisons.request(3, "m1")  # done (and, in a real store, kept): asked again only if it was not kept
    assert len(runner.jobs) == 4


def test_a_full_pool_leaves_the_story_pending_and_the_next_request_tries_again(
    runner: Recording, comparisons: Comparisons
) -> None:
    runner.busy = True
    assert comparisons.request(3, "m1") == ("pending", "")
    assert runner.jobs == []
    runner.busy = False
    assert comparisons.request(3, "m1") == ("pending", "")
    assert len(runner.jobs) == 1


@pytest.mark.parametrize("ending", ["returns an error", "raises"])
def test_a_failed_job_is_reported_and_retried_only_later(
    runner: Recording, comparisons: Comparisons, monkeypatch: pytest.MonkeyPatch, ending: str
) -> None:
    clock = [1000.0]
    monkeypatch.setattr(comparing, "time", SimpleNamespace(monotonic=lambda: clock[0]))
    comparisons.request(3, "m1")
    future = runner.jobs[0][1]
    if ending == "raises":
        future.set_exception(RuntimeError("database gone"))
    else:
        future.set_result("additions from the other outlets failed (ValueError: bad)")
    assert comparisons.join(timeout=0)
    status, note = comparisons.request(3, "m1")
    assert status == "failed" and ("database gone" in note or "ValueError: bad" in note)
    assert len(runner.jobs) == 1  # not retried on every reload
    clock[0] += comparing.RETRY_FAILED + 1
    assert comparisons.request(3, "m1") == ("pending", "")
    assert len(runner.jobs) == 2
