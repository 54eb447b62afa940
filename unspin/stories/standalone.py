"""Whether a sentence can be read on its own, and whether it leans on the sentence before it.

A sentence taken from another outlet lands in an article whose reader never saw
the sentences around it there. "But the move falls short ...", "There, he
declared ...", "The official emphasized ..." and "A second official confirmed ..."
all point at text the reader has not seen, so they are never added. The same test
guards placement: an addition is never put in front of a sentence that opens
with such a word, or "he" would point at the wrong man.

spaCy (the pipeline unspin ships, `unspin.detect.nlp`) says what each word is —
a pronoun or a demonstrative (PronType), the main clause's subject, a
conjunction or an adverb opening the sentence, an existential "there" — and the
word lists in `unspin/data/stories/additions.toml` (provenance beside it) say
which of those refer back.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "data" / "stories" / "additions.toml"
SUBJECTS = frozenset({"nsubj", "nsubjpass"})
_IDENTIFYING = frozenset({"acl", "relcl", "appos"})  # "the man who ...", "the envoy, Jan Novak," say who it is
_DESCRIBING = frozenset({"amod", "compound", "nmod", "nummod"})  # "the central bank": a description, not a pointer
DEFINITE = frozenset({"the", "this", "that", "these", "those"})
_COORDINATORS = frozenset({"and", "but", "or", "nor", "so", "yet"})
_LEADING = re.compile(r"^[\s\"'“”‘’(\[\-–—]+")
# "SEOUL, South Korea —", "WASHINGTON (AP) --": a place in capitals, maybe its region and an agency, then a dash
_DATELINE = re.compile(r"^[A-Z][A-Z.'\- ]*[A-Z](?:,(?: [A-Z][\w.'\-]*)+)?(?: \([^)]{1,40}\))? ?(?:—|–|--?) ")


@dataclass(frozen=True)
class Rules:
    pronouns: frozenset[str]
    connectives: tuple[str, ...]  # longest first, so "in addition" is tried before "in"
    time_nouns: frozenset[str]
    anaphoric: frozenset[str]
    counting: frozenset[str]
    objects: frozenset[str]
    adverbs: frozenset[str]
    speech: frozenset[str]
    titles: frozenset[str]
    continuing: frozenset[str] = frozenset()


@cache
def rules(path: Path = DATA) -> Rules:
    """The word lists, read once."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))["standalone"]
    return Rules(
        pronouns=frozenset(data["pronouns"]),
        connectives=tuple(sorted(data["connectives"], key=len, reverse=True)),
        time_nouns=frozenset(data["time_nouns"]),
        anaphoric=frozenset(data["anaphoric_modifiers"]),
        counting=frozenset(data["counting_subjects"]),
        objects=frozenset(data["object_pronouns"]),
        adverbs=frozenset(data["anaphoric_adverbs"]),
        speech=frozenset(data["speech_verbs"]),
        titles=frozenset(data["titles"]),
        continuing=frozenset(data["continuing_verbs"]),
    )


@cache
def _nlp():
    from unspin.detect.nlp import load_nlp

    return load_nlp()


_memo: dict[str, object] = {}
MEMO_SIZE = 20_000


def parse(texts: Sequence[str]) -> None:
    """Parse many sentences in one spaCy pass (later calls on them are free)."""
    todo = sorted({t for t in texts if t not in _memo})
    if len(_memo) + len(todo) > MEMO_SIZE:
        _memo.clear()
    for text, doc in zip(todo, _nlp().pipe(todo, batch_size=64)):
        _memo[text] = doc


def parse_of(text: str):
    """The spaCy parse of `text` (from the memo when `parse` saw it)."""
    if text not in _memo:
        parse([text])
    return _memo[text]


def leans_back(text: str) -> str | None:
    """Why `text` depends on the sentence before it (None when it does not): a connective or a
    referring pronoun opening it, a pronoun as its subject or before any noun ("Without it, ..."),
    a demonstrative outside a quotation ("this very question", "until that point"), a word
    presupposing earlier text, or a quotation whose speaker is named before it."""
    return (
        _opening(text)
        or _dateline(text)
        or _inserted_connective(text)
        or _subject_pronoun(text)
        or _early_pronoun(text)
        or _demonstrative(text)
        or _presupposition(text)
        or _continues(text)
        or _unattributed_quote(text)
    )


