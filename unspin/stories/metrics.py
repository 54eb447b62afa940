"""B-cubed precision, recall and F1 of a grouping (Bagga and Baldwin 1998; Amigó et al. 2009).

B-cubed scores each article: precision is the share of its predicted story that
truly belongs to its event, recall the share of its event found in its
predicted story; both are averaged over articles. Unlike pairwise scores it
does not let one large story dominate, and unlike purity it penalises both
splitting and lumping.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class BCubed:
    precision: float
    recall: float

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def bcubed(predicted: Sequence[Hashable], gold: Sequence[Hashable]) -> BCubed:
    """Scores for one label per article in both sequences (same order, same length)."""
    if len(predicted) != len(gold):
        raise ValueError(f"{len(predicted)} predicted labels for {len(gold)} gold labels")
    if not gold:
        return BCubed(0.0, 0.0)
    in_predicted = Counter(predicted)
    in_gold = Counter(gold)
    both = Counter(zip(predicted, gold))
    precision = sum(both[(p, g)] / in_predicted[p] for p, g in zip(predicted, gold)) / len(gold)
    recall = sum(both[(p, g)] / in_gold[g] for p, g in zip(predicted, gold)) / len(gold)
    return BCubed(precision, recall)


def labels_from_groups(groups: Sequence[Sequence[str]], keys: Sequence[str]) -> list[int]:
    """One story label per key, from lists of member keys."""
    label = {key: number for number, group in enumerate(groups) for key in group}
    missing = [key for key in keys if key not in label]
    if missing:
        raise ValueError(f"{len(missing)} articles are in no group, e.g. {missing[0]!r}")
    return [label[key] for key in keys]
