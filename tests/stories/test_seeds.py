"""End to end on the real seeds: 001-004 report one decision of 30-31 May 2024, 000 a later event."""

from __future__ import annotations

import pytest

from tests.conftest import SEEDS, require_shared
from unspin.edit.ledger import EditKind, apply_edits, check_edits, invert_edits

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def run(model):
    require_shared(SEEDS)
    from unspin.stories.story import build_stories

    return build_stories([str(SEEDS)])


def prefix(member) -> str:
    return member.key.rsplit("/", 1)[-1][:3]


def test_two_stories_one_per_event(run):
    groups = sorted(sorted(prefix(m) for m in story.members) for story in run.stories)
    assert groups == [["000"], ["001", "002", "003", "004"]]
    assert not run.errors


def test_undated_seeds_are_reported_and_never_given_a_date(run):
    assert all(m.published is None for s in run.stories for m in s.members)
    assert len([n for n in run.notes if "no publication date" in n[1]]) == 5
    for story in run.stories:
        for member in story.members:
            assert not [e for e in member.filled.edits if e.category == "resolved_date"]


def test_outlets_come_from_furniture_or_are_unknown(run):
    outlets = {prefix(m): m.outlet for s in run.stories for m in s.members}
    assert outlets["003"] == "Radio Free Europe/Radio Liberty"  # author box: "... editor for RFE/RL"
    assert outlets["004"] == "Sky News"  # "Read more from Sky News:"
    assert outlets["001"] == outlets["002"] == "unknown outlet"  # nothing names them: never the file name


def story_of(run, seed: str):
    return next(s for s in run.stories if any(prefix(m) == seed for m in s.members))


def test_facts_are_shared_across_outlets(run):
    story = story_of(run, "004")
    assert any(len(f.articles) == 4 for f in story.facts)
    assert any(c.quote and c.speaker for f in story.facts for c in f.claims)


def test_004_gets_attributed_additions_from_the_three_other_outlets(run):
    story = story_of(run, "004")
    member = next(m for m in story.members if prefix(m) == "004")
    adds = [e for e in member.filled.edits if e.kind is EditKind.ADD]
    others = {m.outlet for m in story.members if m is not member}
    assert {e.source for e in adds} == others
    for edit in adds:
        shown = edit.replacement.strip()  # " [Added …]" after a sentence, "[Added …] " before the next one
        assert shown.startswith(f"[Added from {edit.source}: ") and shown.endswith("]")
        assert edit.reason.startswith(f"Reported by {edit.source}")
    filled = member.filled
    check_edits(filled.original, filled.edits)
    assert apply_edits(filled.original, filled.edits) == filled.text
    assert invert_edits(filled.text, filled.edits) == filled.original
    assert filled.original == member.report.original


def test_story_page_shows_fact_table_and_density(run):
    from unspin.render.story import render_story

    page = render_story(story_of(run, "004"), {m.key: "a.html" for m in story_of(run, "004").members})
    assert "Facts and who reports them" in page and 'class="facts"' in page
    assert "Per 100 words" in page and "Sky News" in page and "Radio Free Europe/Radio Liberty" in page
    assert "Added from 00" not in page  # an addition names its outlet or says "unknown outlet", never a file
    assert page.count('class="yes"') >= 8
    assert "<script" not in page


def test_additions_render_highlighted_with_their_source(run):
    from unspin.render import render

    member = next(m for m in story_of(run, "004").members if prefix(m) == "004")
    page = render(member.filled, "html")
    assert 'class="mod add"' in page and "Added from Radio Free Europe/Radio Liberty" in page


def test_fill_batch_keeps_order_and_fills_the_story(run):
    from unspin.stories import fill_batch

    reports = [m.report for s in run.stories for m in s.members]
    filled = fill_batch(reports)
    assert [r.source for r in filled] == [r.source for r in reports]
    adds = {r.source.rsplit("/", 1)[-1][:3]: sum(1 for e in r.edits if e.category == "added_fact") for r in filled}
    assert adds["000"] == 0 and all(adds[k] > 0 for k in ("001", "002", "003", "004"))
