"""Publication dates reach the story index from every input: JSONL `published`, a page's metadata, a dateline.

The date window only keeps events apart when each article's date arrives in
its profile; these tests follow a date from the input file to the story member.
"""

from __future__ import annotations

import json
from datetime import date

import pytest

from unspin.report import Report
from unspin.stories.dates import metadata_date, publication_date


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2024-05-30", date(2024, 5, 30)),
        ("2024-05-30T23:30:00-05:00", date(2024, 5, 30)),  # the day where it was published
        ("2024-05-30T10:00:00Z", date(2024, 5, 30)),
        ("Thu, 30 May 2024 10:03:00 GMT", date(2024, 5, 30)),  # RSS pubDate
        ("Published: May 31, 2024 at 10:03", date(2024, 5, 31)),
        ("yesterday", None),
        ("10:03", None),
        ("", None),
        (None, None),
    ],
)
def test_metadata_date(value, expected):
    assert metadata_date(value) == expected


def test_unreadable_metadata_does_not_hide_a_dateline():
    text = "Harbour Post\nPublished 30 May 2024, 10:03\n\nThe council met on Thursday.\n"
    report = Report(source="t.txt", original=text, text=text, published="yesterday")
    assert publication_date(report) == date(2024, 5, 30)


def test_readable_metadata_wins_over_a_dateline():
    text = "Harbour Post\nPublished 30 May 2024, 10:03\n\nThe council met on Thursday.\n"
    report = Report(source="t.txt", original=text, text=text, published="2024-06-02")
    assert publication_date(report) == date(2024, 6, 2)


LEAD = (
    "The Velmora river council voted on Thursday to open the Kessel dam's spillway after three days of rain. "
    "Engineers said the reservoir stood at 97 percent of capacity and that the release would last two days."
)
PAGE = f"""<!doctype html><html><head><title>Kessel dam spillway opened</title>
<meta property="article:published_time" content="2024-05-31T08:15:00Z">
</head><body><article><h1>Kessel dam spillway opened</h1>
<p>{LEAD}</p><p>Residents downstream were told to keep away from the banks until Sunday evening.</p>
</article></body></html>"""


@pytest.fixture(scope="module")
def dated_run(model, tmp_path_factory):
    from unspin.stories.story import build_stories

    folder = tmp_path_factory.mktemp("dated")
    feed = [
        {"title": "Council opens Kessel dam spillway", "text": LEAD, "published": "Thu, 30 May 2024 18:00:00 GMT"},
        {"title": "Kessel dam release begins", "text": LEAD.replace("Thursday", "Friday"), "published": "2024-06-01"},
    ]
    (folder / "feed.jsonl").write_text("".join(json.dumps(row) + "\n" for row in feed), encoding="utf-8")
    (folder / "page.html").write_text(PAGE, encoding="utf-8")
    return build_stories([str(folder)], compare=False, vectors="exact")


def published_by_source(run) -> dict[str, date | None]:
    return {m.key.rsplit("/", 1)[-1]: m.published for story in run.stories for m in story.members}


def test_jsonl_published_and_page_metadata_reach_the_story_members(dated_run):
    assert not dated_run.errors
    assert published_by_source(dated_run) == {
        "feed.jsonl:1": date(2024, 5, 30),
        "feed.jsonl:2": date(2024, 6, 1),
        "page.html": date(2024, 5, 31),
    }


def test_dated_articles_within_the_window_share_a_story(dated_run):
    assert len(dated_run.stories) == 1
