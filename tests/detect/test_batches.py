"""A long article is read a batch of whole sentences at a time, with the same spans as in one pass
(issue 12 item 7: per-word structures of a 2 MB article held gigabytes)."""

from __future__ import annotations

from pathlib import Path

import pytest

from unspin.detect import detector as detector_module
from unspin.detect.scan import sentence_batches, sentence_starts, words_of

pytestmark = pytest.mark.slow

SAMPLES = Path(__file__).resolve().parents[2] / "unspin" / "samples"
# Neighbouring modifiers on both sides of a line break (they join one span across it), a quotation over
# two paragraphs (a skip range across a batch edge), phrases and hyphenated words at sentence edges.
WRITTEN = (
    "The council approved a shockingly expensive bridge on Tuesday, officials said. Critics slammed the "
    "extremely lavish design, a disgraceful waste of 12 million pounds.\n"
    "The troops fought savagely\nbrutally, witnesses said. “It is an outrageous,\n\ndisgraceful waste,” said Mary Hollins.\n\n"
    "The far-left mayor said the vote was fair. Mr. Smith claimed the talks failed!\n\n"
)


def _long_text() -> str:
    samples = "\n\n".join(path.read_text(encoding="utf-8") for path in sorted(SAMPLES.glob("*.txt"))[:2])
    return WRITTEN * 3 + samples


def test_batches_cover_the_text_at_sentence_starts() -> None:
    text = _long_text()
    starts = sentence_starts(text)
    batches = list(sentence_batches(starts, len(text), 300))
    assert batches[0][0] == 0 and batches[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(batches, batches[1:]))
    assert all(end in starts for _, end in batches[:-1])
    assert len(batches) > 10
    assert [w for lo, hi in batches for w in words_of(text, lo, hi)] == words_of(text)


@pytest.mark.parametrize("batch_chars", [1, 200, 1_000])
@pytest.mark.parametrize("scorer", ["detector", "model_detector"])
def test_batches_find_the_spans_of_one_pass(monkeypatch, request, scorer: str, batch_chars: int) -> None:
    detector = request.getfixturevalue(scorer)
    text = _long_text()
    quotes = [(text.index("“", k), text.index("”", k) + 1) for k in (0, len(WRITTEN), 2 * len(WRITTEN))]
    whole = detector.detect(text, skip=quotes, strength="strong")
    assert len(text) < detector_module.BATCH_CHARS  # the default reads this text in one pass
    assert any("\n" in span.text for span in whole)  # a span joined across a line break
    monkeypatch.setattr(detector_module, "BATCH_CHARS", batch_chars)
    assert detector.detect(text, skip=quotes, strength="strong") == whole
