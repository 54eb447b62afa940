"""What the detect stage hands to the edit stage."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class Role(StrEnum):
    """How the span sits in its sentence, which decides cut versus modify."""

    MODIFIER = "modifier"  # removable: the sentence stays grammatical without it
    HEAD = "head"  # load-bearing: needs a neutral replacement, or is left alone


class Span(BaseModel):
    """A stretch of loaded, flowery or subjective language found in the text.

    Offsets index the text given to the detector (the article's original text).
    """

    model_config = ConfigDict(frozen=True)

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str
    category: str  # intensifier, emotive_adjective, loaded_verb, editorial_adverb, ...
    reason: str  # one sentence a reader understands
    confidence: float = Field(ge=0.0, le=1.0)
    role: Role
    by: str  # rule or model id, e.g. "lexicon:intensifiers@1"
    replacement: str | None = None  # neutral wording when role is HEAD
    # Why a removable modifier must stay after all ('' when it may be cut): the parse shows that a cut
    # would break the phrase or widen the claim ("the [...] Benedict IX", "[...] for Trump"), so the
    # editor flags it instead.
    keep: str = ""
