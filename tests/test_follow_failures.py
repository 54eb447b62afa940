"""`unspin follow` remembers the URLs that failed: a rerun lists them and retries them only after a backoff
or with --retry-failed (a local site, no internet)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.ingest.website import Site, article_html, serve
from unspin.cli import app
from unspin.follow_failures import MAX_BACKOFF, Failure, FailureLog, failures_path

WHEN = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)


@pytest.fixture
def site() -> Iterator[Site]:
    with serve(Site()) as running:
        running.page("/news/1.html", article_html(1))
        running.rss(
            "/feed.xml", [("/news/1.html", "Mon, 30 Nov 2026 08:00:00 GMT"), ("/news/gone.html", "Mon, 30 Nov 2026 09:00:00 GMT")]
        )
        yield running


def unspin(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stderr


def test_a_failed_url_waits_for_its_backoff_or_retry_failed_and_is_forgotten_once_it_comes_through(
    site: Site, tmp_path: Path
) -> None:
    db = tmp_path / "news.db"
    log = tmp_path / "news.db.follow-failures.json"
    follow = ("follow", f"{site.base}/feed.xml", "--db", str(db), "--delay", "0")
    gone = f"{site.base}/news/gone.html"

    code, err = unspin(*follow)
    assert code == 1 and f"error: {gone}: HTTP 404" in err
    assert list(json.loads(log.read_text())) == [gone]

    code, err = unspin(*follow)  # at once: the failure is reported, not fetched again
    assert code == 0, err
    assert "failed before, retried after" in err and f"{gone}: HTTP 404" in err
    assert "1 URL(s) that failed before not fetched yet" in err
    assert site.hits("/news/gone.html") == 1

    code, err = unspin(*follow, "--retry-failed")
    assert code == 1 and site.hits("/news/gone.html") == 2
    assert json.loads(log.read_text())[gone]["attempts"] == 2

    site.page("/news/gone.html", article_html(2))  # the page is back; pretend its backoff has passed
    entry = json.loads(log.read_text())
    entry[gone]["failed_at"] = (datetime.now(UTC) - MAX_BACKOFF).isoformat()
    log.write_text(json.dumps(entry))
    code, err = unspin(*follow)
    assert code == 0, err
    assert "1 new report(s) stored" in err and site.hits("/news/gone.html") == 3
    assert not log.exists()


def test_a_damaged_failure_log_is_one_line_and_nothing_is_fetched(site: Site, tmp_path: Path) -> None:
    log = tmp_path / "failures.json"
    log.write_text("{not json")
    code, err = unspin("follow", f"{site.base}/feed.xml", "--db", str(tmp_path / "x.db"), "--failures", str(log))
    assert code == 1
    assert f"error: {log}: not a follow failure log" in err and len(err.strip().splitlines()) == 1
    assert site.requests == []


def test_backoff_doubles_per_failure_up_to_a_day() -> None:
    waits = [Failure("HTTP 503", attempts, WHEN).retry_at() - WHEN for attempts in (1, 2, 3, 10)]
    assert waits == [timedelta(hours=1), timedelta(hours=2), timedelta(hours=4), MAX_BACKOFF]


def test_split_keeps_order_and_retry_all_fetches_every_url(tmp_path: Path) -> None:
    log = FailureLog(tmp_path / "log.json")
    log.failed("https://example.org/b", "HTTP 503", WHEN)
    urls = ["https://example.org/a", "https://example.org/b", "https://example.org/c"]
    assert log.split(urls, WHEN + timedelta(minutes=59)) == (
        ["https://example.org/a", "https://example.org/c"],
        ["https://example.org/b"],
    )
    assert log.split(urls, WHEN + timedelta(hours=1)) == (urls, [])
    assert log.split(urls, WHEN, retry_all=True) == (urls, [])
    log.save()
    assert FailureLog.load(log.path).entries == log.entries


@pytest.mark.parametrize(
    ("db", "expected"),
    [
        ("news.db", Path("news.db.follow-failures.json")),
        ("sqlite:////srv/unspin/news.db", Path("/srv/unspin/news.db.follow-failures.json")),
        ("postgresql://reader:secret@db.example/news", Path("unspin.follow-failures.json")),
    ],
)
def test_the_log_sits_beside_a_sqlite_store(db: str, expected: Path) -> None:
    assert failures_path(db) == expected


def test_a_failure_log_in_a_missing_folder_is_refused_before_any_work(site: Site, tmp_path: Path) -> None:
    log = tmp_path / "no-such-folder" / "failures.json"
    code, err = unspin("follow", f"{site.base}/feed.xml", "--db", str(tmp_path / "x.db"), "--failures", str(log))
    assert code == 1 and "no folder" in err and len(err.strip().splitlines()) == 1
    assert site.requests == []
