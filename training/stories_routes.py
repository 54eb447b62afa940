"""Issue 13 item 7's routes to better story grouping, each measured on the stories dev split.

    python -m training.stories_routes baseline [--half B]      # the shipped recipe (pair model refitted)
    python -m training.stories_routes embedding DIR [--half B]  # another sentence embedding (e.g. all-mpnet-base-v2)
    python -m training.stories_routes batch                     # route 3's ceiling: the whole dev graph at once
    python -m training.stories_routes stream                    # route 3 in the stream: wider neighbourhoods, local moves
    python -m training.stories_routes separate                  # route 4 (batch proxy): headline and body apart, IDF overlaps
    python -m training.stories_routes neighbours DIR...         # embedding alone: are an article's event-mates its nearest?

Every route changes what the pair model sees; the pair model is refitted on train as `make train` does
(`unspin.stories.train.fit_pair_model`), its threshold chosen on dev (`tune`), and dev is then streamed
through a fresh story index with the HNSW graph, as `unspin eval stories` does. `--half B` fits the pair
model on one half of the train events only (the half a fine-tuned embedding never saw: see
`training/stories_finetune.py`). Spacy's entities and the packaged MiniLM's embeddings of each split are computed
once and kept in training/.cache/stories/. The test split is never read (`load_split(..., tuning=True)`).
Each result is appended to training/.cache/stories/routes.jsonl.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import pickle
import sys
import time
from dataclasses import replace
from pathlib import Path

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

import numpy as np  # noqa: E402

from unspin.stories import embed  # noqa: E402
from unspin.stories.ann import HnswVectors  # noqa: E402
from unspin.stories.dataset import Record, drafts, half_of, lead_vectors, load_split  # noqa: E402
from unspin.stories.index import StoryIndex, average_linkage  # noqa: E402
from unspin.stories.metrics import bcubed  # noqa: E402
from unspin.stories.pairs import FEATURES, PairModel, features, shipped_model  # noqa: E402
from unspin.stories.profile import Profile, profiles, shingles  # noqa: E402
from unspin.stories.train import _Recorder, exact_for, fit_pair_model, tune  # noqa: E402
from unspin.stories.vectors import cosine  # noqa: E402

CACHE = Path(__file__).resolve().parent / ".cache" / "stories"
RESULTS = CACHE / "routes.jsonl"


def records(split: str, half: str | None = None) -> list[Record]:
    """A split's records in file order; with `half`, only the train events of that half."""
    found = load_split(split, tuning=True)
    return [r for r in found if half is None or half_of(r.story) == half]


def base_profiles(split: str) -> list[Profile]:
    """Profiles of a whole split with the packaged MiniLM (spaCy's entities are the slow part: kept on disk)."""
    path = CACHE / f"profiles-{split}.pkl"
    if path.exists():  # shingles are recomputed: cheap, and their type changed once (frozenset -> array)
        return [replace(p, shingles=shingles(p.lead)) for p in pickle.loads(path.read_bytes())]
    found = load_split(split, tuning=True)
    built = profiles(drafts(found), vectors=lead_vectors(found, encoder=embed.PACKAGED))
    CACHE.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps(built))
    return built


def subset(items: list[Profile], wanted: list[Record]) -> list[Profile]:
    keys = {r.id for r in wanted}
    return [p for p in items if p.key in keys]


def with_vectors(items: list[Profile], vectors: np.ndarray) -> list[Profile]:
    return [replace(p, vector=np.asarray(v, dtype=np.float32)) for p, v in zip(items, vectors, strict=True)]


def encode_with(model_dir: str, texts: list[str], batch_size: int = 32) -> np.ndarray:
    """Unit-length embeddings by the sentence-transformers model in `model_dir`, one thread, kept on disk by content."""
    digest = hashlib.sha1((model_dir + "\n" + "\n".join(texts)).encode()).hexdigest()[:16]
    path = CACHE / f"vectors-{Path(model_dir).name}-{digest}.npy"
    if path.exists():
        return np.load(path)
    import torch
    from sentence_transformers import SentenceTransformer

    torch.set_num_threads(1)
    model = SentenceTransformer(model_dir, device="cpu")
    model.max_seq_length = 128  # as unspin.stories.embed.MAX_TOKENS
    started = time.process_time()
    vectors = model.encode(texts, batch_size=batch_size, normalize_embeddings=True, convert_to_numpy=True)
    print(f"encoded {len(texts)} texts with {model_dir} in {time.process_time() - started:.0f} s CPU", file=sys.stderr)
    CACHE.mkdir(parents=True, exist_ok=True)
    np.save(path, vectors.astype(np.float32))
    return vectors.astype(np.float32)


