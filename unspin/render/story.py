"""A story as one HTML page: outlets with their loaded-language density, facts by outlet, quotes, additions.

The page is built from a `unspin.stories.story.Story` that was compared
(`compare_story`); like every unspin page it is self-contained (inline CSS, no
scripts) and all article text goes through autoescaped templates.
"""

from __future__ import annotations

from collections.abc import Mapping

from unspin.edit.ledger import EditKind
from unspin.render.html import environment, safe_href
from unspin.stories.dates import long_date
from unspin.stories.facts import same_quote, same_speaker
from unspin.stories.story import Story, StoryRun


def render_story(story: Story, links: Mapping[str, str] | None = None, notes: list[tuple[str, str]] | None = None) -> str:
    """The story page; `links` maps an article's source to the address of its own page."""
    links = links or {}
    members = story.members
    highest = max((m.density for m in members), default=0.0) or 1.0
    rows = []
    for index, m in enumerate(members):
        shown = m.filled or m.report
        rows.append(
            {
                "outlet": m.outlet,
                "outlets": m.outlets,
                "title": story_title(m),
                "original_title": m.report.title if m.report.title and m.report.title != story_title(m) else "",
                "source": m.key,
                "href": safe_href(links.get(m.key)),
                "published": long_date(m.published) if m.published else None,
                "duplicates": [source for source, _ in m.duplicates],
                "near_duplicate_of": m.assignment.near_duplicate_of,
                "words": m.words,
                "loaded": m.loaded,
                "density": m.density,
                "level": round(m.density / highest, 3),
                "facts": sum(1 for f in story.facts if index in f.articles),
                "additions": [e for e in shown.edits if e.kind is EditKind.ADD and e.category == "added_fact"],
            }
        )
    facts = []
    for fact in story.facts:
        cells = [(c.sentence.text if (c := fact.claim_of(i)) else None) for i in range(len(members))]
        quotes: list[dict] = []
        for c in fact.claims:
            if not c.quote:
                continue
            same = next(
                (
                    q
                    for q in quotes
                    if same_quote(q["quote"], c.quote)
                    and (not q["speaker"] or not c.speaker or same_speaker(q["speaker"], c.speaker))
                ),
                None,
            )
            if same is None:
                quotes.append({"quote": c.quote, "speaker": c.speaker, "reported_by": members[c.article].outlet})
            else:
                same["reported_by"] += f", {members[c.article].outlet}"
                same["speaker"] = same["speaker"] or c.speaker
        facts.append({"text": fact.text, "cells": cells, "quotes": quotes, "differences": fact.differences})
    keys = {m.key for m in members} | {source for m in members for source, _ in m.duplicates}
    return (
        environment()
        .get_template("story.html.j2")
        .render(
            story=story,
            original_headline=story.original_headline if story.original_headline != story.headline else "",
            members=rows,
            facts=facts,
            quotes=_quotes(story),
            outlets=list(dict.fromkeys(o for m in members for o in m.outlets)),
            dates=[long_date(d) for d in story.dates],
            notes=[(source, note) for source, note in (notes or []) if source in keys],
        )
    )


def story_title(member) -> str:
    """The member's headline as its report shows it (neutralized), or its source when it has none."""
    from unspin.stories.text import shown_headline

    return shown_headline(member.report) or member.key


def _quotes(story: Story) -> list[dict]:
    """Each quotation once, with its speaker and every outlet that carries it."""
    merged: dict[str, dict] = {}
    for fact in story.facts:
        for claim in fact.claims:
            if not claim.quote:
                continue
            key = " ".join(claim.quote.lower().split())[:80]
            entry = merged.setdefault(key, {"quote": claim.quote, "speaker": claim.speaker, "outlets": []})
            entry["speaker"] = entry["speaker"] or claim.speaker
            outlet = story.members[claim.article].outlet
            if outlet not in entry["outlets"]:
                entry["outlets"].append(outlet)
    return list(merged.values())


def render_story_index(run: StoryRun, links: Mapping[int, str]) -> str:
    """An index of the stories of a run, linking each story page."""
    rows = [
        {
            "headline": s.headline,
            "original_headline": s.original_headline if s.original_headline != s.headline else "",
            "href": safe_href(links.get(s.id)),
            "articles": len(s.members),
            "outlets": ", ".join(dict.fromkeys(o for m in s.members for o in m.outlets)),
            "dates": " – ".join(long_date(d) for d in s.dates),
        }
        for s in run.stories
    ]
    return (
        environment().get_template("story_index.html.j2").render(rows=rows, notes=run.notes, errors=[str(e) for e in run.errors])
    )
