"""Stories at scale: neutralize, profile and group a large batch on a Dask cluster.

    summary = group_dataset(["archive/*.jsonl"], Path("out"), Options(), workers=8)

`unspin stories INPUT... --engine dask --out DIR` is this call. Three steps, each one Dask's
`client.map` over small tasks, each resumable:
1. `write_dataset` neutralizes the inputs into `DIR/articles/` (Parquet partitions and a manifest;
   unspin/engine/dataset.py).
2. The workers profile every partition (lead embedding, entities, date; unspin/engine/profiles.py)
   into `DIR/profiles/`, and send back only its row count and date range.
3. The client plans date-window shards from those ranges (unspin/engine/shards.py); each worker
   reads the profiles of one window from Parquet and groups them with the streaming index; the
   client stitches the shards' stories through the articles they share and writes
   `DIR/stories.parquet` (one row per article: `key`, `story`, `position`).
No process holds every profile: a worker holds one partition or one window; the client holds one
key and story number per article.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from distributed import Client

from unspin.engine import DEFAULT_PARTITION_SIZE
from unspin.engine import manifest as manifests
from unspin.engine.cluster import connect
from unspin.engine.dataset import Summary, write_dataset
from unspin.engine.partitions import EngineError
from unspin.engine.profiles import FOLDER, profile_partition, read_window, write_atomically
from unspin.engine.shards import DEFAULT_SHARD_DAYS, Window, group_shard, plan_windows, stitch
from unspin.pipeline import Options

ARTICLES = "articles"
STORIES = "stories.parquet"


@dataclass(frozen=True)
class StoriesSummary:
    """What a run grouped: articles, stories, shards (the largest one's size), and the neutralizing run."""

    folder: Path
    articles: int
    stories: int
    shards: int
    largest_shard: int
    undated: int
    seconds: float
    neutralized: Summary


def group_dataset(
    inputs: list[str],
    out: Path,
    options: Options,
    *,
    scheduler: str | None = None,
    workers: int | None = None,
    partition_size: int = DEFAULT_PARTITION_SIZE,
    shard_days: int = DEFAULT_SHARD_DAYS,
    overlap: int | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> StoriesSummary:
    """Neutralize, profile and group `inputs` into `out` on a cluster (see the module); `progress(step, done, total)`."""
    started = time.perf_counter()
    out.mkdir(parents=True, exist_ok=True)
    with connect(scheduler, workers) as client:
        neutralized = write_dataset(
            inputs, out / ARTICLES, options, engine="dask", scheduler=client.scheduler.address,
            partition_size=partition_size, progress=(lambda d, t: progress("neutralize", d, t)) if progress else None,
        )  # fmt: skip
        ranges = profile_dataset(client, out / ARTICLES, out / FOLDER, progress)
        labels, windows, largest = group_profiles(client, [str(out / FOLDER / r["file"]) for r in ranges], ranges,
                                                  shard_days=shard_days, overlap=overlap, progress=progress)  # fmt: skip
    write_stories(labels, out / STORIES)
    return StoriesSummary(
        folder=out,
        articles=len(labels),
        stories=len({story for _, story, _ in labels}),
        shards=len(windows),
        largest_shard=largest,
        undated=sum(r["undated"] for r in ranges),
        seconds=time.perf_counter() - started,
        neutralized=neutralized,
    )


def profile_dataset(
    client: Client, articles: Path, target: Path, progress: Callable[[str, int, int], None] | None = None
) -> list[dict]:
    """Profile every partition of a finished Parquet output on the workers; each file's rows and date range."""
    manifest = manifests.load(articles)
    if manifest is None or not manifest.get("complete"):
        raise EngineError(f"{articles}: not a finished Parquet output (rerun to finish it, then group)")
    target.mkdir(parents=True, exist_ok=True)
    entries = manifest["partitions"]
    futures = client.map(
        profile_partition,
        [str((articles / e["file"]).resolve()) for e in entries],
        [str((target / e["file"]).resolve()) for e in entries],
        list(range(len(entries))),
        [e["sha256"] for e in entries],
        key=[f"unspin-profile-{e['sha256']}" for e in entries],
    )
    results = []
    for done, future in enumerate(futures, start=1):
        results.append(future.result())
        if progress:
            progress("profile", done, len(entries))
    return results


def group_profiles(
    client: Client,
    files: list[str],
    ranges: list[dict],
    *,
    shard_days: int = DEFAULT_SHARD_DAYS,
    overlap: int | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> tuple[list[tuple[str, int, int]], list[Window], int]:
    """(key, story, position) per article in input order, the shards, and the largest shard's size."""
    if overlap is None:
        from unspin.stories.pairs import shipped_model

        overlap = shipped_model().window_days
    firsts = [r["first"] for r in ranges if r["first"] is not None]
    lasts = [r["last"] for r in ranges if r["last"] is not None]
    undated = any(r["undated"] for r in ranges)
    windows = plan_windows(min(firsts, default=None), max(lasts, default=None), undated=undated, days=shard_days, overlap=overlap)
    futures = client.map(_group_window, windows, files=files, pure=False)
    shards, positions = [], {}
    for done, future in enumerate(futures, start=1):
        labelled = future.result()
        shards.append([(key, story, place) for key, story, place, _ in labelled])
        positions.update({key: position for key, _, _, position in labelled})
        if progress:
            progress("group", done, len(windows))
    order = sorted(positions, key=positions.__getitem__)
    stories = stitch(shards, order)
    largest = max((len(shard) for shard in shards), default=0)
    return [(key, stories[key], positions[key]) for key in order], windows, largest


def _group_window(window: Window, files: list[str]) -> list[tuple[str, int, str, int]]:
    """On a worker: read one window's profiles and group them; (key, story in the shard, place, position)."""
    items = read_window(files, window.bounds())
    position = {profile.key: number for number, profile in items}
    return [(key, story, place, position[key]) for key, story, place in group_shard(items, window)]


def write_stories(labels: list[tuple[str, int, int]], path: Path) -> None:
    """One row per article: its key (the report's `source`), its story number, its input position."""
    import pyarrow as pa

    table = pa.table(
        {
            "key": pa.array([key for key, _, _ in labels], pa.string()),
            "story": pa.array([story for _, story, _ in labels], pa.int64()),
            "position": pa.array([position for _, _, position in labels], pa.int64()),
        }
    )
    write_atomically(table, path)
