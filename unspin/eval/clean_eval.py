"""Score article extraction on the `extraction` set: unspin's HTML path and its
text-dump path against the other extractors, with the benchmark's measure.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field

from unspin.eval import metrics
from unspin.eval.baselines.extractors import EXTRACTORS, Extractor
from unspin.eval.datasets import ExtractionPage
from unspin.eval.dumps import text_dump


@dataclass
class CleanResult:
    system: str
    input: str
    split: str
    pages: int
    prf: metrics.PRF
    pages_per_s: float | None
    failures: int = 0
    f1_ci: float = 0.0  # half-width of the bootstrap 95% interval over pages
    per_page: list[tuple[str, float, float, float]] = field(default_factory=list, repr=False)

    def as_dict(self) -> dict:
        return {
            "system": self.system,
            "input": self.input,
            "split": self.split,
            "pages": self.pages,
            "precision": self.prf.precision,
            "recall": self.prf.recall,
            "f1": self.prf.f1,
            "f1_ci95": self.f1_ci,
            "pages_per_s": self.pages_per_s,
            "failures": self.failures,
        }


@dataclass(frozen=True)
class PreparedPage:
    page: ExtractionPage
    html: str
    dump: str


def prepare(pages: Sequence[ExtractionPage]) -> list[PreparedPage]:
    """Read every page once and make its text dump (not timed: it stands for the scraper)."""
    prepared = []
    for page in pages:
        html = page.html()
        prepared.append(PreparedPage(page, html, text_dump(html)))
    return prepared


def evaluate_extractor(extractor: Extractor, pages: Sequence[PreparedPage], split: str) -> CleanResult:
    outputs, failures, seconds = [], 0, 0.0
    for item in pages:
        source = item.html if extractor.input == "html" else item.dump
        started = time.perf_counter()
        try:
            text = extractor.run(source, item.page.url or None)
        except Exception:  # one bad page must not sink the table; it scores as empty output
            text, failures = "", failures + 1
        seconds += time.perf_counter() - started
        outputs.append(text)
    counts = [metrics.shingle_match(item.page.article_body, out) for item, out in zip(pages, outputs)]
    return CleanResult(
        system=extractor.name,
        input=extractor.input,
        split=split,
        pages=len(pages),
        prf=metrics.extraction_prf(counts),
        pages_per_s=len(pages) / seconds if extractor.timed and seconds else None,
        failures=failures,
        f1_ci=metrics.extraction_f1_ci(counts),
        per_page=[(item.page.id, *c) for item, c in zip(pages, counts)],
    )


def evaluate_clean(
    pages: Sequence[ExtractionPage], split: str, extractors: Sequence[Extractor] = EXTRACTORS
) -> list[CleanResult]:
    prepared = prepare(pages)
    return [evaluate_extractor(e, prepared, split) for e in extractors]


def evaluate_split(split: str, root=None, *, limit: int | None = None) -> list[CleanResult]:
    from unspin.eval.datasets import load_extraction

    return evaluate_clean(load_extraction(split, root)[:limit], split)
