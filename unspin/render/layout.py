"""Lay a report out for display: paragraphs of plain and edited segments, read off the ledger.

Every renderer works from this one layout, and the layout is derived from the
ledger alone: `output_ranges(report.edits)` says where each edit's replacement
sits in `report.text`, and the text between those ranges is untouched article
text. Nothing here re-diffs the original against the output.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from unspin.edit.ledger import Edit, EditKind, LedgerError, check_edits, output_ranges
from unspin.report import Report

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_BLANK_LINE = re.compile(r"(?:\r?\n|\r)[ \t]*(?:\r?\n|\r)")
_SENTENCE_END = re.compile(r"[.!?:;\"\u201d\u2019')\]]\s*$")
_SPACES = re.compile(r"\s+")
# A hard-wrapped plain-text file has paragraphs of several short lines split by
# blank lines; scraped articles put one paragraph on each line.
_WRAP_WIDTH = 100
# The title is looked for only near the top, so a repeated headline deep in the
# text (a caption, a "related" link) is not promoted to a heading.
_TITLE_WINDOW = 3


@dataclass(frozen=True)
class Segment:
    """A run of output text: plain article text, or (part of) one edit's replacement."""

    text: str
    edit: Edit | None = None
    number: int = 0  # the edit's 1-based position in the ledger (text order); 0 for plain text

    @property
    def kind(self) -> str:
        return "plain" if self.edit is None else self.edit.kind.value

    @property
    def original(self) -> str:
        return self.text if self.edit is None else self.edit.original

    @property
    def padded(self) -> tuple[str, str, str]:
        """(leading whitespace, core, trailing whitespace), so a highlight need not cover spaces."""
        core = self.text.strip()
        if not core:
            return self.text, "", ""
        lead = self.text[: len(self.text) - len(self.text.lstrip())]
        return lead, core, self.text[len(self.text.rstrip()) :]

    @property
    def note(self) -> str:
        return describe(self.edit) if self.edit is not None else ""


@dataclass
class Block:
    """One paragraph of the output; `heading` marks the paragraph that is the title."""

    segments: list[Segment] = field(default_factory=list)
    heading: bool = False

    @property
    def text(self) -> str:
        return "".join(segment.text for segment in self.segments)

    @property
    def original(self) -> str:
        return "".join(segment.original for segment in self.segments)


@dataclass
class Layout:
    title: str | None  # the title to show in a heading, when no block already is it
    blocks: list[Block]
    edits: list[tuple[int, Edit]]  # every edit with its number, in text order

    def split(self) -> tuple[list[Block], list[Block]]:
        """The blocks up to and including the title paragraph, and the blocks after it."""
        for index, block in enumerate(self.blocks):
            if block.heading:
                return self.blocks[: index + 1], self.blocks[index + 1 :]
        return [], self.blocks


def describe(edit: Edit) -> str:
    """A one-line account of an edit, for tooltips and ledgers: 'was: oppressive — emotive adjective'."""
    if edit.kind is EditKind.CUT:
        head = f"cut: {edit.original}"
    elif edit.kind is EditKind.MODIFY:
        head = f"was: {edit.original}"
    elif edit.kind is EditKind.ADD:
        head = f"Added from {edit.source}" if edit.source else "added by unspin"
    elif edit.kind is EditKind.FLAG:
        head = "flagged, kept as written"
    else:
        head = f"removed web furniture: {edit.original.strip()}"
    details = why(edit)
    return f"{head} — {details}" if details else head


def why(edit: Edit) -> str:
    """Category and reason together, or '' when the edit carries neither."""
    if edit.category and edit.reason:
        return f"{edit.reason} ({edit.category})"
    return edit.reason or edit.category


