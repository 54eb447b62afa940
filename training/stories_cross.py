"""Issue 13 item 7, one more grouping route measured on dev: a cross-encoder pair judge (measurement, not shipped).

    python -m training.stories_cross train --out DIR [--init DIR0 --start N] [--limit STEPS] [--budget CPU_S]
    python -m training.stories_cross score DIR dev|trainB     # only fill the cache (the two parts side by side)
    python -m training.stories_cross measure DIR [--stream [--band W]]

The runs in docs/BENCHMARKS.md ("Story grouping", 7 December), at nice 19 on one thread:
    train --out training/.cache/stories/cross-A --lr 5e-5 --limit 300 --budget 1000
    train --init training/.cache/stories/cross-A --start 4800 --out training/.cache/stories/cross-A2 --lr 5e-5 --limit 650 --budget 1650
    measure training/.cache/stories/cross-A; measure training/.cache/stories/cross-A2 --stream [--band 0.2]

Every other route scores a pair from bi-encoder similarities and hand features; none reads the two leads
together. A cross-encoder does: both "title. lead" texts in one input, attention across them, one logit
(same event?). It starts from the packaged MiniLM (a bi-encoder checkpoint with a new one-logit head).

`train` builds pairs from the events of train half A (`unspin.stories.dataset.half_of`, the half the events
encoder was fine-tuned on): every pair of event-mates as a positive, and each article's two nearest leads of
other events by the shipped events encoder as negatives (about two per positive). It stops at `--budget` CPU
seconds or `--limit` steps, whichever comes first, and saves the model to `--out`.

`measure` reads dev only (the test split is never read): the pairs the exact neighbour search links (each
dev article's 20 nearest by the events encoder, as `training/stories_routes.py`'s batch proxy), scored by the
shipped pair model, by the cross-encoder, and by a logistic combination of both fitted on a sample of train
half B's linked pairs (where the shipped pair model was fitted; never on dev). It prints pair AUC, B-cubed of
average linkage over the dev graph at the best dev threshold, the cross-encoder's CPU cost per pair, and the
share of pairs within a band of the shipped threshold (what scoring only those would cost); `--stream` also
streams dev through the HNSW index with the combined judge. Figures go to training/.cache/stories/routes.jsonl.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

import numpy as np  # noqa: E402

from training.stories_routes import CACHE, RESULTS, _positions, base_profiles, records, subset, with_vectors  # noqa: E402
from unspin.stories import embed  # noqa: E402
from unspin.stories.dataset import Record, lead_vectors  # noqa: E402
from unspin.stories.index import StoryIndex, average_linkage  # noqa: E402
from unspin.stories.metrics import bcubed  # noqa: E402
from unspin.stories.pairs import PairModel, shipped_model  # noqa: E402
from unspin.stories.profile import Profile  # noqa: E402
from unspin.stories.train import THRESHOLDS, _Recorder, exact_for  # noqa: E402

SEED = 13
MAX_LENGTH = 128  # pairs of two ~100-token leads are cut; 192 was the plan, cut for the CPU at hand
NEGATIVES_PER_ARTICLE = 2
BANDS = (0.1, 0.2, 0.3)  # half-widths around the shipped threshold
# The cross-encoder scores only pairs the shipped model gives at least FLOOR (on dev 5,542 of 18,190 linked pairs,
# 896 of the 899 same-event ones): below it the shipped probability stands. A random DEV_BELOW of the rest are
# scored too, weighted back, so the pair AUC covers every linked pair.
FLOOR = 0.003
DEV_BELOW = 2000
HALF_B_SAMPLE = (1500, 2000)  # positives, negatives of half B's linked pairs at or above FLOOR, to fit the combination


def text_of(record: Record) -> str:
    """One side of a pair as the cross-encoder reads it."""
    title = record.title.strip()
    return f"{title}. {record.text}".strip() if title else record.text.strip()


def training_pairs(train: list[Record], rng: random.Random) -> list[tuple[int, int, float]]:
    """(i, j, label) over `train`: every pair of event-mates, and each article's nearest leads of other events by
    the shipped events encoder (the hard negatives a pair judge must tell apart), each unordered pair once."""
    by_event: dict[str, list[int]] = defaultdict(list)
    for i, record in enumerate(train):
        by_event[record.story].append(i)
    found: dict[tuple[int, int], float] = {}
    for members in by_event.values():
        for x, i in enumerate(members):
            for j in members[x + 1 :]:
                found[(i, j)] = 1.0
    vectors = lead_vectors(train)  # the events encoder (cached on disk by content)
    events = np.array([r.story for r in train])
    for start in range(0, len(train), 512):
        scores = vectors[start : start + 512] @ vectors.T
        scores[events[start : start + 512, None] == events[None, :]] = -2.0
        for offset, row in enumerate(np.argsort(-scores, axis=1)[:, :NEGATIVES_PER_ARTICLE]):
            for j in row.tolist():
                i = start + offset
                found.setdefault((min(i, j), max(i, j)), 0.0)
    pairs = [(i, j, label) for (i, j), label in found.items()]
    rng.shuffle(pairs)
    return pairs


def load_cross(path: str):
    """A sentence-transformers CrossEncoder with one logit, on the CPU."""
    from sentence_transformers import CrossEncoder

    return CrossEncoder(path, num_labels=1, max_length=MAX_LENGTH, device="cpu")


def train(model, texts: list[str], pairs: list[tuple[int, int, float]], args: argparse.Namespace) -> dict:
    """Binary cross-entropy on the pairs' logits, AdamW with a linear warm-up and decay over the planned steps;
    sides swapped at random (the judge should not care which article came first). Stops at `args.budget` CPU s."""
    import torch
    from transformers import get_linear_schedule_with_warmup

    torch.manual_seed(SEED)
    rng = random.Random(SEED)
    steps = args.limit or len(pairs) // args.batch
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.01)
    schedule = get_linear_schedule_with_warmup(optimizer, max(1, steps // 10), steps)
    loss_fn = torch.nn.BCEWithLogitsLoss()
    model.train()
    cpu, wall, done = time.process_time(), time.perf_counter(), 0
    for step in range(1, steps + 1):
        first = args.start + (step - 1) * args.batch
        batch = [pairs[(first + k) % len(pairs)] for k in range(args.batch)]  # wraps round to the first pairs
        inputs = [(texts[i], texts[j]) if rng.random() < 0.5 else (texts[j], texts[i]) for i, j, _ in batch]
        logits = model(model.preprocess(inputs))["scores"].view(-1)
        loss = loss_fn(logits, torch.tensor([label for _, _, label in batch]))
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        schedule.step()
        optimizer.zero_grad()
        done = step
        spent = time.process_time() - cpu
        if step % 10 == 0 or step == steps or step <= 5:
            print(
                f"step {step}/{steps} loss {loss.item():.3f}  {spent:.0f} s CPU, {time.perf_counter() - wall:.0f} s wall",
                file=sys.stderr,
                flush=True,
            )
        if spent > args.budget:
            print(f"stopped at the CPU budget ({args.budget} s) after {step} steps", file=sys.stderr)
            break
    model.eval()
    return {
        "steps": done,
        "planned_steps": steps,
        "examples_seen": done * args.batch,
        "pairs": len(pairs),
        "train_cpu_s": round(time.process_time() - cpu, 1),
        "train_wall_s": round(time.perf_counter() - wall, 1),
    }


def run_train(args: argparse.Namespace) -> None:
    import torch

    torch.set_num_threads(1)
    train_records = records("train", "A")
    pairs = training_pairs(train_records, random.Random(SEED))
    positives = sum(1 for *_, label in pairs if label)
    print(f"half A: {len(train_records)} articles, {len(pairs)} pairs ({positives} same event)", file=sys.stderr)
    model = load_cross(str(args.init) if args.init else embed.model_path())
    result = train(model, [text_of(r) for r in train_records], pairs, args)
    args.out.mkdir(parents=True, exist_ok=True)
    model.save(str(args.out))
    recipe = {"lr": args.lr, "batch": args.batch, "seed": SEED, "init": str(args.init or "packaged MiniLM"), "start": args.start}
    (args.out / "training.json").write_text(json.dumps({**result, **recipe}) + "\n")
    print(json.dumps(result))


@dataclass
class Graph:
    """The pairs the exact neighbour search links over a set of articles, with what the shipped model says."""

    items: list[Profile]
    recorder: _Recorder
    pairs: list[tuple[int, int]]  # positions in `items`, each pair once
    shipped: np.ndarray  # the shipped pair model's probability
    same: np.ndarray  # gold: the same event


def graph(model: PairModel, wanted: list[Record], items: list[Profile]) -> Graph:
    recorder = _Recorder(model, vectors=exact_for(items))
    recorder.add_all(items)
    at = _positions(recorder, items)
    numbered = [(a, b) for a in range(len(recorder)) for b in recorder.edges[a] if a < b]
    story = {r.id: r.story for r in wanted}
    pairs = [(at[a], at[b]) for a, b in numbered]
    same = np.array([story[items[a].key] == story[items[b].key] for a, b in pairs])
    return Graph(items, recorder, pairs, recorder._probabilities(numbered), same)


def matrix_of(g: Graph, scores: np.ndarray) -> np.ndarray:
    """`scores` of the linked pairs as a symmetric matrix; an exact copy (not indexed) takes its original's row,
    as `training.stories_routes.pair_matrix` does."""
    matrix = np.zeros((len(g.items), len(g.items)))
    for (a, b), p in zip(g.pairs, scores):
        matrix[a, b] = matrix[b, a] = p
    position = {p.key: i for i, p in enumerate(g.items)}
    for primary, copies in g.recorder.duplicates.items():
        for copy in copies:
            i, j = position[copy], position[primary]
            matrix[i], matrix[:, i] = matrix[j], matrix[j]
            matrix[i, j] = matrix[j, i] = 1.0
    return matrix


def cross_logits(model_dir: Path, texts: list[str], pairs: list[tuple[int, int]], tag: str) -> tuple[np.ndarray, float]:
    """The cross-encoder's logit for each pair (kept on disk by model and content), and its CPU ms per pair when
    scored in batches of 32 (as measured when they were scored)."""
    digest = hashlib.sha1((str(model_dir) + "\n" + "\n".join(f"{texts[a]}\t{texts[b]}" for a, b in pairs)).encode()).hexdigest()[
        :16
    ]
    path = CACHE / f"cross-{model_dir.name}-{tag}-{digest}.npy"
    if path.exists():
        return np.load(path), json.loads(path.with_suffix(".json").read_text())["cpu_ms_per_pair"]
    import torch

    model = load_cross(str(model_dir))
    cpu = time.process_time()
    logits = model.predict([(texts[a], texts[b]) for a, b in pairs], batch_size=32, activation_fn=torch.nn.Identity())
    ms = 1000 * (time.process_time() - cpu) / max(1, len(pairs))
    print(f"{tag}: {len(pairs)} pairs at {ms:.1f} ms CPU a pair", file=sys.stderr, flush=True)
    np.save(path, np.asarray(logits, dtype=np.float32))
    path.with_suffix(".json").write_text(json.dumps({"pairs": len(pairs), "cpu_ms_per_pair": ms}) + "\n")
    return np.asarray(logits, dtype=np.float32), ms


def one_at_a_time(model_dir: Path, texts: list[str], pairs: list[tuple[int, int]]) -> float:
    """CPU ms per pair scored alone (as a stream would, one arrival's pair at a time)."""
    import torch

    model = load_cross(str(model_dir))
    model.predict([(texts[0], texts[1])], activation_fn=torch.nn.Identity())  # warm-up
    cpu = time.process_time()
    for a, b in pairs:
        model.predict([(texts[a], texts[b])], activation_fn=torch.nn.Identity())
    return 1000 * (time.process_time() - cpu) / len(pairs)


def _spread(size: int, at: np.ndarray, values: np.ndarray, rest) -> np.ndarray:
    """A score for every linked pair: `values` at positions `at`, `rest` (a number or an array) elsewhere."""
    whole = np.array(rest, dtype=float) if np.ndim(rest) else np.full(size, float(rest))
    whole[at] = values
    return whole


def logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p))


