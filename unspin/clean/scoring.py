"""How much each line of a page argues for being article text, and the best run of lines.

The body search of `region.py` and the card trimming of `cards.py` both
read these numbers: paragraphs add their word count, furniture subtracts.
"""

from __future__ import annotations

from unspin.clean import resources
from unspin.clean.features import LineFeatures, is_paragraph
from unspin.clean.page import Page


def line_value(f: LineFeatures, labelled: bool, floor: float) -> float:
    """How much a line argues for being inside the article body.

    A longer line printed more than once on the page is a teaser or a pull
    quote: it counts as furniture here (a copy inside the body is still kept).
    """
    conf = resources.settings()["region"]
    if labelled or (f.repeats > 1 and f.words > resources.settings()["line"]["short_max_words"]):
        return -min(max(f.words, conf["labelled_min_penalty"]), conf["labelled_max_penalty"])
    if is_paragraph(f, floor):
        return float(f.words)
    prose = f.function_ratio >= floor
    if f.terminal and f.words >= 3 and prose:
        return f.words * conf["short_sentence_weight"]
    if f.words >= conf["unpunctuated_prose_min_words"] and prose:
        return f.words * conf["unpunctuated_prose_weight"]
    penalty = conf["short_line_penalty"] + conf["short_line_word_penalty"] * f.words
    penalty += conf["label_title_case_penalty"] * f.title_ratio * (not f.has_verb)
    return -(penalty + (conf["repeated_line_penalty"] if f.repeats > 1 else 0.0))


def run_score(values: list[float]) -> float:
    """The total of the highest-scoring run of lines (0 when nothing scores above 0)."""
    span = best_run(values)
    return sum(values[span[0] : span[1]]) if span else 0.0


def best_run(values: list[float]) -> tuple[int, int] | None:
    """Indices [start, end) of the highest-scoring run of lines; None if nothing scores above 0."""
    best, best_span = 0.0, None
    total, start = 0.0, 0
    for i, value in enumerate(values):
        if total <= 0:
            total, start = 0.0, i
        total += value
        if total > best:
            best, best_span = total, (start, i + 1)
    return best_span


def _value(page: Page, i: int) -> float:
    value = line_value(page.feats[i], i in page.labels, page.prose_floor)
    if i in page.suspects and value > 0:
        return value * resources.settings()["region"]["suspect_weight"]
    return value


def page_values(page: Page) -> list[float]:
    """The value of every line of the page, with the labels and suspicions found so far."""
    return [_value(page, i) for i in range(len(page))]
