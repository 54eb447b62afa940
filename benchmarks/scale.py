"""The pipeline on a Dask cluster against one process, and stories in shards against the stream: `make bench-scale`.

Throughput: `--articles` articles (20,000 by default) generated from the shipped samples as
`benchmarks/pipeline.py` makes them (a sample's body reshuffled and padded with paragraphs of the
other samples; no news text is copied), written to one JSONL file, then neutralized into Parquet
twice in the same run on the same machine: by the single-process path (`write_dataset`, engine
local, models loaded first) and by a LocalCluster of `--workers` single-threaded worker processes
(started and warmed first; the start is reported apart). Reported: articles/s of each and their
ratio, each worker's peak RSS (`ru_maxrss`, read in the worker), and the scheduler overhead per
article — the cluster's wall time beyond its workers' compute time (Dask's task stream) spread over
the workers, per article.

Stories (`--stories`): the AllSides test split (../shared/data/stories; reporting only, nothing is
tuned here) grouped (a) by the single-process stream, profiles made in this process, and (b) on the
cluster: profiles made by the workers into Parquet and grouped in date-window shards
(unspin/engine/grouping.py). The split has no dates, so (b) is one shard, and the check fails when
its B-cubed F1 is more than 0.005 from (a)'s. Then the same profiles with synthetic dates (each
event a seeded random day of a year, or of a month, its articles up to two days after it) through
the stream and through 7-day shards, both in this process: how much sharding itself costs.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sys
import tempfile
import time
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

from pipeline import build_corpus  # noqa: E402  (this folder, on sys.path when run as a script)

from unspin.docsections import write_section  # noqa: E402
from unspin.ingest import METADATA_FIELDS, Article  # noqa: E402
from unspin.pipeline import Options  # noqa: E402

TOLERANCE = 0.005  # B-cubed F1 the sharded grouping may lose against the single stream (issue 14)
SYNTHETIC_SPANS = (365, 30)  # days the synthetic dates spread over: a sparse year, a dense month
MIN_WORDS = 600  # news length, as `make bench` measures
HOUR = 3600


def write_corpus(articles: list[Article], path: Path) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for article in articles:
            body = {"html": article.html} if article.html is not None else {"text": article.text}
            record = {**body, **{name: getattr(article, name) for name in METADATA_FIELDS if getattr(article, name)}}
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_seconds() -> float:
    """CPU time this process has used: on a shared machine, the work done, whatever share of a core it got."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def single_process(corpus: Path, out: Path, options: Options, partition_size: int) -> dict:
    from unspin.engine import write_dataset
    from unspin.engine.work import warm_up

    warm_up(options)
    started, cpu = time.perf_counter(), cpu_seconds()
    summary = write_dataset([str(corpus)], out, options, engine="local", partition_size=partition_size)
    seconds = time.perf_counter() - started
    return {"articles": summary.articles, "errors": summary.errors, "seconds": seconds, "cpu": cpu_seconds() - cpu,
            "rss_mib": peak_rss_mib()}  # fmt: skip


def on_cluster(client, corpus: Path, out: Path, options: Options, partition_size: int, workers: int) -> dict:  # type: ignore[no-untyped-def]
    from distributed import get_task_stream

    from unspin.engine import write_dataset

    cpu = client.run(cpu_seconds)
    with get_task_stream(client) as stream:
        started = time.perf_counter()
        summary = write_dataset(
            [str(corpus)], out, options, engine="dask", scheduler=client.scheduler.address, partition_size=partition_size
        )
        seconds = time.perf_counter() - started
    compute = sum(
        span["stop"] - span["start"]
        for task in stream.data
        if task["key"].startswith("unspin-partition-")
        for span in task["startstops"]
        if span["action"] == "compute"
    )
    rss = client.run(peak_rss_mib)
    cpu_after = client.run(cpu_seconds)
    return {
        "cpu": sum(cpu_after[worker] - cpu.get(worker, 0.0) for worker in cpu_after),
        "articles": summary.articles,
        "errors": summary.errors,
        "seconds": seconds,
        "compute": compute,
        "overhead_ms": 1000 * (seconds - compute / workers) / max(summary.articles, 1),
        "worker_rss_mib": sorted(rss.values()),
    }