def fit_combination(shipped: np.ndarray, cross: np.ndarray, same: np.ndarray, weights: np.ndarray):
    """Logistic regression on (logit of the shipped probability, cross-encoder logit)."""
    from sklearn.linear_model import LogisticRegression

    rows = np.column_stack([logit(shipped), cross])
    return LogisticRegression(C=1.0, max_iter=1000).fit(rows, same, sample_weight=weights)


def half_b_sample(model: PairModel, rng: np.random.Generator) -> tuple[Graph, np.ndarray, np.ndarray]:
    """Half B's linked pairs (events encoder vectors, as the shipped model was fitted), a stratified sample of
    those at or above FLOOR, and each sampled pair's weight back to their own share of same-event pairs."""
    half = records("train", "B")
    items = with_vectors(subset(base_profiles("train"), half), lead_vectors(half))
    g = graph(model, half, items)
    chosen, weights = [], []
    for label, size in zip((True, False), HALF_B_SAMPLE):
        pool = np.nonzero((g.same == label) & (g.shipped >= FLOOR))[0]
        picked = rng.choice(pool, size=min(size, len(pool)), replace=False)
        chosen += picked.tolist()
        weights += [len(pool) / len(picked)] * len(picked)
    print(f"half B: {len(g.pairs)} linked pairs ({g.same.mean():.1%} same event), {len(chosen)} sampled", file=sys.stderr)
    return g, np.array(chosen), np.array(weights)


