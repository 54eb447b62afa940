"""The original article laid out for the "show original" view, with every edited span marked.

`unspin.render.layout` lays out the *output*; a reader who toggles to the
original must see the same edits from the other side: the words that were cut,
the words that were replaced, the web furniture that was removed, at the
positions the ledger gives. Paragraphs are split the same way as the output
(`is_hard_wrapped` decides whether single line breaks are paragraph breaks),
and edits carry the same numbers as the ledger table.
"""

from __future__ import annotations

from unspin.edit.ledger import CUT_MARK, Edit, EditKind, output_ranges
from unspin.render.layout import Block, Segment, is_hard_wrapped, paragraphs, why
from unspin.report import Report


def original_note(edit: Edit) -> str:
    """What became of an original span, for its tooltip: 'now: criticized — reason (category)'."""
    if edit.kind is EditKind.CUT:
        head = f"cut, shown as {CUT_MARK}"
    elif edit.kind is EditKind.MODIFY:
        head = f"now: {edit.replacement.strip()}"
    elif edit.kind is EditKind.FLAG:
        head = "flagged, kept as written"
    else:
        head = "removed as web furniture"
    details = why(edit)
    return f"{head} — {details}" if details else head


def original_segments(report: Report) -> list[Segment]:
    """`report.original` cut into plain runs and edited spans (adds have no original text and are left out)."""
    result: list[Segment] = []
    cursor = 0
    for number, (edit, _, _) in enumerate(output_ranges(report.edits), start=1):
        if edit.start > cursor:
            result.append(Segment(report.original[cursor : edit.start]))
        if edit.end > edit.start:
            result.append(Segment(report.original[edit.start : edit.end], edit, number))
        cursor = max(cursor, edit.end)
    if cursor < len(report.original):
        result.append(Segment(report.original[cursor:]))
    return result


def original_blocks(report: Report) -> list[Block]:
    """Paragraphs of the original with edited spans kept as their own segments."""
    kept = paragraphs(original_segments(report), hard_wrapped=is_hard_wrapped(report.original))
    title = " ".join((report.title or "").split()).casefold()
    for block in kept[:3] if title else []:
        if " ".join(block.text.split()).casefold() == title:
            block.heading = True
            break
    return kept
