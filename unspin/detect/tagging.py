"""Part-of-speech tags for the few windows of text around candidates.

The spaCy model is loaded once per process, on first use. Only `tok2vec` and
`tagger` run, and only on short windows (a candidate and a few words either
side, within its sentence): the small model's tagger sees about four tokens of
context, so the tags match a whole-sentence run at a fraction of the cost.
The parser, NER and lemmatizer are never run by the detector.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass

from unspin.detect.nlp import MODEL, load_nlp

TAG_PIPES = ("tok2vec", "tagger")


@dataclass(frozen=True)
class Tok:
    """A tagged token, with offsets into the article text."""

    start: int
    end: int
    text: str
    tag: str  # Penn Treebank tag

    @property
    def lower(self) -> str:
        return self.text.lower()


class TaggedWindows:
    """Tokens of all tagged windows, findable by character offset."""

    def __init__(self, windows: list[list[Tok]]) -> None:
        self.windows = windows
        self._starts = [w[0].start if w else 0 for w in windows]

    def tokens_for(self, start: int, end: int) -> tuple[list[Tok], int, int] | None:
        """The window holding [start, end), and the index range of the tokens inside it."""
        index = bisect_left(self._starts, start + 1) - 1
        if index < 0:
            return None
        window = self.windows[index]
        inside = [k for k, tok in enumerate(window) if tok.start >= start and tok.end <= end]
        if not inside:
            return None
        return window, inside[0], inside[-1]


def merge_windows(ranges: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(ranges):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def tag_windows(text: str, ranges: Sequence[tuple[int, int]], model: str = MODEL) -> TaggedWindows:
    """Tag each character range of `text` (ranges must not overlap)."""
    if not ranges:
        return TaggedWindows([])
    nlp = load_nlp(model)
    docs = [nlp.make_doc(text[start:end]) for start, end in ranges]
    for name in TAG_PIPES:
        docs = list(nlp.get_pipe(name).pipe(docs, batch_size=256))
    windows = []
    for (offset, _), doc in zip(ranges, docs, strict=True):
        windows.append([Tok(offset + t.idx, offset + t.idx + len(t.text), t.text, t.tag_) for t in doc if not t.is_space])
    return TaggedWindows(windows)
