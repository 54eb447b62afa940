"""Where batch results go on disk: one file per article plus an index page."""

from __future__ import annotations

import os
import re
from pathlib import Path

from unspin.report import Report


def out_dir_problem(out: Path) -> str | None:
    """Why `out` cannot take a batch's files (a file, under a file, not writable), or None if it can.

    Checked before any work, so a bad `--out` is a one-line error at once rather
    than a traceback after every article has been processed. Nothing is created.
    """
    probe = out
    while not probe.exists() and probe.parent != probe:  # the nearest part that exists
        probe = probe.parent
    if probe.exists() and not probe.is_dir():
        return "is a file, not a folder" if probe == out else f"cannot be a folder: {probe} is a file"
    if not os.access(probe, os.W_OK | os.X_OK):
        return "folder is not writable" if probe == out else f"cannot be created: {probe} is not writable"
    return None


class OutputNamer:
    """Stable, unique, filesystem-safe names derived from each article's source."""

    def __init__(self) -> None:
        self._used: set[str] = set()

    def stem(self, source: str) -> str:
        base = _safe_stem(source)
        candidate, counter = base, 2
        while candidate in self._used:
            candidate, counter = f"{base}-{counter}", counter + 1
        self._used.add(candidate)
        return candidate


def _safe_stem(source: str) -> str:
    name, _, line = source.rpartition(":") if re.search(r":\d+$", source) else (source, "", "")
    stem = Path(name).stem or "article"
    if line:
        stem = f"{stem}-{line}"
    return re.sub(r"[^A-Za-z0-9._-]+", "_", stem).strip("._") or "article"


def write_report(report: Report, out_dir: Path, stem: str, fmt: str) -> Path:
    """Write the report in `fmt`, and its JSON ledger beside it, so every output stays auditable."""
    from unspin.render import EXTENSIONS, render

    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{stem}{EXTENSIONS[fmt]}"
    path.write_text(render(report, fmt), encoding="utf-8")
    if fmt != "json":
        (out_dir / f"{stem}.json").write_text(render(report, "json"), encoding="utf-8")
    return path
