"""Memory grows with the input by a bounded amount per input byte (issue 12 item 7: a 2 MB text took
2 GB). Measured with tracemalloc on the pipeline and the JSON rendering, the CLI's work; the figures
for whole processes (peak RSS, time) are benchmarks/large.py's, in docs/BENCHMARKS.md."""

from __future__ import annotations

import gc
import tracemalloc

import pytest

from benchmarks.large import MEMORY_PER_BYTE, generate, prose_paragraphs
from unspin.pipeline import neutralize
from unspin.render import render

pytestmark = pytest.mark.slow

SMALL, LARGE = 60_000, 240_000  # bytes: the large one spans many of the detector's batches and model blocks


def _peak(text: str) -> int:
    """Peak traced bytes while `text` is neutralized and rendered as JSON (models already loaded)."""
    gc.collect()
    tracemalloc.start()
    try:
        render(neutralize(text), "json")
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_grows_by_a_bounded_amount_per_input_byte() -> None:
    paragraphs = prose_paragraphs()
    small, large = generate(SMALL, paragraphs), generate(LARGE, paragraphs)
    neutralize(small)  # load every model before measuring
    growth = (_peak(large) - _peak(small)) / (len(large.encode()) - len(small.encode()))
    assert growth <= MEMORY_PER_BYTE / 2  # half the whole-process budget: the rest is the interpreter's