def attribution(text: str) -> str | None:
    """ "Trump tweeted Friday.": a verb of saying with nothing said names the speaker of the quotation before."""
    from unspin.edit.protect import quotation_ranges

    if quotation_ranges(text):
        return None
    for root in (t for t in parse_of(text) if t.dep_ == "ROOT"):
        said = [
            c for c in root.children if c.dep_ in ("ccomp", "dobj", "xcomp", "attr") or c.lower_ in ("of", "about", "against")
        ]
        if root.lemma_.lower() in rules().speech and not said:
            return f"\u2018{root.text}\u2019 attributes the quotation before it"
    return None


def question(text: str) -> str | None:
    """ "What's going on?": a question outside quotations goes on from the text before it (and tells nothing)."""
    from unspin.edit.protect import quotation_ranges

    bare = text
    for start, end in reversed(quotation_ranges(text)):
        bare = bare[:start] + bare[end:]
    return "a question that goes on from the text before" if bare.rstrip().endswith("?") else None


def dangling(text: str, known: Collection[str] | None = None) -> str | None:
    """Why `text` cannot be added on its own to an article whose words are `known` (None when it can).

    Beyond `leans_back`, a definite subject ("the official", "Blinken's confirmation") must
    name something the article itself introduces (`known`, from `vocabulary`), or say who or
    what it is ("the head of the agency", "the central bank").
    """
    reason = leans_back(text) or _first_person(text) or _unbalanced(text) or _fragment(text) or _unfinished(text)
    reason = reason or _headline(text) or attribution(text)
    if reason or known is None:
        return reason
    return _unknown_definite(text, known) or _unknown_surname(text, known)


def outside_quotes(text: str):
    """Tokens of `text` not inside a direct quotation."""
    from unspin.edit.protect import quotation_ranges

    quotes = quotation_ranges(text)
    return [t for t in parse_of(text) if not any(s <= t.idx < e for s, e in quotes)]


def _early_pronoun(text: str) -> str | None:
    for token in outside_quotes(text):
        if token.pos_ in ("NOUN", "PROPN"):
            return None
        if token.pos_ == "PRON" and token.lower_ in rules().pronouns and token.tag_ != "EX" and token.dep_ != "mark":
            return f"\u2018{token.text}\u2019 comes before anything it could point at"
    return None


def _demonstrative(text: str) -> str | None:
    """ "this very question", "until that point", and a demonstrative standing alone ("questions such as these")."""
    for token in outside_quotes(text):
        if token.pos_ == "DET" and token.lower_ in ("this", "that", "these", "those") and not _time_deixis(token):
            return f"\u2018{token.text} {token.head.text}\u2019 points at earlier text"
        if token.pos_ == "PRON" and token.lower_ in ("this", "these", "those") and "Dem" in token.morph.get("PronType"):
            return f"\u2018{token.text}\u2019 points at earlier text"
        if token.pos_ == "PRON" and token.lower_ == "that" and token.tag_ == "DT" and token.dep_ in SUBJECTS:
            return f"\u2018{token.text}\u2019 points at earlier text"  # "said that that is ...": not the relative "that"
        if token.lower_ == "such" and token.dep_ in ("amod", "predet", "det") and not _such_as(token):
            return f"\u2018such {token.head.text}\u2019 points at earlier text"
    return None


def _such_as(token) -> bool:
    """ "cities such as Prague" names its instances; "one such cause", "such a move" point back."""
    following = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    return (following is not None and following.lower_ == "as") or any(c.lower_ == "as" for c in token.children)


def _unattributed_quote(text: str) -> str | None:
    """A sentence that opens a quotation and names no speaker continues the one before it."""
    from unspin.stories.facts import quotation

    stripped = text.lstrip()
    if stripped[:1] in '"\u201c' and quotation(text)[1] is None:
        return "a quotation whose speaker is named before it"
    return None


def _first_person(text: str) -> str | None:
    """ "I joined 15,000 cyclists": outside a quotation, first person is the other outlet's writer."""
    for token in outside_quotes(text):
        if token.pos_ == "PRON" and "1" in token.morph.get("Person"):
            return f"\u2018{token.text}\u2019 is the other outlet's writer"
    return None


