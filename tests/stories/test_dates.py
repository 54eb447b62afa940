from datetime import date

import pytest

from unspin.edit.ledger import apply_edits, invert_edits
from unspin.report import Report
from unspin.stories.dates import find_relative, parse_date, publication_date
from unspin.stories.fill import anchor_dates

THURSDAY = date(2024, 5, 30)  # a Thursday


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2024-05-30T10:00:00Z", date(2024, 5, 30)),
        ("30 May 2024", date(2024, 5, 30)),
        ("Published: May 31, 2024 at 10:03", date(2024, 5, 31)),
        ("Thursday 30th May, 2024", date(2024, 5, 30)),
        ("2024/05/30", date(2024, 5, 30)),
        ("May 31", None),  # no year: not a date unspin may use
        ("in February 2022", None),
        ("31 February 2024", None),
        (None, None),
    ],
)
def test_parse_date(text, expected):
    assert parse_date(text) == expected


def resolved(text: str, published: date = THURSDAY) -> dict[str, str]:
    return {a.phrase: a.resolved for a in find_relative(text, published)}


@pytest.mark.parametrize(
    "text, phrase, expected",
    [
        ("officials announced Thursday.", "Thursday", "30 May 2024"),
        ("a US official said on Thursday.", "on Thursday", "30 May 2024"),
        ("talks began on Monday.", "on Monday", "27 May 2024"),
        ("the summit will open on Monday.", "on Monday", "3 June 2024"),
        ("he spoke last Thursday.", "last Thursday", "23 May 2024"),
        ("the offensive began earlier this month.", "earlier this month", "May 2024"),
        ("He travels to Europe next week.", "next week", "week of 3 June 2024"),
        ("Earlier this week, Macron spoke.", "Earlier this week", "week of 27 May 2024"),
        ("warning, he said in May.", "in May", "May 2024"),
        ("The deal will be signed in June.", "in June", "June 2024"),
        ("the vote held in November.", "in November", "November 2023"),
        ("Speaking in Prague on May 31, Blinken said", "on May 31", "31 May 2024"),
        ("prices rose yesterday.", "yesterday", "29 May 2024"),
    ],
)
def test_relative_dates_resolve_against_the_publication_date(text, phrase, expected):
    assert resolved(text)[phrase] == expected


def test_explicit_dates_and_the_modal_may_are_left_alone():
    assert resolved("Washington may lift limits. On Thursday, 30 May 2024, it did. In March 2022 too.") == {}


def report(text: str, published: str | None = None) -> Report:
    return Report(source="t.txt", original=text, text=text, published=published)


def test_anchor_dates_adds_resolved_dates_as_add_edits():
    text = "Blinken spoke on Thursday in Prague.\n\nThe offensive began earlier this month.\n"
    filled = anchor_dates(report(text, "2024-05-30"))
    adds = [e for e in filled.edits if e.kind.value == "add"]
    assert [e.replacement for e in adds] == [" [30 May 2024]", " [May 2024]"]
    assert "on Thursday [30 May 2024] in Prague" in filled.text
    assert all(e.category == "resolved_date" and e.source for e in adds)
    assert apply_edits(filled.original, filled.edits) == filled.text
    assert invert_edits(filled.text, filled.edits) == text


def test_no_publication_date_means_no_guess():
    text = "Blinken spoke on Thursday.\n"
    assert anchor_dates(report(text)).edits == []
    assert anchor_dates(report(text, "sometime last spring")).edits == []


def test_quotations_are_not_annotated():
    text = "\u201cWe met on Thursday and agreed,\u201d she said on Friday.\n"
    filled = anchor_dates(report(text, "2024-05-31"))
    assert [e.replacement for e in filled.edits] == [" [31 May 2024]"]


def test_publication_date_from_a_dateline():
    text = "Harbour Post\nPublished 30 May 2024, 10:03\n\nThe council met on Thursday.\n"
    assert publication_date(report(text)) == date(2024, 5, 30)
    # a date inside a sentence is an event date, not the publication date
    assert publication_date(report("The council approved the plan on 30 May 2024 after a long debate.\n")) is None