def stream(model: PairModel, items: list[Profile]) -> list[int]:
    """Story per article after streaming `items` through a fresh index with an HNSW graph, as the evaluation does."""
    index = StoryIndex(model, vectors=HnswVectors(dimensions=len(items[0].vector)))
    index.add_all(items)
    return [index.story_key(p.key) for p in items]


def measure(route: str, train: list[Record], train_items: list[Profile], dev: list[Record], dev_items: list[Profile]) -> dict:
    """Refit the pair model on `train_items`, choose its threshold on dev, stream dev: B-cubed and timings."""
    started, cpu = time.perf_counter(), time.process_time()
    template = PairModel(mean=(0.0,) * len(FEATURES), scale=(1.0,) * len(FEATURES), weights=(0.0,) * len(FEATURES), intercept=0.0)
    model = tune(fit_pair_model(train, train_items, template), dev, dev_items)
    score = bcubed(stream(model, dev_items), [r.story for r in dev])
    result = {
        "route": route,
        "train_articles": len(train_items),
        "threshold": model.threshold,
        "dev_precision": round(score.precision, 4),
        "dev_recall": round(score.recall, 4),
        "dev_f1": round(score.f1, 4),
        "wall_s": round(time.perf_counter() - started, 1),
        "cpu_s": round(time.process_time() - cpu, 1),
        "at": time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime()),
    }
    print(json.dumps(result))
    CACHE.mkdir(parents=True, exist_ok=True)
    with RESULTS.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(result) + "\n")
    return result


def mates_nearest(vectors: np.ndarray, stories: list[str]) -> dict[str, float]:
    """How well an embedding alone finds event-mates on dev: the share of articles whose event-mates are exactly
    their nearest neighbours, and the mean rank of a mate (1 = nearest)."""
    scores = vectors @ vectors.T
    np.fill_diagonal(scores, -np.inf)
    events = np.array(stories)
    exact, ranks = [], []
    for i in range(len(stories)):
        mates = np.nonzero(events == events[i])[0]
        mates = mates[mates != i]
        if not len(mates):
            continue
        order = np.argsort(-scores[i])
        position = np.empty(len(order), dtype=int)
        position[order] = np.arange(1, len(order) + 1)
        exact.append(bool(position[mates].max() == len(mates)))
        ranks += position[mates].tolist()
    return {"mates_are_nearest": round(float(np.mean(exact)), 4), "mean_mate_rank": round(float(np.mean(ranks)), 2)}


def run_neighbours(model_dirs: list[str]) -> None:
    """The embedding-only check on dev for the packaged MiniLM and each model folder given."""
    dev = records("dev")
    stories = [r.story for r in dev]
    words = [p.words for p in base_profiles("dev")]
    for name, vectors in [("packaged MiniLM", lead_vectors(dev, encoder=embed.PACKAGED))] + [
        (model_dir, encode_with(model_dir, [r.lead for r in dev])) for model_dir in model_dirs
    ]:
        print(f"{name}: {mates_nearest(vectors, stories)}; {linkage_alone(vectors, words, stories)}", flush=True)


def linkage_alone(vectors: np.ndarray, words: list[dict[str, float]], stories: list[str]) -> str:
    """Best dev B-cubed F1 of average linkage over each article's 20 nearest by the embedding alone, and by the
    index's `combined` score (half embedding, half lead-word cosine): what the embedding brings with no pair model."""
    scores = vectors @ vectors.T
    nearest = np.argsort(-scores, axis=1)[:, 1:21]
    found = []
    for name, mix in (("embedding", 1.0), ("combined", 0.5)):
        matrix = np.zeros_like(scores, dtype=np.float64)
        for a, row in enumerate(nearest):
            for b in row.tolist():
                matrix[a, b] = matrix[b, a] = mix * scores[a, b] + (1 - mix) * cosine(words[a], words[b])
        best = max((bcubed(average_linkage(matrix, t / 100), stories).f1, t / 100) for t in range(20, 90, 5))
        found.append(f"{name} alone: best F1 {best[0]:.3f} at {best[1]}")
    return "; ".join(found)


