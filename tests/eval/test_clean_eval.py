from __future__ import annotations

from pathlib import Path

from tests.eval.samples import PAGE
from unspin.eval.baselines.extractors import EXTRACTORS
from unspin.eval.clean_eval import evaluate_split
from unspin.eval.dumps import text_dump


def test_dump_is_one_line_per_block_in_page_order() -> None:
    lines = text_dump(PAGE).splitlines()
    assert lines[:3] == ["* Home", "* World", "* Sport"]
    assert lines[3] == "Budget passes"
    assert lines[-1] == "Copyright 2024 Example News. All rights reserved."
    assert not any("var x" in line for line in lines) and all(line.strip() for line in lines)


def test_every_extractor_scores_the_fixture_page(data_root: Path) -> None:
    results = {r.system: r for r in evaluate_split("dev", data_root)}
    assert set(results) == {e.name for e in EXTRACTORS}
    assert all(r.failures == 0 and r.pages == 1 for r in results.values())
    assert results["text dump, uncleaned"].prf.recall == 1.0
    assert results["trafilatura"].prf.f1 > 0.8
