"""Story grouping benchmark: B-cubed beside the baselines, and assignment time at 100,000 articles in memory.

    python benchmarks/stories.py --write docs/BENCHMARKS.md [--articles 100000] [--splits dev test]

1. Scores `unspin eval stories` on each split (test is the one to report;
   dev is where thresholds were tuned) and renders the tables.
2. Fills a story index with `--articles` profiles — real train-split leads,
   each repeated with its embedding jittered, so the HNSW graph holds as many
   distinct points as a year of a busy feed — links each article
   to its neighbours as a stream would have, then times `StoryIndex.add` for
   real dev articles arriving one at a time. Embedding and entities are
   timed separately: they are the same for every index size.
The same through the store (`Store.save` into SQLite stores of growing size, and
the store's start-up with and without its saved index) is `store_assign.py`.
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
    return jittered(train_profiles(size), size, seed)


def train_profiles(size: int) -> list[Profile]:
    """Profiles of the first `size` train leads (all of them when there are fewer)."""
    train = load_split("train", tuning=True)
    used = min(size, len(train))  # a small store needs only as many leads (spaCy reads each one)
    return profiles(drafts(train[:used]), vectors=lead_vectors(train)[:used])


def jittered(base: list[Profile], size: int, seed: int = 20241124) -> list[Profile]:
    """`size` profiles from `base`, repeated in turn, each with its embedding jittered and its own key and fingerprint."""
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
    embed.clear_memos()  # time the model, not the in-process memos filled by the evaluation
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


def section(tables: list[str], speed: dict) -> str:
    lines = [
        "Story grouping (`unspin eval stories`, `python benchmarks/stories.py`): B-cubed precision, recall and F1 "
        "on the stories data (AllSides roundups released with NeuS, Lee et al. 2022: title + lead, about three "
        "outlets per event, **no dates**, so date windows play no part here). unspin streams each split through a "
        "fresh story index in file order; the baselines see the whole split at once. Thresholds of all three were "
        "tuned on dev; the pair model was fitted on train half B with the lead vectors of the events encoder (MiniLM "
        "with its top 2 layers fine-tuned on the events of train half A); test was read only to report. Articles/s covers "
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
        f"Load average when the run ended: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores "
        "(timings grow when other jobs share the machine).",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--splits", nargs="+", default=["test", "dev"])
    parser.add_argument("--write", type=Path, default=None)
    args = parser.parse_args()
    tables = []
    for split in args.splits:
        rows, facts = evaluate(split)
        tables.append(as_markdown(rows, facts))
        print(tables[-1], file=sys.stderr)
    speed = time_assignment(args.articles)
    text = section(tables, speed)
    print(text)
    if args.write:
        write_section(args.write, "bench:stories", text, "Story grouping")


if __name__ == "__main__":
    main()
