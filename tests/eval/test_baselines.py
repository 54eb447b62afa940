"""The baselines on hand-made sentences; the Recasens model is trained on the tiny fixture set."""

from __future__ import annotations

from pathlib import Path

import pytest

from unspin.eval.baselines import features, recasens
from unspin.eval.baselines.lexicon import LexiconBaseline
from unspin.eval.datasets import TestSplitError

pytestmark = pytest.mark.slow


def test_every_family_file_loads() -> None:
    loaded = {f.name: f for f in features.families()}
    assert set(loaded) == set(features.FAMILIES)
    assert "probably" in loaded["hedges"].words and ("point", "out") in loaded["assertives"].phrases["point"]
    assert len(loaded["strong_subjectives"].words) > 500 and len(loaded["negative_words"].words) > 2000
    assert len(loaded["npov_bias"].words) == 654


def test_features_mark_families_and_context() -> None:
    doc = features.load_nlp()("He claimed the plan was probably a disaster.")
    rows = {tok.text: set(row) for tok, row in zip(doc, features.doc_features(doc))}
    assert {"report_verbs", "assertives", "hedges"} <= rows["claimed"]  # by lemma: claim
    assert "negative_words" in rows["disaster"] and "negative_words_ctx" not in rows["He"]
    assert "hedges" in rows["probably"]
    assert "hedges_ctx" in rows["was"] and "pos=RB" in rows["probably"]
    assert rows["He"] >= {"bias", "position=start", "pos-1=<none>"}


def test_recasens_trains_on_dev_only(data_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    model = recasens.train("babe", data_root, write=False)
    assert model.meta["trained_on"].startswith("babe/dev") and 0 < model.threshold < 1
    assert model.weights and all(isinstance(v, float) for v in model.weights.values())
    assert recasens.train("babe", data_root, write=False) == model  # deterministic

    calls = []
    real = recasens.load_bias_sentences

    def sneaky(dataset, split, root=None, *, for_training=False):
        calls.append(split)
        return real(dataset, "test", root, for_training=for_training)

    monkeypatch.setattr(recasens, "load_bias_sentences", sneaky)
    with pytest.raises(TestSplitError):
        recasens.train("babe", data_root, write=False)
    assert calls == ["dev"]


def test_shipped_recasens_models_load_and_predict() -> None:
    detector = recasens.RecasensBaseline("wnc_sample")
    assert detector.trained_on == "babe"
    (prediction,) = detector.predict(["The radical left staged a disgraceful stunt."])
    assert len(prediction.scored) == 8 and all(0 <= s <= 1 for _, _, s in prediction.scored)


def test_lexicon_lookup_flags_listed_words_anywhere() -> None:
    text = "The mayor slammed the brutal plan."
    (prediction,) = LexiconBaseline().predict([text])
    assert "brutal" in [text[a:b] for a, b in prediction.flagged]
