"""Story grouping benchmark: B-cubed beside the baselines, and assignment time at 100,000 articles.

    python benchmarks/stories.py --write docs/BENCHMARKS.md [--articles 100000] [--splits dev test]

1. Scores `unspin eval stories` on each split (test is the one to report;
   dev is where thresholds were tuned) and renders the tables.
2. Fills a story index with `--articles` profiles — real train-split leads,
   each repeated with its embedding jittered, so the HNSW graph holds as many
   distinct points as a year of a busy feed — links each article
   to its neighbours as a stream would have, then times `StoryIndex.add` for
   real dev articles arriving one at a time. Embedding and entities are
   timed separately: they are the same for every index size.
3. Fills a SQLite store with as many articles (rows written in bulk, profiles in
   story_profiles) and times `Store.save` of real dev articles: the article, its
   report, the assignment and its story rows, one transaction each
   (`--store-only N` runs this part alone).
Figures go to docs/BENCHMARKS.md between <!-- bench:stories --> markers.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

import numpy as np

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

from unspin.docsections import write_section  # noqa: E402
from unspin.stories.dataset import drafts, lead_vectors, load_split  # noqa: E402
from unspin.stories.evaluate import as_markdown, evaluate  # noqa: E402
from unspin.stories.index import StoryIndex  # noqa: E402
from unspin.stories.profile import Profile, profiles  # noqa: E402


def jittered_profiles(size: int, seed: int = 20241124) -> list[Profile]:
    """`size` profiles: train leads, each repeated with its embedding jittered (distinct points for the graph)."""
    train = load_split("train", tuning=True)
    used = min(size, len(train))  # a small store needs only as many leads (spaCy reads each one)
    base = profiles(drafts(train[:used]), vectors=lead_vectors(train)[:used])
    rng = np.random.default_rng(seed)
    chosen = [base[i % len(base)] for i in range(size)]
    vectors = np.stack([p.vector for p in chosen]) + rng.normal(0, 0.03, (size, base[0].vector.shape[0])).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    return [
        Profile(**{**p.__dict__, "key": f"bench-{i}", "vector": v, "fingerprint": f"bench-{i}"})
        for i, (p, v) in enumerate(zip(chosen, vectors))
    ]


def filled_index(size: int, seed: int = 20241124) -> StoryIndex:
    """A story index holding `size` articles (train leads, jittered copies), in stories of three."""
    index = StoryIndex(vectors="hnsw")
    index.bulk_load(jittered_profiles(size, seed), [i // 3 for i in range(size)])
    return index


def time_assignment(size: int, probes: int = 200) -> dict:
    started = time.perf_counter()
    index = filled_index(size)
    built = time.perf_counter() - started
    dev = load_split("dev", tuning=True)[:probes]
    import torch

    from unspin.stories import embed, entities

    torch.set_num_threads(1)
    embed._memo.clear()  # time the model, not the in-process memo filled by the evaluation
    entities._memo.clear()
    t0 = time.perf_counter()
    arriving = profiles(drafts(dev), vectors=lead_vectors(dev, cache=False))
    model_ms = 1000 * (time.perf_counter() - t0) / len(dev)
    times = []
    for profile in arriving:
        t = time.perf_counter()
        index.add(profile)
        times.append(1000 * (time.perf_counter() - t))
    return {
        "size": size,
        "build_s": built,
        "median_ms": statistics.median(times),
        "p95_ms": sorted(times)[int(0.95 * len(times)) - 1],
        "model_ms": model_ms,
        "probes": len(times),
    }


def filled_store(folder: Path, size: int):  # -> unspin.store.Store
    """A SQLite store holding `size` profiled articles in stories of three, written row by row in bulk (no pipeline)."""
    import hashlib

    from sqlalchemy import insert

    from unspin.store import Store
    from unspin.store.models import ArticleRow, Story, StoryArticle, StoryProfile
    from unspin.stories.stored import encode

    store = Store(f"sqlite:///{folder / 'bench-stories.db'}")
    items = jittered_profiles(size)
    with store.engine.begin() as connection:
        for start in range(0, size, 5000):
            chunk = range(start, min(size, start + 5000))
            connection.execute(
                insert(ArticleRow),
                [
                    {
                        "id": i + 1,
                        "content_hash": hashlib.sha256(items[i].key.encode()).hexdigest(),
                        "kind": "text",
                        "body": items[i].lead,
                        "source": items[i].key,
                        "title": items[i].headline,
                    }
                    for i in chunk
                ],
            )
            connection.execute(insert(Story), [{"id": i // 3 + 1, "title": items[i].headline} for i in chunk if i % 3 == 0])
            connection.execute(insert(StoryArticle), [{"story_id": i // 3 + 1, "article_id": i + 1} for i in chunk])
            rows = []
            for i in chunk:
                encoded = encode(items[i])
                rows.append(
                    {
                        "article_id": i + 1,
                        "headline": items[i].headline,
                        "titled": True,
                        "vector": encoded.vector,
                        "shingles": encoded.shingles,
                        "data": encoded.data,
                    }
                )
            connection.execute(insert(StoryProfile), rows)
    return store


def time_store_assignment(size: int, folder: Path, probes: int = 200) -> dict:
    """`Store.save` of real dev articles into a store of `size` articles: article, report, assignment and its rows,
    one transaction each. Each arrival's profile is made beforehand (the model's time is the same at any size)."""
    from unspin import __version__
    from unspin.ingest import Article
    from unspin.report import Report

    started = time.perf_counter()
    store = filled_store(folder, size)
    filled = time.perf_counter() - started
    dev = load_split("dev", tuning=True)[: probes + 1]
    arriving = {p.key: p for p in profiles(drafts(dev), vectors=lead_vectors(dev))}
    store._stories.profile = lambda report: arriving[report.source]  # the models' work is timed elsewhere
    times, cpu = [], []
    for record in dev:
        item = Article(text=f"{record.title}\n\n{record.lead}\n", source=record.id, title=record.title)
        report = Report(source=record.id, title=record.title, original=item.text, text=item.text, edits=[], version=__version__)
        t, c = time.perf_counter(), time.process_time()
        store.save(item, report)
        times.append(1000 * (time.perf_counter() - t))
        cpu.append(1000 * (time.process_time() - c))
    store.close()
    rest, rest_cpu = sorted(times[1:]), sorted(cpu[1:])
    return {
        "size": size,
        "fill_s": filled,
        "load_s": times[0] / 1000,  # the first save loads the index from the tables
        "median_ms": statistics.median(rest),
        "p95_ms": rest[int(0.95 * len(rest)) - 1],
        "cpu_median_ms": statistics.median(rest_cpu),  # this process's CPU time: what a busy machine does not inflate
        "cpu_p95_ms": rest_cpu[int(0.95 * len(rest_cpu)) - 1],
        "probes": len(rest),
        "load_average": os.getloadavg()[0],
    }


def section(tables: list[str], speed: dict, stored: dict | None = None) -> str:
    lines = [
        "Story grouping (`unspin eval stories`, `python benchmarks/stories.py`): B-cubed precision, recall and F1 "
        "on the stories data (AllSides roundups released with NeuS, Lee et al. 2022: title + lead, about three "
        "outlets per event, **no dates**, so date windows play no part here). unspin streams each split through a "
        "fresh story index in file order; the baselines see the whole split at once. Thresholds of all three were "
        "tuned on dev; the pair model was fitted on train; test was read only to report. Articles/s covers "
        "everything an arriving article costs (embedding, entities, search, decision), one thread, models "
        "already loaded.",
        "",
    ]
    for table in tables:
        lines += [table.rstrip("\n"), ""]
    lines += [
        f"**Assigning one article to an index of {speed['size']:,} articles** (HNSW via usearch, "
        f"{speed['probes']} real dev articles arriving one at a time, one thread):",
        "",
        "| figure | value |",
        "| --- | --- |",
        f"| search + pair model + decision, median | **{speed['median_ms']:.2f} ms** |",
        f"| search + pair model + decision, p95 | {speed['p95_ms']:.2f} ms |",
        f"| embedding + entities per article, one thread (independent of index size) | {speed['model_ms']:.0f} ms |",
        f"| building the {speed['size']:,}-article index (bulk load, then one neighbour search per article) | "
        f"{speed['build_s']:.0f} s |",
        "",
        *(store_rows(stored) if stored else []),
        f"Load average when the run ended: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores "
        "(timings grow when other jobs share the machine).",
    ]
    return "\n".join(lines)


def store_rows(stored: dict) -> list[str]:
    """The through-the-store figures: `Store.save` with its story assignment, one transaction each (SQLite)."""
    return [
        f"**Through the store** (`Store.save` into a SQLite store of {stored['size']:,} articles: article, report, "
        f"assignment and its story rows in one transaction; {stored['probes']} dev articles, profiles made beforehand):",
        "",
        "| figure | value |",
        "| --- | --- |",
        f"| save with assignment, median / p95 (wall) | **{stored['median_ms']:.1f} ms** / {stored['p95_ms']:.1f} ms |",
        f"| the same in this process's CPU time, median / p95 | {stored['cpu_median_ms']:.1f} ms / {stored['cpu_p95_ms']:.1f} ms |",
        f"| first save after opening (the index loaded from story_profiles) | {stored['load_s']:.0f} s |",
        "",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--splits", nargs="+", default=["test", "dev"])
    parser.add_argument("--write", type=Path, default=None)
    parser.add_argument(
        "--store-only", type=int, default=None, metavar="N", help="only time assignment through a SQLite store of N articles"
    )
    args = parser.parse_args()
    if args.store_only:
        import tempfile

        with tempfile.TemporaryDirectory() as folder:
            print(time_store_assignment(args.store_only, Path(folder)))
        return
    tables = []
    for split in args.splits:
        rows, facts = evaluate(split)
        tables.append(as_markdown(rows, facts))
        print(tables[-1], file=sys.stderr)
    speed = time_assignment(args.articles)
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        stored = time_store_assignment(args.articles, Path(folder))
    text = section(tables, speed, stored)
    print(text)
    if args.write:
        write_section(args.write, "bench:stories", text, "Story grouping")


if __name__ == "__main__":
    main()
