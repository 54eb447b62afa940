"""The four sample text dumps: their furniture goes, their reporting stays."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.clean.helpers import assert_valid_boilerplate, kept_text, paragraphs, removed_lines
from unspin.clean import find_boilerplate

SAMPLES = Path(__file__).resolve().parents[2] / "unspin" / "samples"

FURNITURE: dict[str, list[str]] = {
    "northgate_courier_velmora_flood.txt": [
        "Skip to content",
        "Breaking News",
        "Updated",
        "Residents wade through a flooded street in Velmora (file photo)",
        "Read more from the Northgate Courier:",
        "Astrana braces for its wettest autumn in 40 years",
        "Aerial footage shows the scale of the flooding in Velmora",
        "please wait",
        "0:00 0:02:14 0:00",
        "Share this article",
        "Related Articles",
        "16x9 Image",
        "Ilse Marrow",
        "Copyright 2025 Northgate Courier. All rights reserved.",
        "Back to top",
    ],
    "meridian_daily_velmora_flood.txt": [
        "Accessibility links",
        "By Jonas Pell",
        "Follow live:",
        "Rain warning extended across three northern districts",
        "Read more:",
        "Who runs Astrana's dams?",
        "Advertisement",
        "Most Read",
        "Back to top",
    ],
    "harbour_post_caldera_strike.txt": [
        "Sign in",
        "Updated",
        "Cranes stand idle at the Caldera Bay container terminal",
        "Read more from Harbour Post:",
        "0:00 0:01:05 0:00",
        "Share on Twitter",
        "Oskar Venn",
        "may not be reproduced",
        "XS",
        "LG",
    ],
    "continental_wire_caldera_strike.txt": [
        "Skip to main content",
        "Follow live:",
        "Ostrava markets open lower as port closes",
        "Sign up for our newsletter",
        "Related Articles",
        "Back to top",
    ],
}


@pytest.mark.parametrize("name", sorted(FURNITURE))
def test_sample_dump(name: str) -> None:
    text = (SAMPLES / name).read_text("utf-8")
    edits = find_boilerplate(text)
    assert_valid_boilerplate(text, edits)
    removed = removed_lines(text, edits)
    for fragment in FURNITURE[name]:
        assert any(fragment in line for line in removed), f"furniture kept: {fragment}"
    kept = kept_text(text, edits)
    for paragraph in paragraphs(text):
        if (
            not any(fragment in paragraph for fragment in FURNITURE[name])
            and " is a " not in paragraph
            and " is the " not in paragraph
        ):
            assert paragraph in kept, f"paragraph removed: {paragraph[:60]}"
    headline = next(line for line in kept.splitlines() if line.strip())
    assert not headline.rstrip().endswith(".") and len(headline.split()) <= 20
