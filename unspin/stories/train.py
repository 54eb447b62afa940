"""Fit the story-grouping data files from the train split and tune them on dev; never reads test.

    python -m unspin.stories.train [--data DIR]

Writes unspin/data/stories/idf.tsv (word document frequencies of train leads),
pair_model.toml (logistic regression over pair features, with the threshold
and linkage that give the best B-cubed F1 on dev) and baselines.toml (the
baselines' thresholds, tuned on dev the same way).

The pair model reads the events encoder's lead vectors (`embed.EVENTS`), whose
layers were fine-tuned on the events of train half A (`dataset.half_of`;
`make train` runs `training/stories_finetune.py` first). It is fitted on half B
only: on the events the fine-tuning shaped, the pair model would learn to trust
an embedding that memorised them more than it deserves on unseen events.

The pair features are recorded the way the index sees them: train articles
stream in file order through an index that files each one under its true
event (so neighbour lists grow as they would in a perfect run), and every
candidate the vector search returns gives one labelled row.
"""

from __future__ import annotations

import argparse
import sys
import time
import tomllib
from dataclasses import replace
from pathlib import Path

import numpy as np

from unspin.stories.ann import ExactVectors, VectorIndex
from unspin.stories.dataset import Record, drafts, half_of, lead_vectors, load_split
from unspin.stories.index import StoryIndex
from unspin.stories.metrics import bcubed
from unspin.stories.pairs import FEATURES, PairModel, features
from unspin.stories.profile import Profile, profiles
from unspin.stories.text import content_words
from unspin.stories.vectors import IdfTable

DATA = Path(__file__).resolve().parents[1] / "data" / "stories"
THRESHOLDS = [round(0.05 * i, 2) for i in range(2, 19)]
# About one article's share of B-cubed F1 on dev's 921: thresholds closer than this are not told apart.
F1_TIE = 0.001
PAIR_HALF = "B"  # the train events the events encoder never trained on (it was fine-tuned on half A)
BASELINE_FILE = "baselines.toml"


class _Recorder(StoryIndex):
    """An index that only links articles to their retrieved neighbours, never groups them."""

    def _recluster(self, number: int, candidates: list) -> None:
        return None

    def rows(self, gold: dict[str, str]) -> tuple[np.ndarray, np.ndarray]:
        """One labelled feature row per linked pair, with the neighbour lists as they end up."""
        rows, labels = [], []
        for a, linked in enumerate(self.edges):
            for b, sim in linked.items():
                if a < b:
                    rows.append(features(sim, self._scores(a, b), self._scores(b, a)))
                    labels.append(gold[self.profiles[a].key] == gold[self.profiles[b].key])
        return np.array(rows), np.array(labels)


def _profiles(records: list[Record], idf: IdfTable) -> list[Profile]:
    return profiles(drafts(records), idf=idf, vectors=lead_vectors(records))


def fit_pair_model(train: list[Record], train_profiles: list[Profile], template: PairModel) -> PairModel:
    from sklearn.linear_model import LogisticRegression

    recorder = _Recorder(template, vectors=exact_for(train_profiles))
    recorder.add_all(train_profiles)
    rows, labels = recorder.rows({r.id: r.story for r in train})
    mean, scale = rows.mean(axis=0), rows.std(axis=0) + 1e-9
    fitted = LogisticRegression(C=1.0, max_iter=2000).fit((rows - mean) / scale, labels)
    print(f"pair rows {len(rows):,} (same event {labels.mean():.1%})", file=sys.stderr)
    return PairModel(
        mean=tuple(float(x) for x in mean),
        scale=tuple(float(x) for x in scale),
        weights=tuple(float(x) for x in fitted.coef_[0]),
        intercept=float(fitted.intercept_[0]),
        neighbours=template.neighbours,
        window_days=template.window_days,
        near_duplicate=template.near_duplicate,
    )


def exact_for(items: list[Profile]) -> VectorIndex:
    """Exact search sized to the profiles' embedding (a route may measure another model than the shipped one)."""
    return ExactVectors(len(items[0].vector)) if items else ExactVectors()


