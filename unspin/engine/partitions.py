"""Cut the inputs into partitions, and read one partition's articles back on a worker.

A partition is a small, picklable descriptor — an input URL and a row range — not the rows
themselves, so the client never holds the articles and any worker that can open the URL
can do the work. Its `key` is a hash of the input (URL, size), the row range, the options
and the unspin version: the same inputs with the same options always give the same
partitions, which is what lets a rerun recognise the ones already written.

- JSONL: `rows` physical lines per partition (blank lines count, so `source` stays `file:line`);
  the client counts lines once and records the byte offset where each partition starts, so a
  worker seeks straight to its slice.
- Parquet: whole row groups, gathered until a partition holds at least `rows` rows (a row group
  is the unit Parquet reads; make them small when writing a big input).
- .txt and .html files: `rows` files per partition, one article each.

Inputs are fsspec URLs (a path, `file://`, `s3://`, `memory://`, ... whatever backends are
installed); a folder is searched recursively and a glob expanded, both sorted.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import PurePosixPath

from unspin import __version__
from unspin.ingest import METADATA_FIELDS, Article, IngestError
from unspin.ingest.reader import HTML_SUFFIXES, JSONL_SUFFIXES, TEXT_SUFFIXES, article_from_record, read_stream
from unspin.pipeline import Options

PARQUET_SUFFIXES = {".parquet", ".pq"}
SUFFIXES = JSONL_SUFFIXES | PARQUET_SUFFIXES | TEXT_SUFFIXES | HTML_SUFFIXES
CHUNK = 1 << 20  # bytes read at a time while counting lines


class EngineError(ValueError):
    """An input, output folder or option the engine cannot work with; the message is for the user."""


@dataclass(frozen=True)
class Partition:
    """Rows `first`..`stop` (1-based, stop excluded) of one input, or `files` whole files."""

    index: int
    kind: str  # "jsonl", "parquet" or "files"
    url: str  # the input (for "files", the first file)
    size: int  # the input's size in bytes (for "files", their sum): a changed input is a new partition
    first: int
    stop: int
    offset: int = 0  # jsonl: byte where line `first` starts
    end: int = 0  # jsonl: byte after line `stop - 1`
    row_groups: tuple[int, ...] = ()  # parquet
    files: tuple[str, ...] = ()  # files

    @property
    def name(self) -> str:
        return f"part-{self.index:05d}.parquet"

    def key(self, options: Options) -> str:
        """SHA-256 of what decides this partition's rows: input, range, options, unspin version."""
        identity = {**asdict(self), "index": None, "options": options.model_dump(mode="json"), "version": __version__}
        return hashlib.sha256(json.dumps(identity, sort_keys=True).encode()).hexdigest()

    def describe(self) -> dict:
        """How the manifest names this partition's input."""
        if self.kind == "files":
            return {"input": list(self.files), "files": [self.first, self.stop]}
        return {"input": self.url, "rows": [self.first, self.stop]}


def expand(inputs: list[str]) -> list[str]:
    """Every supported file the inputs name (folders searched recursively, globs expanded), as URLs."""
    from fsspec.core import url_to_fs

    urls: list[str] = []
    for raw in inputs:
        if raw == "-":
            raise EngineError("-: the engine reads files and URLs, not stdin")
        fs, path = url_to_fs(raw)
        if fs.isdir(path):
            found = sorted(p for p in fs.find(path) if _suffix(p) in SUFFIXES)
            if not found:
                raise EngineError(f"{raw}: folder holds no .jsonl, .parquet, .txt or .html files")
        elif any(char in path for char in "*?["):
            found = sorted(p for p in fs.glob(path) if _suffix(p) in SUFFIXES and fs.isfile(p))
            if not found:
                raise EngineError(f"{raw}: the pattern matches no .jsonl, .parquet, .txt or .html files")
        elif fs.isfile(path):
            if _suffix(path) not in SUFFIXES:
                raise EngineError(f"{raw}: not a .jsonl, .parquet, .txt or .html file")
            found = [path]
        else:
            raise EngineError(f"{raw}: no such file or folder")
        urls.extend(_url(fs, p) for p in found)
    return list(dict.fromkeys(urls))  # an input named twice is read once


def plan(inputs: list[str], rows: int) -> list[Partition]:
    """The partitions of every input, in input order; `rows` per partition (see the module)."""
    if rows < 1:
        raise EngineError("--partition-size must be at least 1")
    parts: list[Partition] = []
    files: list[tuple[str, int]] = []

    def flush_files() -> None:
        for start in range(0, len(files), rows):
            batch = files[start : start + rows]
            parts.append(
                Partition(len(parts), "files", batch[0][0], sum(size for _, size in batch), 1, len(batch) + 1,
                          files=tuple(url for url, _ in batch))
            )  # fmt: skip
        files.clear()

    for url in expand(inputs):
        suffix = _suffix(url)
        if suffix in TEXT_SUFFIXES | HTML_SUFFIXES:
            files.append((url, _size(url)))
            continue
        flush_files()
        cut = _jsonl_parts if suffix in JSONL_SUFFIXES else _parquet_parts
        for part in cut(url, rows):
            parts.append(Partition(index=len(parts), **part))
    flush_files()
    return parts