def run_embedding(model_dir: str | None, half: str | None, limit: int | None = None) -> dict:
    """The shipped recipe with the lead embedding of `model_dir` (None: the packaged MiniLM); `limit`: the pair model
    is fitted on the first `limit` train leads only (a slow model's ceiling at a fraction of its cost)."""
    train, dev = records("train", half)[:limit], records("dev")
    train_items, dev_items = subset(base_profiles("train"), train), base_profiles("dev")
    if model_dir is not None:
        train_items = with_vectors(train_items, encode_with(model_dir, [r.lead for r in train]))
        dev_items = with_vectors(dev_items, encode_with(model_dir, [r.lead for r in dev]))
    name = Path(model_dir).name if model_dir else "packaged MiniLM"
    where = f"train{' half ' + half if half else ''}{f', first {limit}' if limit else ''}"
    return measure(f"{name}; pair model on {where}", train, train_items, dev, dev_items)


def pair_matrix(model: PairModel, items: list[Profile]) -> np.ndarray:
    """Pair probabilities of every linked pair once all of `items` are indexed (0 where the search never linked them);
    an exact copy, which the index stores once, takes its original's row (and 1 with it)."""
    recorder = _Recorder(model, vectors=exact_for(items))
    recorder.add_all(items)
    at = _positions(recorder, items)
    pairs = [(a, b) for a in range(len(recorder)) for b in recorder.edges[a] if a < b]
    matrix = np.zeros((len(items), len(items)))
    for (a, b), p in zip(pairs, recorder._probabilities(pairs)):
        matrix[at[a], at[b]] = matrix[at[b], at[a]] = p
    position = {p.key: i for i, p in enumerate(items)}
    for primary, copies in recorder.duplicates.items():
        for copy in copies:
            i, j = position[copy], position[primary]
            matrix[i], matrix[:, i] = matrix[j], matrix[j]
            matrix[i, j] = matrix[j, i] = 1.0
    return matrix


def _positions(recorder: StoryIndex, items: list[Profile]) -> list[int]:
    """Each index number's position in `items` (they differ after an exact copy, which the index does not number)."""
    position = {p.key: i for i, p in enumerate(items)}
    return [position[p.key] for p in recorder.profiles]


def refine(matrix: np.ndarray, labels: list[int], margin: float, threshold: float) -> list[int]:
    """Local moves: an article leaves its cluster for another whose members it scores higher with on average
    (by more than `margin`) and at least `threshold`, the bar average linkage holds a merge to."""
    labels = list(labels)
    members: dict[int, set[int]] = {}
    for i, label in enumerate(labels):
        members.setdefault(label, set()).add(i)
    for _ in range(10):
        moved = 0
        for i in range(len(labels)):
            own = list(members[labels[i]] - {i})
            best, to = max((float(np.mean(matrix[i, own])) if own else 0.0) + margin, threshold), None
            for label in {labels[j] for j in np.nonzero(matrix[i] > 0)[0].tolist()} - {labels[i]}:
                value = float(np.mean(matrix[i, list(members[label])]))
                if value > best:
                    best, to = value, label
            if to is not None:
                members[labels[i]].discard(i)
                members[to].add(i)
                labels[i], moved = to, moved + 1
        if not moved:
            break
    return labels


