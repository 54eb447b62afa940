"""The hostile corpus (`corpus.py`) written to files, and the checks every interface shares."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.robustness.corpus import Case
from unspin.edit.ledger import Edit, apply_edits, check_edits, invert_edits


@pytest.fixture(scope="session")
def corpus_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("hostile")


def write_case(folder: Path, case: Case) -> Path:
    path = folder / f"{case.name}-{case.filename}"
    path.write_bytes(case.data)
    return path


def assert_one_line_error(message: str, case: Case) -> None:
    assert message and "\n" not in message.strip(), f"not one line: {message!r}"
    assert "Traceback" not in message
    assert case.error is not None and case.error.lower() in message.lower(), f"{case.name}: {message!r}"


def assert_report(report: dict, case: Case) -> None:
    """A report that keeps what the case names, drops what it names, and whose ledger round-trips."""
    edits = [Edit.model_validate(e) for e in report["edits"]]
    check_edits(report["original"], edits)
    assert apply_edits(report["original"], edits) == report["text"]
    assert invert_edits(report["text"], edits) == report["original"]
    for kept in case.keeps:
        assert kept in report["text"], f"{case.name}: {kept[:60]!r} lost"
    for dropped in case.drops:
        assert dropped not in report["text"], f"{case.name}: {dropped!r} in the output"
    if case.original_is is not None:
        assert report["original"] == case.original_is


# `make fuzz` (benchmarks/fuzz.py) sets UNSPIN_FUZZ_REPORT: the outcome of every property and the
# cases it ran are written there as JSON when the session ends.
_OUTCOMES: dict[str, dict[str, str]] = {}


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if not os.environ.get("UNSPIN_FUZZ_REPORT") or report.when not in ("setup", "call"):
        return
    if report.when == "setup" and report.passed:
        return
    name = report.nodeid.rsplit("::", 1)[-1]
    text = report.longreprtext if report.failed else ""
    falsifying = [
        line
        for line in text.splitlines()
        if "Falsifying example" in line or line.startswith(("E ", "    case=", "    text=", "    data="))
    ]
    _OUTCOMES[name] = {"outcome": report.outcome, "failure": "\n".join(falsifying)[:2000]}


def pytest_sessionfinish(session: pytest.Session) -> None:
    path = os.environ.get("UNSPIN_FUZZ_REPORT")
    if not path:
        return
    from tests.robustness.test_properties import CASES_RUN

    results = {name: {**outcome, "cases": CASES_RUN.get(name, 0)} for name, outcome in _OUTCOMES.items()}
    Path(path).write_text(json.dumps(results, indent=2), encoding="utf-8")
