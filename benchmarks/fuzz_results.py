"""The record of `make fuzz` runs (benchmarks/fuzz-results.jsonl), what is left to run, and the docs section.

A fuzz run is one property of tests/robustness/test_properties.py run by one pytest process at up to
`chunk` cases under one hypothesis seed. Every run is appended to the results file as soon as it ends,
so a run that is stopped keeps what the runs before it found, and the figures in docs/BENCHMARKS.md are
written from that file alone. Runs count towards a property's target only at the code they ran on
(`code`: the last commit that touched the pipeline or the properties, see benchmarks/fuzz.py); a fix
starts the count again.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

PROPERTIES_FILE = "tests/robustness/test_properties.py"
# Outcomes of runs whose cases all passed: a whole run, or one cut off by the deadline or Ctrl-C (its
# cases up to the cut-off ran and passed; the case it was in is not counted).
CLEAN = ("passed", "interrupted")


def load_runs(path: Path) -> list[dict]:
    """Every run recorded in `path` (JSON Lines), oldest first; none when it does not exist yet."""
    if not path.exists():
        return []
    runs = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                runs.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}:{number}: not a JSON record ({exc.msg})") from exc
    return runs


def append_run(path: Path, run: dict) -> None:
    """Add one run as one line, so a run already written is never rewritten."""
    with path.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(run, ensure_ascii=False, sort_keys=True) + "\n")


def _runs_of(runs: Iterable[dict], name: str, code: str, session: str | None = None) -> list[dict]:
    return [r for r in runs if r["property"] == name and r["code"] == code and (session is None or r["session"] == session)]


def cases_passed(runs: Iterable[dict], name: str, code: str, session: str | None = None) -> int:
    """Cases of property `name` that ran and passed at `code` (in one session only, when given)."""
    return sum(r["cases"] for r in _runs_of(runs, name, code, session) if r["outcome"] in CLEAN)


def has_failed(runs: Iterable[dict], name: str, code: str, session: str | None = None) -> bool:
    return any(r["outcome"] == "failed" for r in _runs_of(runs, name, code, session))


@dataclass(frozen=True)
class Task:
    name: str
    examples: int
    seed: int


@dataclass
class Planner:
    """Hands out the runs still needed, one property after another, always to the property with the
    fewest cases so far, so a stopped session (or one of several) leaves every property some cases.

    A property is done at `target` passed cases at `code`, and left alone at that code once a run of it
    failed (the failure is for a fix, not for more runs). Seeds are never reused for a property, so
    no two runs of it replay the same cases. `session` counts only this session's runs (`--again`).
    """

    names: Sequence[str]
    runs: list[dict]
    code: str
    target: int
    chunk: int
    session: str | None = None
    _running: dict[str, list[Task]] = field(default_factory=dict)

    def remaining(self, name: str) -> int:
        planned = sum(t.examples for t in self._running.get(name, []))
        return self.target - cases_passed(self.runs, name, self.code, self.session) - planned

    def _seed(self, name: str) -> int:
        used = [r["seed"] for r in self.runs if r["property"] == name]
        used += [t.seed for t in self._running.get(name, [])]
        return max(used, default=0) + 1

    def next(self) -> Task | None:
        """The next run to start, for the property with the fewest cases passed or running (the first
        in file order on a tie); None when every property is done, failed, or already running."""
        open_ = [n for n in self.names if not has_failed(self.runs, n, self.code, self.session) and self.remaining(n) > 0]
        if not open_:
            return None
        name = min(open_, key=lambda n: self.target - self.remaining(n))
        task = Task(name, min(self.chunk, self.remaining(name)), self._seed(name))
        self._running.setdefault(name, []).append(task)
        return task

    def finished(self, task: Task, run: dict) -> None:
        self._running[task.name].remove(task)
        self.runs.append(run)


def _per_case_ms(runs: Sequence[dict]) -> str:
    cases = sum(r["cases"] for r in runs)
    return f"{1000 * sum(r['cpu_seconds'] for r in runs) / cases:.1f} ms" if cases else "—"


def _body_share(runs: Sequence[dict]) -> str:
    cpu = sum(r["cpu_seconds"] for r in runs)
    return f"{100 * sum(r['body_cpu_seconds'] for r in runs) / cpu:.0f}%" if cpu else "—"


def _example(run: dict) -> str:
    return " ".join(run.get("failure", "").split())[:400].replace("|", "\\|")


def _imported(runs: Sequence[dict]) -> str:
    """Where the runs imported unspin from, when they say: a pinned checkout (`--tree`) or the shared one."""
    paths = sorted({r["unspin"] for r in runs if r.get("unspin")})
    return f" (unspin imported from {', '.join(f'`{p}`' for p in paths)})" if paths else ""


def property_rows(runs: Sequence[dict], names: Sequence[str], code: str, target: int) -> list[str]:
    """One table row per property: its cases at `code`, the runs and seeds, failures, cost per case."""
    rows = [
        "| property | cases run and passed (target) | runs: seeds | of them in runs cut off early | failed runs "
        "| CPU per case | CPU in the property body | wall-clock |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for name in names:
        mine = _runs_of(runs, name, code)
        clean = [r for r in mine if r["outcome"] in CLEAN]
        passed = cases_passed(runs, name, code)
        seeds = ", ".join(str(r["seed"]) for r in mine) or "—"
        cut = sum(r["cases"] for r in mine if r["outcome"] == "interrupted")
        failed = sum(1 for r in mine if r["outcome"] == "failed")
        wall = sum(r["wall_seconds"] for r in mine) / 60
        reached = "" if passed >= target else " (not reached)"
        rows.append(
            f"| `{name}` | {passed:,} of {target:,}{reached} | {len(mine)}: {seeds} | {cut:,} cases "
            f"| {failed} | {_per_case_ms(clean)} | {_body_share(clean)} | {wall:.0f} min |"
        )
    return rows


def failure_rows(runs: Sequence[dict], code: str) -> list[str]:
    """Every failure ever recorded, with what its property has passed at `code` since."""
    failures = [r for r in runs if r["outcome"] in ("failed", "error")]
    if not failures:
        return ["No run has failed."]
    rows = [
        "| property | code | seed | outcome | falsifying example or error | passed at the current code |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for run in failures:
        since = f"{cases_passed(runs, run['property'], code):,} cases" if run["code"] != code else "(this code)"
        rows.append(f"| `{run['property']}` | {run['code']} | {run['seed']} | {run['outcome']} | {_example(run)} | {since} |")
    return rows


def earlier_lines(runs: Sequence[dict], code: str) -> list[str]:
    """Runs at code versions before the current one: not counted above, shown so nothing is hidden."""
    lines = []
    for earlier in dict.fromkeys(r["code"] for r in runs if r["code"] != code):
        mine = [r for r in runs if r["code"] == earlier]
        clean = sum(r["cases"] for r in mine if r["outcome"] in CLEAN)
        failed = sum(1 for r in mine if r["outcome"] == "failed")
        lines.append(f"- code {earlier}: {len(mine)} runs, {clean:,} cases passed, {failed} failed run(s).")
    return lines


def markdown(runs: Sequence[dict], names: Sequence[str], code: str, target: int) -> str:
    """The docs section: what ran at `code` per property, against the target, and every failure found."""
    current = [r for r in runs if r["code"] == code]
    passed = {name: cases_passed(runs, name, code) for name in names}
    failed = sum(1 for r in current if r["outcome"] == "failed")
    reached = sum(1 for name in names if passed[name] >= target and not has_failed(runs, name, code))
    chunks = sorted({r["asked"] for r in current}) or [0]
    when = sorted(r["started"] for r in current)
    loads = [r["load_before"] for r in current]
    lines = [
        f"Produced by `make fuzz` (`benchmarks/fuzz.py`) from the runs recorded in `benchmarks/fuzz-results.jsonl`: "
        f"the properties of `{PROPERTIES_FILE}`, each run by its own pytest process at up to "
        f"{', '.join(f'{c:,}' for c in chunks)} generated cases under one hypothesis seed (a seed is never reused "
        f"for a property), every run appended to the file as it ends. A run cut off early (by the session's "
        f"deadline, or stopped by hand with SIGINT) counts the cases it finished. Cases of a run that failed include hypothesis's shrinking and are not "
        f"counted as passed. Target: {target:,} passed cases per property at one code version; code `{code}` "
        f"(the last commit touching the pipeline or the properties) is the one counted below.",
        "",
    ]
    if current:
        lines += [
            f"Runs from {when[0][:16].replace('T', ' ')} to {when[-1][:16].replace('T', ' ')} UTC at commit(s) {', '.join(sorted({r['commit'] for r in current}))}"
            f"{_imported(current)}, "
            f"at nice {max(r['nice'] for r in current)} on a shared 2-core machine (load average before a run "
            f"{min(loads):.1f}–{max(loads):.1f}): CPU per case counts the whole pytest process (start-up, "
            f"hypothesis's generation, the property's body); wall-clock depends on the other jobs.",
            "",
        ]
    lines += property_rows(runs, names, code, target)
    total = sum(passed.values())
    verdict = "met" if reached == len(names) and not failed else "**not met**"
    lines += [
        "",
        f"Total at code `{code}`: {total:,} of {target * len(names):,} cases run and passed, {failed} failed run(s); "
        f"{reached} of {len(names)} properties reached {target:,} cases with no failure. The issue's target "
        f"({target:,} cases per property, 0 failures): {verdict}.",
        "",
        "Failures found (all code versions):",
        "",
        *failure_rows(runs, code),
    ]
    earlier = earlier_lines(runs, code)
    if earlier:
        lines += ["", "Runs at earlier code versions (not counted above):", "", *earlier]
    return "\n".join(lines)