def best_linkage(g: Graph, scores: np.ndarray, gold: list[str]) -> dict:
    """B-cubed of average linkage over the whole dev graph at the dev threshold with the best F1."""
    matrix = matrix_of(g, scores)
    best = max(((bcubed(average_linkage(matrix, t), gold), t) for t in THRESHOLDS), key=lambda found: found[0].f1)
    score, threshold = best
    return {"threshold": threshold, "P": round(score.precision, 4), "R": round(score.recall, 4), "F1": round(score.f1, 4)}


def record(result: dict) -> None:
    result["at"] = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime())
    print(json.dumps(result), flush=True)
    CACHE.mkdir(parents=True, exist_ok=True)
    with RESULTS.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(result) + "\n")


def half_b_part(model_dir: Path, model: PairModel) -> tuple[Graph, np.ndarray, np.ndarray, np.ndarray]:
    """Half B's graph, the sampled pairs (the same each run), their weights, and their cross-encoder logits."""
    half_graph, chosen, weights = half_b_sample(model, np.random.default_rng(SEED))
    texts = [text_of(r) for r in records("train", "B")]
    cross, _ = cross_logits(model_dir, texts, [half_graph.pairs[i] for i in chosen.tolist()], "trainB-sample")
    return half_graph, chosen, weights, cross


