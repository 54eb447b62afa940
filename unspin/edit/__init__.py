"""Edit stage: turn detected spans into ledger edits, and apply or invert the ledger."""

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

__all__ = [
    "CUT_MARK",
    "Edit",
    "EditKind",
    "LedgerError",
    "apply_edits",
    "check_edits",
    "invert_edits",
    "output_ranges",
]
