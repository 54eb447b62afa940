"""A long text is scored in blocks of whole sentences, exactly as in one piece (issue 12 item 7:
the feature matrix of a 2 MB article took over a gigabyte)."""

from __future__ import annotations

import numpy as np

from unspin.detect import model as model_module
from unspin.detect.lexicon import load_lexicon
from unspin.detect.model import load_model
from unspin.detect.scan import find_candidates, sentence_starts, words_of

TEXT = (
    "The council approved a shockingly expensive bridge on Tuesday, officials said. "
    "Critics slammed the extremely lavish design, a disgraceful waste of 12 million pounds. "
    "The mayor said the vote was fair.\n\n"
) * 12


def test_blocks_score_like_the_whole_text(monkeypatch) -> None:
    model, lexicon = load_model(), load_lexicon()
    words, starts = words_of(TEXT), sentence_starts(TEXT)
    found = find_candidates(TEXT, words, lexicon)
    assert any(c.last_word > c.first_word for c in found) or found
    whole = model.scores(TEXT, words, starts, lexicon, found)
    monkeypatch.setattr(model_module, "BLOCK_WORDS", 7)  # shorter than a sentence: blocks grow to sentence ends
    blocks = model.scores(TEXT, words, starts, lexicon, found)
    assert len(blocks.word) == len(words)
    np.testing.assert_allclose(blocks.word, whole.word, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(blocks.sentence, whole.sentence, rtol=1e-5, atol=1e-6)
