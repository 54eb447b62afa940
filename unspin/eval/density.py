"""How much unspin changes real news articles: text edits and flags per 100 words (`unspin eval density`).

The issue's target is that text edits land between 1 and 4 per 100 words on news articles. This
runs the whole pipeline (`unspin.pipeline.neutralize`: clean, then detect and edit), as a user's
`unspin neutralize` would, on two sets:

- the seed articles, `*.txt` files in `../shared/seeds` (or `--seeds`), read by `unspin.ingest`
  exactly as the CLI reads a text file, scraper residue and all;
- the extraction benchmark's pages of one split (`../shared/data/extraction`, test by default),
  read from their HTML by `datasets.load_extraction`.

Per article:

- words: `\\w+` tokens of the article as cleaning leaves it, i.e. the original with only the
  `boilerplate` edits applied. Not the output text, whose `[...]` marks and replacement words
  would make the base depend on the very edits being counted; not the raw original, whose menus
  and bios are not article and would dilute the rate of a scraped dump (a page read from HTML has
  lost its furniture in extraction already, so for it the two are close).
- text edits: `cut` and `modify` edits (`ledger.WORD_EDIT_KINDS`) other than those of category
  `grammar`, the "an" -> "a" agreement fixes `edit/grammar.py` adds after a cut: they follow an
  edit that is already counted, and a reader meets them as part of it.
- flags: `flag` edits (words kept and marked).

Per set: the median and the 10th/90th percentiles of text edits per 100 words over articles, the
share of articles inside the target band [1, 4] (ends included), and the mean of flags per 100
words over articles (each article weighs the same, like the percentiles). A page the pipeline
refuses (nothing left after cleaning) is counted under `failures`, not in the figures.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from unspin.eval.article_eval import Spread, spread
from unspin.eval.datasets import DataError

TARGET_BAND = (1.0, 4.0)  # text edits per 100 words, the target for news articles
_WORD = re.compile(r"\w+")


def seeds_root(override: str | Path | None = None) -> Path:
    """`--seeds`, else env UNSPIN_SEEDS, else `<repo>/../shared/seeds`."""
    if override:
        return Path(override)
    if os.environ.get("UNSPIN_SEEDS"):
        return Path(os.environ["UNSPIN_SEEDS"])
    return Path(__file__).resolve().parents[2].parent / "shared" / "seeds"


def seed_files(root: str | Path | None = None) -> list[Path]:
    folder = seeds_root(root)
    files = sorted(folder.glob("*.txt")) if folder.is_dir() else []
    if not files:
        raise DataError(f"{folder}: no seed articles (*.txt) found (set --seeds or UNSPIN_SEEDS)")
    return files


@dataclass(frozen=True)
class ArticleDensity:
    """One article's tallies; every figure of a set is made from these."""

    name: str  # seed file name or extraction page id
    words: int  # \w+ tokens after the boilerplate edits alone
    edits: int  # cut + modify, without the a/an agreement fixes
    flags: int

    @property
    def edits_per_100(self) -> float | None:
        return 100 * self.edits / self.words if self.words else None

    @property
    def flags_per_100(self) -> float | None:
        return 100 * self.flags / self.words if self.words else None

    def as_dict(self) -> dict:
        return {
            "name": self.name,
            "words": self.words,
            "edits": self.edits,
            "flags": self.flags,
            "edits_per_100_words": self.edits_per_100,
            "flags_per_100_words": self.flags_per_100,
        }


def count_report(name: str, report) -> ArticleDensity:
    """Tally a pipeline `Report` (see the module docstring for what counts)."""
    from unspin.edit.grammar import CATEGORY as GRAMMAR
    from unspin.edit.ledger import WORD_EDIT_KINDS, EditKind, apply_edits

    boilerplate = [e for e in report.edits if e.kind is EditKind.BOILERPLATE]
    article = apply_edits(report.original, boilerplate)
    return ArticleDensity(
        name=name,
        words=len(_WORD.findall(article)),
        edits=sum(e.kind in WORD_EDIT_KINDS and e.category != GRAMMAR for e in report.edits),
        flags=sum(e.kind is EditKind.FLAG for e in report.edits),
    )


def within_share(values: Sequence[float], band: tuple[float, float] = TARGET_BAND) -> float | None:
    """Share of `values` inside `band`, both ends included; None for no values."""
    if not values:
        return None
    low, high = band
    return sum(low <= v <= high for v in values) / len(values)


def mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


@dataclass
class DensityResult:
    set: str  # "seeds" or "extraction test"
    strength: str
    articles: int  # articles with at least one word (those the figures are over)
    words: int
    edits: int
    flags: int
    edits_spread: Spread  # per-article text edits per 100 words
    within_band: float | None  # share of articles with text edits per 100 words in TARGET_BAND
    flags_per_100_mean: float | None  # mean over articles
    failures: list[str] = field(default_factory=list)  # "name: why" for articles the pipeline refused
    seconds: float | None = None
    per_article: list[ArticleDensity] = field(default_factory=list, repr=False)

    def as_dict(self, with_articles: bool = False) -> dict:
        body = {
            "set": self.set,
            "strength": self.strength,
            "articles": self.articles,
            "words": self.words,
            "edits": self.edits,
            "flags": self.flags,
            "edits_per_100_words_per_article": {
                "median": self.edits_spread.median,
                "p10": self.edits_spread.p10,
                "p90": self.edits_spread.p90,
            },
            "target_band": list(TARGET_BAND),
            "share_within_target_band": self.within_band,
            "flags_per_100_words_mean": self.flags_per_100_mean,
            "failures": self.failures,
            "seconds": self.seconds,
        }
        if with_articles:
            body["per_article"] = [a.as_dict() for a in self.per_article]
        return body


def summarize_density(
    name: str,
    counts: Sequence[ArticleDensity],
    strength: str = "standard",
    failures: Sequence[str] = (),
    seconds: float | None = None,
) -> DensityResult:
    """Figures over the articles that have words; an empty article cannot have a rate."""
    rated = [c for c in counts if c.words]
    edits = [c.edits_per_100 for c in rated]
    return DensityResult(
        set=name,
        strength=strength,
        articles=len(rated),
        words=sum(c.words for c in rated),
        edits=sum(c.edits for c in rated),
        flags=sum(c.flags for c in rated),
        edits_spread=spread(edits),
        within_band=within_share(edits),
        flags_per_100_mean=mean([c.flags_per_100 for c in rated]),
        failures=list(failures),
        seconds=seconds,
        per_article=list(counts),
    )


def run_articles(name: str, articles, strength: str = "standard") -> DensityResult:
    """The whole pipeline on each `(name, Article)`; a refused article is a failure, not a crash."""
    from unspin.ingest import IngestError
    from unspin.pipeline import Options, run

    options = Options(strength=strength)
    counts, failures, labels = [], [], {}

    def labelled():
        for label, article in articles:
            labels[article.source] = label
            yield article

    started = time.perf_counter()
    for result in run(labelled(), options):
        if isinstance(result, IngestError):
            failures.append(f"{labels[result.source]}: {result.message}")
        else:
            counts.append(count_report(labels[result.source], result))
    return summarize_density(name, counts, strength, failures, time.perf_counter() - started)


def seed_articles(root: str | Path | None = None):
    """`(file name, Article)` for each seed, read as `unspin neutralize FILE` reads it."""
    from unspin.ingest import IngestError, read_articles

    for path in seed_files(root):
        for item in read_articles([str(path)]):
            if isinstance(item, IngestError):
                raise DataError(str(item))
            yield path.name, item


def page_articles(split: str, root: str | Path | None = None, limit: int | None = None):
    """`(page id, Article)` for the extraction pages of one split, from their HTML."""
    from unspin.eval.datasets import load_extraction
    from unspin.ingest import Article

    for page in load_extraction(split, root)[:limit]:
        yield page.id, Article(source=f"extraction/{split}/{page.id}", html=page.html(), url=page.url or None)


def evaluate_density(
    split: str = "test",
    root: str | Path | None = None,
    seeds: str | Path | None = None,
    *,
    strength: str = "standard",
    limit: int | None = None,
) -> list[DensityResult]:
    """The seeds (always) and the extraction pages of `split` (the first `limit`), whole pipeline."""
    from unspin.edit.policy import load_strength

    load_strength(strength)  # an unknown strength fails before any work
    seed_list = list(seed_articles(seeds))  # read every input before the slow part, so a bad path fails fast
    pages = list(page_articles(split, root, limit))
    return [run_articles("seeds", seed_list, strength), run_articles(f"extraction {split}", pages, strength)]
