"""Reading the reader's verdicts for the additions' judge (benchmarks/additions_labels.py): dev rows only, and
a held-out sample left out, so a refit gives back the judge that sample measured."""

from __future__ import annotations

from pathlib import Path

from benchmarks.additions_labels import read_rows

VERDICTS = """# Additions

### A sample (seed 11)

| # | target | credited to | addition | new elements | fact lacking? | standalone? |
| ---: | --- | --- | --- | --- | --- | --- |
| 1 | dev-0001-0 | unknown outlet | The port reopened on Monday. | date | yes | yes |
| 2 | test-0002-1 | unknown outlet | The mayor resigned. | person | yes | yes |

### The sample that measured the judge (seed 22)

| # | target | credited to | addition | new elements | fact lacking? | standalone? |
| ---: | --- | --- | --- | --- | --- | --- |
| 1 | dev-0003-2 | unknown outlet | Officials gave no figure. | — | **no** | yes |
"""


def test_dev_rows_are_read_and_test_rows_never(tmp_path: Path) -> None:
    path = tmp_path / "verdicts.md"
    path.write_text(VERDICTS, encoding="utf-8")
    assert read_rows(path) == {
        ("dev-0001-0", "The port reopened on Monday."): True,
        ("dev-0003-2", "Officials gave no figure."): False,
    }


def test_a_held_out_sample_is_not_read(tmp_path: Path) -> None:
    path = tmp_path / "verdicts.md"
    path.write_text(VERDICTS, encoding="utf-8")
    assert read_rows(path, held_out=["seed 22"]) == {("dev-0001-0", "The port reopened on Monday."): True}
