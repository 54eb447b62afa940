"""`unspin eval stories`: B-cubed scores of story grouping beside two baselines, and its speed.

unspin's row streams the split through a fresh `StoryIndex` in file order
(records are shuffled, so the order is arbitrary, as in a feed); it has no
dates here because the data has none. The baselines see the whole split at
once. Speed counts everything an arriving article costs: embedding, entities,
vectors and assignment; the assignment alone is reported too.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass

from unspin.stories import embed
from unspin.stories.baselines import minhash_groups, tfidf_agglomerative
from unspin.stories.dataset import Record, drafts, lead_vectors, load_split
from unspin.stories.entities import mentions
from unspin.stories.index import StoryIndex
from unspin.stories.metrics import bcubed
from unspin.stories.profile import profiles


@dataclass(frozen=True)
class Row:
    system: str
    precision: float
    recall: float
    f1: float
    stories: int
    seconds: float
    per_second: float
    note: str = ""


def evaluate(
    split: str = "dev", data: str | None = None, *, limit: int | None = None, cached: bool = False, vectors: str = "hnsw"
) -> tuple[list[Row], dict]:
    """Rows for unspin and both baselines on `split`, and facts about the run (sizes, assignment speed)."""
    from unspin.stories.train import shipped_baselines

    records = load_split(split, data)[:limit]
    gold = [r.story for r in records]
    rows: list[Row] = []
    embed.load_events_model()  # loading the models once per process is not part of any article's cost
    mentions(["warm up"])
    started = time.perf_counter()
    embedded = lead_vectors(records, cache=cached)
    built = profiles(drafts(records), vectors=embedded)
    prepared = time.perf_counter()
    index = StoryIndex(vectors=vectors)
    index.add_all(built)
    labels = [index.story_key(p.key) for p in built]
    finished = time.perf_counter()
    total, assign = finished - started, finished - prepared
    score = bcubed(labels, gold)
    note = "stream, HNSW index" if vectors == "hnsw" else "stream, exact index"
    if cached:
        note += "; embeddings from cache, so speed excludes the model"
    rows.append(
        Row("unspin stories", score.precision, score.recall, score.f1, len(set(labels)), total, len(records) / total, note)
    )
    settings = shipped_baselines()
    rows.append(
        _baseline(
            "TF-IDF + agglomerative (average link)",
            records,
            gold,
            lambda texts: tfidf_agglomerative(texts, settings["tfidf_distance"]),
            f"batch, cosine distance {settings['tfidf_distance']}",
        )
    )
    rows.append(
        _baseline(
            "MinHash LSH near-duplicates",
            records,
            gold,
            lambda texts: minhash_groups(texts, settings["minhash_threshold"]),
            f"word 3-grams, Jaccard {settings['minhash_threshold']}",
        )
    )
    facts = {
        "split": split,
        "articles": len(records),
        "events": len(set(gold)),
        "assign_per_second": len(records) / assign if assign else 0.0,
        "assign_ms": 1000 * assign / len(records) if records else 0.0,
    }
    return rows, facts


def _baseline(name: str, records: list[Record], gold: list[str], run, note: str) -> Row:
    started = time.perf_counter()
    labels = run([r.lead for r in records])
    seconds = time.perf_counter() - started
    score = bcubed(labels, gold)
    return Row(
        name, score.precision, score.recall, score.f1, len(set(labels)), seconds, len(records) / seconds if seconds else 0.0, note
    )


def as_markdown(rows: list[Row], facts: dict) -> str:
    lines = [
        f"Split `{facts['split']}`: {facts['articles']} articles, {facts['events']} events.",
        "",
        "| system | B³ precision | B³ recall | B³ F1 | stories | articles/s | how |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for row in rows:
        lines.append(
            f"| {row.system} | {row.precision:.3f} | {row.recall:.3f} | **{row.f1:.3f}** | {row.stories} | "
            f"{row.per_second:,.1f} | {row.note} |"
        )
    lines += [
        "",
        f"Assignment alone (profiles ready): {facts['assign_per_second']:,.0f} articles/s ({facts['assign_ms']:.2f} ms each).",
    ]
    return "\n".join(lines) + "\n"


def as_json(rows: list[Row], facts: dict) -> dict:
    return {**facts, "rows": [asdict(row) for row in rows]}
