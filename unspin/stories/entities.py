"""Named entities and numbers of a text, via the spaCy pipeline unspin already ships.

Two articles on the same topic share the usual names (the president, the
country); two articles on the same *event* also share the specific ones (the
city that was hit, the envoy who spoke) and the numbers. Entities are reduced
to lower-cased content words so "Volodymyr Zelenskyy" and "President Zelenskyy"
still meet on "zelenskyy".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from unspin.stories.text import content_words

NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC", "EVENT", "LAW", "PRODUCT", "WORK_OF_ART"})
NUMBER_LABELS = frozenset({"CARDINAL", "MONEY", "PERCENT", "QUANTITY"})
DIGITS = re.compile(r"\d[\d,.]*")


@dataclass(frozen=True)
class Mentions:
    """What a text names: entity words, people, numbers (as digit strings) and date phrases."""

    names: tuple[str, ...] = ()  # content words of named entities, with repeats (salience)
    people: tuple[str, ...] = ()  # full PERSON names as written
    numbers: frozenset[str] = field(default_factory=frozenset)
    dates: tuple[str, ...] = ()
    spans: tuple[tuple[str, str, int], ...] = ()  # every entity as (label, text, start offset), for `novelty`


def _pipeline():
    from unspin.detect.nlp import load_nlp

    return load_nlp()


_memo: dict[str, Mentions] = {}
MEMO_SIZE = 20_000


def mentions(texts: Sequence[str], batch_size: int = 64) -> list[Mentions]:
    """Entities of each text (one spaCy pass over the new ones; parser and lemmatizer are not needed)."""
    todo = sorted({t for t in texts if t not in _memo})
    if todo:
        if len(_memo) + len(todo) > MEMO_SIZE:
            _memo.clear()
        _memo.update(zip(todo, _extract(todo, batch_size)))
    return [_memo[t] if t in _memo else _extract([t], batch_size)[0] for t in texts]


def _extract(texts: Sequence[str], batch_size: int) -> list[Mentions]:
    nlp = _pipeline()
    disabled = [n for n in nlp.pipe_names if n != "ner"]  # ner has its own tok2vec in the sm model
    found: list[Mentions] = []
    with nlp.select_pipes(disable=disabled):
        for doc in nlp.pipe([t or "" for t in texts], batch_size=batch_size):
            names: list[str] = []
            people: list[str] = []
            numbers: set[str] = set()
            dates: list[str] = []
            spans = tuple((ent.label_, ent.text, ent.start_char) for ent in doc.ents)
            for ent in doc.ents:
                if ent.label_ in NAME_LABELS:
                    names.extend(content_words(ent.text))
                    if ent.label_ == "PERSON":
                        people.append(ent.text)
                elif ent.label_ in NUMBER_LABELS:
                    numbers.update(number_key(m.group()) for m in DIGITS.finditer(ent.text))
                elif ent.label_ == "DATE":
                    dates.append(ent.text)
            numbers.update(number_key(m.group()) for m in DIGITS.finditer(doc.text) if len(m.group()) > 1)
            found.append(Mentions(tuple(names), tuple(people), frozenset(n for n in numbers if n), tuple(dates), spans))
    return found


def number_key(text: str) -> str:
    """'30,000' and '30000' are the same number; '1.9' keeps its point."""
    return text.replace(",", "").rstrip(".")
