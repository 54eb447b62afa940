"""Profiles as the store keeps them, so the story index can be rebuilt without the embedding model.

A profile costs an embedding and a spaCy pass; everything after that (search, pair
model, linkage) is cheap. Keeping each stored article's profile in the database
means a server that starts again, or a second process that sees articles another
one stored, rebuilds its index from rows instead of re-reading every article.

    draft = draft_of(report, key="42")          # what the index needs from a report
    row = encode(profile)                       # bytes and JSON for the story_profiles table
    profile = decode(key, row.vector, row.shingles, row.data)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from unspin.ingest.outlet import UNKNOWN
from unspin.report import Report
from unspin.stories.dates import publication_date
from unspin.stories.profile import SHINGLE_WORDS, Draft, Profile, profiles
from unspin.stories.text import headline, lead_text, opening_body, shown_headline

# Bump when the profile's fields or the model that makes its vector change: rows of another format are profiled
# again when the store's index is next built. 2: lead vectors by the events encoder (`embed.EVENTS`), not the
# packaged MiniLM.
FORMAT = 2


def draft_of(report: Report, key: str) -> Draft:
    """The index's inputs for one report: headline, lead, body, publication date, outlet (as `group_reports` builds them)."""
    body = opening_body(report, SHINGLE_WORDS)  # once: the headline, the lead and the body all read it
    return Draft(
        key=key,
        headline=headline(report, body),
        lead=lead_text(report, body=body),
        body=" ".join(s.text for s in body),
        published=publication_date(report),
        outlet=report.outlet_name or UNKNOWN,
    )


def profile_of(report: Report, key: str) -> Profile:
    """The profile of one report (runs the embedding model and spaCy)."""
    return profiles([draft_of(report, key)])[0]


def story_title(report: Report) -> str:
    """The headline a story shows when this report heads it: neutral, as `Story.headline` gives it."""
    return shown_headline(report) or report.source


@dataclass(frozen=True)
class Encoded:
    """A profile as table columns: the vector and shingles as bytes, the rest as JSON."""

    vector: bytes
    shingles: bytes
    data: dict


def encode(profile: Profile) -> Encoded:
    return Encoded(
        vector=np.asarray(profile.vector, dtype="<f4").tobytes(),
        shingles=np.asarray(profile.shingles, dtype="<u8").tobytes(),  # sorted already
        data={
            "format": FORMAT,
            "headline": profile.headline,
            "lead": profile.lead,
            "words": profile.words,
            "title_words": profile.title_words,
            "names": profile.names,
            "numbers": sorted(profile.numbers),
            "published": profile.published.isoformat() if profile.published else None,
            "outlet": profile.outlet,
            "fingerprint": profile.fingerprint,
        },
    )


def current(data: dict) -> bool:
    """The stored profile is of this version's format (`FORMAT`): one index never mixes two kinds of profile."""
    return data.get("format") == FORMAT


def decode(key: str, vector: bytes, shingles: bytes, data: dict) -> Profile:
    """The profile `encode` stored; raises `ValueError` for a row of another format."""
    if not current(data):
        raise ValueError(f"story profile of article {key} has format {data.get('format')!r}, not {FORMAT}")
    return Profile(
        key=key,
        headline=data["headline"],
        lead=data["lead"],
        vector=np.frombuffer(vector, dtype="<f4").astype(np.float32),
        words=data["words"],
        title_words=data["title_words"],
        names=data["names"],
        numbers=frozenset(data["numbers"]),
        published=date.fromisoformat(data["published"]) if data["published"] else None,
        outlet=data["outlet"],
        fingerprint=data["fingerprint"],
        shingles=np.unique(np.frombuffer(shingles, dtype="<u8").astype(np.uint64)),  # rows stored sorted; unique is cheap
    )
