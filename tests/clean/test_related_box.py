"""Dev cases for an other-stories heading (issue 12, item 10), made from the extraction *dev* pages.

A heading over other stories ("Related articles", "More stories") ends the
article when the article does not resume after the box it opens. Some sites put
such a box in the middle of the text, so each case here takes a dev page's text
dump and inserts a box -- one heading and three headlines of other dev pages --
after the paragraph half-way and four fifths down the article body: the cleaned
page must keep as much of the article as the cleaned page without the box.
Dev pages only: the test split is never read here (`training()` refuses it).
The pages stay in ../shared (skipped without it, failing under CI).
"""

from __future__ import annotations

import html
import re
from functools import cache

import pytest

from tests.conftest import DATA, require_shared
from unspin.clean import find_boilerplate
from unspin.clean.features import is_paragraph
from unspin.clean.page import Page
from unspin.edit.ledger import apply_edits
from unspin.eval import metrics

DEV = DATA / "extraction" / "dev.jsonl"
HEADINGS = [
    "Related articles",
    "DON'T MISS",
    "More stories",
    "Related news",
    "Read more:",
    "You may also like",
    "Recommended stories",
    "Most read",
]
POSITIONS = (0.5, 0.8)
# Recall a case may lose to the box lines themselves (shingles across the inserted lines).
SLACK = 0.02
# (page id prefix, position) of the cases the cleaner still loses article text on, and why.
KNOWN_MISSES = {
    # The box's penalty splits the body: after it come short paragraphs between photo captions
    # (8cad) or a product list (ecb4), which never outweigh it. Not the heading rule: the same
    # cases fail with it switched off.
    ("8cad00dc22", 0.8),
    ("ecb46e3e48", 0.8),
    # The heading rule ends these early: after the box come one paragraph and a short "About
    # <company>" label (57e2, a press release), or a list of short items (ff0f), not two
    # paragraphs in a row, in an article whose paragraphs above mostly follow one another.
    ("57e2e98887", 0.8),
    ("ff0f958ade", 0.5),
    ("ff0f958ade", 0.8),
}
_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.S | re.I)


def _title(page_html: str) -> str:
    match = _TITLE.search(page_html)
    title = html.unescape(match.group(1)) if match else ""
    return " ".join(re.split(r"\s[|\-\u2013\u2014]\s", title.strip())[0].split())


@cache
def _dev_pages() -> list[tuple[str, str, str, str]]:
    """(id, article body, text dump, title) of every dev page."""
    from unspin.eval.datasets import load_extraction, training
    from unspin.eval.dumps import text_dump

    with training():  # dev only: the harness refuses a test split inside this block
        pages = load_extraction("dev", DATA, for_training=True)
    out = []
    for page in pages:
        source = page.html()
        out.append((page.id, page.article_body, text_dump(source), _title(source)))
    return out


def _recall(body: str, dump: str) -> float:
    counts = metrics.shingle_match(body, apply_edits(dump, find_boilerplate(dump)))
    return metrics.extraction_prf([counts]).recall


def _body_paragraphs(body: str, dump: str) -> list[int]:
    page = Page.read(dump)
    flat = " ".join(body.split())
    found = [
        i
        for i, line in enumerate(page.lines)
        if is_paragraph(page.feats[i], page.prose_floor) and " ".join(line.text.split())[:80] in flat
    ]
    return [page.lines[i].end for i in found]


@cache
def _cases() -> list[tuple[str, float, float, float]]:
    """(page id prefix, position, recall without the box, recall with it) for every case."""
    pages = _dev_pages()
    titles = [t for _, _, _, t in pages]
    cases = []
    for n, (page_id, body, dump, _) in enumerate(pages):
        ends = _body_paragraphs(body, dump)
        if len(ends) < 5:
            continue
        plain = _recall(body, dump)
        headlines = [t for t in (titles[(n + k) % len(titles)] for k in range(1, 6)) if 3 <= len(t.split()) <= 16][:3]
        for position in POSITIONS:
            at = ends[min(int(len(ends) * position), len(ends) - 3)]
            box = "\n".join([HEADINGS[(n + int(position * 10)) % len(HEADINGS)], *headlines]) + "\n"
            cases.append((page_id[:10], position, plain, _recall(body, dump[:at] + box + dump[at:])))
    return cases


@pytest.fixture(scope="module")
def cases() -> list[tuple[str, float, float, float]]:
    require_shared(DEV)
    return _cases()


def test_there_are_enough_cases(cases) -> None:
    assert len(cases) >= 150


def test_a_related_box_inside_the_article_does_not_end_it(cases) -> None:
    lost = {(page, position) for page, position, plain, boxed in cases if boxed < plain - SLACK}
    assert lost <= KNOWN_MISSES, f"article text lost to a mid-article box: {sorted(lost - KNOWN_MISSES)}"


def test_known_misses_are_still_misses(cases) -> None:
    """A known miss that now passes should leave the list (and the docs that count it)."""
    lost = {(page, position) for page, position, plain, boxed in cases if boxed < plain - SLACK}
    assert KNOWN_MISSES <= lost, f"fixed, remove from KNOWN_MISSES: {sorted(KNOWN_MISSES - lost)}"


def test_recall_over_all_cases_stays_close(cases) -> None:
    plain = sum(c[2] for c in cases) / len(cases)
    boxed = sum(c[3] for c in cases) / len(cases)
    assert boxed >= plain - 0.015, (plain, boxed)


@pytest.mark.parametrize(
    ("page_id", "tail_line"),
    [
        # "Top stories", then headline / summary cards of other stories.
        ("d90bda7ed1", "Armenian Genocide, anti-Semitism and other sensitive matters"),
        # "Related Articles", then category / headline pairs and the site's footer.
        ("ec3878db7e", "Why Am I Not Losing Weight?"),
    ],
)
def test_a_real_other_stories_tail_still_ends_the_article(page_id: str, tail_line: str) -> None:
    require_shared(DEV)
    (body, dump) = next((b, d) for i, b, d, _ in _dev_pages() if i.startswith(page_id))
    kept = apply_edits(dump, find_boilerplate(dump))
    assert tail_line in dump and tail_line not in kept
    counts = metrics.shingle_match(body, kept)
    prf = metrics.extraction_prf([counts])
    assert prf.recall >= 0.97 and prf.precision >= 0.7
