"""Per-word feature vectors for the detector's model: numpy only, no tagging.

Every word of the text (the regex words of scan.py) gets one row built from

- static word vectors (distilled from all-MiniLM-L6-v2, see unspin/data/model/MODEL.md)
  of the word and of two neighbours each side within its sentence, and the
  sentence's mean vector;
- per-word lexical facts stored with the vectors: membership of the Recasens et
  al. (2013) lexicon families and the word's frequency;
- the detector's own lexicons (category, confidence, neutral list, phrase);
- shape: capitalised mid-sentence (a name), sentence-initial, all capitals,
  hyphenated, unknown word, a sentence written in lower case only, position.

Training (training/) builds its matrices with this same module, so the model
sees at run time exactly the features it was trained on.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from unspin.detect.lexicon import Lexicon
from unspin.detect.scan import Candidate, Word

# What a lexicon entry's `pos` says the word must be; one flag each.
LEXICON_KINDS = ("adj", "intensifier", "adv", "verb", "noun")
NEIGHBOURS = (-1, 1, -2, 2)  # offsets whose vectors enter a word's row, in this order
SHAPE = ("cap_mid", "initial", "all_caps", "hyphen", "unknown", "lower_sentence", "position", "short_sentence")


@dataclass(frozen=True)
class WordTable:
    """Static vectors and per-word lexical facts, by lower-cased word form.

    The last row of `vectors` and `lexical` is all zeros: unknown words and
    positions outside the sentence index it as -1.
    """

    index: dict[str, int]
    vectors: np.ndarray  # float32 [V + 1, dims]
    lexical: np.ndarray  # float32 [V + 1, len(lexical_names)]
    lexical_names: tuple[str, ...]

    @property
    def dims(self) -> int:
        return int(self.vectors.shape[1])

    def lookup(self, form: str) -> int:
        """Row of a lower-cased word; a hyphenated compound falls back to its last part."""
        row = self.index.get(form)
        if row is None and "-" in form:
            row = self.index.get(form.rsplit("-", 1)[1])
        return -1 if row is None else row

    def rows(self, words: Sequence[Word]) -> np.ndarray:
        """`lookup` of every word, as int64: one dict look-up a word, the hyphen fallback only for misses
        (every word of every article comes through here, and the scorer needs the rows twice)."""
        get = self.index.get
        rows = [get(w.lower, -1) for w in words]
        for k, row in enumerate(rows):
            if row < 0 and "-" in words[k].lower:
                rows[k] = self.lookup(words[k].lower)
        return np.array(rows, dtype=np.int64)


def feature_names(table: WordTable) -> list[str]:
    names = [f"v{k}" for k in range(table.dims)]
    for offset in NEIGHBOURS:
        names += [f"v{k}@{offset:+d}" for k in range(table.dims)]
    names += [f"sent_v{k}" for k in range(table.dims)]
    own = list(table.lexical_names) + [f"lex_{k}" for k in LEXICON_KINDS] + ["lex_confidence", "neutral", "phrase"]
    names += own + [f"near_{n}" for n in own] + list(SHAPE)
    return names


def sentence_ids(words: Sequence[Word], starts: Sequence[int]) -> np.ndarray:
    """The sentence number of every word (sentences start at the offsets in `starts`)."""
    positions = np.fromiter((w.start for w in words), dtype=np.int64, count=len(words))
    return np.searchsorted(np.asarray(starts, dtype=np.int64), positions, side="right") - 1


_LEXICON_ROWS: dict[int, dict[str, np.ndarray]] = {}


def _lexicon_table(lexicon: Lexicon) -> dict[str, np.ndarray]:
    """Each lexicon form's row (kind flags, best confidence, neutral), built once per lexicon."""
    table = _LEXICON_ROWS.get(id(lexicon))
    if table is None:
        width = len(LEXICON_KINDS) + 3
        kind_column = {kind: k for k, kind in enumerate(LEXICON_KINDS)}
        table = {}
        for form in set(lexicon.words) | set(lexicon.neutral):
            row = np.zeros(width, dtype=np.float32)
            entries = lexicon.words.get(form, ())
            for entry in entries:
                row[kind_column[entry.pos]] = 1.0
            if entries:
                row[len(LEXICON_KINDS)] = max(e.confidence for e in entries)
            if form in lexicon.neutral:
                row[len(LEXICON_KINDS) + 1] = 1.0
            table[form] = row
        _LEXICON_ROWS.clear()  # one lexicon at a time is the normal case; never grow without bound
        _LEXICON_ROWS[id(lexicon)] = table
    return table


