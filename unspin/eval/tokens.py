"""Word tokens with character offsets, and the maps between tokens and ranges.

Scoring is done on these tokens whatever tokenizer a system uses internally:
a system reports character ranges (with scores), and a token takes the highest
score of any range that overlaps it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

WORD = re.compile(r"\w+")  # news sentences: words only; punctuation is never scored
SPACE_SEPARATED = re.compile(r"\S*\w\S*")  # WNC is already tokenised: its space-separated tokens, bar punctuation


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int

    @property
    def norm(self) -> str:
        return self.text.casefold()


def tokenize(text: str, pattern: re.Pattern[str] = WORD) -> list[Token]:
    return [Token(m.group(), m.start(), m.end()) for m in pattern.finditer(text)]


def phrase_positions(tokens: Sequence[Token], phrase: str, pattern: re.Pattern[str] = WORD) -> set[int]:
    """Indices of the tokens that match `phrase` (case-insensitive), at every occurrence.

    A multiword phrase is matched as a run of consecutive tokens; where the run
    never occurs, each of its words is matched on its own (annotators' phrases
    are sometimes paraphrased or reordered).
    """
    words = [m.group().casefold() for m in pattern.finditer(phrase)]
    if not words:
        return set()
    norms = [t.norm for t in tokens]
    n = len(words)
    found: set[int] = set()
    for i in range(len(norms) - n + 1):
        if norms[i : i + n] == words:
            found.update(range(i, i + n))
    if not found and n > 1:
        found = {i for i, w in enumerate(norms) if w in set(words)}
    return found


# Function words. Annotators of BABE and MBIC mark phrases word by word ("fattened",
# "the", "pockets"), so a bare "the" in the list means the one inside the phrase, not
# every "the" of the sentence: see `gold_positions`.
FUNCTION_WORDS = frozenset(
    "a an the and or but nor so yet of to in on at by for from with without into onto out up down off over "
    "about as than then that this these those it its is are was were be been being am do does did has have "
    "had will would shall should can could may might must not no he she they we you i me him her them us "
    "his hers their our your my who whom whose which what when where why how if".split()
)


def gold_positions(tokens: Sequence[Token], words: Iterable[str], pattern: re.Pattern[str] = WORD) -> tuple[set[int], list[str]]:
    """Token indices of annotated words, and the annotated words found nowhere in the text.

    Content words match at every occurrence. A function word matches only where
    it touches another annotated position (so "out of fear" marks that "out" and
    "of", not every "of"), and everywhere only if it touches none.
    """
    content: set[int] = set()
    function: dict[str, set[int]] = {}
    unmatched = []
    for word in words:
        if not pattern.search(word):
            continue  # punctuation (WNC lists removed commas and quotes): not a word to score
        found = phrase_positions(tokens, word, pattern)
        if not found:
            unmatched.append(word)
        elif word.casefold().strip() in FUNCTION_WORDS:
            function[word.casefold().strip()] = found
        else:
            content |= found
    gold = set(content)
    pending = {i for found in function.values() for i in found}
    grown = True
    while grown:
        attached = {i for i in pending if i - 1 in gold or i + 1 in gold}
        grown = bool(attached)
        gold |= attached
        pending -= attached
    for found in function.values():
        if not found & gold:
            gold |= found
    return gold, unmatched


def scores_from_ranges(tokens: Sequence[Token], ranges: Iterable[tuple[int, int, float]]) -> list[float]:
    """Per-token score: the highest score of any character range overlapping the token (0 if none)."""
    scores = [0.0] * len(tokens)
    for start, end, score in ranges:
        for i, tok in enumerate(tokens):
            if tok.start < end and start < tok.end and score > scores[i]:
                scores[i] = score
    return scores


def tokens_in_ranges(tokens: Sequence[Token], ranges: Iterable[tuple[int, int]]) -> set[int]:
    """Indices of the tokens that overlap any of the character ranges."""
    return {i for i, s in enumerate(scores_from_ranges(tokens, ((a, b, 1.0) for a, b in ranges))) if s > 0}
