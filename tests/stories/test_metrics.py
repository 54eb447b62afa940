import pytest

from unspin.stories.metrics import bcubed, labels_from_groups


def test_perfect_grouping_scores_one():
    score = bcubed(["a", "a", "b"], [1, 1, 2])
    assert (score.precision, score.recall, score.f1) == (1.0, 1.0, 1.0)


def test_everything_in_one_story():
    # gold {1,2} {3}: precision per item 2/3, 2/3, 1/3; recall 1 for all
    score = bcubed([0, 0, 0], ["x", "x", "y"])
    assert score.precision == pytest.approx(5 / 9)
    assert score.recall == 1.0


def test_all_singletons():
    score = bcubed([1, 2, 3, 4], ["x", "x", "y", "y"])
    assert score.precision == 1.0
    assert score.recall == pytest.approx(0.5)
    assert score.f1 == pytest.approx(2 / 3)


def test_length_mismatch_is_an_error():
    with pytest.raises(ValueError):
        bcubed([1], [1, 2])


def test_labels_from_groups():
    assert labels_from_groups([["a", "b"], ["c"]], ["c", "a", "b"]) == [1, 0, 0]
    with pytest.raises(ValueError):
        labels_from_groups([["a"]], ["a", "z"])
