from __future__ import annotations

import json

import pytest

from unspin.render import EXTENSIONS, FORMATS, legend, render, render_json, render_text
from unspin.report import Report


def test_text_is_the_output_and_a_legend_line(curfew):
    assert render_text(curfew) == f"The [...] government imposed a curfew.\n\n--\n{legend.TEXT}\n"


def test_json_holds_the_whole_report(sample):
    out = render_json(sample)
    data = json.loads(out)
    assert {"source", "title", "original", "text", "edits"} <= data.keys()
    assert data["edits"][0]["kind"] == "boilerplate"
    assert "©" in out  # ensure_ascii=False
    assert out.startswith('{\n  "source"')
    assert Report.model_validate(data) == sample


@pytest.mark.parametrize("fmt", FORMATS)
def test_render_dispatches(curfew, fmt):
    assert "[...]" in render(curfew, fmt)
    assert fmt in EXTENSIONS


@pytest.mark.parametrize(("alias", "fmt"), [("markdown", "md"), ("txt", "text"), ("HTML", "html")])
def test_render_aliases(curfew, alias, fmt):
    assert render(curfew, alias) == render(curfew, fmt)


def test_unknown_format_is_a_clear_error(curfew):
    with pytest.raises(ValueError, match="unknown format 'pdf'; choose one of: html, md, text, json"):
        render(curfew, "pdf")


def test_text_lists_the_flags_after_the_legend():
    from tests.render.factory import edit, report
    from unspin.render import render

    original = "The plight of the workers grew."
    r = report(original, [edit(original, "flag", "plight", "plight", reason="loaded label")])
    text = render(r, "text")
    assert text.startswith("The plight of the workers grew.\n")
    assert text.rstrip().endswith("Flagged: plight")
