"""Rules of the dump cleaner decided on the extraction dev pages (issue 12 item 10), each on a small dump
written for the test: the furniture goes, and the article's own lines that look a little like it stay."""

from __future__ import annotations

import pytest

from tests.clean.helpers import assert_valid_boilerplate, kept_text
from unspin.clean.dump import find_boilerplate

P1 = "The council of Brask approved a new budget on Monday after a debate that lasted more than four hours."
P2 = "Councillor Oda Fenn said the plan would fund two new schools and repair the harbour wall by 2027."
P3 = '"We have waited long enough for this," said Jari Holm, who chairs the finance committee.'
P4 = "The budget still needs the approval of the regional government, which is expected in March."
P5 = "Work on the first of the two schools could begin in the spring if the region agrees to the plan."


def removed(text: str) -> dict[str, str]:
    """Removed line -> category, after checking the edits are whole-line, ordered and reversible."""
    edits = find_boilerplate(text)
    assert_valid_boilerplate(text, edits)
    return {line.strip(): e.category for e in edits for line in e.original.splitlines() if line.strip()}


def page(*lines: str) -> str:
    return "\n\n".join(lines) + "\n"


def test_headlines_under_a_box_heading_without_a_colon_go_with_it() -> None:
    text = page(
        "Brask approves its budget",
        P1,
        P2,
        P3,
        "More From The Gazette",
        "Ferry returns to its winter timetable",
        "Why the harbour wall keeps cracking",
        P4,
        P5,
    )
    gone = removed(text)
    assert {
        line: gone.get(line) for line in ("Ferry returns to its winter timetable", "Why the harbour wall keeps cracking")
    } == {
        "Ferry returns to its winter timetable": "teaser_block",
        "Why the harbour wall keeps cracking": "teaser_block",
    }
    assert all(paragraph in kept_text(text, find_boilerplate(text)) for paragraph in (P1, P2, P3, P4, P5))


def test_a_sentence_that_starts_like_a_teaser_cue_opens_no_box() -> None:
    """ "Read more about sharing." is a sentence, not a heading: the line under it is not a teaser for it."""
    text = page(P1, P2, "Read more about the plan.", "Brask harbour wall timeline", P3, P4, P5)
    assert "Brask harbour wall timeline" not in removed(text)


def test_label_value_items_inside_the_article_are_a_list_not_a_menu() -> None:
    items = [
        "Path A: Brask, Holm and the island towns",
        "Path B: Fenn, Oda and the northern coast",
        "Path C: the harbour district and the old town",
        "Path D: Marsh Road, Quay Street and Long Lane",
    ]
    text = page("Brask approves its budget", P1, P2, *items, P3, P4, P5)
    gone = removed(text)
    assert not any(item in gone for item in items), gone


def test_a_menu_of_plain_labels_inside_the_body_still_goes() -> None:
    menu = ["Home", "Politics", "Harbour news", "Schools"]
    text = page("Brask approves its budget", P1, P2, *menu, P3, P4, P5)
    gone = removed(text)
    assert all(item in gone for item in menu), gone


@pytest.mark.parametrize(
    "stamp",
    [
        "Nov 18, 2026 at 9:24 pm ET • 2 min read",
        "November 20, 2026 - 11:28 AMT",
        "Nov 18, 2026 @17:19 PM · Updated: Nov 18, 2026 @17:26 PM",
        "By Gazette Staff | November 18, 2026 at 2:26 PM HST - Updated November 18 at 4:46 PM",
    ],
)
def test_time_stamps_with_a_zone_or_a_byline_go(stamp: str) -> None:
    text = page("Brask approves its budget", stamp, P1, P2, P3, P4)
    assert removed(text) == {stamp: "byline"}


@pytest.mark.parametrize(
    "sentence",
    [
        "The vote ended at 9:24 pm ET on Monday, two hours later than planned.",
        "By March 2027 the council hopes to have finished the harbour wall.",
    ],
)
def test_a_sentence_with_a_time_or_opening_with_by_stays(sentence: str) -> None:
    text = page("Brask approves its budget", P1, sentence, P2, P3, P4)
    assert sentence not in removed(text)


@pytest.mark.parametrize(
    "line",
    [
        "Facebook Twitter LinkedIn",
        "WhatsApp Facebook Email Print",
        "Follow the Gazette on Instagram, Facebook, Twitter and YouTube.",
    ],
)
def test_share_buttons_and_follow_us_lines_go(line: str) -> None:
    text = page("Brask approves its budget", P1, P2, P3, line, P4, P5)
    assert removed(text) == {line: "share_bar"}


def test_an_article_sentence_that_names_social_networks_stays() -> None:
    sentence = "The mayor posted the plan on Facebook and Twitter on Monday, and residents answered there."
    text = page("Brask approves its budget", P1, sentence, P2, P3, P4)
    assert removed(text) == {}


P6 = "The regional government is expected to publish its decision on the plan at the end of March."
P7 = "Residents who want to comment on the harbour wall can do so at the town hall until Friday."
# What follows a newsletter box after the article: its buttons and a sentence in the site's own voice.
SITE = ["Subscribe No thanks", "The Gazette sends every reader a free briefing with council news and ferry times each morning."]


def test_a_newsletter_box_after_the_article_ends_it() -> None:
    text = page("Brask approves its budget", P1, P2, P3, P4, P5, P6, P7, "Subscribe to our newsletter", *SITE, "Privacy policy")
    gone = removed(text)
    assert all(line in gone for line in SITE), gone
    assert not any(paragraph in gone for paragraph in (P1, P2, P3, P4, P5, P6, P7))


def test_a_bare_ad_marker_near_the_end_never_ends_the_article() -> None:
    text = page("Brask approves its budget", P1, P2, P3, P4, P5, P6, "Advertisement", P7, "Privacy policy")
    assert P7 not in removed(text)


def test_the_article_resumes_after_a_newsletter_box_in_its_middle() -> None:
    text = page("Brask approves its budget", P1, P2, P3, "Sign up for our daily newsletter", P4, P5, P6, P7)
    gone = removed(text)
    assert not any(paragraph in gone for paragraph in (P1, P2, P3, P4, P5, P6, P7)), gone


def test_a_named_box_runs_on_through_quoted_headlines_and_its_own_labels() -> None:
    box = [
        "More From The Gazette",
        "Ferry returns to its winter timetable",
        "Advertisement",
        "'Simply too old' harbour crane to be replaced next spring",
        "Why the harbour wall keeps cracking",
    ]
    text = page("Brask approves its budget", P1, P2, P3, *box, P4, P5, P6)
    gone = removed(text)
    assert all(line in gone for line in box), gone
    assert not any(paragraph in gone for paragraph in (P1, P2, P3, P4, P5, P6))


def test_an_unnamed_intro_does_not_take_quoted_lines_as_teasers() -> None:
    """Under "so you can:" the lines are the article's own list, however they open."""
    items = ["'Simply too old' is what the report calls the crane", "Why the harbour wall keeps cracking"]
    text = page("Brask approves its budget", P1, P2, "The report lists two findings:", *items, P3, P4, P5)
    assert items[0] not in removed(text)
