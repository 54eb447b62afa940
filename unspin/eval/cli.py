"""`unspin eval`: the evaluation harness on the command line (mounted by unspin/cli.py).

    unspin eval detect --dataset babe --split dev
    unspin eval clean --split dev --format json
    unspin eval ptc --split dev --limit 40  # loaded language in whole articles (PTC)
    unspin eval density --split test      # text edits per 100 words: seeds and extraction pages
    unspin eval all --split test          # what `make eval` runs
    unspin eval train                     # rebuild the Recasens-style baseline weights (dev only)

Data: --data, else env UNSPIN_DATA, else <repo>/../shared/data.
Seeds (density): --seeds, else env UNSPIN_SEEDS, else <repo>/../shared/seeds.
"""

from __future__ import annotations

import json
import sys
import time
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from unspin.cli_choices import Split, Strength, TableFormat
from unspin.eval.datasets import DETECT_SETS, DataError, TestSplitError

eval_app = typer.Typer(
    help="Score unspin and its baselines on the labelled sets in ../shared/data.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console(width=None if sys.stdout.isatty() else 140)  # tables stay whole when piped or logged
err = Console(stderr=True, soft_wrap=True)  # one error, one line


class Dataset(StrEnum):
    babe = "babe"
    mbic = "mbic"
    wnc_sample = "wnc_sample"


SplitOpt = Annotated[Split, typer.Option("--split", help="dev to tune and inspect, test to report.")]
DataOpt = Annotated[Path | None, typer.Option("--data", help="Folder holding babe/, mbic/, wnc_sample/, extraction/, ptc/.")]
FormatOpt = Annotated[TableFormat, typer.Option("--format", "-f", help="Rich tables, one JSON document, or Markdown tables.")]
LimitOpt = Annotated[int | None, typer.Option("--limit", min=1, help="Score only the first N records (quick checks).")]
ErrorsOpt = Annotated[int, typer.Option("--errors", min=0, help="Also list each system's N most frequent word errors.")]
StrengthOpt = Annotated[Strength, typer.Option("--strength", "-s", help="unspin's strength for its row.")]
StrengthsOpt = Annotated[bool, typer.Option("--strengths", help="Add unspin rows at the other two strengths (the trade-off).")]
ThoroughOpt = Annotated[bool, typer.Option("--thorough", help="unspin's row asks the encoder about every sentence.")]
SeedsOpt = Annotated[Path | None, typer.Option("--seeds", help="Folder of seed articles (*.txt) for the density figures.")]
JsonOpt = Annotated[bool, typer.Option("--json", help="One JSON document (same as --format json).")]


def _fail(exc: Exception) -> typer.Exit:
    err.print(f"[red]error:[/] {exc}", highlight=False)
    return typer.Exit(2)


def _emit(fmt: TableFormat, detect=(), clean=(), errors=None, split=None, ptc=(), density=()) -> None:
    from unspin.eval import tables

    if fmt is TableFormat.json:
        sys.stdout.write(json.dumps(tables.as_json(detect, clean, errors, split, ptc, density), indent=2) + "\n")
        return
    if fmt is TableFormat.md:
        parts = [
            tables.as_markdown(detect, clean, split) if detect or clean else "",
            tables.ptc_markdown(ptc),
            tables.density_markdown(density),
        ]
        sys.stdout.write("\n".join(p for p in parts if p))
        return
    by_dataset: dict[str, list] = {}
    for result in detect:
        by_dataset.setdefault(result.dataset, []).append(result)
    for results in by_dataset.values():
        out.print(tables.detect_table(results))
        for system, words in (errors or {}).get(results[0].dataset, {}).items():
            out.print(tables.errors_table(system, results[0].dataset, words))
    if clean:
        out.print(tables.clean_table(clean))
    if ptc:
        out.print(tables.ptc_table(ptc))
    if density:
        for table in tables.density_table(density):
            out.print(table)


def _detect(datasets, split: str, data, strength: str, limit, errors: int, strengths: bool = False):
    from unspin.eval.detect_eval import evaluate_sets

    return evaluate_sets(datasets, split, data, strength=strength, all_strengths=strengths, limit=limit, error_top=errors)


@eval_app.command(epilog="Example:\n\n  unspin eval detect --dataset mbic --split dev --errors 15")
def detect(
    dataset: Annotated[Dataset, typer.Option("--dataset", "-d", help="Which labelled set.")] = Dataset.babe,
    split: SplitOpt = Split.dev,
    data: DataOpt = None,
    fmt: FormatOpt = TableFormat.table,
    strength: StrengthOpt = Strength.standard,
    strengths: StrengthsOpt = False,
    limit: LimitOpt = None,
    errors: ErrorsOpt = 0,
) -> None:
    """Biased-word detection: word P/R/F1, sentence macro F1, false-edit rate, top-1, speed."""
    try:
        results, words = _detect([dataset.value], split.value, data, strength.value, limit, errors, strengths)
    except (DataError, TestSplitError, FileNotFoundError, ImportError) as exc:
        raise _fail(exc) from None
    _emit(fmt, detect=results, errors=words, split=split.value)


@eval_app.command(epilog="Example:\n\n  unspin eval clean --split dev --format json")
def clean(split: SplitOpt = Split.dev, data: DataOpt = None, fmt: FormatOpt = TableFormat.table, limit: LimitOpt = None) -> None:
    """Article extraction from HTML and from text dumps, against other extractors."""
    from unspin.eval.clean_eval import evaluate_split

    try:
        results = evaluate_split(split.value, data, limit=limit)
    except (DataError, TestSplitError, FileNotFoundError, ImportError) as exc:
        raise _fail(exc) from None
    _emit(fmt, clean=results, split=split.value)


@eval_app.command(epilog="Example:\n\n  unspin eval ptc --split dev --thorough --limit 40")
def ptc(
    split: SplitOpt = Split.dev,
    data: DataOpt = None,
    fmt: FormatOpt = TableFormat.table,
    as_json: JsonOpt = False,
    strength: StrengthOpt = Strength.standard,
    thorough: ThoroughOpt = False,
    limit: LimitOpt = None,
) -> None:
    """Loaded language in whole articles (PTC): span recall, edits per 100 words, quotations, against word lists."""
    from unspin.eval.article_eval import evaluate_ptc

    try:
        results = evaluate_ptc(split.value, data, strength=strength.value, thorough=(thorough,), limit=limit)
    except (DataError, TestSplitError, FileNotFoundError, ImportError) as exc:
        raise _fail(exc) from None
    _emit(TableFormat.json if as_json else fmt, ptc=results, split=split.value)


@eval_app.command(epilog="Example:\n\n  unspin eval density --split dev --format json")
def density(
    split: Annotated[
        Split, typer.Option("--split", help="Extraction pages of this split (the seeds are always run).")
    ] = Split.test,
    data: DataOpt = None,
    seeds: SeedsOpt = None,
    fmt: FormatOpt = TableFormat.table,
    strength: StrengthOpt = Strength.standard,
    limit: LimitOpt = None,
) -> None:
    """Text edits and flags per 100 words on news articles (the seeds and the extraction pages), whole pipeline."""
    from unspin.eval.density import evaluate_density

    try:
        results = evaluate_density(split.value, data, seeds, strength=strength.value, limit=limit)
    except (DataError, TestSplitError, FileNotFoundError, ImportError) as exc:
        raise _fail(exc) from None
    _emit(fmt, density=results, split=split.value)


@eval_app.command(name="all", epilog="Example (what `make eval` runs):\n\n  unspin eval all --split test")
def run_all(
    split: SplitOpt = Split.test,
    data: DataOpt = None,
    fmt: FormatOpt = TableFormat.table,
    strength: StrengthOpt = Strength.standard,
    strengths: StrengthsOpt = False,
    errors: ErrorsOpt = 0,
    seeds: SeedsOpt = None,
    write: Annotated[
        Path | None, typer.Option("--write", help="Also put the Markdown tables in this file's eval section.")
    ] = None,
) -> None:
    """Every detection set, the extraction set, the whole-article set (PTC) and edit density (seeds + extraction) on one split."""
    from unspin.eval.article_eval import evaluate_ptc
    from unspin.eval.clean_eval import evaluate_split
    from unspin.eval.density import evaluate_density

    try:
        results, words = _detect(DETECT_SETS, split.value, data, strength.value, None, errors, strengths)
        cleaned = evaluate_split(split.value, data)
        articles = evaluate_ptc(split.value, data, strength=strength.value, thorough=(False, True))
        edit_density = evaluate_density(split.value, data, seeds, strength=strength.value)
    except (DataError, TestSplitError, FileNotFoundError, ImportError) as exc:
        raise _fail(exc) from None
    _emit(fmt, detect=results, clean=cleaned, errors=words, split=split.value, ptc=articles, density=edit_density)
    if write is not None:
        from unspin.docsections import write_section
        from unspin.eval import tables

        body = f"Produced by `unspin eval all --split {split.value}` (`make eval`).\n\n" + tables.as_markdown(
            results, cleaned, split.value
        )
        write_section(write, f"eval:{split.value}", body, f"Quality on the {split.value} splits")
        body = f"Produced by `unspin eval all --split {split.value}` (`make eval`).\n\n" + tables.ptc_markdown(articles)
        write_section(write, f"eval:ptc-{split.value}", body, f"Loaded language in whole articles (PTC, {split.value})")
        body = f"Produced by `unspin eval all --split {split.value}` (`make eval`).\n\n" + tables.density_markdown(edit_density)
        write_section(
            write,
            f"eval:density-{split.value}",
            body,
            f"Text edits per 100 words on news articles (seeds, extraction {split.value})",
        )


@eval_app.command(epilog="Example:\n\n  unspin eval train --dataset babe")
def train(
    dataset: Annotated[str | None, typer.Option("--dataset", "-d", help="babe or mbic; both when omitted.")] = None,
    data: DataOpt = None,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the held-out fifth of dev.")] = 20241124,
) -> None:
    """Rebuild the Recasens-style baseline from dev data only (test files cannot be opened)."""
    from unspin.eval.baselines.recasens import TRAINABLE
    from unspin.eval.baselines.recasens import train as fit

    for name in [dataset] if dataset else list(TRAINABLE):
        started = time.perf_counter()
        try:
            model = fit(name, data, seed=seed)
        except (DataError, TestSplitError, ValueError) as exc:
            raise _fail(exc) from None
        seconds = time.perf_counter() - started
        err.print(f"{name}: l2={model.meta['l2']} threshold={model.threshold} features={len(model.weights)} ({seconds:.1f} s)")


@eval_app.command(epilog="Example:\n\n  unspin eval quality --write docs/QUALITY.md")
def quality(
    write: Annotated[Path | None, typer.Option("--write", help="Put the Markdown in this file's quality section.")] = None,
    top: Annotated[int, typer.Option("--top", min=1, help="How many word errors to list.")] = 20,
) -> None:
    """Error analysis: most frequent false positives/negatives on dev, precision per edit category."""
    from unspin.docsections import write_section
    from unspin.eval.quality import quality_markdown

    try:
        body = quality_markdown(top=top)
    except (DataError, FileNotFoundError) as exc:
        raise _fail(exc) from None
    sys.stdout.write(body)
    if write is not None:
        write_section(write, "eval:quality", body, "Detection errors and precision per category")