def _lexicon_rows(words: Sequence[Word], lexicon: Lexicon, candidates: Sequence[Candidate]) -> np.ndarray:
    width = len(LEXICON_KINDS) + 3
    rows = np.zeros((len(words), width), dtype=np.float32)
    table = _lexicon_table(lexicon)
    for i, word in enumerate(words):
        row = table.get(word.lower)
        if row is not None:
            rows[i] = row
    for c in candidates:
        if c.phrase is not None:
            rows[c.first_word : c.last_word + 1, len(LEXICON_KINDS) + 2] = 1.0
            rows[c.first_word : c.last_word + 1, len(LEXICON_KINDS)] = np.maximum(
                rows[c.first_word : c.last_word + 1, len(LEXICON_KINDS)], c.phrase.confidence
            )
    return rows


def word_features(
    text: str,
    words: Sequence[Word],
    starts: Sequence[int],
    table: WordTable,
    lexicon: Lexicon,
    candidates: Sequence[Candidate] = (),
    rows: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """(features [n_words, n_features], sentence id of each word); `rows`: `table.rows(words)`, when known."""
    n = len(words)
    sent = sentence_ids(words, starts)
    rows = table.rows(words) if rows is None else rows
    vectors = table.vectors[rows]

    parts = [vectors]
    position = np.arange(n)
    for offset in NEIGHBOURS:
        other = position + offset
        inside = (other >= 0) & (other < n)
        other = np.clip(other, 0, max(n - 1, 0))
        same = inside & (sent[other] == sent)
        parts.append(table.vectors[np.where(same, rows[other], -1)])

    n_sent = int(sent.max()) + 1 if n else 0
    counts = np.bincount(sent, minlength=n_sent).astype(np.float32)
    sums = np.zeros((n_sent, table.dims), dtype=np.float32)
    np.add.at(sums, sent, vectors)
    parts.append((sums / np.maximum(counts, 1.0)[:, None])[sent])

    own = np.concatenate([table.lexical[rows], _lexicon_rows(words, lexicon, candidates)], axis=1)
    near = np.zeros_like(own)
    for offset in (-2, -1, 1, 2):
        other = position + offset
        inside = (other >= 0) & (other < n)
        other = np.clip(other, 0, max(n - 1, 0))
        same = (inside & (sent[other] == sent))[:, None]
        near = np.maximum(near, np.where(same, own[other], 0.0))
    parts += [own, near, _shape(text, words, sent, rows, counts)]
    return np.concatenate(parts, axis=1).astype(np.float32, copy=False), sent


def _shape(text: str, words: Sequence[Word], sent: np.ndarray, rows: np.ndarray, counts: np.ndarray) -> np.ndarray:
    n = len(words)
    shape = np.zeros((n, len(SHAPE)), dtype=np.float32)
    if not n:
        return shape
    first = np.ones(n, dtype=bool)
    first[1:] = sent[1:] != sent[:-1]
    position = np.arange(n)
    index_in_sentence = position - np.maximum.accumulate(np.where(first, position, 0))
    capital = np.fromiter((text[w.start].isupper() for w in words), dtype=bool, count=n)
    shape[:, 0] = capital & ~first
    shape[:, 1] = first
    shape[:, 2] = np.fromiter((w.end - w.start > 1 and text[w.start : w.end].isupper() for w in words), dtype=bool, count=n)
    shape[:, 3] = np.fromiter(("-" in w.lower for w in words), dtype=bool, count=n)
    shape[:, 4] = rows < 0
    has_upper = np.bincount(sent, weights=capital, minlength=int(sent.max()) + 1) > 0
    shape[:, 5] = ~has_upper[sent]
    length = counts[sent]
    shape[:, 6] = index_in_sentence / np.maximum(length - 1, 1.0)
    shape[:, 7] = length < 8
    return shape
