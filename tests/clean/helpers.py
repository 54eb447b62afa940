"""Small helpers shared by the clean-stage tests."""

from __future__ import annotations

import re

from unspin.edit.ledger import Edit, EditKind, apply_edits, check_edits, invert_edits

SENTENCE_END = re.compile(r"[.!?\u2026][\"'\u201d\u2019)]*\s*$|[\"\u201d\u2019]\s*$")


def removed_lines(text: str, edits: list[Edit]) -> list[str]:
    """The stripped non-blank lines that the edits remove."""
    return [line.strip() for edit in edits for line in edit.original.splitlines() if line.strip()]


def kept_text(text: str, edits: list[Edit]) -> str:
    return apply_edits(text, edits)


def paragraphs(text: str) -> list[str]:
    """Article paragraphs by the brief's rule: more than 12 words, ending like a sentence."""
    return [line.strip() for line in text.splitlines() if len(line.split()) > 12 and SENTENCE_END.search(line)]


def assert_valid_boilerplate(text: str, edits: list[Edit]) -> None:
    """Edits are boilerplate removals of whole lines that never overlap and round-trip."""
    ordered = check_edits(text, edits)
    for edit in ordered:
        assert edit.kind is EditKind.BOILERPLATE and edit.replacement == ""
        assert edit.start == 0 or text[edit.start - 1] == "\n", "an edit must start at a line start"
        assert edit.end == len(text) or text[edit.end - 1] == "\n", "an edit must end after a newline"
        assert edit.reason and edit.category and edit.by == "clean.dump@1"
        assert 0.0 <= edit.confidence <= 1.0
    for first, second in zip(ordered, ordered[1:]):
        assert first.end <= second.start
        if first.end == second.start:
            assert first.category != second.category, "adjacent edits of one category must be merged"
    assert invert_edits(apply_edits(text, edits), edits) == text
