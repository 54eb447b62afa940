"""The dump classifier on small dumps written for the test: what goes, what stays."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.clean.helpers import assert_valid_boilerplate, kept_text, removed_lines
from unspin.clean.dump import classify, find_boilerplate, first_kept_headline

P1 = "The council of Brask approved a new budget on Monday after a debate that lasted more than four hours."
P2 = "Councillor Oda Fenn said the plan would fund two new schools and repair the harbour wall by 2027."
P3 = '"We have waited long enough for this," said Jari Holm, who chairs the finance committee.'
P4 = "The budget still needs the approval of the regional government, which is expected in March."
BODY = "\n\n".join([P1, P2, P3, P4]) + "\n"


def categories(text: str) -> dict[str, str]:
    """Removed line -> category."""
    return {line.strip(): e.category for e in find_boilerplate(text) for line in e.original.splitlines() if line.strip()}


def test_clean_article_text_is_left_alone() -> None:
    assert find_boilerplate(BODY) == []
    assert find_boilerplate("") == []
    assert find_boilerplate("One short line") == []


def test_headline_and_paragraphs_kept_around_furniture() -> None:
    text = f"Skip to content\nMenu\n\nBrask approves budget after long debate\n\nUpdated\n\n{BODY}\nBack to top\n"
    edits = find_boilerplate(text)
    assert_valid_boilerplate(text, edits)
    assert removed_lines(text, edits) == ["Skip to content", "Menu", "Updated", "Back to top"]
    assert kept_text(text, edits).startswith("Brask approves budget after long debate\n\n" + P1)
    assert first_kept_headline(text, edits) == "Brask approves budget after long debate"


def test_teaser_block_goes_with_its_headlines() -> None:
    text = (
        f"{P1}\n\nRead more from the Gazette:\nFerry returns to winter timetable\nWhy the harbour wall matters\n\n{P2}\n\n{P3}\n"
    )
    assert categories(text) == {
        "Read more from the Gazette:": "teaser_block",
        "Ferry returns to winter timetable": "teaser_block",
        "Why the harbour wall matters": "teaser_block",
    }


def test_a_quote_introduced_by_a_colon_is_not_a_teaser() -> None:
    text = f"{P1}\n\nShe said:\n\n{P3}\n\n{P2}\n"
    assert find_boilerplate(text) == []


def test_embedded_video_block_and_its_title() -> None:
    text = f"{P1}\n\n{P2}\n\nHarbour wall repairs explained\nplease wait\n\nNo media source currently available\n\n0:00 0:02:14 0:00\n\n{P3}\n\n{P4}\n"
    edits = find_boilerplate(text)
    assert_valid_boilerplate(text, edits)
    assert len(edits) == 1 and edits[0].category == "media_player"
    assert removed_lines(text, edits)[0] == "Harbour wall repairs explained"


def test_author_box_with_photo_slot_and_name() -> None:
    text = (
        f"{BODY}\n  \u2022 16x9 Image\n\n    Ada Lindqvist\n\n"
        "    Ada Lindqvist is a senior correspondent covering local government and the regional economy.\n"
    )
    cats = categories(text)
    assert set(cats.values()) == {"author_bio"} and len(cats) == 3


def test_caption_printed_twice_goes_both_times() -> None:
    text = f"Brask approves budget\n\nCouncillors vote in Brask (file photo)\nCouncillors vote in Brask (file photo)\n\n{BODY}"
    assert categories(text) == {"Councillors vote in Brask (file photo)": "duplicate_caption"}
    assert len(find_boilerplate(text)) == 1


def test_trailing_site_legend() -> None:
    text = f"{BODY}\n\n- Any text added by the reader app is highlighted in yellow.\n\n- Bold characters indicate content was shortened.\n"
    cats = categories(text)
    assert set(cats.values()) == {"site_legend"} and len(cats) == 2


def test_legal_notice_and_layout_toggles_at_the_end() -> None:
    text = (
        f"{BODY}\nIf you live in Ostrava, please note that you could face fines for sharing our content.\n\n"
        "To find out more, click here.\n\nXS\nSM\nMD\nLG"
    )
    cats = categories(text)
    assert cats["To find out more, click here."] == "legal_notice"
    assert cats["If you live in Ostrava, please note that you could face fines for sharing our content."] == "legal_notice"
    assert {cats[x] for x in ("XS", "SM", "MD", "LG")} == {"layout_control"}


def test_menu_before_the_article_is_page_furniture() -> None:
    menu = "\n".join(["Home", "World", "Business", "Sport", "Culture", "Weather"])
    text = f"{menu}\n\nBrask approves budget after long debate\n\n{BODY}"
    removed = removed_lines(text, find_boilerplate(text))
    assert removed == menu.split("\n")


def test_known_title_is_never_removed() -> None:
    text = f"Related Articles\n\n{BODY}"
    assert find_boilerplate(text, title="Related Articles") == []


def test_extracted_text_mode_only_applies_explicit_rules() -> None:
    text = f"Monday in Brask\n\n{BODY}\nAdvertisement\n"
    assert removed_lines(text, find_boilerplate(text, find_body=False)) == ["Advertisement"]


def test_classify_protects_the_headline() -> None:
    page = classify(f"Breaking News\n\nBrask approves budget after long debate\n\n{BODY}")
    assert 1 in page.protected and 0 in page.labels


LINES = st.sampled_from(
    [
        P1,
        P2,
        P3,
        P4,
        "",
        "",
        "Home",
        "Related Articles",
        "please wait",
        "0:00 0:01:29",
        "Read more:",
        "XS",
        "Brask approves budget",
        "Share this article",
        "By Jonas Pell",
        "  * Menu",
        "\u2022 16x9 Image",
        "Ada Lindqvist",
    ]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(LINES, max_size=30), st.sampled_from(["\n", "\n\n"]), st.booleans())
def test_edits_are_whole_lines_and_never_overlap(lines: list[str], joiner: str, final_newline: bool) -> None:
    text = joiner.join(lines) + ("\n" if final_newline else "")
    assert_valid_boilerplate(text, find_boilerplate(text))


def test_best_run_finds_the_highest_scoring_stretch() -> None:
    from unspin.clean.scoring import best_run

    assert best_run([-1.0, 3.0, -1.0, 2.0, -5.0]) == (1, 4)
    assert best_run([-1.0, -2.0]) is None


def test_teaser_cards_after_the_article_are_trimmed() -> None:
    cards = "".join(
        f"{headline}\n{author}\n{summary}\n\n"
        for headline, author, summary in [
            (
                "Ferry returns to winter timetable",
                "Ana Ferrel",
                "The harbour ferry will run every forty minutes from Monday, the operator said.",
            ),
            (
                "Quay Street traders count the cost",
                "Piet Holm",
                "Shops near the bridge say they lost a third of their trade during the long closure.",
            ),
            (
                "Library reopens with a solar roof",
                "Oda Fenn",
                "The refurbished library in Brask opened its doors again after eight months of work.",
            ),
        ]
    )
    text = f"Brask approves budget after long debate\n\n{BODY}\nMore stories\n\n{cards}"
    kept = kept_text(text, find_boilerplate(text))
    assert P4 in kept and "Ferry returns" not in kept and "Library reopens" not in kept


def test_reader_comments_end_the_article() -> None:
    comments = (
        "Comments\n\nMira on 3 February 2026 at 4:47 pm said:\n\n"
        "I have worked at the port for twenty years and I have never seen the terminals this quiet before today.\n\n"
        "Jonas on 3 February 2026 at 5:02 pm said:\n\n"
        "The authority should publish the full automation study so that everyone can read what it actually says.\n"
    )
    text = f"{BODY}\n{comments}"
    kept = kept_text(text, find_boilerplate(text))
    assert P4 in kept and "twenty years" not in kept and "automation study" not in kept


SUMMARIES = [
    "The harbour ferry will run every forty minutes from Monday, the operator of the line said on Friday.",
    "Shops near the bridge say they lost a third of their trade during the long closure of Quay Street.",
    "The refurbished library in Brask opened its doors again after eight months of work on the roof.",
]


def test_other_stories_heading_ends_the_article() -> None:
    """Teaser cards after the heading: a summary between headline lines, never two in a row."""
    cards = "\n".join(f"Brask news {n}\n{summary}" for n, summary in enumerate(SUMMARIES, 1))
    text = f"{BODY}\nWant more stories like this?\n\n{cards}\n"
    edits = find_boilerplate(text)
    assert_valid_boilerplate(text, edits)
    kept = kept_text(text, edits)
    assert P4 in kept and not any(summary in kept for summary in SUMMARIES)
    assert categories(text)["Want more stories like this?"] == "related_stories"


def test_related_box_low_in_the_article_does_not_end_it() -> None:
    """More article above the box than below, but two paragraphs in a row after it: the article goes on."""
    more = [P1.replace("Monday", "Tuesday"), P2.replace("two", "three"), P4.replace("March", "May")]
    text = (
        "\n\n".join(
            [
                P1,
                P2,
                P3,
                *more,
                "Related articles",
                "Ferry returns to winter timetable",
                "Shops reopen on Quay Street",
                P4,
                P2.replace("2027", "2028"),
            ]
        )
        + "\n"
    )
    kept = kept_text(text, find_boilerplate(text))
    assert P4 in kept and P2.replace("2027", "2028") in kept and P1 in kept


def test_related_box_inside_the_article_does_not_end_it() -> None:
    """Some sites put a "Related news" box in the middle of the article: it must not end it."""
    rest = "\n\n".join([P3, P4, *SUMMARIES]) + "\n"
    text = f"{P1}\n\n{P2}\n\nRelated news\nFerry returns to winter timetable\n\n{rest}"
    kept = kept_text(text, find_boilerplate(text))
    assert P1 in kept and P2 in kept and rest.strip() in kept


def test_comment_count_heading_is_matched_whatever_the_count() -> None:
    comments = (
        '12 thoughts on "Brask approves budget"\n\nMira\n\n'
        "I have worked at the port for twenty years and I have never seen the terminals this quiet before today.\n"
    )
    text = f"{BODY}\n{comments}"
    kept = kept_text(text, find_boilerplate(text))
    assert P4 in kept and "twenty years" not in kept


def test_author_bio_with_a_handle_after_the_name() -> None:
    text = f"{BODY}\nOda Fenn (@odafenn) is a staff writer at the Gazette covering the harbour and local politics.\n"
    assert categories(text) == {
        "Oda Fenn (@odafenn) is a staff writer at the Gazette covering the harbour and local politics.": "author_bio"
    }


def test_author_bio_above_a_long_footer_is_still_in_the_tail() -> None:
    """Many short footer lines push the bio above the last 30% of lines; little prose follows it."""
    footer = "\n".join(f"Section {n}" for n in range(12))
    bio = "Ada Lindqvist is a senior correspondent covering local government and the regional economy."
    text = f"{BODY}\n{bio}\n\n{footer}\n"
    assert categories(text).get(bio) == "author_bio"


# Issue 12, item 1: the cleaner removes lines only where what stays is clearly the article.
MEDICARE = "\u201cYou paid into Medicare for years, every paycheck,\u201d the advertisement says."


def test_one_sentence_article_is_kept_though_it_names_furniture() -> None:
    assert find_boilerplate(MEDICARE + "\n") == []
    assert find_boilerplate(MEDICARE) == []
    assert find_boilerplate(MEDICARE + "\n", find_body=False) == []  # the HTML path's second net too


def test_short_article_under_a_headline_keeps_its_sentence() -> None:
    text = f"Medicare advert runs again\n\n{MEDICARE}\n"
    assert MEDICARE in kept_text(text, find_boilerplate(text))


def test_furniture_around_a_one_sentence_article_still_goes() -> None:
    text = f"Skip to content\nMenu\n\n{MEDICARE}\n\nSubscribe to our newsletter\n"
    kept = kept_text(text, find_boilerplate(text))
    assert MEDICARE in kept
    assert "Skip to content" not in kept


def test_a_bare_menu_is_still_all_furniture() -> None:
    MENU = "Menu\nSign in\nSubscribe\n"
    assert "Sign in" not in kept_text(MENU, find_boilerplate(MENU))


RU = [
    "Городской совет одобрил новый бюджет в понедельник после долгих споров, которые длились больше четырёх часов.",
    "Советник Ода Фенн сказала, что план позволит построить две новые школы и отремонтировать стену гавани.",
    "Бюджет ещё должно утвердить региональное правительство, решение ожидается в марте следующего года.",
    "Жители района говорят, что давно ждали ремонта, но сомневаются, что работы закончатся вовремя и без задержек.",
]


def test_one_english_line_does_not_unmake_the_paragraphs_of_a_page_in_another_language() -> None:
    """The prose floor is the page's median, not its mean: one English sentence must not raise it
    above every Russian paragraph (a dev case with an English box on a Russian page lost them all)."""
    english = "What do you buy for the person who already has the latest technology in the house?"
    text = "\n\n".join([*RU[:2], "Related articles", english, *RU[2:]]) + "\n"
    kept = kept_text(text, find_boilerplate(text))
    assert all(paragraph in kept for paragraph in RU)


def test_invisible_format_characters_do_not_change_what_a_line_is() -> None:
    """Bidi overrides and zero-width characters round a sentence: it still ends like one, and the
    line is measured as if they were not there (its text in the ledger stays as written)."""
    plain = classify(BODY)
    marked = (
        "\n\n".join(f"\u202e{p}\u202c" if n % 2 else p.replace("budget", "bud\u200bget") for n, p in enumerate([P1, P2, P3, P4]))
        + "\n"
    )
    page = classify(marked)
    assert [f.terminal for f in page.feats] == [f.terminal for f in plain.feats] == [True] * 4
    assert [f.words for f in page.feats] == [f.words for f in plain.feats]
    assert find_boilerplate(marked) == []


def test_a_text_of_a_few_lines_loses_no_line_by_position() -> None:
    """A short article (found by the robustness corpus: a short English sentence, a Hebrew one, a
    quotation) is no page dump: nothing is a page header or footer because of where it stands."""
    text = (
        "The council approved the bridge on Tuesday.\n\n"
        "\u05d4\u05de\u05d5\u05e2\u05e6\u05d4 \u05d0\u05d9\u05e9\u05e8\u05d4 \u05d0\u05ea \u05d4\u05d2\u05e9\u05e8 \u05d1-48.\n\n"
        f"{P3}\n"
    )
    assert find_boilerplate(text) == []


def test_a_text_of_invisible_characters_only_is_empty() -> None:
    import pytest

    from unspin.clean import CleanError, clean_article
    from unspin.ingest.article import Article

    with pytest.raises(CleanError, match="empty"):
        clean_article(Article(source="x", text="\u200b\u200c\n\u202e\u202c\n\ufeff\n"))


def test_gallery_counters_and_their_captions_go() -> None:
    gallery = "Image 1 of 3\nAn artist's concept of the new harbour bridge at night.\n\n1 / 3\nThe old ferry terminal.\n\n"
    text = f"{P1}\n\n{P2}\n\n{gallery}{P3}\n\n{P4}\n"
    kept = kept_text(text, find_boilerplate(text))
    assert all(p in kept for p in (P1, P2, P3, P4))
    assert "Image 1 of 3" not in kept and "artist's concept" not in kept and "ferry terminal" not in kept
    assert categories(text)["Image 1 of 3"] == "caption"


def test_author_box_with_an_about_heading_or_the_first_name() -> None:
    about = (
        "\u00dcber Moritz Bachmann\nAls Sales Manager bildet Moritz Bachmann die Schnittstelle zwischen Marketing und Vertrieb.\n"
    )
    first = "Emiliano Bellini\nEmiliano joined the magazine in March 2017. He has been reporting on solar energy since 2009.\n"
    for box in (about, first):
        text = f"{BODY}\n{box}"
        kept = kept_text(text, find_boilerplate(text))
        assert all(p in kept for p in (P1, P2, P3, P4))
        assert box.splitlines()[1] not in kept, box


def test_a_name_line_above_a_paragraph_about_someone_else_is_no_author_box() -> None:
    text = f"{P1}\n\nMary Hollins\nMary said the plan would fund two new schools and repair the harbour wall by 2027.\n\n{P4}\n"
    assert find_boilerplate(text) == []
