"""Calendar dates: publication dates from metadata or a dateline, and relative dates made absolute.

"On Thursday" means nothing to a reader a month later, and two outlets' "on
Thursday" can be different Thursdays. When an article's publication date is
known, each relative date ("on Thursday", "earlier this month", "in May") is
resolved against it and the result is added beside it ("Thursday [30 May
2024]") as an `add` edit. When the date is not known nothing is resolved:
unspin never guesses a date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from email.utils import parsedate_to_datetime

from unspin.edit.ledger import EditKind
from unspin.report import Report

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
WEEKDAYS = {
    name: number for number, name in enumerate(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])
}
MONTH_NAMES = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]

_MONTH = r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_FULL_DATES = [
    re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<mnum>[01]?\d)-(?P<day>[0-3]?\d)(?!\d)"),
    re.compile(r"\b(?P<year>(?:19|20)\d\d)/(?P<mnum>[01]?\d)/(?P<day>[0-3]?\d)(?!\d)"),
    re.compile(rf"\b(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\s+{_MONTH},?\s+(?P<year>(?:19|20)\d\d)\b", re.I),
    re.compile(rf"\b{_MONTH}\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d\d)\b", re.I),
]
# A dateline: a short line near the top that is mostly a date ("Published 30 May 2024, 10:03 BST").
_DATELINE_WORDS = 12
_DATELINE_LINES = 12


def parse_date(text: str | None) -> date | None:
    """The first complete calendar date (day, month and year) in `text`, else None."""
    if not text:
        return None
    for pattern in _FULL_DATES:
        match = pattern.search(text)
        if match is None:
            continue
        parts = match.groupdict()
        month = int(parts["mnum"]) if parts.get("mnum") else MONTHS.get(parts["month"].lower().rstrip("."))
        try:
            return date(int(parts["year"]), month or 0, int(parts["day"]))
        except (ValueError, TypeError):
            continue
    return None


def metadata_date(value: str | None) -> date | None:
    """A `published` field as feeds and pages write it: ISO 8601, RFC 2822 (RSS), or a date in words.

    The standard library's parsers come first because they read the field as a
    whole (time zone included); the pattern search is for the looser values
    JSONL and page metadata carry ("Published: May 31, 2024 at 10:03").
    """
    text = (value or "").strip()
    if not text:
        return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        pass
    return parse_date(text)


def publication_date(report: Report) -> date | None:
    """The article's date: its metadata when it parses, else a dateline near the top of the text.

    Metadata that names no readable date (a feed's "yesterday", a bare time) does
    not hide a dateline the text states.
    """
    from_metadata = metadata_date(report.published)
    if from_metadata is not None:
        return from_metadata
    for line in report.original.splitlines()[:_DATELINE_LINES]:
        stripped = line.strip()
        if stripped and len(stripped.split()) <= _DATELINE_WORDS and not stripped.endswith((".", "?", "!")):
            found = parse_date(stripped)
            if found is not None:
                return found
    return None


def long_date(day: date) -> str:
    return f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


@dataclass(frozen=True)
class Anchor:
    """A relative date in the text and what it resolves to."""

    start: int  # offsets into the text the phrase was found in
    end: int
    phrase: str
    resolved: str  # "30 May 2024", "May 2024", "week of 27 May 2024", "2024"


_FUTURE = re.compile(
    r"\b(?:will|would|is set to|are set to|is due to|are due to|plans? to|is expected to|are expected to|"
    r"is scheduled to|are scheduled to|to be held|upcoming|is to|are to)\b",
    re.I,
)
_RELATIVE = re.compile(
    r"\b(?:(?P<prefix>(?:on|last|this|next|earlier|later)\s+)?(?P<weekday>monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b"
    r"(?!\s*,?\s*(?:\d|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec))"
    r"|(?P<span>(?:earlier|later)\s+this\s+(?:week|month|year)|this\s+(?:week|month|year)|last\s+(?:week|month|year)|next\s+(?:week|month|year))\b"
    r"|(?P<near>yesterday|today|tomorrow)\b"
    rf"|(?P<mprefix>(?:in|since|by|until|on|from|early|late|mid-?)\s+){_MONTH}(?:\s+(?P<mday>[0-3]?\d)(?:st|nd|rd|th)?)?\b(?!,?\s*(?:19|20)\d\d)"
    rf"|(?P<dayfirst>[0-3]?\d)(?:st|nd|rd|th)?\s+{_MONTH.replace('month', 'month2')}\b(?!,?\s*(?:19|20)\d\d))",
    re.I,
)


def find_relative(text: str, published: date) -> list[Anchor]:
    """Relative dates in `text` resolved against `published` (the article's publication date)."""
    anchors: list[Anchor] = []
    for match in _RELATIVE.finditer(text):
        context = text[max(0, match.start() - 80) : match.start()]
        sentence_start = max(context.rfind(". "), context.rfind("\n"))
        future = bool(_FUTURE.search(context[sentence_start + 1 :])) or (match.group("prefix") or "").lower().startswith("next")
        resolved = _resolve(match, published, future)
        if resolved:
            anchors.append(Anchor(match.start(), match.end(), match.group(), resolved))
    return anchors


def _resolve(match: re.Match[str], published: date, future: bool) -> str | None:
    groups = match.groupdict()
    if groups["weekday"]:
        return long_date(
            _weekday(published, WEEKDAYS[groups["weekday"].lower()], (groups["prefix"] or "").strip().lower(), future)
        )
    if groups["near"]:
        shift = {"yesterday": -1, "today": 0, "tomorrow": 1}[groups["near"].lower()]
        return long_date(published + timedelta(days=shift))
    if groups["span"]:
        return _span(published, " ".join(groups["span"].lower().split()))
    month_name = groups.get("month") or groups.get("month2")
    if month_name:
        month = MONTHS[month_name.lower().rstrip(".")]
        day_text = groups.get("mday") or groups.get("dayfirst")
        year = _month_year(published, month, future)
        if day_text:
            try:
                return long_date(date(year, month, int(day_text)))
            except ValueError:
                return None
        return f"{MONTH_NAMES[month - 1]} {year}"
    return None


def _weekday(published: date, weekday: int, prefix: str, future: bool) -> date:
    """News convention: a bare weekday is the most recent one (today included), or the next one in a future context."""
    if prefix == "next" or future:
        ahead = (weekday - published.weekday()) % 7 or 7
        return published + timedelta(days=ahead)
    back = (published.weekday() - weekday) % 7
    if prefix == "last" and back == 0:
        back = 7
    return published - timedelta(days=back)


def _span(published: date, phrase: str) -> str:
    unit = phrase.split()[-1]
    step = -1 if phrase.startswith("last") else 1 if phrase.startswith("next") else 0
    if unit == "year":
        return str(published.year + step)
    if unit == "month":
        month_index = published.year * 12 + published.month - 1 + step
        return f"{MONTH_NAMES[month_index % 12]} {month_index // 12}"
    monday = published - timedelta(days=published.weekday()) + timedelta(weeks=step)
    return f"week of {long_date(monday)}"


def _month_year(published: date, month: int, future: bool) -> int:
    """The year of a month named without one: the latest such month up to now, or the next one in a future context."""
    if future:
        return published.year if month >= published.month else published.year + 1
    return published.year if month <= published.month else published.year - 1


def already_anchored(report: Report) -> bool:
    return any(e.kind is EditKind.ADD and e.category == "resolved_date" for e in report.edits)
