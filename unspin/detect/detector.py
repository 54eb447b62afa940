"""The detector: lexicon scan over the whole text, tagging only around candidates, context rules."""

from __future__ import annotations

import tomllib
from functools import lru_cache
from importlib import resources
from typing import Sequence

from unspin.detect.assemble import to_spans
from unspin.detect.lexicon import Lexicon, load_lexicon
from unspin.detect.nlp import MODEL, load_nlp
from unspin.detect.rules import Rules
from unspin.detect.scan import Candidate, find_candidates, sentence_bounds, sentence_starts, words_of
from unspin.detect.span import Span
from unspin.detect.tagging import TaggedWindows, merge_windows, tag_windows

STRENGTHS = ("light", "standard", "strong")


@lru_cache(maxsize=None)
def min_confidence(strength: str) -> float:
    """The confidence a span needs at this strength (pipeline-wide, unspin/data/strength.toml)."""
    if strength not in STRENGTHS:
        raise ValueError(f"unknown strength {strength!r}; choose one of {', '.join(STRENGTHS)}")
    settings = tomllib.loads(resources.files("unspin.data").joinpath("strength.toml").read_text("utf-8"))
    return float(settings[strength]["min_confidence"])


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    return load_lexicon()


class Detector:
    """Holds the loaded resources; the spaCy model is loaded on first use and shared per process."""

    def __init__(self, lexicon: Lexicon | None = None, model: str = MODEL) -> None:
        self.lexicon = lexicon or default_lexicon()
        self.model = model
        self.rules = Rules(self.lexicon)
        self.words_each_side = int(self.lexicon.settings.get("window", {}).get("words_each_side", 6))
        self.templates = self.lexicon.settings["reasons"]

    @property
    def nlp(self):
        return load_nlp(self.model)

    def candidates(self, text: str, skip: Sequence[tuple[int, int]] = ()) -> list[Candidate]:
        """Lexicon matches only (no tagging): the cheap first pass."""
        return find_candidates(text, words_of(text), self.lexicon, skip)

    def detect(self, text: str, skip: Sequence[tuple[int, int]] = (), strength: str = "standard") -> list[Span]:
        """Loaded language in `text`, as non-overlapping spans in text order."""
        threshold = min_confidence(strength)
        words = words_of(text)
        candidates = find_candidates(text, words, self.lexicon, skip)
        candidates = [c for c in candidates if self._best_confidence(c) >= threshold]
        if not candidates:
            return []
        starts = sentence_starts(text)
        tagged = self._tag(text, words, starts, candidates)
        decisions = [d for c in candidates if (d := self.rules.decide(text, starts, c, tagged)) is not None]
        return to_spans(text, decisions, threshold, self.templates)

    def _best_confidence(self, candidate: Candidate) -> float:
        """The most a candidate can score; context only lowers it, so weaker ones need no tagging."""
        if candidate.phrase is not None:
            return candidate.phrase.confidence
        return max(entry.confidence for entry in candidate.entries)

    def _tag(self, text: str, words, starts: list[int], candidates: list[Candidate]) -> TaggedWindows:
        """Tag a few words either side of each candidate, never past its sentence."""
        n = self.words_each_side
        ranges = []
        for c in candidates:
            sent_start, sent_end = sentence_bounds(starts, c.start, len(text))
            first = max(words[max(0, c.first_word - n)].start, sent_start)
            last = min(words[min(len(words) - 1, c.last_word + n)].end, sent_end)
            ranges.append((first, _extend_right(text, last, sent_end)))
        return tag_windows(text, merge_windows(ranges), self.model)


def _extend_right(text: str, end: int, limit: int) -> int:
    """Take in the punctuation right after a window (a full stop or closing quote helps the tagger)."""
    while end < limit and not text[end].isspace() and not text[end].isalnum():
        end += 1
    return end


_DEFAULT: Detector | None = None


def default_detector() -> Detector:
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Detector()
    return _DEFAULT


def detect_spans(text: str, skip: Sequence[tuple[int, int]] = (), strength: str = "standard") -> list[Span]:
    """Loaded, flowery or subjective language in `text`, never inside a `skip` range."""
    return default_detector().detect(text, skip=skip, strength=strength)
