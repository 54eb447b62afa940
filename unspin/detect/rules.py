"""Context rules: is a lexicon match loaded here, is it a modifier or a head, what replaces it.

Each rule looks only at the candidate's Penn Treebank tag and its neighbours
in the tagged window. No parse is needed for the decisions the editor makes:
an adjective before a noun can be cut, one after a copula cannot; a speech
verb before a clause can become "said", one with an object cannot.
"""

from __future__ import annotations

from dataclasses import dataclass

from unspin.detect import keep, silencing
from unspin.detect.inflect import match_case
from unspin.detect.lexicon import Entry, Lexicon, Phrase
from unspin.detect.scan import Candidate, is_sentence_initial
from unspin.detect.span import Role
from unspin.detect.tagging import TaggedWindows, Tok

ADJ = frozenset({"JJ", "JJR", "JJS"})
ADV = frozenset({"RB", "RBR", "RBS"})
NOUN = frozenset({"NN", "NNS", "NNP", "NNPS"})
PROPER = frozenset({"NNP", "NNPS"})
VERB = frozenset({"VB", "VBD", "VBG", "VBN", "VBP", "VBZ"})
FINITE = frozenset({"VBD", "VBZ", "VBP", "MD"})
PUNCT = frozenset({".", ",", ":", "``", "''", "-LRB-", "-RRB-", "NFP", "HYPH"})
NP_TAGS = frozenset({"DT", "PDT", "PRP$", "CD", "POS", "HYPH"}) | ADJ | NOUN
PRENOMINAL = frozenset({"DT", "PDT", "PRP$", "CD", "POS", "HYPH"}) | ADJ | frozenset({"RB", "RBR", "RBS"})
BE = frozenset({"be", "is", "are", "was", "were", "been", "being", "am", "'s", "’s", "'re", "’re", "get", "got", "gets"})
LINKING = BE | frozenset(
    "seem seems seemed become becomes became remain remains remained look looks looked appear appears "
    "appeared sound sounds sounded prove proves proved grow grows grew feel feels felt".split()
)
SUBJECT_PRONOUNS = frozenset({"i", "he", "she", "we", "they", "you", "it", "there"})
CLAUSE_OPENERS = frozenset({"that", "if", "whether", "because", "how", "why", "what", "when", "where"})
QUOTES = frozenset("\"“”'‘’")
DEGREE = frozenset({"most", "more", "less", "least", "so", "too"})
# A speech verb before "about" or "of" reports a topic, not a statement: "bragged about X" -> "talked about X".
# Rows whose replacement is "say" take these verbs; others keep their own ("whined about" -> "complained about").
SPEECH_TOPIC = {"about": "talk", "of": "speak"}
TIME_WORDS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow tonight morning afternoon "
    "evening night week weekend month year earlier later recently january february march april may june july "
    "august september october november december".split()
)


@dataclass
class Decision:
    """A candidate judged loaded in context; becomes a Span after merging."""

    start: int
    end: int
    category: str
    confidence: float
    role: Role
    replacement: str | None
    why: str
    by: str
    is_adjective: bool = False
    label: str = ""  # the matched words, for the reason (the span may also hold an article or conjunction)
    join_left: tuple[int, int, int] | None = None  # (new start, neighbour start, neighbour end)
    join_right: tuple[int, int, int] | None = None  # (new end, neighbour start, neighbour end)
    keep: str = ""  # why a removable modifier must stay (flagged, not cut): keep.py


