"""Run one detection system over one labelled split and score it.

Word level: tokens overlapped by the system's flagged ranges vs the gold tokens.
Sentence level: a sentence is flagged when the system would change anything
in it. Top-1 (WNC): is the system's highest-scored token a removed word?
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from unspin.eval import metrics
from unspin.eval.datasets import LabelledSentence
from unspin.eval.detectors import Detector
from unspin.eval.tokens import scores_from_ranges, tokens_in_ranges

WARM_UP = "The committee met on Tuesday and approved the budget."


@dataclass(frozen=True)
class Outcome:
    """What a system did to one sentence, on the harness's tokens."""

    flagged: frozenset[int]
    scores: tuple[float, ...]
    edits: tuple[tuple[frozenset[int], float], ...] = ()  # each flagged range's tokens and stated confidence
    edited: frozenset[int] | None = None  # tokens whose text the system changes; None: the flagged ones

    @property
    def changed(self) -> frozenset[int]:
        return self.flagged if self.edited is None else self.edited


@dataclass
class DetectResult:
    system: str
    dataset: str
    split: str
    sentences: int
    word: metrics.PRF
    sentence_macro_f1: float | None
    false_edit_rate: float | None
    top1: float | None
    sentences_per_s: float | None
    edit_precision: float | None = None  # word precision of what changes the text (cut + modify)
    false_flag_rate: float | None = None  # share of non-biased sentences with a flag
    word_f1_ci: float = 0.0  # half-width of the bootstrap 95% interval over sentences
    reliability: metrics.Reliability | None = None  # stated confidence vs how often edits hit marked words
    outcomes: list[Outcome] = field(default_factory=list, repr=False)

    def as_dict(self) -> dict:
        return {
            "system": self.system,
            "dataset": self.dataset,
            "split": self.split,
            "sentences": self.sentences,
            "word_precision": self.word.precision,
            "word_recall": self.word.recall,
            "word_f1": self.word.f1,
            "word_f1_ci95": self.word_f1_ci,
            "sentence_macro_f1": self.sentence_macro_f1,
            "false_edit_rate": self.false_edit_rate,
            "edit_precision": self.edit_precision,
            "false_flag_rate": self.false_flag_rate,
            "top1": self.top1,
            "sentences_per_s": self.sentences_per_s,
            "reliability": self.reliability.as_dict() if self.reliability else None,
        }


def run_detector(detector: Detector, records: Sequence[LabelledSentence]) -> tuple[list[Outcome], float]:
    """Outcomes per record, and the seconds the system spent (after one warm-up sentence)."""
    list(detector.predict([WARM_UP]))  # loads models and lexicons outside the timed part
    started = time.perf_counter()
    predictions = list(detector.predict([r.text for r in records]))
    seconds = time.perf_counter() - started
    outcomes = [_outcome(r, p) for r, p in zip(records, predictions, strict=True)]
    return outcomes, seconds


def _outcome(record: LabelledSentence, prediction) -> Outcome:
    edits = tuple(
        (frozenset(tokens_in_ranges(record.tokens, [span])), confidence)
        for span, confidence in zip(prediction.flagged, prediction.confidences)
    )
    edited = None if prediction.edited is None else frozenset(tokens_in_ranges(record.tokens, prediction.edited))
    return Outcome(
        frozenset(tokens_in_ranges(record.tokens, prediction.flagged)),
        tuple(scores_from_ranges(record.tokens, prediction.scored)),
        edits,
        edited,
    )


def score(
    system: str, dataset: str, split: str, records: Sequence[LabelledSentence], outcomes: Sequence[Outcome], seconds: float
) -> DetectResult:
    worded = [(r, o) for r, o in zip(records, outcomes, strict=True) if r.gold is not None]
    word = metrics.word_prf([r.gold for r, _ in worded], [o.flagged for _, o in worded])
    counts = [metrics.word_counts(r.gold, o.flagged) for r, o in worded]
    labelled = [(r.biased, o) for r, o in zip(records, outcomes) if r.biased is not None]
    truth, predicted = [t for t, _ in labelled], [bool(o.flagged) for _, o in labelled]
    changed = [bool(o.changed) for _, o in labelled]
    flagging = [bool(o.flagged - o.changed) for _, o in labelled]
    has_both = len(set(truth)) == 2
    top1 = None
    if dataset == "wnc_sample":
        ranked = [(o.scores, r.gold) for r, o in worded if r.gold]
        top1 = metrics.top1_accuracy([s for s, _ in ranked], [g for _, g in ranked])
    return DetectResult(
        system=system,
        dataset=dataset,
        split=split,
        sentences=len(records),
        word=word,
        sentence_macro_f1=metrics.macro_f1(truth, predicted) if has_both else None,
        false_edit_rate=metrics.false_edit_rate(truth, changed) if False in truth else None,
        top1=top1,
        sentences_per_s=len(records) / seconds if seconds > 0 else None,
        edit_precision=metrics.word_prf([r.gold for r, _ in worded], [o.changed for _, o in worded]).precision,
        false_flag_rate=metrics.false_edit_rate(truth, flagging) if False in truth else None,
        word_f1_ci=metrics.word_f1_ci(counts),
        reliability=_reliability(worded),
        outcomes=list(outcomes),
    )


