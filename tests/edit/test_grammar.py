"""a/an agreement after the editor cuts or replaces the word after an article."""

from __future__ import annotations

from importlib import resources

import pytest
from hypothesis import given
from hypothesis import strategies as st

from unspin.edit.grammar import BY, CATEGORY, agree_articles, article_for
from unspin.edit.ledger import CUT_MARK, Edit, EditKind, apply_edits, check_edits, invert_edits


def cut(text: str, words: str, confidence: float = 0.8, nth: int = 0) -> Edit:
    start = -1
    for _ in range(nth + 1):
        start = text.index(words, start + 1)
    return Edit(
        kind=EditKind.CUT,
        start=start,
        end=start + len(words),
        original=words,
        replacement=CUT_MARK,
        category="emotive_adjective",
        reason="loaded",
        confidence=confidence,
        by="test",
    )


def modify(text: str, words: str, replacement: str) -> Edit:
    start = text.index(words)
    return Edit(
        kind=EditKind.MODIFY,
        start=start,
        end=start + len(words),
        original=words,
        replacement=replacement,
        category="loaded_noun",
        reason="loaded",
        confidence=0.7,
        by="test",
    )


def output(text: str, edits: list[Edit]) -> str:
    result = agree_articles(text, edits)
    check_edits(text, result)
    rendered = apply_edits(text, result)
    assert invert_edits(rendered, result) == text
    return rendered


def grammar(edits: list[Edit]) -> list[Edit]:
    return [e for e in edits if e.category == CATEGORY]


@pytest.mark.parametrize(
    ("word", "article"),
    [
        ("situation", "a"),
        ("apple", "an"),
        ("élite", "an"),
        ("hour", "an"),
        ("hourly", "an"),
        ("honest", "an"),
        ("honorary", "an"),
        ("heir", "an"),
        ("university", "a"),
        ("union", "a"),
        ("unidentified", "an"),
        ("uninformed", "an"),
        ("unanimous", "a"),
        ("European", "a"),
        ("euphemism", "a"),
        ("one-off", "a"),
        ("once-proud", "a"),
        ("onerous", "an"),
        ("usual", "a"),
        ("utility", "a"),
        ("Ugandan", "a"),
        ("Ukrainian", "a"),
        ("ugly", "an"),
        ("urban", "an"),
        ("utter", "an"),
        ("unusual", "an"),
        ("MP", "an"),
        ("MPs", "an"),
        ("FBI", "an"),
        ("F.B.I", "an"),
        ("NHS", "an"),
        ("NYPD", "an"),
        ("LAPD", "an"),
        ("US", "a"),
        ("UN", "a"),
        ("UK", "a"),
        ("CIA", "a"),
        ("EU", "an"),
        ("IRA", "an"),
        ("OPEC", "an"),
        ("NATO", "a"),
        ("NASA", "a"),
        ("SCOTUS", "a"),
        ("SWAT", "a"),
        ("HUD", "a"),
        ("NCAA", "an"),
        ("MI5", "an"),
        ("X-ray", "an"),
        ("U-turn", "a"),
        ("F-16", "an"),
        ("T-shirt", "a"),
        ("8-year-old", None),
        ("\u201cdeal\u201d", None),
        ("", None),
    ],
)
def test_article_follows_the_sound(word: str, article: str | None) -> None:
    assert article_for(word) == article


def test_every_exception_row_says_what_its_example_shows() -> None:
    table = resources.files("unspin.data.lexicons").joinpath("article_sounds.tsv").read_text(encoding="utf-8")
    rows = [line.split("\t") for line in table.splitlines() if line and not line.startswith("#")][1:]
    assert rows
    for form, article, match, source, example in rows:
        assert match in ("prefix", "acronym") and source == "hand"
        for phrase in example.split(", "):
            said, word = phrase.split(" ")[:2]
            assert said == article and article_for(word) == article, (form, phrase)


