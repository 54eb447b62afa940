"""Align the sentences of a story's articles into facts: who reports what, who is quoted, where they differ.

Sentences from different articles become one fact when their embeddings are
close (they say the same thing in other words) — with a lower bar when they
also share a number or a specific name, since "20 kilometers from the border"
is the same fact however it is phrased. A fact holds at most one sentence per
article, the best match, so a long article cannot swallow a short one's row.
Within a fact, numbers with the same unit, dates and the speaker of a shared
quotation are compared across outlets, and differences are reported, not
resolved: unspin cannot know which outlet is right.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from unspin.edit.protect import quotation_ranges
from unspin.stories import embed
from unspin.stories.entities import Mentions, mentions
from unspin.stories.text import Sentence, words

SAME_FACT = 0.72  # cosine at which two sentences state the same fact
SAME_FACT_WITH_ANCHOR = 0.62  # ... when they also share a number or a rare name
_UNIT = re.compile(r"(\d[\d,.]*)\s*(?:%|percent|per cent)?\s*([A-Za-z]+)?")
_SPEECH = r"(?:said|says|added|told|stated|noted|warned|declared|wrote|argued|insisted|explained|confirmed)"
_AFTER_VERB = re.compile(
    rf"\b{_SPEECH}\s+(?P<who>[A-Za-z][\w.'’\-/]*(?:\s+[A-Za-z][\w.'’\-/]*){{0,7}}?)(?=\s*[,.;]|\s+(?:in|on|at|during|who|that|when|after|referring)\b|\s*$)"
)
_BEFORE_VERB = re.compile(rf"(?P<who>[^,.;:!?\"“”]*?)\s+(?:has\s+|had\s+|also\s+)?{_SPEECH}\b")
_ACCORDING = re.compile(r"\baccording to\s+(?P<who>(?:[A-Za-z][\w.'’\-/]*\s*){1,8}?)(?=[,.;]|$)", re.I)
_NOT_SPEAKER_START = frozenset(
    {
        "on",
        "in",
        "at",
        "during",
        "that",
        "it",
        "last",
        "this",
        "earlier",
        "later",
        "and",
        "but",
        "so",
        "then",
        "as",
        "while",
        "when",
        "after",
        "before",
        "also",
    }
)
_REPORTED = re.compile(rf"\b{_SPEECH}\b|\baccording to\b", re.I)
_PRONOUNS = frozenset({"he", "she", "they", "it", "who", "which", "that", "officials", "official"})


@dataclass(frozen=True)
class Claim:
    """One article's sentence in a fact row."""

    article: int  # index of the article in the story
    sentence: Sentence
    numbers: dict[str, str]  # unit word -> number, e.g. {"kilometers": "20"}
    dates: tuple[str, ...]
    quote: str | None = None
    speaker: str | None = None


@dataclass
class Fact:
    """A row of the story table: the same statement in one or more articles."""

    claims: list[Claim] = field(default_factory=list)
    differences: list[str] = field(default_factory=list)

    @property
    def articles(self) -> set[int]:
        return {claim.article for claim in self.claims}

    def claim_of(self, article: int) -> Claim | None:
        return next((claim for claim in self.claims if claim.article == article), None)

    @property
    def text(self) -> str:
        """The wording shown for the row: the shortest complete sentence reporting it."""
        return min((claim.sentence.text for claim in self.claims), key=len)


def align(articles: Sequence[Sequence[Sentence]]) -> list[Fact]:
    """Facts from the sentences of each article (one list per article), most widely reported first."""
    flat = [(index, sentence) for index, sents in enumerate(articles) for sentence in sents]
    if not flat:
        return []
    vectors = embed.encode([sentence.text for _, sentence in flat])
    found = mentions([sentence.text for _, sentence in flat])
    claims = [_claim(index, sentence, mention) for (index, sentence), mention in zip(flat, found)]
    names = [set(m.names) for m in found]
    scores = vectors @ vectors.T
    article = np.array([index for index, _ in flat])
    close = np.argwhere(np.triu(scores >= SAME_FACT_WITH_ANCHOR, 1) & (article[:, None] != article[None, :]))
    pairs = []
    for i, j in close:  # only pairs close enough to matter: a long story stays fast
        anchored = bool(set(claims[i].numbers.values()) & set(claims[j].numbers.values())) or len(names[i] & names[j]) >= 2
        bar = SAME_FACT_WITH_ANCHOR if anchored else SAME_FACT
        if scores[i, j] >= bar and same_quote(claims[i].quote, claims[j].quote):
            pairs.append((float(scores[i, j]), int(i), int(j)))
    group = list(range(len(flat)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(flat))}
    for _, i, j in sorted(pairs, reverse=True):
        a, b = group[i], group[j]
        if a == b or {flat[k][0] for k in members[a]} & {flat[k][0] for k in members[b]}:
            continue  # one sentence per article in a fact
        for k in members[b]:
            group[k] = a
        members[a].extend(members.pop(b))
    facts = [Fact([claims[k] for k in sorted(ks)]) for ks in members.values()]
    for fact in facts:
        fact.differences = differences(fact)
    facts.sort(key=lambda f: (-len(f.claims), min(c.sentence.start / 1e6 + c.article for c in f.claims)))
    return facts