def segments(report: Report) -> list[Segment]:
    """Split `report.text` into plain and edit segments, walking the ledger.

    Raises `LedgerError` when the report's text does not hold the replacements
    where its ledger says they are: such a report cannot be shown honestly.
    """
    check_edits(report.original, report.edits)
    result: list[Segment] = []
    cursor = 0
    for number, (edit, start, end) in enumerate(output_ranges(report.edits), start=1):
        if report.text[start:end] != edit.replacement:
            raise LedgerError(
                f"{report.source}: the text does not hold edit #{number} "
                f"({edit.kind} at {edit.start}-{edit.end}); the report and its ledger disagree"
            )
        if start > cursor:
            result.append(Segment(report.text[cursor:start]))
        if edit.replacement:
            shown = edit if edit.kind is not EditKind.BOILERPLATE else None
            result.append(Segment(edit.replacement, shown, number if shown else 0))
        cursor = end
    if cursor < len(report.text):
        result.append(Segment(report.text[cursor:]))
    return result


def layout(report: Report) -> Layout:
    """Paragraphs of segments, with the title paragraph (if any) marked as the heading."""
    blocks = paragraphs(segments(report), hard_wrapped=is_hard_wrapped(report.text))
    title = report.title.strip() if report.title and report.title.strip() else None
    if title is not None:
        wanted = _normal(title)
        for block in blocks[:_TITLE_WINDOW]:
            if wanted in (_normal(block.text), _normal(block.original)):
                block.heading = True
                title = None
                break
    numbered = list(enumerate((edit for edit, _, _ in output_ranges(report.edits)), start=1))
    return Layout(title=title, blocks=blocks, edits=numbered)


def is_hard_wrapped(text: str) -> bool:
    """True for text whose paragraphs are blank-line separated runs of short, broken lines.

    Lines broken mid-sentence are the tell: in a file with one paragraph per line,
    a line ends where a sentence does.
    """
    blocks = [[line for line in _LINE_BREAK.split(block) if line.strip()] for block in _BLANK_LINE.split(text) if block.strip()]
    if len(blocks) < 2 or max(len(line) for block in blocks for line in block) > _WRAP_WIDTH:
        return False
    multi_line = [block for block in blocks if len(block) > 1]
    broken = [line for block in multi_line for line in block[:-1]]
    mid_sentence = sum(1 for line in broken if not _SENTENCE_END.search(line))
    return len(multi_line) * 2 >= len(blocks) and len(broken) >= 2 and mid_sentence >= 0.6 * len(broken)


def boilerplate_lines(report: Report) -> int:
    """How many non-blank lines of web furniture the ledger removed."""
    return sum(
        sum(1 for line in _LINE_BREAK.split(edit.original) if line.strip())
        for edit in report.edits
        if edit.kind is EditKind.BOILERPLATE
    )


def counts(report: Report) -> dict[str, int]:
    return {
        "cut": report.count(EditKind.CUT),
        "modify": report.count(EditKind.MODIFY),
        "add": report.count(EditKind.ADD),
        "flag": report.count(EditKind.FLAG),
        "boilerplate": report.count(EditKind.BOILERPLATE),
        "boilerplate_lines": boilerplate_lines(report),
    }


def paragraphs(parts: list[Segment], *, hard_wrapped: bool) -> list[Block]:
    """Break segments into paragraphs at line breaks (at blank lines only, for wrapped text)."""
    blocks = [Block()]
    for part in parts:
        if hard_wrapped:
            pieces = _BLANK_LINE.split(part.text)
            pieces = [_LINE_BREAK.sub(" ", piece) for piece in pieces]
        else:
            pieces = _LINE_BREAK.split(part.text)
        for index, piece in enumerate(pieces):
            if index:
                blocks.append(Block())
            if piece:
                blocks[-1].segments.append(Segment(piece, part.edit, part.number))
    kept = []
    for block in blocks:
        _trim(block)
        if block.segments and block.text.strip():
            kept.append(block)
    return kept


def _trim(block: Block) -> None:
    """Drop leading and trailing whitespace of a paragraph's plain text."""
    segs = block.segments
    while segs and segs[0].edit is None and not segs[0].text.strip():
        segs.pop(0)
    while segs and segs[-1].edit is None and not segs[-1].text.strip():
        segs.pop()
    if segs and segs[0].edit is None:
        segs[0] = Segment(segs[0].text.lstrip())
    if segs and segs[-1].edit is None:
        segs[-1] = Segment(segs[-1].text.rstrip())


def _normal(text: str) -> str:
    return _SPACES.sub(" ", text).strip().casefold()
