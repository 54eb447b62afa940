"""Command line for stories: `unspin stories` and `unspin eval stories` (mounted by unspin/cli.py).

    from unspin.stories.cli import register, eval_stories
    register(app)                                   # adds `unspin stories`
    eval_app.command("stories")(eval_stories)       # adds `unspin eval stories`

Thin shells over `unspin.stories.story` and `unspin.stories.evaluate`: a bad
input is a one-line error naming it, and the run goes on.
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.table import Table

from unspin.cli_choices import Engine, MaxBytesOpt, SchedulerOpt, Split, Strength, TableFormat, WorkersOpt
from unspin.limits import MAX_INPUT_BYTES

err = Console(stderr=True, soft_wrap=True)


class StoryFormat(StrEnum):
    html = "html"
    json = "json"


def register(app: typer.Typer) -> None:
    """Add the `stories` command to the main app."""
    app.command(
        "stories",
        epilog="Examples:\n\n  unspin stories ../shared/seeds --format json\n\n  unspin stories feeds/ --out stories/"
        "\n\n  unspin stories archive/*.jsonl --engine dask --workers 8 --out grouped/"
        "\n\n  unspin stories --db unspin.db --out stories/        # the stories of every stored article",
    )(stories)


def stories(
    paths: Annotated[
        list[str] | None,
        typer.Argument(help="Files (.txt, .html, .jsonl), directories, or - for stdin (with --db: stored first)."),
    ] = None,
    fmt: Annotated[
        StoryFormat | None, typer.Option("--format", "-f", help="json (default to stdout) or html (default with --out).")
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Write a page per story, a page per article (with additions) and index.html here."),
    ] = None,
    strength: Annotated[Strength, typer.Option("--strength", "-s", help="How much loaded language to cut.")] = Strength.standard,
    max_bytes: MaxBytesOpt = MAX_INPUT_BYTES,
    engine: Annotated[
        Engine, typer.Option(help="local: this process. dask: a Dask cluster, grouped in date-window shards into --out.")
    ] = Engine.local,
    scheduler: SchedulerOpt = None,
    workers: WorkersOpt = None,
    shard_days: Annotated[int, typer.Option(min=1, help="With --engine dask: days of articles per grouping shard.")] = 7,
    db: Annotated[
        str | None,
        typer.Option("--db", help="The stories of the articles stored here (SQLite file or URL, or postgresql://...)."),
    ] = None,
) -> None:
    """Group articles into stories (one per event), compare outlets fact by fact, add what each left out."""
    from unspin.pipeline import Options
    from unspin.store import StoreError
    from unspin.stories.embed import ModelMissing
    from unspin.stories.story import build_stories

    if not paths and db is None:
        _fail("name the articles to group (files, folders or -), or a store with --db", 2)
    if db is not None and engine is Engine.dask:
        _fail("--db groups what the store holds; --engine dask groups files into --out", 2)
    paths = paths or []
    if engine is Engine.dask:
        _stories_on_cluster(paths, out, Options(strength=strength, max_bytes=max_bytes), scheduler, workers, shard_days)
        return
    if scheduler is not None or workers is not None:
        _fail("--scheduler and --workers need --engine dask", 2)
    fmt = fmt or (StoryFormat.json if out is None else StoryFormat.html)
    options = Options(strength=strength, max_bytes=max_bytes)
    try:
        run = build_stories(paths, options, compare=True) if db is None else _stored_run(db, paths, options)
    except (ModelMissing, ImportError, StoreError) as exc:
        err.print(f"[red]error:[/] {exc}", highlight=False)
        raise typer.Exit(2) from None
    for error in run.errors:
        err.print(f"[red]error:[/] {error}", highlight=False)
    for source, note in run.notes:
        err.print(f"note: {source}: {note}", highlight=False)
    if out is None:
        _print(run, fmt)
    else:
        written = write_stories(run, out, fmt)
        err.print(
            f"{len(run.stories)} stor{'y' if len(run.stories) == 1 else 'ies'} written to {out}/ — open {written.resolve()}",
            highlight=False,
        )
    if run.errors:
        err.print(
            f"[red]{len(run.errors)} input(s) failed[/], {sum(len(s.members) for s in run.stories)} article(s) grouped",
            highlight=False,
        )
        raise typer.Exit(1)


def _stories_on_cluster(
    paths: list[str], out: Path | None, options, scheduler: str | None, workers: int | None, days: int
) -> None:
    """`unspin.engine.grouping.group_dataset`: articles, profiles and stories.parquet in `out` (a rerun resumes)."""
    from unspin.engine import EngineError
    from unspin.engine.grouping import group_dataset
    from unspin.stories.embed import ModelMissing

    if out is None:
        _fail("--engine dask needs --out DIR (it writes Parquet: articles/, profiles/, stories.parquet)", 2)
    if scheduler is not None and workers is not None:
        _fail("--workers starts a local cluster; an existing one (--scheduler) has its own workers", 2)
    try:
        summary = group_dataset(paths, out, options, scheduler=scheduler, workers=workers, shard_days=days)
    except (EngineError, ModelMissing, ImportError, OSError) as exc:
        _fail(str(exc), 1)
    err.print(
        f"{summary.articles} article(s) in {summary.stories} stor{'y' if summary.stories == 1 else 'ies'}, grouped in "
        f"{summary.shards} shard(s) (largest {summary.largest_shard}, {summary.undated} undated) in {summary.seconds:.1f} s "
        f"— see {(out / 'stories.parquet').resolve()}",
        highlight=False,
    )
    if summary.neutralized.errors:
        err.print(
            f"[red]{summary.neutralized.errors} input(s) failed[/]: see column 'error' in {out / 'articles'}", highlight=False
        )
        raise typer.Exit(1)


def _fail(message: str, code: int) -> NoReturn:
    err.print(f"[red]error:[/] {message}", highlight=False)
    raise typer.Exit(code)


def _stored_run(db: str, paths: list[str], options):  # type: ignore[no-untyped-def]
    """Store `paths` (if any) in the store at `db`, then read back every stored story; read errors join the run's."""
    from unspin.ingest import IngestError
    from unspin.pipeline import read
    from unspin.store import Store, ingest_all
    from unspin.stories.from_store import stored_stories

    store = Store(db)
    try:
        results = list(ingest_all(store, read(paths, options), options)) if paths else []
        run = stored_stories(store)
    finally:
        store.close()
    run.errors = [result for result in results if isinstance(result, IngestError)] + run.errors
    return run


