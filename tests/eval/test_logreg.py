from __future__ import annotations

import numpy as np
import pytest

from unspin.eval.baselines import logreg


def test_sparse_rows_dot_and_transpose() -> None:
    x = logreg.SparseRows.build([[0, 2], [1], [0, 1, 2]])
    w = np.array([1.0, 10.0, 100.0])
    assert x.dot(w).tolist() == [101.0, 10.0, 111.0]
    assert x.transpose_dot(np.array([1.0, 2.0, 3.0]), 3).tolist() == [4.0, 5.0, 4.0]


def test_empty_rows_are_refused() -> None:
    with pytest.raises(ValueError):
        logreg.SparseRows.build([[0], []])


def test_fit_separates_and_is_deterministic() -> None:
    # feature 0 = bias, feature 1 marks positives, feature 2 marks negatives
    rows = [[0, 1]] * 10 + [[0, 2]] * 30
    x = logreg.SparseRows.build(rows)
    y = np.array([1.0] * 10 + [0.0] * 30)
    w = logreg.fit(x, y, 3, l2=1e-4, epochs=200)
    p = logreg.predict(x, w)
    assert (p[:10] > 0.9).all() and (p[10:] < 0.1).all()
    assert np.array_equal(w, logreg.fit(x, y, 3, l2=1e-4, epochs=200))
