"""Loaded language in whole articles (PTC): what a reader of unspin's output meets, article by article.

The sentence sets ask whether a word is biased. An article asks what they cannot: how much of a
real article the editor changes, whether its changes land on what annotators marked, and whether
it stays out of quotations. Gold is PTC's loaded-language spans (Loaded_Language,
Name_Calling/Labeling, Exaggeration/Minimisation) outside quotations, deduplicated by range: a span
counts as found when any detection (cut, modify or flag) overlaps it by a character, because PTC
marks whole phrases ("dirty work") where an editor rightly acts on one word.

Rates are per 100 words (`\\w+` tokens of the article): edits (cut, modify: the text changes) and
flags (words kept and marked) apart, with the spread of edits over articles, since a mean can hide
a few articles rewritten heavily.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from unspin.eval import metrics
from unspin.eval.datasets import PtcArticle

Range = tuple[int, int]
_WORD = re.compile(r"\w+")
WARM_UP = "The committee met on Tuesday and approved the budget."


@dataclass(frozen=True)
class ArticleOutput:
    """A system's detections in one article, as character ranges of the article text."""

    edits: tuple[Range, ...] = ()  # the text changes here (cut, modify)
    flags: tuple[Range, ...] = ()  # marked for the reader, text kept (flag)


class ArticleSystem(Protocol):
    name: str
    description: str

    def run(self, text: str) -> ArticleOutput: ...


class UnspinArticles:
    """unspin's detect -> edit step on the whole article, as the pipeline runs it (quotations kept).

    No cleaning: PTC texts are article bodies already, and the clean stage is scored elsewhere.
    """

    def __init__(self, strength: str = "standard", thorough: bool = False) -> None:
        from unspin.edit.ledger import LOADED_KINDS, WORD_EDIT_KINDS
        from unspin.pipeline import Options, loaded_language_edits

        self.options = Options(strength=strength, thorough=thorough)  # an unknown strength fails before the run
        self._edits, self._loaded, self._word = loaded_language_edits, LOADED_KINDS, WORD_EDIT_KINDS
        self.strength, self.thorough = strength, thorough
        mode = [strength] * (strength != "standard") + ["thorough"] * thorough
        self.name = f"unspin ({', '.join(mode)})" if mode else "unspin"
        self.description = f"unspin detect + edit policy, --strength {strength}" + " --thorough" * thorough

    def run(self, text: str) -> ArticleOutput:
        edits = [e for e in self._edits(text, options=self.options) if e.kind in self._loaded]
        return ArticleOutput(
            edits=tuple((e.start, e.end) for e in edits if e.kind in self._word),
            flags=tuple((e.start, e.end) for e in edits if e.kind not in self._word),
        )


class DetectorArticles:
    """Any sentence Detector run on a whole article: everything it flags counts as a text edit."""

    def __init__(self, detector) -> None:
        self.detector, self.name, self.description = detector, detector.name, detector.description

    def run(self, text: str) -> ArticleOutput:
        (prediction,) = self.detector.predict([text])
        return ArticleOutput(edits=tuple(prediction.flagged))


# --- one article ---------------------------------------------------------------------------


def overlaps(a: Range, b: Range) -> bool:
    """Share at least one character (ranges are half-open)."""
    return a[0] < b[1] and b[0] < a[1]


def overlaps_any(target: Range, ranges: Iterable[Range]) -> bool:
    return any(overlaps(target, r) for r in ranges)


def loaded_targets(article: PtcArticle) -> list[Range]:
    """Gold for recall: loaded spans outside quotations, once per range (PTC is multi-label)."""
    return sorted({(s.start, s.end) for s in article.loaded if not s.quote})


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


@dataclass(frozen=True)
class ArticleCounts:
    """One system's tallies on one article; every rate in the table is made from these."""

    words: int
    targets: int  # non-quoted loaded spans (deduplicated)
    found: int  # of them, overlapped by an edit or a flag
    edits: int
    flags: int
    edits_on_spans: int  # edits overlapping any annotated span (all techniques)
    flags_on_spans: int
    edits_on_quoted_spans: int  # edits overlapping a span PTC marks as inside a quotation
    edits_in_quotations: int  # edits overlapping a quotation as unspin's protect.py finds them

    @property
    def edits_per_100(self) -> float | None:
        return 100 * self.edits / self.words if self.words else None


def count_article(article: PtcArticle, output: ArticleOutput, quotations: Sequence[Range] | None = None) -> ArticleCounts:
    """Tally one article. `quotations` defaults to unspin's own quotation ranges of its text.

    An edit counts as in a quotation when it touches one at all: a reader's promise is that no
    quoted word changes, so half inside is inside.
    """
    if quotations is None:
        from unspin.edit.protect import quotation_ranges

        quotations = quotation_ranges(article.text)
    targets = loaded_targets(article)
    detected = [*output.edits, *output.flags]
    spans = [(s.start, s.end) for s in article.spans]
    quoted = [(s.start, s.end) for s in article.spans if s.quote]
    return ArticleCounts(
        words=word_count(article.text),
        targets=len(targets),
        found=sum(overlaps_any(t, detected) for t in targets),
        edits=len(output.edits),
        flags=len(output.flags),
        edits_on_spans=sum(overlaps_any(e, spans) for e in output.edits),
        flags_on_spans=sum(overlaps_any(f, spans) for f in output.flags),
        edits_on_quoted_spans=sum(overlaps_any(e, quoted) for e in output.edits),
        edits_in_quotations=sum(overlaps_any(e, quotations) for e in output.edits),
    )


