"""The ledger: every change unspin makes to an article, as data.

A report is only trustworthy if a reader can check it. So the output is never
produced by ad-hoc string surgery: it is *derived* from the original text and
a list of `Edit` records, and the same records turn the output back into the
original. `apply_edits` and `invert_edits` are the only two places where text
is rewritten.

Offsets (`start`, `end`) always index the original text (half-open ranges).
An `add` is a zero-width edit (`start == end`) that inserts `replacement`.
A `flag` marks loaded words that unspin found and kept: no cut would leave a grammatical
sentence and no neutral word says the same. It changes no text (`replacement == original`),
so applying and inverting pass it through, but it is a record like any other: the reader
sees the words marked, with the reason.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, model_validator

CUT_MARK = "[...]"


class EditKind(StrEnum):
    BOILERPLATE = "boilerplate"  # web furniture removed (menus, bios, "Read more")
    CUT = "cut"  # loaded/flowery words replaced by CUT_MARK
    MODIFY = "modify"  # loaded word replaced by a neutral one
    ADD = "add"  # text inserted (resolved dates, attributed facts)
    FLAG = "flag"  # loaded words kept as they are, marked for the reader


# Kinds a reader's attention is drawn to in the article text: what detection found.
LOADED_KINDS = frozenset({EditKind.CUT, EditKind.MODIFY, EditKind.FLAG})
# Kinds that change the article's words (what the editing scores count).
WORD_EDIT_KINDS = frozenset({EditKind.CUT, EditKind.MODIFY})


class Edit(BaseModel):
    """One change, with enough context to audit and undo it."""

    model_config = ConfigDict(frozen=True)

    kind: EditKind
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    original: str
    replacement: str
    category: str = ""
    reason: str = ""
    confidence: float = Field(default=1.0, ge=0.0, le=1.0)
    by: str = ""
    source: str | None = None  # for `add`: where the added text came from

    @model_validator(mode="after")
    def _shape(self) -> Edit:
        if self.end < self.start:
            raise ValueError(f"edit end {self.end} is before start {self.start}")
        if self.kind is EditKind.ADD:
            if self.start != self.end or self.original:
                raise ValueError("an add edit must be zero-width with no original text")
        elif self.start == self.end:
            raise ValueError(f"a {self.kind} edit must cover at least one character")
        if self.kind is EditKind.FLAG and self.replacement != self.original:
            raise ValueError("a flag edit changes no text: its replacement must equal its original")
        if len(self.original) != self.end - self.start:
            raise ValueError("original text length does not match the edit's range")
        return self


class LedgerError(ValueError):
    """The edits do not describe a valid, reversible change of the text."""


def sort_edits(edits: Iterable[Edit]) -> list[Edit]:
    return sorted(edits, key=lambda e: (e.start, e.end))


def check_edits(original: str, edits: Iterable[Edit]) -> list[Edit]:
    """Return the edits in text order, or raise if they overlap or misquote the text.

    Two edits conflict when they share a character, or when an add sits at the
    same point as another add or strictly inside another edit (its order would be
    ambiguous, so inversion could not be exact).
    """
    ordered = sort_edits(edits)
    previous: Edit | None = None
    for edit in ordered:
        if edit.end > len(original):
            raise LedgerError(f"edit {edit.start}-{edit.end} runs past the end of the text")
        if original[edit.start : edit.end] != edit.original:
            raise LedgerError(f"edit {edit.start}-{edit.end} does not match the original text")
        if previous is not None:
            same_point_adds = previous.kind is EditKind.ADD and edit.kind is EditKind.ADD and previous.start == edit.start
            if previous.end > edit.start or same_point_adds:
                raise LedgerError(f"edits {previous.start}-{previous.end} and {edit.start}-{edit.end} overlap")
        previous = edit
    return ordered


def apply_edits(original: str, edits: Iterable[Edit]) -> str:
    """Build the output text from the original and the ledger."""
    pieces: list[str] = []
    cursor = 0
    for edit in check_edits(original, edits):
        pieces.append(original[cursor : edit.start])
        pieces.append(edit.replacement)
        cursor = edit.end
    pieces.append(original[cursor:])
    return "".join(pieces)


def output_ranges(edits: Iterable[Edit]) -> list[tuple[Edit, int, int]]:
    """Where each edit's replacement sits in the output text, in text order."""
    located: list[tuple[Edit, int, int]] = []
    shift = 0
    for edit in sort_edits(edits):
        out_start = edit.start + shift
        out_end = out_start + len(edit.replacement)
        located.append((edit, out_start, out_end))
        shift += len(edit.replacement) - (edit.end - edit.start)
    return located


def invert_edits(output: str, edits: Iterable[Edit]) -> str:
    """Rebuild the original text from the output and the ledger, character for character."""
    pieces: list[str] = []
    cursor = 0
    for edit, out_start, out_end in output_ranges(edits):
        if output[out_start:out_end] != edit.replacement:
            raise LedgerError(f"output does not hold the replacement of edit {edit.start}-{edit.end}")
        pieces.append(output[cursor:out_start])
        pieces.append(edit.original)
        cursor = out_end
    pieces.append(output[cursor:])
    return "".join(pieces)
