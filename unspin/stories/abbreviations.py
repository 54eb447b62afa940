"""Short forms and the long forms they stand for: "OLC" is "Office of Legal Counsel", "U.S." is "United States".

Two outlets name one body differently — one writes "the Office of Legal Counsel", the other "OLC" — and an
addition whose only new element is the other spelling tells the reader nothing. The match is the one of
Schwartz & Hearst (2003, "A simple algorithm for identifying abbreviation definitions in biomedical text",
Pacific Symposium on Biocomputing 8: 451-462): read from the end, every letter or digit of the short form is
found in the long form in order, and the first one starts a word of it. Their paper pairs a short form with
the words just before its brackets ("Office of Legal Counsel (OLC)", `defined`); here the same test also
says whether a short form one article writes is a long form another writes (`abbreviates`). No package
does only this: scispacy's AbbreviationDetector is this algorithm inside a biomedical pipeline.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# A short form: two or more capitals with dots ("U.S.", "D.C."), or a word of 2-8 letters with two or more
# capitals and no lower-case start ("OLC", "HHS", "DoD", "NYPD").
_DOTTED = re.compile(r"(?<![\w.])(?:[A-Z]\.){2,}(?![\w])")
_SHORT = re.compile(r"(?<![\w.'’\-])(?=[A-Z])(?=(?:[a-z&]*[A-Z]){2})[A-Za-z&]{2,8}s?(?![\w'’\-])")
# A long form: capitalised words, joined by the small words names use ("Department of Health and Human Services").
_LONG = re.compile(r"[A-Z][\w'’.\-]*(?:\s+(?:(?:of|and|for|on|the|de|&)\s+)*[A-Z][\w'’.\-]*)+")
_BRACKETED = re.compile(r"\(\s*([^()]{1,12}?)\s*\)")
_SMALL = frozenset({"of", "and", "for", "on", "the", "de", "&"})


def short(text: str) -> str | None:
    """`text` as a short form without dots ("U.S." -> "US", "OLC" -> "OLC"), or None when it is none."""
    text = text.strip()
    if _DOTTED.fullmatch(text):
        return text.replace(".", "")
    if _SHORT.fullmatch(text):
        form = text[:-1] if text.endswith("s") and text[:-1].isupper() else text
        capitals = sum(c.isupper() for c in form)
        return form if 2 * capitals >= len(form) else None  # "DoD", not "McCain"
    return None


def short_forms(text: str) -> set[str]:
    """Every short form written in `text`, without dots."""
    found = {m.group().replace(".", "") for m in _DOTTED.finditer(text)}
    return found | {s for s in (short(m.group()) for m in _SHORT.finditer(text)) if s}


def long_forms(text: str) -> list[str]:
    """Runs of capitalised words in `text` that a short form could stand for ("The" opening one dropped)."""
    found = []
    for match in _LONG.finditer(text):
        words = match.group().split()
        while words and words[0].lower() in _SMALL:
            words = words[1:]
        if len(words) >= 2:
            found.append(" ".join(words))
    return found


def abbreviates(short_form: str, long_form: str) -> bool:
    """Whether `short_form` is a short form of `long_form` by Schwartz and Hearst's match, starting at its
    first word, and the long form is not far longer than the short one (their bound: at most
    min(|short| + 5, 2 |short|) words)."""
    letters = [c.lower() for c in short_form if c.isalnum()]
    words = long_form.split()
    words = words[1:] if words and words[0].lower() == "the" else words
    if len(letters) < 2 or len(words) < 2 or len(words) > min(len(letters) + 5, 2 * len(letters)):
        return False
    if not letters[0].isalpha() or words[0].lower() in _SMALL or words[0][:1].lower() != letters[0]:
        return False  # it starts at its first word, a name's word ("of Legal Counsel" is no long form)
    long_text = " ".join(words).lower()
    at = len(long_text) - 1
    for index in range(len(letters) - 1, -1, -1):
        letter = letters[index]
        while at >= 0 and (long_text[at] != letter or (index == 0 and at > 0 and long_text[at - 1].isalnum())):
            at -= 1
        if at < 0:
            return False
        at -= 1
    return True


def defined(text: str) -> dict[str, str]:
    """The short forms `text` defines in brackets after their long form: {"OLC": "Office of Legal Counsel"}."""
    found = {}
    for match in _BRACKETED.finditer(text):
        form = short(match.group(1))
        if form is None:
            continue
        before = text[: match.start()].split()
        for size in range(2, min(len(before), min(len(form) + 5, 2 * len(form))) + 1):
            candidate = " ".join(before[-size:])
            if abbreviates(form, candidate):
                found[form] = candidate
                break
    return found


def stands_for(form: str, names: Iterable[str]) -> bool:
    """Whether the short form `form` abbreviates one of `names` (long forms)."""
    return any(abbreviates(form, name) for name in names)
