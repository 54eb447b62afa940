"""What a worker does: warm the models once, then turn one partition into one Parquet file.

The same two functions serve both engines: `--engine local` calls `process_partition` in the
CLI's own process, `--engine dask` ships it to the cluster's workers with `client.map`, and the
`WarmModels` plugin (unspin/engine/cluster.py) calls `warm_up` when each worker starts.
"""

from __future__ import annotations

import threading
from pathlib import Path

from unspin.engine.parquet import write_partition
from unspin.engine.partitions import Partition, read_partition
from unspin.ingest import Article
from unspin.pipeline import Options, neutralize, run
from unspin.report import Report

# spaCy pipelines are not documented as thread-safe: a worker with several threads (an existing
# cluster's `dask worker --nthreads 4`) runs one partition at a time. Give workers one thread each.
_PIPELINE = threading.Lock()
_SENTENCE = (
    "Critics slammed the shockingly expensive plan, a so-called reform that the council "
    "brazenly pushed through on Tuesday after a marathon session, officials said."
)


def warm_up(options: Options) -> None:
    """Load spaCy, the word scorer (and with `thorough` the encoder) and trafilatura into this process.

    They are cached per process (`unspin.detect.default_detector`, `load_nlp`), so every later
    article on this worker finds them loaded: seconds once, instead of once per task.
    """
    with _PIPELINE:
        neutralize(Article(source="warm-up", text=f"Council approves plan\n\n{_SENTENCE}\n"), options)
        html = f"<html><body><article><h1>Plan</h1><p>{_SENTENCE}</p></article></body></html>"
        neutralize(Article(source="warm-up", html=html), options)


def process_partition(part: Partition, out: str, options: Options) -> tuple[int, dict]:
    """Neutralize the partition's articles through the pipeline's `run` and write them to `out`.

    Returns the partition's index and the manifest's facts about its file. One bad article is an
    error row (`contain=True`: not even an unexpected exception ends the partition).
    """
    key = part.key(options)
    with _PIPELINE:
        results = run(read_partition(part, options), options, step=_with_article, contain=True)
        stats = write_partition(results, Path(out) / part.name, key)
    return part.index, {"file": part.name, "key": key, **part.describe(), **stats}


def _with_article(article: Article, options: Options) -> tuple[Article, Report]:
    """The pipeline's step, keeping the article beside its report (the row's `id` and `body` need it)."""
    return article, neutralize(article, options)
