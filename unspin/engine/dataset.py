"""`write_dataset`: a batch of inputs into a folder of Parquet partitions, resumable, exactly once.

    summary = write_dataset(["feeds/"], Path("out"), Options(), engine="dask", workers=2)

Exactly once comes from three rules, not from a lock or a queue:
1. Partitions are planned deterministically (unspin/engine/partitions.py): the same inputs and
   options give the same partitions with the same keys.
2. A partition's file appears under its final name only whole (unspin/engine/parquet.py: written
   under a temporary name, then `os.replace`). Two workers writing the same partition (a task
   rerun after its worker was thought dead) write the same rows; the last rename wins.
3. A rerun keeps a partition whose file matches its manifest entry (same key and SHA-256), or
   whose file carries its key in the Parquet metadata but was finished just before the manifest
   was written; every other partition is (re)written. Leftover temporary files are removed.
So after a crash anywhere — the client, a worker, the whole machine — running the same command
again ends with the files and manifest an uninterrupted run writes.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from unspin import __version__
from unspin.engine import DEFAULT_PARTITION_SIZE, ENGINES
from unspin.engine import manifest as manifests
from unspin.engine.parquet import TEMPORARY, count_rows, file_hash, written_key
from unspin.engine.partitions import EngineError, Partition, plan
from unspin.engine.work import process_partition
from unspin.pipeline import Options

MANIFEST_EVERY = 1.0  # seconds between rewrites of manifest.json while partitions finish


@dataclass(frozen=True)
class Summary:
    """What a run did: partitions planned, kept from an earlier run, and written now; rows in all."""

    folder: Path
    partitions: int
    kept: int
    written: int
    articles: int
    errors: int
    seconds: float


def write_dataset(
    inputs: list[str],
    out: Path,
    options: Options,
    *,
    engine: str = "local",
    scheduler: str | None = None,
    workers: int | None = None,
    partition_size: int = DEFAULT_PARTITION_SIZE,
    progress: Callable[[int, int], None] | None = None,
) -> Summary:
    """Neutralize every article of `inputs` into `out` (see the module); `progress(done, total)` per partition."""
    if engine not in ENGINES:
        raise EngineError(f"unknown engine {engine!r}; choose one of: {', '.join(ENGINES)}")
    if options.fill_from_story:
        raise EngineError("--fill-from-story needs the whole batch at once; it does not run per partition yet")
    started = time.perf_counter()
    parts = plan(inputs, partition_size)
    keys = [part.key(options) for part in parts]
    out.mkdir(parents=True, exist_ok=True)
    manifest = _open_manifest(out, parts, keys, options, partition_size)
    done = {entry["key"]: entry for entry in _finished(out, parts, keys, manifest)}
    kept = len(done)
    manifest["partitions"] = list(done.values())
    manifests.save(out, manifest)
    todo = [part for part, key in zip(parts, keys) if key not in done]
    if progress:
        progress(kept, len(parts))
    saved = time.monotonic()
    for _index, entry in _execute(todo, out, options, engine, scheduler, workers):
        done[entry["key"]] = entry
        manifest["partitions"] = list(done.values())
        if time.monotonic() - saved >= MANIFEST_EVERY or len(done) == len(parts):
            manifests.save(out, manifest)  # a file not yet recorded is recognised by its key after a crash
            saved = time.monotonic()
        if progress:
            progress(len(done), len(parts))
    _clear_temporaries(out)  # a worker killed mid-write during this run: its partition was redone elsewhere
    entries = list(done.values())
    return Summary(
        folder=out,
        partitions=len(parts),
        kept=kept,
        written=len(todo),
        articles=sum(entry["articles"] for entry in entries),
        errors=sum(entry["errors"] for entry in entries),
        seconds=time.perf_counter() - started,
    )


def _open_manifest(out: Path, parts: list[Partition], keys: list[str], options: Options, partition_size: int) -> dict:
    """This batch's manifest: the one in `out` when it is the same batch, a new one in an empty folder."""
    job = manifests.job_id(keys)
    try:
        found = manifests.load(out)
    except ValueError as exc:
        raise EngineError(str(exc)) from None
    if found is not None and found.get("job") != job:
        raise EngineError(f"{out} holds the output of other inputs or options; write this batch to a new folder")
    if found is None and any(path.name.startswith("part-") for path in out.iterdir()):
        raise EngineError(f"{out} holds partition files but no manifest.json; write this batch to a new folder")
    return {
        "format": manifests.FORMAT,
        "job": job,
        "unspin_version": __version__,
        "options": options.model_dump(mode="json"),
        "partition_size": partition_size,
        "inputs": list(dict.fromkeys(url for part in parts for url in part.files or (part.url,))),
        "planned": len(parts),
        "partitions": (found or {}).get("partitions", []),
    }


def _finished(out: Path, parts: list[Partition], keys: list[str], manifest: dict) -> Iterator[dict]:
    """Entries of the partitions already written whole; clears temporary files left by a crash."""
    _clear_temporaries(out)
    recorded = {entry["key"]: entry for entry in manifest["partitions"]}
    for part, key in zip(parts, keys):
        path = out / part.name
        if not path.exists():
            continue
        entry = recorded.get(key)
        if entry is not None and entry["file"] == part.name and entry["sha256"] == file_hash(path):
            yield entry
        elif written_key(path) == key:  # renamed into place, but the client died before recording it
            articles, errors = count_rows(path)
            yield {"file": part.name, "key": key, **part.describe(), "articles": articles, "errors": errors,
                   "bytes": path.stat().st_size, "sha256": file_hash(path)}  # fmt: skip


def _clear_temporaries(out: Path) -> None:
    """Remove what a worker killed while writing left behind (never a finished partition)."""
    for leftover in out.glob(f"{TEMPORARY}part-*"):
        leftover.unlink(missing_ok=True)


def _execute(
    todo: list[Partition], out: Path, options: Options, engine: str, scheduler: str | None, workers: int | None
) -> Iterator[tuple[int, dict]]:
    if not todo:
        return
    if engine == "local":
        for part in todo:
            yield process_partition(part, str(out), options)
        return
    from unspin.engine.cluster import connect, map_partitions

    with connect(scheduler, workers) as client:
        yield from map_partitions(client, todo, str(out.resolve()), options)
