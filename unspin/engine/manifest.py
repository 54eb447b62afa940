"""`manifest.json`: what a Parquet output folder holds, and how far the batch that writes it got.

    {"format": "unspin-parquet/1", "job": "<sha256>", "complete": true, "options": {...},
     "unspin_version": "0.1.0", "partition_size": 1000, "inputs": [...],
     "planned": 3, "articles": 2990, "errors": 10,
     "partitions": [{"file": "part-00000.parquet", "key": "<sha256>", "input": "feed.jsonl",
                     "rows": [1, 1001], "articles": 998, "errors": 2, "bytes": 123456, "sha256": "..."}, ...]}

`job` is the hash of every partition key in order: one folder holds one batch (the same inputs
and options), so a rerun knows whether it is resuming this batch or starting another one.
The client rewrites the file (temporary name, then rename) after every finished partition,
so a killed run loses at most the partitions that were in flight.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

FORMAT = "unspin-parquet/1"
NAME = "manifest.json"


def job_id(keys: list[str]) -> str:
    return hashlib.sha256("\n".join(keys).encode()).hexdigest()


def load(folder: Path) -> dict | None:
    path = folder / NAME
    if not path.exists():
        return None
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ValueError(f"{path}: not a readable manifest ({exc})") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ValueError(f"{path}: not an unspin Parquet manifest (format {FORMAT})")
    return manifest


def save(folder: Path, manifest: dict) -> None:
    """Write the manifest atomically, its partitions in order and its totals summed."""
    done = sorted(manifest["partitions"], key=lambda entry: entry["file"])
    manifest = {
        **{key: value for key, value in manifest.items() if key != "partitions"},
        "complete": len(done) == manifest["planned"],
        "articles": sum(entry["articles"] for entry in done),
        "errors": sum(entry["errors"] for entry in done),
        "partitions": done,  # last: the totals read first
    }
    temporary = folder / f".{NAME}.tmp-{os.getpid()}"
    temporary.write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(temporary, folder / NAME)