# --- a set of articles -----------------------------------------------------------------------


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


@dataclass(frozen=True)
class Spread:
    """Per-article edits per 100 words: the median and the 10th and 90th percentiles."""

    median: float | None
    p10: float | None
    p90: float | None


def spread(values: Sequence[float]) -> Spread:
    if not values:
        return Spread(None, None, None)
    p10, median, p90 = (float(v) for v in np.percentile(values, [10, 50, 90]))
    return Spread(median, p10, p90)


@dataclass
class ArticleResult:
    system: str
    split: str
    articles: int
    words: int
    targets: int
    found: int
    recall: float | None
    recall_ci: float  # half-width of the bootstrap 95% interval over articles
    edits_per_100: float  # over all words of the set
    flags_per_100: float
    edits_spread: Spread
    edit_on_span_share: float | None
    flag_on_span_share: float | None
    edits: int
    flags: int
    edits_on_quoted_spans: int
    edits_in_quotations: int
    articles_per_s: float | None
    per_article: list[ArticleCounts] = field(default_factory=list, repr=False)

    def as_dict(self) -> dict:
        return {
            "system": self.system,
            "split": self.split,
            "articles": self.articles,
            "words": self.words,
            "loaded_spans_outside_quotes": self.targets,
            "found": self.found,
            "recall": self.recall,
            "recall_ci95": self.recall_ci,
            "edits": self.edits,
            "flags": self.flags,
            "edits_per_100_words": self.edits_per_100,
            "flags_per_100_words": self.flags_per_100,
            "edits_per_100_words_per_article": {
                "median": self.edits_spread.median,
                "p10": self.edits_spread.p10,
                "p90": self.edits_spread.p90,
            },
            "edit_on_span_share": self.edit_on_span_share,
            "flag_on_span_share": self.flag_on_span_share,
            "edits_on_quoted_spans": self.edits_on_quoted_spans,
            "edits_in_quotations": self.edits_in_quotations,
            "articles_per_s": self.articles_per_s,
        }


def summarize(system: str, split: str, counts: Sequence[ArticleCounts], seconds: float | None = None) -> ArticleResult:
    """Pool the articles: rates over all words (micro), the spread over articles."""
    total = {name: sum(getattr(c, name) for c in counts) for name in ArticleCounts.__dataclass_fields__}
    words = total["words"]
    table = np.array([(c.found, c.targets) for c in counts], dtype=float).reshape(-1, 2)
    return ArticleResult(
        system=system,
        split=split,
        articles=len(counts),
        words=words,
        targets=total["targets"],
        found=total["found"],
        recall=_share(total["found"], total["targets"]),
        recall_ci=metrics.bootstrap_ci(len(table), lambda idx: _share(*table[idx].sum(axis=0)) or 0.0),
        edits_per_100=100 * total["edits"] / words if words else 0.0,
        flags_per_100=100 * total["flags"] / words if words else 0.0,
        edits_spread=spread([c.edits_per_100 for c in counts if c.edits_per_100 is not None]),
        edit_on_span_share=_share(total["edits_on_spans"], total["edits"]),
        flag_on_span_share=_share(total["flags_on_spans"], total["flags"]),
        edits=total["edits"],
        flags=total["flags"],
        edits_on_quoted_spans=total["edits_on_quoted_spans"],
        edits_in_quotations=total["edits_in_quotations"],
        articles_per_s=len(counts) / seconds if seconds else None,
        per_article=list(counts),
    )


def run_system(system: ArticleSystem, articles: Sequence[PtcArticle]) -> tuple[list[ArticleOutput], float]:
    """Outputs per article, and the seconds spent (after a warm-up, so model loading is not timed)."""
    system.run(WARM_UP)
    started = time.perf_counter()
    outputs = [system.run(a.text) for a in articles]
    return outputs, time.perf_counter() - started


def evaluate_system(system: ArticleSystem, articles: Sequence[PtcArticle], split: str) -> ArticleResult:
    outputs, seconds = run_system(system, articles)
    counts = [count_article(a, o) for a, o in zip(articles, outputs, strict=True)]
    return summarize(system.name, split, counts, seconds)


BASELINE_SHARE = 0.5  # a word the dev annotators marked more often than not; fixed, not tuned on PTC


def make_systems(strength: str = "standard", thorough: Sequence[bool] = (False,), root=None) -> list[ArticleSystem]:
    """unspin (one row per `thorough` value) and the two BABE+MBIC dev word-list baselines."""
    from unspin.eval.baselines.wordlist import dev_word_list

    systems: list[ArticleSystem] = [UnspinArticles(strength, t) for t in thorough]
    systems += [DetectorArticles(dev_word_list(root)), DetectorArticles(dev_word_list(root, BASELINE_SHARE))]
    return systems


def evaluate_ptc(
    split: str, root=None, *, strength: str = "standard", thorough: Sequence[bool] = (False,), limit: int | None = None
) -> list[ArticleResult]:
    """Every system on the first `limit` articles of one PTC split."""
    from unspin.eval.datasets import load_ptc

    articles = load_ptc(split, root)[:limit]
    return [evaluate_system(s, articles, split) for s in make_systems(strength, thorough, root)]
