"""Pipeline speed and memory on one core: `make bench`.

Builds a corpus of at least 1,000 articles from the shipped samples (each one
a sample with its body paragraphs reshuffled by a seeded RNG, so no two are the
same text), pins the process to one CPU, loads the models once, then times
`unspin.neutralize` over the corpus. That corpus flatters the pipeline, so
`--real` times real articles instead (`realpages.py`: the extraction test pages
as HTML and as text dumps, the PTC test articles), with trafilatura alone on the
same pages and model load in a fresh process; it is skipped, with a message,
when ../shared/data is absent. Figures go to docs/BENCHMARKS.md between
markers, so the file is regenerated, never hand-edited.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import resource
import statistics
import sys
import time
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

from realpages import (  # noqa: E402  (this folder, on sys.path when run as a script)
    Memory,
    RealSet,
    SetFigures,
    Timing,
    fresh_load,
    real_section,
    real_sets,
    timed,
    trafilatura_timing,
)

from unspin.docsections import write_section  # noqa: E402
from unspin.eval.datasets import DataError  # noqa: E402
from unspin.ingest import Article, IngestError, read_articles  # noqa: E402
from unspin.report import Report  # noqa: E402


def sample_articles() -> list[Article]:
    folder = Path(str(resources.files("unspin").joinpath("samples")))
    found = [a for a in read_articles([str(folder)]) if not isinstance(a, IngestError)]
    if not found:
        sys.exit(f"no sample articles found in {folder}")
    return found


def shuffled_variant(article: Article, pool: list[str], rng: random.Random, number: int, min_words: int) -> Article:
    """The sample with its body shuffled and padded with paragraphs of other samples.

    Padding brings each article to news length (`min_words`), so the figure is
    per realistic article, not per short sample.
    """
    if article.html is not None:
        paragraphs = re.findall(r"<p>.*?</p>", article.html, flags=re.S)
        body = paragraphs[1:] + [f"<p>{p}</p>" for p in _padding(pool, rng, min_words - words_in(article))]
        rng.shuffle(body)
        html = article.html
        for old in paragraphs[1:]:
            html = html.replace(old, "", 1)
        anchor = paragraphs[0] if paragraphs else "<body>"
        html = html.replace(anchor, anchor + "\n".join(body), 1)
        return article.model_copy(update={"html": html, "source": f"bench-{number}.html"})
    blocks = (article.text or "").split("\n\n")
    head, body = blocks[:1], blocks[1:] + _padding(pool, rng, min_words - words_in(article))
    rng.shuffle(body)
    return article.model_copy(update={"text": "\n\n".join(head + body), "source": f"bench-{number}.txt"})


def _padding(pool: list[str], rng: random.Random, words_needed: int) -> list[str]:
    extra: list[str] = []
    while words_needed > 0 and pool:
        paragraph = rng.choice(pool)
        extra.append(paragraph)
        words_needed -= len(paragraph.split())
    return extra


def build_corpus(size: int, min_words: int, seed: int = 20241124) -> list[Article]:
    rng = random.Random(seed)
    samples = sample_articles()
    pool = [block for a in samples if a.text for block in a.text.split("\n\n") if len(block.split()) > 25]
    return [shuffled_variant(samples[i % len(samples)], pool, rng, i, min_words) for i in range(size)]


def words_in(article: Article) -> int:
    return len(re.findall(r"\w+", article.text or re.sub(r"<[^>]+>", " ", article.html or "")))


def pin_to_one_core() -> None:
    """The speed target is per core: keep the process (and the processes it starts) on its first allowed CPU.

    BLAS threads are set to 1 above, before numpy loads; the encoder's onnxruntime session uses one thread itself.
    """
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})


def neutralize_or_none(article: Article, strength: str = "standard", thorough: bool = False) -> Report | None:
    """The report, or None when the pipeline refuses the article (a real page can have no article text)."""
    from unspin.pipeline import Options, neutralize

    try:
        return neutralize(article, Options(strength=strength, thorough=thorough))
    except ValueError:  # PipelineError, CleanError
        return None


def measure(articles: Sequence[Article], strength: str, thorough: bool) -> tuple[list[Report | None], Timing, float]:
    """Reports, time per article, and the share of sentences the encoder read (the cascade's second stage)."""
    from unspin.detect import default_detector

    routing = default_detector(thorough).scorer.routing
    seen, routed = routing.sentences, routing.routed
    reports, timing = timed(lambda article: neutralize_or_none(article, strength, thorough), articles)
    return reports, timing, (routing.routed - routed) / max(1, routing.sentences - seen)


def run(size: int, strength: str, min_words: int, thorough: bool = False) -> dict[str, float]:
    pin_to_one_core()
    from unspin.pipeline import Options, neutralize

    corpus = build_corpus(size, min_words)
    started = time.perf_counter()
    neutralize(corpus[0], Options(strength=strength, thorough=thorough))  # loads spaCy, the models and lexicons once
    load_seconds = time.perf_counter() - started
    reports, timing, routed_share = measure(corpus, strength, thorough)
    if any(report is None for report in reports):
        sys.exit("the pipeline refused a generated article; run it by hand to see why")
    return {
        "articles": len(corpus),
        "html_articles": sum(1 for a in corpus if a.html is not None),
        "mean_words": statistics.mean(words_in(a) for a in corpus),
        "load_seconds": load_seconds,
        "articles_per_second": timing.per_second,
        "cpu_articles_per_second": timing.cpu_per_second,
        "load_average": os.getloadavg()[0],
        "words_per_second": sum(words_in(a) for a in corpus) / timing.total,
        "p50_ms": timing.p50_ms,
        "p95_ms": timing.p95_ms,
        "edits_per_article": sum(len(r.edits) for r in reports if r) / len(corpus),
        "routed_share": routed_share,
        "peak_rss_mib": peak_rss_mib(),
    }


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def measure_real(real: RealSet) -> SetFigures:
    """One real input through the pipeline with default options, and trafilatura alone when it is HTML."""
    reports, timing, routed_share = measure(real.articles, "standard", thorough=False)
    done = [r for r in reports if r is not None]
    return SetFigures(
        name=real.name,
        pipeline=timing,
        mean_words=statistics.mean(len(r.original.split()) for r in done) if done else 0.0,
        edits_per_article=sum(len(r.edits) for r in done) / max(1, len(done)),
        routed_share=routed_share,
        failures=len(reports) - len(done),
        trafilatura=trafilatura_timing(real.articles) if real.html else None,
    )


def run_real(data: Path | None) -> str | None:
    """The real-article section, or None (after saying why) when the data is not on this machine."""
    before = peak_rss_mib()
    try:
        sets = real_sets(data)
    except DataError as exc:
        print(f"skipping the real-article benchmark: {exc}", file=sys.stderr)
        return None
    inputs_mib = peak_rss_mib() - before
    pin_to_one_core()
    load_at_start = os.getloadavg()[0]
    load, fresh_mib = fresh_load(sets[-1].articles[0].text or "")  # before this process loads anything
    for real in sets:
        neutralize_or_none(real.articles[0])  # warm up: models, trafilatura, the dump classifier
    figures = [measure_real(real) for real in sets]
    load_averages = f"{load_at_start:.1f} / {os.getloadavg()[0]:.1f}"
    return real_section(figures, load, Memory(peak_rss_mib(), inputs_mib, fresh_mib), load_averages)


def as_markdown(figures: dict[str, float], strength: str, thorough: bool = False) -> str:
    return "\n".join(
        [
            f"Whole `neutralize` pipeline (ingest → clean → detect → edit → report), strength `{strength}`"
            f"{', `--thorough` (the encoder reads every sentence)' if thorough else ''}, "
            f"one core (process pinned to one CPU, BLAS threads 1), spaCy loaded once. Corpus: "
            f"{figures['articles']:.0f} articles generated from `unspin/samples` "
            f"({figures['html_articles']:.0f} HTML pages, the rest text dumps), mean {figures['mean_words']:.0f} words. "
            "Produced by `make bench`.",
            "",
            "| figure | value |",
            "| --- | --- |",
            f"| articles per second (one core) | **{figures['articles_per_second']:.1f}** |",
            f"| articles per second by CPU time (leaves out the time the process waited for its core; load average "
            f"{figures['load_average']:.1f} on {os.cpu_count()} cores when the run ended: the machine is shared) "
            f"| {figures['cpu_articles_per_second']:.1f} |",
            f"| words per second | {figures['words_per_second']:,.0f} |",
            f"| median / p95 time per article | {figures['p50_ms']:.1f} ms / {figures['p95_ms']:.1f} ms |",
            f"| edits per article (boilerplate + cuts + modifications) | {figures['edits_per_article']:.1f} |",
            f"| sentences read by the encoder (the cascade's second stage) | {100 * figures['routed_share']:.0f}% |",
            f"| model load (once per process) | {figures['load_seconds']:.2f} s |",
            f"| peak memory (RSS) | {figures['peak_rss_mib']:.0f} MiB |",
            "| target | none: the ≥ 30 articles/s target is the default mode's (above) |"
            if thorough
            else f"| target | ≥ 30 articles/s: {'met' if figures['articles_per_second'] >= 30 else 'NOT met'} |",
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--strength", default="standard")
    parser.add_argument("--min-words", type=int, default=600, help="pad generated articles to at least this many words")
    parser.add_argument("--thorough", action="store_true", help="the encoder reads every sentence")
    parser.add_argument(
        "--real",
        action="store_true",
        help="time real articles from ../shared/data instead of the generated corpus (default options)",
    )
    parser.add_argument("--data", type=Path, help="the data folder for --real (default: $UNSPIN_DATA, else ../shared/data)")
    parser.add_argument("--write", type=Path, help="update this markdown file's pipeline section")
    args = parser.parse_args()
    if args.real and (args.thorough or args.strength != "standard"):
        parser.error("--real measures the default options only (no --thorough, strength standard)")
    if args.real:
        section = run_real(args.data)
        name, heading = "bench:pipeline-real", "Pipeline speed on real articles"
    else:
        section = as_markdown(run(args.articles, args.strength, args.min_words, args.thorough), args.strength, args.thorough)
        name = "bench:pipeline-thorough" if args.thorough else "bench:pipeline"
        heading = "Pipeline speed, --thorough" if args.thorough else "Pipeline speed"
    if section is None:
        return
    print(section)
    if args.write:
        write_section(args.write, name, section, heading)


if __name__ == "__main__":
    main()
