"""What a sentence of another outlet tells a reader that an article does not: its new fact-bearing elements.

Closeness in meaning (the embedding's cosine) says whether two sentences are about the same thing, not
whether one adds a fact to the other: "which party wins the Senate majority is probably the biggest open
question of 2020" sits at cosine 0.45 from an article about the Senate battle and tells its reader nothing
new, and "A memo from Peter Navarro is the most direct warning known ..." only restates an article that
already tells of Navarro's memo. A fact has a bearer a reader could check: a number, a date, a named
person, organisation or place, or somebody's own words. So a sentence is added only when it carries such
an element that the article does not (`new_elements`), compared after normalisation:

- a number by its digits ("30,000" is "30000");
- a date by its weekday, month and figures ("late Sunday" is in an article that says "Sunday"; "this
  week" or "last month" bear no checkable date and count for nothing);
- a person by the surname, another name by its words — at least half of them found means present —,
  with spelling variants ("Zelensky", "Zelenskyy") and derived forms ("Russia", "Russian") matched by a
  shared stem (`related`); names inside a quotation belong to the quotation;
- a quotation of three words or more by its words (`facts.same_quote`).

And a sentence that evaluates rather than reports ("the most direct warning", "the biggest open
question": a copular main clause whose predicate is a superlative, `evaluates`) adds a fact only with a
new number.
"""

from __future__ import annotations

import calendar
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from unspin.edit.protect import quotation_ranges
from unspin.stories.entities import DIGITS, NUMBER_LABELS, mentions, number_key
from unspin.stories.facts import same_quote
from unspin.stories.text import content_words, words

NAMED = frozenset({"ORG", "GPE", "LOC", "FAC", "EVENT", "LAW", "PRODUCT", "WORK_OF_ART"})  # not NORP: "Democrats"
DATED = frozenset({"DATE", "TIME"})
STEM = 5  # letters two words must share, at least, to be one word in two forms ("endorse", "endorsement")
_MONTHS = {abbr.lower(): name.lower() for abbr, name in zip(calendar.month_abbr, calendar.month_name) if abbr}
_CALENDAR = frozenset(d.lower() for d in calendar.day_name) | frozenset(_MONTHS.values())


@dataclass(frozen=True)
class Element:
    """A fact-bearing element of a sentence, with the normalised keys that must be found for it to be known."""

    kind: str  # "number", "date", "person", "name" or "quotation"
    text: str
    keys: tuple[str, ...]

    def __str__(self) -> str:
        return f"{self.kind} \u2018{self.text}\u2019"


@dataclass(frozen=True)
class Known:
    """What an article already tells: its words, its numbers and its quotations."""

    words: frozenset[str]
    numbers: frozenset[str]
    quotes: tuple[str, ...]

    @classmethod
    def of(cls, texts: Iterable[str]) -> Known:
        texts = [t for t in texts if t]
        found = {_normal(w) for t in texts for w in words(t)}
        numbers = {number_key(m.group()) for t in texts for m in DIGITS.finditer(t)}
        quotes = tuple(q for t in texts for q in _quotations(t))
        return cls(frozenset(found), frozenset(n for n in numbers if n), quotes)


def elements(text: str) -> list[Element]:
    """The fact-bearing elements of `text`: numbers, checkable dates, names outside quotations, quotations."""
    ranges = quotation_ranges(text)
    found: list[Element] = [Element("quotation", q, tuple(content_words(q))) for q in _quotations(text)]
    for label, span, start in mentions([text])[0].spans:
        if any(s <= start < e for s, e in ranges):
            continue
        element = _element(label, span)
        if element is not None:
            found.append(element)
    return found


def _element(label: str, span: str) -> Element | None:
    if label == "PERSON":
        keys = tuple(_normal(w) for w in content_words(span)[-1:])
        kind = "person"
    elif label in NAMED:
        keys, kind = tuple(_normal(w) for w in content_words(span)), "name"
    elif label in DATED:
        keys = tuple(w for w in (_normal(w) for w in words(span)) if w in _CALENDAR or w[:1].isdigit())
        keys, kind = tuple(number_key(k) if k[:1].isdigit() else k for k in keys), "date"
    elif label in NUMBER_LABELS:
        keys, kind = tuple(number_key(m.group()) for m in DIGITS.finditer(span)), "number"
    else:
        return None
    return Element(kind, span, keys) if keys else None


def new_elements(text: str, known: Known) -> list[Element]:
    """The elements of `text` the article (`known`) does not already carry."""
    return [e for e in elements(text) if not _present(e, known)]


def _present(element: Element, known: Known) -> bool:
    if element.kind == "number":
        return all(k in known.numbers for k in element.keys)
    if element.kind == "date":
        return all(k in known.numbers or k in known.words for k in element.keys)
    if element.kind == "quotation":
        return any(same_quote(element.text, q) for q in known.quotes)
    found = sum(related(k, known.words) for k in element.keys)
    return found >= 1 if element.kind == "person" else 2 * found >= len(element.keys)


def related(word: str, vocabulary: Collection[str]) -> bool:
    """`word` or a form of it is in `vocabulary`: the same word, or two words of at least `STEM` letters one
    of which starts with the other ("Zelensky"/"Zelenskyy", "Russia"/"Russian", "endorse"/"endorsement")."""
    word = word.lower()
    if word in vocabulary:
        return True
    if len(word) < STEM:
        return False
    return any(len(other) >= STEM and (other.startswith(word) or word.startswith(other)) for other in vocabulary)


def evaluates(text: str) -> bool:
    """A copular main clause whose predicate is a superlative ("X is probably the biggest open question",
    "a memo ... is the most direct warning"): the sentence grades what is known, it reports nothing."""
    from unspin.stories.standalone import parse_of

    doc = parse_of(text)
    for root in (t for t in doc if t.dep_ == "ROOT"):
        if root.lemma_ != "be":
            continue
        for predicate in (c for c in root.children if c.dep_ in ("attr", "acomp")):
            if any(t.tag_ in ("JJS", "RBS") for t in predicate.subtree):
                return True
    return False


def _quotations(text: str) -> list[str]:
    """Direct quotations of three words or more, without their marks."""
    quoted = (text[s:e].strip('"\u201c\u201d\u2018\u2019 ,;:') for s, e in quotation_ranges(text))
    return [q for q in quoted if len(q.split()) >= 3]


def _normal(word: str) -> str:
    """ "Dec." and "dec" are "december", "Biden's" is "biden"; other words as they are."""
    bare = word.rstrip(".").lower().removesuffix("'s")
    return _MONTHS.get(bare, bare)


def describe(found: Sequence[Element]) -> str:
    """ "number ‘3.7%’, person ‘Muntu Davis’": what an addition brings, for a reason or a report."""
    return ", ".join(str(e) for e in found)
