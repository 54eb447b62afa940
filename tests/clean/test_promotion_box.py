"""Dev cases for a promotion line inside the article (issue 12, item 10), made from the extraction *dev* pages.

A promotion that invites the reader ("Subscribe to our newsletter") ends the article when little
article-like text follows it and the article does not resume after it; a bare ad marker
("Advertisement") never does. Each case inserts one such line into a dev page's text dump after the
paragraph half-way, four fifths and nine tenths down the article body (the last at most three
paragraphs from its end): the cleaned page must keep as much of the article as without the line.
Dev pages only (`training()` refuses the test split); the pages stay in ../shared (skipped without
it, failing under CI). The page reading is the related-box cases' own (`test_related_box`).
"""

from __future__ import annotations

from functools import cache

import pytest

from tests.clean.test_related_box import DEV, _body_paragraphs, _dev_pages, _recall
from tests.conftest import require_shared

INVITES = [
    "Sign up for our daily newsletter",
    "Subscribe to our newsletter",
    "Get the app",
    "Subscribe now",
    "Support our journalism. Become a member today.",
    "Get breaking news alerts in your inbox",
]
AD_MARKERS = ["Advertisement", "ADVERTISEMENT", "Story continues below advertisement", "Sponsored"]
POSITIONS = (0.5, 0.8, 0.9)
SLACK = 0.02  # recall a case may lose to the inserted line itself
# (page id prefix, position) of the invite cases that lose article text, and why: after the line come
# only a list of short items and captions (ecb4), or one paragraph and the page's furniture (6540),
# little enough to read as what follows an article. The price of the rule, taken knowingly: on the
# dev pages themselves it loses no recall and removes four newsletter tails (docs/BENCHMARKS.md).
KNOWN_MISSES = {("65408257db", 0.9), ("ecb46e3e48", 0.8), ("ecb46e3e48", 0.9)}


@cache
def _cases(lines: tuple[str, ...]) -> list[tuple[str, float, float, float]]:
    """(page id prefix, position, recall without the line, recall with it) for every case."""
    cases = []
    for n, (page_id, body, dump, _) in enumerate(_dev_pages()):
        ends = _body_paragraphs(body, dump)
        if len(ends) < 5:
            continue
        plain = _recall(body, dump)
        for position in POSITIONS:
            at = ends[min(int(len(ends) * position), len(ends) - 3)]
            line = lines[(n + int(position * 10)) % len(lines)]
            cases.append((page_id[:10], position, plain, _recall(body, dump[:at] + line + "\n" + dump[at:])))
    return cases


def _lost(cases: list[tuple[str, float, float, float]]) -> set[tuple[str, float]]:
    return {(page, position) for page, position, plain, inserted in cases if inserted < plain - SLACK}


@pytest.fixture(scope="module")
def invite_cases() -> list[tuple[str, float, float, float]]:
    require_shared(DEV)
    return _cases(tuple(INVITES))


def test_an_ad_marker_anywhere_in_the_article_never_ends_it() -> None:
    require_shared(DEV)
    cases = _cases(tuple(AD_MARKERS))
    assert len(cases) >= 200
    assert _lost(cases) == set()


def test_an_invite_inside_the_article_ends_it_only_in_the_known_cases(invite_cases) -> None:
    assert len(invite_cases) >= 200
    lost = _lost(invite_cases)
    assert lost <= KNOWN_MISSES, f"article text lost to a mid-article invite: {sorted(lost - KNOWN_MISSES)}"
    assert KNOWN_MISSES <= lost, f"fixed, remove from KNOWN_MISSES: {sorted(KNOWN_MISSES - lost)}"


def test_recall_over_all_invite_cases_stays_close(invite_cases) -> None:
    plain = sum(c[2] for c in invite_cases) / len(invite_cases)
    inserted = sum(c[3] for c in invite_cases) / len(invite_cases)
    assert inserted >= plain - 0.002, (plain, inserted)
