"""What the story index keeps of one article: the few signals that tell events apart.

An article is reduced to its lead's embedding (what it says: by the events
encoder, `embed.encode_events`, which the pair model was fitted on), TF-IDF vectors of
its lead and headline (the specific words), its entity words (who and where),
its numbers, and its publication date when known. Profiles are built in
batches, because the embedding model and spaCy are far faster on a batch than
one text at a time.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from unspin.stories import embed
from unspin.stories.entities import mentions
from unspin.stories.text import content_words
from unspin.stories.vectors import IdfTable, SparseVector, shipped_idf, tfidf


@dataclass
class Profile:
    """One article as the index sees it. `key` identifies it in stories and reports."""

    key: str
    headline: str
    lead: str
    vector: np.ndarray  # unit-length lead embedding by the events encoder
    words: SparseVector  # TF-IDF of the lead's content words
    title_words: SparseVector
    names: SparseVector  # TF-IDF of entity words
    numbers: frozenset[str] = field(default_factory=frozenset)
    published: date | None = None
    outlet: str = ""
    fingerprint: str = ""  # hash of the normalised full text: equal for exact duplicates
    # Hashed word 5-grams of the full text, sorted and unique: an array of 8 bytes each, not a set of Python ints
    # (about 60 KB for an 800-word article, kept for every article of a server's story index).
    shingles: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.uint64))


@dataclass(frozen=True)
class Draft:
    """The inputs of a profile: what `profiles` needs from an article or a labelled record."""

    key: str
    headline: str
    lead: str
    body: str = ""
    published: date | None = None
    outlet: str = ""


def profiles(drafts: Sequence[Draft], idf: IdfTable | None = None, vectors: np.ndarray | None = None) -> list[Profile]:
    """Profiles for a batch; pass precomputed lead `vectors` to skip the embedding model (tests, cached eval)."""
    idf = idf or shipped_idf()
    if vectors is None:
        vectors = embed.encode_events([d.lead for d in drafts])
    found = mentions([d.lead for d in drafts])
    result = []
    for draft, vector, mention in zip(drafts, vectors, found):
        text = draft.body or draft.lead
        result.append(
            Profile(
                key=draft.key,
                headline=draft.headline,
                lead=draft.lead,
                vector=np.asarray(vector, dtype=np.float32),
                words=tfidf(content_words(draft.lead), idf),
                title_words=tfidf(content_words(draft.headline), idf),
                names=tfidf(mention.names, idf),
                numbers=mention.numbers,
                published=draft.published,
                outlet=draft.outlet,
                fingerprint=fingerprint(text),
                shingles=shingles(text),
            )
        )
    return result


_SPACE = re.compile(r"\W+")
# Near-duplicates are judged on an article's first 10,000 words (twice a long news article): a 2 MB text's
# 300,000 shingles took 0.5 s of the server process, which stores articles while it answers others.
SHINGLE_WORDS = 10_000


def fingerprint(text: str) -> str:
    """Same for texts that differ only in case, spacing and punctuation (one story from two feeds)."""
    return hashlib.sha1(_SPACE.sub(" ", text.casefold()).strip().encode("utf-8")).hexdigest()


def shingles(text: str, size: int = 5) -> np.ndarray:
    """Hashed word n-grams: wire copy republished with a new headline still shares most of them.

    Sorted and unique, as `resemblance` needs them; held as 8-byte integers because the story index keeps
    every article's: as a frozenset of Python ints they grew a server by 138 MiB in a ten-minute soak."""
    tokens = _SPACE.sub(" ", text.casefold()).split()[:SHINGLE_WORDS]
    grams = [tokens] if 0 < len(tokens) < size else [tokens[i : i + size] for i in range(len(tokens) - size + 1)]
    return np.unique(np.fromiter((_hashed(gram) for gram in grams), dtype=np.uint64, count=len(grams)))


def _hashed(tokens: list[str]) -> int:
    """A stable 64-bit hash (not `hash`, salted per process): profiles made on different workers must agree."""
    return int.from_bytes(hashlib.blake2b(" ".join(tokens).encode(), digest_size=8).digest(), "little")


def resemblance(a: Profile, b: Profile) -> float:
    """Jaccard overlap of the two texts' shingles: near 1 for republished wire copy."""
    if not a.shingles.size or not b.shingles.size:
        return 0.0
    shared = np.intersect1d(a.shingles, b.shingles, assume_unique=True).size
    return shared / (a.shingles.size + b.shingles.size - shared)


def warm_up() -> None:
    """Load the events encoder (and the packaged model it shares), spaCy and the IDF table now (seconds, once per process), so the first
    article a server stores does not wait for them."""
    lead = "Council approves road plan. The council approved the plan on Tuesday, officials in Springfield said."
    profiles([Draft(key="warm-up", headline="Council approves road plan", lead=lead, body=lead)])
