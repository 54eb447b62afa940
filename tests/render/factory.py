"""Build Reports by hand: an original text and a few edits located by the words they touch."""

from __future__ import annotations

from unspin.edit.ledger import CUT_MARK, Edit, EditKind, apply_edits
from unspin.report import Report


def edit(
    original: str,
    kind: str,
    words: str = "",
    replacement: str | None = None,
    *,
    after: str | None = None,
    occurrence: int = 1,
    **fields,
) -> Edit:
    """An edit on the `occurrence`-th `words` in `original` (an add goes right after `after`)."""
    kind = EditKind(kind)
    if kind is EditKind.ADD:
        anchor = _find(original, after, occurrence) + len(after)
        return Edit(kind=kind, start=anchor, end=anchor, original="", replacement=replacement or "", **fields)
    start = _find(original, words, occurrence)
    if replacement is None:
        replacement = CUT_MARK if kind is EditKind.CUT else ""
    return Edit(kind=kind, start=start, end=start + len(words), original=words, replacement=replacement, **fields)


def report(original: str, edits: list[Edit] = (), **meta) -> Report:
    meta.setdefault("source", "test.txt")
    return Report(original=original, text=apply_edits(original, edits), edits=list(edits), **meta)


def _find(text: str, words: str, occurrence: int) -> int:
    index = -1
    for _ in range(occurrence):
        index = text.find(words, index + 1)
        if index < 0:
            raise ValueError(f"{words!r} occurs fewer than {occurrence} times")
    return index


SAMPLE_ORIGINAL = """\
Skip to content
Menu | World | Business | Opinion | Sign in
City council passes disputed water bill after marathon session
The city council on Tuesday brazenly pushed through a sweeping water bill that critics say will raise bills for thousands of households.
The oppressive measure, which passed after a shocking eleven-hour session, lets the utility raise prices by up to 9% a year.
Opposition members slammed the vote as a betrayal. "This was rushed through without a proper hearing," said councillor Maria Okafor, who voted against it.
Mayor Daniel Reyes defended the bill, saying the city's pipes "are older than most of the people in this room" and need urgent repair.
Read more: Why your water bill keeps going up
The utility says the first increase will take effect in January.
Share this article: Facebook | X | Email
© 2024 Example Daily. All rights reserved.
"""


def sample_report() -> Report:
    o = SAMPLE_ORIGINAL
    line = lambda words: words + "\n"  # noqa: E731 - boilerplate removes the whole line
    edits = [
        edit(o, "boilerplate", line("Skip to content"), category="navigation", reason="site chrome"),
        edit(o, "boilerplate", line("Menu | World | Business | Opinion | Sign in"), category="navigation", reason="site chrome"),
        edit(o, "cut", "brazenly", category="loaded-adverb", reason="editorialising adverb", confidence=0.91),
        edit(
            o, "modify", "pushed through", "passed", category="loaded-verb", reason="implies force; neutral verb", confidence=0.78
        ),
        edit(o, "add", replacement=" (4 June 2024)", after="on Tuesday", category="date", reason="resolved relative date"),
        edit(o, "cut", "oppressive", category="emotive-adjective", reason="emotive adjective", confidence=0.95),
        edit(o, "cut", "shocking", category="emotive-adjective", reason="sensational adjective", confidence=0.88),
        edit(o, "modify", "slammed", "criticised", category="loaded-verb", reason="dramatic verb", confidence=0.84),
        edit(o, "cut", "as a betrayal", category="loaded-framing", reason="unattributed characterisation", confidence=0.66),
        edit(
            o,
            "add",
            replacement=", by 7 votes to 4,",
            after="passed",
            occurrence=1,
            category="fact",
            reason="vote count from another outlet",
            source="FT",
        ),
        edit(
            o,
            "boilerplate",
            line("Read more: Why your water bill keeps going up"),
            category="related-link",
            reason="promotional link",
        ),
        edit(o, "boilerplate", line("Share this article: Facebook | X | Email"), category="share", reason="share buttons"),
        edit(o, "boilerplate", line("© 2024 Example Daily. All rights reserved."), category="footer", reason="copyright line"),
    ]
    return report(
        o,
        edits,
        source="samples/water-bill.html",
        title="City council passes disputed water bill after marathon session",
        url="https://example.com/news/water-bill",
        outlet="Example Daily",
        published="2024-06-04",
        author="Sam Lee",
        version="0.1.0",
    )
