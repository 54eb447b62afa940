"""Results as rich tables for people and as one JSON document for machines.

Published figures (unspin/data/baselines/published.toml) appear as dimmed rows
marked "published", with their source under the table: they were measured on
other data, so they orient the reader but are not rows we ran.
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Sequence
from functools import cache
from importlib import resources

from rich.table import Table

from unspin.eval.article_eval import ArticleResult
from unspin.eval.clean_eval import CleanResult
from unspin.eval.density import DensityResult
from unspin.eval.detect_eval import DetectResult

DATASET_TITLES = {"babe": "BABE", "mbic": "MBIC", "wnc_sample": "WNC sample"}


@cache
def published() -> dict[str, list[dict]]:
    text = resources.files("unspin.data").joinpath("baselines").joinpath("published.toml").read_text("utf-8")
    return tomllib.loads(text)


def _num(value: float | None, digits: int = 3) -> str:
    if value is None:
        return "—"
    return f"{value:.{digits}f}"


def _rate(value: float | None) -> str:
    if value is None or math.isinf(value):
        return "—"
    return f"{value:,.0f}" if value >= 100 else f"{value:.1f}"


def caveats(dataset: str, split: str) -> list[str]:
    notes = []
    if split == "dev" and dataset in ("babe", "mbic"):
        notes.append("Recasens-style LR is trained on this dev split: its dev row is in-sample; read the test row.")
    if split == "test" and dataset in ("babe", "mbic"):
        notes.append(
            "Test split minus the sentences that also appear in a dev split (BABE and MBIC share ~420 sentences), so no system is scored on text it trained on."
        )
    if dataset == "wnc_sample":
        notes.append(
            "WNC: each pair gives a biased 'before' sentence (word scores, top-1) and a neutral 'after' one (sentence scores only);"
        )
        notes.append("the Recasens-style LR here is the BABE model.")
    return notes


def _detect_cells(r: DetectResult) -> list[str]:
    """One system's row, the same in the terminal table and the Markdown one."""
    return [
        r.system,
        _num(r.word.precision),
        _num(r.word.recall),
        _num(r.word.f1),
        _num(r.word_f1_ci),
        _num(r.sentence_macro_f1),
        _num(r.false_edit_rate),
        _num(r.top1),
        _rate(r.sentences_per_s),
    ]


def detect_table(results: Sequence[DetectResult]) -> Table:
    first = results[0]
    title = f"{DATASET_TITLES.get(first.dataset, first.dataset)} — {first.split} ({first.sentences} sentences)"
    table = Table(title=title, title_justify="left")
    for column in ("system", "word P", "word R", "word F1", "±95%", "sent. macro F1", "false-edit rate", "top-1", "sent./s"):
        table.add_column(column, justify="left" if column == "system" else "right")
    for r in results:
        table.add_row(*_detect_cells(r))
    notes = []
    for row in published().get("detect", []):
        if row["dataset"] != first.dataset:
            continue
        table.add_row(
            f"[dim]{row['system']} (published)[/]",
            *(f"[dim]{_num(row.get(k))}[/]" for k in ("word_precision", "word_recall", "word_f1")),
            "[dim]—[/]",
            f"[dim]{_num(row.get('sentence_macro_f1'))}[/]",
            "[dim]—[/]",
            f"[dim]{_num(row.get('top1'))}[/]",
            "[dim]—[/]",
        )
        notes.append(f"published: {row['source']}; {row['scope']}")
    notes += caveats(first.dataset, first.split)
    table.caption = "\n".join(notes) or None
    table.caption_justify = "left"
    return table


def clean_table(results: Sequence[CleanResult]) -> Table:
    first = results[0]
    table = Table(title=f"Article extraction — {first.split} ({first.pages} pages)", title_justify="left")
    for column in ("system", "input", "P", "R", "F1", "±95%", "pages/s", "failures"):
        table.add_column(column, justify="left" if column in ("system", "input") else "right")
    for r in results:
        table.add_row(
            r.system,
            r.input,
            _num(r.prf.precision),
            _num(r.prf.recall),
            _num(r.prf.f1),
            _num(r.f1_ci),
            _rate(r.pages_per_s),
            str(r.failures),
        )
    notes = []
    for row in published().get("clean", []):
        table.add_row(
            f"[dim]{row['system']} (published)[/]",
            "[dim]html[/]",
            *(f"[dim]{_num(row.get(k))}[/]" for k in ("precision", "recall", "f1")),
            "[dim]—[/]",
            "[dim]—[/]",
            "",
        )
        notes.append(f"published: {row['system']}: {row['source']}; {row['scope']}")
    table.caption = (
        "\n".join(notes)
        + "\nMeasure: the benchmark's evaluate.py (4-word shingles, page-averaged P and R); ±95%: bootstrap over pages."
    )
    table.caption_justify = "left"
    return table


