"""Word forms: the surface forms a lexicon lemma can take, and inflected replacements.

Lexicons list lemmas ("slam", "regime"); the candidate scan needs every form
that can appear in text ("slammed", "slams", "regimes"), and a HEAD replacement
must match the form it replaces ("slammed" -> "criticized", "claims" -> "says").
Irregular forms come from `irregular_forms.tsv`; everything else follows the
regular English rules below.
"""

from __future__ import annotations

from dataclasses import dataclass

VOWELS = frozenset("aeiou")


@dataclass(frozen=True)
class Forms:
    """The inflected forms of one lemma (verb forms, and a plural for nouns)."""

    base: str
    third: str  # VBZ: says
    past: str  # VBD: said
    participle: str  # VBN: said
    gerund: str  # VBG: saying
    plural: str  # NNS: regimes

    def for_tag(self, tag: str) -> str:
        """The form that fits a Penn Treebank tag (base form when the tag is unknown)."""
        return {
            "VBZ": self.third,
            "VBD": self.past,
            "VBN": self.participle,
            "VBG": self.gerund,
            "NNS": self.plural,
            "NNPS": self.plural,
        }.get(tag, self.base)


def _ends_cvc(word: str) -> bool:
    """Consonant-vowel-consonant ending, the shape whose final consonant doubles (slam -> slammed)."""
    if len(word) < 3:
        return False
    a, b, c = word[-3], word[-2], word[-1]
    return a not in VOWELS and b in VOWELS and c not in VOWELS and c not in "wxy"


def _third(word: str) -> str:
    if word.endswith(("s", "x", "z", "ch", "sh", "o")):
        return word + "es"
    if word.endswith("y") and len(word) > 1 and word[-2] not in VOWELS:
        return word[:-1] + "ies"
    return word + "s"


def _suffixed(word: str, suffix: str, double: bool) -> str:
    """Add -ed or -ing with the e-drop, y->i and consonant-doubling rules."""
    if suffix == "ed":
        if word.endswith("e"):
            return word + "d"
        if word.endswith("y") and len(word) > 1 and word[-2] not in VOWELS:
            return word[:-1] + "ied"
    else:  # ing
        if word.endswith("ie"):
            return word[:-2] + "ying"
        if word.endswith("e") and not word.endswith(("ee", "ye", "oe")):
            return word[:-1] + "ing"
    if double and _ends_cvc(word):
        return word + word[-1] + suffix
    return word + suffix


def regular_forms(lemma: str, *, double: bool | None = None) -> Forms:
    """Regular inflection. `double` forces or forbids final-consonant doubling;
    by default only one-syllable CVC words double (slam -> slammed, but visit -> visited)."""
    if double is None:
        double = _ends_cvc(lemma) and sum(ch in VOWELS for ch in lemma) == 1
    return Forms(
        base=lemma,
        third=_third(lemma),
        past=_suffixed(lemma, "ed", double),
        participle=_suffixed(lemma, "ed", double),
        gerund=_suffixed(lemma, "ing", double),
        plural=_third(lemma),
    )


class Inflector:
    """Regular rules plus a table of irregular lemmas."""

    def __init__(self, irregular: dict[str, Forms] | None = None) -> None:
        self.irregular = dict(irregular or {})

    def forms(self, lemma: str) -> Forms:
        return self.irregular.get(lemma) or regular_forms(lemma)

    def inflect(self, lemma: str, tag: str) -> str:
        return self.forms(lemma).for_tag(tag)

    def surface_forms(self, lemma: str, pos: str) -> set[str]:
        """Every form a scan should recognise. Over-generates on purpose (both doubled
        and undoubled -ed/-ing): a form that never occurs in English costs nothing."""
        if lemma in self.irregular:
            f = self.irregular[lemma]
            found = {f.base, f.plural} if pos == "noun" else {f.base, f.third, f.past, f.participle, f.gerund}
            return {form for form in found if form}
        if pos == "noun":
            return {lemma, _third(lemma)}
        if pos == "verb":
            found: set[str] = set()
            for double in (False, True):
                f = regular_forms(lemma, double=double)
                found |= {f.base, f.third, f.past, f.participle, f.gerund}
            return found
        return {lemma}


def match_case(replacement: str, original: str) -> str:
    """Give the replacement the capitalisation of the word it replaces."""
    if original.isupper() and len(original) > 1:
        return replacement.upper()
    if original[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement
