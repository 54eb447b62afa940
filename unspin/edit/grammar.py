"""Keep "a" and "an" in agreement with the word a reader sees after an edit.

Cutting a modifier can leave the article before it disagreeing with the next word:
"an untenable situation" becomes "an [...] situation". `agree_articles` adds, for each
such article, a separate `modify` edit of just that word ("an" -> "a"), so the ledger
says what changed and why, and the cut itself stays exactly what the policy planned.

The choice follows the sound, not the letter: "an hour", "a university", "a one-off",
"an FBI agent", "a US official". The exceptions are data, in
`unspin/data/lexicons/article_sounds.tsv` (see PROVENANCE.md there); the rules for
initialisms and for a leading "u" are below. When the next word cannot be read as a
word (a number, a quote mark, the end of the text) the article is left alone.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Sequence
from functools import cache
from importlib import resources

from unspin.edit.ledger import Edit, EditKind, sort_edits
from unspin.edit.protect import Range, RangeSet

BY = "rule:article-agreement"
CATEGORY = "grammar"

# Letters whose names start with a vowel sound: "an F", "an MP", "an NHS trust", "an X-ray".
_VOWEL_NAMED_LETTERS = frozenset("aefhilmnorsx")
# Onsets and codas English words have; an initialism outside them is read letter by letter.
_ONSETS = frozenset(
    "bl br ch cl cr dr fl fr gl gr kl kn kr ph pl pr sc sh sk sl sm sn sp st sw th tr tw wh wr "
    "sch scr shr spl spr str thr".split()
)
_CODAS = frozenset(
    "ck ct ft ld lf lk lm lp lt mp nd ng nk nt pt rb rd rk rl rm rn rp rs rt sk sp st "
    "ch sh th ts ps ks ns ms ls ds gs bs ws".split()
)
# "u" then one consonant then a vowel is read "you": a usual, a utility, a Ugandan, a Uber.
_YOU = re.compile(r"u[bfgkrstv][aeiouy]")
# The word after an edit: letters and digits, inner hyphens, dots and apostrophes ("F.B.I", "one-off").
_WORD = re.compile(r"[^\W\d_](?:[\w'\u2019]|[-.](?=\w))*")
_ARTICLE_BEFORE = re.compile(r"(?<![\w\-'\u2019.&/@])(an|a)(\s+)$", re.IGNORECASE)
_CUT_SKIP = "\x00"  # stands for a cut mark while reading the output after an edit
_GAP = 40  # how far back from an edit to look for its article (the whitespace between)
_LOOKAHEAD = 80  # how much output after a cut to read for the next word


@cache
def _sounds() -> tuple[dict[str, str], dict[str, str]]:
    """(lower-case prefix -> article, capitalised acronym -> article) from article_sounds.tsv."""
    text = resources.files("unspin.data.lexicons").joinpath("article_sounds.tsv").read_text(encoding="utf-8")
    prefixes: dict[str, str] = {}
    acronyms: dict[str, str] = {}
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    header = lines[0].split("\t")
    for number, line in enumerate(lines[1:], start=2):
        row = dict(zip(header, line.split("\t")))
        form, article, match = row.get("form", ""), row.get("article", ""), row.get("match", "")
        if article not in ("a", "an") or not form or match not in ("prefix", "acronym"):
            raise ValueError(f"article_sounds.tsv row {number}: expected form, a|an, prefix|acronym: {line!r}")
        (prefixes if match == "prefix" else acronyms)[form.lower() if match == "prefix" else form] = article
    return prefixes, acronyms


def article_for(word: str) -> str | None:
    """ "a" or "an" for the word that follows the article, or None if it is not a word we can read."""
    if not word or not word[0].isalpha():
        return None
    first = _fold(word[0])
    second = word[1] if len(word) > 1 else ""
    if second in ("", "-", ".") or second.isdigit():
        return _letter(first)  # a letter read by its name: "U-turn", "X-ray", "F-16", "F.B.I.", "B52"
    prefixes, acronyms = _sounds()
    head = re.split(r"[-'\u2019]", word, maxsplit=1)[0]
    if len(head) > 2 and head.endswith("s") and head[:-1].isupper():
        head = head[:-1]  # "MPs", "NGOs"
    if len(head) >= 2 and head.isupper():
        if head in acronyms:
            return acronyms[head]
        if not _read_as_word(head):
            return _letter(first)
    lowered = "".join(_fold(ch) for ch in word.lower())
    for end in range(len(lowered), 0, -1):
        if lowered[:end] in prefixes:
            return prefixes[lowered[:end]]
    if _YOU.match(lowered):
        return "a"
    return "an" if lowered[0] in "aeiou" else "a"


def _letter(letter: str) -> str:
    return "an" if letter.lower() in _VOWEL_NAMED_LETTERS else "a"


def _fold(ch: str) -> str:
    return unicodedata.normalize("NFD", ch)[0]


def _read_as_word(initialism: str) -> bool:
    """Whether a capitalised initialism is said as a word (NATO, NASA, SCOTUS) rather than letter
    by letter (FBI, NHS, NYPD): four letters or more that English could spell as one word."""
    word = initialism.lower()
    if len(word) < 4 or not word.isalpha():
        return False
    groups = re.findall(r"[aeiou]+|[^aeiou]+", word[0] + word[1:].replace("y", "i"))
    vowels = [g for g in groups if g[0] in "aeiou"]
    if not vowels:
        return False
    onset = groups[0] if groups[0][0] not in "aeiou" else ""
    coda = groups[-1] if groups[-1][0] not in "aeiou" else ""
    inner = [g for g in groups[1:-1] if g[0] not in "aeiou"]
    return (len(onset) < 2 or onset in _ONSETS) and (len(coda) < 2 or coda in _CODAS) and all(len(g) <= 2 for g in inner)


def agree_articles(text: str, edits: list[Edit], skip: Sequence[Range] = ()) -> list[Edit]:
    """`edits` plus, in text order, an edit for each "a"/"an" that a cut or a modification leaves
    disagreeing with the next word the reader sees.

    Only whitespace (at most one line break) may separate the article from the edit. Edits of
    other kinds pass through. An article already inside an edit, or inside `skip` (text another
    stage removes), is left alone. A modification that took its article along ("a crony" -> "an
    associate", as the detector's rules write it) gets no second edit; only its article is set
    by sound where the letter chose wrong ("an university" -> "a university").
    """
    ordered = sort_edits(edits)
    taken = RangeSet([*((e.start, e.end) for e in ordered), *skip])
    starts = [e.start for e in ordered]
    result: list[Edit] = []
    for index, edit in enumerate(ordered):
        if edit.kind is EditKind.MODIFY and edit.category != CATEGORY:
            edit = _fix_folded_article(edit)
        result.append(edit)
        if edit.kind not in (EditKind.CUT, EditKind.MODIFY) or edit.category == CATEGORY:
            continue
        found = _ARTICLE_BEFORE.search(text, max(0, edit.start - _GAP), edit.start)
        if found is None or found.group(2).count("\n") > 1:
            continue
        article, start, end = found.group(1), found.start(1), found.end(1)
        if taken.overlaps(start, end) or not _is_article(text, start, article, edit):
            continue
        if bisect_left(starts, end) != index:
            continue  # another edit (an add, a cut space) between the article and this one
        word = _next_word(text, edit, ordered, starts)
        wanted = article_for(word) if word else None
        if word is None or wanted is None or wanted == article.lower():
            continue
        after = "the cut" if edit.kind is EditKind.CUT else "the new word"
        result.append(
            Edit(
                kind=EditKind.MODIFY,
                start=start,
                end=end,
                original=article,
                replacement=_with_case(wanted, article, word, edit.original),
                category=CATEGORY,
                reason=f"'{article.lower()}' changed to '{wanted}' so the article agrees with the word after {after}.",
                confidence=edit.confidence,
                by=BY,
            )
        )
    return sort_edits(result)


def _is_article(text: str, start: int, article: str, edit: Edit) -> bool:
    """A capital single "A" in mid-sentence is likely a letter ("Plan A", "Type A"), not an article,
    unless the line is in title case."""
    if article != "A":
        return True
    before = text[max(0, start - 200) : start].rstrip(" \t\u201c\"'\u2018([")
    return not before or before[-1] in ".!?\n:" or edit.original[:1].isupper()


def _next_word(text: str, edit: Edit, ordered: list[Edit], starts: list[int]) -> str | None:
    """The first word of the output after the article: a modification's own replacement, or after a
    cut what follows it, through any further cuts (a reader skips "[...]"); None if no word comes
    next in the same paragraph."""
    if edit.kind is EditKind.MODIFY:
        found = _WORD.match(edit.replacement)
        return found.group() if found else None
    pieces: list[str] = []
    size, cursor, index = 0, edit.end, bisect_left(starts, edit.end)
    while size < _LOOKAHEAD:
        nxt = ordered[index] if index < len(ordered) else None
        piece = text[cursor : cursor + _LOOKAHEAD - size if nxt is None else min(nxt.start, cursor + _LOOKAHEAD - size)]
        pieces.append(piece)
        size += len(piece)
        if nxt is None or cursor + len(piece) < nxt.start:
            break  # read far enough before the next edit, or there is none
        pieces.append(_CUT_SKIP if nxt.kind is EditKind.CUT else nxt.replacement)
        size += len(pieces[-1]) or 1
        cursor, index = nxt.end, index + 1
    following = "".join(pieces)
    gap = re.match(rf"[\s{_CUT_SKIP}]*", following)
    if gap is None or gap.group().count("\n") > 1:
        return None  # the next word is in another paragraph
    found = _WORD.match(following, gap.end())
    return found.group() if found else None


def _with_case(wanted: str, article: str, word: str, cut: str) -> str:
    if article.isupper() and (len(article) > 1 or (word.isupper() and len(word) > 1 and cut.isupper())):
        return wanted.upper()  # "AN UNTENABLE SITUATION" -> "A [...] SITUATION"
    if article[0].isupper():
        return wanted.capitalize()
    return wanted


def _fix_folded_article(edit: Edit) -> Edit:
    """A modification that took its article along with a letter-based choice: fix the article by
    sound. Anything else is returned unchanged."""
    original = re.match(r"(an|a)\s+", edit.original, re.IGNORECASE)
    replaced = re.match(r"(an|a)(\s+)", edit.replacement, re.IGNORECASE)
    if original is None or replaced is None:
        return edit
    word = _WORD.match(edit.replacement, replaced.end())
    wanted = article_for(word.group()) if word else None
    article = replaced.group(1)
    if wanted is None or wanted == article.lower():
        return edit
    fixed = _with_case(wanted, article, word.group() if word else "", "") + edit.replacement[replaced.end(1) :]
    return edit.model_copy(update={"replacement": fixed})
