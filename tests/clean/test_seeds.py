"""The dump classifier on the real scraped seeds in ../shared/seeds.

For every seed: the web furniture named below is removed, every article
paragraph and the headline are kept, and the two clean seeds lose nothing.
The furniture is named by a short fragment of each line; the seeds themselves
stay in ../shared (skipped on a machine without it, failing under CI).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.clean.helpers import assert_valid_boilerplate, kept_text, paragraphs, removed_lines
from tests.conftest import require_shared
from unspin.clean import clean_article, find_boilerplate
from unspin.ingest.article import Article

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"

# seed prefix -> (headline or None, fragments of every furniture line)
EXPECTED: dict[str, tuple[str | None, list[str]]] = {
    "000": (None, []),
    "001": (None, []),
    "002": (
        "Biden allows Ukraine to use US weapons to hit targets in Russia",
        ["Any text modified or added by", "These characters indicate content was shortened"],
    ),
    "003": (
        "Blinken Confirms Biden Change On Policy Toward Ukraine Using U.S. Weapons Inside Russia",
        [
            "Accessibility links",
            "Breaking News",
            "Updated",
            "U.S. President Joe Biden (file photo)",
            "NATO Dismisses Russian Warning",
            "please wait",
            "No media source currently available",
            "0:00 0:01:29 0:00",
            "16x9 Image",
            "Mike Eckel",
            "Mike Eckel is a senior",
            "Rikard Jozwiak",
            "Rikard Jozwiak is the Europe editor",
            'declared an "undesirable organization"',
            "you could face fines",
            "To find out more, click here.",
            "XS",
            "SM",
            "MD",
            "LG",
        ],
    ),
    "004": (
        "Joe Biden partially lifts ban on Ukraine using US weapons in strikes on Russian territory",
        [
            "Follow live:",
            "Trump guilty on all counts",
            "Read more from Sky News:",
            "Ukraine launches major attack in Crimea",
            "Seven things that nailed Trump",
            "Related Articles",
            "Back to top button",
        ],
    ),
}


def seed_file(prefix: str) -> Path:
    folder = require_shared(SEEDS)
    matches = sorted(folder.glob(f"{prefix}_*.txt"))
    if not matches:
        pytest.fail(f"seed {prefix} is missing from {folder}")
    return matches[0]


def is_furniture(line: str, fragments: list[str]) -> bool:
    return any(fragment == line or (len(fragment) > 3 and fragment in line) for fragment in fragments)


@pytest.mark.parametrize("prefix", sorted(EXPECTED))
def test_seed_furniture_removed_and_article_kept(prefix: str) -> None:
    text = seed_file(prefix).read_text("utf-8")
    headline, fragments = EXPECTED[prefix]
    edits = find_boilerplate(text)
    assert_valid_boilerplate(text, edits)
    removed = removed_lines(text, edits)
    for line in (raw.strip() for raw in text.splitlines() if raw.strip()):
        if is_furniture(line, fragments):
            assert line in removed, f"furniture kept: {line[:60]}"
        else:
            assert line not in removed, f"article line removed: {line[:60]}"
    kept = kept_text(text, edits)
    for paragraph in paragraphs(text):
        if not is_furniture(paragraph, fragments):
            assert paragraph in kept
    if headline:
        assert headline in kept


@pytest.mark.parametrize("prefix", ["000", "001"])
def test_clean_seeds_lose_nothing(prefix: str) -> None:
    assert find_boilerplate(seed_file(prefix).read_text("utf-8")) == []


@pytest.mark.parametrize("prefix", sorted(EXPECTED))
def test_seed_title_is_the_headline(prefix: str) -> None:
    path = seed_file(prefix)
    cleaned = clean_article(Article(source=str(path), text=path.read_text("utf-8")))
    assert cleaned.title == EXPECTED[prefix][0]
    assert cleaned.original == path.read_text("utf-8")
