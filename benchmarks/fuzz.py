"""`make fuzz`: the robustness properties of tests/robustness/test_properties.py at 100,000 cases each.

    python benchmarks/fuzz.py --examples 100000 --chunk 10000 --until 15:20 --write docs/BENCHMARKS.md

At 100,000 cases a property takes hours on one core, so the work is cut into runs that each keep what
they found: one pytest process per property and chunk of cases (`--chunk`, under a fresh hypothesis
seed), one property after another in turn, each run appended to benchmarks/fuzz-results.jsonl as it
ends (cases, outcome, falsifying example, wall and CPU time, date, commit) and the docs section written
again from that file. Run again, it goes on where it stopped: a property with `--examples` passed cases
at the current code is skipped (`--again` runs it anew), and a property that failed at this code is
left for a fix. `--until HH:MM` (UTC) stops a run at that time with SIGINT: the cases it finished count.

`--tree` runs the properties in another checkout of the repository (a `git worktree` at a fixed
commit), so edits others make in the shared checkout during a long session do not change the code
under test halfway; the results and docs are still written here. Exits 1 when a property failed.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.fuzz_results import (  # noqa: E402
    PROPERTIES_FILE,
    Planner,
    Task,
    append_run,
    has_failed,
    load_runs,
    markdown,
)
from unspin.docsections import write_section  # noqa: E402

TARGET = 100_000
CHUNK = 10_000
RESULTS = REPO / "benchmarks" / "fuzz-results.jsonl"
# What the properties run and check: a change here is new code, whose cases are counted afresh (the
# harness, tests/robustness/conftest.py and this script, is not: it checks nothing). Checked against
# the modules loaded after every property has run (sys.modules): the shells, the store, stories,
# rendering and evaluation are never imported by them, nor their data read.
EXERCISED = (
    "unspin",
    PROPERTIES_FILE,
    ":(exclude)unspin/web",
    ":(exclude)unspin/store",
    ":(exclude)unspin/stories",
    ":(exclude)unspin/engine",
    ":(exclude)unspin/eval",
    ":(exclude)unspin/render",
    ":(exclude)unspin/samples",
    ":(exclude)unspin/data/stories",
    ":(exclude)unspin/data/baselines",
    ":(exclude)unspin/cli*.py",
    ":(exclude)unspin/follow*.py",
    ":(exclude)unspin/output.py",
    ":(exclude)unspin/docsections.py",
    ":(exclude)unspin/__main__.py",
)
# One thread each for numpy's BLAS and OpenMP: the cases are small, and on a shared machine spare
# threads only spin against the other jobs (the encoder's onnxruntime session is single-threaded already).
ONE_THREAD = {name: "1" for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")}
# A run's start-up, measured at 7.1 s of CPU: pytest loads every installed plugin (schemathesis and
# anyio too, whose ~250 modules it rewrites for assertions on every start when bytecode is not written),
# and without written bytecode every module of the checkout is compiled again. Only hypothesis's plugin
# is loaded, and bytecode is cached outside both checkouts and the venv: 4.2 s.
QUIET_START = {
    "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1",
    "PYTHONPYCACHEPREFIX": str(Path(tempfile.gettempdir()) / "unspin-fuzz-pycache"),
}
EXIT_GRACE = 120  # seconds a run has after SIGINT to write its results before it is killed
RESEND = 20  # seconds between SIGINTs to a run that has not stopped


def git(tree: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(tree), *args], capture_output=True, text=True, check=True).stdout.strip()


def code_version(tree: Path) -> tuple[str, str, list[str]]:
    """HEAD's short hash, the code key (the last commit touching EXERCISED, "+dirty" with uncommitted
    changes there: such runs count only for themselves) and the changed files."""
    commit = git(tree, "rev-parse", "--short", "HEAD")
    code = git(tree, "log", "-1", "--format=%h", "HEAD", "--", *EXERCISED)
    dirty = git(tree, "status", "--porcelain", "--untracked-files=no", "--", *EXERCISED).splitlines()
    return commit, code + ("+dirty" if dirty else ""), [line.split(maxsplit=1)[-1] for line in dirty]


def property_names() -> list[str]:
    """The test functions of the properties file, in file order, read without importing it."""
    import ast

    tree = ast.parse((REPO / PROPERTIES_FILE).read_text(encoding="utf-8"))
    return [node.name for node in tree.body if isinstance(node, ast.FunctionDef) and node.name.startswith("test_")]


def interruptible() -> None:
    """In the child before exec: SIGINT back to its default. A shell starts a background job (`make fuzz &`,
    nohup) with SIGINT ignored, children inherit that, and Python then installs no KeyboardInterrupt
    handler: the deadline's SIGINT did nothing (15:20 on the first session: the run went on to its end)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _wait(process: subprocess.Popen, stop_at: datetime | None) -> tuple[int, float, bool]:
    """Exit code, CPU seconds of the child (user + system) and whether it was stopped at `stop_at`.

    SIGINT is sent again every `RESEND` seconds: one that lands while the models load can be swallowed
    by library code (seen at 15:20 on the first session: the run went on to its last case)."""
    stopped, sent, kill_at = False, None, None
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            return os.waitstatus_to_exitcode(status), usage.ru_utime + usage.ru_stime, stopped
        now = datetime.now(UTC)
        if stop_at and now >= stop_at:
            stopped, kill_at = True, kill_at or now + timedelta(seconds=EXIT_GRACE)
            if now >= kill_at:
                process.kill()
            elif sent is None or now - sent >= timedelta(seconds=RESEND):
                process.send_signal(signal.SIGINT)
                sent = now
        time.sleep(1)


