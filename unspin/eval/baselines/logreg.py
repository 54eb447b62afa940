"""Binary logistic regression over sparse binary features, in numpy.

Small on purpose: the Recasens-style baseline needs nothing more, and this keeps
scikit-learn out of the dependencies. Full-batch Adam from zero weights, so a
fit is deterministic for given data and settings.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np


@dataclass(frozen=True)
class SparseRows:
    """Rows of active feature indices, stored CSR-style (every row non-empty)."""

    indptr: np.ndarray
    indices: np.ndarray

    @classmethod
    def build(cls, rows: Sequence[Sequence[int]]) -> "SparseRows":
        if any(len(r) == 0 for r in rows):
            raise ValueError("every row needs at least one active feature")
        lengths = np.fromiter((len(r) for r in rows), dtype=np.int64, count=len(rows))
        indptr = np.concatenate([[0], np.cumsum(lengths)])
        indices = np.fromiter((i for r in rows for i in r), dtype=np.int64, count=int(indptr[-1]))
        return cls(indptr, indices)

    def __len__(self) -> int:
        return len(self.indptr) - 1

    def dot(self, weights: np.ndarray) -> np.ndarray:
        return np.add.reduceat(weights[self.indices], self.indptr[:-1])

    def transpose_dot(self, values: np.ndarray, n_features: int) -> np.ndarray:
        return np.bincount(self.indices, weights=np.repeat(values, np.diff(self.indptr)), minlength=n_features)


def sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))


def fit(x: SparseRows, y: np.ndarray, n_features: int, *, l2: float, epochs: int = 400, lr: float = 0.05) -> np.ndarray:
    """Weights minimising mean log loss + l2/2 * |w|^2."""
    w = np.zeros(n_features)
    m = np.zeros(n_features)
    v = np.zeros(n_features)
    beta1, beta2, eps = 0.9, 0.999, 1e-8
    n = len(x)
    for step in range(1, epochs + 1):
        p = sigmoid(x.dot(w))
        grad = x.transpose_dot(p - y, n_features) / n + l2 * w
        m = beta1 * m + (1 - beta1) * grad
        v = beta2 * v + (1 - beta2) * grad * grad
        w -= lr * (m / (1 - beta1**step)) / (np.sqrt(v / (1 - beta2**step)) + eps)
    return w


def predict(x: SparseRows, w: np.ndarray) -> np.ndarray:
    return sigmoid(x.dot(w))
