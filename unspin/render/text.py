"""Plain text: the output text as it is, one legend line, and the flagged words (which plain
text cannot mark inline) listed after it."""

from __future__ import annotations

from unspin.edit.ledger import EditKind
from unspin.render import legend
from unspin.report import Report


def render_text(report: Report) -> str:
    body = report.text.strip("\n")
    tail = f"--\n{legend.TEXT}\n{_flags(report)}"
    return f"{body}\n\n{tail}" if body else tail


def _flags(report: Report) -> str:
    flagged = [edit.original for edit in report.edits if edit.kind is EditKind.FLAG]
    if not flagged:
        return ""
    return f"{legend.FLAGGED_TEXT}\nFlagged: {'; '.join(flagged)}\n"