class _Revisiting(StoryIndex):
    """Route 3 in the stream: the neighbourhood re-clustered on an arrival also holds the stories its new story's
    members link to (`hops` 2), and local moves (`margin`) may then take an article to a story it fits better."""

    hops = 1
    margin: float | None = None

    def _recluster(self, number: int, candidates: list) -> None:
        if self.hops > 1:
            super()._recluster(number, candidates)
            reached = {other for m in self.stories[self.story_of[number]].members for other in self.edges[m]}
            candidates = [*candidates, *((other, None) for other in reached)]
        touched = list(dict.fromkeys(self.story_of[other] for other, _ in candidates))
        members = list(dict.fromkeys([number] + [m for story in touched for m in self.stories[story].members]))
        position = {m: i for i, m in enumerate(members)}
        pairs = [(a, b) for a in members for b in self.edges[a] if b in position and a < b]
        matrix = np.zeros((len(members), len(members)))
        for (a, b), p in zip(pairs, self._probabilities(pairs)):
            matrix[position[a], position[b]] = matrix[position[b], position[a]] = p
        labels = average_linkage(matrix, self.model.threshold)
        if self.margin is not None:
            labels = refine(matrix, labels, self.margin, self.model.threshold)
        self._relabel(members, labels)


def run_stream_variants() -> None:
    """Route 3 in the stream with the shipped pair model (what `make train` refits on train half B, threshold
    chosen on dev): two-hop neighbourhoods and local moves, beside the plain stream."""
    dev = records("dev")
    dev_items = with_vectors(base_profiles("dev"), lead_vectors(dev))  # the shipped model reads the events encoder's
    model = shipped_model()
    gold = [r.story for r in dev]
    for hops, margin in [(1, None), (1, 0.0), (2, None), (2, 0.0)]:
        cpu = time.process_time()
        index = type("Variant", (_Revisiting,), {"hops": hops, "margin": margin})(model, vectors="hnsw")
        index.add_all(dev_items)
        score = bcubed([index.story_key(p.key) for p in dev_items], gold)
        print(
            f"stream hops {hops} local moves {margin}: P {score.precision:.3f} R {score.recall:.3f} F1 {score.f1:.3f} "
            f"({1000 * (time.process_time() - cpu) / len(dev_items):.1f} ms CPU an article)",
            flush=True,
        )


def linked_rows(items: list[Profile], gold: dict[str, str], extra) -> tuple[list[tuple[int, int]], np.ndarray, np.ndarray]:
    """Every pair the search links once all of `items` are indexed: the shipped features plus `extra(a, b)`, pairs
    as positions in `items` (an exact copy is not indexed: it stays alone, the same in every variant compared)."""
    recorder = _Recorder(PairModel((), (), (), 0.0), vectors=exact_for(items))
    recorder.add_all(items)
    at = _positions(recorder, items)
    pairs, rows, labels = [], [], []
    for a, linked in enumerate(recorder.edges):
        for b, sim in linked.items():
            if a < b:
                pairs.append((at[a], at[b]))
                rows.append(features(sim, recorder._scores(a, b), recorder._scores(b, a)) + extra(at[a], at[b]))
                labels.append(gold[items[at[a]].key] == gold[items[at[b]].key])
    return pairs, np.array(rows), np.array(labels)


def proxy_f1(train_set: tuple, dev_set: tuple, size: int, gold: list[str]) -> tuple[float, float]:
    """Logistic model fitted on train rows, dev scored by average linkage over its whole neighbour graph: (best F1, threshold)."""
    from sklearn.linear_model import LogisticRegression

    _, rows, labels = train_set
    mean, scale = rows.mean(axis=0), rows.std(axis=0) + 1e-9
    fitted = LogisticRegression(C=1.0, max_iter=2000).fit((rows - mean) / scale, labels)
    pairs, dev_rows, _ = dev_set
    matrix = np.zeros((size, size))
    for (a, b), p in zip(pairs, fitted.predict_proba((dev_rows - mean) / scale)[:, 1]):
        matrix[a, b] = matrix[b, a] = p
    return max((bcubed(average_linkage(matrix, t), gold).f1, t) for t in [0.25, 0.3, 0.35, 0.4, 0.45, 0.5])


def number_idf(items: list[Profile]) -> dict[str, float]:
    counts: dict[str, int] = {}
    for item in items:
        for number in item.numbers:
            counts[number] = counts.get(number, 0) + 1
    return {n: float(np.log((len(items) + 1) / (c + 1)) + 1.0) for n, c in counts.items()}


