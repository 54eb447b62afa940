from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from unspin.edit.protect import RangeSet, carries_fact, quotation_ranges


def quoted(text: str) -> list[str]:
    return [text[start:end] for start, end in quotation_ranges(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He said “it was a brutal attack” today.", ["“it was a brutal attack”"]),
        ('She called it "a disgrace" and left.', ['"a disgrace"']),
        ("Russia’s army and Kyiv’s allies met.", []),
        ("Critics called it ‘shameful’, officials said.", ["‘shameful’"]),
        ("“This opens a quote that runs on\nNext paragraph.", ["“This opens a quote that runs on"]),
        ("He said 'we're ready' and 'it’s over'.", ["'we're ready'", "'it’s over'"]),
    ],
)
def test_quotations_found(text: str, expected: list[str]) -> None:
    assert quoted(text) == expected


@given(st.lists(st.tuples(st.integers(0, 200), st.integers(1, 30)), max_size=20), st.integers(0, 230), st.integers(0, 30))
def test_rangeset_agrees_with_brute_force(raw: list[tuple[int, int]], start: int, width: int) -> None:
    ranges = [(s, s + w) for s, w in raw]
    end = start + width
    expected = any(s < end and start < e for s, e in ranges) if width else any(s < start < e for s, e in ranges)
    assert RangeSet(ranges).overlaps(start, end) == expected


@pytest.mark.parametrize(
    ("span", "text", "start", "kept"),
    [
        ("30,000", "sending more than 30,000 troops", 18, True),
        ("dozen", "seized roughly a dozen villages", 17, True),
        ("Brave", "the party Brave New World said", 10, True),
        ("brutal", "a brutal attack", 2, False),
        ("Brutal", "Brutal attacks continued.", 0, False),
        ("Thursday", "said on Thursday", 8, True),
    ],
)
def test_facts_are_protected(span: str, text: str, start: int, kept: bool) -> None:
    assert (carries_fact(span, text, start) is not None) == kept