def _print(run, fmt: StoryFormat) -> None:
    from unspin.render.story import render_story
    from unspin.stories.story import story_summary

    if fmt is StoryFormat.json:
        document = {
            "stories": [story_summary(s) for s in run.stories],
            "notes": [{"source": s, "note": n} for s, n in run.notes],
            "errors": [str(e) for e in run.errors],
        }
        sys.stdout.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write("\n".join(render_story(s, notes=run.notes) for s in run.stories))


def write_stories(run, out: Path, fmt: StoryFormat) -> Path:
    """Story pages, article pages with their additions (HTML and JSON ledger), and an index; returns the entry file."""
    from unspin.output import OutputNamer, write_report
    from unspin.render.story import render_story, render_story_index
    from unspin.stories.story import story_summary

    out.mkdir(parents=True, exist_ok=True)
    if fmt is StoryFormat.json:
        path = out / "stories.json"
        path.write_text(
            json.dumps({"stories": [story_summary(s) for s in run.stories]}, indent=2, ensure_ascii=False) + "\n",
            encoding="utf-8",
        )
        return path
    namer = OutputNamer()
    links: dict[int, str] = {}
    for story in run.stories:
        pages = {}
        for member in story.members:
            written = write_report(member.filled or member.report, out, namer.stem(member.key), "html")
            pages[member.key] = written.name
        name = f"story-{story.id:03d}.html"
        (out / name).write_text(render_story(story, pages, run.notes), encoding="utf-8")
        links[story.id] = name
    index = out / "index.html"
    index.write_text(render_story_index(run, links), encoding="utf-8")
    return index


def eval_stories(
    split: Annotated[Split, typer.Option("--split", help="dev to tune and inspect, test to report.")] = Split.dev,
    data: Annotated[Path | None, typer.Option("--data", help="Folder holding stories/ (default ../shared/data).")] = None,
    fmt: Annotated[TableFormat, typer.Option("--format", "-f", help="Rich table, JSON or Markdown.")] = TableFormat.table,
    limit: Annotated[int | None, typer.Option("--limit", min=2, help="Score only the first N records (quick checks).")] = None,
    cached: Annotated[
        bool, typer.Option("--cached", help="Reuse cached lead embeddings (speed then excludes the model).")
    ] = False,
) -> None:
    """Story grouping: B-cubed precision/recall/F1 beside TF-IDF clustering and MinHash, and articles/s."""
    from unspin.stories.dataset import StoriesDataError
    from unspin.stories.embed import ModelMissing
    from unspin.stories.evaluate import as_json, as_markdown, evaluate

    try:
        rows, facts = evaluate(split.value, str(data) if data else None, limit=limit, cached=cached)
    except (StoriesDataError, ModelMissing, ImportError, ValueError) as exc:
        err.print(f"[red]error:[/] {exc}", highlight=False)
        raise typer.Exit(2) from None
    if fmt is TableFormat.json:
        sys.stdout.write(json.dumps(as_json(rows, facts), indent=2) + "\n")
    elif fmt is TableFormat.md:
        sys.stdout.write(as_markdown(rows, facts))
    else:
        table = Table(title=f"Story grouping, {facts['split']} split: {facts['articles']} articles, {facts['events']} events")
        for column in ("system", "B³ P", "B³ R", "B³ F1", "stories", "articles/s", "how"):
            table.add_column(column)
        for row in rows:
            table.add_row(
                row.system,
                f"{row.precision:.3f}",
                f"{row.recall:.3f}",
                f"{row.f1:.3f}",
                str(row.stories),
                f"{row.per_second:,.1f}",
                row.note,
            )
        Console(width=None if sys.stdout.isatty() else 160).print(table)
        Console(width=160).print(
            f"assignment alone: {facts['assign_per_second']:,.0f} articles/s ({facts['assign_ms']:.2f} ms each)"
        )
