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
import re
import tomllib
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from unspin.edit.protect import quotation_ranges
from unspin.stories import abbreviations
from unspin.stories.entities import DIGITS, NUMBER_LABELS, mentions, number_key
from unspin.stories.facts import same_quote
from unspin.stories.text import STOPWORDS, content_words, words

NAMED = frozenset({"ORG", "GPE", "LOC", "FAC", "EVENT", "LAW", "PRODUCT", "WORK_OF_ART"})  # not NORP: "Democrats"
DATED = frozenset({"DATE", "TIME"})
DATA = Path(__file__).resolve().parents[1] / "data" / "stories" / "additions.toml"
_ADJUNCT_CLAUSES = frozenset({"advcl", "relcl", "acl", "appos", "advmod", "npadvmod", "parataxis"})
_NOUN_MODIFIERS = frozenset({"poss", "compound", "amod", "nmod", "nummod"})
_MEASURES = frozenset({"npadvmod", "advmod"})  # "fell 5%", "rose by about 6%": a number's own attachment to its verb
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
_RANK = re.compile(r"\bNo\.\s*$")
_INDEFINITE = re.compile(r"\b[Aa]n? ((?:[a-z][a-z'\-]* ?){1,4})")  # "a federal court judge's son"
_CONTENT = frozenset({"NOUN", "VERB", "PROPN", "ADJ"})
STEM = 5  # letters two words must share, at least, to be one word in two forms ("endorse", "endorsement")
_MONTHS = {abbr.lower(): name.lower() for abbr, name in zip(calendar.month_abbr, calendar.month_name) if abbr}
_CALENDAR = frozenset(d.lower() for d in calendar.day_name) | frozenset(_MONTHS.values())


@dataclass(frozen=True)
class Element:
    """A fact-bearing element of a sentence, with the normalised keys that must be found for it to be known."""

    kind: str  # "number", "date", "person", "name" or "quotation"
    text: str
    keys: tuple[str, ...]
    core: bool = True  # in who did what to whom, not in an adjunct saying when, where or of what (`_in_core`)
    speaker: bool = False  # who said it ("CNN said ...", "according to CNN"), not what was said (`_speaker`)

    def __str__(self) -> str:
        return f"{self.kind} \u2018{self.text}\u2019"


@dataclass(frozen=True)
class Known:
    """What an article already tells: its words (a hyphenated one also by its parts: "Jong-un"), its numbers,
    its quotations, and the short forms ("OLC", "US") and capitalised long forms it writes names in."""

    words: frozenset[str]
    numbers: frozenset[str]
    quotes: tuple[str, ...]
    forms: frozenset[str] = frozenset()
    names: tuple[str, ...] = ()
    unnamed: frozenset[str] = frozenset()  # lower-case words of indefinite noun phrases: "a federal judge's"

    @classmethod
    def of(cls, texts: Iterable[str]) -> Known:
        texts = [t for t in texts if t]
        found = {part for t in texts for w in words(t) for part in _forms(_normal(w))}
        numbers = {number_key(m.group()) for t in texts for m in DIGITS.finditer(t)}
        quotes = tuple(q for t in texts for q in _quotations(t))
        forms = frozenset(f for t in texts for f in abbreviations.short_forms(t))
        names = tuple(n for t in texts for n in abbreviations.long_forms(t))
        unnamed = frozenset(w.removesuffix("'s") for t in texts for m in _INDEFINITE.finditer(t) for w in m.group(1).split())
        return cls(frozenset(found), frozenset(n for n in numbers if n), quotes, forms, names, unnamed)


def elements(text: str) -> list[Element]:
    """The fact-bearing elements of `text`: numbers, checkable dates, names outside quotations, quotations.

    A short form the sentence itself defines ("the Office of Legal Counsel (OLC)") is no element of its own:
    its long form stands for it."""
    ranges = quotation_ranges(text)
    defined = abbreviations.defined(text)
    found: list[Element] = [Element("quotation", q, tuple(content_words(q))) for q in _quotations(text)]
    for label, span, start in mentions([text])[0].spans:
        if any(s <= start < e for s, e in ranges) or abbreviations.short(_bare(span)) in defined:
            continue
        if label in NUMBER_LABELS and _RANK.search(text, 0, start):
            continue  # "his former No. 2": a rank in a title, no count
        element = _element(label, span)
        if element is not None:
            core = _in_core(text, start, len(span), element.kind == "number")
            found.append(replace(element, core=core, speaker=_speaker(text, start, len(span))))
    return found


