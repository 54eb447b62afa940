"""The detector: a model scores every word, tagging only around the likely ones, context rules.

1. scan.py: words, sentences and lexicon matches over the whole text (no spaCy);
2. a calibrated probability for every word: model.py's cheap scorer (numpy; features
   from the static word table, the lexicons and the word's shape) on every sentence, and
   encoder.py's fine-tuned MiniLM on the sentences the cheap one finds suspicious (cascade.py);
3. words at or above the strength's `min_confidence`, lexicon matches and
   model-only words alike, are tagged in small windows (tagging.py);
4. rules.py decides, from the tags, whether each is a removable modifier or a
   load-bearing head and what neutral word replaces it;
5. assemble.py joins neighbours into spans. A span's confidence is the model's probability.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from functools import cache, lru_cache

from unspin.detect import silencing
from unspin.detect.assemble import to_spans
from unspin.detect.cascade import CascadeScorer, load_scorer
from unspin.detect.lexicon import Entry, Lexicon, load_lexicon
from unspin.detect.model import Scores, WordModel
from unspin.detect.nlp import MODEL, load_nlp
from unspin.detect.rules import Decision, Rules
from unspin.detect.scan import (
    Candidate,
    RangeIndex,
    Word,
    find_candidates,
    protected_words,
    sentence_batches,
    sentence_bounds,
    sentence_starts,
    words_of,
)
from unspin.detect.span import Role, Span
from unspin.detect.tagging import TaggedWindows, merge_windows, tag_windows
from unspin.settings import settings, strength_name


@cache
def min_confidence(strength: str) -> float:
    """The confidence a span needs at this strength to become anything, an edit or a flag
    (pipeline-wide, unspin/data/strength.toml); the edit policy decides which."""
    strength_name(strength)  # a ValueError naming the choices for any other name
    from unspin.edit.policy import detection_threshold  # the policy owns the thresholds' meaning

    return detection_threshold(strength)


def unproven_at() -> float:
    """The bar for a word only the model found and nothing else calls judging (strength.toml [flag])."""
    return float(settings().get("flag", {}).get("unproven_at", 0.0))


@cache
def modifier_forms(model: str = MODEL) -> tuple[frozenset[str], frozenset[str]]:
    """WordNet adjective and adverb lemmas, from the spaCy model's lemmatizer tables."""
    index = load_nlp(model).get_pipe("lemmatizer").lookups.get_table("lemma_index")
    return frozenset(index["adj"]), frozenset(index["adv"])


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    return load_lexicon()


# Characters of whole sentences the detector reads at once: its per-word structures (words, the
# model's feature matrix of ~1.7 KB a word, tagged windows) never cover more, so a long article costs
# memory in proportion to its spans, not its words (issue 12 item 7); an article of up to this
# size is read in one batch.
BATCH_CHARS = 10_000

# Words the model may score high but the editor must never touch on the model's word alone:
# negations, modals, pronouns, determiners and other closed-class words change the meaning when cut.
NEVER_ALONE = frozenset(
    "not no never nor neither none nothing n't cannot only just also even still yet already again ever "
    "this that these those there here which who whom whose what when where why how if then than "
    "a an the and or but so as of to in on at by for from with without into onto out up down off over under "
    "about after before between through during against among within upon "
    "i me my mine we us our ours you your yours he him his she her hers it its they them their theirs "
    "is are was were be been being am do does did done has have had having will would shall should can could "
    "may might must one all any both each every some such own same other another".split()
)
# Which lexicon kind a model-only word is tried as, in order; the tags decide which one fits.
MODEL_KINDS = (
    ("adj", "emotive_adjective"),
    ("intensifier", "intensifier"),
    ("adv", "editorial_adverb"),
    ("verb", "loaded_verb"),
    ("noun", "loaded_noun"),
)