def dev_part(model_dir: Path, model: PairModel) -> tuple[list[Record], Graph, list[str], np.ndarray, np.ndarray, float]:
    """Dev's records, its graph with the shipped probabilities, its texts, which pairs the cross-encoder scored
    (every pair at or above FLOOR and a random DEV_BELOW of the rest, as positions in `graph.pairs`), their
    logits and the CPU ms a pair."""
    dev = records("dev")
    dev_graph = graph(model, dev, with_vectors(base_profiles("dev"), lead_vectors(dev)))
    texts = [text_of(r) for r in dev]
    above = np.nonzero(dev_graph.shipped >= FLOOR)[0]
    below = np.random.default_rng(SEED).choice(np.nonzero(dev_graph.shipped < FLOOR)[0], DEV_BELOW, replace=False)
    chosen = np.concatenate([above, np.sort(below)])
    cross, batched_ms = cross_logits(model_dir, texts, [dev_graph.pairs[i] for i in chosen.tolist()], "dev")
    return dev, dev_graph, texts, chosen, cross, batched_ms


def run_measure(args: argparse.Namespace) -> None:
    import torch
    from sklearn.metrics import roc_auc_score

    torch.set_num_threads(1)
    started = time.process_time()
    model = shipped_model()
    half_graph, chosen, weights, half_cross = half_b_part(args.model_dir, model)
    combination = fit_combination(half_graph.shipped[chosen], half_cross, half_graph.same[chosen], weights)
    print(
        f"combination: weights {combination.coef_[0].round(3).tolist()} intercept {combination.intercept_[0]:.3f}",
        file=sys.stderr,
    )
    dev, dev_graph, dev_texts, chosen, cross, batched_ms = dev_part(args.model_dir, model)
    gold, shipped = [r.story for r in dev], dev_graph.shipped
    above = shipped[chosen] >= FLOOR
    weights = np.where(above, 1.0, float((shipped < FLOOR).sum()) / DEV_BELOW)  # the sample below FLOOR weighted back
    combined = np.where(above, combination.predict_proba(np.column_stack([logit(shipped[chosen]), cross]))[:, 1], shipped[chosen])
    name = f"cross-encoder {args.model_dir.name}"
    judges = {  # each judge on the scored pairs, and over the whole graph (0 for the cross-encoder alone below FLOOR)
        "shipped pair model": (shipped[chosen], shipped),
        name: (1 / (1 + np.exp(-cross)), _spread(len(shipped), chosen[above], 1 / (1 + np.exp(-cross[above])), 0.0)),
        f"shipped + {name} (logistic on half B) at or above {FLOOR}": (
            combined,
            _spread(len(shipped), chosen, combined, shipped),
        ),
    }
    print(f"dev: {len(dev_graph.pairs)} linked pairs ({dev_graph.same.mean():.1%} same event)", file=sys.stderr)
    found = {}
    for judge, (scored, whole) in judges.items():
        auc = roc_auc_score(dev_graph.same[chosen], scored, sample_weight=weights)
        found[judge] = best_linkage(dev_graph, whole, gold)
        record(
            {
                "route": f"cross-encoder route: {judge}; dev average linkage over the neighbour graph",
                "dev_pair_auc": round(float(auc), 4),
                f"dev_pair_auc_at_or_above_{FLOOR}": round(float(roc_auc_score(dev_graph.same[chosen][above], scored[above])), 4),
                **found[judge],
            }
        )
    mixed_all = judges[list(judges)[2]][1]
    for half_width in BANDS:
        band = np.abs(shipped - model.threshold) <= half_width
        record(
            {
                "route": f"cross-encoder route: combined only within ±{half_width} of the shipped threshold {model.threshold}",
                "band_share_of_pairs": round(float(band.mean()), 4),
                "band_pairs_per_article": round(float(band.sum()) / len(dev), 2),
                **best_linkage(dev_graph, np.where(band, mixed_all, shipped), gold),
            }
        )
    sample = [dev_graph.pairs[i] for i in np.random.default_rng(SEED).choice(len(dev_graph.pairs), 100, replace=False)]
    record(
        {
            "route": "cross-encoder route: cost",
            "cpu_ms_per_pair_batched": round(batched_ms, 1),
            "cpu_ms_per_pair_alone": round(one_at_a_time(args.model_dir, dev_texts, sample), 1),
            "dev_pairs": len(dev_graph.pairs),
            "pairs_per_article": round(len(dev_graph.pairs) / len(dev), 2),
            "measure_cpu_s": round(time.process_time() - started, 1),
        }
    )
    if args.stream:
        scored = {dev_graph.pairs[i]: value for i, value in zip(chosen.tolist(), cross.tolist())}
        run_stream(args, model, combination, dev, dev_graph, scored, found[list(judges)[2]]["threshold"])


