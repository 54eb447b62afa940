"""Text the editor must never touch: quotations, numbers, names.

A neutral report may cut an outlet's adjectives, but it may not put words in
anyone's mouth or lose a fact. These checks run after detection, so a
detector that over-flags can never break the promise.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import Sequence

Range = tuple[int, int]

_PARAGRAPH = re.compile(r"[^\n]+")
_DIGIT = re.compile(r"\d")
_NUMBER_WORDS = frozenset(
    "zero one two three four five six seven eight nine ten eleven twelve dozen dozens score "
    "hundred hundreds thousand thousands million millions billion billions trillion half "
    "first second third fourth fifth".split()
)
_MONTHS = frozenset(
    "january february march april may june july august september october november december "
    "monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow".split()
)
_OPENERS = {"\u201c": "\u201d", "\u00ab": "\u00bb", "\u201e": "\u201c"}
_QUOTE_MARK = re.compile("[\u201c\u00ab\u201e\"\u2018']")


def quotation_ranges(text: str) -> list[Range]:
    """Character ranges of direct quotations, quote marks included.

    Curly, guillemet and straight double quotes; single curly quotes when they
    open at a word boundary (so apostrophes in "Russia’s" are not quotes). A
    quote left open at the end of a paragraph runs to the paragraph's end, as
    in news style for multi-paragraph quotes.
    """
    ranges: list[Range] = []
    for para in _PARAGRAPH.finditer(text):
        ranges.extend(_quotes_in(text, para.start(), para.end()))
    return ranges


def _quotes_in(text: str, start: int, end: int) -> list[Range]:
    found: list[Range] = []
    i = start
    while i < end:
        mark = _QUOTE_MARK.search(text, i, end)  # jump to the next character that could open a quote
        if mark is None:
            break
        i = mark.start()
        closer = _closer_for(text, i, start)
        if closer is None:
            i += 1
            continue
        close_at = _find_closer(text, i + 1, end, closer)
        stop = end if close_at is None else close_at + 1
        found.append((i, stop))
        i = stop
    return found


def _closer_for(text: str, i: int, para_start: int) -> str | None:
    ch = text[i]
    if ch in _OPENERS:
        return _OPENERS[ch]
    if ch == '"':
        return '"'
    if ch in ("\u2018", "'"):
        before = text[i - 1] if i > para_start else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        if not before.isalnum() and after.isalnum():
            return "\u2019" if ch == "\u2018" else "'"
    return None


def _find_closer(text: str, i: int, end: int, closer: str) -> int | None:
    while i < end:
        i = text.find(closer, i, end)
        if i < 0:
            return None
        after = text[i + 1] if i + 1 < len(text) else " "
        if closer not in ("\u2019", "'") or not after.isalpha():
            return i
        i += 1
    return None


class RangeSet:
    """Sorted, non-overlapping ranges with fast overlap queries."""

    def __init__(self, ranges: Sequence[Range]) -> None:
        merged: list[Range] = []
        for start, end in sorted(ranges):
            if merged and start <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
            else:
                merged.append((start, end))
        self._starts = [start for start, _ in merged]
        self._ranges = merged

    def overlaps(self, start: int, end: int) -> bool:
        # Merged ranges have increasing ends too, so only the last range that
        # starts before `end` can reach past `start`.
        index = bisect_left(self._starts, end) - 1
        return index >= 0 and self._ranges[index][1] > start


def carries_fact(span_text: str, text: str, start: int) -> str | None:
    """Why a span must be kept because it holds a number, date or name, else None."""
    if _DIGIT.search(span_text):
        return "holds a number"
    words = re.findall(r"[A-Za-z][\w'-]*", span_text)
    lowered = {word.lower() for word in words}
    if lowered & _NUMBER_WORDS:
        return "holds a number word"
    if lowered & _MONTHS:
        return "holds a date"
    for match in re.finditer(r"[A-Za-z][\w'-]*", span_text):
        if match.group()[0].isupper() and not _sentence_initial(text, start + match.start()):
            return "holds a name"
    return None


def _sentence_initial(text: str, index: int) -> bool:
    before = text[:index].rstrip(" \t\u201c\"'\u2018([")
    return not before or before[-1] in ".!?\n:"
