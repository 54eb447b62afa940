"""`make fuzz`'s record of runs and its planning (benchmarks/fuzz_results.py): pure, no pipeline."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.fuzz_results import Planner, Task, append_run, cases_passed, load_runs, markdown

NAMES = ["test_a", "test_b", "test_c"]


def _run(name: str, seed: int, cases: int, outcome: str = "passed", code: str = "c1", session: str = "s1") -> dict:
    return {
        "property": name,
        "seed": seed,
        "asked": 10,
        "cases": cases,
        "outcome": outcome,
        "failure": "Falsifying example: text='x|y'" if outcome == "failed" else "",
        "started": "2026-12-07T14:00:00",
        "wall_seconds": 60.0,
        "cpu_seconds": 2.0,
        "body_cpu_seconds": 1.5,
        "load_before": 2.0,
        "nice": 19,
        "commit": "h1",
        "code": code,
        "dirty": [],
        "session": session,
    }


def test_runs_are_appended_one_line_each_and_read_back(tmp_path: Path) -> None:
    path = tmp_path / "fuzz.jsonl"
    assert load_runs(path) == []
    append_run(path, _run("test_a", 1, 10))
    append_run(path, _run("test_b", 1, 4, "interrupted"))
    assert [r["property"] for r in load_runs(path)] == ["test_a", "test_b"]
    assert len(path.read_text(encoding="utf-8").splitlines()) == 2


def test_a_damaged_record_is_named_by_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "fuzz.jsonl"
    append_run(path, _run("test_a", 1, 10))
    with path.open("a", encoding="utf-8") as handle:
        handle.write('{"property": "test_b", "se\n')
    with pytest.raises(ValueError, match=r"fuzz.jsonl:2: not a JSON record"):
        load_runs(path)


def test_cases_count_only_clean_runs_at_the_same_code() -> None:
    runs = [
        _run("test_a", 1, 10),
        _run("test_a", 2, 7, "interrupted"),
        _run("test_a", 3, 30, "failed"),
        _run("test_a", 4, 10, code="c0"),
        _run("test_b", 1, 10),
    ]
    assert cases_passed(runs, "test_a", "c1") == 17
    assert cases_passed(runs, "test_a", "c0") == 10
    assert cases_passed(runs, "test_a", "c1", session="other") == 0


def test_the_planner_takes_the_property_with_fewest_cases_with_fresh_seeds() -> None:
    planner = Planner(NAMES, [], "c1", target=25, chunk=10)
    first = [planner.next() for _ in range(3)]
    assert first == [Task("test_a", 10, 1), Task("test_b", 10, 1), Task("test_c", 10, 1)]
    assert planner.next() == Task("test_a", 10, 2)  # a second run of a property while its first still runs
    planner.finished(first[1], _run("test_b", 1, 10))
    assert planner.next() == Task("test_b", 10, 2)
    assert planner.next() == Task("test_c", 10, 2)
    assert planner.next() == Task("test_a", 5, 3)  # only what is left of the target
    assert planner.next() == Task("test_b", 5, 3)


def test_a_new_session_starts_with_the_properties_that_have_fewest_cases() -> None:
    planner = Planner(NAMES, [_run("test_a", 1, 7, "interrupted"), _run("test_c", 1, 3)], "c1", target=25, chunk=10)
    assert [planner.next() for _ in range(3)] == [Task("test_b", 10, 1), Task("test_c", 10, 2), Task("test_a", 10, 2)]


def test_a_rerun_skips_what_is_done_and_what_failed_at_this_code() -> None:
    runs = [
        _run("test_a", 1, 10),
        _run("test_a", 2, 10),
        _run("test_b", 1, 3, "failed"),
        _run("test_c", 1, 10, code="c0"),  # older code: counts for nothing now
        _run("test_c", 2, 4, "interrupted"),
    ]
    planner = Planner(NAMES, runs, "c1", target=20, chunk=10)
    assert planner.next() == Task("test_c", 10, 3)  # seeds 1 and 2 were used, at any code
    assert planner.next() == Task("test_c", 6, 4)
    assert planner.next() is None


def test_again_counts_this_session_only() -> None:
    runs = [_run("test_a", 1, 10), _run("test_a", 2, 10)]
    assert Planner(["test_a"], list(runs), "c1", target=20, chunk=10).next() is None
    assert Planner(["test_a"], list(runs), "c1", target=20, chunk=10, session="s2").next() == Task("test_a", 10, 3)


def test_the_section_says_how_many_cases_ran_and_never_claims_the_target_early() -> None:
    runs = [
        _run("test_a", 1, 10),
        _run("test_a", 2, 10),
        _run("test_b", 1, 6, "interrupted"),
        _run("test_c", 1, 3, "failed", code="c0"),
        _run("test_c", 2, 10),
    ]
    runs[0]["unspin"] = "/tmp/tree/unspin"
    text = markdown(runs, NAMES, "c1", target=20)
    assert "at commit(s) h1 (unspin imported from `/tmp/tree/unspin`)" in text
    assert "| `test_a` | 20 of 20 | 2: 1, 2 | 0 cases | 0 | 200.0 ms | 75% | 2 min |" in text
    assert "| `test_b` | 6 of 20 (not reached) | 1: 1 | 6 cases |" in text
    assert "36 of 60 cases run and passed, 0 failed run(s); 1 of 3 properties reached 20 cases" in text
    assert "**not met**" in text
    assert "| `test_c` | c0 | 1 | failed | Falsifying example: text='x\\|y' | 10 cases |" in text
    assert "- code c0: 1 runs, 0 cases passed, 1 failed run(s)." in text


def test_the_section_says_met_only_when_every_property_reached_the_target() -> None:
    runs = [_run(name, 1, 20) for name in NAMES]
    assert "0 failures): met." in markdown(runs, NAMES, "c1", target=20)
    assert "No run has failed." in markdown(runs, NAMES, "c1", target=20)


def test_a_run_is_cut_off_at_the_deadline_with_sigint_and_its_cpu_time_read() -> None:
    import subprocess
    import sys
    from datetime import UTC, datetime, timedelta

    from benchmarks.fuzz import _wait, interruptible

    sleeper = "import time\ntry:\n    print('ready', flush=True)\n    time.sleep(60)\nexcept KeyboardInterrupt:\n    raise SystemExit(7)"
    process = subprocess.Popen([sys.executable, "-c", sleeper], stdout=subprocess.PIPE, text=True, preexec_fn=interruptible)
    assert process.stdout is not None and process.stdout.readline() == "ready\n"  # a SIGINT before this would race its start-up
    code, cpu, stopped = _wait(process, datetime.now(UTC) + timedelta(seconds=1))
    assert (code, stopped) == (7, True)  # SIGINT, so the run could write what it finished
    assert 0 < cpu < 30


def test_the_deadline_is_the_next_such_time_in_utc() -> None:
    from datetime import UTC, datetime

    from benchmarks.fuzz import deadline

    moment = deadline("15:20")
    assert moment is not None and (moment.hour, moment.minute) == (15, 20)
    assert 0 < (moment - datetime.now(UTC)).total_seconds() <= 86_400
    assert deadline(None) is None


def test_sigint_is_sent_again_when_the_first_was_swallowed(monkeypatch: pytest.MonkeyPatch) -> None:
    import subprocess
    import sys
    from datetime import UTC, datetime, timedelta

    import benchmarks.fuzz as fuzz

    monkeypatch.setattr(fuzz, "RESEND", 1)
    swallower = (
        "import time\ntry:\n    print('ready', flush=True)\n    time.sleep(60)\nexcept KeyboardInterrupt:\n    pass\n"
        "try:\n    time.sleep(60)\nexcept KeyboardInterrupt:\n    raise SystemExit(8)"
    )
    # As a background job (CI, `make fuzz &`) the test itself may have SIGINT ignored: `interruptible` restores it.
    process = subprocess.Popen(
        [sys.executable, "-c", swallower], stdout=subprocess.PIPE, text=True, preexec_fn=fuzz.interruptible
    )
    assert process.stdout is not None and process.stdout.readline() == "ready\n"
    code, _, stopped = fuzz._wait(process, datetime.now(UTC) + timedelta(seconds=1))
    assert (code, stopped) == (8, True)
