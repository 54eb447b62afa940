"""The trained word scorer: a calibrated probability that each word is loaded language.

Runs with numpy only. Weights and the word table are files in
`unspin/data/model/` (how they were trained: MODEL.md there; rebuild with
`make train`). For every word of a text the scorer builds the features of
features.py, runs one hidden layer, pools it per sentence, and returns

    P(word flagged) = calibrate(sigmoid(word logit) * sigmoid(sentence logit))

the chance that an annotator of the BABE/MBIC kind would mark the word, as
measured by cross-validation on the dev data it was trained on.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np

from unspin.detect.features import WordTable, feature_names, sentence_ids, word_features
from unspin.detect.lexicon import Lexicon
from unspin.detect.scan import Candidate, Word

PACKAGE = "unspin.data.model"
TABLE_FILE = "table.npz"
WEIGHTS_FILE = "weights.npz"
CARD_FILE = "model.json"
EVALUATIVE_FAMILIES = (
    "family_strong_subjectives",
    "family_weak_subjectives",
    "family_positive_words",
    "family_negative_words",
    "family_npov_bias",
)


BLOCK_WORDS = 20_000  # words scored at once: bounds the feature matrix of a long article


class ModelError(RuntimeError):
    """The model files are missing or do not fit this version of the code."""


@dataclass(frozen=True)
class Scores:
    """Per-word probabilities of one text, and per-word sentence probabilities."""

    word: np.ndarray  # float [n_words]: calibrated P(word is loaded)
    sentence: np.ndarray  # float [n_words]: P(the word's sentence is biased), for explanations and tests
    routed: np.ndarray | None = None  # bool [n_words]: the cascade's encoder read the word's sentence


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(x, -40.0, 40.0)))


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p))


class WordModel:
    """Loaded weights, the word table and the model card (metadata)."""

    def __init__(self, table: WordTable, weights: dict[str, np.ndarray], card: dict) -> None:
        self.table = table
        self.weights = weights
        self.card = card
        self.version = str(card.get("version", "1"))
        self.id = f"model:{card.get('name', 'wordscorer')}@{self.version}"
        expected = len(feature_names(table)) + len(card.get("extra_features", []))
        if weights["w1"].shape[0] != expected:
            raise ModelError(
                f"weights expect {weights['w1'].shape[0]} features, the code builds {expected}: retrain (make train)"
            )

    def evaluative(self, form: str) -> bool:
        """Is there evidence, besides the model's score, that the word judges rather than classifies?

        A model-only flag is acted on only for such words: a subjectivity, polarity or NPOV-bias
        lexicon lists it, it is a hyphenated compound ("far-left", "fear-mongering"), or dev
        annotators marked it at least twice and in at least a third of its uses. "ballistic" in
        "ballistic missiles" may score high in a war story; it is none of these, so it stays.
        """
        if "-" in form:
            return True
        row = self.table.lookup(form)
        if row < 0:
            return False
        if self.table.lexical[row, self._evaluative_columns].any():
            return True
        share, log_count = self.weights["prior"][row]
        return bool(share >= 1 / 3 and log_count >= np.log1p(2) - 1e-3)

    @property
    def _evaluative_columns(self) -> list[int]:
        names = self.table.lexical_names
        return [names.index(n) for n in EVALUATIVE_FAMILIES if n in names]

    def scores(
        self, text: str, words: Sequence[Word], starts: Sequence[int], lexicon: Lexicon, candidates: Sequence[Candidate] = ()
    ) -> Scores:
        if len(words) <= BLOCK_WORDS:
            return self._scores(text, words, starts, lexicon, candidates)
        # Every feature stays inside its sentence, so blocks of whole sentences score exactly as the whole
        # text does, and the feature matrix (~1.7 KB a word) never holds more than one block (issue 12 item 7).
        sent = sentence_ids(words, starts)
        parts: list[Scores] = []
        lo = 0
        while lo < len(words):
            hi = min(lo + BLOCK_WORDS, len(words))
            while hi < len(words) and sent[hi] == sent[hi - 1]:
                hi += 1
            block = [
                dataclasses.replace(c, first_word=max(c.first_word, lo) - lo, last_word=min(c.last_word, hi - 1) - lo)
                for c in candidates
                if c.first_word < hi and c.last_word >= lo
            ]
            parts.append(self._scores(text, words[lo:hi], starts, lexicon, block))
            lo = hi
        return Scores(np.concatenate([p.word for p in parts]), np.concatenate([p.sentence for p in parts]))

    def _scores(
        self, text: str, words: Sequence[Word], starts: Sequence[int], lexicon: Lexicon, candidates: Sequence[Candidate] = ()
    ) -> Scores:
        if not words:
            empty = np.zeros(0, dtype=np.float32)
            return Scores(empty, empty)
        rows = self.table.rows(words)
        x, sentence = word_features(text, words, starts, self.table, lexicon, candidates, rows)
        prior = self.weights["prior"][rows]
        x = np.concatenate([x, prior], axis=1)  # float32, as the features and the weights are
        x -= self.weights["mean"]  # in place: the same float32 operations without two more copies of x
        x /= self.weights["scale"]
        t, z = forward(self.weights, x, sentence)
        bounds = np.flatnonzero(np.r_[True, sentence[1:] != sentence[:-1]])
        z_word = np.repeat(z, np.diff(np.r_[bounds, len(sentence)]))
        raw = _sigmoid(t) * _sigmoid(z_word)
        a, b = self.weights["calibration"]
        sa, sb = self.weights["sentence_calibration"]
        return Scores(_sigmoid(a * _logit(raw) + b), _sigmoid(sa * z_word + sb))


def forward(weights: dict[str, np.ndarray], x: np.ndarray, sentence: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(word logits [n], sentence logits [one per run of equal sentence ids]); words in text order."""
    h = np.maximum(x @ weights["w1"] + weights["b1"], 0.0)
    t = h @ weights["wt"] + weights["bt"][0]
    if not len(sentence):
        return t, np.zeros(0, dtype=np.float32)
    bounds = np.flatnonzero(np.r_[True, sentence[1:] != sentence[:-1]])
    counts = np.diff(np.r_[bounds, len(sentence)])
    pooled_max = np.maximum.reduceat(h, bounds, axis=0)
    pooled_mean = np.add.reduceat(h, bounds, axis=0) / counts[:, None]
    z = np.concatenate([pooled_max, pooled_mean], axis=1) @ weights["ws"] + weights["bs"][0]
    return t, z