def throughput(size: int, workers: int, partition_size: int) -> dict:
    from unspin.engine.cluster import WarmModels, connect

    options = Options()
    load = [os.getloadavg()[0]]  # other work on the machine: shown beside the figures
    with tempfile.TemporaryDirectory(prefix="unspin-scale-") as folder:
        corpus = Path(folder) / "corpus.jsonl"
        write_corpus(build_corpus(size, MIN_WORDS), corpus)
        local = single_process(corpus, Path(folder) / "local", options, partition_size)
        print(f"single process: {local['articles'] / local['seconds']:.1f} articles/s", file=sys.stderr)
        started = time.perf_counter()
        with connect(None, workers) as client:
            client.register_plugin(WarmModels(options))  # every worker loads the models before the clock starts
            startup = time.perf_counter() - started
            cluster = on_cluster(client, corpus, Path(folder) / "dask", options, partition_size, workers)
    print(f"{workers} workers: {cluster['articles'] / cluster['seconds']:.1f} articles/s", file=sys.stderr)
    load.append(os.getloadavg()[0])
    return {"size": size, "workers": workers, "partition_size": partition_size, "local": local, "cluster": cluster,
            "startup": startup, "cores": os.cpu_count(), "load": load}  # fmt: skip


def stories_check(workers: int, limit: int | None, split: str = "test") -> dict:
    """B-cubed F1 of the stream and of the sharded cluster path on an AllSides split (test: see the module)."""
    from unspin.engine.cluster import connect
    from unspin.engine.grouping import group_profiles
    from unspin.engine.profiles import write_profiles
    from unspin.engine.shards import group_in_shards, group_shard
    from unspin.stories.dataset import drafts, load_split
    from unspin.stories.metrics import bcubed
    from unspin.stories.profile import profiles

    records = load_split(split)[:limit]
    gold = {r.id: r.story for r in records}
    inputs = drafts(records)
    items = list(enumerate(profiles(inputs)))  # the single-process stream's profiles, made here

    def f1(labels: dict[str, int]) -> float:
        keys = list(gold)
        return bcubed([labels[k] for k in keys], [gold[k] for k in keys]).f1

    stream = f1({key: story for key, story, _ in group_shard(items)})
    chunks = [list(range(start, min(start + 200, len(records)))) for start in range(0, len(records), 200)]
    with tempfile.TemporaryDirectory(prefix="unspin-stories-") as folder, connect(None, workers) as client:
        targets = [str(Path(folder) / f"part-{n:05d}.parquet") for n in range(len(chunks))]
        parts = [[inputs[i] for i in chunk] for chunk in chunks]
        ranges = client.gather(client.map(write_profiles, parts, chunks, targets))  # profiles made by the workers
        labelled, windows, largest = group_profiles(client, targets, ranges)
        rss = max(client.run(peak_rss_mib).values())  # spaCy, the embedding model and a shard's index
    cluster = f1({key: story for key, story, _ in labelled})
    found = {"split": split, "articles": len(records), "events": len(set(gold.values())), "stream": stream, "cluster": cluster,
             "shards": len(windows), "largest": largest, "rss": rss, "dated": []}  # fmt: skip
    for span in SYNTHETIC_SPANS:
        dated = synthetic_dates(items, gold, span)
        labels, dated_windows = group_in_shards(dated, days=7)
        found["dated"].append(
            {
                "span": span,
                "stream": f1({key: story for key, story, _ in group_shard(dated)}),
                "sharded": f1(labels),
                "shards": len(dated_windows),
                "largest": max(sum(w.holds(p.published) for _, p in dated) for w in dated_windows),
            }
        )
    return found


def synthetic_dates(items: list, gold: dict[str, str], span: int) -> list:
    """The profiles dated: each event a seeded random day of `span` days, its articles up to two days after it."""
    rng = random.Random(20241124)
    start = date(2024, 1, 1)
    event_day = {story: start + timedelta(days=rng.randrange(span)) for story in sorted(set(gold.values()))}
    return [(n, replace(p, published=event_day[gold[p.key]] + timedelta(days=rng.randrange(3)))) for n, p in items]


