"""Articles and reports made by hand, so store tests need not run the pipeline."""

from __future__ import annotations

from unspin.edit.ledger import CUT_MARK, Edit, EditKind, apply_edits
from unspin.ingest import Article
from unspin.report import Report

TEXT = "Council approves bridge\n\nThe council approved the shockingly expensive bridge on Tuesday.\nCritics slammed the plan.\n"


def article(text: str = TEXT, **meta: str) -> Article:
    meta.setdefault("source", "bridge.txt")
    return Article(text=text, **meta)


def report_for(item: Article, *, strength: str = "standard", version: str = "0.1.0") -> Report:
    """A report with one cut and one modification wherever the words occur."""
    original = item.text or ""
    edits = []
    for word, kind, replacement in (("shockingly", EditKind.CUT, CUT_MARK), ("slammed", EditKind.MODIFY, "criticized")):
        start = original.find(word)
        if start >= 0:
            edits.append(
                Edit(
                    kind=kind,
                    start=start,
                    end=start + len(word),
                    original=word,
                    replacement=replacement,
                    category="test",
                    reason="test edit",
                    confidence=0.8,
                    by="test",
                )
            )
    return Report(
        source=item.source,
        title=item.title,
        outlet=item.outlet,
        original=original,
        text=apply_edits(original, edits),
        edits=edits,
        strength=strength,
        version=version,
    )
