"""JSON: the whole report, ledger included, for machines and auditors."""

from __future__ import annotations

import json

from unspin.report import Report


def render_json(report: Report) -> str:
    """The report as JSON: `title` is the neutral headline, `original_title` the one the article gave."""
    return json.dumps(report.model_dump(mode="json", by_alias=True), indent=2, ensure_ascii=False) + "\n"