class _Judged(StoryIndex):
    """The stream with the combined judge: the shipped probability and the cross-encoder's logit, combined.
    Logits of the exact graph's pairs are looked up; a pair only the HNSW search links is scored then."""

    combination = None
    logits: dict[tuple[str, str], float] = {}
    score_missing = None
    band: tuple[float, float] | None = None  # (centre, half-width): judge only pairs whose shipped score is within
    judged_keys: set = set()  # the distinct pairs the cross-encoder judged in this stream (its cost)

    def _scored(self, pairs: list) -> np.ndarray:
        shipped = super()._scored(pairs)
        if self.band is None:
            judged = np.nonzero(shipped >= FLOOR)[0]
        else:
            judged = np.nonzero(np.abs(shipped - self.band[0]) <= self.band[1])[0]
        if not len(judged):
            return shipped
        keys = [tuple(sorted((self.profiles[pairs[i][0]].key, self.profiles[pairs[i][1]].key))) for i in judged]
        missing = list(dict.fromkeys(k for k in keys if k not in self.logits))
        if missing:
            self.logits.update(zip(missing, self.score_missing(missing)))
        self.judged_keys.update(keys)
        cross = np.array([self.logits[k] for k in keys])
        shipped[judged] = self.combination.predict_proba(np.column_stack([logit(shipped[judged]), cross]))[:, 1]
        return shipped


