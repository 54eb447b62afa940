from unspin.eval.datasets import labelled
from unspin.eval.quality import category_precision


def test_category_precision_counts_edited_gold_words() -> None:
    record = labelled("s1", "The oppressive government imposed a curfew.", "Biased", ["oppressive"])
    neutral = labelled("s2", "The shocking report was published.", "Biased", ["report"])
    counts = category_precision([record, neutral])
    assert counts["emotive_adjective"] == (1, 2)