def _jsonl_parts(url: str, rows: int) -> Iterator[dict]:
    """Line ranges of `rows` lines, with the byte offset where each starts (one pass over the file)."""
    import fsspec

    size = _size(url)
    starts = [0]  # byte offset of line 1, 1 + rows, 1 + 2 * rows, ...
    line, position, last = 1, 0, b""
    with fsspec.open(url, "rb") as handle:
        while chunk := handle.read(CHUNK):
            at = chunk.find(b"\n")
            while at != -1:
                line += 1
                if (line - 1) % rows == 0:
                    starts.append(position + at + 1)
                at = chunk.find(b"\n", at + 1)
            position += len(chunk)
            last = chunk[-1:]
    lines = line - 1 if last in (b"\n", b"") else line  # a final line without a newline still counts
    if starts[-1] >= size:
        starts.pop()  # the file ends with a newline right at a partition boundary
    for number, offset in enumerate(starts):
        first = 1 + number * rows
        stop = min(first + rows, lines + 1)
        end = starts[number + 1] if number + 1 < len(starts) else size
        yield {"kind": "jsonl", "url": url, "size": size, "first": first, "stop": stop, "offset": offset, "end": end}


def _parquet_parts(url: str, rows: int) -> Iterator[dict]:
    """Runs of whole row groups, each run closed once it holds `rows` rows or more."""
    import fsspec
    import pyarrow.parquet as pq

    size = _size(url)
    with fsspec.open(url, "rb") as handle:
        metadata = pq.ParquetFile(handle).metadata
    groups: list[int] = []
    first, held = 1, 0
    for group in range(metadata.num_row_groups):
        groups.append(group)
        held += metadata.row_group(group).num_rows
        if held >= rows:
            yield {"kind": "parquet", "url": url, "size": size, "first": first, "stop": first + held, "row_groups": tuple(groups)}
            groups, first, held = [], first + held, 0
    if groups:
        yield {"kind": "parquet", "url": url, "size": size, "first": first, "stop": first + held, "row_groups": tuple(groups)}


def read_partition(part: Partition, options: Options) -> Iterator[Article | IngestError]:
    """The partition's articles in input order, an `IngestError` for each row or file that is bad."""
    import fsspec

    if part.kind == "files":
        for url in part.files:
            kind = "html" if _suffix(url) in HTML_SUFFIXES else "text"
            try:
                with fsspec.open(url, "rb") as handle:
                    data = handle.read()
            except OSError as exc:
                yield IngestError(url, f"cannot read file ({exc.strerror or exc})")
                continue
            yield from read_stream(data, url, kind=kind, max_bytes=options.max_bytes)
        return
    if part.kind == "jsonl":
        with fsspec.open(part.url, "rb") as handle:
            handle.seek(part.offset)
            data = handle.read(part.end - part.offset)
        if not data.strip():
            return  # blank lines only: no article (and no "empty file" error for a slice of a file)
        yield from read_stream(data, part.url, kind="jsonl", max_bytes=options.max_bytes, first_line=part.first)
        return
    import pyarrow.parquet as pq

    with fsspec.open(part.url, "rb") as handle:
        file = pq.ParquetFile(handle)
        wanted = [name for name in file.schema_arrow.names if name in _RECORD_FIELDS]
        records = file.read_row_groups(list(part.row_groups), columns=wanted).to_pylist()
    for number, record in enumerate(records, start=part.first):
        where = f"{part.url}:{number}"
        try:
            yield article_from_record(record, where, max_bytes=options.max_bytes)
        except ValueError as exc:
            yield IngestError(where, str(exc))


_RECORD_FIELDS = {"text", "html", *METADATA_FIELDS}


def _suffix(path: str) -> str:
    return PurePosixPath(path).suffix.lower()


def _size(url: str) -> int:
    from fsspec.core import url_to_fs

    fs, path = url_to_fs(url)
    return int(fs.size(path) or 0)


def _url(fs, path: str) -> str:  # type: ignore[no-untyped-def]
    """A local file as its plain absolute path, anything else with its protocol."""
    protocol = fs.protocol if isinstance(fs.protocol, str) else fs.protocol[0]
    return path if protocol in ("file", "local") else fs.unstrip_protocol(path)
