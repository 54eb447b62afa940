"""Command line: a thin shell over `unspin.pipeline` and `unspin.render`.

Errors a user can act on are one line on stderr naming the file or field; a
batch keeps going past bad inputs and exits non-zero with a summary.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from unspin.cli_choices import BatchFormat, Engine, Format, MaxBytesOpt, SchedulerOpt, Strength, WorkersOpt
from unspin.engine import DEFAULT_PARTITION_SIZE
from unspin.ingest.reader import IngestError, iter_inputs
from unspin.limits import MAX_INPUT_BYTES
from unspin.output import OutputNamer, out_dir_problem, write_report
from unspin.report import Report

if TYPE_CHECKING:
    from unspin.pipeline import Options

app = typer.Typer(
    help="Turn news articles into plain, auditable reports.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True, soft_wrap=True)  # one error, one line: easy to grep


PathsArg = Annotated[
    list[str], typer.Argument(help="Files (.txt, .html, .jsonl), directories, http(s) URLs (fetched politely), or - for stdin.")
]
OutOpt = Annotated[Path | None, typer.Option("--out", "-o", help="Write one file per article (and index.html) here.")]
StrengthOpt = Annotated[Strength, typer.Option("--strength", "-s", help="How much loaded language to cut.")]
ThoroughOpt = Annotated[
    bool, typer.Option("--thorough", help="Ask the sentence encoder about every sentence, not only suspicious ones (slower).")
]
NoFlagsOpt = Annotated[
    bool, typer.Option("--no-flags", help="Leave out flags: loaded words found but kept as written (no text change).")
]


@app.command(
    epilog="Examples:\n\n"
    "  unspin neutralize article.txt --format json\n\n"
    "  unspin neutralize articles/ feed.jsonl --out out/ --strength strong\n\n"
    "  cat page.html | unspin neutralize - --format md\n\n"
    "  unspin neutralize https://example.org/news/story.html --format md\n\n"
    "  unspin neutralize archive/*.jsonl --engine dask --workers 8 --out out/ --format parquet"
)
def neutralize(
    paths: PathsArg,
    fmt: Annotated[
        BatchFormat | None,
        typer.Option(
            "--format", "-f", help="Output format [default: json to stdout, html with --out, parquet with --engine dask]."
        ),
    ] = None,
    out: OutOpt = None,
    strength: StrengthOpt = Strength.standard,
    thorough: ThoroughOpt = False,
    no_flags: NoFlagsOpt = False,
    fill_from_story: Annotated[
        bool,
        typer.Option(
            "--fill-from-story",
            help="Group the inputs into stories and add what other outlets reported (credited), with relative dates resolved.",
        ),
    ] = False,
    max_bytes: MaxBytesOpt = MAX_INPUT_BYTES,
    engine: Annotated[
        Engine, typer.Option(help="local: this process. dask: a Dask cluster (writes Parquet partitions, resumable).")
    ] = Engine.local,
    scheduler: SchedulerOpt = None,
    workers: WorkersOpt = None,
    partition_size: Annotated[
        int, typer.Option(min=1, help="With --format parquet: articles (JSONL lines, files, or Parquet rows) per partition.")
    ] = DEFAULT_PARTITION_SIZE,
) -> None:
    """Remove web furniture, cut loaded language as [...], flag what cannot be cut, and record every edit in a ledger."""
    from unspin.pipeline import Options

    options = Options(
        strength=strength, thorough=thorough, flags=not no_flags, fill_from_story=fill_from_story, max_bytes=max_bytes
    )
    if engine is Engine.dask or fmt is BatchFormat.parquet:
        _write_dataset(paths, fmt, out, options, engine, scheduler, workers, partition_size)
        return
    if scheduler is not None or workers is not None:
        _usage("--scheduler and --workers need --engine dask")
    _run(paths, None if fmt is None else Format(fmt.value), out, options)


def _write_dataset(
    paths: list[str],
    fmt: BatchFormat | None,
    out: Path | None,
    options: Options,
    engine: Engine,
    scheduler: str | None,
    workers: int | None,
    partition_size: int,
) -> None:
    """Parquet partitions and a manifest in `out`, through `unspin.engine.write_dataset` (resumable: run it again)."""
    from unspin.engine import EngineError, write_dataset

    if fmt not in (None, BatchFormat.parquet):
        _usage(f"--engine {engine.value} writes --format parquet, not {fmt.value}")
    if out is None:
        _usage("--format parquet needs --out DIR")
    if engine is Engine.local and (scheduler is not None or workers is not None):
        _usage("--scheduler and --workers need --engine dask")
    if scheduler is not None and workers is not None:
        _usage("--workers starts a local cluster; an existing one (--scheduler) has its own workers")
    _check_out(out)
    with _progress(show=True) as progress:
        task = progress.add_task(f"partitions ({engine.value})", total=None)
        try:
            summary = write_dataset(
                paths,
                out,
                options,
                engine=engine.value,
                scheduler=scheduler,
                workers=workers,
                partition_size=partition_size,
                progress=lambda done, total: progress.update(task, completed=done, total=total),
            )
        except (EngineError, OSError) as exc:
            err.print(f"[red]error:[/] {exc}", highlight=False)
            raise typer.Exit(1) from None
    kept = f", {summary.kept} kept from an earlier run" if summary.kept else ""
    err.print(
        f"{summary.articles} article(s) in {summary.partitions} partition(s) written to {out}/{kept} "
        f"in {summary.seconds:.1f} s — see {(out / 'manifest.json').resolve()}",
        highlight=False,
    )
    if summary.errors:
        err.print(f"[red]{summary.errors} input(s) failed[/]: their rows hold the error (column 'error')", highlight=False)
        raise typer.Exit(1)


def _usage(message: str) -> None:
    err.print(f"[red]error:[/] {message}", highlight=False)
    raise typer.Exit(2)


@app.command(epilog="Examples:\n\n  unspin clean scraped.txt\n\n  unspin clean dumps/ --out cleaned/ --format text")
def clean(
    paths: PathsArg,
    fmt: Annotated[
        Format | None, typer.Option("--format", "-f", help="Output format [default: text to stdout, html with --out].")
    ] = None,
    out: OutOpt = None,
    max_bytes: MaxBytesOpt = MAX_INPUT_BYTES,
) -> None:
    """Remove web furniture only (menus, video residue, bios); every removed line is in the ledger."""
    from unspin.pipeline import Options

    _run(paths, fmt or (Format.text if out is None else None), out, Options(detect=False, max_bytes=max_bytes))


@app.command(epilog="Example:\n\n  unspin explain article.txt --strength strong")
def explain(
    path: Annotated[str, typer.Argument(help="One file, or - for stdin.")],
    strength: StrengthOpt = Strength.standard,
    thorough: ThoroughOpt = False,
    no_flags: NoFlagsOpt = False,
    max_bytes: MaxBytesOpt = MAX_INPUT_BYTES,
) -> None:
    """Show every edit and flag unspin would make, with its reason and confidence."""
    from unspin.pipeline import Options, read, run

    options = Options(strength=strength, thorough=thorough, flags=not no_flags, max_bytes=max_bytes)
    failed = False
    for result in run(read([path], options), options):
        if isinstance(result, IngestError):
            err.print(f"[red]error:[/] {result}", highlight=False)
            failed = True
            continue
        out = Console()
        if not out.is_terminal:
            out = Console(width=160)  # pipes and files get the whole table, not an 80-column cut
        out.print(_edit_table(result))
    if failed:
        raise typer.Exit(1)


def _edit_table(report: Report) -> Table:
    table = Table(title=f"{report.source}: {len(report.edits)} edits", show_lines=False)
    for column in ("#", "kind", "at", "original", "replacement", "category", "confidence", "reason"):
        table.add_column(column, overflow="fold")
    for number, edit in enumerate(report.edits, start=1):
        table.add_row(
            str(number),
            edit.kind.value,
            f"{edit.start}-{edit.end}",
            _short(edit.original),
            edit.replacement,
            edit.category,
            f"{edit.confidence:.2f}",
            edit.reason,
        )
    return table


def _short(text: str, limit: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _run(paths: list[str], fmt: Format | None, out: Path | None, options: Options) -> None:
    from unspin.ingest.fetch import Fetcher, is_url
    from unspin.pipeline import read, run

    _check_out(out)
    urls = [path for path in paths if is_url(path)]  # fetched (robots.txt, rate limit, size cap: unspin.ingest.fetch)
    inputs = list(iter_inputs([path for path in paths if not is_url(path)]))
    errors = [item for item in inputs if isinstance(item, IngestError)]
    files = [item for item in inputs if isinstance(item, str)]
    for error in errors:
        err.print(f"[red]error:[/] {error}", highlight=False)
    to_stdout = out is None
    fmt = fmt or (Format.json if to_stdout else Format.html)
    reports, written = [], []
    namer = OutputNamer()
    with (
        _progress(show=len(files) + len(urls) > 1) as progress,
        Fetcher(max_bytes=options.max_bytes or MAX_INPUT_BYTES) as fetcher,
    ):
        task = progress.add_task("neutralizing" if options.detect else "cleaning", total=len(files) + len(urls))

        def articles():  # a file is done when the pipeline asks for the article after its last
            for file in files:
                yield from read([file], options)
                progress.advance(task)
            for article in fetcher.articles(urls):
                yield article
                progress.advance(task)

        for result in run(articles(), options):
            if isinstance(result, IngestError):
                errors.append(result)
                progress.console.print(f"[red]error:[/] {result}", highlight=False)
                continue
            if not to_stdout:
                written.append(write_report(result, out, namer.stem(result.source), fmt.value))
            reports.append(result)
    if to_stdout:
        _print_reports(reports, fmt)
    else:
        _write_index(reports, written, out, fmt)
    _summarise(len(reports), errors, out)


def _check_out(out: Path | None) -> None:
    """A bad `--out` is a usage error (exit 2, one line), found before any article is read."""
    problem = out_dir_problem(out) if out is not None else None
    if problem:
        err.print(f"[red]error:[/] --out {out}: {problem}", highlight=False)
        raise typer.Exit(2)


def _checking_out(command):
    """`command` with its `--out` checked first (for commands defined outside this module)."""

    @functools.wraps(command)
    def checked(*args, **kwargs):
        _check_out(kwargs.get("out"))
        return command(*args, **kwargs)

    return checked


def _print_reports(reports: list[Report], fmt: Format) -> None:
    from unspin.render import render

    if fmt is Format.json and len(reports) > 1:
        for report in reports:  # JSON Lines: one report per line, easy to pipe
            sys.stdout.write(report.model_dump_json(by_alias=True) + "\n")
        return
    sys.stdout.write("\n\n".join(render(report, fmt.value).rstrip("\n") for report in reports) + "\n" if reports else "")


def _write_index(reports: list[Report], written: list[Path], out: Path, fmt: Format) -> None:
    if fmt is not Format.html or not reports:
        return
    from unspin.render import render_index

    index = out / "index.html"
    index.write_text(render_index(reports, [path.name for path in written]), encoding="utf-8")


def _summarise(done: int, errors: list[IngestError], out: Path | None) -> None:
    if out is not None and done:
        index = out / "index.html"
        target = index if index.exists() else out
        err.print(f"{done} article(s) written to {out}/ — open {target.resolve()}", highlight=False)
    if errors:
        err.print(f"[red]{len(errors)} input(s) failed[/], {done} article(s) done", highlight=False)
        raise typer.Exit(1)


def _progress(show: bool) -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=err,
        transient=True,
        disable=not show,
    )


@app.command(
    epilog="Examples:\n\n"
    "  unspin serve                      # ./unspin.db, http://127.0.0.1:8000/\n\n"
    "  unspin serve --db postgresql://unspin@localhost/unspin --port 8080"
)
def serve(
    db: Annotated[
        str, typer.Option("--db", help="SQLite file or sqlite:///FILE, or postgresql://user:pass@host/db.")
    ] = "unspin.db",
    host: Annotated[str, typer.Option(help="Address to listen on (0.0.0.0 to serve other machines).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    workers: Annotated[int, typer.Option(min=1, max=64, help="Worker processes.")] = 1,
    max_mib: Annotated[float, typer.Option("--max-mib", min=0.01, help="Largest request body, in MiB.")] = 2.0,
    pool_workers: Annotated[
        int | None,
        typer.Option(min=1, max=64, help="Processes for large articles, per worker [default: cores - 1, at least 1]."),
    ] = None,
    pool_queue: Annotated[
        int | None, typer.Option(min=0, help="Large articles that may wait for a pool process, then 503 [default: 4].")
    ] = None,
    small_kib: Annotated[
        float | None,
        typer.Option("--small-kib", min=0, help="Articles with up to this much text run in the server process [default: 32]."),
    ] = None,
    allow_fetch: Annotated[
        bool,
        typer.Option(
            "--allow-fetch",
            help='Let POST /api/articles {"url": ...} fetch the page (http/https to public addresses only) [default: off].',
        ),
    ] = False,
) -> None:
    """Run the web app and HTTP API over a store of articles, reports and ledgers.

    Small articles are neutralized in the server process; larger ones in a pool of processes, so one
    large article never holds up the rest. When either is full the server answers 503 with Retry-After.
    """
    from unspin.web.serve import ServeError
    from unspin.web.serve import serve as run_server
    from unspin.web.settings import KIB, MIB, Settings

    given = {"pool_workers": pool_workers, "pool_queue": pool_queue, "small_bytes": small_kib and int(small_kib * KIB)}
    settings = Settings(
        db=db,
        max_bytes=int(max_mib * MIB),
        allow_fetch=allow_fetch,
        **{name: value for name, value in given.items() if value is not None},
    )
    try:
        run_server(settings, host=host, port=port, workers=workers)
    except ServeError as exc:
        err.print(f"[red]error:[/] {exc}", highlight=False)
        raise typer.Exit(1) from None


def _mount_subcommands() -> None:
    from unspin.eval.cli import eval_app
    from unspin.store.cli import store_app
    from unspin.stories.cli import eval_stories, register

    eval_app.command("stories", epilog="Example:\n\n  unspin eval stories --split test --format md")(eval_stories)
    app.add_typer(eval_app, name="eval", help="Measure unspin on labelled data, beside baselines.")
    app.add_typer(store_app, name="store", help="Load batch output into the store (SQLite or PostgreSQL).")
    register(app)
    from unspin.cli_follow import follow

    app.command(
        "follow",
        epilog="Examples:\n\n"
        "  unspin follow https://example.org/feed.xml                # into ./unspin.db\n\n"
        "  unspin follow https://example.org/sitemap.xml --since 2026-12-01 --db postgresql://unspin@localhost/unspin --out out/",
    )(follow)
    for info in app.registered_commands:  # `unspin stories --out`: checked before any work, like neutralize's
        if info.name == "stories" and info.callback is not None:
            info.callback = _checking_out(info.callback)


_mount_subcommands()


def main(argv: Iterable[str] | None = None) -> None:
    app(args=list(argv) if argv is not None else None)
