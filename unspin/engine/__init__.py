"""Engines: run the pipeline over a large batch, on one core or on a Dask cluster, into Parquet.

    from unspin.engine import write_dataset
    write_dataset(["archive/*.jsonl"], Path("out"), Options(), engine="dask", workers=8)

`unspin neutralize INPUT... --format parquet --out DIR [--engine dask]` is this call. The inputs
are cut into partitions (`partitions.py`), each partition is read, neutralized with the pipeline's
one `run` and written as one Parquet file (`work.py`, `parquet.py`) — in this process
(`--engine local`) or on Dask workers that load the models once (`cluster.py`) — and
`manifest.json` records every finished partition (`manifest.py`), so a rerun after a crash
resumes where it stopped and ends with exactly the output of an uninterrupted run
(`dataset.py`). `unspin store load DIR` reads the result into the store (`unspin.store.load`).

Nothing is imported here that needs Dask or pyarrow: the CLI reads `ENGINES` and
`DATASET_FORMATS` without loading them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

ENGINES = ("local", "dask")
DATASET_FORMATS = ("parquet",)  # batch formats besides render's one-report-per-file ones
DEFAULT_PARTITION_SIZE = 500  # articles per partition: minutes of one core, small enough to redo after a crash

if TYPE_CHECKING:
    from unspin.engine.dataset import Summary, write_dataset
    from unspin.engine.partitions import EngineError

__all__ = ["DATASET_FORMATS", "DEFAULT_PARTITION_SIZE", "ENGINES", "EngineError", "Summary", "write_dataset"]


def __getattr__(name: str):  # type: ignore[no-untyped-def]
    if name in ("Summary", "write_dataset"):
        from unspin.engine import dataset

        return getattr(dataset, name)
    if name == "EngineError":
        from unspin.engine.partitions import EngineError

        return EngineError
    raise AttributeError(f"module 'unspin.engine' has no attribute {name!r}")
