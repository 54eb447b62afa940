"""Memory and time against input size (issue 12 item 7): one large article through the CLI.

    python benchmarks/large.py --sizes 0.5 2 5 --before e14fd24~1 --write docs/BENCHMARKS.md

Each input is a plain-text article generated here by repeating the prose paragraphs of
`unspin/samples/*.txt` (our own invented articles, never copied news) up to the size asked for.
Each is neutralized by `unspin neutralize FILE --format json` in its own process under
`/usr/bin/time -v`, so the figures are what a user sees: wall time (model load included), CPU time
(user + system: what the work costs when other jobs share the machine) and peak resident memory.
The models' baseline is the same command on one short sample article: spaCy's tagger and the
sentence encoder load only when a text needs them, so a line with no loaded word would leave them
out (its figure is shown too). The issue's targets: peak memory <= baseline + 50 x the input size,
and the largest input within 12 x the time of the smallest. `--before REV` measures the package as
it was at a git revision too (`git archive` into a temporary folder put first on PYTHONPATH), in the
same run, so the two columns share the machine's conditions.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from unspin.docsections import write_section  # noqa: E402

SAMPLES = REPO / "unspin" / "samples"
MB = 1_000_000
MEMORY_PER_BYTE = 50  # the target: bytes of peak memory per input byte over the baseline
TIME_RATIO = 12  # the target: the largest input within this many times the smallest's time
ONE_LINE = "The council approved the new bridge on Tuesday, officials said.\n"
BASELINE_SAMPLE = SAMPLES / "meridian_daily_velmora_flood.txt"  # tagged and read by the encoder: every model runs


@dataclass(frozen=True)
class Measure:
    """One run: input bytes, wall and CPU seconds, and peak resident set, in bytes."""

    size: int
    seconds: float
    cpu: float
    peak: int


def prose_paragraphs(folder: Path = SAMPLES) -> list[str]:
    """The samples' article paragraphs: blocks of at least 80 characters ending a sentence (no
    menus, bylines or teasers), so a generated text is all article and the cleaner keeps it."""
    paragraphs = []
    for path in sorted(folder.glob("*.txt")):
        for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
            block = block.strip()
            if len(block) >= 80 and block[-1] in ".!?\"”'’":
                paragraphs.append(block)
    return paragraphs


def generate(size: int, paragraphs: list[str]) -> str:
    """An article of about `size` UTF-8 bytes (never more): the paragraphs in turn, blank-line separated."""
    out: list[str] = []
    total = 0
    while True:
        block = paragraphs[len(out) % len(paragraphs)] + "\n\n"
        need = len(block.encode("utf-8"))
        if total + need > size:
            return "".join(out)
        out.append(block)
        total += need


CLI = "from unspin.cli import app; app()"


def measure(path: Path, package: Path | None = None) -> Measure:
    """Neutralize `path` in a fresh process under /usr/bin/time -v, output to /dev/null; with `package`,
    the `unspin` package is imported from that folder instead of this checkout."""
    command = ["/usr/bin/time", "-v", sys.executable, "-c", CLI, "neutralize", str(path.resolve()), "--format", "json"]
    env = dict(os.environ)
    if package is not None:
        env["PYTHONPATH"] = os.pathsep.join([str(package), *filter(None, [env.get("PYTHONPATH")])])
    done = subprocess.run(
        [*command, "--max-bytes", "100000000"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
        env=env,
        cwd=package or REPO,  # `python -c` imports from its working folder first
    )
    if done.returncode != 0:
        raise SystemExit(f"{path.name}: unspin neutralize failed\n{done.stderr[-2000:]}")
    cpu = sum(float(re.search(rf"{kind} time \(seconds\): (\S+)", done.stderr).group(1)) for kind in ("User", "System"))
    return Measure(path.stat().st_size, _wall_seconds(done.stderr), cpu, _peak_bytes(done.stderr))


def _wall_seconds(report: str) -> float:
    value = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", report).group(1)
    seconds = 0.0
    for part in value.split(":"):
        seconds = seconds * 60 + float(part)
    return seconds


def _peak_bytes(report: str) -> int:
    return int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", report).group(1)) * 1024


def table(columns: dict[str, list[Measure]], sizes: list[int]) -> str:
    """The section's Markdown: a row per input, a column group per revision measured; per input byte is
    the peak over the models' baseline (the sample article's peak) divided by the input's bytes."""
    head = "| input |" + "".join(f" {name}: wall / CPU / peak RSS | {name}: per input byte |" for name in columns)
    rows = [head, "|" + " --- |" * (1 + 2 * len(columns))]
    labels = [
        "one line, no loaded word (tagger and encoder not loaded)",
        f"one sample article, {sizes[1]:,} bytes (the models' baseline)",
    ]
    labels += [f"{size / MB:.1f} MB" for size in sizes[2:]]
    for k, label in enumerate(labels):
        cells = ""
        for runs in columns.values():
            per_byte = f"{(runs[k].peak - runs[1].peak) / runs[k].size:.1f}" if k >= 2 else ""
            cells += f" {_cell(runs[k])} | {per_byte} |"
        rows.append(f"| {label} |{cells}")
    rows.append("")
    for name, runs in columns.items():
        first, last = runs[2], runs[-1]
        rows.append(
            f"- {name}: the {last.size / MB:.1f} MB input took {last.seconds / first.seconds:.1f}× the wall time and "
            f"{last.cpu / first.cpu:.1f}× the CPU time of the {first.size / MB:.1f} MB one ({last.size / first.size:.0f}× the "
            f"bytes; target ≤ {TIME_RATIO}×); peak memory at most {max((r.peak - runs[1].peak) / r.size for r in runs[2:]):.1f} "
            f"bytes per input byte over the models' baseline (target ≤ {MEMORY_PER_BYTE})."
        )
    return "\n".join(rows)


