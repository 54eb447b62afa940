"""Every hostile input through the Python API: `unspin.pipeline.read` + `run` for files (an
`IngestError` with a one-line message, or a `Report`), and `unspin.neutralize` for decoded text."""

from __future__ import annotations

from pathlib import Path

import pytest

import unspin
from tests.robustness.conftest import assert_one_line_error, assert_report, write_case
from tests.robustness.corpus import ERRORS, NO_TEXT, REPORTS, Case, ids
from unspin.ingest import IngestError, decode_text
from unspin.pipeline import Options, read, run

pytestmark = pytest.mark.slow  # runs the pipeline (spaCy)


@pytest.mark.parametrize("case", ERRORS, ids=ids)
def test_bad_input_is_an_ingest_error(corpus_dir: Path, case: Case) -> None:
    path = write_case(corpus_dir, case)
    [result] = list(run(read([str(path)])))
    assert isinstance(result, IngestError), result
    assert str(path) in str(result)
    assert_one_line_error(str(result), case)


@pytest.mark.parametrize("case", REPORTS, ids=ids)
def test_odd_input_gives_a_report(corpus_dir: Path, case: Case) -> None:
    results = list(run(read([str(write_case(corpus_dir, case))])))
    assert results and all(isinstance(r, unspin.Report) for r in results), results
    for report in results:
        assert_report(report.model_dump(mode="json"), case)


@pytest.mark.parametrize("case", [c for c in REPORTS if not c.filename.endswith(".jsonl")], ids=ids)
def test_neutralize_takes_the_decoded_text(case: Case) -> None:
    report = unspin.neutralize(decode_text(case.data).text)
    assert_report(report.model_dump(mode="json"), case)


@pytest.mark.parametrize("text", ["Sign in\nSubscribe\nMenu\n", "   ", "\u200b\n\u202e"])
def test_neutralize_refuses_text_with_no_article_in_one_line(text: str) -> None:
    with pytest.raises(ValueError) as caught:
        unspin.neutralize(text)
    message = str(caught.value)
    assert "\n" not in message and ("empty" in message or NO_TEXT in message)


def test_clean_only_options_take_the_corpus(corpus_dir: Path) -> None:
    paths = [str(write_case(corpus_dir, case)) for case in [*ERRORS, *REPORTS]]
    results = list(run(read(paths), Options(detect=False)))
    assert sum(isinstance(r, IngestError) for r in results) == len(ERRORS)
    assert sum(isinstance(r, unspin.Report) for r in results) == len(REPORTS)
