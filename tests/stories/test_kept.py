"""A compared story kept as JSON (`unspin.stories.kept`): restored exactly, refused when it does not fit, and keyed
by its members and by the code that compared it. Reports made by hand: no model runs."""

from __future__ import annotations

import json

import pytest

from tests.store.factory import article, report_for
from unspin.edit.ledger import Edit, EditKind, apply_edits
from unspin.stories import kept
from unspin.stories.facts import Claim, Fact
from unspin.stories.index import Assignment
from unspin.stories.story import Member, Story
from unspin.stories.text import Sentence

TEXTS = [
    "Council approves bridge\n\nThe council approved the shockingly expensive bridge on Tuesday.\n",
    "Bridge approved\n\nThe council approved the bridge on Tuesday by 31 votes to 12.\n",
]


def story() -> Story:
    """Two members, unfilled: what `members` builds before comparing."""
    reports = [report_for(article(text, source=f"{n}.txt", title=text.split("\n")[0])) for n, text in enumerate(TEXTS)]
    return Story(7, [Member(r, f"Outlet {n}", None, Assignment(r.source, 7, False)) for n, r in enumerate(reports)])


def compared() -> Story:
    """The story as `compare_story` might leave it: one fact both report, an addition in the first member."""
    done = story()
    first, second = (member.report for member in done.members)
    sentences = [
        Sentence(start=r.original.index("The"), end=len(r.original) - 1, text=r.original.split("\n")[2], paragraph=1)
        for r in (first, second)
    ]
    claims = [
        Claim(article=n, sentence=s, numbers={"votes": "31"} if n else {}, dates=("Tuesday",)) for n, s in enumerate(sentences)
    ]
    done.facts = [Fact(claims=claims, differences=["number: 31 vs none"])]
    point = len(first.original) - 1
    added = Edit(kind=EditKind.ADD, start=point, end=point, original="", replacement=" The vote was 31 to 12.", source="Outlet 1")
    edits = sorted([*first.edits, added], key=lambda e: (e.start, e.end))
    done.members[0].filled = first.model_copy(update={"edits": edits, "text": apply_edits(first.original, edits)})
    done.members[1].filled = second
    return done


def test_a_kept_comparison_is_restored_exactly() -> None:
    original = compared()
    data = json.loads(json.dumps(kept.dump(original)))  # as the database gives it back
    fresh = story()
    kept.restore(fresh, data)
    assert fresh.facts == original.facts
    assert [m.filled for m in fresh.members] == [m.filled for m in original.members]
    assert fresh.members[0].filled.text.endswith("on Tuesday. The vote was 31 to 12.\n")


@pytest.mark.parametrize(
    "spoil",
    [
        lambda data: data["filled"].pop(),  # another membership
        lambda data: data["facts"][0]["claims"][1].update(article=5),  # names a member the story lacks
        lambda data: data["filled"][0][0].update(start=0, end=4, original="Cou"),  # not a valid edit
        lambda data: data["filled"][1].append({**data["filled"][0][-1], "start": 999, "end": 999}),  # past the text
        lambda data: data.update(format=99),  # written by other code
    ],
)
def test_a_comparison_that_does_not_fit_is_refused(spoil) -> None:  # type: ignore[no-untyped-def]
    data = kept.dump(compared())
    spoil(data)
    fresh = story()
    with pytest.raises(ValueError, match="kept comparison of story 7"):
        kept.restore(fresh, data)
    assert fresh.facts == [] and all(member.filled is None for member in fresh.members)  # nothing half restored


def test_the_members_key_is_the_articles_with_their_reports_in_order() -> None:
    key = kept.members_key([(1, 10), (2, 20)])
    assert kept.members_key([(1, 10), (2, 20)]) == key
    assert kept.members_key([(1, 10), (2, 21)]) != key  # a newer report of article 2
    assert kept.members_key([(2, 20), (1, 10)]) != key  # fact rows name members by position
    assert kept.members_key([(1, 10), (2, 20), (3, 30)]) != key


def test_the_code_version_changes_with_a_model_package(monkeypatch: pytest.MonkeyPatch) -> None:
    kept.code_version.cache_clear()
    before = kept.code_version()
    monkeypatch.setattr(kept, "_installed", lambda package: "9.9.9")
    kept.code_version.cache_clear()
    try:
        assert kept.code_version() != before
    finally:
        monkeypatch.undo()
        kept.code_version.cache_clear()
    assert kept.code_version() == before