def run_index(model: PairModel, items: list[Profile], vectors: str = "exact") -> list[int]:
    """Story label per profile after streaming them through a fresh index (labels as they end up)."""
    index = StoryIndex(model, vectors=exact_for(items) if vectors == "exact" else vectors)
    index.add_all(items)
    return [index.story_key(p.key) for p in items]


def tune(model: PairModel, dev: list[Record], dev_profiles: list[Profile]) -> PairModel:
    """The model at the highest threshold whose dev B-cubed F1 is within `F1_TIE` of the best: where F1 is flat,
    the fewest false merges (a false merge puts another event's sentences in an article as additions; a missed
    one only leaves a story in two)."""
    gold = [r.story for r in dev]
    found = []
    for threshold in THRESHOLDS:
        candidate = replace(model, threshold=threshold)  # fields only: not a cached property a model may hold
        score = bcubed(run_index(candidate, dev_profiles), gold)
        print(f"dev {threshold:.2f}  P {score.precision:.4f} R {score.recall:.4f} F1 {score.f1:.4f}", file=sys.stderr)
        found.append((score.f1, candidate))
    best = max(f1 for f1, _ in found)
    return max((c for f1, c in found if f1 >= best - F1_TIE), key=lambda c: c.threshold)


def tune_baselines(dev: list[Record]) -> dict[str, float]:
    from unspin.stories.baselines import minhash_groups, tfidf_agglomerative

    gold, texts = [r.story for r in dev], [r.lead for r in dev]
    distance = max((round(0.05 * i, 2) for i in range(10, 20)), key=lambda d: bcubed(tfidf_agglomerative(texts, d), gold).f1)
    jaccard = max((round(0.05 * i, 2) for i in range(1, 19)), key=lambda t: bcubed(minhash_groups(texts, t), gold).f1)
    return {"tfidf_distance": distance, "minhash_threshold": jaccard}


def shipped_baselines() -> dict[str, float]:
    from importlib import resources

    text = resources.files("unspin").joinpath("data", "stories", BASELINE_FILE).read_text(encoding="utf-8")
    return {k: float(v) for k, v in tomllib.loads(text).items()}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default=None, help="folder holding stories/ (default ../shared/data)")
    parser.add_argument("--out", default=str(DATA), help="where the data files go")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    train = load_split("train", args.data, tuning=True)
    dev = load_split("dev", args.data, tuning=True)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    idf = IdfTable.fit(content_words(r.lead) for r in train)  # all of train: no embedding in it
    idf.dump(out / "idf.tsv")
    idf = IdfTable.parse((out / "idf.tsv").read_text(encoding="utf-8"))  # score exactly as the shipped table will
    template = PairModel(mean=(0.0,) * len(FEATURES), scale=(1.0,) * len(FEATURES), weights=(0.0,) * len(FEATURES), intercept=0.0)
    half = [r for r in train if half_of(r.story) == PAIR_HALF]
    model = fit_pair_model(half, _profiles(half, idf), template)
    model = tune(model, dev, _profiles(dev, idf))
    model = replace(
        model,
        provenance={
            "fitted on": (
                f"stories train split (../shared/data/stories/train.jsonl), the events of half {PAIR_HALF} "
                f"({len(half):,} leads), on the events encoder's lead vectors (fine-tuned on the other half)"
            ),
            "threshold and linkage tuned on": (
                f"stories dev split (B-cubed F1: the highest threshold within {F1_TIE} of the best); the test split is never read"
            ),
        },
    )
    (out / "pair_model.toml").write_text(model.to_toml(), encoding="utf-8")
    baselines = tune_baselines(dev)
    (out / BASELINE_FILE).write_text(
        "# Baseline thresholds tuned on the stories dev split by python -m unspin.stories.train.\n"
        + "".join(f"{key} = {value!r}\n" for key, value in baselines.items()),
        encoding="utf-8",
    )
    print(
        f"wrote {out} in {time.perf_counter() - started:.0f} s: threshold {model.threshold}, baselines {baselines}",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
