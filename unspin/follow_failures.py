"""The URLs `unspin follow` could not fetch or neutralize, remembered between runs.

A feed keeps listing a page that failed (a 404, a 503 for an hour, a page with no article text), so
without a memory every run would either fetch it again at once or forget it failed. The log is a small
JSON file beside the store (`failures_path`), not a table: it is the follower's own bookkeeping, not
data the store serves, and the store's schema is left to its migrations.

Policy: a failed URL is retried on a later run only once its backoff has passed (1 hour after the first
failure, doubling with each failure, at most a day), or at once with `--retry-failed`; until then a run
lists it as waiting, with the error it last gave and when it will be tried again. A URL that comes
through is dropped from the log.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy.engine import make_url

FIRST_BACKOFF = timedelta(hours=1)  # a busy or briefly broken site has usually recovered by then
MAX_BACKOFF = timedelta(days=1)  # a feed is read daily at least; a page that failed is still tried once a day
FILE_SUFFIX = ".follow-failures.json"
DEFAULT_FILE = "unspin" + FILE_SUFFIX  # beside the current folder when the store is not a SQLite file


@dataclass(frozen=True)
class Failure:
    """The last error a URL gave, how many runs it has failed in, and when it last failed (UTC)."""

    error: str
    attempts: int
    failed_at: datetime

    def retry_at(self) -> datetime:
        """When the URL may be fetched again: the backoff doubles with every failed attempt."""
        wait = min(FIRST_BACKOFF * 2 ** max(self.attempts - 1, 0), MAX_BACKOFF)
        return self.failed_at + wait


def failures_path(db: str) -> Path:
    """Beside a SQLite file (`news.db` → `news.db.follow-failures.json`); else `unspin.follow-failures.json` here."""
    from unspin.store import normalize_url  # the store's own reading of what a user types as --db

    url = make_url(normalize_url(db))
    database = url.database or ""
    if url.get_backend_name() == "sqlite" and database and database != ":memory:" and not database.startswith("file:"):
        return Path(database).expanduser().with_name(Path(database).name + FILE_SUFFIX)
    return Path(DEFAULT_FILE)


class FailureLog:
    """URL → `Failure`, read from and written to one JSON file."""

    def __init__(self, path: Path, entries: dict[str, Failure] | None = None) -> None:
        self.path = path
        self.entries = entries or {}

    @classmethod
    def load(cls, path: Path) -> FailureLog:
        """The log at `path` (empty when there is none); a damaged file, or a folder that is not there to
        write it in at the end of the run, is a `ValueError` naming it."""
        if not path.parent.is_dir():
            raise ValueError(f"{path}: no folder {path.parent} to keep the follow failure log in")
        if not path.exists():
            return cls(path)
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            entries = {
                url: Failure(str(item["error"]), int(item["attempts"]), datetime.fromisoformat(item["failed_at"]))
                for url, item in raw.items()
            }
        except (OSError, ValueError, TypeError, KeyError, AttributeError) as exc:
            raise ValueError(f"{path}: not a follow failure log ({type(exc).__name__}: {exc})") from None
        return cls(path, entries)

    def split(self, urls: Iterable[str], now: datetime, *, retry_all: bool = False) -> tuple[list[str], list[str]]:
        """(URLs to fetch now, URLs still waiting out their backoff), each in the order given."""
        due: list[str] = []
        waiting: list[str] = []
        for url in urls:
            failure = self.entries.get(url)
            ready = retry_all or failure is None or now >= failure.retry_at()
            (due if ready else waiting).append(url)
        return due, waiting

    def failed(self, url: str, error: str, now: datetime) -> None:
        earlier = self.entries.get(url)
        self.entries[url] = Failure(error, (earlier.attempts if earlier else 0) + 1, now)

    def succeeded(self, url: str) -> None:
        self.entries.pop(url, None)

    def save(self) -> None:
        """Write the log whole, through a temporary file renamed into place (a crash leaves the old log);
        with no failure left the file is removed."""
        if not self.entries:
            self.path.unlink(missing_ok=True)
            return
        data = {url: {**asdict(failure), "failed_at": failure.failed_at.isoformat()} for url, failure in self.entries.items()}
        partial = self.path.with_name(self.path.name + ".partial")
        partial.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        os.replace(partial, self.path)


def utc_now() -> datetime:
    return datetime.now(UTC)
