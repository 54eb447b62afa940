"""The neutral headline: computed once on the Report, shown by every list, the original one step away."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import lxml.html
from hypothesis import given
from hypothesis import strategies as st

from tests.render.factory import edit, report
from unspin.edit.ledger import Edit, EditKind
from unspin.render import render, render_index
from unspin.report import Report, _furniture_test

SAMPLES = Path(__file__).parents[1] / "unspin" / "samples"
TEXT = "Menu\nDam operator slammed over brazen flood delay\n\nThe operator was slammed by residents."


def loaded() -> Report:
    edits = [
        edit(TEXT, "boilerplate", "Menu\n"),
        edit(TEXT, "modify", "slammed", "criticized"),
        edit(TEXT, "cut", "brazen "),
        edit(TEXT, "modify", "slammed", "criticized", occurrence=2),
    ]
    return report(TEXT, edits, title="Dam operator slammed over brazen flood delay")


def test_the_neutral_title_is_the_headline_line_after_its_edits():
    r = loaded()
    assert r.title == "Dam operator slammed over brazen flood delay"
    assert r.neutral_title == "Dam operator criticized over [...]flood delay"


def test_a_title_the_text_leaves_out_is_shown_as_given():
    assert report("The operator met residents.", title="Flood talks").neutral_title == "Flood talks"
    assert report("The operator met residents.").neutral_title is None


def test_json_title_is_neutral_and_original_title_as_published():
    r = loaded()
    data = json.loads(render(r, "json"))
    assert data["title"] == r.neutral_title and data["original_title"] == r.title
    assert Report.model_validate(data) == r  # the JSON reads back as the same report


def test_index_shows_the_neutral_headline_with_the_original_on_hover():
    doc = lxml.html.fromstring(render_index([loaded()], ["a.html"]))
    link = doc.xpath("//tbody//a")[0]
    assert link.text_content() == "Dam operator criticized over [...]flood delay"
    assert link.get("title") == "Original headline: Dam operator slammed over brazen flood delay"
    toggle = doc.xpath("//tbody//details[@class='original-headline']")[0]  # one step away without a mouse, too
    assert toggle.xpath("q")[0].text_content() == "Dam operator slammed over brazen flood delay"


def test_demo_index_shows_criticized_not_slammed(tmp_path):
    out = tmp_path / "out"
    sample = SAMPLES / "northgate_courier_velmora_flood.txt"
    done = subprocess.run(
        [sys.executable, "-m", "unspin", "neutralize", str(sample), str(SAMPLES / "wire_briefs.jsonl"), "--out", str(out)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    doc = lxml.html.fromstring((out / "index.html").read_text(encoding="utf-8"))
    titles = {a.text_content(): a.get("title") for a in doc.xpath("//tbody//td[@class='title']/a")}
    flood = next(title for title in titles if title.startswith("Velmora floods"))
    assert "criticized" in flood and "slammed" not in flood
    assert "slammed" in titles[flood]
    page = json.loads((out / "northgate_courier_velmora_flood.json").read_text(encoding="utf-8"))
    assert page["title"] == flood and "slammed" in page["original_title"]


@given(
    blocks=st.lists(st.tuples(st.integers(0, 60), st.integers(1, 30)), max_size=12),
    span=st.tuples(st.integers(0, 80), st.integers(0, 20)),
)
def test_a_line_is_furniture_exactly_when_one_removed_block_holds_it(blocks, span):  # type: ignore[no-untyped-def]
    text = "x" * 120
    edits = [Edit(kind=EditKind.BOILERPLATE, start=a, end=a + n, original=text[a : a + n], replacement="") for a, n in blocks]
    start, end = span[0], span[0] + span[1]
    expected = any(e.start <= start and end <= e.end for e in edits)
    assert _furniture_test(edits)(start, end) is expected