def _element(label: str, span: str) -> Element | None:
    form = abbreviations.short(_bare(span)) if label == "PERSON" or label in NAMED else None
    if form is not None:
        keys, kind = (form.lower(),), "name"  # "U.S.", "OLC": a name written short
    elif label == "PERSON":
        names = [_normal(w, dates=False) for w in content_words(span) if _normal(w, dates=False) not in _SUFFIXES]
        keys, kind = tuple(_forms(n)[-1] for n in names[-1:]), "person"  # the surname ("Jong-un": "un")
    elif label in NAMED:
        keys, kind = tuple(_normal(w, dates=False) for w in content_words(span)), "name"
    elif label in DATED:
        keys = tuple(w for w in (_normal(w) for w in words(span)) if w in _CALENDAR or _day_or_year(w))
        keys, kind = tuple(number_key(k) if k[:1].isdigit() else k for k in keys), "date"
    elif label in NUMBER_LABELS:
        keys, kind = tuple(number_key(m.group()) for m in DIGITS.finditer(span)), "number"
    else:
        return None
    return Element(kind, span, keys) if keys else None


def new_elements(text: str, known: Known) -> list[Element]:
    """The elements of `text` the article (`known`) does not already carry; a person the article already tells
    of by the role the sentence names them with is incidental (`_known_role`)."""
    found = [e for e in elements(text) if not _present(e, known) and not _roughly_known(e, known)]
    titled = [span for e in found if e.core and (span := _known_role(text, e, known)) is not None]
    return [replace(e, core=False) if e.core and _inside(text, e, titled) else e for e in found]


def _inside(text: str, element: Element, spans: Sequence[tuple[int, int]]) -> bool:
    """The element is one of `spans` (a person named by a role the article knows) or a word of its title
    ("U.S." of "U.S. District Judge Esther Salas")."""
    start = text.find(element.text)
    return any(s <= start and start + len(element.text) <= e for s, e in spans)


def _roughly_known(element: Element, known: Known) -> bool:
    """A more exact figure of one the article gives ("fell 6.7%" under "plunges nearly 7%", "188,829" where it
    says "more than 178,000"): every figure within `roughly()` of one the article writes. Whole numbers under 100
    are counts, told apart exactly ("13 dead" is not "14 dead")."""
    if element.kind != "number":
        return False
    values = [v for v in (_value(k) for k in known.numbers) if v is not None]
    return all(_close(_value(key), values) for key in element.keys)


def _close(value: float | None, values: list[float]) -> bool:
    if value is None or (value < 100 and value.is_integer()):
        return False
    return any(abs(value - v) <= roughly() * max(value, v) for v in values)


def _value(key: str) -> float | None:
    try:
        return float(key)
    except ValueError:
        return None


def _known_role(text: str, element: Element, known: Known) -> tuple[int, int] | None:
    """ "The son of U.S. District Judge Esther Salas was killed" in an article about "a federal judge's son": a
    person named with a title (the noun right before the name: "Judge", "Secretary") the article gives, unnamed,
    to somebody ("a federal judge") is the one it tells of; the name only says who, the fact is in the rest. Returns
    where the name and its title are (from the title's first word), or None."""
    if element.kind != "person":
        return None
    from unspin.stories.standalone import parse_of

    start = text.find(element.text)
    doc = parse_of(text)
    span = doc.char_span(start, start + len(element.text), alignment_mode="expand") if start >= 0 else None
    if span is None or span.start == 0:
        return None
    title = doc[span.start - 1]
    attached = title.dep_ == "compound" and title.head.i in range(span.start, span.end)
    if not (attached and title.is_title and title.lower_ in known.unnamed and title.tag_ in ("NN", "NNP")):
        return None
    return span.root.left_edge.idx, span.end_char  # "U.S. District Judge Esther Salas" from "U.S." on