def _fragment(text: str) -> str | None:
    """ "In a move led by New York Gov.": no verb heads it, so the splitter cut a sentence short."""
    roots = [t for t in parse_of(text) if t.dep_ == "ROOT"]
    if not roots or roots[0].pos_ not in ("VERB", "AUX"):
        return "no verb heads it: a fragment of a longer sentence"
    return None


def _unfinished(text: str) -> str | None:
    """ "... made some inaccurate claims on military issues:" announces a list the reader never sees, and a
    sentence that stops without its full stop ("... contradicts its own") was cut short by the data."""
    end = text.rstrip().rstrip("\"'\u201d\u2019)]").rstrip()
    if end.endswith(":") or end.lower().endswith(("the following", "as follows", "include", "including")):
        return "it announces a list the reader does not see"
    if not end.endswith((".", "!", "?")):
        return "it does not end as a sentence does: cut short"
    if ends_with_title(end):
        return "it ends with a title ('including Sens.'): the splitter cut it short"
    return None


def ends_with_title(text: str) -> bool:
    """ "... including Sens.": the sentence ends with a title the splitter took for a full stop (`additions.toml`)."""
    words = text.rstrip().split()
    return bool(words) and words[-1].endswith(".") and words[-1][:-1] in rules().titles


def _headline(text: str) -> str | None:
    """ "The World Saw How Much It Runs on Them.": a headline in title case, not a sentence of the text."""
    long = [w for w in re.findall(r"[A-Za-z][A-Za-z'’\-]*", text)[1:] if len(w) >= 4]
    if len(long) >= 4 and all(w[0].isupper() for w in long):
        return "a headline in title case, not a sentence"
    return None


def _unknown_surname(text: str, known: Collection[str]) -> str | None:
    """ "... but McCarthy predicted what she would say", "... stems from Flournoy": a person named by the surname
    alone, whom this article never names, was introduced in the other outlet's text before this sentence."""
    doc = parse_of(text)
    people = [e for e in doc.ents if e.label_ == "PERSON"]
    full = {e[-1].lower_ for e in people if len([t for t in e if t.is_alpha]) >= 2}
    for person in people:
        words = [t for t in person if t.is_alpha]
        if len(words) != 1 or not _argument(words[0]):
            continue
        if words[0].lower_ not in known and words[0].lower_ not in full:
            return f"\u2018{person.text}\u2019 is named by the surname alone and not introduced in this article"
    return None


def _argument(token) -> bool:
    """A subject or object, or the object of a preposition that is not one of place or time nor one of
    examples ("stems from Flournoy"; not "in Brenner", "such as Rotterdam", where the tagger often takes a
    place for a person)."""
    from unspin.stories.novelty import adjunct_prepositions

    if token.dep_ in SUBJECTS or token.dep_ in ("dobj", "dative"):
        return True
    head = token.head
    return token.dep_ == "pobj" and head.lower_ not in adjunct_prepositions() and head.lower_ not in ("as", "like", "including")


def _unbalanced(text: str) -> str | None:
    """A sentence the splitter cut mid-way leaves a bracket open."""
    if text.count("(") != text.count(")") or text.count("[") != text.count("]"):
        return "a bracket left open: part of a longer sentence"
    return None


def _opening(text: str) -> str | None:
    lowered = _LEADING.sub("", text).lower()
    doc = parse_of(text)
    first = next((t for t in doc if not (t.is_punct or t.is_space)), None)
    if first is None:
        return "no words"
    for phrase in rules().connectives:
        if re.match(rf"{re.escape(phrase)}\b", lowered):
            if " " in phrase or first.pos_ in ("CCONJ", "ADV", "SCONJ"):
                return f"opens with the connective \u2018{text[first.idx : first.idx + len(phrase)]}\u2019"
    if _refers(first) and not _time_deixis(first):
        return f"opens with \u2018{first.text}\u2019, which points at earlier text"
    return None


def _dateline(text: str) -> str | None:
    """ "SEOUL, South Korea — There was one state event ...": a dateline opens another outlet's article; inside this
    one it reads as a new article beginning, and what follows is that article's hook."""
    match = _DATELINE.match(text.lstrip())
    return f"opens with the dateline \u2018{match.group(0).strip()}\u2019 of another article" if match else None


