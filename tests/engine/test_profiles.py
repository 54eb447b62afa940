"""Profile files of a sharded run (unspin/engine/profiles.py): when a rerun may reuse one."""

from __future__ import annotations

from pathlib import Path

import pytest

from unspin.engine import profiles
from unspin.stories import stored


def _finished_file(folder: Path) -> Path:
    target = folder / "part-00000.parquet"
    profiles.write_profiles([], [], str(target), source_hash="abc123")
    return target


def test_a_rerun_reuses_a_file_made_from_the_same_partition_in_this_format(tmp_path: Path) -> None:
    target = _finished_file(tmp_path)
    missing_source = str(tmp_path / "gone.parquet")  # read only if the file is not reused
    described = profiles.profile_partition(missing_source, str(target), 0, "abc123")
    assert described["rows"] == 0


def test_a_rerun_profiles_again_when_the_source_changed(tmp_path: Path) -> None:
    target = _finished_file(tmp_path)
    with pytest.raises((OSError, FileNotFoundError)):
        profiles.profile_partition(str(tmp_path / "gone.parquet"), str(target), 0, "another")


def test_a_rerun_profiles_again_a_file_of_an_older_profile_format(tmp_path: Path, monkeypatch) -> None:
    """Its lead vectors come from another encoder: one index must never mix the two."""
    target = _finished_file(tmp_path)
    monkeypatch.setattr(stored, "FORMAT", stored.FORMAT + 1)
    with pytest.raises((OSError, FileNotFoundError)):
        profiles.profile_partition(str(tmp_path / "gone.parquet"), str(target), 0, "abc123")