def _reliability(worded: Sequence[tuple[LabelledSentence, Outcome]]) -> metrics.Reliability | None:
    """An edit is right when it covers a word the annotators marked (a whole-sentence label is not
    enough); None for systems that state no confidence."""
    pairs = [(confidence, bool(tokens & record.gold)) for record, outcome in worded for tokens, confidence in outcome.edits]
    if not pairs:
        return None
    return metrics.reliability([c for c, _ in pairs], [h for _, h in pairs])


def evaluate_detector(detector: Detector, dataset: str, split: str, records: Sequence[LabelledSentence]) -> DetectResult:
    outcomes, seconds = run_detector(detector, records)
    return score(detector.name, dataset, split, records, outcomes, seconds)


def error_words(
    records: Sequence[LabelledSentence], outcomes: Sequence[Outcome], top: int = 15
) -> dict[str, list[tuple[str, int]]]:
    """The words a system most often flags wrongly (false positives) and most often misses."""
    false_pos: Counter[str] = Counter()
    false_neg: Counter[str] = Counter()
    for record, outcome in zip(records, outcomes, strict=True):
        if record.gold is None:
            continue
        false_pos.update(record.tokens[i].norm for i in outcome.flagged - record.gold)
        false_neg.update(record.tokens[i].norm for i in record.gold - outcome.flagged)
    return {"false_positives": false_pos.most_common(top), "false_negatives": false_neg.most_common(top)}


SYSTEMS = ("unspin", "unspin-thorough", "lexicon", "recasens")


def make_detector(system: str, dataset: str, strength: str = "standard") -> Detector:
    """A detection system by name ("unspin:strong" picks a strength, "unspin-thorough" routes every
    sentence to the encoder); baselines are imported only when asked for."""
    name, _, chosen = system.partition(":")
    if name in ("unspin", "unspin-thorough"):
        from unspin.eval.detectors import UnspinDetector

        return UnspinDetector(chosen or strength, thorough=name == "unspin-thorough")
    if system == "lexicon":
        from unspin.eval.baselines.lexicon import LexiconBaseline

        return LexiconBaseline()
    if system == "recasens":
        from unspin.eval.baselines.recasens import RecasensBaseline

        return RecasensBaseline(dataset)
    raise ValueError(f"unknown system {system!r}; choose from {', '.join(SYSTEMS)}")


def evaluate_dataset(
    dataset: str,
    split: str,
    root=None,
    *,
    systems: Sequence[str] = SYSTEMS,
    strength: str = "standard",
    limit: int | None = None,
    error_top: int = 0,
) -> tuple[list[DetectResult], dict[str, dict]]:
    """Every system on one split; with `error_top`, each system's most frequent word errors too."""
    from unspin.eval.datasets import load_detect

    records = load_detect(dataset, split, root)[:limit]
    results, errors = [], {}
    for system in systems:
        result = evaluate_detector(make_detector(system, dataset, strength), dataset, split, records)
        results.append(result)
        if error_top:
            errors[result.system] = error_words(records, result.outcomes, error_top)
    return results, errors


def evaluate_sets(
    datasets: Sequence[str],
    split: str,
    root=None,
    *,
    strength: str = "standard",
    all_strengths: bool = False,
    limit: int | None = None,
    error_top: int = 0,
) -> tuple[list[DetectResult], dict[str, dict]]:
    """Every system on every set; `all_strengths` adds unspin rows at the other strengths."""
    from unspin.settings import STRENGTHS

    systems = list(SYSTEMS)
    if all_strengths:
        systems[1:1] = [f"unspin:{s}" for s in STRENGTHS if s != strength]
    results, errors = [], {}
    for dataset in datasets:
        found, wrong = evaluate_dataset(
            dataset, split, root, systems=systems, strength=strength, limit=limit, error_top=error_top
        )
        results += found
        if wrong:
            errors[dataset] = wrong
    return results, errors