def _continues(text: str) -> str | None:
    """ "Gov. Kristi Noem continued to take heat for ...": a main verb that carries on ("continue", "resume") with
    what it carries on presupposes the reader was told it began (`standalone.continuing_verbs`)."""
    for token in outside_quotes(text):
        if token.dep_ == "ROOT" and token.lemma_.lower() in rules().continuing:
            if any(c.dep_ in ("xcomp", "dobj") for c in token.children):
                return f"\u2018{token.text}\u2019 goes on from something told before"
    return None


def _inserted_connective(text: str) -> str | None:
    """ "A recent poll, for example, saw ...", "The union, however, said ...": a connective set off by commas inside
    the sentence relates it to the one before as much as one opening it. Not the coordinators ("and", "but", "or",
    "nor", "so", "yet"), which join the sentence's own clauses."""
    from unspin.edit.protect import quotation_ranges

    quotes = quotation_ranges(text)
    for phrase in rules().connectives:
        if phrase in _COORDINATORS:
            continue
        for match in re.finditer(rf",\s*({re.escape(phrase)})\s*,", text, re.I):
            if not any(s <= match.start(1) < e for s, e in quotes):
                return f"\u2018{match.group(1)}\u2019 relates it to a sentence before"
    return None


def _refers(token) -> bool:
    """A pronoun, demonstrative or demonstrative adverb from the list, not an existential "there"."""
    if token.lower_ not in rules().pronouns or token.tag_ == "EX":
        return False
    kinds = token.morph.get("PronType")
    return token.pos_ == "PRON" or (token.pos_ in ("DET", "ADV") and ("Dem" in kinds or "Prs" in kinds))


def _time_deixis(token) -> bool:
    """ "This year", "that week": a demonstrative of time points at the publication date."""
    return token.pos_ == "DET" and token.head.lemma_.lower() in rules().time_nouns


def main_subjects(text: str) -> list:
    doc = parse_of(text)
    roots = [t for t in doc if t.dep_ == "ROOT"]
    return [c for root in roots[:1] for c in root.children if c.dep_ in SUBJECTS]


def _reported_subjects(text: str) -> list:
    """The subjects of what the main clause reports ("The city argued [the ordinance was necessary]")."""
    doc = parse_of(text)
    roots = [t for t in doc if t.dep_ == "ROOT"][:1]
    clauses = [c for root in roots for c in root.children if c.dep_ == "ccomp"]
    return [c for clause in clauses for c in clause.children if c.dep_ in SUBJECTS]


def _subject_pronoun(text: str) -> str | None:
    for subject in main_subjects(text):
        if _refers(subject):
            return f"its subject \u2018{subject.text}\u2019 points at someone named earlier"
        for child in subject.children:
            if child.dep_ == "poss" and _refers(child):
                return f"\u2018{child.text} {subject.text}\u2019 points at someone named earlier"
    return None


def _presupposition(text: str) -> str | None:
    doc = parse_of(text)
    roots = [t for t in doc if t.dep_ == "ROOT"][:1]
    words = rules().anaphoric
    subjects = [t for t in doc if t.dep_ in SUBJECTS]  # any clause's: "Eight more had ..., the government said"
    for subject in subjects:
        if subject.lower_ in words:
            return f"its subject \u2018{subject.text}\u2019 presupposes ones mentioned before"
        for child in subject.children:
            if child.lower_ in words and child.dep_ in ("amod", "det", "advmod"):
                return f"\u2018{child.text} {subject.text}\u2019 presupposes one mentioned before"
    for root in roots:
        for child in root.children:
            if child.dep_ == "advmod" and child.lower_ in words and child.lower_ not in rules().counting:
                return f"\u2018{child.text}\u2019 presupposes something said before"  # not "are both located"
    for token in outside_quotes(text):  # "... to launch an investigation of a political enemy ... again"
        if token.dep_ == "advmod" and token.lower_ in rules().adverbs and token.head.pos_ in ("VERB", "AUX"):
            return f"\u2018{token.text}\u2019 presupposes something said before"
    for subject in subjects:  # "All three indexes": the three were named before
        kids = {c.lower_: c.dep_ for c in subject.children}
        if kids.get("all") in ("det", "predet") and any(c.dep_ == "nummod" for c in subject.children):
            return f"\u2018all \u2026 {subject.text}\u2019 presupposes ones counted before"
    return None


