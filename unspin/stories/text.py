"""Sentences, leads and words of an article, with offsets into the text the ledger indexes.

Stories compare articles by their *lead* (headline plus first paragraph): it is
where a news article says which event it is about, and it is what the labelled
data (`../shared/data/stories`, title + lead) holds, so the grouping model sees
the same kind of text in training and in use. Sentences keep their character
offsets into `Report.original`, because facts taken from one article are added
to another at sentence boundaries, and every addition must be a valid ledger
edit.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from unspin.edit.ledger import Edit, EditKind
from unspin.report import Report

WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]*[A-Za-z]|[A-Za-z]|\d[\d,.]*\d|\d")
# A sentence ends at . ! ? (optionally followed by closing quotes/brackets) before
# whitespace and an opening quote, capital or digit.
_BREAK = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])")
_ABBREVIATION = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|Sen|Rep|Gov|Gen|Col|Lt|Sgt|St|Jr|Sr|No|Vol|Inc|Corp|Co|Ltd|vs|etc|Jan|Feb|Mar|Apr|"
    r"Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|U\.S|U\.K|U\.N|D\.C|a\.m|p\.m)\.|\b[A-Z]\.)$"
)
LEAD_WORDS = 60  # about the size of the labelled leads the model was trained on
MIN_SENTENCE_WORDS = 4

STOPWORDS = frozenset(
    """a an the and or but if of to in on at by for with from as is are was were be been being has have had do
    does did that this these those it its he she they them his her their we our you your i me my not no so than
    then there here which who whom whose what when where why how all any some more most other such into over
    after before about against between during without within also just can could would should will may might
    must said says say told according up out off down very only own same too s t now new one two us""".split()
)


@dataclass(frozen=True)
class Sentence:
    """One sentence of kept article text; `start`/`end` index `Report.original`."""

    start: int
    end: int
    text: str
    paragraph: int  # index of the paragraph it belongs to (for display and insertion points)

    @property
    def words(self) -> int:
        return len(WORD.findall(self.text))


def words(text: str) -> list[str]:
    """Lower-cased word tokens (apostrophes and hyphens kept inside words)."""
    return [w.lower().replace("’", "'") for w in WORD.findall(text)]


def content_words(text: str) -> list[str]:
    """Words that can tell one event from another: no stop words, no single letters."""
    return [w for w in words(text) if len(w) > 1 and w not in STOPWORDS]


def kept_ranges(original: str, edits: Iterable[Edit]) -> list[tuple[int, int]]:
    """Character ranges of `original` that survive boilerplate removal, in order."""
    ranges: list[tuple[int, int]] = []
    cursor = 0
    for edit in sorted((e for e in edits if e.kind is EditKind.BOILERPLATE), key=lambda e: e.start):
        if edit.start > cursor:
            ranges.append((cursor, edit.start))
        cursor = max(cursor, edit.end)
    if cursor < len(original):
        ranges.append((cursor, len(original)))
    return ranges


def split_sentences(text: str, offset: int = 0, paragraph: int = 0) -> list[Sentence]:
    """Sentences of one paragraph, with offsets shifted by `offset`."""
    starts = [0]
    for match in _BREAK.finditer(text):
        if _ABBREVIATION.search(text, 0, match.start()):
            continue
        starts.append(match.end())
    found = []
    for index, begin in enumerate(starts):
        stop = starts[index + 1] if index + 1 < len(starts) else len(text)
        chunk = text[begin:stop]
        stripped = chunk.rstrip()
        lead = len(chunk) - len(chunk.lstrip())
        if stripped.strip():
            found.append(Sentence(offset + begin + lead, offset + begin + len(stripped), stripped.strip(), paragraph))
    return found


def paragraphs(report: Report) -> list[tuple[int, int]]:
    """Non-blank lines of kept text as (start, end) ranges of `report.original`."""
    return list(_each_paragraph(report))


def _each_paragraph(report: Report) -> Iterator[tuple[int, int]]:
    for start, end in kept_ranges(report.original, report.edits):
        for match in re.finditer(r"[^\r\n]+", report.original[start:end]):
            if match.group().strip():
                begin = start + match.start() + (len(match.group()) - len(match.group().lstrip()))
                yield begin, start + match.start() + len(match.group().rstrip())


def sentences(report: Report) -> list[Sentence]:
    """Every sentence of the kept text, the headline paragraph included."""
    return list(_each_sentence(report))


def _each_sentence(report: Report) -> Iterator[Sentence]:
    for number, (start, end) in enumerate(_each_paragraph(report)):
        yield from split_sentences(report.original[start:end], start, number)


def body_sentences(report: Report) -> list[Sentence]:
    """Sentences of the article body: the headline and fragments too short to state a fact are left out."""
    return list(each_body_sentence(report))


def each_body_sentence(report: Report) -> Iterator[Sentence]:
    """`body_sentences` one at a time, for a caller that needs only the first few (of a 2 MB text)."""
    title = _norm(report.title or "")
    for sentence in _each_sentence(report):
        if sentence.words >= MIN_SENTENCE_WORDS and not (title and _norm(sentence.text) == title):
            yield sentence


def opening_body(report: Report, limit: int) -> list[Sentence]:
    """The body's sentences up to about `limit` words: all of a news article, the start of a 2 MB text."""
    return _opening(each_body_sentence(report), limit)


def _opening(sentences: Iterable[Sentence], limit: int) -> list[Sentence]:
    """The first sentences, up to the one that reaches `limit` words."""
    found, count = [], 0
    for sentence in sentences:
        found.append(sentence)
        count += sentence.words
        if count >= limit:
            break
    return found


def lead_text(report: Report, limit: int = LEAD_WORDS, body: list[Sentence] | None = None) -> str:
    """Headline and the opening sentences, up to about `limit` words (`body`: the report's `body_sentences`,
    when the caller has them already: splitting a 2 MB text takes a while)."""
    opening = _opening(each_body_sentence(report) if body is None else body, limit)
    return " ".join(([report.title] if report.title else []) + [sentence.text for sentence in opening])


def headline(report: Report, body: list[Sentence] | None = None) -> str:
    """The title, or the first sentence when the article has none (scraped dumps often lack one)."""
    if report.title:
        return report.title
    first = next(each_body_sentence(report), None) if body is None else (body[0] if body else None)
    return first.text if first else ""


def shown_headline(report: Report) -> str:
    """The headline lists show: the neutral title, or the first sentence as the report's text has it."""
    if report.neutral_title:
        return report.neutral_title
    first = next(each_body_sentence(report), None)
    return report.shown(first.start, first.end) if first else ""


def _norm(text: str) -> str:
    return " ".join(words(text))
