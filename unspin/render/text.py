"""Plain text: the output text as it is, and one legend line."""

from __future__ import annotations

from unspin.render import legend
from unspin.report import Report


def render_text(report: Report) -> str:
    body = report.text.strip("\n")
    return f"{body}\n\n--\n{legend.TEXT}\n" if body else f"--\n{legend.TEXT}\n"