def _unknown_definite(text: str, known: Collection[str]) -> str | None:
    """A definite subject or object ("the claim", "the inquiry") the article never introduced."""
    objects = [t for t in parse_of(text) if t.dep_ in ("dobj", "attr") and t.head.dep_ == "ROOT" and t.pos_ == "NOUN"]
    for thing in objects:  # "the claim", "the claim on Twitter"; "its forecast" is the subject's, "the central bank" says which
        children = [c for c in thing.children if c.dep_ != "punct"]
        bare = [c.lower_ for c in children if c.dep_ != "prep" or identifies(c)] == ["the"]
        if bare and thing.lower_ not in known and thing.lemma_.lower() not in known:
            return f"\u2018the {thing.text}\u2019 is not introduced in this article"
    for subject in main_subjects(text) + _reported_subjects(text):
        if subject.pos_ != "NOUN":
            continue
        children = list(subject.children)
        article = any(c.dep_ == "det" and c.lower_ in DEFINITE for c in children)
        owned = any(c.dep_ == "poss" for c in children)  # "Blinken's confirmation" points at an event told earlier
        if not (article or owned) or any(identifies(c) or _names_known(c, known) for c in children):
            continue
        if article and not owned and any(c.dep_ in _DESCRIBING for c in children):
            continue
        if subject.lower_ not in known and subject.lemma_.lower() not in known:
            span = text[subject.left_edge.idx : subject.idx + len(subject.text)]
            return f"\u2018{span}\u2019 is not introduced in this article"
    return None


def _names_known(child, known: Collection[str]) -> bool:
    """ "the meeting in Prague" in an article that tells of ministers meeting in Prague: a phrase naming a place,
    person or body the article names says which one is meant."""
    return child.dep_ == "prep" and any(t.pos_ == "PROPN" and t.lower_ in known for t in child.subtree)


def identifies(child) -> bool:
    """A modifier that says which one: a clause, an apposition, or "of ..." ("the head of the agency");
    "the announcement on Saturday" still points at an announcement told earlier."""
    return child.dep_ in _IDENTIFYING or (child.dep_ == "prep" and child.lower_ == "of")


def points_back(text: str, earlier: Collection[str], known: Collection[str]) -> str | None:
    """A definite noun phrase ("the new order", "The dual endorsement", "the Democratic plan") whose noun the
    other outlet's article used before this sentence (`earlier`: `lemmas` of its text up to here) refers to
    what it said there; when this article never uses the word (`known`) nor the sentence itself before the
    phrase, the reader cannot tell which one is meant. A modifier ("new", "dual") does not say which."""
    from unspin.stories.novelty import related

    seen: set[str] = set()
    for token in outside_quotes(text):
        lemma = token.lemma_.lower()
        definite = any(c.dep_ == "det" and c.lower_ in DEFINITE for c in token.children)
        if token.pos_ == "NOUN" and definite and related(lemma, earlier) and not (related(lemma, known) or related(lemma, seen)):
            span = text[token.left_edge.idx : token.idx + len(token.text)]
            return f"\u2018{span}\u2019 points at what the other outlet told before it"
        seen.update((token.lower_, lemma))
    return None


def lemmas(texts: Sequence[str]) -> set[str]:
    """Every word of `texts` and its lemma, lower-cased: what a definite noun phrase may point at."""
    parse(list(texts))
    return {form for text in texts for token in parse_of(text) for form in (token.lower_, token.lemma_.lower())}


def vocabulary(texts: Sequence[str]) -> set[str]:
    """What a definite subject may point at in `texts`: the lemmas of nouns introduced with a
    determiner or a possessive ("a US official", "Biden's decision") and every proper name.
    A bare plural ("officials said") introduces no one "the official" could be."""
    parse(list(texts))
    found: set[str] = set()
    for text in texts:
        for token in parse_of(text):
            if token.pos_ == "PROPN" or (token.pos_ == "NOUN" and any(c.dep_ in ("det", "poss") for c in token.children)):
                found.update((token.lower_, token.lemma_.lower()))
    return found
