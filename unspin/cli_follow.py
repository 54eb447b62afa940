"""`unspin follow`: a thin shell over `unspin.follow` (mounted by unspin/cli.py), and the fetching options
`unspin neutralize URL…` shares with it."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy.engine import make_url

from unspin.cli_choices import Strength
from unspin.ingest import IngestError
from unspin.ingest.fetch import USER_AGENT, Fetcher
from unspin.limits import MAX_INPUT_BYTES

UserAgentOpt = Annotated[str, typer.Option("--user-agent", help="How unspin names itself to the sites it fetches from.")]
DelayOpt = Annotated[float, typer.Option("--delay", min=0, help="Seconds between two requests to one site (or its Crawl-delay).")]
TimeoutOpt = Annotated[float, typer.Option("--timeout", min=0.1, help="Seconds to wait for a site's answer.")]


def _day(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return datetime.fromisoformat(value).date()
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)") from None


def follow(
    locations: Annotated[list[str], typer.Argument(help="RSS/Atom feed or sitemap URLs (a sitemap index is followed).")],
    since: Annotated[
        str | None, typer.Option("--since", help="Skip links the feed or sitemap dates before this day (YYYY-MM-DD).")
    ] = None,
    db: Annotated[
        str, typer.Option("--db", help="SQLite file or sqlite:///FILE, or postgresql://user:pass@host/db.")
    ] = "unspin.db",
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Also write each new report here (HTML, and index.html).")
    ] = None,
    strength: Annotated[Strength, typer.Option("--strength", "-s", help="How much loaded language to cut.")] = Strength.standard,
    user_agent: UserAgentOpt = USER_AGENT,
    delay: DelayOpt = 1.0,
    timeout: TimeoutOpt = 20.0,
    retry_failed: Annotated[
        bool, typer.Option("--retry-failed", help="Fetch URLs that failed before now, without waiting out their backoff.")
    ] = False,
    failures_file: Annotated[
        Path | None,
        typer.Option(
            "--failures", help="Where failed URLs are remembered (default: beside a SQLite --db, else ./).", dir_okay=False
        ),
    ] = None,
) -> None:
    """Fetch every new article of feeds and sitemaps once, neutralize it and keep it in the store.

    Polite: robots.txt honoured, one request per --delay and two at a time per site, 429 and 5xx retried after Retry-After.

    Resumable: run it again and only new links are fetched. A URL that failed is remembered (--failures) and
    tried again on a later run after a backoff (1 hour, doubling, at most a day), or at once with --retry-failed.
    """
    from unspin.cli import _check_out, _progress, _summarise, _write_index, err
    from unspin.follow import follow as follow_links
    from unspin.follow import plan_follow
    from unspin.follow_failures import FailureLog, failures_path, utc_now
    from unspin.output import OutputNamer, write_report
    from unspin.pipeline import Options
    from unspin.store import Store, StoreError, normalize_url

    since_day = _day(since)
    _check_out(out)
    options = Options(strength=strength, max_bytes=MAX_INPUT_BYTES)
    try:
        failures = FailureLog.load(failures_file or failures_path(db))
        store = Store(db)
    except (StoreError, ValueError) as exc:
        err.print(f"[red]error:[/] {exc}", highlight=False)
        raise typer.Exit(1) from None
    errors: list[IngestError] = []
    reports, written, namer, created, stored_ids = [], [], OutputNamer(), 0, []
    try:
        with Fetcher(user_agent=user_agent, delay=delay, timeout=timeout) as fetcher:
            with _progress(show=True) as progress:
                progress.add_task("reading feeds and sitemaps", total=None)
                plan = plan_follow(store, fetcher, locations, since_day=since_day)
            for error in plan.errors:
                err.print(f"[red]error:[/] {error}", highlight=False)
            errors.extend(plan.errors)
            old = f", {plan.old} older than {since_day}" if plan.old else ""
            err.print(f"{plan.listed} link(s) listed: {len(plan.new)} new, {plan.known} already stored{old}", highlight=False)
            due, waiting = failures.split(plan.new, utc_now(), retry_all=retry_failed)
            for url in waiting:
                earlier = failures.entries[url]
                when = earlier.retry_at().strftime("%Y-%m-%d %H:%M UTC")
                err.print(f"[yellow]failed before, retried after {when}:[/] {url}: {earlier.error}", highlight=False)
            with _progress(show=len(due) > 1) as progress:
                task = progress.add_task("fetching and neutralizing", total=len(due))
                for url, result in zip(due, follow_links(store, fetcher, due, options)):
                    progress.advance(task)
                    if isinstance(result, IngestError):
                        failures.failed(url, result.message, utc_now())
                        errors.append(result)
                        progress.console.print(f"[red]error:[/] {result}", highlight=False)
                        continue
                    failures.succeeded(url)
                    created += result.created
                    stored_ids.append(result.id)
                    if out is not None:
                        written.append(write_report(result.report, out, namer.stem(result.report.source), "html"))
                        reports.append(result.report)
        stories = len(set(store.stories_of(stored_ids).values()))
    finally:
        store.close()
        failures.save()
    if out is not None:
        from unspin.cli_choices import Format

        _write_index(reports, written, out, Format.html)
    done = len(due) - (len(errors) - len(plan.errors))
    shown = make_url(normalize_url(db)).render_as_string(hide_password=True)
    err.print(f"{created} new report(s) stored in {shown}, {done - created} already there (same content)", highlight=False)
    if stored_ids:
        err.print(
            f"stories: {len(stored_ids)} article(s) in {stories} stor{'y' if stories == 1 else 'ies'} "
            f"(unspin stories --db {shown} shows them)",
            highlight=False,
        )
    if waiting:
        err.print(f"{len(waiting)} URL(s) that failed before not fetched yet (--retry-failed fetches them now)", highlight=False)
    _summarise(len(reports), errors, out)
