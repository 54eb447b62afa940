"""Cheap scorer everywhere, the encoder only where the cheap scorer sees something.

Most sentences of a news article carry no loaded word, and the cheap scorer
(model.py, ~0.2 ms a sentence) is sure of that. A sentence goes to the encoder
(encoder.py, ~3 ms a sentence) when the cheap scorer gives `route_at` or more to a
word the encoder could change the editor's mind about (the detector says which);
there a word's probability joins both scorers' (encoder.combined) and the
sentence's is the encoder's. `--thorough` routes every sentence.

The encoder was trained on BABE-style judgements of political bias; our lexicons also
cover flowery and dramatising language ("laid waste to", "so-called") that such
annotators often leave unmarked. So for a lexicon match (whose context rules.py
checks anyway) the encoder can only raise the cheap scorer's probability; for a
word only the models flag, it decides with the cheap scorer (on held-out dev this
keeps recall, 0.367 vs 0.362 BABE word F1, at a false-edit rate of 0.120 vs 0.094).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from unspin.detect import silencing
from unspin.detect.encoder import SentenceEncoder, combined, load_encoder
from unspin.detect.lexicon import Lexicon
from unspin.detect.model import Scores, WordModel, load_model
from unspin.detect.scan import Candidate, Word
from unspin.settings import settings


@dataclass
class Routing:
    """How many sentences each scorer has answered for (for benchmarks and explanations)."""

    sentences: int = 0
    routed: int = 0

    @property
    def share(self) -> float:
        return self.routed / self.sentences if self.sentences else 0.0


@dataclass
class CascadeScorer:
    cheap: WordModel
    encoder: SentenceEncoder
    route_at: float  # 0 routes every sentence
    routing: Routing = field(default_factory=Routing)

    @property
    def id(self) -> str:
        return f"{self.cheap.id}+{self.encoder.id}"

    def evaluative(self, form: str) -> bool:
        return self.cheap.evaluative(form)

    def scores(
        self,
        text: str,
        words: Sequence[Word],
        starts: Sequence[int],
        lexicon: Lexicon,
        candidates: Sequence[Candidate] = (),
        actionable: Callable[[int], bool] | None = None,
    ) -> Scores:
        """`actionable(i)`: could the editor act on word i? Only such words' cheap scores decide
        the routing (asked only of words at or above `route_at`); every word when None."""
        first = self.cheap.scores(text, words, starts, lexicon, candidates)
        routed = self._route(text, words, starts, first.word, actionable)
        answers = self.encoder.score_many([(text[lo:hi], words[begin:end], lo) for begin, end, lo, hi in routed])
        word, sentence = first.word.copy(), first.sentence.copy()
        read = np.zeros(len(words), dtype=bool)
        for (begin, end, _, _), (second, probability) in zip(routed, answers):
            joined = combined(first.word[begin:end], np.nan_to_num(second), self.encoder.card["calibration"])
            word[begin:end] = np.where(np.isnan(second), first.word[begin:end], joined)  # past the piece limit
            sentence[begin:end] = probability
            read[begin:end] = True
        matched = [i for c in candidates for i in range(c.first_word, c.last_word + 1)]
        if matched and silencing.on(
            "encoder_floor"
        ):  # the encoder may raise a lexicon match, never sink it (see the module's note)
            word[matched] = np.maximum(word[matched], first.word[matched])
        return Scores(word, sentence, read)

    def _route(self, text, words, starts, cheap: np.ndarray, actionable) -> list[tuple[int, int, int, int]]:
        """The sentences (as `_sentences` gives them) the encoder should read."""
        suspicious = [int(i) for i in np.flatnonzero(cheap >= self.route_at)]  # in word order
        if actionable is not None:
            suspicious = [i for i in suspicious if actionable(i)]
        runs = _sentences(text, words, starts)
        # a run [begin, end) holds a suspicious word when the first one at or after `begin` is before `end`
        routed = [run for run in runs if self.route_at == 0 or _holds(suspicious, run[0], run[1])]
        self.routing.sentences += len(runs)
        self.routing.routed += len(routed)
        return routed


def _holds(ordered: Sequence[int], begin: int, end: int) -> bool:
    """Does the sorted `ordered` hold a number in [begin, end)? (A bisection, not a scan of the run's words.)"""
    k = bisect_left(ordered, begin)
    return k < len(ordered) and ordered[k] < end


def _sentences(text: str, words: Sequence[Word], starts: Sequence[int]) -> list[tuple[int, int, int, int]]:
    """(first word, one past the last word, start, end) of every sentence that has words."""
    if not words:
        return []
    ids = [bisect_right(starts, w.start) for w in words]
    bounds = [0] + [i for i in range(1, len(ids)) if ids[i] != ids[i - 1]] + [len(ids)]
    runs = []
    for begin, end in zip(bounds[:-1], bounds[1:]):
        k = ids[begin]
        runs.append((begin, end, starts[k - 1], starts[k] if k < len(starts) else len(text)))
    return runs


def route_at(thorough: bool = False) -> float:
    if thorough:
        return 0.0
    return float(settings()["cascade"]["route_at"])


def load_scorer(thorough: bool = False) -> CascadeScorer:
    """The shipped cascade (EncoderMissing when the encoder or its base package is not installed)."""
    return CascadeScorer(load_model(), load_encoder(), route_at(thorough))
