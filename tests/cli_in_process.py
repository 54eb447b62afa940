"""The `unspin` CLI run inside the test process, for tests about what a command does rather than how it starts.

A fresh `python -m unspin` loads spaCy, the detector's models and (for the store) the story models: seconds of
CPU per call, most of a CLI test's time. In-process, they are loaded once per session. What a subprocess
would show is kept: the exit code, stdout and stderr apart, and a crash, which a real process prints as a
traceback, fails the test here with that traceback. A few tests still run the real `python -m unspin`
(tests/test_cli.py, tests/store/test_load.py), so the entry point itself stays covered.
"""

from __future__ import annotations

import traceback
from dataclasses import dataclass

from typer.testing import CliRunner


@dataclass(frozen=True)
class Done:
    """What `subprocess.run(..., capture_output=True, text=True)` would have returned, field for field."""

    returncode: int
    stdout: str
    stderr: str


def run_cli(*args: str, stdin: str | None = None) -> Done:
    """`unspin *args` in this process; an exception other than an exit is a crash, so the test fails on it."""
    from unspin.cli import app

    result = CliRunner().invoke(app, list(args), input=stdin, prog_name="unspin")
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        trace = "".join(traceback.format_exception(result.exception))
        raise AssertionError(f"unspin {' '.join(args)} crashed (a process would print this traceback):\n{trace}")
    return Done(result.exit_code, result.stdout, result.stderr)
