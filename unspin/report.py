"""The result of neutralizing one article: metadata, both texts and the ledger."""

from __future__ import annotations

import re
from bisect import bisect_right

from pydantic import AliasChoices, Field, computed_field

from unspin.edit.ledger import Edit, EditKind, apply_edits
from unspin.ingest.article import Metadata
from unspin.ingest.outlet import identify_outlet

_LINE = re.compile(r"[^\r\n]+")
_SPACES = re.compile(r"\s+")
# The headline is looked for among the first lines of article text (web furniture skipped),
# as the renderers' layout looks for it: a repeated headline deep in the text is a caption.
_TITLE_WINDOW = 3
# What a headline (or any shown range) keeps of the ledger: the words cut or replaced; not additions or furniture.
_HEADLINE_KINDS = (EditKind.CUT, EditKind.MODIFY, EditKind.FLAG)


class Report(Metadata):
    """The article's source and metadata (as cleaning found them), both texts and the ledger.

    `title` is the headline as the article gave it; `neutral_title` is the same headline as
    the report's text shows it, with the ledger's cuts and replacements. Every list and
    summary shows `neutral_title`. In JSON (`model_dump(by_alias=True)`, as every renderer and
    the API write it) the two are `title` (neutral) and `original_title` (as published).
    """

    title: str | None = Field(
        None, validation_alias=AliasChoices("original_title", "title"), serialization_alias="original_title"
    )
    original: str  # file text as read, or the text extracted from the HTML
    text: str  # the plain version: apply_edits(original, edits)
    edits: list[Edit] = Field(default_factory=list)
    strength: str = "standard"
    version: str = ""

    @computed_field(alias="title")  # type: ignore[prop-decorator]
    @property
    def neutral_title(self) -> str | None:
        """The headline as the report's text carries it (the title as given when the text lacks it)."""
        return neutral_title(self.title, self.original, self.edits)

    @property
    def outlet_name(self) -> str | None:
        """The outlet to show and to credit: `outlet`, else what the report itself names (None: unknown).

        The pipeline fills `outlet` from the same evidence (`unspin.ingest.outlet`); this also names
        the outlet of a report made elsewhere, from its address, datelines, bylines and furniture.
        """
        furniture = "\n".join(e.original for e in self.edits if e.kind is EditKind.BOILERPLATE)
        found = identify_outlet(outlet=self.outlet, url=self.url, author=self.author, text=self.original, furniture=furniture)
        return found.name if found else None

    def shown(self, start: int, end: int) -> str:
        """What the report's text shows for `original[start:end]`: its cuts and replacements applied, spaces collapsed."""
        return _shown(self.original, self.edits, start, end)

    def count(self, kind: EditKind) -> int:
        return sum(1 for edit in self.edits if edit.kind is kind)

    def verify(self) -> bool:
        """True when the ledger reproduces the output from the original."""
        return apply_edits(self.original, self.edits) == self.text


def neutral_title(title: str | None, original: str, edits: list[Edit]) -> str | None:
    """`title` with the ledger's edits of its line in `original` applied, spaces collapsed.

    The line is the first of the first few lines of article text (not web furniture) that
    reads as the title; when none does (a feed whose text leaves the headline out), nothing
    in the ledger touched the headline and it is returned as given.
    """
    wanted = _normal(title or "")
    if not wanted:
        return None
    within_furniture = _furniture_test(edits)
    seen = 0
    for line in _LINE.finditer(original):
        start, end = line.span()
        if not line.group().strip() or within_furniture(start, end):
            continue
        if _normal(line.group()) == wanted:
            return _shown(original, edits, start, end)
        seen += 1
        if seen >= _TITLE_WINDOW:
            break
    return _SPACES.sub(" ", title or "").strip()


def _furniture_test(edits: list[Edit]):  # type: ignore[no-untyped-def]
    """Whether `start:end` lies inside one removed furniture block: a search among the blocks sorted by start,
    not a scan of them all for every line (a 2 MB scraped dump has thousands of both, and the server stores
    such an article in its own process, holding up the small ones)."""
    blocks = sorted((e.start, e.end) for e in edits if e.kind is EditKind.BOILERPLATE)
    starts = [a for a, _ in blocks]
    reach, furthest = [], -1  # reach[i]: the furthest end among the blocks starting at or before blocks[i]
    for _, b in blocks:
        furthest = max(furthest, b)
        reach.append(furthest)

    def within(start: int, end: int) -> bool:
        last = bisect_right(starts, start) - 1
        return last >= 0 and reach[last] >= end

    return within


def _shown(original: str, edits: list[Edit], start: int, end: int) -> str:
    inside = [
        edit.model_copy(update={"start": edit.start - start, "end": edit.end - start})
        for edit in edits
        if edit.kind in _HEADLINE_KINDS and start <= edit.start and edit.end <= end
    ]
    return _SPACES.sub(" ", apply_edits(original[start:end], inside)).strip()


def _normal(text: str) -> str:
    return _SPACES.sub(" ", text).strip().casefold()
