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


# `make fuzz` (benchmarks/fuzz.py) runs one property per pytest process and sets UNSPIN_FUZZ_REPORT: the
# outcome of the property, the cases it ran and the CPU time of their bodies are written there as JSON
# when the session ends, also when it was stopped (Ctrl-C, or the fuzz deadline's SIGINT): "interrupted".
_OUTCOMES: dict[str, dict[str, str]] = {}


def _fuzzing() -> bool:
    return bool(os.environ.get("UNSPIN_FUZZ_REPORT"))


@pytest.fixture(scope="session", autouse=True)
def _fuzz_warm_start() -> None:
    """In a fuzz run, load the models before the first case and freeze what loading made (gc.freeze):
    the collector then never walks the models' millions of objects again, only what the cases make."""
    if not _fuzzing():
        return
    import gc

    from unspin import Article
    from unspin.pipeline import neutralize

    neutralize("The council approved a shockingly lavish bridge on Tuesday, officials said.")
    neutralize(
        Article(source="warm.html", html="<html><body><article><p>The council met on Tuesday.</p></article></body></html>")
    )
    gc.collect()
    gc.freeze()


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if not _fuzzing() or report.when not in ("setup", "call"):
        return
    if report.when == "setup" and report.passed:
        return
    name = report.nodeid.rsplit("::", 1)[-1]
    text = report.longreprtext if report.failed else ""
    falsifying = [
        line
        for line in text.splitlines()
        if "Falsifying example" in line
        or "reproduce_failure" in line
        or line.startswith(("E ", "    case=", "    text=", "    data="))
    ]
    _OUTCOMES[name] = {"outcome": report.outcome, "failure": "\n".join(falsifying)[:4000]}


def pytest_sessionfinish(session: pytest.Session) -> None:
    path = os.environ.get("UNSPIN_FUZZ_REPORT")
    if not path:
        return
    import unspin
    from tests.robustness.test_properties import BODY_SECONDS, CASES_RUN

    interrupted = {"outcome": "interrupted", "failure": ""}
    results = {
        name: {
            **_OUTCOMES.get(name, interrupted),
            "cases": CASES_RUN.get(name, 0),
            "body_cpu_seconds": round(BODY_SECONDS.get(name, 0.0), 3),
            "unspin": str(Path(unspin.__file__).parent),
        }
        for name in {*_OUTCOMES, *CASES_RUN}
    }
    Path(path).write_text(json.dumps(results, indent=2), encoding="utf-8")
