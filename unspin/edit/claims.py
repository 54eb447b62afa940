"""Cuts that would change what someone claimed, so the editor flags or leaves the words instead.

Cutting an adjective is safe when it only colours the outlet's own narration. It is
not safe when the words belong to a claim: a speaker's reported claim ("Zelenskyy
insisted that the restrictions put forces in an untenable situation"), a hedge that
weakens the claim ("arguably the best phone" would become "the best phone"), or a
modifier under a negation ("no credible evidence" would become "no evidence").
Each check reads only the sentence around the span, with word lists from
unspin/data/lexicons/ (hedges.txt, reporting_verbs.txt; PROVENANCE.md).
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_SENTENCE_END = re.compile(r"[.!?](?=[\s\"'”’)\]]|$)|\n")
# Irregular forms of the reporting verbs (regular ones are built by _forms).
_IRREGULAR = {"say": ("said",), "tell": ("told",), "think": ("thought",), "hold": ("held",), "find": ("found",)}
NEGATORS = frozenset({"no", "not", "never", "without", "nor", "n't", "lack", "lacks", "lacked", "zero", "little"})
_STOP_NEGATION = frozenset({"and", "but", "or", "that", "which", "who", ",", ";"})


@cache
def _words_of(name: str) -> frozenset[str]:
    text = resources.files("unspin.data.lexicons").joinpath(name).read_text("utf-8")
    return frozenset(line.strip().lower() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def hedges() -> frozenset[str]:
    return _words_of("hedges.txt")


@cache
def reporting_forms(clause_only: bool = False) -> frozenset[str]:
    """Inflected forms of the reporting verbs (says, said, saying, insisted, ...); `clause_only`:
    only the verbs that report a clause without 'that' (marked '*' in the file)."""
    lemmas = [w.rstrip("*") for w in _words_of("reporting_verbs.txt") if w.endswith("*") or not clause_only]
    return frozenset(form for lemma in lemmas for form in _forms(lemma))


def _forms(lemma: str) -> tuple[str, ...]:
    stem = lemma[:-1] if lemma.endswith("e") else lemma
    third = lemma + ("es" if lemma.endswith(("s", "sh", "ch", "x", "z", "o")) else "s")
    if lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
        third, past = lemma[:-1] + "ies", lemma[:-1] + "ied"
    else:
        past = stem + "ed"
    return (lemma, third, past, stem + "ing", *_IRREGULAR.get(lemma, ()))


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence (or line) holding text[start:end]: from after the last end mark to the next."""
    left = max((m.end() for m in _SENTENCE_END.finditer(text, max(0, start - 600), start)), default=max(0, start - 600))
    match = _SENTENCE_END.search(text, end)
    return left, match.end() if match else len(text)


def is_hedge(words: str) -> bool:
    """Does the span hold a hedge, whose cut would strengthen the claim?"""
    return any(word.lower() in hedges() for word in _WORD.findall(words))


def after_hedge(text: str, start: int) -> bool:
    """Does a hedge qualify the span from just before it ("almost totally servile")? Cutting the
    span would leave the hedge qualifying something else."""
    before = re.findall(r"[A-Za-z]+", text[max(0, start - 30) : start])
    return bool(before) and before[-1].lower() in hedges() and text[start - 1 : start].isspace()


def under_negation(text: str, start: int, sentence_start: int) -> bool:
    """Is the span inside a negated noun phrase ("no credible evidence", "not a serious threat")?
    Looks back at most three words, stopping at a conjunction or a clause boundary."""
    before = re.findall(r"n't|[A-Za-z]+|[,;]", text[sentence_start:start])[-3:]
    for token in reversed(before):
        lowered = token.lower()
        if lowered in NEGATORS:
            return True
        if lowered in _STOP_NEGATION:
            return False
    return False


def reported_claim(text: str, start: int, end: int) -> bool:
    """Is the span part of a claim the sentence reports, not the outlet's own narration?

    Yes when a reporting verb before it introduces a clause ("insisted that ...", "said the ...",
    "according to ..."). A sentence that only ends with its attribution (", officials said.") is not
    enough: news puts that on the reporter's own paraphrase, whose adjectives are the outlet's."""
    left, _ = sentence_around(text, start, end)
    before = [w.lower() for w in _WORD.findall(text[left:start])]
    forms, clause_forms = reporting_forms(), reporting_forms(clause_only=True)
    for i, word in enumerate(before):
        if word in clause_forms or (word in forms and "that" in before[i + 1 : i + 5]):
            return True
    return False


