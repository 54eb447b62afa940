"""The labelled stories data (../shared/data/stories): records, drafts, and cached lead embeddings.

Each record is one article's title and lead with the id of the event it
covers (AllSides roundups via NeuS, Lee et al. 2022; see the data README). The
test split is for reporting only: code that tunes passes `tuning=True` and is
refused the test split, so it cannot be read by accident.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from unspin.stories import embed
from unspin.stories.profile import Draft

SPLITS = ("train", "dev", "test")


class StoriesDataError(FileNotFoundError):
    """The stories data is not where it was looked for."""


@dataclass(frozen=True)
class Record:
    id: str
    title: str
    text: str
    story: str

    @property
    def lead(self) -> str:
        return f"{self.title} {self.text}".strip()


def data_root(root: str | Path | None = None) -> Path:
    """--data, else env UNSPIN_DATA, else ../shared/data beside the repository."""
    if root is not None:
        return Path(root)
    if os.environ.get("UNSPIN_DATA"):
        return Path(os.environ["UNSPIN_DATA"])
    return Path(__file__).resolve().parents[2].parent / "shared" / "data"


def load_split(split: str, root: str | Path | None = None, *, tuning: bool = False) -> list[Record]:
    """Records of one split in file order (the order the stream sees them)."""
    if split not in SPLITS:
        raise ValueError(f"unknown split {split!r}; choose one of {', '.join(SPLITS)}")
    if tuning and split == "test":
        raise ValueError("the test split is for reporting only; tune on train and dev")
    path = data_root(root) / "stories" / f"{split}.jsonl"
    if not path.exists():
        raise StoriesDataError(f"{path} not found (set --data or UNSPIN_DATA to the folder holding stories/)")
    records = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                row = json.loads(line)
                records.append(Record(row["id"], row.get("title") or "", row.get("text") or "", row["story"]))
    return records


def half_of(story: str) -> str:
    """'A' or 'B': a fixed split of the train events by a hash of their id (not by file order). The events encoder
    was fine-tuned on half A's events and the pair model fitted on half B's, which the fine-tuning never shaped."""
    return "A" if hashlib.sha1(story.encode()).digest()[0] % 2 == 0 else "B"


def drafts(records: Sequence[Record]) -> list[Draft]:
    """Records as profile inputs. The data has no dates and no outlets: the method runs without them."""
    return [Draft(key=r.id, headline=r.title, lead=r.lead) for r in records]


def cache_dir() -> Path:
    base = os.environ.get("UNSPIN_CACHE") or os.path.join(os.path.expanduser("~"), ".cache", "unspin")
    return Path(base) / "stories"


def lead_vectors(records: Sequence[Record], *, cache: bool = True, encoder: embed.Encoder = embed.EVENTS) -> np.ndarray:
    """Lead embeddings by `encoder` (the events encoder, as story profiles have them), cached on disk by content and
    encoder (embedding 7,000 leads takes minutes on one core)."""
    texts = [r.lead for r in records]
    key = f"{embed.MAX_TOKENS}\n" + (f"{encoder.tag}\n" if encoder.tag else "")
    digest = hashlib.sha1(key.encode() + "\n".join(texts).encode("utf-8")).hexdigest()[:16]
    path = cache_dir() / f"leads-{digest}.npy"
    if cache and path.exists():
        return np.load(path)
    vectors = encoder.encode(texts)
    if cache:
        path.parent.mkdir(parents=True, exist_ok=True)
        np.save(path, vectors)
    return vectors