@pytest.mark.parametrize(
    ("text", "cuts", "expected"),
    [
        ("It is an untenable situation.", ["untenable"], "It is a [...] situation."),
        ("An untenable situation arose.", ["untenable"], "A [...] situation arose."),
        ("A brutal attack ended it.", ["brutal"], "An [...] attack ended it."),
        ("A lavish, outrageous event was held.", ["lavish, outrageous"], "An [...] event was held."),
        ("He gave a shameful evasive answer.", ["shameful"], "He gave an [...] evasive answer."),
        ("She took a grueling hour-long drive.", ["grueling"], "She took an [...] hour-long drive."),
        ("It is an elite university.", ["elite"], "It is a [...] university."),
        ("It was an outrageous European plan.", ["outrageous"], "It was a [...] European plan."),
        ("It was an astonishing one-off.", ["astonishing"], "It was a [...] one-off."),
        ("He is a disgraced MP now.", ["disgraced"], "He is an [...] MP now."),
        ("a rogue FBI agent", ["rogue"], "an [...] FBI agent"),
        ("an outrageous US claim", ["outrageous"], "a [...] US claim"),
        ("AN UNTENABLE SITUATION", ["UNTENABLE"], "A [...] SITUATION"),
        ("It was a brutal\nattack, with an awful\nturn.", ["brutal", "awful"], "It was an [...]\nattack, with a [...]\nturn."),
        ("It was a\nhorrific idea.", ["horrific"], "It was an\n[...] idea."),  # hard-wrapped
        # several cuts in one sentence, each with its own article
        (
            "It was an egregious blunder, an unprecedented lapse and a ugly outrageous error.",
            ["egregious", "unprecedented", "ugly outrageous"],
            "It was a [...] blunder, a [...] lapse and an [...] error.",
        ),
    ],
)
def test_article_agrees_after_a_cut(text: str, cuts: list[str], expected: str) -> None:
    assert output(text, [cut(text, words) for words in cuts]) == expected


def test_consecutive_cuts_read_through_to_the_next_word() -> None:
    text = "It is an awful terrible plan."
    edits = [cut(text, "awful"), cut(text, "terrible")]  # not joined into one, as the policy would
    assert output(text, edits) == "It is a [...] [...] plan."
    assert len(grammar(agree_articles(text, edits))) == 1  # only the article before the first cut


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("It is an untenable 8-point plan.", "untenable"),  # a number: not read
        ("It is an untenable \u201cdeal\u201d.", "untenable"),  # a quote mark
        ("It ended in an untenable", "untenable"),  # the end of the text
        ("It is an awful\n\nsituation.", "awful"),  # the next word is in another paragraph
        ("Plan A brutal idea.", "brutal"),  # "A" as a letter, not an article
        ("It is an awful apple.", "awful"),  # already agrees
        ("It is a dire state.", "dire"),
        ("Santa untenable idea.", "untenable"),  # "a" inside a word
        ("a-brutal idea", "brutal"),  # not only whitespace between
        ("It is an awful [sic] plan.", "awful"),  # a bracket, not a word
    ],
)
def test_article_left_alone(text: str, words: str) -> None:
    edits = [cut(text, words)]
    assert agree_articles(text, edits) == edits


def test_grammar_edit_records_why_and_credits_the_cut() -> None:
    text = "It is an untenable situation."
    [article, the_cut] = agree_articles(text, [cut(text, "untenable", confidence=0.62)])
    assert (article.kind, article.start, article.end, article.original, article.replacement) == (
        EditKind.MODIFY,
        6,
        8,
        "an",
        "a",
    )
    assert article.category == CATEGORY and article.by == BY == "rule:article-agreement"
    assert article.confidence == 0.62
    assert article.reason == "'an' changed to 'a' so the article agrees with the word after the cut."
    assert the_cut == cut(text, "untenable", confidence=0.62)


def test_modification_after_an_article() -> None:
    text = "He is a crony of the mayor."
    result = agree_articles(text, [modify(text, "crony", "associate")])
    assert apply_edits(text, result) == "He is an associate of the mayor."
    assert grammar(result)[0].reason.endswith("agrees with the word after the new word.")