@cache
def negative_verb_forms() -> frozenset[str]:
    """Inflected forms of the negative verbs (fail, fails, failed, failing, ...)."""
    return frozenset(form for lemma in _words_of("negative_verbs.txt") for form in _forms(lemma))


def after_negative_verb(text: str, start: int, sentence_start: int) -> bool:
    """Is the span inside the complement of a verb that negates it ("failing to aggressively weed
    out", "refused to fully disclose")? Looks back at most five words for the verb and its "to",
    stopping at a conjunction or a clause boundary."""
    before = [t.lower() for t in re.findall(r"n't|[A-Za-z]+|[,;]", text[sentence_start:start])[-6:]]
    for i in range(len(before) - 1, -1, -1):
        if before[i] in negative_verb_forms() and before[i + 1 : i + 2] == ["to"]:
            return True
        if before[i] in _STOP_NEGATION:
            return False
    return False


def is_distancing(words: str) -> bool:
    """Is the span only words that mark a label as someone's claim ("self-proclaimed", "so-called")?
    Cut, the label would stand as the writer's own ("its [...] victims")."""
    found = [w.lower() for w in _WORD.findall(words)]
    marks = _words_of("distancing.txt")
    return any(w in marks for w in found) and all(w in marks or w in degree_words() for w in found)


def frame_nouns() -> frozenset[str]:
    return _words_of("frame_nouns.txt")


def degree_words() -> frozenset[str]:
    return _words_of("degree_words.txt")


_GRADERS = frozenset({"most", "least", "more", "less"})
_SUPERLATIVE_SCOPE = re.compile(
    r"\b(ever|yet|in (?:decades|years|a decade|a generation|history|memory|living memory)|of all time|on record|to date"
    r"|in (?:my|our|his|her|their|a) lifetime|(?:i|we|you|he|she|they) (?:have|has|had) \w+)\b"
)
_INFLECTED_COMPARATIVE = re.compile(r"[a-z]{3,}er|worse|better")
_INFLECTED_SUPERLATIVE = re.compile(r"[a-z]{3,}est|worst|best")
_SUPERLATIVES = frozenset({"most", "least", "best", "worst"})
_COMPARISON = "it is a comparison whose terms follow; the cut would leave it comparing nothing."


def empty_frame(text: str, start: int, end: int) -> str:
    """Why cutting text[start:end] would leave a construction that needs its modifier ('' if none):
    a frame noun right after it ("of epic proportions"), or a superlative or comparative whose
    scope follows ("the most devastating attack in decades", "more grievous sins than")."""
    after = [w.lower() for w in _WORD.findall(text[end : end + 120])]
    if after and after[0] in frame_nouns():
        return f'"{after[0]}" after it needs the modifier; the cut would leave an empty frame.'
    inside = [w.lower() for w in _WORD.findall(text[start:end])]
    before = _words_before(text, start)
    graded = any(w in _GRADERS for w in inside) or (bool(before) and before[-1] in _GRADERS)
    if graded and ("than" in after[:5] or _SUPERLATIVE_SCOPE.search(" ".join(after[:8]))):
        return _COMPARISON
    # an inflected comparative or superlative ("graver sins than", "the deadliest attack in decades")
    # ("bitter ... as he had done" is no comparative: an "-er" form counts only before "than")
    if any(_INFLECTED_COMPARATIVE.fullmatch(w) for w in inside) and "than" in after[:3]:
        return _COMPARISON
    if any(_INFLECTED_SUPERLATIVE.fullmatch(w) for w in inside) and _SUPERLATIVE_SCOPE.search(" ".join(after[:6])):
        return _COMPARISON
    # a superlative that picks from a set: "one of the most flagrant lies", "of the gravest concern"
    superlative = any(w in _SUPERLATIVES or (len(w) > 4 and w.endswith("est")) for w in inside)
    if superlative and before[-2:] in (["one", "of"], ["of", "the"]):
        return _COMPARISON
    return ""


def _words_before(text: str, start: int, size: int = 24) -> list[str]:
    """The whole words in the `size` characters before `start`, lower-cased."""
    left = max(0, start - size)
    while 0 < left < start and text[left - 1].isalpha():
        left += 1  # do not count the tail of a word cut in two
    return [w.lower() for w in _WORD.findall(text[left:start])]


def is_degree_word(words: str) -> bool:
    """Is the span one plain degree word ("very"), loaded only through the word it grades?"""
    found = _WORD.findall(words)
    return len(found) == 1 and found[0].lower() in degree_words()
