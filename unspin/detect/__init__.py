"""Detect stage: find loaded, flowery or subjective language and say why.

    >>> from unspin.detect import detect_spans
    >>> [(s.text, s.role.value) for s in detect_spans("The oppressive government imposed a curfew.")]
    [('oppressive', 'modifier')]

`detect_spans` uses one shared `Detector`, which holds the lexicons and loads
the trained word scorer (numpy only; unspin/data/model/) and the spaCy model
once per process, on first use. The stage runs in four passes (scan.py: words,
sentences and lexicon matches; model.py: a calibrated probability for every
word; tagging.py: tags only for a few words around the likely ones; rules.py:
modifier or head, and the neutral replacement), then assemble.py merges
neighbours into spans whose confidence is the model's probability.
"""

from unspin.detect.detector import Detector, default_detector, detect_spans, min_confidence
from unspin.detect.lexicon import Lexicon, LexiconError, load_lexicon
from unspin.detect.nlp import load_nlp
from unspin.detect.span import Role, Span
from unspin.settings import STRENGTHS

__all__ = [
    "STRENGTHS",
    "Detector",
    "Lexicon",
    "LexiconError",
    "Role",
    "Span",
    "default_detector",
    "detect_spans",
    "load_lexicon",
    "load_nlp",
    "min_confidence",
]
