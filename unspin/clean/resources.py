"""The clean stage's data files, loaded once: cue phrases, word lists, thresholds.

Data is not code: the phrases and numbers that decide what counts as web
furniture live in `unspin/data/clean/`, each file with a note on where it came
from. This module only parses them.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "clean"

CueMode = Literal["line", "start", "short", "any"]
_MODE_PREFIX: dict[str, CueMode] = {"=": "line", "^": "start", "!": "any"}
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " "})
_SPACES = re.compile(r"\s+")
_EDGE_PUNCT = " .,:;!?|\u2022\u00b7-\u2013\u2014>\u00bb\u203a*+"
_LEADING_COUNT = re.compile(r"^\d[\d,.]*(?=\s)")


def normalise(text: str) -> str:
    """Lower-case, fold curly quotes and spaces, trim edge punctuation: the form cues are matched in."""
    folded = _SPACES.sub(" ", text.translate(_QUOTES).lower())
    return folded.strip(_EDGE_PUNCT)


@dataclass(frozen=True)
class Cue:
    """One furniture phrase and how it must appear in a line to count."""

    category: str
    phrase: str
    mode: CueMode


@dataclass(frozen=True)
class CueBook:
    """All cue phrases, indexed for the three ways a line can match them."""

    whole: dict[str, Cue]
    starts: tuple[Cue, ...]
    contains: tuple[Cue, ...]

    def match(self, norm: str, words: int, max_words: dict[str, int], default_max: int) -> Cue | None:
        """The cue this normalised line matches, whole-line cues first; None if none. A leading
        count matches `#` in a cue ("12 comments" matches "= # comments")."""
        counted = _LEADING_COUNT.sub("#", norm, count=1)
        if counted != norm and (found := self._match(counted, words, max_words, default_max)) is not None:
            return found
        return self._match(norm, words, max_words, default_max)

    def _match(self, norm: str, words: int, max_words: dict[str, int], default_max: int) -> Cue | None:
        if norm in self.whole:
            return self.whole[norm]
        for cue in self.starts:
            if norm.startswith(cue.phrase) and words <= max_words.get(cue.category, default_max):
                return cue
        for cue in self.contains:
            if cue.phrase in norm and (cue.mode == "any" or words <= max_words.get(cue.category, default_max)):
                return cue
        return None


def parse_cues(source: str) -> CueBook:
    """Parse the `[category]` / `= ^ !` format described in furniture_cues.txt."""
    whole: dict[str, Cue] = {}
    starts: list[Cue] = []
    contains: list[Cue] = []
    category = "navigation"
    for raw in source.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            category = line[1:-1].strip()
            continue
        mode: CueMode = _MODE_PREFIX.get(line[0], "short")
        phrase = line[1:].strip() if mode != "short" else line
        phrase = phrase.translate(_QUOTES).lower()
        cue = Cue(category, phrase if mode in ("short", "any") else normalise(phrase), mode)
        if mode == "line":
            whole.setdefault(cue.phrase, cue)
        elif mode == "start":
            starts.append(cue)
        else:
            contains.append(cue)
    return CueBook(whole, tuple(starts), tuple(contains))


def read_word_list(name: str) -> frozenset[str]:
    """A one-word-per-line list from the data folder, comments dropped."""
    text = (DATA_DIR / name).read_text(encoding="utf-8")
    return frozenset(w.strip().lower() for w in text.splitlines() if w.strip() and not w.startswith("#"))


@lru_cache(maxsize=1)
def cues() -> CueBook:
    return parse_cues((DATA_DIR / "furniture_cues.txt").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def function_words() -> frozenset[str]:
    return read_word_list("function_words.txt")


@lru_cache(maxsize=1)
def finite_verbs() -> frozenset[str]:
    return read_word_list("finite_verbs.txt")


@lru_cache(maxsize=1)
def settings() -> dict[str, Any]:
    with (DATA_DIR / "dump_classifier.toml").open("rb") as handle:
        return tomllib.load(handle)


@lru_cache(maxsize=1)
def site_pronouns() -> frozenset[str]:
    """The pronouns of the site's voice (settings' [site_voice]), as a set built once, not once a line."""
    return frozenset(settings()["site_voice"]["pronouns"])


@lru_cache(maxsize=1)
def social_networks() -> frozenset[str]:
    """The social networks a share bar names (settings' [social]), as a set built once, not once a line."""
    return frozenset(settings()["social"]["networks"])
