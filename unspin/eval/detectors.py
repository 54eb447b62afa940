"""The one interface every detection system is scored through, and unspin's own adapter.

A system turns sentences into `Prediction`s: the character ranges it would
cut or modify (`flagged`) and scored ranges for ranking (`scored`). The harness
maps both onto its own tokens, so systems with different tokenizers are
scored on the same words.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Protocol

Range = tuple[int, int]
ScoredRange = tuple[int, int, float]


@dataclass(frozen=True)
class Prediction:
    """`flagged`: every range the system found loaded (detection); `edited`: the ones whose text it
    changes (editing), None when the two are the same (systems without flags)."""

    flagged: list[Range] = field(default_factory=list)
    scored: list[ScoredRange] = field(default_factory=list)
    confidences: list[float] = field(default_factory=list)  # per flagged range, when the system states one
    edited: list[Range] | None = None

    @property
    def changed(self) -> list[Range]:
        return self.flagged if self.edited is None else self.edited


class Detector(Protocol):
    name: str
    description: str

    def predict(self, texts: Sequence[str]) -> Iterator[Prediction]: ...


class UnspinDetector:
    """unspin as a reader meets it: detect spans, then let the edit policy decide.

    Flagged = ranges of the cut, modify and flag edits the pipeline makes (so
    quotation protection and the strength threshold apply), with the confidence
    the ledger gives each; edited = the cuts and modifications alone (what changes
    the text); scored = every word with the word scorer's calibrated probability,
    the detector's own ranking (used for top-1).
    """

    def __init__(self, strength: str = "standard", thorough: bool = False) -> None:
        from unspin.detect import default_detector  # imported late: the detect stage may be absent
        from unspin.edit.ledger import LOADED_KINDS, WORD_EDIT_KINDS
        from unspin.pipeline import Options, loaded_language_edits

        self.options = Options(strength=strength, thorough=thorough)  # an unknown strength fails here
        self._edits, self._kinds, self._changing = loaded_language_edits, LOADED_KINDS, WORD_EDIT_KINDS
        self._rank = default_detector(thorough).scored_words
        self.strength, self.thorough = strength, thorough
        mode = [strength] * (strength != "standard") + ["thorough"] * thorough
        self.name = f"unspin ({', '.join(mode)})" if mode else "unspin"
        self.description = f"unspin detect + edit policy, --strength {strength}" + " --thorough" * thorough

    def predict(self, texts: Sequence[str]) -> Iterator[Prediction]:
        for text in texts:
            edits = [e for e in self._edits(text, options=self.options) if e.kind in self._kinds]
            yield Prediction(
                flagged=[(e.start, e.end) for e in edits],  # as the pipeline edits or flags
                scored=self._rank(text),
                confidences=[e.confidence for e in edits],  # what the ledger tells the reader
                edited=[(e.start, e.end) for e in edits if e.kind in self._changing],
            )