def as_markdown(figures: dict) -> str:
    local, cluster, workers = figures["local"], figures["cluster"], figures["workers"]
    local_rate, cluster_rate = local["articles"] / local["seconds"], cluster["articles"] / cluster["seconds"]
    per_core = cluster_rate / workers
    per_cpu = cluster["articles"] / cluster["cpu"] if cluster["cpu"] else 0.0
    rss = ", ".join(f"{value:,.0f}" for value in cluster["worker_rss_mib"])
    lines = [
        f"{figures['size']:,} articles generated from `unspin/samples` (about {MIN_WORDS} words each), one JSONL file, "
        f"{figures['partition_size']} articles per partition, `--strength standard`, into Parquet; "
        f"machine: {figures['cores']} cores, load average (1 min) {figures['load'][0]:.1f} at the start and "
        f"{figures['load'][1]:.1f} at the end. {figures.get('note', '')}".rstrip(),
        "",
        "| path | articles/s | seconds | CPU seconds | articles per CPU second | peak RSS (MiB) |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
        f"| single process (`--engine local`) | {local_rate:,.1f} | {local['seconds']:,.1f} | {local['cpu']:,.1f} | "
        f"{local['articles'] / local['cpu']:,.1f} | {local['rss_mib']:,.0f} |",
        f"| LocalCluster, {workers} workers (`--engine dask`) | {cluster_rate:,.1f} | {cluster['seconds']:,.1f} | "
        f"{cluster['cpu']:,.1f} (workers) | {per_cpu:,.1f} | {rss} (per worker) |",
        "",
        f"- Throughput ratio: **{cluster_rate / local_rate:.2f}×** (target ≥ 1.8); per core on the cluster "
        f"{per_core:,.1f} articles/s.",
        f"- Peak RSS per worker: **{max(cluster['worker_rss_mib']):,.0f} MiB** at most (target ≤ 700 MiB).",
        f"- Scheduler overhead: **{cluster['overhead_ms']:.2f} ms per article** (wall time beyond the workers' compute "
        f"time, {cluster['compute']:,.1f} s over {workers} workers); cluster start with models warmed: "
        f"{figures['startup']:.1f} s, not counted above.",
        f"- Workers (one core each) for 1,000,000 articles an hour: **{1_000_000 / HOUR / per_core:,.0f}** at the "
        f"cluster's per-core wall-clock rate, **{1_000_000 / HOUR / per_cpu:,.0f}** at its rate per CPU second "
        "(what a core of this kind does when it is not shared).",
    ]
    if errors := local["errors"] + cluster["errors"]:
        lines.append(f"- Inputs that failed: {errors}.")
    return "\n".join(lines) + "\n"


def stories_markdown(found: dict) -> str:
    lines = [
        f"AllSides {found['split']} split (`../shared/data/stories`): {found['articles']} articles, "
        f"{found['events']} events, B-cubed F1.",
        "",
        "| grouping | B³ F1 | shards (largest) | difference |",
        "| --- | ---: | --- | ---: |",
        f"| single-process stream | {found['stream']:.4f} | — | |",
        f"| cluster: profiles on the workers, date-window shards | {found['cluster']:.4f} | "
        f"{found['shards']} ({found['largest']}): no dates, one shard | **{found['cluster'] - found['stream']:+.4f}** |",
    ]
    for run in found["dated"]:
        per_day = found["articles"] / run["span"]
        lines += [
            f"| synthetic dates over {run['span']} days ({per_day:.0f} articles a day), single-process stream | "
            f"{run['stream']:.4f} | — | |",
            f"| the same, 7-day shards, 3-day overlap | {run['sharded']:.4f} | {run['shards']} ({run['largest']}) | "
            f"{run['sharded'] - run['stream']:+.4f} |",
        ]
    lines += [
        "",
        f"Peak RSS of a worker that profiled and grouped: {found['rss']:,.0f} MiB. "
        f"Tolerance {TOLERANCE} on the data as it is. Synthetic dates: each event a seeded random day of the span, its "
        "articles up to two days after it (the shards then cut real events apart and must stitch them).",
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20_000, help="articles to generate (a quick run: 500)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--partition-size", type=int, default=500)
    parser.add_argument("--stories", action="store_true", help="also check sharded grouping on the AllSides test split")
    parser.add_argument("--stories-only", action="store_true", help="only the stories check (no throughput run)")
    parser.add_argument("--stories-limit", type=int, default=None, help="only the first N records (a quick run)")
    parser.add_argument("--split", default="test", choices=("dev", "test"), help="dev while developing; test to report")
    parser.add_argument("--note", default="", help="a sentence about the machine, printed with the figures")
    parser.add_argument("--write", type=Path, nargs="*", default=[], help="files to write the generated sections into")
    args = parser.parse_args()
    if not args.stories_only:
        figures = throughput(args.articles, args.workers, args.partition_size)
        figures["note"] = args.note
        section = as_markdown(figures)
        sys.stdout.write(section)
        for path in args.write:
            write_section(path, "bench:scale", section, "Scaling: one process against a Dask LocalCluster (make bench-scale)")
    if not (args.stories or args.stories_only):
        return
    found = stories_check(args.workers, args.stories_limit, args.split)
    text = stories_markdown(found)
    sys.stdout.write("\n" + text)
    for path in args.write:
        write_section(path, "bench:scale-stories", text, "Stories in date-window shards against the single stream")
    if abs(found["cluster"] - found["stream"]) > TOLERANCE:
        sys.exit(f"the cluster's grouping is {found['cluster'] - found['stream']:+.4f} B-cubed F1 from the stream's")


if __name__ == "__main__":
    main()
