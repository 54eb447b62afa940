"""RangeIndex answers overlap questions like the linear scan it replaced (issue 12 item 7: a long
article has thousands of quotations, and every word was checked against all of them)."""

from __future__ import annotations

import random

from unspin.detect.scan import RangeIndex


def _linear(start: int, end: int, ranges: list[tuple[int, int]]) -> bool:
    return any(start < r_end and r_start < end for r_start, r_end in ranges)


def test_range_index_matches_the_linear_scan() -> None:
    rng = random.Random(12)
    for _ in range(300):
        ranges = [(s, s + rng.randint(0, 6)) for s in (rng.randint(0, 40) for _ in range(rng.randint(0, 8)))]
        index = RangeIndex(ranges)
        assert bool(index) == bool(ranges)
        for start in range(0, 48):
            for end in range(start, min(start + 8, 50)):
                assert index.overlaps(start, end) == _linear(start, end, ranges), (ranges, start, end)
