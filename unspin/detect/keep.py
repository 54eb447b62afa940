"""Modifiers the tags show a cut would break or widen: the rules mark them to be flagged, not cut.

A prenominal adjective is removable in general, but not where the phrase around it needs it:
before a name, "the corrupt Benedict IX" would read "the [...] Benedict IX"; a label that says
which people are meant ("the neo-Catholic commentariat", "far-right parties") would widen the
claim to all of them; a sentence adverb with its own "for" phrase ("Unfortunately for Trump,
...") would leave the phrase hanging. And "as Greenwald claims" is no place for "says": the
"as" clause would then endorse what the speaker said. Each rule is a named silencing rule
(unspin/detect/silencing.py), measured by training/silencing.py.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from unspin.detect import silencing
from unspin.detect.tagging import Tok

DETERMINERS = frozenset({"the", "a", "an"})
_GRADERS = frozenset({"so", "too", "most", "more", "less", "least"})
# Tags that may stand between a determiner and the modifier it introduces ("the corrupt and tyrannical").
_PRENOMINAL_RUN = frozenset({"JJ", "JJR", "JJS", "RB", "RBR", "RBS", "CC", ",", "HYPH", "VBN", "VBG"})
_SUBJECT_TAGS = frozenset({"NNP", "NNPS", "NN", "NNS", "PRP", "DT", "POS"})

BEFORE_A_NAME = "a name follows it, so the cut would leave '{det} [...] {name}' or widen who is meant."
LABEL = "it is a label that says which ones are meant; without it the sentence would speak of all of them."
COMPLEMENT = "its '{word} ...' phrase would be left without it."


@cache
def label_affixes() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(prefixes, suffixes) of the label words, from unspin/data/lexicons/label_affixes.txt."""
    text = resources.files("unspin.data.lexicons").joinpath("label_affixes.txt").read_text("utf-8")
    rows = [line.strip().lower() for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return tuple(r for r in rows if r.endswith("-")), tuple(r for r in rows if r.startswith("-"))


def is_label(word: str) -> bool:
    """Does the word classify rather than judge? A stem named after a person, faith or people inside
    it ("neo-Catholic", "anti-Trump", "pro-Russian") or a political label affix ("far-right",
    "anti-nationalist", "left-wing")."""
    if any(ch.isupper() for ch in word[1:]):
        return True
    prefixes, suffixes = label_affixes()
    lowered = word.lower()
    return "-" in lowered and (lowered.startswith(prefixes) or lowered.endswith(suffixes))


def prenominal(word: str, window: list[Tok], first: int, noun: tuple[int, int] | None) -> str:
    """Why the adjective `word`, whose phrase starts at window[first], must stay before its noun
    ('' when it may be cut)."""
    if silencing.on("label_modifier") and is_label(word):
        return LABEL
    if noun is not None and silencing.on("before_a_name"):
        return _before_a_name(window, first, noun)
    return ""


def _before_a_name(window: list[Tok], first: int, noun: tuple[int, int]) -> str:
    """A determiner, the modifiers, then a capitalised noun compound (a name, or a people's name):
    "the corrupt Benedict IX", "a faithful Catholic", "the radical Democrats"."""
    k = first - 1
    while k >= 0 and window[k].tag in _PRENOMINAL_RUN:
        k -= 1
    if k < 0 or window[k].lower not in DETERMINERS:
        return ""
    compound = window[noun[0] : noun[1] + 1]
    if not all(tok.text[:1].isupper() for tok in compound):
        return ""
    return BEFORE_A_NAME.format(det=window[k].text, name=" ".join(tok.text for tok in compound))


def adverb_with_complement(window: list[Tok], a: int, b: int) -> str:
    """Why a clause-opening adverb must stay: its own "for" phrase follows ("Unfortunately for
    Trump, however, ..." would leave "[...] for Trump")."""
    if not silencing.on("adverb_complement") or b + 1 >= len(window) or window[b + 1].lower != "for":
        return ""
    opens = a == 0 or window[a - 1].tag in {",", ":", "CC", "``", "''", "-LRB-"}
    return COMPLEMENT.format(word=window[b + 1].text) if opens else ""


def as_clause(window: list[Tok], a: int) -> bool:
    """Is the verb at a the end of an "as" clause ("as Greenwald claims", "as the senator claimed")?
    There "says" would endorse the words the verb doubts."""
    if not silencing.on("as_clause"):
        return False
    k = a - 1
    while k >= 0 and a - k <= 4 and window[k].tag in _SUBJECT_TAGS:
        k -= 1
    return k < a - 1 and k >= 0 and window[k].lower == "as"


@cache
def degree_words() -> frozenset[str]:
    """Plain degree words ("very", "pretty", ...; unspin/data/lexicons/degree_words.txt)."""
    text = resources.files("unspin.data.lexicons").joinpath("degree_words.txt").read_text("utf-8")
    return frozenset(line.strip().lower() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def degree_start(window: list[Tok], a: int) -> int:
    """Where a cut adverb starts once the degree words grading it go with it: "laid out pretty
    clearly" cuts "pretty clearly", never leaving "pretty [...]" to grade nothing."""
    k = a
    while k > 0 and window[k - 1].tag in {"RB", "RBR", "RBS", "JJ"} and window[k - 1].lower in degree_words() | _GRADERS:
        k -= 1
    return k


def misread_noun(window: list[Tok], a: int, b: int) -> bool:
    """Is the "verb" at a..b a noun inside a compound the tagger misread? A plural-agreeing present
    form right after a singular noun and right before another noun ("the Navy torpedo boats") has
    no subject it could agree with."""
    if window[b].tag not in {"VB", "VBP"} or a == 0 or b + 1 >= len(window):
        return False
    return window[a - 1].tag in {"NN", "NNP"} and window[b + 1].tag in {"NN", "NNS", "NNP", "NNPS"}