def run_stream(args, model: PairModel, combination, dev: list[Record], g: Graph, cross: dict, best: float) -> None:
    """Dev streamed through the HNSW index with the combined judge, at the linkage proxy's best threshold `best`
    and the thresholds beside it."""
    from dataclasses import replace

    import torch

    texts = {r.id: text_of(r) for r in dev}
    logits = {tuple(sorted((g.items[a].key, g.items[b].key))): value for (a, b), value in cross.items()}
    cross_model = load_cross(str(args.model_dir))

    def score_missing(keys: list) -> list[float]:
        return cross_model.predict([(texts[a], texts[b]) for a, b in keys], activation_fn=torch.nn.Identity()).tolist()

    gold = [r.story for r in dev]
    for threshold in sorted({round(best + d, 2) for d in (-0.05, 0.0, 0.05)}):
        cpu = time.process_time()
        band = (model.threshold, args.band) if args.band is not None else None
        attributes = {"combination": combination, "logits": logits, "score_missing": staticmethod(score_missing)}
        judged = type("Judged", (_Judged,), {**attributes, "band": band, "judged_keys": set()})
        index = judged(replace(model, threshold=threshold), vectors="hnsw")
        index.add_all(g.items)
        score = bcubed([index.story_key(p.key) for p in g.items], gold)
        record(
            {
                "route": "cross-encoder route: shipped + cross-encoder (logistic on half B), dev streamed through the HNSW index"
                + (
                    f", judged only within ±{args.band} of the shipped threshold {model.threshold}"
                    if args.band
                    else f", at or above {FLOOR}"
                ),
                "pairs_judged": len(index.judged_keys),
                "pairs_judged_per_article": round(len(index.judged_keys) / len(g.items), 2),
                "threshold": threshold,
                "dev_precision": round(score.precision, 4),
                "dev_recall": round(score.recall, 4),
                "dev_f1": round(score.f1, 4),
                "cpu_s": round(time.process_time() - cpu, 1),
                "logits_held": len(logits),
            }
        )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    trainer = commands.add_parser("train")
    trainer.add_argument("--out", type=Path, required=True)
    trainer.add_argument("--batch", type=int, default=16)
    trainer.add_argument("--lr", type=float, default=3e-5)
    trainer.add_argument("--limit", type=int, default=None, help="stop after this many steps (timing a slice)")
    trainer.add_argument("--budget", type=float, default=2400.0, help="stop after this many CPU seconds")
    trainer.add_argument("--init", type=Path, default=None, help="go on from this cross-encoder (default: the packaged MiniLM)")
    trainer.add_argument("--start", type=int, default=0, help="the first pair of the shuffled list (go on where a run stopped)")
    measurer = commands.add_parser("measure")
    measurer.add_argument("model_dir", type=Path)
    measurer.add_argument("--stream", action="store_true", help="also stream dev through the HNSW index")
    measurer.add_argument("--band", type=float, default=None, help="in the stream, judge only within this of the threshold")
    scorer = commands.add_parser("score", help="only score one part's pairs into the cache (run the parts side by side)")
    scorer.add_argument("model_dir", type=Path)
    scorer.add_argument("part", choices=["dev", "trainB"])
    args = parser.parse_args(argv)
    if args.command == "train":
        run_train(args)
    elif args.command == "measure":
        run_measure(args)
    else:
        run_score(args)


def run_score(args: argparse.Namespace) -> None:
    import torch

    torch.set_num_threads(1)
    (dev_part if args.part == "dev" else half_b_part)(args.model_dir, shipped_model())


if __name__ == "__main__":
    main()
