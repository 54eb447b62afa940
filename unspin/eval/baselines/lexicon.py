"""Baseline: plain lookup of the word lists unspin ships, with no context and no policy.

Every surface form of every entry in unspin/data/lexicons (as the detector's
own loader reads them, inflections included) and every phrase is flagged
wherever it occurs; the entry's confidence is its score. What unspin adds on
top of these lists (part-of-speech and context checks, quotation protection,
the strength threshold) is what the difference between the two rows measures.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from unspin.eval.detectors import Prediction

_WORD = re.compile(r"\w+(?:[-'’]\w+)*")


class LexiconBaseline:
    name = "lexicon lookup"
    description = "every form of every entry in unspin/data/lexicons, flagged wherever it occurs"

    def __init__(self) -> None:
        from unspin.detect.lexicon import load_lexicon

        lexicon = load_lexicon()
        self.words = {form: max(e.confidence for e in entries) for form, entries in lexicon.words.items()}
        self.phrases = {first: [(p.words, p.confidence) for p in variants] for first, variants in lexicon.phrases.items()}

    def predict(self, texts: Sequence[str]) -> Iterator[Prediction]:
        for text in texts:
            yield self._one(text)

    def _one(self, text: str) -> Prediction:
        tokens = [(m.group().lower().replace("’", "'"), m.start(), m.end()) for m in _WORD.finditer(text)]
        ranges: list[tuple[int, int, float]] = []
        for i, (word, start, end) in enumerate(tokens):
            if word in self.words:
                ranges.append((start, end, self.words[word]))
            for words, confidence in self.phrases.get(word, ()):
                if tuple(t[0] for t in tokens[i : i + len(words)]) == words:
                    ranges.append((start, tokens[i + len(words) - 1][2], confidence))
                    break
        return Prediction(flagged=[(a, b) for a, b, _ in ranges], scored=ranges)
