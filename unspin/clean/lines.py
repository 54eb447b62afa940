"""Split a text dump into lines that know their place in the original text.

Every later decision is about whole lines, and every removal must be an exact
range of the original, so a `Line` keeps its offsets: `start` is the first
character of the line (indentation included) and `end` runs past its newline
and any blank lines after it, so cutting `[start, end)` leaves no hole.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Bullet glyphs that page-to-text converters and browsers put before list items.
_BULLET = re.compile(
    r"^(?:[*+\u2022\u00b7\u25aa\u25cf\u25ba\u00bb\u203a\u2013\u2014-]|o(?=\s)|\d{1,2}[.)](?=\s+[^\W\d_]|\s+[\"'\u201c\u2018]))\s*"
)
# Markup that Markdown-style converters (html2text) put before headings and quotes.
_MARKUP = re.compile(r"^(?:#{1,6}|>)\s+")
_LINE = re.compile(r"[^\n]*\n|[^\n]+$")
# Format characters that take no room on screen (zero-width spaces and joiners, soft hyphens,
# byte-order marks, bidirectional marks, embeddings, overrides and isolates): a line of only
# these is blank, and a line's words are measured without them, so "\u202eA sentence.\u202c"
# still ends like a sentence and "shock\u200bingly" is one word.
_INVISIBLE = re.compile("[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]")


def visible(raw: str) -> str:
    """`raw` without its invisible format characters."""
    return _INVISIBLE.sub("", raw)


def is_blank(raw: str) -> bool:
    return not visible(raw).strip()


@dataclass(frozen=True)
class Line:
    """One non-blank line of the dump."""

    index: int  # position among non-blank lines
    start: int  # offset of the line's first character in the text
    end: int  # offset after its newline and the blank lines that follow it
    raw: str  # the line as written, without its newline
    text: str  # the line without indentation, list bullet and invisible format characters
    bullet: bool  # the line was a list item
    blank_before: int  # blank lines between this line and the previous one


def strip_bullet(raw: str) -> tuple[str, bool]:
    """The line's words without a leading list bullet, and whether there was one."""
    stripped = _MARKUP.sub("", raw.strip())
    match = _BULLET.match(stripped)
    if match is None:
        return stripped, False
    return stripped[match.end() :].strip(), True


def split_lines(text: str) -> list[Line]:
    """The non-blank lines of `text`, each owning the blank lines after it."""
    found: list[tuple[int, int, str, int]] = []
    blanks = 0
    for match in _LINE.finditer(text):
        raw = match.group().rstrip("\n").rstrip("\r")
        if is_blank(raw):
            blanks += 1
            if found:
                start, _, body, before = found[-1]
                found[-1] = (start, match.end(), body, before)
            continue
        found.append((match.start(), match.end(), raw, blanks))
        blanks = 0
    lines = []
    for index, (start, end, raw, before) in enumerate(found):
        words, bullet = strip_bullet(visible(raw))
        lines.append(Line(index, start, end, raw, words, bullet, before))
    return lines
