"""The cheap pass over the whole article: words, sentences and lexicon candidates.

No spaCy here. A regular expression splits the text into words, and each word
is one dict lookup in the lexicon's surface-form index (phrases are looked up
by their first word). Only the few places that match go on to the tagger.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from unspin.detect import silencing
from unspin.detect.lexicon import Entry, Lexicon, Phrase

WORD = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")
# A sentence ends at . ! ? (plus closing quotes/brackets) before a capital, digit or opening quote,
# and at every line break.
_BREAK = re.compile(r"[.!?][\"”’')\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])|\n\s*")
_ABBREVIATION = re.compile(
    r"(?:\b(?:[A-Z]\.){1,3}|\b(?:Mr|Mrs|Ms|Dr|St|Gen|Sen|Rep|Gov|Lt|Col|Sgt|Capt|Prof|Jr|Sr|No|vs|Inc|Corp|Ltd|Co)\.)$"
)


class Word(NamedTuple):
    """A word of the text: a tuple, not a dataclass, because every word of every article is one (a frozen
    dataclass costs about three times as much to build, a millisecond on a page dump)."""

    start: int
    end: int
    lower: str


@dataclass(frozen=True)
class Candidate:
    """A stretch of text that a lexicon matched, before context decides on it."""

    start: int
    end: int
    first_word: int  # index into the article's word list
    last_word: int
    entries: tuple[Entry, ...] = ()  # single-word match: every lexicon reading of the form
    phrase: Phrase | None = None
    text: str = ""


def words_of(text: str, start: int = 0, end: int | None = None) -> list[Word]:
    """The words of `text[start:end]`, with offsets into the whole `text`."""
    matches = WORD.finditer(text, start, len(text) if end is None else end)
    return [Word(m.start(), m.end(), m.group().lower()) for m in matches]


def sentence_starts(text: str) -> list[int]:
    """Character offsets where sentences start (always including 0)."""
    starts = [0]
    for match in _BREAK.finditer(text):
        if match.group()[0] == "." and _ABBREVIATION.search(text, max(0, match.start() - 12), match.start() + 1):
            continue
        starts.append(match.end())
    return starts


def sentence_batches(starts: Sequence[int], length: int, size: int) -> Iterator[tuple[int, int]]:
    """(start, end) character ranges of whole sentences, each about `size` characters (a longer sentence
    is a range of its own), covering `[0, length)`: the detector reads a long article a batch at a time,
    so what it builds per word is never built for the whole article at once (issue 12 item 7)."""
    start = 0
    while start < length:
        index = bisect_left(starts, start + size)
        end = starts[index] if index < len(starts) else length
        yield start, end
        start = end


def sentence_bounds(starts: Sequence[int], position: int, length: int) -> tuple[int, int]:
    """The (start, end) of the sentence holding `position`."""
    index = bisect_right(starts, position) - 1
    end = starts[index + 1] if index + 1 < len(starts) else length
    return starts[index], end


def is_sentence_initial(text: str, starts: Sequence[int], position: int) -> bool:
    """True when only quotes, brackets, dashes or bullets stand between a sentence start and `position`."""
    sentence_start = starts[bisect_right(starts, position) - 1]
    lead = text[sentence_start:position]
    return not any(ch.isalnum() for ch in lead)


def _gap_is_space(text: str, left: Word, right: Word) -> bool:
    gap = text[left.end : right.start]
    return bool(gap) and gap.isspace() and "\n" not in gap


def _phrase_at(text: str, words: list[Word], i: int, variants: Sequence[tuple[str, ...]]) -> int | None:
    """Length (in words) of the longest variant matching at word i, if any."""
    for variant in variants:  # longest first
        n = len(variant)
        if i + n > len(words):
            continue
        if all(words[i + k].lower == variant[k] for k in range(n)) and all(
            _gap_is_space(text, words[i + k], words[i + k + 1]) for k in range(n - 1)
        ):
            return n
    return None


class RangeIndex:
    """Character ranges asked "does [start, end) overlap any of you?" in O(log n), not O(n): a long
    article has thousands of quotations, and every word is asked (issue 12 item 7)."""

    def __init__(self, ranges: Iterable[tuple[int, int]]) -> None:
        starts: list[int] = []
        ends: list[int] = []
        for start, end in sorted(ranges):
            if starts and start < ends[-1]:  # overlapping: merged (touching ranges stay apart)
                ends[-1] = max(ends[-1], end)
            else:
                starts.append(start)
                ends.append(end)
        self._starts, self._ends = starts, ends  # sorted, disjoint: both non-decreasing

    def overlaps(self, start: int, end: int) -> bool:
        """Same answer as any(start < r_end and r_start < end for r_start, r_end in ranges)."""
        i = bisect_right(self._ends, start)  # the first range ending after `start`
        return i < len(self._starts) and self._starts[i] < end

    def __bool__(self) -> bool:
        return bool(self._starts)


def find_candidates(
    text: str, words: list[Word], lexicon: Lexicon, skip: Sequence[tuple[int, int]] | RangeIndex = ()
) -> list[Candidate]:
    """Lexicon matches in text order, none overlapping, none inside `skip` or a protected phrase."""
    found: list[Candidate] = []
    blocked_until = -1  # word index up to which a phrase (loaded or protected) has claimed the words
    neutral_list = silencing.on("neutral_list")  # asked once, not for every word
    for i, word in enumerate(words):
        if i <= blocked_until:
            continue
        protected = lexicon.protected.get(word.lower) if neutral_list else None
        if protected:
            n = _phrase_at(text, words, i, sorted(protected, key=len, reverse=True))
            if n:
                blocked_until = i + n - 1
                continue
        variants = lexicon.phrases.get(word.lower)
        if variants:
            n = None
            for phrase in variants:
                n = _phrase_at(text, words, i, [phrase.words])
                if n:
                    end = words[i + n - 1].end
                    found.append(Candidate(word.start, end, i, i + n - 1, phrase=phrase, text=text[word.start : end]))
                    blocked_until = i + n - 1
                    break
            if n:
                continue
        entries = lexicon.words.get(word.lower)
        if entries and (word.lower not in lexicon.neutral or not neutral_list):
            found.append(Candidate(word.start, word.end, i, i, entries=tuple(entries), text=text[word.start : word.end]))
    if skip:
        index = skip if isinstance(skip, RangeIndex) else RangeIndex(skip)
        found = [c for c in found if not index.overlaps(c.start, c.end)]
    return found


def protected_words(text: str, words: list[Word], lexicon: Lexicon) -> set[int]:
    """Indices of words inside a protected (neutral) phrase, or themselves on the neutral list."""
    if not silencing.on("neutral_list"):
        return set()
    found = {i for i, w in enumerate(words) if w.lower in lexicon.neutral}
    for i, word in enumerate(words):
        variants = lexicon.protected.get(word.lower)
        if variants:
            n = _phrase_at(text, words, i, sorted(variants, key=len, reverse=True))
            if n:
                found.update(range(i, i + n))
    return found
