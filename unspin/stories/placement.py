"""Where an addition may go: not in front of a sentence that leans on the one before it.

An addition is put after the article's sentence closest to it in meaning, which splits that sentence from the
next. When the next one leans on it — "he" or "the decision" would then point at the addition, "One source"
would count what the addition told, "Barrett insisted" would answer the wrong sentence — the slot is lost and
the addition moves to another one (`unspin.stories.fill`). These are the rules for the sentence *after* a slot
(`opens_on_earlier`, `continues`) and for the one before it (`sets_up`); whether an added sentence stands on
its own is `unspin.stories.standalone`'s, whose parse, word lists and `leans_back` test these rules reuse.
"""

from __future__ import annotations

from unspin.stories.standalone import (
    DEFINITE,
    SUBJECTS,
    attribution,
    ends_with_title,
    identifies,
    leans_back,
    main_subjects,
    outside_quotes,
    parse_of,
    question,
    rules,
)


def opens_on_earlier(text: str) -> str | None:
    """`leans_back`, or a bare "the + noun" subject ("The issue comes as ..."): what an addition must
    not be put in front of, since the noun would then point at the addition."""
    reason = leans_back(text)
    if reason:
        return reason
    words = outside_quotes(text)
    mine = next((t for t in words if t.pos_ == "PRON" and "1" in t.morph.get("Person")), None)
    if mine is not None:  # "Centuries later, I followed in their footsteps": the writer's narration goes on
        return f"\u2018{mine.text}\u2019 goes on from the writer's sentence before"
    reason = _definite_subject(text) or _counted_subject(text) or _object_pronoun(words) or question(text)
    return reason or attribution(text)


def _definite_subject(text: str) -> str | None:
    """ "The issue ...", "The paramilitary group ...", "The announcement on Saturday ...": a definite subject
    that does not say which one it is (no clause, apposition or "of ..." after it) may well point at the
    sentence before, and an addition put there would take its place. For placement only: a slot lost
    moves the addition to another one."""
    doc = parse_of(text)
    things = [t for t in outside_quotes(text) if t.dep_ in SUBJECTS or (t.dep_ == "dobj" and t.head.dep_ == "ROOT")]
    for thing in things:  # any clause's subject ("Even though the vice president ..."), the main verb's object
        children = [c for c in thing.children if c.dep_ != "punct"]
        definite = any(c.dep_ == "det" and c.lower_ in DEFINITE for c in children)
        if thing.pos_ == "NOUN" and definite and not any(identifies(c) for c in children):
            return f"\u2018{doc.text[thing.left_edge.idx : thing.idx + len(thing.text)]}\u2019 points at the sentence before"
    return None


def _counted_subject(text: str) -> str | None:
    """ "One is ...", "Both forces ...", "Eight more ...": a subject that counts ones told before."""
    for subject in main_subjects(text):
        if subject.pos_ == "NUM" or subject.lower_ in rules().counting:
            return f"its subject \u2018{subject.text}\u2019 counts ones told before"
        if any(c.dep_ in ("det", "predet", "nummod") and c.lower_ in rules().counting for c in subject.children):
            return f"its subject \u2018{subject.text}\u2019 counts ones told before"
    return None


def _object_pronoun(words) -> str | None:
    """ "China matched them": a third-person pronoun object points at a sentence before too."""
    for token in words:
        if token.pos_ == "PRON" and token.lower_ in rules().objects and token.dep_ in ("dobj", "dative", "pobj", "iobj"):
            return f"\u2018{token.text}\u2019 points at ones named before"
    return None


def continues(previous: str, following: str) -> str | None:
    """Whether `following` goes on about a thing `previous` named: its subject is a name `previous` names
    ("Feinstein pressed Barrett ..." / "Barrett insisted ..."), or a definite noun phrase ("the strikes",
    "the blue-chip index") has a noun `previous` used ("airstrikes", "index"). An addition between the two
    would cut the run and make "the ..." seem to point at it."""
    from unspin.stories.novelty import related

    before = {t.lemma_.lower() for t in parse_of(previous) if t.pos_ in ("NOUN", "PROPN")}
    names = {t.lower_ for t in parse_of(previous) if t.pos_ == "PROPN"}
    for subject in main_subjects(following):  # "Feinstein pressed Barrett ..." / "Barrett insisted ..."
        named = subject.pos_ == "PROPN" or (subject.pos_ == "NOUN" and subject.is_title)  # "Meadows", tagged a noun
        if named and subject.lower_ in names:
            return f"its subject \u2018{subject.text}\u2019 was named in the sentence before"
    for token in outside_quotes(following):
        definite = any(c.dep_ in ("det", "poss") and (c.lower_ in DEFINITE or c.pos_ == "PRON") for c in token.children)
        lemma = token.lemma_.lower()
        if (
            token.pos_ == "NOUN"
            and definite
            and (related(lemma, before) or any(w.endswith(lemma) for w in before if len(lemma) >= 4))
        ):
            return f"\u2018{token.text}\u2019 goes on about what the sentence before named"
    return None


def sets_up(text: str) -> bool:
    """A sentence that ends announcing what follows (a colon), with a title the splitter took for an end
    ("... including Sens."), or with no end at all (a lead the data cut off: "... fears about immigration
    into"): nothing may be put after it."""
    end = text.rstrip().rstrip("\"'\u201d\u2019)]").rstrip()
    return end.endswith(":") or ends_with_title(text) or not end.endswith((".", "!", "?"))


def open_quote(text: str, end: int | None = None) -> bool:
    """The paragraph of `text` up to `end` (a slot) has a quotation opened and never closed (“We at the court have
    lost a colleague. with the data's closing mark cut off): a slot there would put an addition inside somebody's
    words. Only that paragraph is read, not the text before it (a slot is tried at every sentence end)."""
    end = len(text) if end is None else end
    paragraph = text[text.rfind("\n\n", 0, end) + 1 : end]
    return paragraph.count("\u201c") > paragraph.count("\u201d") or paragraph.count('"') % 2 == 1
