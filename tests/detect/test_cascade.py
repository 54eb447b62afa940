"""The cascade (cheap scorer, then the encoder on suspicious sentences) and the encoder's word alignment."""

from __future__ import annotations

import numpy as np
import pytest

from unspin.detect.cascade import CascadeScorer, _sentences
from unspin.detect.encoder import MAX_PIECES, combined, load_encoder, pieces
from unspin.detect.model import Scores
from unspin.detect.scan import sentence_starts, words_of


class FixedCheap:
    """Scores listed words `high` and every other word 0.01."""

    id = "model:fixed@test"

    def __init__(self, high: dict[str, float]) -> None:
        self.high = high

    def evaluative(self, form: str) -> bool:
        return form == "evaluative"

    def scores(self, text, words, starts, lexicon, candidates=()):
        word = np.array([self.high.get(w.lower, 0.01) for w in words])
        return Scores(word, np.full(len(words), 0.5))


class RecordingEncoder:
    """Answers 0.9 for every word and remembers which sentences it was asked about."""

    id = "model:recording@test"
    card = {"calibration": {"combined": [1.0, 0.0]}}

    def __init__(self) -> None:
        self.asked: list[tuple[str, int]] = []

    def score_many(self, sentences):
        self.asked.extend((sentence, offset) for sentence, _, offset in sentences)
        return [(np.full(len(words), 0.9, dtype=np.float32), 0.8) for _, words, _ in sentences]


TEXT = "The council met on Tuesday. A shameful vote followed! Members left at noon."


def run(route_at: float):
    words, starts = words_of(TEXT), sentence_starts(TEXT)
    encoder = RecordingEncoder()
    scorer = CascadeScorer(FixedCheap({"shameful": 0.5}), encoder, route_at)
    return words, scorer.scores(TEXT, words, starts, lexicon=None), encoder, scorer


def test_only_suspicious_sentences_reach_the_encoder():
    words, scores, encoder, scorer = run(route_at=0.2)
    assert encoder.asked == [("A shameful vote followed! ", TEXT.index("A shameful"))]
    second = [i for i, w in enumerate(words) if TEXT.index("A shameful") <= w.start < TEXT.index("Members")]
    expected = combined(np.array([0.01, 0.5, 0.01, 0.01]), np.full(4, 0.9), RecordingEncoder.card["calibration"])
    assert np.allclose(scores.word[second], expected) and np.allclose(scores.sentence[second], 0.8)
    assert scores.word[second][1] > 0.5 > scores.word[second][0] > 0.01  # both scorers count
    others = [i for i in range(len(words)) if i not in second]
    assert np.allclose(scores.word[others], 0.01)
    assert (scorer.routing.sentences, scorer.routing.routed) == (3, 1)
    assert scores.routed.tolist() == [i in second for i in range(len(words))]


def test_thorough_routes_every_sentence():
    _, scores, encoder, scorer = run(route_at=0.0)
    assert [offset for _, offset in encoder.asked] == [0, TEXT.index("A shameful"), TEXT.index("Members")]
    assert scorer.routing.share == 1.0 and (scores.word > 0.01).all()


def test_only_actionable_words_decide_the_routing():
    words, starts = words_of(TEXT), sentence_starts(TEXT)
    encoder = RecordingEncoder()
    scorer = CascadeScorer(FixedCheap({"shameful": 0.5}), encoder, 0.2)
    scorer.scores(TEXT, words, starts, None, (), actionable=lambda i: words[i].lower != "shameful")
    assert encoder.asked == []


def test_evaluative_evidence_comes_from_the_cheap_scorer():
    scorer = CascadeScorer(FixedCheap({}), RecordingEncoder(), 0.2)
    assert scorer.evaluative("evaluative") and not scorer.evaluative("table")
    assert scorer.id == "model:fixed@test+model:recording@test"


def test_sentences_cover_every_word_once():
    words, starts = words_of(TEXT), sentence_starts(TEXT)
    runs = _sentences(TEXT, words, starts)
    assert [(b, e) for b, e, _, _ in runs] == [(0, 5), (5, 9), (9, 13)]
    assert all(TEXT[lo:hi].strip() for _, _, lo, hi in runs) and runs[-1][3] == len(TEXT)


