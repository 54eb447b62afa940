"""Property tests for the ledger: apply and invert are exact, edits never overlap."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from unspin.edit.ledger import (
    CUT_MARK,
    Edit,
    EditKind,
    LedgerError,
    apply_edits,
    check_edits,
    invert_edits,
    output_ranges,
)

TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=200)


def _edit(original: str, kind: EditKind, start: int, end: int, replacement: str) -> Edit:
    return Edit(kind=kind, start=start, end=end, original=original[start:end], replacement=replacement)


@st.composite
def text_and_edits(draw: st.DrawFn) -> tuple[str, list[Edit]]:
    """A text and a valid ledger for it: sorted cut points, each gap edited or not."""
    text = draw(TEXT)
    points = sorted(set(draw(st.lists(st.integers(0, len(text)), max_size=12))))
    edits: list[Edit] = []
    last_add = -1
    for start, end in zip(points, points[1:]):
        kind = draw(st.sampled_from([None, EditKind.CUT, EditKind.MODIFY, EditKind.BOILERPLATE, EditKind.ADD, EditKind.FLAG]))
        if kind is None:
            continue
        if kind is EditKind.ADD:
            if start == last_add:
                continue
            edits.append(Edit(kind=kind, start=start, end=start, original="", replacement=draw(TEXT.filter(bool))))
            last_add = start
            continue
        if kind is EditKind.FLAG:
            edits.append(_edit(text, kind, start, end, text[start:end]))
            continue
        replacement = {EditKind.CUT: CUT_MARK, EditKind.BOILERPLATE: ""}.get(kind) or draw(TEXT)
        edits.append(_edit(text, kind, start, end, replacement))
    shuffled = draw(st.permutations(edits))
    return text, list(shuffled)


@given(text_and_edits())
def test_invert_gives_back_the_original(case: tuple[str, list[Edit]]) -> None:
    text, edits = case
    assert invert_edits(apply_edits(text, edits), edits) == text


@given(text_and_edits())
def test_output_ranges_hold_the_replacements(case: tuple[str, list[Edit]]) -> None:
    text, edits = case
    output = apply_edits(text, edits)
    for edit, start, end in output_ranges(edits):
        assert output[start:end] == edit.replacement


@given(text_and_edits())
def test_checked_edits_are_sorted_and_disjoint(case: tuple[str, list[Edit]]) -> None:
    text, edits = case
    ordered = check_edits(text, edits)
    for before, after in zip(ordered, ordered[1:]):
        assert before.end <= after.start


@given(TEXT.filter(lambda t: len(t) >= 4), st.data())
def test_overlapping_edits_are_refused(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text) - 3))
    end = data.draw(st.integers(start + 2, len(text)))
    middle = data.draw(st.integers(start + 1, end - 1))
    first = _edit(text, EditKind.CUT, start, end, CUT_MARK)
    second = _edit(text, EditKind.MODIFY, middle, end, "x")
    with pytest.raises(LedgerError):
        apply_edits(text, [first, second])


def test_the_brief_example() -> None:
    text = "The oppressive government imposed a curfew"
    edit = _edit(text, EditKind.CUT, 4, 14, CUT_MARK)
    assert apply_edits(text, [edit]) == "The [...] government imposed a curfew"


def test_add_inside_another_edit_is_refused() -> None:
    text = "abcdef"
    cut = _edit(text, EditKind.CUT, 1, 4, CUT_MARK)
    add = Edit(kind=EditKind.ADD, start=2, end=2, original="", replacement="x")
    with pytest.raises(LedgerError):
        check_edits(text, [cut, add])


def test_add_must_be_zero_width() -> None:
    with pytest.raises(ValueError):
        Edit(kind=EditKind.ADD, start=1, end=2, original="b", replacement="x")


def test_misquoted_original_is_refused() -> None:
    edit = Edit(kind=EditKind.CUT, start=0, end=3, original="xyz", replacement=CUT_MARK)
    with pytest.raises(LedgerError):
        apply_edits("abcdef", [edit])


def test_wrong_output_cannot_be_inverted() -> None:
    text = "abcdef"
    edit = _edit(text, EditKind.MODIFY, 0, 3, "XYZ")
    with pytest.raises(LedgerError):
        invert_edits("abcdef", [edit])


@given(text_and_edits())
def test_flags_change_no_text(case: tuple[str, list[Edit]]) -> None:
    text, edits = case
    without_flags = [e for e in edits if e.kind is not EditKind.FLAG]
    assert apply_edits(text, edits) == apply_edits(text, without_flags)
    assert invert_edits(apply_edits(text, edits), edits) == text


def test_a_flag_must_keep_its_text() -> None:
    with pytest.raises(ValueError, match="changes no text"):
        Edit(kind=EditKind.FLAG, start=0, end=4, original="dire", replacement="grim")
