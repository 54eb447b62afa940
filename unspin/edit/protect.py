"""Text the editor must never touch: quotations, numbers, names.

A neutral report may cut an outlet's adjectives, but it may not put words in
anyone's mouth or lose a fact. These checks run after detection, so a
detector that over-flags can never break the promise.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence

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
# A quotation left open at the end of its paragraph may run on into the next ones, but no further
# than this: a stray mark must not protect the rest of the article.
RUN_ON_PARAGRAPHS = 8
RUN_ON_CHARS = 1500
_RUN_ON_CLOSERS = {**_OPENERS, "\u2018": "\u2019"}
_DOUBLE_MARK = re.compile('[\u201c\u201d"\u00ab\u00bb\u201e]')


def quotation_ranges(text: str) -> list[Range]:
    """Character ranges of direct quotations, quote marks included, in text order.

    Curly, guillemet and straight double quotes; single curly quotes when they
    open at a word boundary (so apostrophes in "Russia’s" are not quotes).

    A quotation still open at the end of its paragraph (line) runs on, as one range, to a
    closing mark in a following paragraph when either
    * the next paragraph opens with the same mark: news style for a quotation of several
      paragraphs, each opening with a mark and only the last one closing; or
    * (double quotes) the closing mark comes before any new opening mark: scraped text with one
      sentence a line, where a quotation closes a few lines down;
    at most `RUN_ON_PARAGRAPHS` paragraphs and `RUN_ON_CHARS` characters on. Otherwise (a stray
    mark, or no closer in reach) it runs to the end of its own paragraph and no further. A straight
    double quote before a space with no partner in its paragraph is a closing mark left over and
    opens nothing.
    """
    ranges: list[Range] = []
    paras = [(m.start(), m.end()) for m in _PARAGRAPH.finditer(text)]
    k, resume = 0, 0
    while k < len(paras):
        para_start, end = paras[k]
        found, left_open = _quotes_in(text, max(para_start, resume), end, para_start)
        k += 1
        if left_open:
            run_on = _run_on(text, found[-1][0], paras, k)
            if run_on is not None:
                close_at, k = run_on
                found[-1] = (found[-1][0], close_at + 1)
                ranges.extend(found)
                resume = close_at + 1  # then scan the rest of the paragraph it closed in
                continue
        ranges.extend(found)
    return ranges


def _quotes_in(text: str, start: int, end: int, para_start: int) -> tuple[list[Range], bool]:
    """The quotations in text[start:end] and whether the last one is still open at `end`."""
    found: list[Range] = []
    i = start
    while i < end:
        mark = _QUOTE_MARK.search(text, i, end)  # jump to the next character that could open a quote
        if mark is None:
            break
        i = mark.start()
        closer = _closer_for(text, i, para_start)
        if closer is None:
            i += 1
            continue
        close_at = _find_closer(text, i + 1, end, closer)
        if close_at is None:
            if closer == '"' and (i + 1 == end or text[i + 1].isspace()):
                i += 1  # a closing mark left over ("… over." And then): it opens nothing
                continue
            found.append((i, end))
            return found, True
        found.append((i, close_at + 1))
        i = close_at + 1
    return found, False


def _run_on(text: str, opened: int, paras: list[Range], k: int) -> tuple[int, int] | None:
    """Where the quotation opened at `opened`, still open at its paragraph's end, closes in the
    paragraphs from index `k` on: (index of the closing mark, index of its paragraph), or None."""
    mark = text[opened]
    closer = _RUN_ON_CLOSERS.get(mark, mark)
    if mark == '"' and not _opens(text, opened):
        return None  # 12" pipe, or a closing mark left over: nothing to carry on
    if mark in ('"', "\u201c") and _first_close(text, opened + 1, paras[k - 1][1], mark, closer) is not None:
        return None  # closed in its own paragraph by the other kind of mark (“…"), or a new one opened
    limit = opened + RUN_ON_CHARS
    for j in range(k, min(k + RUN_ON_PARAGRAPHS, len(paras))):
        start, end = paras[j]
        stop = min(end, limit)
        lead = start
        while lead < stop and text[lead] in " \t\u00a0":
            lead += 1
        if lead < stop and text[lead] == mark and (_opens(text, lead) if mark == '"' else _closer_for(text, lead, start)):
            close_at = _find_closer(text, lead + 1, stop, closer)  # it goes on, newspaper style
        elif mark in ("\u2018", "'"):
            return None  # an apostrophe looks too much like a closing single quote to search for one
        else:
            close_at = _first_close(text, start, stop, mark, closer)
            if close_at is not None and close_at < 0:
                return None  # a new quotation opens first: the old mark was a stray
        if close_at is not None:
            return close_at, j
        if stop < end:
            return None
    return None


def _first_close(text: str, start: int, end: int, mark: str, closer: str) -> int | None:
    """In text[start:end]: the index of the first mark that closes a quotation opened by `mark`
    if it comes before any opening one, -1 if an opening mark comes first, None if there is
    neither. Straight and curly double quotes are taken as closing each other, since scraped
    text mixes them ("…” and “…")."""
    for found in _DOUBLE_MARK.finditer(text, start, end):
        ch, at = found.group(), found.start()
        if ch == '"':
            if _opens(text, at):
                return -1
            if mark in ('"', "\u201c"):
                return at
        elif ch == closer or (ch == "\u201d" and mark == '"'):
            return at
        elif ch in _OPENERS:
            return -1
    return None


def _opens(text: str, i: int) -> bool:
    """Whether the straight double quote at `i` looks like an opening one: after a space, a
    bracket, a dash or nothing, and before something other than a space."""
    before = text[i - 1] if i > 0 else "\n"
    after = text[i + 1] if i + 1 < len(text) else "\n"
    return (before.isspace() or before in "([{\u2014\u2013-:") and not after.isspace()


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