def test_the_encoder_never_sinks_a_lexicon_match():
    from unspin.detect.scan import Candidate

    words, starts = words_of(TEXT), sentence_starts(TEXT)
    shameful = next(i for i, w in enumerate(words) if w.lower == "shameful")
    vote = shameful + 1

    class Doubtful(RecordingEncoder):
        def score_many(self, sentences):
            return [(np.full(len(words), 0.001, dtype=np.float32), 0.05) for _, words, _ in sentences]

    cheap = FixedCheap({"shameful": 0.5, "vote": 0.4})
    match = Candidate(words[shameful].start, words[shameful].end, shameful, shameful)
    scores = CascadeScorer(cheap, Doubtful(), 0.2).scores(TEXT, words, starts, None, [match])
    assert scores.word[shameful] == 0.5  # the lexicon match keeps the cheap scorer's probability
    assert scores.word[vote] < 0.1  # a word only the model flagged is the encoder's call too


def test_words_the_encoder_could_not_read_keep_the_cheap_score():
    words, starts = words_of(TEXT), sentence_starts(TEXT)

    class Truncating(RecordingEncoder):
        def score_many(self, sentences):
            return [(np.array([0.9] + [np.nan] * (len(w) - 1), dtype=np.float32), 0.8) for _, w, _ in sentences]

    scores = CascadeScorer(FixedCheap({"shameful": 0.5}), Truncating(), 0.0).scores(TEXT, words, starts, None)
    assert not np.isnan(scores.word).any()
    assert scores.word[words.index(next(w for w in words if w.lower == "shameful"))] == 0.5
    assert scores.word[0] > 0.01  # the first word of each sentence was read


def test_a_text_without_words_asks_nothing():
    encoder = RecordingEncoder()
    scores = CascadeScorer(FixedCheap({}), encoder, 0.0).scores("1914 -- 1918 !", [], [0], lexicon=None)
    assert len(scores.word) == 0 and encoder.asked == []


def test_every_word_reads_its_own_first_piece():
    text = "Critics  slammed the far-left plan's 2024 costs."
    words = words_of(text)
    encoded = pieces(text, words)
    from unspin.detect.encoder import load_tokenizer

    tokens = load_tokenizer().encode(text)
    for word, piece in zip(words, encoded.first_piece):
        start, end = tokens.offsets[piece]
        assert start == word.start, (word, tokens.tokens[piece])
    assert encoded.ids[0] == tokens.ids[0] and len(encoded.ids) == len(tokens.ids)


def test_offsets_are_relative_to_the_sentence():
    text = "First sentence here. Then a dreadful one."
    words = [w for w in words_of(text) if w.start >= text.index("Then")]
    encoded = pieces(text[text.index("Then") :], words, offset=text.index("Then"))
    assert (encoded.first_piece >= 1).all() and len(set(encoded.first_piece)) == len(words)


def test_words_past_the_piece_limit_are_marked_unread():
    text = " ".join(["word"] * (MAX_PIECES + 20))
    encoded = pieces(text, words_of(text))
    assert len(encoded.ids) == MAX_PIECES
    assert (encoded.first_piece[: MAX_PIECES - 2] >= 0).all() and (encoded.first_piece[-10:] == -1).all()
    word_logits, _ = load_encoder().logits(text, words_of(text))
    assert np.isnan(word_logits[-10:]).all() and not np.isnan(word_logits[: MAX_PIECES - 2]).any()


@pytest.mark.slow
def test_the_shipped_encoder_separates_a_loaded_sentence_from_a_plain_one():
    encoder = load_encoder()
    loaded = "The radical mob shamefully destroyed the city's beloved park in a disgusting rampage."
    plain = "The city council voted on Tuesday to close the park for repairs until March."
    loaded_words, loaded_sentence = encoder.score(loaded, words_of(loaded))
    plain_words, plain_sentence = encoder.score(plain, words_of(plain))
    assert loaded_sentence > plain_sentence
    assert loaded_words.max() > plain_words.max()
    assert ((0 <= loaded_words) & (loaded_words <= 1)).all() and len(loaded_words) == len(words_of(loaded))


@pytest.mark.slow
def test_batched_sentences_score_as_they_would_alone():
    encoder = load_encoder()
    texts = [
        "A dreadful plan.",
        "The council, after a long and bitter debate, approved the budget on Tuesday.",
        "Critics slammed it.",
    ]
    together = encoder.logits_many([(t, words_of(t), 0) for t in texts])
    for text, (word_logits, sentence_logit) in zip(texts, together):
        alone_words, alone_sentence = encoder.logits(text, words_of(text))
        assert np.array_equal(word_logits, alone_words) and sentence_logit == alone_sentence
