"""Real articles for `make bench`, beside the generated corpus, which flatters the pipeline.

The generated corpus is the shipped samples reshuffled: clean paragraphs and
little markup. The issue's speed target is about real articles, so this module
loads three real inputs from ../shared/data (the extraction benchmark's test
pages as HTML, the same pages as scraper-style text dumps, the PTC test
articles as text), times trafilatura alone on the same HTML (what extraction
costs before unspin adds anything), measures model load in a fresh process
(an in-process figure would hide imports already done), and formats the
section. `pipeline.py` times the pipeline itself.

Nothing here imports spaCy or the models, so the helpers are cheap to test.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from unspin.eval.baselines.extractors import trafilatura_plain
from unspin.eval.datasets import load_extraction, load_ptc
from unspin.eval.dumps import text_dump
from unspin.ingest import Article

T = TypeVar("T")
R = TypeVar("R")

TARGET_ARTICLES_PER_SECOND = 30.0
TARGET_LOAD_SECONDS = 3.0
TARGET_PEAK_RSS_MIB = 600.0

HTML, DUMP, PTC = "extraction test pages, HTML", "same pages as text dumps", "PTC test articles, text"


@dataclass(frozen=True)
class RealSet:
    """One kind of real input: its articles, and whether trafilatura alone is timed on them."""

    name: str
    articles: list[Article]
    html: bool


def real_sets(root: str | Path | None = None) -> list[RealSet]:
    """The three real inputs; raises unspin.eval.datasets.DataError when ../shared/data is absent."""
    pages = load_extraction("test", root)
    htmls = [(page, page.html()) for page in pages]
    ptc = load_ptc("test", root)
    return [
        RealSet(HTML, [Article(source=f"extraction/{p.id[:12]}.html", html=h, url=p.url or None) for p, h in htmls], True),
        RealSet(DUMP, [Article(source=f"extraction/{p.id[:12]}.txt", text=text_dump(h)) for p, h in htmls], False),
        RealSet(PTC, [Article(source=f"ptc/{a.id}.txt", text=a.text) for a in ptc], False),
    ]


@dataclass(frozen=True)
class Timing:
    """Seconds of one call per article, wall-clock and CPU; rates are per article over the summed time.

    The CPU time leaves out the time the process waited for its core, so on a machine shared with other
    jobs a gap between the two rates shows that wait. It does not remove every effect of other jobs: one
    on the other core (sharing caches, or the same physical core) slows both figures alike.
    """

    seconds: tuple[float, ...]
    cpu_seconds: tuple[float, ...] = ()

    @property
    def total(self) -> float:
        return sum(self.seconds)

    @property
    def per_second(self) -> float:
        return len(self.seconds) / self.total if self.total > 0 else math.inf

    @property
    def cpu_per_second(self) -> float:
        cpu = sum(self.cpu_seconds)
        return len(self.cpu_seconds) / cpu if cpu > 0 else math.inf

    @property
    def p50_ms(self) -> float:
        return 1000 * percentile(self.seconds, 50)

    @property
    def p95_ms(self) -> float:
        return 1000 * percentile(self.seconds, 95)


def timed(run: Callable[[T], R], items: Sequence[T]) -> tuple[list[R], Timing]:
    """Call `run` on each item, timing each call alone (so p95 is per article, not per batch)."""
    results: list[R] = []
    wall: list[float] = []
    cpu: list[float] = []
    for item in items:
        tick, cpu_tick = time.perf_counter(), time.process_time()
        results.append(run(item))
        wall.append(time.perf_counter() - tick)
        cpu.append(time.process_time() - cpu_tick)
    return results, Timing(tuple(wall), tuple(cpu))


def trafilatura_timing(articles: Sequence[Article]) -> Timing:
    """trafilatura alone on the same pages, called as the extraction harness calls it; one warm-up call first."""
    if articles:
        trafilatura_plain(articles[0].html or "", articles[0].url)
    return timed(lambda a: trafilatura_plain(a.html or "", a.url), articles)[1]


LOAD_PROBE = """
import json, resource, sys, time
started, cpu_started = time.perf_counter(), time.process_time()
from unspin.ingest import Article
from unspin.pipeline import neutralize
neutralize(Article(source="probe.txt", text=sys.stdin.read()))
print(json.dumps({"seconds": time.perf_counter() - started, "cpu_seconds": time.process_time() - cpu_started,
                  "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def fresh_load(text: str, runs: int = 3) -> tuple[Timing, float]:
    """Import + spaCy + scorers + the first article, each run in a new process (which inherits the core pin),
    and the largest peak RSS those processes reached: what the models alone cost in memory.

    A fresh process, because in this one the imports may already be done; several runs, because the
    first can pay for a cold file cache.
    """
    wall, cpu, rss = [], [], []
    for _ in range(runs):
        done = subprocess.run([sys.executable, "-c", LOAD_PROBE], input=text, capture_output=True, text=True, check=True)
        figures = json.loads(done.stdout.strip().splitlines()[-1])
        wall.append(float(figures["seconds"]))
        cpu.append(float(figures["cpu_seconds"]))
        rss.append(float(figures["peak_rss_mib"]))
    return Timing(tuple(wall), tuple(cpu)), max(rss)


@dataclass(frozen=True)
class Memory:
    """Peak RSS of the benchmark process, judged against the target because it is the larger figure, with
    what explains it: the real inputs this process holds (not part of unspin) and a fresh process's peak
    after its first article (the models alone)."""

    peak_mib: float
    inputs_mib: float
    fresh_mib: float


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile, interpolated between closest ranks (numpy's default), so p50 is the median."""
    if not values:
        raise ValueError("percentile of no values")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def verdict(value: float, goal: float, at_least: bool) -> str:
    """'met' or 'missed', so a target's fate is computed, never typed."""
    return "met" if (value >= goal if at_least else value <= goal) else "missed"


def markdown_table(header: Sequence[str], rows: Sequence[Sequence[str]], numeric: Sequence[bool]) -> str:
    """A Markdown table; `numeric` columns are right-aligned."""
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join("---:" if n else "---" for n in numeric) + " |"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


@dataclass(frozen=True)
class SetFigures:
    """What one real input measured: the pipeline per article, and trafilatura alone for HTML."""

    name: str
    pipeline: Timing
    mean_words: float  # words the pipeline read: the extracted text for HTML, the whole dump for dumps
    edits_per_article: float
    routed_share: float
    failures: int
    trafilatura: Timing | None = None


def speed_row(figures: SetFigures) -> list[str]:
    pipeline, extraction = figures.pipeline, figures.trafilatura
    return [
        figures.name + (f" ({figures.failures} refused)" if figures.failures else ""),
        str(len(pipeline.seconds)),
        f"{figures.mean_words:,.0f}",
        f"**{pipeline.per_second:.1f}**",
        f"{pipeline.cpu_per_second:.1f}",
        f"{pipeline.p50_ms:.1f} / {pipeline.p95_ms:.1f}",
        f"{figures.edits_per_article:.1f}",
        f"{100 * figures.routed_share:.0f}%",
        f"{extraction.per_second:.1f}" if extraction else "—",
        f"{pipeline.total / extraction.total:.1f}×" if extraction else "—",
        verdict(pipeline.per_second, TARGET_ARTICLES_PER_SECOND, at_least=True),
    ]


def real_section(sets: Sequence[SetFigures], load: Timing, memory: Memory, load_averages: str) -> str:
    """The generated section: speed per real input, then the three targets with their verdicts."""
    speed = markdown_table(
        [
            "input",
            "articles",
            "mean words",
            "articles/s",
            "articles/s by CPU time",
            "p50 / p95 ms",
            "edits/article",
            "encoder reads",
            "trafilatura alone, pages/s",
            "pipeline ÷ trafilatura time",
            f"≥ {TARGET_ARTICLES_PER_SECOND:.0f} articles/s",
        ],
        [speed_row(s) for s in sets],
        [False, True, True, True, True, True, True, True, True, True, False],
    )
    slowest = min(sets, key=lambda s: s.pipeline.per_second)
    load_seconds = percentile(load.seconds, 50)
    targets = markdown_table(
        ["figure", "value", "target", "verdict"],
        [
            [
                f"articles per second, slowest real input ({slowest.name})",
                f"{slowest.pipeline.per_second:.1f}",
                f"≥ {TARGET_ARTICLES_PER_SECOND:.0f}",
                verdict(slowest.pipeline.per_second, TARGET_ARTICLES_PER_SECOND, True),
            ],
            [
                f"model load in a fresh process: import + spaCy + scorers + first article (median of {len(load.seconds)} "
                f"runs, {min(load.seconds):.2f}–{max(load.seconds):.2f} s; CPU time {percentile(load.cpu_seconds, 50):.2f} s)",
                f"{load_seconds:.2f} s",
                f"≤ {TARGET_LOAD_SECONDS:.0f} s",
                verdict(load_seconds, TARGET_LOAD_SECONDS, False),
            ],
            [
                f"peak memory (RSS) of the benchmark process, all real inputs run (of which the inputs it holds: "
                f"{memory.inputs_mib:.0f} MiB; a fresh process after its first article: {memory.fresh_mib:.0f} MiB)",
                f"{memory.peak_mib:.0f} MiB",
                f"≤ {TARGET_PEAK_RSS_MIB:.0f} MiB",
                verdict(memory.peak_mib, TARGET_PEAK_RSS_MIB, False),
            ],
        ],
        [False, True, True, False],
    )
    intro = (
        "Whole `neutralize` pipeline (default options: strength `standard`, cascade routing) on real articles from "
        "`../shared/data`, one core (process pinned to one CPU, BLAS and onnxruntime threads 1), models loaded once "
        "before timing. Inputs: the extraction benchmark's test pages as HTML (gzipped pages as served), the same "
        "pages as scraper-style text dumps (`unspin/eval/dumps.py`), the PTC test articles as text. Time per article "
        "is one `neutralize` call; trafilatura alone is `trafilatura.extract` on the same pages in the same run. "
        "Articles/s is wall-clock, and judges the target; by CPU time leaves out the time the process waited "
        "for its core. "
        f"Load average when the run started and ended: {load_averages} on {os.cpu_count()} cores "
        "(other jobs slow both figures: these are a snapshot of a shared machine). "
        "Produced by `make bench` (`benchmarks/pipeline.py --real`)."
    )
    return "\n\n".join([intro, speed, targets])