class Detector:
    """Holds the loaded resources; spaCy and the model are loaded on first use and shared per process."""

    def __init__(
        self,
        lexicon: Lexicon | None = None,
        model: str = MODEL,
        scorer: WordModel | CascadeScorer | None = None,
        thorough: bool = False,
    ) -> None:
        self.lexicon = lexicon or default_lexicon()
        self.model = model
        self._scorer = scorer
        self.thorough = thorough  # every sentence goes to the encoder, not only the suspicious ones
        self.rules = Rules(self.lexicon)
        self.words_each_side = int(self.lexicon.settings.get("window", {}).get("words_each_side", 6))
        self.templates = self.lexicon.settings["reasons"]

    @property
    def nlp(self):
        return load_nlp(self.model)

    @property
    def scorer(self) -> WordModel | CascadeScorer:
        if self._scorer is None:
            self._scorer = load_scorer(self.thorough)
        return self._scorer

    def candidates(self, text: str, skip: Sequence[tuple[int, int]] = ()) -> list[Candidate]:
        """Lexicon matches only (no model, no tagging): the cheap first pass."""
        return find_candidates(text, words_of(text), self.lexicon, skip)

    def word_scores(self, text: str) -> list[tuple[str, float]]:
        """Every word of `text` with the model's probability that it is loaded (for inspection)."""
        return [(text[start:end], round(p, 3)) for start, end, p in self.scored_words(text)]

    def scored_words(self, text: str) -> list[tuple[int, int, float]]:
        """(start, end, probability) of every word: the model's ranking, before any rule or threshold."""
        words = words_of(text)
        scores = self._probability(text, words, sentence_starts(text), find_candidates(text, words, self.lexicon))
        return [(w.start, w.end, float(p)) for w, p in zip(words, scores.word)]

    def detect(self, text: str, skip: Sequence[tuple[int, int]] = (), strength: str = "standard") -> list[Span]:
        """Loaded language in `text`, as non-overlapping spans in text order.

        Words are scored, tagged and judged a batch of whole sentences at a time (`BATCH_CHARS`):
        every step up to the rules' decision reads only a word's own sentence, so the decisions are
        the same as in one pass, and per-word structures never exist for more than one batch. The
        decisions are joined into spans over the whole text, since neighbours may join across a
        line break."""
        threshold = min_confidence(strength)
        starts = sentence_starts(text)
        skip = RangeIndex(skip)  # asked about every word: a long article has thousands of quotations
        decisions: list[Decision] = []
        for start, end in sentence_batches(starts, len(text), BATCH_CHARS):
            decisions += self._decisions(text, words_of(text, start, end), starts, skip, strength)
        from unspin.edit.policy import cut_threshold, load_strength  # the policy owns the thresholds' meaning

        model_bar = load_strength(strength).min_confidence  # what a word only the model found needs to be cut
        return to_spans(text, decisions, threshold, self.templates, cut_threshold(strength), model_bar)

    def _decisions(self, text: str, words: list[Word], starts: list[int], skip: RangeIndex, strength: str) -> list[Decision]:
        """The rules' decisions on `words` (whole sentences of `text`), each with the model's confidence."""
        if not words:
            return []
        threshold = min_confidence(strength)
        found = find_candidates(text, words, self.lexicon, skip)
        scores = self._probability(text, words, starts, found, skip)
        candidates = self._scored(text, words, found, scores.word, skip, threshold, self._model_only_bars(threshold, strength))
        if not candidates:
            return []
        tagged = self._tag(text, words, starts, [c for c, _ in candidates])
        decisions = []
        for candidate, confidence in candidates:
            decision = self.rules.decide(text, starts, candidate, tagged)
            if decision is None:
                continue
            model_only = decision.by.startswith("lexicon:model@")
            if model_only and (decision.role is Role.HEAD or not self._editable_alone(candidate.text.lower())):
                # a word only the model found is cut only when it is an evaluative modifier; anything else
                # it may mark, never change, and only when it is sure ("weapons", "ground forces" and
                # "buffer zone" in a war report score 0.25-0.45)
                if confidence < unproven_at() and silencing.on("unproven_bar"):
                    continue
                decision = dataclasses.replace(decision, role=Role.HEAD, replacement=None)
            if skip.overlaps(decision.start, decision.end):
                continue  # the rules widened the cut ("very brutal") into text the caller protects
            decisions.append(self._scored_decision(decision, candidate, confidence, self._scored_by(scores, candidate)))
        return decisions

    def _scored(
        self,
        text: str,
        words: list[Word],
        found: list[Candidate],
        probability,
        skip: RangeIndex,
        threshold: float,
        bars: tuple[float, float],
    ) -> list[tuple[Candidate, float]]:
        """Candidates at or above `threshold`: lexicon matches, then words only the model found (at or
        above `bars`, see `_model_only_bars`)."""
        kept: list[tuple[Candidate, float]] = []
        covered: set[int] = set()
        for c in found:
            covered.update(range(c.first_word, c.last_word + 1))
            confidence = float(probability[c.first_word : c.last_word + 1].max())
            if confidence >= threshold:
                kept.append((c, confidence))
        blocked: set[int] | None = None
        cut_bar, sure_bar = bars
        for i in map(int, (probability >= min(cut_bar, sure_bar)).nonzero()[0]):
            if i in covered or not self._flaggable_alone(words[i].lower):
                continue
            if probability[i] < sure_bar and not self._editable_alone(words[i].lower):
                continue  # could only be flagged, and only above the bar: not worth tagging
            if blocked is None:
                blocked = protected_words(text, words, self.lexicon)
            w = words[i]
            if i in blocked or skip.overlaps(w.start, w.end):
                continue
            entries = tuple(self._model_entry(w.lower, pos, category) for pos, category in MODEL_KINDS)
            kept.append((Candidate(w.start, w.end, i, i, entries=entries, text=text[w.start : w.end]), float(probability[i])))
        kept.sort(key=lambda item: item[0].start)
        return kept

    @staticmethod
    def _model_only_bars(threshold: float, strength: str) -> tuple[float, float]:
        """The least probability at which a word only the model found can matter: as an evaluative
        modifier (cut, or flagged as too uncertain: the strength's model-only bars), and as anything
        else (flagged only above `unproven_at`). Words below both are never tagged."""
        from unspin.edit.policy import load_strength

        bars = load_strength(strength)
        modifier = max(threshold, min(bars.min_confidence, bars.flag_confidence))
        sure = max(threshold, unproven_at()) if silencing.on("unproven_bar") else threshold
        return modifier, sure

    def _probability(
        self,
        text: str,
        words: list[Word],
        starts: list[int],
        found: list[Candidate],
        skip: Sequence[tuple[int, int]] | RangeIndex = (),
    ) -> Scores:
        """Every word's probability. The cascade sends a sentence to the encoder only for a word the
        encoder could change the editor's mind about: one the editor could cut on the models' word
        alone. A lexicon match is not enough: the encoder may raise its probability, never lower it
        (cascade.py), so reading its sentence would not change whether it is edited."""
        if not isinstance(self.scorer, CascadeScorer):
            return self.scorer.scores(text, words, starts, self.lexicon, found)
        matched = {i for c in found for i in range(c.first_word, c.last_word + 1)}
        skip = skip if isinstance(skip, RangeIndex) else RangeIndex(skip)

        def actionable(i: int) -> bool:
            if i in matched or skip.overlaps(words[i].start, words[i].end):
                return False
            return self._editable_alone(words[i].lower)

        return self.scorer.scores(text, words, starts, self.lexicon, found, actionable)

    def _editable_alone(self, form: str) -> bool:
        """Could a word no lexicon lists be edited on the model's score alone? Only an evaluative
        adjective or adverb: cutting it leaves the sentence whole, and closed-class words never."""
        if not self._flaggable_alone(form):
            return False
        return (self.scorer.evaluative(form) or not silencing.on("evaluative_gate")) and self._can_modify(form)

    def _flaggable_alone(self, form: str) -> bool:
        """Could a word no lexicon lists be flagged on the model's score alone? Any open-class word:
        a flag changes no text, so the model's word is enough to mark it (`_editable_alone` decides
        whether it may also be cut)."""
        return not ((form in NEVER_ALONE and silencing.on("never_alone")) or len(form) < 3)

    def _can_modify(self, form: str) -> bool:
        """Can the word be an adjective or adverb (or a participle)? Only then can a word no lexicon
        knows be cut, so only then is it worth tagging; nouns and verbs need a lexicon replacement."""
        adjectives, adverbs = modifier_forms(self.model)
        return form in adjectives or form in adverbs or "-" in form or form.endswith(("ed", "ing", "er", "est", "ly"))

    def _model_entry(self, term: str, pos: str, category: str) -> Entry:
        return Entry(term, category, 1.0, None, "", (), "model", "", "model", pos)

    def _scored_by(self, scores: Scores, candidate: Candidate) -> str:
        """The model that gave the candidate its probability: the cascade names the encoder only
        for the sentences it sent there, so the ledger says which model read each edit."""
        if scores.routed is not None and isinstance(self.scorer, CascadeScorer):
            if scores.routed[candidate.first_word : candidate.last_word + 1].any():
                return self.scorer.id
            return self.scorer.cheap.id
        return self.scorer.id

    def _scored_decision(self, decision: Decision, candidate: Candidate, confidence: float, scorer_id: str) -> Decision:
        """The model's probability is the confidence; model-only words name the model as their source."""
        by = scorer_id if decision.by.startswith("lexicon:model@") else f"{decision.by} {scorer_id}"
        return dataclasses.replace(decision, confidence=round(confidence, 3), by=by)

    def _tag(self, text: str, words, starts: list[int], candidates: list[Candidate]) -> TaggedWindows:
        """Tag a few words either side of each candidate, never past its sentence."""
        n = self.words_each_side
        ranges = []
        for c in candidates:
            sent_start, sent_end = sentence_bounds(starts, c.start, len(text))
            first = max(words[max(0, c.first_word - n)].start, sent_start)
            last = min(words[min(len(words) - 1, c.last_word + n)].end, sent_end)
            ranges.append((first, _extend_right(text, last, sent_end)))
        return tag_windows(text, merge_windows(ranges), self.model)


def _extend_right(text: str, end: int, limit: int) -> int:
    """Take in the punctuation right after a window (a full stop or closing quote helps the tagger)."""
    while end < limit and not text[end].isspace() and not text[end].isalnum():
        end += 1
    return end


@lru_cache(maxsize=2)
def default_detector(thorough: bool = False) -> Detector:
    """One shared detector per process (and per mode), so models load once."""
    return Detector(thorough=thorough)


def detect_spans(
    text: str, skip: Sequence[tuple[int, int]] = (), strength: str = "standard", thorough: bool = False
) -> list[Span]:
    """Loaded, flowery or subjective language in `text`, never inside a `skip` range.

    `thorough` asks the encoder about every sentence: better recall, about five times slower.
    """
    return default_detector(thorough).detect(text, skip=skip, strength=strength)
