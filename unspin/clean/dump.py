"""Remove web furniture from a scraped text dump, as ledger edits.

A text dump is every visible line of a web page saved as text: the article,
but also menus, "Read more" boxes, player residue, author boxes and notices.
`find_boilerplate` classifies lines by their features (see `features.py`),
labels furniture with line and block rules (`rules.py`), finds the article
body and its headline (`region.py`), and returns one `Edit` per removed line
or run of lines of the same category. It never rewrites text itself: the
ledger does, so every removal can be shown and undone.
"""

from __future__ import annotations

from unspin.clean import resources, rules
from unspin.clean.features import is_headline_like, is_prose_like
from unspin.clean.page import Page, Verdict
from unspin.clean.region import label_clusters, label_outside_body
from unspin.clean.resources import normalise
from unspin.edit.ledger import Edit, EditKind

BY = "clean.dump@1"


def classify(text: str, title: str | None = None, *, find_body: bool = True) -> Page:
    """Label every furniture line of `text`; a known `title` line is always kept.

    `find_body=False` skips the search for the article body (and so the
    header/footer and menu-cluster labels): for text an extractor already cut
    down to the article, only the explicit line and block rules apply. A text
    of a few lines is no page dump: there is no header or footer to find by
    position, so it gets the explicit rules only as well.
    """
    page = Page.read(text)
    if title:
        wanted = normalise(title)
        page.protected.update(i for i, line in enumerate(page.lines) if normalise(line.text) == wanted)
    rules.label_lines(page)
    rules.label_blocks(page)
    if find_body and len(page) >= resources.settings()["region"]["min_lines"]:
        span = label_outside_body(page)
        if span is not None:
            label_clusters(page, span)
    keep_article(page)
    return page


def keep_article(page: Page) -> None:
    """Remove lines only where what stays is clearly the article.

    When every line is labelled, or no line left reads like prose, the labels
    were wrong about the article itself (a one-sentence article, or a short one
    whose only line carries a furniture cue): the prose-like lines are kept.
    A page with no prose-like line at all (a bare menu) stays as labelled.
    """
    long_enough = resources.settings()["line"]["paragraph_min_words"]
    kept = [page.feats[i] for i in range(len(page)) if i not in page.labels]
    if any(is_prose_like(f) or (f.terminal and f.words >= long_enough) for f in kept):  # any language
        return
    for i in [i for i in page.labels if is_prose_like(page.feats[i])]:
        del page.labels[i]


def _runs(page: Page) -> list[tuple[list[int], Verdict]]:
    """Consecutive labelled lines grouped while they share a category."""
    runs: list[tuple[list[int], Verdict]] = []
    for i in sorted(page.labels):
        verdict = page.labels[i]
        if runs and runs[-1][0][-1] == i - 1 and runs[-1][1].category == verdict.category:
            indices, first = runs[-1]
            indices.append(i)
            runs[-1] = (indices, first if first.confidence <= verdict.confidence else verdict)
        else:
            runs.append(([i], verdict))
    return runs


def find_boilerplate(text: str, *, title: str | None = None, find_body: bool = True) -> list[Edit]:
    """Edits that remove the web furniture of a text dump, in text order.

    Each edit covers whole lines, with their newlines and the blank lines
    after them, so the text left behind has no gaps. `title`, when known,
    names the headline line so it is never removed. `find_body=False` is for
    text already reduced to the article (see `classify`).
    """
    return furniture_edits(classify(text, title, find_body=find_body))


def furniture_edits(page: Page) -> list[Edit]:
    """The edits of a classified page: one per run of labelled lines of one category."""
    edits: list[Edit] = []
    for indices, verdict in _runs(page):
        start, end = page.lines[indices[0]].start, page.lines[indices[-1]].end
        edits.append(
            Edit(
                kind=EditKind.BOILERPLATE,
                start=start,
                end=end,
                original=page.text[start:end],
                replacement="",
                category=verdict.category,
                reason=verdict.explained(),
                confidence=round(verdict.confidence, 3),
                by=BY,
            )
        )
    return edits


def kept_headline(page: Page) -> str | None:
    """The first line a classified page keeps, if it reads like a headline (short, no full stop).

    From the page already classified, so the lines are not measured a second time (on a page dump
    that second reading cost as much as a third of the classifier)."""
    for i, (line, features) in enumerate(zip(page.lines, page.feats)):
        if i not in page.labels:
            return line.text if is_headline_like(features, line.text) else None
    return None


def first_kept_headline(text: str, edits: list[Edit]) -> str | None:
    """The first line the edits keep, if it reads like a headline (short, no full stop)."""
    removed = [(edit.start, edit.end) for edit in edits]
    page = Page.read(text)
    for line, features in zip(page.lines, page.feats):
        if any(start <= line.start < end for start, end in removed):
            continue
        return line.text if is_headline_like(features, line.text) else None
    return None