def errors_table(system: str, dataset: str, errors: dict[str, list[tuple[str, int]]]) -> Table:
    table = Table(title=f"{system} on {DATASET_TITLES.get(dataset, dataset)}: most frequent word errors", title_justify="left")
    table.add_column("false positive (flagged, not gold)")
    table.add_column("n", justify="right")
    table.add_column("false negative (gold, missed)")
    table.add_column("n", justify="right")
    fps, fns = errors["false_positives"], errors["false_negatives"]
    for i in range(max(len(fps), len(fns))):
        fp = fps[i] if i < len(fps) else ("", "")
        fn = fns[i] if i < len(fns) else ("", "")
        table.add_row(fp[0], str(fp[1]), fn[0], str(fn[1]))
    return table


def _md(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def as_markdown(detect: Sequence[DetectResult] = (), clean: Sequence[CleanResult] = (), split: str | None = None) -> str:
    """The same tables in Markdown, for docs generated by a command (docs/BENCHMARKS.md)."""
    parts = []
    datasets = list(dict.fromkeys(r.dataset for r in detect))
    for dataset in datasets:
        results = [r for r in detect if r.dataset == dataset]
        rows = [_detect_cells(r) for r in results]
        sources = []
        for row in published().get("detect", []):
            if row["dataset"] == dataset:
                rows.append(
                    [
                        f"*{row['system']} (published)*",
                        *(_num(row.get(k)) for k in ("word_precision", "word_recall", "word_f1")),
                        "—",
                        _num(row.get("sentence_macro_f1")),
                        "—",
                        _num(row.get("top1")),
                        "—",
                    ]
                )
                sources.append(f"Published: {row['source']}; {row['scope']}.")
        header = ["system", "word P", "word R", "word F1", "±95%", "sent. macro F1", "false-edit rate", "top-1", "sent./s"]
        notes = " ".join(sources + caveats(dataset, results[0].split))
        parts.append(
            f"### {DATASET_TITLES.get(dataset, dataset)} — {split} ({results[0].sentences} sentences)\n\n{_md(header, rows)}\n\n{notes}"
        )
    if clean:
        rows = [
            [r.system, r.input, _num(r.prf.precision), _num(r.prf.recall), _num(r.prf.f1), _num(r.f1_ci), _rate(r.pages_per_s)]
            for r in clean
        ]
        for row in published().get("clean", []):
            rows.append(
                [f"*{row['system']} (published)*", "html", *(_num(row.get(k)) for k in ("precision", "recall", "f1")), "—", "—"]
            )
        header = ["system", "input", "P", "R", "F1", "±95%", "pages/s"]
        parts.append(
            f"### Article extraction — {split} ({clean[0].pages} pages)\n\n{_md(header, rows)}\n\n"
            "Measure: scrapinghub/article-extraction-benchmark evaluate.py. Published rows: that benchmark's README, all 181 pages."
        )
    parts.append(reliability_markdown(detect))
    if split == "test":
        parts.append(targets_markdown(detect, clean))
    return "\n\n".join(p.strip() for p in parts if p.strip()) + "\n"


def reliability_markdown(detect: Sequence[DetectResult]) -> str:
    """Stated confidence against how often such edits hit a marked word, for each system that
    states one (unspin): the check that the ledger's "how sure" can be taken at its word."""
    rated = [r for r in detect if r.reliability and r.dataset != "wnc_sample"]  # WNC marks one word per sentence
    if not rated:
        return ""
    rows = []
    for r in rated:
        for b in r.reliability.bins:
            rows.append(
                [
                    DATASET_TITLES.get(r.dataset, r.dataset),
                    r.system,
                    f"{b.low:.1f}–{b.high:.1f}",
                    str(b.count),
                    _num(b.mean_confidence),
                    _num(b.hit_rate),
                ]
            )
        rows.append(
            [
                DATASET_TITLES.get(r.dataset, r.dataset),
                r.system,
                "**all (ECE)**",
                str(r.reliability.edits),
                "",
                f"**{_num(r.reliability.expected_calibration_error)}**",
            ]
        )
    return (
        "### Does the ledger's confidence hold?\n\n"
        "Each cut or rewrite the ledger records carries a confidence. Binned by it: how many edits, their mean stated "
        "confidence, and the share that covered a word the annotators marked. ECE = expected calibration error, the "
        "edit-weighted mean gap between the two.\n\n"
        + _md(["set", "system", "confidence", "edits", "mean confidence", "share right"], rows)
    )


def _measured(result, measure: str) -> float | None:
    if measure == "word_f1":
        return result.word.f1
    if measure == "f1":
        return result.prf.f1
    if measure == "ece":
        return result.reliability.expected_calibration_error if result.reliability else None
    return getattr(result, measure)


def targets_markdown(detect: Sequence[DetectResult], clean: Sequence[CleanResult]) -> str:
    """The issue's targets beside our rows: met or missed, and by how much (the pipeline's speed
    target is in the bench section). Empty when the runs do not cover any target."""
    rows = []
    for target in published().get("target", []):
        if target["dataset"] == "extraction":
            found = [r for r in clean if r.system == target["system"]]
        else:
            found = [r for r in detect if r.dataset == target["dataset"] and r.system == target.get("system", r.system)]
            found = [r for r in found if r.system in ("unspin", "unspin (thorough)")]
        for result in found:
            value = _measured(result, target["measure"])
            if value is None:
                continue
            gap = value - target["goal"]
            met = gap <= 0 if target.get("at_most") else gap >= 0
            sign = "≤" if target.get("at_most") else "≥"
            rows.append(
                [
                    target["name"],
                    result.system,
                    f"{sign} {target['goal']:.2f}",
                    _num(value),
                    "met" if met else f"missed by {abs(gap):.3f}",
                ]
            )
    if not rows:
        return ""
    return "### Targets\n\n" + _md(["target", "system", "goal", "measured", "verdict"], rows)


def as_json(
    detect: Sequence[DetectResult] = (),
    clean: Sequence[CleanResult] = (),
    errors: dict | None = None,
    split: str | None = None,
    ptc: Sequence[ArticleResult] = (),
    density: Sequence[DensityResult] = (),
) -> dict:
    body: dict = {"split": split, "detect": [r.as_dict() for r in detect], "clean": [r.as_dict() for r in clean]}
    if ptc:
        body["ptc"] = [r.as_dict() for r in ptc]
    if density:
        body["density"] = [r.as_dict(with_articles=r.set == "seeds") for r in density]
    body["published"] = published()
    if errors:
        body["errors"] = errors
    return body


# --- whole articles (PTC) ----------------------------------------------------------------

PTC_HEADER = (
    "system",
    "recall",
    "±95%",
    "edits/100w",
    "p50",
    "p10–p90",
    "flags/100w",
    "edits on spans",
    "flags on spans",
    "edits in quoted spans",
    "edits in quotations",
    "art./s",
)


def _share(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


def ptc_row(r: ArticleResult) -> list[str]:
    s = r.edits_spread
    return [
        r.system,
        _num(r.recall),
        _num(r.recall_ci),
        _num(r.edits_per_100, 2),
        _num(s.median, 2),
        f"{_num(s.p10, 2)}–{_num(s.p90, 2)}",
        _num(r.flags_per_100, 2),
        _share(r.edit_on_span_share),
        _share(r.flag_on_span_share),
        str(r.edits_on_quoted_spans),
        str(r.edits_in_quotations),
        _rate(r.articles_per_s),
    ]


def ptc_title(results: Sequence[ArticleResult]) -> str:
    first = results[0]
    return f"Loaded language in whole articles (PTC) — {first.split} ({first.articles} articles, {first.words:,} words, {first.targets} loaded spans outside quotations)"


PTC_NOTES = (
    "Recall: PTC's Loaded_Language, Name_Calling and Exaggeration spans outside quotations (one per range), found when a cut, "
    "modify or flag overlaps one by a character. Edits = cut + modify (the text changes), flags = marked and kept; per 100 "
    "`\\w+` words over the whole set, with the median (p50) and p10–p90 over articles. On spans: share overlapping any annotated span "
    "(all 14 techniques). In quoted spans: edits touching a span PTC's converter marks as quoted; in quotations: edits touching "
    "unspin's own quotation ranges (`unspin.edit.protect`). Word lists: BABE + MBIC dev `biased_words`, every whole-word occurrence; the second keeps "
    "the entries marked in at least half the dev sentences holding them. PTC marks propaganda techniques, not what an editor "
    "should cut: its spans are phrases, and it leaves many loaded words unmarked, so the share on spans understates precision."
)


def _spread_table(title: str, header: Sequence[str], rows: Sequence[Sequence[str]], notes: str) -> Table:
    """A rich table whose first column names the row and whose others are right-aligned figures."""
    table = Table(title=title, title_justify="left")
    for column in header:
        table.add_column(column, justify="left" if column == header[0] else "right", no_wrap=column in (header[0], "p10–p90"))
    for row in rows:
        table.add_row(*row)
    table.caption, table.caption_justify = notes, "left"
    return table


def ptc_table(results: Sequence[ArticleResult]) -> Table:
    return _spread_table(ptc_title(results), PTC_HEADER, [ptc_row(r) for r in results], PTC_NOTES)


def ptc_markdown(results: Sequence[ArticleResult]) -> str:
    if not results:
        return ""
    return f"### {ptc_title(results)}\n\n{_md(PTC_HEADER, [ptc_row(r) for r in results])}\n\n{PTC_NOTES}\n"


# --- text edits per 100 words on news articles (seeds, extraction pages) -----------------

DENSITY_HEADER = ("set", "articles", "words", "edits/100w p50", "p10–p90", "within 1–4", "flags/100w (mean)", "failures")
SEED_HEADER = ("seed", "words", "edits", "edits/100w", "flags", "flags/100w")


def density_title(results: Sequence[DensityResult]) -> str:
    strength = results[0].strength if results else "standard"
    return f"Text edits per 100 words on news articles (whole pipeline, --strength {strength})"


def density_row(r: DensityResult) -> list[str]:
    s = r.edits_spread
    return [
        r.set,
        str(r.articles),
        f"{r.words:,}",
        _num(s.median, 2),
        f"{_num(s.p10, 2)}–{_num(s.p90, 2)}",
        _share(r.within_band),
        _num(r.flags_per_100_mean, 2),
        str(len(r.failures)),
    ]


def seed_rows(results: Sequence[DensityResult]) -> list[list[str]]:
    return [
        [a.name, str(a.words), str(a.edits), _num(a.edits_per_100, 2), str(a.flags), _num(a.flags_per_100, 2)]
        for r in results
        if r.set == "seeds"
        for a in r.per_article
    ]


DENSITY_NOTES = (
    "Target: text edits (cut + modify; the a/an agreement fixes that follow a cut are not counted) between 1 and 4 per 100 "
    "words of a news article. Words: `\\w+` tokens of the article once the boilerplate edits are applied (the clean stage's "
    "text, before any loaded-language edit). p50 and p10–p90: over articles; within 1–4: share of articles whose rate lies "
    "in [1, 4]; flags (words kept and marked) per 100 words, the mean over articles. Seeds: the `*.txt` scraped articles in "
    "../shared/seeds, read as `unspin neutralize FILE` reads them; extraction: the benchmark's HTML pages of that split. "
    "Failures: pages the pipeline refused (no article text left after cleaning)."
)


def density_table(results: Sequence[DensityResult]) -> list[Table]:
    table = _spread_table(density_title(results), DENSITY_HEADER, [density_row(r) for r in results], DENSITY_NOTES)
    seeds = Table(title="Per seed", title_justify="left")
    for column in SEED_HEADER:
        seeds.add_column(column, justify="left" if column == "seed" else "right", no_wrap=column == "seed")
    for row in seed_rows(results):
        seeds.add_row(*row)
    return [table, seeds]


def density_markdown(results: Sequence[DensityResult]) -> str:
    if not results:
        return ""
    parts = [f"### {density_title(results)}\n\n{_md(DENSITY_HEADER, [density_row(r) for r in results])}\n\n{DENSITY_NOTES}"]
    rows = seed_rows(results)
    if rows:
        parts.append(f"#### Per seed\n\n{_md(SEED_HEADER, rows)}")
    failures = [f for r in results for f in r.failures]
    if failures:
        parts.append("Refused: " + "; ".join(failures) + ".")
    return "\n\n".join(parts) + "\n"
