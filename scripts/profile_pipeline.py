"""Where does the pipeline's time go on real articles? A profiling script, not a test.

    nice -n 19 .venv/bin/python scripts/profile_pipeline.py [--input html|dump|ptc] [--limit 90] [--top 30]

Runs `neutralize` (default options) over the extraction **dev** pages as HTML, or the same pages as
text dumps, or the PTC dev articles, on one pinned core with the models warmed up, first without a
profiler (articles/s by wall and CPU time), then under cProfile: the inclusive time of each stage's
entry point (`STAGES`) and the functions with the most time of their own. Dev splits only: this is
for finding work to save, and the test pages are what `make bench` reports.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
import time
from pathlib import Path

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from unspin.eval.datasets import load_extraction, load_ptc  # noqa: E402
from unspin.eval.dumps import text_dump  # noqa: E402
from unspin.ingest import Article  # noqa: E402
from unspin.pipeline import Options, neutralize  # noqa: E402

# (file suffix, function name) of each stage's entry point, in pipeline order; nested ones are part of the one above.
STAGES = [
    ("clean/article.py", "clean_article"),
    ("clean/html.py", "extract_html"),
    ("clean/dump.py", "find_boilerplate"),
    ("clean/dump.py", "first_kept_headline"),
    ("ingest/outlet.py", "identify_outlet"),
    ("edit/protect.py", "quotation_ranges"),
    ("detect/detector.py", "detect"),
    ("detect/scan.py", "find_candidates"),
    ("detect/cascade.py", "scores"),
    ("detect/model.py", "_scores"),
    ("detect/encoder.py", "logits_many"),
    ("detect/detector.py", "_tag"),
    ("detect/rules.py", "decide"),
    ("detect/assemble.py", "to_spans"),
    ("edit/policy.py", "plan_edits"),
    ("edit/grammar.py", "agree_articles"),
    ("edit/ledger.py", "check_edits"),
    ("edit/ledger.py", "apply_edits"),
    ("unspin/report.py", "neutral_title"),
]


def articles(kind: str, limit: int) -> list[Article]:
    if kind == "ptc":
        return [Article(source=f"ptc/{a.id}.txt", text=a.text) for a in load_ptc("dev")[:limit]]
    pages = load_extraction("dev")[:limit]
    if kind == "html":
        return [Article(source=f"{p.id[:12]}.html", html=p.html(), url=p.url or None) for p in pages]
    return [Article(source=f"{p.id[:12]}.txt", text=text_dump(p.html())) for p in pages]


def run_all(items: list[Article]) -> None:
    for article in items:
        try:
            neutralize(article, Options())
        except ValueError:
            pass


def stage_table(stats: pstats.Stats, total: float, count: int) -> None:
    entries = stats.stats  # type: ignore[attr-defined]  # {(file, line, name): (cc, nc, tt, ct, callers)}
    print(f"{'stage':40} {'ms/article':>10} {'share':>6}")
    for suffix, name in STAGES:
        cumulative = sum(v[3] for (file, _, func), v in entries.items() if func == name and file.endswith(suffix))
        print(f"{suffix + ':' + name:40} {1000 * cumulative / count:10.2f} {100 * cumulative / total:5.1f}%")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--input", choices=["html", "dump", "ptc"], default="html")
    parser.add_argument("--limit", type=int, default=90)
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--sort", default="tottime", help="pstats sort key for the function list")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    items = articles(args.input, args.limit)
    run_all(items[:3])  # models, trafilatura, the dump classifier
    wall, cpu = time.perf_counter(), time.process_time()
    run_all(items)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(f"{len(items)} {args.input} articles: {len(items) / wall:.1f}/s wall, {len(items) / cpu:.1f}/s CPU, no profiler")
    profiler = cProfile.Profile(time.process_time)  # CPU time: the machine is shared, wall time would count waits
    profiler.enable()
    run_all(items)
    profiler.disable()
    stats = pstats.Stats(profiler)
    total = stats.total_tt  # type: ignore[attr-defined]
    print(f"under cProfile: {1000 * total / len(items):.1f} ms CPU/article")
    stage_table(stats, total, len(items))
    stats.sort_stats(args.sort).print_stats(args.top)


if __name__ == "__main__":
    main()
