"""Real articles from ../shared/seeds, rendered with no edits: nothing may be lost or merged."""

from __future__ import annotations

import pytest

from tests.conftest import seed_cases
from tests.render.conftest import parse
from tests.render.factory import report
from unspin.render import render_html, render_markdown
from unspin.render.layout import is_hard_wrapped


@pytest.mark.parametrize("path", seed_cases(), ids=lambda p: p.name)
def test_seed_renders_one_paragraph_per_line(seeds_dir, path):
    text = path.read_text(encoding="utf-8")
    lines = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
    assert not is_hard_wrapped(text)
    doc = parse(render_html(report(text, source=path.name, title=lines[0])))
    shown = [" ".join(el.text_content().split()) for el in doc.xpath("//article/h1 | //article/p")]
    assert shown == lines
    assert doc.xpath("//article/h1")[0].text_content().strip() == lines[0]
    assert render_markdown(report(text, source=path.name)).count("\n\n") >= len(lines)
