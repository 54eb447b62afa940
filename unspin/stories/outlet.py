"""Which outlet published an article: metadata first, then the page's own furniture, then the file name.

Columns of a story table and every "[Added from …]" need an outlet name. Feeds
and HTML pages usually carry one. Scraped text dumps do not, but their web
furniture often names the site ("Read more from Sky News:", an author box
saying "… is the Europe editor for RFE/RL"). Only furniture is read — the
article body names other outlets all the time ("the Financial Times
reported"). With nothing better, the label is the file's name, never a guess.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from unspin.edit.ledger import EditKind
from unspin.report import Report

_WORD = r"[A-Z][\w&/'’\-]*(?:\.[A-Za-z][\w&/'’\-]*)*"  # "Sky", "RFE/RL", "Yahoo.com"; not "Courier."
_NAME = rf"(?P<name>(?:The\s+)?{_WORD}(?:\s+{_WORD}){{0,3}})"
_CUES = [
    re.compile(rf"^\s*(?:Read|More|Watch|Listen)\s+(?:more\s+)?(?:from|on)\s+{_NAME}\s*:?\s*$", re.M),
    re.compile(
        rf"\b(?:editor|correspondent|reporter|writer|columnist|journalist|producer)\s+(?:for|at|with)\s+{_NAME}(?=\s+(?:in|based|covering|and|who)\b|[.,;]|\s*$)",
        re.M,
    ),
    re.compile(rf"(?:©|\((?i:c)\)|(?i:copyright))\s*(?:\d{{4}}\s*)?{_NAME}", re.M),
    re.compile(rf"^\s*(?:Follow|Subscribe to)\s+{_NAME}\s+on\b", re.M),
]
_NOT_OUTLETS = frozenset({"us", "the", "our", "this", "here", "all", "more", "news", "today"})


def outlet_from_furniture(report: Report) -> str | None:
    """The name the page's removed furniture gives most often, if any."""
    furniture = "\n".join(e.original for e in report.edits if e.kind is EditKind.BOILERPLATE)
    if not furniture:
        return None
    votes: Counter[str] = Counter()
    for cue in _CUES:
        for match in cue.finditer(furniture):
            name = match.group("name").strip(" .,:;")
            if name.casefold() not in _NOT_OUTLETS and len(name) > 1:
                votes[name] += 1
    return votes.most_common(1)[0][0] if votes else None


def source_label(source: str) -> str:
    """A label from where the article came from: the file name without folder and suffix."""
    name, _, line = source.rpartition(":") if re.search(r":\d+$", source) else (source, "", "")
    stem = Path(name).stem or name or "article"
    return f"{stem}:{line}" if line else stem


def outlet_label(report: Report) -> str:
    """The outlet to show for a report, and to credit in additions taken from it."""
    return (report.outlet or "").strip() or outlet_from_furniture(report) or source_label(report.source)
