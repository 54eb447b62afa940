from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.render.factory import edit, report
from unspin.edit.ledger import CUT_MARK, Edit, EditKind, LedgerError
from unspin.render.layout import boilerplate_lines, describe, is_hard_wrapped, layout, segments


def test_segments_follow_the_ledger(curfew):
    parts = segments(curfew)
    assert [(p.text, p.kind) for p in parts] == [("The ", "plain"), (CUT_MARK, "cut"), (" government imposed a curfew.", "plain")]
    assert parts[1].original == "oppressive"
    assert parts[1].number == 1


def test_report_whose_text_disagrees_with_its_ledger_is_refused(curfew):
    tampered = curfew.model_copy(update={"text": "The [..] government imposed a curfew."})
    with pytest.raises(LedgerError, match="disagree"):
        segments(tampered)


def test_boilerplate_is_not_a_segment_and_lines_are_counted():
    original = "Skip to content\nMenu\nBody text.\nShare: X | Facebook\n"
    r = report(
        original,
        [
            edit(original, "boilerplate", "Skip to content\nMenu\n"),
            edit(original, "boilerplate", "Share: X | Facebook\n"),
        ],
    )
    assert [p.text for p in segments(r)] == ["Body text.\n"]
    assert boilerplate_lines(r) == 3


def test_lines_become_paragraphs_and_title_becomes_heading():
    original = "A title\n\nFirst paragraph.\nSecond paragraph.\n"
    page = layout(report(original, title="A title"))
    assert [(b.text, b.heading) for b in page.blocks] == [
        ("A title", True),
        ("First paragraph.", False),
        ("Second paragraph.", False),
    ]
    assert page.title is None  # already in the text: not shown twice


def test_title_missing_from_text_is_kept_for_a_heading():
    page = layout(report("Body only.", title="Headline"))
    assert page.title == "Headline"
    assert not any(b.heading for b in page.blocks)


def test_edited_title_is_still_recognised():
    original = "Shocking vote\nBody."
    r = report(original, [edit(original, "cut", "Shocking")], title="Shocking vote")
    blocks = layout(r).blocks
    assert blocks[0].heading and blocks[0].text == f"{CUT_MARK} vote"


def test_hard_wrapped_text_joins_lines_within_paragraphs():
    original = "This paragraph was wrapped\nat a fixed width by an editor.\n\nAnd so was this\none, over two lines.\n"
    assert is_hard_wrapped(original)
    assert [b.text for b in layout(report(original)).blocks] == [
        "This paragraph was wrapped at a fixed width by an editor.",
        "And so was this one, over two lines.",
    ]


def test_one_paragraph_per_line_is_not_hard_wrapped():
    assert not is_hard_wrapped("First paragraph.\n\nSecond paragraph.\n\nThird.")


@pytest.mark.parametrize(
    ("kind", "fields", "expected"),
    [
        ("cut", {"reason": "emotive adjective", "category": "emotive"}, "cut: oppressive — emotive adjective (emotive)"),
        ("modify", {"reason": "emotive adjective"}, "was: oppressive — emotive adjective"),
        ("add", {"source": "FT"}, "Added from FT"),
        ("add", {}, "added by unspin"),
    ],
)
def test_describe(kind, fields, expected):
    if kind == "add":
        e = Edit(kind=EditKind.ADD, start=0, end=0, original="", replacement="x", **fields)
    else:
        e = Edit(kind=kind, start=4, end=14, original="oppressive", replacement="harsh", **fields)
    assert describe(e) == expected


@st.composite
def texts_with_edits(draw):
    text = draw(st.text(alphabet='ab \n<&"', min_size=1, max_size=40))
    cuts = sorted(draw(st.sets(st.integers(0, len(text)), max_size=8)))
    edits, last = [], 0
    for a, b in zip(cuts[::2], cuts[1::2]):
        if a < last or a == b:
            continue
        kind = draw(st.sampled_from([EditKind.CUT, EditKind.MODIFY, EditKind.BOILERPLATE]))
        replacement = {EditKind.CUT: CUT_MARK, EditKind.MODIFY: draw(st.text("xy \n", max_size=4)), EditKind.BOILERPLATE: ""}[
            kind
        ]
        edits.append(Edit(kind=kind, start=a, end=b, original=text[a:b], replacement=replacement))
        last = b
    return report(text, edits)


@given(texts_with_edits())
def test_segments_rebuild_the_output_text(r):
    """Layout is lossless: boilerplate aside, the segments are exactly the output text."""
    assert "".join(p.text for p in segments(r)) == r.text


@given(texts_with_edits())
def test_paragraphs_are_the_non_blank_lines(r):
    if is_hard_wrapped(r.text):
        return
    lines = [line.strip() for line in r.text.splitlines() if line.strip()]
    assert [b.text.strip() for b in layout(r).blocks] == lines  # edits at an edge keep their spaces
