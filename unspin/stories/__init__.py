"""Stories: group coverage of one event across outlets, compare it, and add what an outlet left out.

    from unspin.stories import build_stories, fill_batch, fill_from_story, anchor_dates
    run = build_stories(["../shared/seeds"])     # one Story per real-world event
    filled = fill_batch(reports)                  # each report plus facts its story-mates reported

Grouping streams articles through a `StoryIndex` (HNSW vector search, then a
pair model over embedding, word, entity, number and rank features, with a
date window when dates are known). Within a story, `facts.align` matches
sentences across outlets; `fill.fill_from_story` adds what one outlet left out,
credited to the outlet it came from; `fill.anchor_dates` resolves "on Thursday"
against the publication date. Heavy imports (torch, spaCy) happen on first use.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from unspin.report import Report

__all__ = ["anchor_dates", "build_stories", "fill_batch", "fill_from_story", "group_reports"]


def __getattr__(name: str):
    if name in ("build_stories", "group_reports"):
        from unspin.stories import story

        return getattr(story, name)
    if name in ("fill_from_story", "anchor_dates"):
        from unspin.stories import fill

        return getattr(fill, name)
    raise AttributeError(f"module 'unspin.stories' has no attribute {name!r}")


def fill_batch(reports: Sequence[Report], *, vectors: str = "hnsw") -> list[Report]:
    """The reports, same order, each with facts from the other reports of its story and its dates resolved.

    The pipeline's `run` calls it on its batch when `Options.fill_from_story` is set (`unspin neutralize --fill-from-story`).
    An exact duplicate (same text from another feed) gets the additions of the copy
    that was kept when its original text is identical, else only its own dates.
    """
    from unspin.stories.fill import anchor_dates
    from unspin.stories.story import compare_story, group_reports

    run = group_reports(list(reports), vectors=vectors)
    filled: dict[str, Report] = {}
    for story in run.stories:
        compare_story(story)
        for member in story.members:
            filled[member.key] = member.filled or member.report
            for source, _ in member.duplicates:
                filled.setdefault(source, member.filled or member.report)
    result = []
    for report in reports:
        done = filled.get(report.source)
        if done is None or done.original != report.original:
            result.append(anchor_dates(report))
        else:
            result.append(done.model_copy(update={"source": report.source, "outlet": report.outlet}))
    return result
