"""Command line for the store: `unspin store load` (mounted by unspin/cli.py), a thin shell over
`unspin.store.load.load_dataset`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

err = Console(stderr=True, soft_wrap=True)
store_app = typer.Typer(no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)

DbOpt = Annotated[str, typer.Option("--db", help="SQLite file or sqlite:///FILE, or postgresql://user:pass@host/db.")]


@store_app.command(
    "load",
    epilog="Examples:\n\n"
    "  unspin store load out/                                  # into ./unspin.db\n\n"
    "  unspin store load out/ --db postgresql://unspin@localhost/unspin",
)
def load(
    folder: Annotated[Path, typer.Argument(help="A folder written by unspin neutralize --format parquet --out.")],
    db: DbOpt = "unspin.db",
) -> None:
    """Store every report of a Parquet output folder, once: loading it again changes nothing."""
    from unspin.store import Store, StoreError
    from unspin.store.load import LoadError, load_dataset, read_manifest

    try:
        read_manifest(folder)  # before the database is opened (and created)
        store = Store(db)
    except (LoadError, StoreError) as exc:
        err.print(f"[red]error:[/] {exc}", highlight=False)
        raise typer.Exit(1) from None
    try:
        summary = load_dataset(store, folder)
    except LoadError as exc:
        err.print(f"[red]error:[/] {exc}", highlight=False)
        raise typer.Exit(1) from None
    finally:
        store.close()
    for message in summary.refused:
        err.print(f"[red]error:[/] {message}", highlight=False)
    err.print(
        f"{summary.created} report(s) stored, {summary.existing} already there, {summary.failed} error row(s) skipped "
        f"from {summary.partitions} partition(s) of {folder}/",
        highlight=False,
    )
    if not summary.complete:
        err.print(f"warning: the batch is not finished ({summary.partitions} of {summary.planned} partitions)", highlight=False)
    if summary.refused:
        raise typer.Exit(1)
