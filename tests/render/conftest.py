"""Fixtures for the render tests: small hand-made reports and an HTML reader."""

from __future__ import annotations

import lxml.html
import pytest

from tests.render.factory import edit, report, sample_report

CURFEW = "The oppressive government imposed a curfew."


@pytest.fixture
def curfew():
    """The legend's own example: one cut."""
    return report(
        CURFEW, [edit(CURFEW, "cut", "oppressive", category="emotive-adjective", reason="emotive adjective", confidence=0.9)]
    )


@pytest.fixture
def curfew_modified():
    """The same sentence with a cut and a neutral replacement."""
    return report(
        CURFEW,
        [
            edit(CURFEW, "cut", "oppressive", category="emotive-adjective", reason="emotive adjective"),
            edit(CURFEW, "modify", "imposed", "announced", category="loaded-verb", reason="implies force"),
        ],
        title=None,
    )


@pytest.fixture
def sample():
    return sample_report()


def parse(html: str):
    return lxml.html.document_fromstring(html)