def run_task(tree: Path, task: Task, stop_at: datetime | None, logs: Path) -> dict:
    """One pytest process: property `task.name` at up to `task.examples` cases under `task.seed`."""
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "fuzz.json"
        env = {
            **{name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"},
            **ONE_THREAD,
            **QUIET_START,
            "UNSPIN_FUZZ_PROFILE": "robustness-fuzz",
            "UNSPIN_FUZZ_EXAMPLES": str(task.examples),
            "UNSPIN_FUZZ_REPORT": str(report),
        }
        plugins = ["-p", "no:cacheprovider", "-p", "_hypothesis_pytestplugin"]
        command = [sys.executable, "-m", "pytest", "-q", *plugins, f"--hypothesis-seed={task.seed}"]
        log = logs / f"{task.name}-{task.seed}.log"
        started, load = datetime.now(UTC), os.getloadavg()[0]
        clock = time.perf_counter()
        with log.open("w", encoding="utf-8") as output:
            process = subprocess.Popen(
                [*command, f"{PROPERTIES_FILE}::{task.name}"],
                cwd=tree,
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
                preexec_fn=interruptible,
            )
            code, cpu, stopped = _wait(process, stop_at)
        seconds = time.perf_counter() - clock
        results = json.loads(report.read_text(encoding="utf-8")) if report.exists() else {}
    result = results.get(task.name) or {
        "outcome": "interrupted" if stopped else "error",
        "failure": "" if stopped else f"pytest exit {code}: " + " ".join(log.read_text(encoding="utf-8").splitlines()[-5:]),
        "cases": 0,
        "body_cpu_seconds": 0.0,
        "unspin": "",
    }
    return {
        "property": task.name,
        "seed": task.seed,
        "asked": task.examples,
        "cases": result["cases"],
        "outcome": result["outcome"],
        "failure": result["failure"],
        "started": started.strftime("%Y-%m-%dT%H:%M:%S"),
        "wall_seconds": round(seconds, 1),
        "cpu_seconds": round(cpu, 1),
        "body_cpu_seconds": result["body_cpu_seconds"],
        "unspin": result["unspin"],  # the package the run imported: the tree's, not the shared checkout's
        "load_before": round(load, 2),
        "nice": os.nice(0),
    }


def deadline(until: str | None) -> datetime | None:
    """Today's `HH:MM` in UTC (tomorrow's when that has passed)."""
    if not until:
        return None
    hour, minute = (int(part) for part in until.split(":"))
    moment = datetime.now(UTC).replace(hour=hour, minute=minute, second=0, microsecond=0)
    return moment if moment > datetime.now(UTC) else moment + timedelta(days=1)


def session(args: argparse.Namespace, names: list[str]) -> int:
    """Run what is left, `args.jobs` runs at a time; each appended and written up as it ends."""
    commit, code, dirty = code_version(args.tree)
    started = datetime.now(UTC).strftime("%Y-%m-%dT%H:%MZ")
    runs = load_runs(args.results)
    planner = Planner(names, runs, code, args.examples, args.chunk, session=started if args.again else None)
    stop_at, lock = deadline(args.until), threading.Lock()
    args.logs.mkdir(parents=True, exist_ok=True)
    print(f"fuzz: code {code} (commit {commit}) in {args.tree}; results {args.results}", flush=True)

    def worker() -> None:
        while True:
            with lock:
                task = planner.next() if not stop_at or datetime.now(UTC) < stop_at else None
            if task is None:
                return
            print(f"fuzz: {task.name} seed {task.seed}, up to {task.examples:,} cases", flush=True)
            run = {
                **run_task(args.tree, task, stop_at, args.logs),
                "commit": commit,
                "code": code,
                "dirty": dirty,
                "session": started,
            }
            with lock:
                planner.finished(task, run)
                append_run(args.results, run)
                print(f"fuzz: {task.name} seed {task.seed}: {run['outcome']}, {run['cases']:,} cases", flush=True)
                if args.write:
                    write_docs(args.write, planner.runs, names, code, args.examples)

    with ThreadPoolExecutor(args.jobs) as pool:
        for future in [pool.submit(worker) for _ in range(args.jobs)]:
            future.result()
    return 1 if any(has_failed(planner.runs, name, code) for name in names) else 0


def write_docs(path: Path, runs: list[dict], names: list[str], code: str, target: int) -> None:
    write_section(path, "fuzz", markdown(runs, names, code, target), "Fuzzing the whole pipeline (make fuzz)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=TARGET, help="passed cases each property needs at one code version")
    parser.add_argument("--chunk", type=int, default=CHUNK, help="cases per run (one pytest process, one seed)")
    parser.add_argument("--properties", nargs="+", help="only these test functions (default: all, in file order)")
    parser.add_argument("--until", help="stop at this UTC time, HH:MM: the run in progress is cut off, its cases kept")
    parser.add_argument("--jobs", type=int, default=1, help="runs at a time")
    parser.add_argument("--again", action="store_true", help="count only this session's runs (run done properties again)")
    parser.add_argument("--tree", type=Path, default=REPO, help="the checkout to run the properties in")
    parser.add_argument("--results", type=Path, default=RESULTS, help="the JSON Lines record of runs")
    parser.add_argument(
        "--logs", type=Path, default=Path(tempfile.gettempdir()) / "unspin-fuzz-logs", help="pytest output per run"
    )
    parser.add_argument("--write", type=Path, help="put the figures in this file's fuzz section")
    parser.add_argument("--report-only", action="store_true", help="write the section from the results file, run nothing")
    args = parser.parse_args()
    names = property_names()
    unknown = set(args.properties or []) - set(names)
    if unknown:
        parser.error(f"--properties: no property {', '.join(sorted(unknown))} in {PROPERTIES_FILE}")
    names = [name for name in names if not args.properties or name in args.properties]
    try:
        if not args.report_only:
            return session(args, names)
        runs, code = load_runs(args.results), code_version(args.tree)[1]
        print(markdown(runs, names, code, args.examples))
        if args.write:
            write_docs(args.write, runs, names, code, args.examples)
        return 0
    except (ValueError, subprocess.CalledProcessError) as exc:
        print(f"fuzz: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
