"""Dask: where partitions run when `--engine dask` is chosen.

Nothing here schedules, retries or moves data: Dask's distributed scheduler does. `connect`
gives a `Client` for an existing cluster (`--scheduler tcp://host:8786`, e.g. one started by
dask-jobqueue, dask-kubernetes or a hosted Dask) or starts a `LocalCluster` of one single-threaded
worker process per core and stops it afterwards. `WarmModels` is a worker plugin: it loads
unspin's models when a worker starts — and again when the nanny restarts a worker that died —
so tasks never pay for it. `map_partitions` sends one task per partition with `client.map`,
keyed by the partition's key (a partition sent twice is one task), and yields each result as
it finishes; a task whose worker dies is rerun elsewhere by the scheduler.

Workers must be able to import this version of unspin, open the input URLs, and write to the
output folder (on a cluster of several machines: a shared file system).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager

import dask
from distributed import Client, KilledWorker, LocalCluster, WorkerPlugin, as_completed

from unspin.engine.partitions import EngineError, Partition
from unspin.engine.work import process_partition, warm_up
from unspin.pipeline import Options


class WarmModels(WorkerPlugin):
    """Load the models once per worker process, when it starts (see `unspin.engine.work.warm_up`)."""

    name = "unspin-warm-models"

    def __init__(self, options: Options) -> None:
        self.options = options

    def setup(self, worker) -> None:  # type: ignore[no-untyped-def]
        warm_up(self.options)


# Two of Dask's worker defaults cost a LocalCluster's workers CPU on every article; a cluster given by
# --scheduler keeps its own settings.
# - It samples every worker's stack every 10 ms for a dashboard's profile; there is no dashboard here.
# - Its nanny starts workers with MALLOC_TRIM_THRESHOLD_=65536 (to return memory to the system sooner).
#   Setting that variable turns off glibc's dynamic mmap threshold, so every array over 128 KiB is mapped
#   and unmapped afresh: 300 articles cost a worker 610,903 page faults and 2.9 s of system time, against
#   5,808 and 0.3 s without it, and 4,502 and 0.06 s in one plain process (docs/SCALING.md). The thread
#   limits of Dask's default stay.
LOCAL_WORKER_CONFIG = {
    "distributed.worker.profile.enabled": False,
    "distributed.nanny.pre-spawn-environ": {"OMP_NUM_THREADS": 1, "MKL_NUM_THREADS": 1, "OPENBLAS_NUM_THREADS": 1},
}


@contextmanager
def connect(scheduler: str | None = None, workers: int | None = None) -> Iterator[Client]:
    """A client for `scheduler`, or for a LocalCluster of `workers` processes (default: one per core)."""
    if scheduler:
        with Client(scheduler) as client:
            yield client
        return
    n_workers = workers or os.cpu_count() or 1
    with (
        dask.config.set(LOCAL_WORKER_CONFIG),
        LocalCluster(
            n_workers=n_workers,
            threads_per_worker=1,  # spaCy and onnxruntime on one core each: processes scale, threads contend
            processes=True,
            dashboard_address=None,
            silence_logs=logging.ERROR,
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client


def map_partitions(client: Client, parts: list[Partition], out: str, options: Options) -> Iterator[tuple[int, dict]]:
    """(index, manifest entry) for every partition, in the order they finish."""
    if not parts:
        return
    client.register_plugin(WarmModels(options))
    keys = [f"unspin-partition-{part.key(options)}" for part in parts]
    futures = client.map(process_partition, parts, out=out, options=options, key=keys)
    try:
        for _, result in as_completed(futures, with_results=True):
            yield result
    except KilledWorker as exc:  # the scheduler gave up on a partition whose workers kept dying
        name = dict(zip(keys, (part.name for part in parts))).get(exc.task, exc.task)
        raise EngineError(
            f"{name}: its worker died {exc.allowed_failures + 1} times (out of memory?); "
            "the finished partitions are kept, a rerun resumes"
        ) from None
