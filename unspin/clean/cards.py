"""Teaser cards after the article: headline, author or date, and a one-paragraph summary.

Many pages end with a list of other stories, each shown as a card whose
summary reads like a paragraph, so the body search alone runs on into them.
Cards have a rhythm an article does not: one or more short header lines,
then exactly one prose line, again and again.
"""

from __future__ import annotations

from unspin.clean import resources
from unspin.clean.page import Page
from unspin.clean.scoring import line_value, run_score


def _is_card_text(page: Page, i: int) -> bool:
    """The summary line of a teaser card: prose of paragraph length, or a sentence ending in a full stop."""
    f = page.feats[i]
    if i in page.labels or f.words > resources.settings()["cards"]["summary_max_words"]:
        return False
    if page.lines[i].text.rstrip().endswith("."):
        return True
    return f.words >= resources.settings()["line"]["paragraph_min_words"] and line_value(f, False, page.prose_floor) > 0


def _cards_from_end(page: Page, start: int, end: int) -> tuple[int, int, int]:
    """Walk back over (1-3 header lines, 1 summary) cards; return (first card line, cards, 2+-line headers)."""
    cards = multi = 0
    i = end - 1
    while i > start and _is_card_text(page, i):
        headers = 0
        while i - 1 - headers >= start and headers < 3 and not _is_card_text(page, i - 1 - headers):
            headers += 1
        if headers == 0:
            break
        cards += 1
        multi += sum(1 for j in range(i - headers, i) if j not in page.labels) >= 2
        i -= headers + 1
    return i + 1, cards, multi


def trim_card_tail(page: Page, values: list[float], start: int, end: int) -> int:
    """Cut a trailing list of teaser cards (headline, author, summary) off the body.

    Only when there are several cards, most with two or more unlabelled
    header lines, and enough article text stays above them: a list article
    made only of cards keeps its cards.
    """
    conf = resources.settings()["cards"]
    first, cards, multi = _cards_from_end(page, start, end)
    if cards < conf["min_cards"] or multi * 2 < cards:
        return end
    if run_score(values[start:first]) < conf["min_body_score"]:
        return end
    return first
