"""Drop the commas that would enclose nothing but a cut: "the plan, [...], would" reads "the plan [...] would".

A parenthetical adverb sits between two commas ("Part of the scheme, obviously, would be ...").
Cut, it leaves "scheme, [...], would", commas around an omission mark. `collapse_commas` adds,
for each such pair, two `modify` edits that remove the commas (a comma's `replacement` is ""),
so the ledger records what changed and why, the cut stays what the policy planned, and the
round trip holds as for the a/an fix (grammar.py). A cut that opens its sentence already takes
its own comma (policy.py), so only cuts inside a sentence are looked at.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from unspin.edit.grammar import CATEGORY
from unspin.edit.ledger import Edit, EditKind, sort_edits
from unspin.edit.protect import Range, RangeSet

BY = "rule:comma-collapse"
_COMMA_BEFORE = re.compile(r",[ \t]*$")
_COMMA_AFTER = re.compile(r"[ \t]*,")
_REASON = "comma removed: with the words between the commas cut, they would enclose only the cut."


def collapse_commas(text: str, edits: list[Edit], skip: Sequence[Range] = ()) -> list[Edit]:
    """`edits` plus, in text order, an edit removing each comma of a pair that would enclose only a
    cut. A comma already inside an edit or a `skip` range (text another stage removes) is left,
    and so is the pair."""
    ordered = sort_edits(edits)
    taken = RangeSet([*((e.start, e.end) for e in ordered), *skip])
    result = list(ordered)
    for edit in ordered:
        if edit.kind is not EditKind.CUT:
            continue
        before = _COMMA_BEFORE.search(text, max(0, edit.start - 8), edit.start)
        after = _COMMA_AFTER.match(text, edit.end)
        if before is None or after is None:
            continue
        commas = [(before.start(), before.start() + 1), (after.end() - 1, after.end())]
        if any(taken.overlaps(start, end) for start, end in commas):
            continue
        result += [_removal(text, start, end, edit) for start, end in commas]
    return sort_edits(result)


def _removal(text: str, start: int, end: int, cut: Edit) -> Edit:
    return Edit(
        kind=EditKind.MODIFY,
        start=start,
        end=end,
        original=text[start:end],
        replacement="",
        category=CATEGORY,
        reason=_REASON,
        confidence=cut.confidence,
        by=BY,
    )