def read_table(data: dict[str, np.ndarray]) -> WordTable:
    words = str(data["words"]).split("\n")
    dims = data["vectors"].shape[1]
    vectors = np.vstack([data["vectors"].astype(np.float32), np.zeros((1, dims), np.float32)])
    lexical = np.vstack([data["lexical"].astype(np.float32), np.zeros((1, data["lexical"].shape[1]), np.float32)])
    names = tuple(str(data["lexical_names"]).split("\n"))
    return WordTable({w: i for i, w in enumerate(words)}, vectors, lexical, names)


def read_weights(data: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    weights = {k: v.astype(np.float32) for k, v in data.items()}
    # The per-word prior is stored by table row; unknown words (row -1) take the default.
    weights["prior"] = np.vstack([weights["prior"], weights["prior_default"][None, :]])
    return weights


@lru_cache(maxsize=1)
def load_model() -> WordModel:
    """The shipped model, loaded once per process."""
    folder = resources.files(PACKAGE)
    try:
        with folder.joinpath(TABLE_FILE).open("rb") as f:
            table = read_table(dict(np.load(f)))
        with folder.joinpath(WEIGHTS_FILE).open("rb") as f:
            weights = read_weights(dict(np.load(f)))
        card = json.loads(folder.joinpath(CARD_FILE).read_text("utf-8"))
    except FileNotFoundError as exc:
        raise ModelError(f"model file missing in {PACKAGE} ({exc.filename}): run `make train`") from exc
    return WordModel(table, weights, card)