def _cell(run: Measure) -> str:
    return f"{run.seconds:.1f} s / {run.cpu:.1f} s / {run.peak / MB:,.0f} MB"


def _unpack(revision: str, folder: Path) -> Path:
    """The `unspin` package as it was at `revision`, written into `folder`."""
    folder.mkdir()
    archive = subprocess.run(["git", "-C", str(REPO), "archive", revision, "unspin"], capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive.stdout, check=True)
    return folder


def _measure_all(paths: list[Path], name: str, package: Path | None) -> list[Measure]:
    runs = []
    for path in paths:
        runs.append(measure(path, package))
        print(f"{name} {path.name}: {_cell(runs[-1])}", file=sys.stderr)
    return runs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[0.5, 2, 5], help="input sizes in MB (10^6 bytes)")
    parser.add_argument("--keep", type=Path, help="write the generated inputs here instead of a temporary folder")
    parser.add_argument("--before", metavar="REV", help="also measure the package as it was at this git revision")
    parser.add_argument("--note", default="", help="a line under the table (e.g. whether the machine was shared)")
    parser.add_argument("--write", type=Path, help="put the figures in this file's large-inputs section")
    args = parser.parse_args()
    paragraphs = prose_paragraphs()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        line = folder / "one_line.txt"
        line.write_text(ONE_LINE, encoding="utf-8")
        paths = [line, BASELINE_SAMPLE]
        for size in sorted(args.sizes):
            paths.append(folder / f"large_{size:g}MB.txt")
            paths[-1].write_text(generate(int(size * MB), paragraphs), encoding="utf-8")
        columns = {}
        if args.before:
            package = _unpack(args.before, Path(tmp) / "before")
            columns[f"before ({args.before})"] = _measure_all(paths, "before", package)
        columns["now"] = _measure_all(paths, "now", None)
    body = table(columns, [run.size for run in columns["now"]])
    if args.note:
        body += f"\n\n{args.note}"
    print(body)
    if args.write:
        write_section(args.write, "bench:large", body, "Large inputs: memory and time (issue 12, item 7)")


if __name__ == "__main__":
    main()