class Rules:
    """Turns candidates into decisions, given the tagged windows around them."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self.adjust = lexicon.settings.get("confidence", {})
        self.why = lexicon.settings.get("why", {})

    def decide(self, text: str, starts: list[int], candidate: Candidate, tagged: TaggedWindows) -> Decision | None:
        if (
            text[candidate.start].isupper()
            and not is_sentence_initial(text, starts, candidate.start)
            and silencing.on("capitalised_name")
        ):
            return None  # a name or a title ("Great Britain", "Liberal Democrats")
        found = tagged.tokens_for(candidate.start, candidate.end)
        if found is None:
            return None
        window, a, b = found
        if any(tok.tag in PROPER for tok in window[a : b + 1]):
            return None
        if candidate.phrase is not None:
            return self._phrase(text, candidate, candidate.phrase, window, a, b)
        for entry in candidate.entries:
            handler = getattr(self, f"_{entry.pos}")
            decision = handler(candidate, entry, window, a, b)
            if decision is not None:
                return decision
        return self._kept(candidate, window, a, b)

    def _kept(self, c: Candidate, window: list[Tok], a: int, b: int) -> Decision | None:
        """A content word no rule can cut or replace here ("the situation is untenable and
        worsening", a loaded verb with an object): left in the text, so at most a flag. A word a
        row's own context condition says is not loaded here ("critical condition") stays silent."""
        if not c.entries or window[b].tag not in FLAGGABLE or any(self._blocked(e, window, a, b) for e in c.entries):
            return None
        if keep.misread_noun(window, a, b):
            return None
        if _complement(window, b) == "object" and any(cond.kind == "object" for e in c.entries for cond in e.skip_if):
            return None  # "claimed responsibility": the row says this use is not a speech act
        entry = next((e for e in c.entries if _fits(e.pos, window[b].tag)), c.entries[0])
        why = entry.why or self.why.get(KEPT_WHY.get(entry.category, entry.category), "")
        return self._decision(c, entry, Role.HEAD, None, why)

    # --- helpers -----------------------------------------------------------
    def _by(self, lexicon_stem: str) -> str:
        return f"lexicon:{lexicon_stem}@{self.lexicon.version}"

    def _decision(
        self, c: Candidate, entry: Entry, role: Role, replacement: str | None, why: str, delta: float = 0.0
    ) -> Decision:
        confidence = min(1.0, max(0.0, entry.confidence + delta))
        return Decision(c.start, c.end, entry.category, confidence, role, replacement, why, self._by(entry.lexicon), label=c.text)

    def _blocked(self, entry: Entry, window: list[Tok], a: int, b: int) -> bool:
        if not silencing.on("row_conditions"):
            return False
        prev = window[a - 1] if a > 0 else None
        nxt = window[b + 1] if b + 1 < len(window) else None
        for cond in entry.skip_if:
            if cond.kind == "next" and nxt is not None and nxt.lower in cond.words:
                return True
            if cond.kind == "prev" and prev is not None and prev.lower in cond.words:
                return True
            if (
                cond.kind == "after_noun" and prev is not None and prev.tag in {"NN", "NNS"}
            ):  # "pension scheme", not "the Assad regime"
                return True
            if cond.kind == "passive" and window[b].tag == "VBN" and _previous_word(window, a) in BE:
                return True
        return False

    # --- single words ------------------------------------------------------
    def _adj(self, c: Candidate, entry: Entry, window: list[Tok], a: int, b: int) -> Decision | None:
        tag = window[b].tag
        noun = _noun_after(window, b)
        prev = window[a - 1] if a > 0 else None
        # "a devastating flood", "the embattled region": a participle is an adjective only in a noun
        # phrase's modifier slot; "wasted no time slamming President Trump's decision" is a main verb.
        participle = tag in {"VBN", "VBG"} and noun is not None and _modifier_slot(window, a)
        if not (tag in ADJ or participle or b > a) or self._blocked(entry, window, a, b):
            return None
        if noun is not None and prev is not None and prev.tag in PROPER and window[b + 1].tag in PROPER:
            return None  # "Guido Pella outlasted Nicolas Jarry": a verb the tagger read as an adjective
        if noun is not None:
            why = entry.why or self.why.get("emotive_adjective", "").format(noun=f"the {noun}")
            decision = self._decision(c, entry, Role.MODIFIER, None, why)
            decision.is_adjective = True
            decision.join_left, decision.join_right = _coordination(window, a, b)
            k = a - 1  # "the most brutal", "an extremely lavish": cut the degree words with it
            while k >= 0 and (window[k].lower in DEGREE or window[k].tag in ADV):
                k -= 1
            if k < a - 1:
                decision.start = window[k + 1].start
            decision.keep = keep.prenominal(c.text, window, k + 1, _noun_span(window, b))
            return decision
        if _previous_word(window, a) not in LINKING and window[b].tag not in ADJ:
            return None
        why = entry.why or self.why.get("emotive_adjective_no_noun", "")
        return self._decision(c, entry, Role.HEAD, None, why, self.adjust.get("predicative", 0.0))

    def _intensifier(self, c: Candidate, entry: Entry, window: list[Tok], a: int, b: int) -> Decision | None:
        nxt = window[b + 1] if b + 1 < len(window) else None
        if nxt is None or self._blocked(entry, window, a, b):
            return None
        tag = window[b].tag
        before_degree_word = tag in ADV and (nxt.tag in ADJ or nxt.tag in ADV or nxt.tag in VERB)
        before_noun = tag in ADJ and (nxt.tag in NOUN or nxt.tag in ADJ)
        if not (before_degree_word or before_noun):
            return None
        return self._decision(c, entry, Role.MODIFIER, None, entry.why or self.why.get("intensifier", ""))

    def _adv(self, c: Candidate, entry: Entry, window: list[Tok], a: int, b: int) -> Decision | None:
        if window[b].tag not in ADV or self._blocked(entry, window, a, b):
            return None
        prev = window[a - 1] if a > 0 else None
        nxt = window[b + 1] if b + 1 < len(window) else None
        manner = prev is not None and prev.tag in VERB and (nxt is None or nxt.tag in PUNCT or nxt.tag in {"CC", "IN", "TO"})
        delta = self.adjust.get("manner_adverb", 0.0) if manner else 0.0
        decision = self._decision(c, entry, Role.MODIFIER, None, entry.why or self.why.get("editorial_adverb", ""), delta)
        decision.join_left, decision.join_right = _coordination(window, a, b, ADV)  # "[...] and convincingly"
        decision.keep = keep.adverb_with_complement(window, a, b)
        decision.start = window[keep.degree_start(window, a)].start  # "pretty clearly" goes as one cut
        return decision

    def _verb(self, c: Candidate, entry: Entry, window: list[Tok], a: int, b: int) -> Decision | None:
        tag = window[b].tag
        if tag not in VERB or self._blocked(entry, window, a, b):
            return None
        prev = window[a - 1] if a > 0 else None
        if tag in {"VBN", "VBG"} and prev is not None and prev.tag in {"DT", "PRP$"} and _noun_after(window, b):
            return None  # an adjectival participle ("a devastating attack"), left to the adjective lists
        if keep.misread_noun(window, a, b):
            return None  # "the Navy torpedo boats": a noun the tagger read as a verb
        replacement = entry.replacement
        delta = 0.0
        complement = _complement(window, b)
        if complement == "object" and any(cond.kind == "object" for cond in entry.skip_if):
            return None  # "claimed responsibility", "claimed victory": not a speech act
        topic = SPEECH_TOPIC.get(_word_after(window, b) or "") if complement == "prep" else None
        if entry.frame == "speech" and topic is not None and replacement:
            replacement = topic if replacement == "say" else replacement  # "bragged about" -> "talked about"
        elif entry.frame == "speech" and complement not in {"clause", "end"}:
            replacement, delta = None, self.adjust.get("speech_without_clause", 0.0)
        elif entry.frame == "speech" and complement == "end" and _object_gap(window, a):
            replacement = None  # "the party that they claim": "say" would need a clause there
        elif entry.frame == "speech" and keep.as_clause(window, a):
            replacement = None  # "as Greenwald claims": "as Greenwald says" would endorse the claim
        elif entry.frame == "intransitive" and complement == "object":
            replacement = None  # "plunge millions into poverty": "fall" would need no object
        if replacement:
            replacement = match_case(self.lexicon.inflector.inflect(replacement, tag), window[a].text)
        return self._decision(c, entry, Role.HEAD, replacement, entry.why or self.why.get("loaded_verb", ""), delta)

    def _noun(self, c: Candidate, entry: Entry, window: list[Tok], a: int, b: int) -> Decision | None:
        tag = window[b].tag
        if tag not in {"NN", "NNS"} or self._blocked(entry, window, a, b):
            return None
        replacement = entry.replacement
        decision = self._decision(c, entry, Role.HEAD, None, entry.why or self.why.get("loaded_noun", ""))
        if replacement:
            replacement = match_case(self.lexicon.inflector.inflect(replacement, tag), window[a].text)
            prev = window[a - 1] if a > 0 else None
            if prev is not None and prev.lower in {"a", "an"}:
                article = "an" if replacement[0].lower() in "aeiou" else "a"
                if article != prev.lower:  # "a crony" -> "an associate": the article is part of the edit
                    decision.start = prev.start
                    replacement = f"{match_case(article, prev.text)} {replacement}"
            decision.replacement = replacement
        return decision

    # --- phrases -----------------------------------------------------------
    def _phrase(self, text: str, c: Candidate, phrase: Phrase, window: list[Tok], a: int, b: int) -> Decision | None:
        role = phrase.role
        if role == "auto":
            role = Role.MODIFIER.value if _noun_after(window, b) else Role.HEAD.value
        why = phrase.why or self.why.get(phrase.category, "")
        replacement = match_case(phrase.replacement, text[c.start : c.end]) if phrase.replacement else None
        if role == Role.MODIFIER.value:
            replacement = None
        elif window[b].tag in {"NN", "NNS"} and b + 1 < len(window) and window[b + 1].tag in NOUN:
            replacement = None  # used as a modifier or before a name ("illegal alien Pablo ..."): no noun phrase fits
        return Decision(
            c.start,
            c.end,
            phrase.category,
            phrase.confidence,
            Role(role),
            replacement,
            why,
            self._by(phrase.lexicon),
            label=c.text,
        )


# Content words that may be flagged when no edit fits; the lexicon kind that matches the tag
# names the category ("loaded_verb" for a verb, not the adjective row of the same word).
FLAGGABLE = ADJ | ADV | NOUN - PROPER | VERB
_KIND_TAGS = {"adj": ADJ | {"VBN", "VBG"}, "intensifier": ADJ | ADV, "adv": ADV, "verb": VERB, "noun": NOUN}
KEPT_WHY = {"emotive_adjective": "emotive_adjective_no_noun"}


def _fits(pos: str, tag: str) -> bool:
    return tag in _KIND_TAGS.get(pos, frozenset())


def _modifier_slot(window: list[Tok], a: int) -> bool:
    """Does the word at a stand where a noun phrase's modifier stands? After a determiner, a
    possessive, a number or an adjective; after a comma or "and" only when an adjective precedes
    that ("a brutal, devastating attack", not "surrounding areas, killing dozens")."""
    if a == 0:
        return False
    prev = window[a - 1]
    if prev.tag in {",", "CC"}:
        return a >= 2 and window[a - 2].tag in ADJ
    return prev.tag in PRENOMINAL


def _object_gap(window: list[Tok], a: int) -> bool:
    """Is the verb at a inside a relative clause whose object was moved out ("the X that they claim")?"""
    return (
        a >= 2 and window[a - 1].tag in {"PRP", "NN", "NNS", "NNP", "NNPS"} and window[a - 2].lower in {"that", "which", "whom"}
    )


def _previous_word(window: list[Tok], a: int) -> str | None:
    """The nearest word before index a, skipping adverbs ("is very dire")."""
    k = a - 1
    while k >= 0 and window[k].tag in ADV:
        k -= 1
    return window[k].lower if k >= 0 else None


def _noun_after(window: list[Tok], b: int) -> str | None:
    """The noun (compound) an adjective at b modifies, if it stands before one."""
    found = _noun_span(window, b)
    return " ".join(tok.text for tok in window[found[0] : found[1] + 1]) if found else None


def _noun_span(window: list[Tok], b: int) -> tuple[int, int] | None:
    """The first and last index of the noun (compound) an adjective at b modifies, if any."""
    k = b + 1
    steps = 0
    while (
        k < len(window)
        and steps < 5
        and (window[k].tag in ADJ or window[k].tag in ADV or window[k].tag in {"HYPH", ",", "CC", "VBN", "VBG"})
    ):
        after = k + 1
        while window[k].tag == "CC" and after < len(window) and window[after].tag in ADV:
            after += 1  # "brutal and deeply cynical"
        if window[k].tag == "CC" and not (after < len(window) and window[after].tag in ADJ):
            return None  # "dire and the ...": not a coordinated adjective
        if window[k].tag == "," and not (after < len(window) and window[after].tag in ADJ | ADV | {"VBN", "VBG"}):
            return None  # "is dire, officials said": the comma ends the phrase, the noun starts a clause
        k += 1
        steps += 1
    if k >= len(window) or window[k].tag not in NOUN:
        return None
    first = k
    while k + 1 < len(window) and window[k + 1].tag in NOUN:
        k += 1
    return first, k


def _coordination(
    window: list[Tok], a: int, b: int, tags: frozenset[str] = ADJ
) -> tuple[tuple[int, int, int] | None, tuple[int, int, int] | None]:
    """Conjunctions to take along when only one of two coordinated adjectives (or adverbs) is cut:
    "a significant and dangerous escalation" -> cut "and dangerous", not leave "significant and"."""
    left = right = None
    if a >= 2 and window[a - 1].lower in {"and", "or", ","} and window[a - 2].tag in tags:
        left = (window[a - 1].start, window[a - 2].start, window[a - 2].end)
    if b + 2 < len(window) and window[b + 1].lower in {"and", "or", ","} and window[b + 2].tag in tags:
        right = (window[b + 1].end, window[b + 2].start, window[b + 2].end)
    return left, right


def _skip_adjuncts(window: list[Tok], k: int) -> int:
    """Skip adverbs and time phrases after a verb: "insisted on Tuesday that" -> "that"."""
    while k < len(window):
        tok = window[k]
        if tok.tag in ADV or tok.lower in TIME_WORDS:
            k += 1
        elif (
            tok.lower in {"on", "in", "at", "during", "last", "this", "late", "early"}
            and k + 1 < len(window)
            and (window[k + 1].lower in TIME_WORDS or window[k + 1].tag == "CD")
        ):
            k += 2
        else:
            return k
    return k


def _word_after(window: list[Tok], b: int) -> str | None:
    """The first word after a verb at b, past adverbs and time phrases."""
    k = _skip_adjuncts(window, b + 1)
    return window[k].lower if k < len(window) else None


def _complement(window: list[Tok], b: int) -> str:
    """What follows a verb: clause, object, infinitive, prep, coordination, end or other."""
    k = _skip_adjuncts(window, b + 1)
    if k >= len(window):
        return "end"
    tok = window[k]
    if tok.tag in PUNCT or tok.text in QUOTES:
        return "end"
    if tok.lower in CLAUSE_OPENERS:
        return "clause"
    if tok.tag == "TO":
        return "infinitive"
    if tok.tag in FINITE or tok.tag == "VB":
        return "clause"  # "officials claim have hindered": the subject was moved out
    if tok.tag in {"IN", "RP"}:
        return "prep"
    if tok.tag == "CC":
        return "coordination"  # "did not admit or deny": a replacement would have to fit both verbs
    if tok.tag in NP_TAGS or tok.tag == "PRP":
        if tok.tag == "PRP" and tok.lower in SUBJECT_PRONOUNS - {"it"}:
            return "clause"
        j = k
        while j < len(window) and j - k < 6 and (window[j].tag in NP_TAGS or window[j].tag == "PRP"):
            j += 1
        while j < len(window) and window[j].tag in ADV:
            j += 1
        return "clause" if j < len(window) and window[j].tag in FINITE else "object"
    return "other"