def restated_share(text: str, new: Sequence[Element], told: Collection[str]) -> float:
    """How much of what `text` says, its new elements aside, the article already says: the share of its content
    words (nouns, verbs, adjectives, names; not verbs of saying) whose word or lemma is in `told`
    (`standalone.lemmas` of the article), a stem match counting (`related`). A sentence whose new elements are
    all incidental and whose other words the article mostly holds restates it ("The son of Judge X was
    killed and her husband wounded" under "gunman fatally shot a federal judge's son and wounded her husband")."""
    from unspin.stories.standalone import parse_of, rules

    spans = [(i, i + len(e.text)) for e in new for i in [text.find(e.text)] if i >= 0]
    words = [
        t
        for t in parse_of(text)
        if t.pos_ in _CONTENT
        and t.is_alpha
        and not t.is_stop
        and t.lemma_.lower() not in rules().speech
        and not any(s <= t.idx < e for s, e in spans)
    ]
    if not words:
        return 1.0
    return sum(related(t.lower_, told) or related(t.lemma_.lower(), told) for t in words) / len(words)


def _present(element: Element, known: Known) -> bool:
    if element.kind == "number":
        return all(k in known.numbers for k in element.keys)
    if element.kind == "date":
        return all(k in known.numbers or k in known.words for k in element.keys)
    if element.kind == "quotation":
        return any(same_quote(element.text, q) for q in known.quotes)
    form = abbreviations.short(_bare(element.text))
    if form is not None:  # "OLC" is known as "OLC" or as "Office of Legal Counsel"
        written = form.lower() in known.words and form.lower() not in STOPWORDS  # "Nato"; not the pronoun "us"
        return form in known.forms or written or abbreviations.stands_for(form, known.names)
    if any(abbreviations.abbreviates(f, _bare(element.text)) for f in known.forms):
        return True  # "the Office of Legal Counsel" in an article that writes "OLC"
    found = sum(related(k, known.words) for k in element.keys)
    return found >= 1 if element.kind == "person" else 2 * found >= len(element.keys)


def _in_core(text: str, start: int, length: int, number: bool = False) -> bool:
    """Whether the words at `start` say who did what to whom rather than when, where, or of what kind.

    Walking from the entity up the parse to the main verb, an adjunct ends the core: a clause hung on the
    sentence (adverbial, relative, participial), an apposition describing a name ("McConnell, the Senate
    majority leader"; one naming a common noun, "the mayor, Tomas Brenner", says who), an adverb, a modifier of a common noun
    ("Asia's geopolitical map", "the 2020 hopefuls", "K-12 schools") or a phrase of place or time ("on
    Twitter", "in Washington", "on Friday"; the prepositions of `additions.toml`). A new name there only
    frames a fact; the fact a reader lacks is in the rest. A number is a fact in a phrase too ("rose by
    128,000", "fell to 3.5%"), so only clauses and appositions end its core."""
    from unspin.stories.standalone import parse_of

    span = parse_of(text).char_span(start, start + length, alignment_mode="expand")
    if span is None:
        return True
    token = span.root
    while token.dep_ != "ROOT" and token.head is not token:
        dep, head = token.dep_, token.head
        naming = dep == "appos" and head.pos_ != "PROPN"  # "The mayor, Tomas Brenner, said": the name is who
        if dep in ("dobj", "dative") and _attributes(head):
            return False  # "..., officials told NBC New York": who was told is no part of the fact
        if dep in _ADJUNCT_CLAUSES and not naming and not (number and dep in _MEASURES):
            return False  # "tumbled about 6.3%": a number hung on the verb is what it did
        if not number:
            if dep in _NOUN_MODIFIERS and head.pos_ == "NOUN":
                return False
            if dep == "prep" and token.lower_ in adjunct_prepositions():
                return False
        token = head
    return True


def _speaker(text: str, start: int, length: int) -> bool:
    """The words at `start` say who reported the sentence's fact: the subject of a verb of saying that reports a
    clause ("CNN said the office announced ..."), or the object of "according to"."""
    from unspin.stories.standalone import parse_of, rules

    span = parse_of(text).char_span(start, start + length, alignment_mode="expand")
    if span is None:
        return False
    token, head = span.root, span.root.head
    if token.dep_ == "pobj" and head.lower_ == "to" and head.head.lower_ == "according":
        return True
    reports = head.lemma_.lower() in rules().speech and any(c.dep_ == "ccomp" for c in head.children)
    return token.dep_ == "nsubj" and reports