def _claim(article: int, sentence: Sentence, mention: Mentions) -> Claim:
    quote, speaker = quotation(sentence.text)
    return Claim(article, sentence, units(sentence.text), mention.dates, quote, speaker)


def units(text: str) -> dict[str, str]:
    """Numbers keyed by the word after them ("30,000 ground forces" -> {"ground": "30000"})."""
    found: dict[str, str] = {}
    for match in _UNIT.finditer(text):
        number, unit = match.group(1).replace(",", "").rstrip("."), (match.group(2) or "").lower()
        if unit and not re.fullmatch(r"(?:19|20)\d\d", number):
            found.setdefault(unit, number)
    return found


def quotation(text: str) -> tuple[str | None, str | None]:
    """The direct quotation in a sentence (if any) and who the sentence says spoke it."""
    ranges = [(s, e) for s, e in quotation_ranges(text) if len(text[s:e].split()) >= 3]
    if not ranges:
        return None, None
    start, end = max(ranges, key=lambda r: r[1] - r[0])
    quote = text[start:end].strip('"“”‘’ ').rstrip(",;:")
    for part in (text[end:], text[:start]):
        who = speaker(part)
        if who:
            return quote, who
    return quote, None


def speaker(clause: str) -> str | None:
    """Who a clause around a quotation names as its speaker ("a US official said" -> "a US official")."""
    for pattern in (_BEFORE_VERB, _AFTER_VERB, _ACCORDING):
        for match in pattern.finditer(clause):
            tokens = match.group("who").split()
            if pattern is _BEFORE_VERB:
                tokens = tokens[-5:]
                while tokens and tokens[0].lower() in _NOT_SPEAKER_START:
                    tokens = tokens[1:]
            who = " ".join(tokens).strip(" ,.")
            if not who or tokens[0].lower() in _NOT_SPEAKER_START or who.lower() in _PRONOUNS:
                continue
            return who
    return None


def reports_speech(text: str) -> bool:
    """True when a sentence attributes what it says ("..., officials said", "according to the ministry"): a claim."""
    return bool(_REPORTED.search(text))


def same_quote(a: str | None, b: str | None) -> bool:
    """True when two quotations share most of their words (the same words quoted by two outlets)."""
    if not a or not b:
        return True
    wa, wb = set(words(a)), set(words(b))
    return len(wa & wb) / max(1, min(len(wa), len(wb))) >= 0.6


def differences(fact: Fact) -> list[str]:
    """Where the outlets in one fact disagree: a number with the same unit, an explicit date, a speaker."""
    notes: list[str] = []
    units_seen: dict[str, set[str]] = {}
    for claim in fact.claims:
        for unit, number in claim.numbers.items():
            units_seen.setdefault(unit, set()).add(number)
    for unit, numbers in sorted(units_seen.items()):
        if len(numbers) > 1 and sum(1 for c in fact.claims if unit in c.numbers) > 1:
            notes.append(f"number: {' vs '.join(sorted(numbers))} {unit}")
    days = [_days(c.dates) for c in fact.claims]
    single = {key: shown for d in days if len(d) == 1 for key, shown in d.items()}
    if len(single) > 1:
        notes.append(f"date: {' vs '.join(sorted(single.values()))}")
    speakers = sorted({c.speaker for c in fact.claims if c.quote and c.speaker})
    if any(not same_speaker(a, b) for i, a in enumerate(speakers) for b in speakers[i + 1 :]):
        notes.append(f"speaker: {' vs '.join(speakers)}")
    return notes


_DAY = re.compile(r"\b(?:[0-3]?\d\s+[A-Z][a-z]+|[A-Z][a-z]+\.?\s+[0-3]?\d)\b")


def _days(dates: tuple[str, ...]) -> dict[str, str]:
    """Day-level dates a sentence names ("May 31", "30 May"), keyed by a normal form; weekdays and months are too vague."""
    found = {}
    for text in dates:
        for match in _DAY.finditer(text):
            parts = sorted(match.group().replace(".", "").split(), key=lambda p: p.isdigit())
            found.setdefault(" ".join(parts).lower(), match.group())
    return found


def same_speaker(a: str, b: str) -> bool:
    """ "Antony Blinken" is "Blinken"; "a US official" is "a US official on condition of anonymity"."""
    wa = {w for w in words(a) if w not in {"a", "an", "the"}}
    wb = {w for w in words(b) if w not in {"a", "an", "the"}}
    names_a = {w for w in a.split() if w[:1].isupper()}
    names_b = {w for w in b.split() if w[:1].isupper()}
    return wa <= wb or wb <= wa or bool(names_a & names_b - {"US", "U.S.", "UK", "The", "A"})
