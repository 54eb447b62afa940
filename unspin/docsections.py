"""Generated sections of docs/BENCHMARKS.md, so figures are produced by commands, not typed.

A section sits between `<!-- NAME -->` and `<!-- /NAME -->`; writing it again
replaces only that section and leaves every other one as it was.
"""

from __future__ import annotations

from pathlib import Path


def write_section(path: Path, name: str, body: str, heading: str) -> None:
    """Replace the section `name` in `path`, or append it under `heading`."""
    begin, end = f"<!-- {name} -->", f"<!-- /{name} -->"
    block = f"{begin}\n{body.strip()}\n{end}"
    current = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    if begin in current and end in current:
        before, rest = current.split(begin, 1)
        current = before + block + rest.split(end, 1)[1]
    else:
        current = current.rstrip("\n") + f"\n\n## {heading}\n\n{block}\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(current, encoding="utf-8")