def reported_told(text: str, told: Collection[str]) -> bool:
    """The clause a sentence reports ("CNN said [the office announced the probe]") has a main verb the article
    uses (`told`: `standalone.lemmas` of it): a new speaker of a told event adds no fact."""
    from unspin.stories.standalone import parse_of, rules

    for root in (t for t in parse_of(text) if t.dep_ == "ROOT"):
        said = [c for c in root.children if c.dep_ == "ccomp"] if root.lemma_.lower() in rules().speech else [root]
        verbs = [v for v in said if v.pos_ in ("VERB", "AUX") and v.lemma_.lower() not in ("be", "have")]
        return bool(verbs) and all(related(v.lemma_.lower(), told) or related(v.lower_, told) for v in verbs)
    return False


def _attributes(verb) -> bool:
    """ "officials told NBC New York" after the fact, or "told CNN that ...": a verb of telling that reports a
    clause (or hangs on the sentence as an attribution) rather than an order given to someone."""
    hung = verb.dep_ in ("parataxis", "ccomp") or any(c.dep_ == "ccomp" for c in verb.children)
    return verb.lemma_.lower() == "tell" and hung


@cache
def adjunct_prepositions(path: Path = DATA) -> frozenset[str]:
    """Prepositions whose phrase says where or when (`additions.toml`, [novelty])."""
    return frozenset(tomllib.loads(path.read_text(encoding="utf-8"))["novelty"]["adjunct_prepositions"])


@cache
def roughly(path: Path = DATA) -> float:
    """The relative difference under which a figure is a more exact form of one the article gives (`additions.toml`)."""
    return float(tomllib.loads(path.read_text(encoding="utf-8"))["novelty"]["same_figure_within"])


def reports(text: str) -> bool:
    """False for a sentence that asks, bids or supposes rather than tells ("Imagine if the Rams had to play ...",
    "What is going on?", "The party would lose if it ..."): outside quotations, a question, a main verb in the
    base form with no subject, or a main verb under "would", "could" or "might" with an "if" clause hung on it."""
    from unspin.stories.standalone import parse_of, question

    if question(text):
        return False
    for root in (t for t in parse_of(text) if t.dep_ == "ROOT"):
        subject = any(c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") for c in root.children)
        if root.tag_ == "VB" and not subject and not any(c.dep_ == "aux" for c in root.children):
            return False
        if _supposes(root):
            return False
    return True


def _supposes(root) -> bool:
    """ "The party would cut its own throat if it ...": a conditional, the writer's supposition, not an event."""
    modal = any(c.dep_ == "aux" and c.lower_ in ("would", "could", "might") for c in root.children)
    condition = any(c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ == "if" for m in c.children) for c in root.children)
    return modal and condition


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


def _day_or_year(word: str) -> bool:
    """A figure a date is checked by: a day of the month or a year ("H.R. 1154", tagged a date, has neither)."""
    figure = number_key(word)
    return figure.isdigit() and (1 <= int(figure) <= 31 or 1900 <= int(figure) <= 2100)


def _bare(span: str) -> str:
    """A name without a leading "the" or a trailing possessive ("the U.S.'s" -> "U.S.")."""
    span = span.strip()
    span = span[4:] if span.lower().startswith("the ") else span
    return span.removesuffix("'s").removesuffix("\u2019s")


def _forms(word: str) -> tuple[str, ...]:
    """A word and, when hyphenated, its parts ("jong-un" is also "jong" and "un")."""
    return (word, *word.split("-")) if "-" in word else (word,)


def _normal(word: str, dates: bool = True) -> str:
    """ "Dec." and "dec" are "december" (in a date: "Mar" of "Mar-a-Lago" is no month), "Biden's" is "biden";
    other words as they are."""
    bare = word.rstrip(".").lower().removesuffix("'s")
    return _MONTHS.get(bare, bare) if dates else bare


def describe(found: Sequence[Element]) -> str:
    """ "number ‘3.7%’, person ‘Muntu Davis’": what an addition brings, for a reason or a report."""
    return ", ".join(str(e) for e in found)
