"""Additions name the outlet they came from, or say "unknown outlet": never a file stem or hash."""

from __future__ import annotations

import re

import pytest

from unspin.edit.ledger import EditKind

pytestmark = pytest.mark.slow

FIRST = (
    "Dock workers at the Port of Caldera Bay walked out on Monday over a plan to automate two terminals, "
    "union leader Ruben Akoli said.\n\nSome 3,200 workers joined the strike, leaving 41 ships at anchor.\n\n"
    "The port authority said talks would resume on Friday.\n"
)
SECOND = (
    "LONDON (Reuters) - Dock workers at the Port of Caldera Bay went on strike on Monday over plans to automate "
    "two terminals, union leader Ruben Akoli said.\n\nThe port authority said talks would resume on Friday.\n\n"
    "Shipping agents said the strike would cost exporters about 12 million euros a day, according to the chamber of commerce.\n"
)


def test_additions_credit_a_named_or_unknown_outlet_never_a_file(tmp_path, model):
    from unspin.stories.story import build_stories

    (tmp_path / "9f86d081884c7d65.txt").write_text(FIRST, encoding="utf-8")
    (tmp_path / "037baa1bc531c0fc.txt").write_text(SECOND, encoding="utf-8")
    run = build_stories([str(tmp_path)])
    (story,) = run.stories
    outlets = {m.key.rsplit("/", 1)[-1]: m.outlet for m in story.members}
    assert outlets == {"9f86d081884c7d65.txt": "unknown outlet", "037baa1bc531c0fc.txt": "Reuters"}
    added = {
        m.outlet: [e for e in m.filled.edits if e.kind is EditKind.ADD and e.category == "added_fact"] for m in story.members
    }
    assert added["unknown outlet"] and all(e.source == "Reuters" for e in added["unknown outlet"])
    for edits in added.values():
        for edit in edits:
            assert re.match(r"\[Added from (Reuters|unknown outlet): ", edit.replacement.strip())
            assert (
                "9f86d081884c7d65" not in edit.replacement + edit.source
                and "037baa1bc531c0fc" not in edit.replacement + edit.source
            )