def test_modification_that_took_its_article_is_not_edited_twice() -> None:
    text = "He is a crony of the mayor."
    folded = modify(text, "a crony", "an associate")  # as unspin/detect/rules.py writes it
    assert agree_articles(text, [folded]) == [folded]
    wrong = modify(text, "a crony", "an unionist")  # a letter-based choice, corrected by sound
    [fixed] = agree_articles(text, [wrong])
    assert (fixed.start, fixed.end, fixed.replacement) == (wrong.start, wrong.end, "a unionist")


def test_article_inside_another_edit_or_skipped_text_is_left_alone() -> None:
    text = "Menu an\nuntenable situation."
    boilerplate = Edit(kind=EditKind.BOILERPLATE, start=0, end=7, original="Menu an", replacement="")
    edits = [boilerplate, cut(text, "untenable")]
    assert agree_articles(text, edits) == edits
    assert agree_articles(text, [cut(text, "untenable")], skip=[(0, 7)]) == [cut(text, "untenable")]


def test_other_kinds_pass_through() -> None:
    text = "Home | News\nIt is an untenable situation, and an awful one."
    boilerplate = Edit(kind=EditKind.BOILERPLATE, start=0, end=12, original="Home | News\n", replacement="")
    flag = Edit(kind=EditKind.FLAG, start=text.index("awful"), end=text.index("awful") + 5, original="awful", replacement="awful")
    result = agree_articles(text, [flag, cut(text, "untenable"), boilerplate])
    assert boilerplate in result and flag in result
    assert apply_edits(text, result) == "It is a [...] situation, and an awful one."


# --- properties --------------------------------------------------------------------------------

WORDS = [
    "a",
    "an",
    "A",
    "An",
    "AN",
    "hour",
    "apple",
    "university",
    "untenable",
    "brutal",
    "FBI",
    "US",
    "one-off",
    "8",
    "\u201cso\u201d",
    ",",
    ".",
    "x",
]


@st.composite
def text_and_edits(draw: st.DrawFn) -> tuple[str, list[Edit]]:
    """Random texts of article-heavy words and a valid ledger: cuts, modifications and others."""
    parts = draw(st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from([" ", " ", "  ", "\n", "\n\n", ""])), max_size=25))
    text = "".join(word + gap for word, gap in parts)
    points = sorted(set(draw(st.lists(st.integers(0, len(text)), max_size=14))))
    edits: list[Edit] = []
    for start, end in zip(points, points[1:]):
        kind = draw(
            st.sampled_from([None, None, EditKind.CUT, EditKind.CUT, EditKind.MODIFY, EditKind.BOILERPLATE, EditKind.FLAG])
        )
        if kind is None:
            continue
        original = text[start:end]
        replacement = {
            EditKind.CUT: CUT_MARK,
            EditKind.BOILERPLATE: "",
            EditKind.FLAG: original,
        }.get(kind, draw(st.sampled_from(["associate", "an hour", "a unionist", "an apple", "8", ""])))
        edits.append(
            Edit(kind=kind, start=start, end=end, original=original, replacement=replacement, confidence=draw(st.floats(0, 1)))
        )
    return text, edits


@given(text_and_edits())
def test_agreement_never_overlaps_and_always_round_trips(case: tuple[str, list[Edit]]) -> None:
    text, edits = case
    result = agree_articles(text, edits)
    check_edits(text, result)  # raises on an overlap or a misquote
    assert invert_edits(apply_edits(text, result), result) == text
    assert agree_articles(text, result) == result  # running it again changes nothing
    added = [e for e in result if e.by == BY]
    assert len(result) == len(edits) + len(added)
    assert {(e.kind, e.start, e.end) for e in edits} <= {(e.kind, e.start, e.end) for e in result}
    for edit in added:
        assert edit.kind is EditKind.MODIFY and edit.original.lower() in ("a", "an")
        assert edit.replacement.lower() in ("a", "an") and edit.replacement.lower() != edit.original.lower()


def test_an_edit_between_the_article_and_the_cut_blocks_agreement() -> None:
    text = "so a  brutal plan"
    space = Edit(kind=EditKind.CUT, start=5, end=6, original=" ", replacement=CUT_MARK)
    edits = [space, cut(text, "brutal")]
    assert agree_articles(text, edits) == edits  # found by hypothesis: two edits, one article
