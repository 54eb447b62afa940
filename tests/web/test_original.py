"""The "show original" layout: the original text, whole, with each edit marked at its ledger position."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from tests.render.factory import report, sample_report
from unspin.edit.ledger import CUT_MARK, Edit, EditKind, output_ranges
from unspin.web.original import original_blocks, original_note, original_segments


def test_segments_spell_the_original_exactly() -> None:
    report = sample_report()
    parts = original_segments(report)
    assert "".join(part.text for part in parts) == report.original
    marked = [(part.text, part.number) for part in parts if part.edit is not None]
    numbered = [
        (edit.original, number)
        for number, (edit, _, _) in enumerate(output_ranges(report.edits), 1)
        if edit.kind is not EditKind.ADD
    ]
    assert marked == numbered


def test_blocks_keep_every_line_and_mark_the_title() -> None:
    report = sample_report()
    blocks = original_blocks(report)
    lines = [line.strip() for line in report.original.splitlines() if line.strip()]
    assert [block.text.strip() for block in blocks] == lines
    assert [block.heading for block in blocks].count(True) == 1
    assert blocks[2].heading  # the headline, after two lines of menus


def test_notes_say_what_became_of_the_span() -> None:
    report = sample_report()
    notes = {edit.original: original_note(edit) for edit in report.edits}
    assert notes["brazenly"].startswith("cut, shown as [...] — editorialising adverb")
    assert notes["slammed"].startswith("now: criticised — ")
    assert notes["Skip to content\n"].startswith("removed as web furniture")


@given(st.lists(st.sampled_from(["word ", "loaded ", "\n", "\n\n", "Menu | Home\n", "“quoted” "]), max_size=40))
def test_any_text_is_kept_whole(pieces: list[str]) -> None:
    original = "".join(pieces) or "x"
    edits = [
        Edit(kind=EditKind.CUT, start=match.start(), end=match.end(), original="loaded", replacement=CUT_MARK)
        for match in re.finditer("loaded", original)
    ]
    built = report(original, edits)
    assert "".join(part.text for part in original_segments(built)) == original
    shown = "".join(block.text for block in original_blocks(built))
    assert re.sub(r"\s", "", shown) == re.sub(r"\s", "", original)
