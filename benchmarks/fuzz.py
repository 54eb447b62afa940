"""`make fuzz`: the robustness properties of tests/robustness/test_properties.py at many cases each.

    python benchmarks/fuzz.py --examples 100000 --write docs/BENCHMARKS.md

Runs pytest on the property module with the `robustness-fuzz` hypothesis profile (CI runs the same
properties at a few dozen cases), then writes the cases run and the failures found per property to
docs/BENCHMARKS.md between <!-- fuzz --> markers. Exits 1 when a property failed. At 100,000 cases
per property this takes hours on one core: it is not part of `make test` or CI.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from unspin.docsections import write_section  # noqa: E402

PROPERTIES = "tests/robustness/test_properties.py"
TARGET = 100_000


def run(examples: int) -> tuple[dict, float, int]:
    """Per property: outcome, cases run and the falsifying example; wall seconds; pytest's exit code."""
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "fuzz.json"
        env = {
            **os.environ,
            "UNSPIN_FUZZ_PROFILE": "robustness-fuzz",
            "UNSPIN_FUZZ_EXAMPLES": str(examples),
            "UNSPIN_FUZZ_REPORT": str(report),
        }
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", PROPERTIES], cwd=REPO, env=env)
        seconds = time.perf_counter() - started
        results = json.loads(report.read_text(encoding="utf-8")) if report.exists() else {}
    return results, seconds, done.returncode


def commit() -> str:
    done = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True)
    return done.stdout.strip() or "unknown"


def markdown(results: dict, examples: int, seconds: float) -> str:
    failures = sum(1 for r in results.values() if r["outcome"] != "passed")
    total = sum(r["cases"] for r in results.values())
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        f"Produced by `make fuzz` (`benchmarks/fuzz.py --examples {examples:,}`): the properties of "
        f"`{PROPERTIES}` with hypothesis at up to {examples:,} generated cases each (CI runs them at 60). "
        f"Run {when} at commit {commit()}, {seconds / 60:.1f} min wall-clock.",
        "",
    ]
    if examples < TARGET:
        lines += [
            f"**A short check run ({examples:,} cases per property), not the issue's {TARGET:,}-case run: "
            f"that run has not been made yet** (`make fuzz`, hours on one core).",
            "",
        ]
    lines += ["| property | cases run | failures found | falsifying example |", "| --- | --- | --- | --- |"]
    for name, result in sorted(results.items()):
        failed = result["outcome"] != "passed"
        example = " ".join(result.get("failure", "").split())[:300].replace("|", "\\|") if failed else ""
        lines.append(f"| `{name}` | {result['cases']:,} | {int(failed)} | {example} |")
    lines += ["", f"Total: {total:,} cases, {failures} failure(s)."]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=TARGET, help="cases per property (hypothesis max_examples)")
    parser.add_argument("--write", type=Path, help="put the figures in this file's fuzz section")
    args = parser.parse_args()
    results, seconds, code = run(args.examples)
    if not results:
        print("fuzz: pytest recorded no property results", file=sys.stderr)
        return code or 1
    body = markdown(results, args.examples, seconds)
    print(body)
    if args.write:
        write_section(args.write, "fuzz", body, "Fuzzing the whole pipeline (make fuzz)")
    return 1 if any(r["outcome"] != "passed" for r in results.values()) else 0


if __name__ == "__main__":
    raise SystemExit(main())
