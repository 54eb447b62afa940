"""Find the article body in a page dump, and the headline above it.

A full page dump holds menus before the article and footers, other stories
and notices after it. Following Finn et al.'s Body Text Extraction, every
line gets a score -- paragraphs add their word count, furniture and short
labels subtract -- and the body is the run of lines with the highest total
(maximum subarray, see `scoring.py`). Reader comments stop the search, and a
trailing list of teaser cards is trimmed off (`cards.py`). The headline is
the nearest title-like line above the body. Unlabelled lines outside the
body become `page_header` / `page_footer`.
"""

from __future__ import annotations

from unspin.clean import resources
from unspin.clean.cards import trim_card_tail
from unspin.clean.features import is_headline_like, is_short_label
from unspin.clean.page import Page, Verdict
from unspin.clean.scoring import best_run, page_values, run_score


def _paragraphs(page: Page, start: int, end: int) -> list[bool]:
    """For each line in [start, end): an unlabelled line long enough for a paragraph that ends like a
    sentence (in any language: no function-word test, which fails on scripts the list does not cover)."""
    least = resources.settings()["line"]["paragraph_min_words"]
    return [
        page.is_free(i) and page.feats[i].terminal and page.feats[i].words >= least
        for i in range(max(start, 0), min(end, len(page)))
    ]


def _in_row_share(flags: list[bool]) -> float:
    """Of the paragraphs in `flags`, the share that follow another paragraph directly."""
    count = sum(flags)
    return sum(1 for a, b in zip(flags, flags[1:]) if a and b) / count if count else 0.0


def _resumes_after_box(page: Page, heading: int, body_start: int) -> bool:
    """True when the article may go on after the box an other-stories heading opens.

    A box inside an article is a few teaser lines, then the article again:
    two paragraphs in a row within a few lines of the heading. The other
    stories after an article's end are teaser cards, where each summary
    stands between headline lines. That contrast holds only for an article
    whose own paragraphs mostly follow one another: one written as subheading,
    paragraph, subheading, paragraph looks like cards itself, so there the
    heading never ends it.
    """
    conf = resources.settings()["related"]
    if _in_row_share(_paragraphs(page, heading + 1, heading + 1 + conf["resume_window"])) > 0:
        return True
    return _in_row_share(_paragraphs(page, body_start, heading)) < conf["min_in_row_share"]


def _stop_line(page: Page, values: list[float]) -> int:
    """Index of the first line that ends the article, with article text above it; the page length if none.

    Reader comments end it. A heading over other stories ends it when there is
    more article text above than below and the article does not resume after
    the heading's box (some sites put a "Related articles" box mid-text).
    """
    conf = resources.settings()["region"]
    stops, weighed = set(conf["stop_categories"]), set(conf["stop_unless_resumed"])
    invites = set(conf["stop_at_invite"])
    for i, verdict in sorted(page.labels.items()):
        invite = verdict.category in invites and _is_invite(page, i)
        if verdict.category not in stops | weighed and not invite:
            continue
        above = run_score(values[:i])
        if above < conf["stop_min_score"]:
            continue
        if verdict.category in stops:
            return i
        body = best_run(values[:i])
        below = run_score(values[i + 1 :])
        if invite and below > conf["invite_max_below_share"] * above:
            continue
        if above > below and body and not _resumes_after_box(page, i, body[0]):
            return i
    return len(page)


def _is_invite(page: Page, i: int) -> bool:
    """A promotion that asks the reader to do something (subscribe, sign up), not a bare ad marker:
    "Advertisement" stands anywhere in an article, a newsletter box mostly after it."""
    markers = resources.settings()["region"]["ad_markers"]
    return " ".join(page.lines[i].text.lower().split()).strip(" .:-") not in markers


def find_headline(page: Page, body_start: int) -> int | None:
    """The nearest unlabelled title-like line above the body, within a few lines."""
    window = resources.settings()["region"]["headline_window"]
    for i in range(body_start - 1, max(-1, body_start - 1 - window), -1):
        if page.is_free(i) and is_headline_like(page.feats[i], page.lines[i].text):
            return i
    return None


def _inherited(page: Page, run: list[int], default: str) -> str:
    """Category for a short unlabelled run: the next labelled line's, else the previous one's."""
    if len(run) > resources.settings()["region"]["inherit_max_run"]:
        return default
    for neighbour in (run[-1] + 1, run[0] - 1):
        if neighbour in page.labels:
            return page.labels[neighbour].category
    return default


def _label_outside(page: Page, indices: range, default: str) -> None:
    strength = resources.settings()["confidence"]["outside_region"]
    run: list[int] = []
    for i in [*indices, None]:
        if i is not None and page.is_free(i):
            run.append(i)
            continue
        if run:
            category = _inherited(page, run, default)
            for j in run:
                page.label(j, page.suspects.get(j, Verdict(category, strength)))
            run = []


def label_outside_body(page: Page) -> tuple[int, int] | None:
    """Protect the headline, label everything outside [headline, body end); return the body span."""
    values = page_values(page)
    span = best_run(values[: _stop_line(page, values)])
    if span is None:
        return None
    start, end = span
    end = trim_card_tail(page, values, start, end)
    headline = find_headline(page, start)
    if headline is not None:
        page.protected.add(headline)
        start = headline
    _label_outside(page, range(0, start), "page_header")
    _label_outside(page, range(end, len(page)), "page_footer")
    return start, end


def label_clusters(page: Page, span: tuple[int, int]) -> None:
    """Inside the body, runs of short unpunctuated lines are menus or link lists."""
    conf = resources.settings()["cluster"]
    run: list[int] = []
    for i in [*range(*span), None]:
        if i is not None and page.is_free(i) and _cluster_member(page, i, conf["max_words"]):
            run.append(i)
            continue
        if len(run) >= conf["min_run"] and not _is_article_list(page, run):
            for j in run:
                page.label(j, Verdict("navigation", resources.settings()["confidence"]["cluster"]))
        run = []


def _cluster_member(page: Page, i: int, max_words: int) -> bool:
    f = page.feats[i]
    return not f.terminal and f.words <= max_words and (is_short_label(f) or is_headline_like(f, page.lines[i].text))


def _is_article_list(page: Page, run: list[int]) -> bool:
    """Bulleted items with several words each, or items that each name something and then say it
    ("Path A: Iceland, Norway"), are a list in the article, not a menu."""
    conf = resources.settings()["cluster"]
    bullets = all(page.lines[i].bullet for i in run)
    average = sum(page.feats[i].words for i in run) / len(run)
    return (bullets and average >= conf["keep_bullets_min_avg_words"]) or all(_labelled_item(page.lines[i].text) for i in run)


def _labelled_item(text: str) -> bool:
    """A "label: value" list item: a short label, a colon inside the line, and words after it."""
    conf = resources.settings()["cluster"]
    label, colon, value = text.partition(":")
    return (
        bool(colon)
        and 0 < len(label.split()) <= conf["item_label_max_words"]
        and len(value.split()) >= conf["item_value_min_words"]
    )
