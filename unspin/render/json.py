"""JSON: the whole report, ledger included, for machines and auditors."""

from __future__ import annotations

import json

from unspin.report import Report


def render_json(report: Report) -> str:
    return json.dumps(report.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"
