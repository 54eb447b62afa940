"""The result of neutralizing one article: metadata, both texts and the ledger."""

from __future__ import annotations

from pydantic import Field

from unspin.edit.ledger import Edit, EditKind, apply_edits
from unspin.ingest.article import Metadata


class Report(Metadata):
    """The article's source and metadata (as cleaning found them), both texts and the ledger."""

    original: str  # file text as read, or the text extracted from the HTML
    text: str  # the plain version: apply_edits(original, edits)
    edits: list[Edit] = Field(default_factory=list)
    strength: str = "standard"
    version: str = ""

    def count(self, kind: EditKind) -> int:
        return sum(1 for edit in self.edits if edit.kind is kind)

    def verify(self) -> bool:
        """True when the ledger reproduces the output from the original."""
        return apply_edits(self.original, self.edits) == self.text
