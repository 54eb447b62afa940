"""Line features of the dump classifier, on small strings written for the test."""

from __future__ import annotations

import pytest

from unspin.clean.features import (
    ends_like_sentence,
    is_dateline,
    is_headline_like,
    is_image_placeholder,
    is_paragraph,
    is_timecode_line,
    measure,
    repeat_counts,
    site_voice,
    tokens,
)
from unspin.clean.lines import split_lines, strip_bullet
from unspin.clean.resources import normalise, parse_cues


def features_of(text: str):
    lines = split_lines(text)
    counts = repeat_counts(lines)
    return [measure(line, counts) for line in lines]


def test_split_lines_owns_trailing_blank_lines() -> None:
    text = "Title\n\n\n  * Menu item\nLast line"
    lines = split_lines(text)
    assert [line.text for line in lines] == ["Title", "Menu item", "Last line"]
    assert [text[line.start : line.end] for line in lines] == ["Title\n\n\n", "  * Menu item\n", "Last line"]
    assert lines[1].bullet and lines[1].blank_before == 2


def test_invisible_characters_make_a_blank_line() -> None:
    assert [line.text for line in split_lines("One\n\u200b\nTwo\n")] == ["One", "Two"]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("* Home", ("Home", True)),
        ("\u2022 16x9 Image", ("16x9 Image", True)),
        ("- [...] legend", ("[...] legend", True)),
        ("3. Calculate the score", ("Calculate the score", True)),
        ("2019. The year began", ("2019. The year began", False)),
        ("### A subheading", ("A subheading", False)),
        ("Plain line", ("Plain line", False)),
    ],
)
def test_strip_bullet(raw: str, expected: tuple[str, bool]) -> None:
    assert strip_bullet(raw) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He left.", True),
        ("Is it over?", True),
        ("\u201cWe will stay,\u201d she said.", True),
        ("\u201cWe will stay.\u201d", True),
        ("Read more from the Courier:", False),
        ("Breaking News", False),
        ("\u305d\u3046\u3067\u3059\u3002", True),
    ],
)
def test_ends_like_sentence(text: str, expected: bool) -> None:
    assert ends_like_sentence(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("0:00 0:01:29 0:00", True), ("12:05 / 3:40", True), ("At 12:05 the talks began", False), ("2025", False)],
)
def test_timecode_lines(text: str, expected: bool) -> None:
    assert is_timecode_line(text) is expected


def test_image_placeholders() -> None:
    assert is_image_placeholder(tokens("16x9 Image"))
    assert is_image_placeholder(tokens("Photo"))
    assert not is_image_placeholder(tokens("Photo of the harbour at dawn"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("By Jonas Pell", True),
        ("14 October 2025, 18:20", True),
        ("Updated: 2 Feb 2026 9:38 pm", True),
        ("By the end of the week, talks resumed.", False),
        ("More than 4,000 people left on 14 October.", False),
    ],
)
def test_datelines(text: str, expected: bool) -> None:
    assert is_dateline(text, tokens(text)) is expected


def test_site_voice_counts_only_unquoted_pronouns() -> None:
    pronouns = frozenset({"you", "your", "we", "our", "us"})
    assert site_voice("If you share our content you could face fines.", pronouns) == 3
    assert site_voice('"We will win," he told us.', pronouns) == 0


def test_cjk_text_counts_words_by_characters() -> None:
    assert len(tokens("\u5546\u6a19\u6cd5\u9055\u53cd")) == 3


def test_paragraph_and_headline_shapes() -> None:
    para, headline, label = features_of(
        "The council approved the budget on Monday after a debate that lasted four hours.\n"
        "Council approves budget after marathon debate\n"
        "Related Articles\n"
    )
    assert is_paragraph(para, 0.18) and not is_headline_like(para, "x.")
    assert is_headline_like(headline, "Council approves budget after marathon debate")
    assert label.cue is not None and label.cue.category == "related_stories"


def test_repeated_lines_are_counted() -> None:
    feats = features_of("Home\nNews\nHome\n")
    assert [f.repeats for f in feats] == [2, 1, 2]


def test_cue_book_modes() -> None:
    book = parse_cues("[navigation]\n= back to top\n^ read more\nclick here\n! all rights reserved\n")
    limits: dict[str, int] = {}
    assert book.match(normalise("Back to top."), 3, limits, 12).phrase == "back to top"
    assert book.match(normalise("Read more: ferry news"), 4, limits, 12).mode == "start"
    assert book.match(normalise("To find out more, click here."), 6, limits, 12).mode == "short"
    assert book.match(normalise(" ".join(["word"] * 30) + " click here"), 32, limits, 12) is None
    assert book.match(normalise(" ".join(["word"] * 30) + " all rights reserved"), 33, limits, 12).mode == "any"


def test_by_the_way_is_not_a_byline() -> None:
    assert not is_dateline("By the way", tokens("By the way"))
