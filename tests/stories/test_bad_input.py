"""Bad input is reported, never crashed on: no date, no text, duplicates, wire copy."""

from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.slow

STRIKE = (
    "Dock workers at the Port of Caldera Bay walked out on Monday over a plan to automate two terminals, "
    "union leader Ruben Akoli said. Some 3,200 workers joined the strike, leaving 41 ships at anchor. "
    "The port authority said talks would resume on Friday."
)
FLOOD = (
    "The Sella river burst its banks in Velmora on Sunday after a release from the Halvard Dam, and about "
    "2,000 homes were evacuated, the regional emergency office said. Rescue teams used boats in the old town."
)


def write_feed(path, records) -> str:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return str(path)


def test_bad_inputs_are_reported(tmp_path, model):
    from unspin.stories.story import build_stories

    feed = write_feed(
        tmp_path / "feed.jsonl",
        [
            {"text": STRIKE, "outlet": "Harbour Post", "published": "2026-02-02", "title": "Port strike"},
            {"text": STRIKE, "outlet": "Continental Wire", "published": "2026-02-02", "title": "Port strike"},
            {"text": STRIKE.replace("Friday", "Friday morning"), "outlet": "Coast Daily", "published": "2026-02-03"},
            {"text": FLOOD, "outlet": "Meridian Daily"},
            {"text": "   "},
        ],
    )
    (tmp_path / "empty.txt").write_text("Menu\nSign in\nSubscribe\n", encoding="utf-8")
    run = build_stories([feed, str(tmp_path / "empty.txt")])
    notes = "\n".join(f"{s}: {n}" for s, n in run.notes)
    assert "same text as" in notes  # the exact duplicate
    assert "republished copy" in notes  # the near-duplicate
    assert "feed.jsonl:4: no publication date" in notes
    assert {e.source.rsplit("/", 1)[-1] for e in run.errors} == {"feed.jsonl:5", "empty.txt"}
    strike = next(s for s in run.stories if any(m.outlet == "Harbour Post" for m in s.members))
    original = next(m for m in strike.members if m.outlet == "Harbour Post")
    assert original.outlets == ["Harbour Post", "Continental Wire"]  # stored once, listed under both
    assert len(strike.members) == 2
    assert all(len(s.members) == 1 for s in run.stories if s is not strike)


def test_dated_articles_get_resolved_dates(tmp_path, model):
    from unspin.stories.story import build_stories

    feed = write_feed(tmp_path / "feed.jsonl", [{"text": STRIKE, "outlet": "Harbour Post", "published": "2026-02-03"}])
    run = build_stories([feed])
    filled = run.stories[0].members[0].filled
    assert "on Monday [2 February 2026]" in filled.text
    assert "on Friday [6 February 2026]" in filled.text  # "would resume": a future context


MEDICARE = "\u201cYou paid into Medicare for years, every paycheck,\u201d the advertisement says."


def test_one_sentence_article_is_grouped_not_cleaned_away(tmp_path, model):
    from unspin.stories.story import build_stories

    (tmp_path / "ad.txt").write_text(MEDICARE + "\n", encoding="utf-8")
    run = build_stories(
        [write_feed(tmp_path / "feed.jsonl", [{"text": STRIKE, "outlet": "Harbour Post"}]), str(tmp_path / "ad.txt")]
    )
    assert run.errors == []
    ad = next(m for s in run.stories for m in s.members if m.key.endswith("ad.txt"))
    assert ad.report.text == MEDICARE + "\n"


def test_one_articles_stage_error_is_reported_and_the_run_goes_on(tmp_path, model, monkeypatch):
    from typer.testing import CliRunner

    import unspin.pipeline
    from unspin.cli import app

    real = unspin.pipeline.neutralize

    def neutralize(item, **kwargs):
        if getattr(item, "source", "").endswith(":2"):
            raise RuntimeError("stage failed")
        return real(item, **kwargs)

    monkeypatch.setattr(unspin.pipeline, "neutralize", neutralize)
    feed = write_feed(
        tmp_path / "feed.jsonl",
        [
            {"text": STRIKE, "outlet": "Harbour Post"},
            {"text": FLOOD, "outlet": "Meridian Daily"},
            {"text": MEDICARE, "outlet": "Coast Daily"},
        ],
    )
    out = tmp_path / "out"
    done = CliRunner().invoke(app, ["stories", feed, "--out", str(out)])
    assert done.exit_code == 1, done.stderr
    assert "feed.jsonl:2: could not be processed (RuntimeError: stage failed)" in done.stderr
    assert "1 input(s) failed, 2 article(s) grouped" in done.stderr
    assert (out / "index.html").exists()


def test_one_storys_additions_failing_is_reported_and_the_run_goes_on(tmp_path, model, monkeypatch):
    import unspin.stories.story as story
    from unspin.stories.story import build_stories

    def fail(report, reports):
        raise RuntimeError("fill failed")

    monkeypatch.setattr(story, "fill_from_story", fail)
    feed = write_feed(
        tmp_path / "feed.jsonl",
        [
            {"text": STRIKE, "outlet": "Harbour Post", "published": "2026-02-02"},
            {"text": STRIKE.replace("Friday", "Friday morning"), "outlet": "Coast Daily", "published": "2026-02-03"},
            {"text": FLOOD, "outlet": "Meridian Daily"},
        ],
    )
    run = build_stories([feed])
    assert [e.message for e in run.errors] == ["additions from the other outlets failed (RuntimeError: fill failed)"]
    assert all(m.filled is not None for s in run.stories for m in s.members)
