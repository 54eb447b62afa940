"""`unspin.stories.judges`: the learned "fact lacking?" judge a candidate the rules pass must also satisfy.

The sentences and their measures are made up (no embedding model: closeness and restated share are given); the
weights are the shipped ones of `unspin/data/stories/judges.json`.
"""

from __future__ import annotations

from unspin.stories import judges
from unspin.stories.fill import Candidate, Limits
from unspin.stories.novelty import Element

BOUNDS = Limits(covered=0.5, covered_with_new_detail=0.55, min_words=8, covered_incidental=0.35)
PORT = Element("name", "Harbour Board", ("harbour", "board"))
QUOTE = Element("quotation", "we will not reopen the gates this week", ("reopen", "gates", "week"))
VELDT = Element("person", "Hanna Veldt", ("veldt",))


def test_a_restatement_with_one_new_name_passes_the_rules_but_not_the_judge():
    """The article told of the gates' closure; only the board's name is new and the rest is its words."""
    text = "The Harbour Board closed the gates of the port after the flood warning."
    candidate = Candidate(text, near=0.3, new=(PORT,), restated=0.9, told=False)
    assert candidate.ruled(BOUNDS)
    assert not judges.trusted(candidate)
    assert not candidate.lacking(BOUNDS)


def test_a_new_quotation_with_its_speaker_is_trusted():
    text = 'Port director Hanna Veldt said: "we will not reopen the gates this week."'
    candidate = Candidate(text, near=0.3, new=(VELDT, QUOTE), restated=0.2, told=False)
    assert judges.trusted(candidate)
    assert candidate.lacking(BOUNDS)


def test_the_probability_rises_with_what_is_new():
    """More new core elements and fewer of the article's words: a reader more often lacks the fact."""
    text = "Port director Hanna Veldt ordered the Harbour Board to close the gates."
    little = Candidate(text, near=0.3, new=(PORT,), restated=0.8, told=False)
    more = Candidate(text, near=0.3, new=(PORT, VELDT), restated=0.2, told=False)
    assert judges.probability(more) > judges.probability(little)


def test_the_bar_decides_and_no_judge_trusts_all(tmp_path):
    """P = 0.5 for every candidate under these weights: a bar above it rejects, one at it keeps; no file, no judge."""
    text = "The Harbour Board closed the gates of the port after the flood warning."
    candidate = Candidate(text, near=0.3, new=(PORT,), restated=0.9, told=False)
    flat = {"features": ["near"], "mean": [0.0], "scale": [1.0], "weights": [0.0], "bias": 0.0}
    assert judges.probability(candidate, {**flat, "bar": 0.5}) == 0.5
    assert judges.trusted(candidate, {**flat, "bar": 0.5})
    assert not judges.trusted(candidate, {**flat, "bar": 0.6})
    assert judges.model(path=tmp_path / "none.json") is None


def test_the_shipped_judge_says_what_it_was_trained_on():
    entry = judges.model()
    assert entry is not None
    assert "dev" in entry["trained_on"] and "test rows never read" in entry["trained_on"]
    assert set(entry["features"]) <= set(judges.features(Candidate("a b", 0.0, (), 0.0, False)))
