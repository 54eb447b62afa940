"""Baseline: the words BABE and MBIC annotators marked biased on their dev splits, looked up.

This is what a newsroom could build in an afternoon from the public sets: take every
`biased_words` entry of the dev splits and mark each whole-word occurrence
(case-insensitive) wherever it appears. No context, no part of speech, no quotation
protection. Test splits are never read: the list is built inside `training()`.

The plain list holds function words ("the", "of", "to"), because annotators marked them
inside longer phrases; it marks about four words in ten of a news article. `min_share`
keeps only the entries the annotators marked in at least that share of the dev
sentences containing them, the same list without the words they mostly left alone.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from unspin.eval.detectors import Prediction

# Whole words, hyphenated compounds kept whole ("left-wing"); an apostrophe splits
# ("Trump's" -> "trump", "s") so a possessive still matches its word.
_WORD = re.compile(r"\w+(?:-\w+)*")

Entry = tuple[str, ...]


def words_of(text: str) -> list[tuple[str, int, int]]:
    return [(m.group().casefold(), m.start(), m.end()) for m in _WORD.finditer(text)]


def entry_of(annotated: str) -> Entry:
    """An annotated word or phrase as the tokens it must match ('"held"' -> ('held',))."""
    return tuple(word for word, _, _ in words_of(annotated))


class WordListBaseline:
    """Marks every occurrence of the listed entries; a Detector, so sentences or articles can be scored."""

    def __init__(self, entries: Iterable[Entry], name: str, description: str) -> None:
        self.by_first: dict[str, set[Entry]] = {}
        for entry in entries:
            if entry:
                self.by_first.setdefault(entry[0], set()).add(entry)
        self.name, self.description = name, description

    def __len__(self) -> int:
        return sum(len(v) for v in self.by_first.values())

    def predict(self, texts: Sequence[str]) -> Iterator[Prediction]:
        for text in texts:
            ranges = self.ranges(text)
            yield Prediction(flagged=ranges, scored=[(a, b, 1.0) for a, b in ranges])

    def ranges(self, text: str) -> list[tuple[int, int]]:
        return [(start, end) for _, start, end in self.matches(text)]

    def entries_in(self, text: str) -> list[Entry]:
        return [entry for entry, _, _ in self.matches(text)]

    def matches(self, text: str) -> Iterator[tuple[Entry, int, int]]:
        """Every occurrence of every entry, with its character range."""
        tokens = words_of(text)
        for i, (word, start, _) in enumerate(tokens):
            for entry in self.by_first.get(word, ()):
                if tuple(t[0] for t in tokens[i : i + len(entry)]) == entry:
                    yield entry, start, tokens[i + len(entry) - 1][2]


def annotated_entries(root: str | Path | None = None) -> tuple[Counter[Entry], Counter[Entry]]:
    """(sentences in which each entry was marked, dev sentences containing it), BABE + MBIC dev."""
    from unspin.eval.datasets import load_bias_sentences, training

    marked: Counter[Entry] = Counter()
    with training():  # dev only, whatever the caller asks for later
        sentences = [s for name in ("babe", "mbic") for s in load_bias_sentences(name, "dev", root)]
    for sentence in sentences:
        marked.update({entry_of(w) for w in sentence.biased_words} - {()})
    lookup = WordListBaseline(marked, "", "")
    occurring: Counter[Entry] = Counter()
    for sentence in sentences:
        occurring.update(set(lookup.entries_in(sentence.text)))
    return marked, occurring


def dev_word_list(root: str | Path | None = None, min_share: float = 0.0) -> WordListBaseline:
    """The baseline built from BABE + MBIC dev; `min_share` > 0 drops entries mostly left unmarked."""
    marked, occurring = annotated_entries(root)
    # An entry never found in its own sentence (tokenisation quirks) counts as always marked.
    kept = [e for e, n in marked.items() if n / max(occurring[e], n) >= min_share]
    if min_share > 0:
        name = f"BABE+MBIC word list ≥{min_share:.0%}"
        description = f"dev biased_words marked in at least {min_share:.0%} of the dev sentences holding them, every occurrence"
    else:
        name, description = "BABE+MBIC word list", "every BABE and MBIC dev biased_words entry, every occurrence"
    return WordListBaseline(kept, name, description)
