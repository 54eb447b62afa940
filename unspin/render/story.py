"""A story as one HTML page: outlets with their loaded-language density, facts by outlet, quotes, additions.

The page is built from a `unspin.stories.story.Story` that was compared
(`compare_story`). `story_context` turns it into the values the templates draw,
and `story_macros.html.j2` draws each section, so the standalone page written
here and the web app's story page (`unspin/web/templates/story.html.j2`) are one
renderer. Like every unspin page it escapes all article text (autoescaped
templates) and needs no script; the density shading is a class, not an inline
style, so the web app's Content-Security-Policy allows it.
"""

from __future__ import annotations

from collections.abc import Mapping

from unspin.edit.ledger import EditKind
from unspin.ingest.outlet import UNKNOWN, source_name
from unspin.render.html import environment, safe_href
from unspin.stories.dates import long_date
from unspin.stories.facts import Fact, same_quote, same_speaker
from unspin.stories.story import Member, Story, StoryRun
from unspin.stories.text import shown_headline

LEVELS = 10  # density shading steps: story.css.j2 has one class per step


def render_story(story: Story, links: Mapping[str, str] | None = None, notes: list[tuple[str, str]] | None = None) -> str:
    """The story page; `links` maps an article's source to the address of its own page."""
    return environment().get_template("story.html.j2").render(**story_context(story, links, notes=notes))


def story_context(
    story: Story,
    links: Mapping[str, str] | None = None,
    *,
    filled_links: Mapping[str, str] | None = None,
    notes: list[tuple[str, str]] | None = None,
) -> dict:
    """What the story templates draw: members (grouped by outlet), facts, quotations, outlets, dates and notes.

    `links` and `filled_links` map a member's key (its report's source) to its article page and to
    its version with the other outlets' additions; either may be absent (the CLI's page has none of
    the second).
    """
    members = [_member_row(story, index, links or {}, filled_links or {}) for index in range(len(story.members))]
    keys = {m.key for m in story.members} | {source for m in story.members for source, _ in m.duplicates}
    return {
        "story": story,
        "headline": story.headline,
        "original_headline": story.original_headline if story.original_headline != story.headline else "",
        "members": members,
        "groups": outlet_groups(members),
        "facts": [_fact_row(story, fact) for fact in story.facts],
        "quotes": quotations(story),
        "outlets": list(dict.fromkeys(o for m in story.members for o in m.outlets)),
        "dates": [long_date(d) for d in story.dates],
        "notes": [(source, note) for source, note in (notes or []) if source in keys],
    }


def _member_row(story: Story, index: int, links: Mapping[str, str], filled_links: Mapping[str, str]) -> dict:
    m = story.members[index]
    highest = max((other.density for other in story.members), default=0.0) or 1.0
    shown = m.filled or m.report
    title = story_title(m)
    return {
        "key": m.key,
        "outlet": m.outlet,
        "known": m.outlet != UNKNOWN,
        "outlets": m.outlets,
        "title": title,
        "original_title": m.report.title if m.report.title and m.report.title != title else "",
        "source": source_name(m.key, m.report.url),
        "href": safe_href(links.get(m.key)),
        "filled_href": safe_href(filled_links.get(m.key)),
        "published": long_date(m.published) if m.published else None,
        "duplicates": [source for source, _ in m.duplicates],
        "near_duplicate_of": m.assignment.near_duplicate_of,
        "words": m.words,
        "loaded": m.loaded,
        "density": m.density,
        "level": round(LEVELS * m.density / highest),
        "facts": sum(1 for f in story.facts if index in f.articles),
        "additions": [e for e in shown.edits if e.kind is EditKind.ADD and e.category == "added_fact"],
    }


def outlet_groups(members: list[dict]) -> list[dict]:
    """Member rows grouped by outlet, in order of first appearance, with each outlet's own density.

    All unknown outlets share one group: the page cannot tell whether they are one publication,
    and each row names its source in small print.
    """
    groups: dict[str, dict] = {}
    for row in members:
        group = groups.setdefault(row["outlet"], {"outlet": row["outlet"], "known": row["known"], "members": []})
        group["members"].append(row)
    for group in groups.values():
        words = sum(row["words"] for row in group["members"])
        loaded = sum(row["loaded"] for row in group["members"])
        group.update(words=words, loaded=loaded, density=100.0 * loaded / words if words else 0.0)
    return list(groups.values())


def _fact_row(story: Story, fact: Fact) -> dict:
    """One fact: its text, each member's sentence (or None), its quotations with who reports them, its differences."""
    cells = [(c.sentence.text if (c := fact.claim_of(i)) else None) for i in range(len(story.members))]
    return {"text": fact.text, "cells": cells, "quotes": fact_quotes(story, fact), "differences": fact.differences}


def fact_quotes(story: Story, fact: Fact) -> list[dict]:
    """The fact's quotations, each once (same words, compatible speakers), with every outlet reporting it."""
    quotes: list[dict] = []
    for c in fact.claims:
        if not c.quote:
            continue
        outlet = story.members[c.article].outlet
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
            quotes.append({"quote": c.quote, "speaker": c.speaker, "reported_by": [outlet]})
            continue
        if outlet not in same["reported_by"]:
            same["reported_by"].append(outlet)
        same["speaker"] = same["speaker"] or c.speaker
    return quotes


def story_title(member: Member) -> str:
    """The member's headline as its report shows it (neutralized), or its source when it has none."""
    return shown_headline(member.report) or member.key


def quotations(story: Story) -> list[dict]:
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


def story_row(story: Story, href: str | None) -> dict:
    """One line of a list of stories: headlines, member count, outlets and the span of dates."""
    return {
        "headline": story.headline,
        "original_headline": story.original_headline if story.original_headline != story.headline else "",
        "href": safe_href(href),
        "articles": len(story.members),
        "outlets": list(dict.fromkeys(o for m in story.members for o in m.outlets)),
        "dates": date_span(story),
    }


def date_span(story: Story) -> str:
    """The first and last publication dates of a story's members ("" when none is known)."""
    days = story.dates
    return " – ".join(long_date(d) for d in dict.fromkeys([days[0], days[-1]])) if days else ""


def render_story_index(run: StoryRun, links: Mapping[int, str]) -> str:
    """An index of the stories of a run, linking each story page."""
    rows = [story_row(s, links.get(s.id)) for s in run.stories]
    return (
        environment().get_template("story_index.html.j2").render(rows=rows, notes=run.notes, errors=[str(e) for e in run.errors])
    )