def run_separate(half: str | None) -> None:
    """Route 4, by the batch proxy: headline and body embedded apart (their cosines and cross-cosines), and shared
    entity words and numbers weighted by their IDF over train, as extra pair features beside the shipped ones."""
    from unspin.stories.embed import model_path
    from unspin.stories.vectors import shipped_idf

    idf, found = shipped_idf(), {}
    numbers = number_idf(subset(base_profiles("train"), records("train", half)))
    for split, wanted in (("train", records("train", half)), ("dev", records("dev"))):
        items = subset(base_profiles(split), wanted)
        heads = encode_with(model_path(), [r.title for r in wanted])
        bodies = encode_with(model_path(), [r.text for r in wanted])

        def extra(a: int, b: int, items=items, heads=heads, bodies=bodies, numbers=numbers) -> list[float]:
            shared_names = items[a].names.keys() & items[b].names.keys()
            shared_numbers = items[a].numbers & items[b].numbers
            cross = (float(heads[a] @ bodies[b]), float(bodies[a] @ heads[b]))
            return [
                float(heads[a] @ heads[b]),
                float(bodies[a] @ bodies[b]),
                max(cross),
                min(cross),
                float(np.log1p(sum(idf(w) for w in shared_names))),
                max((numbers.get(n, 10.0) for n in shared_numbers), default=0.0) / 10.0,
            ]

        gold = {r.id: r.story for r in wanted}
        found[split] = (linked_rows(items, gold, extra), [r.story for r in wanted], len(items))
    (train_set, _, _), (dev_set, dev_gold, size) = found["train"], found["dev"]
    shipped = len(FEATURES)
    for name, columns in [("shipped features", slice(0, shipped)), ("+ route 4 features", slice(None))]:
        f1, threshold = proxy_f1(
            (train_set[0], train_set[1][:, columns], train_set[2]),
            (dev_set[0], dev_set[1][:, columns], dev_set[2]),
            size,
            dev_gold,
        )
        print(f"batch proxy, {name}: dev F1 {f1:.3f} at threshold {threshold}", flush=True)


def run_batch(half: str | None) -> None:
    """Route 3's ceiling: the shipped recipe's pair model over the whole dev graph at once (average linkage, then
    local moves), beside the stream. A stream that revisits its decisions can at best approach this."""
    train, dev = records("train", half), records("dev")
    train_items, dev_items = subset(base_profiles("train"), train), base_profiles("dev")
    template = PairModel(mean=(0.0,) * len(FEATURES), scale=(1.0,) * len(FEATURES), weights=(0.0,) * len(FEATURES), intercept=0.0)
    model = fit_pair_model(train, train_items, template)
    matrix, gold = pair_matrix(model, dev_items), [r.story for r in dev]
    for threshold in [0.25, 0.3, 0.35, 0.4, 0.45, 0.5]:
        labels = average_linkage(matrix, threshold)
        plain = bcubed(labels, gold)
        line = f"batch average linkage {threshold:.2f}: P {plain.precision:.3f} R {plain.recall:.3f} F1 {plain.f1:.3f}"
        for margin in (0.0, 0.1):
            moved = bcubed(refine(matrix, labels, margin, threshold), gold)
            line += f" | + local moves (margin {margin}) F1 {moved.f1:.3f}"
        print(line, flush=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("route", choices=["baseline", "embedding", "profiles", "batch", "stream", "separate", "neighbours"])
    parser.add_argument("model_dir", nargs="*", default=[])
    parser.add_argument("--half", choices=["A", "B"], default=None)
    parser.add_argument("--limit", type=int, default=None, help="fit the pair model on the first LIMIT train leads")
    args = parser.parse_args(argv)
    if args.route == "profiles":
        base_profiles("train"), base_profiles("dev")
    elif args.route == "neighbours":
        run_neighbours(args.model_dir)
    elif args.route == "separate":
        run_separate(args.half)
    elif args.route == "stream":
        run_stream_variants()
    elif args.route == "batch":
        run_batch(args.half)
    else:
        run_embedding(args.model_dir[0] if args.route == "embedding" else None, args.half, args.limit)


if __name__ == "__main__":
    main()
