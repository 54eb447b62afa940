"""Find and read articles from paths, directories, JSONL feeds and stdin.

Reading yields either an `Article` or an `IngestError` per input, never raises
for one bad file: a batch of thousands of files must not stop at the first
broken one, and the caller decides how to report failures.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from unspin.ingest.article import METADATA_FIELDS, Article
from unspin.ingest.decode import DecodeError, decode_text

TEXT_SUFFIXES = {".txt", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES
STDIN = "-"
MAX_JSON_DEPTH = 64  # article records are flat; deeper nesting is refused before parsing

_JSON_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]')  # a whole string, or a bracket

_HTML_SNIFF = re.compile(r"^\s*(<!doctype html|<html|<head|<body|<article|<div|<p[\s>])", re.IGNORECASE)


@dataclass(frozen=True)
class IngestError:
    """One input that could not be read, with a message naming it."""

    source: str
    message: str

    def __str__(self) -> str:
        return f"{self.source}: {self.message}"


def iter_inputs(paths: Iterable[str]) -> Iterator[str | IngestError]:
    """Expand directories (recursively, sorted) into supported files."""
    for raw in paths:
        if raw == STDIN:
            yield STDIN
            continue
        path = Path(raw)
        if path.is_dir():
            files, unreadable = _walk(path)
            yield from unreadable
            if not files and not unreadable:
                yield IngestError(raw, "directory holds no .txt, .html or .jsonl files")
            yield from (str(p) for p in files)
        elif path.is_file():
            yield raw
        else:
            yield IngestError(raw, "no such file or directory")


def _walk(root: Path) -> tuple[list[Path], list[IngestError]]:
    """Supported files under `root` (sorted), and an error for every folder that cannot be listed."""
    unreadable: list[IngestError] = []

    def report(exc: OSError) -> None:
        unreadable.append(IngestError(str(exc.filename or root), f"cannot read directory ({exc.strerror or exc})"))

    files = [
        Path(folder) / name
        for folder, _, names in os.walk(root, onerror=report)
        for name in names
        if Path(name).suffix.lower() in SUPPORTED_SUFFIXES and (Path(folder) / name).is_file()
    ]
    return sorted(files), sorted(unreadable, key=lambda e: e.source)


def read_articles(
    paths: Iterable[str], stdin: BinaryIO | None = None, *, max_bytes: int | None = None
) -> Iterator[Article | IngestError]:
    """Every article in `paths`, in order; errors are yielded, not raised.

    `max_bytes` (None: no limit) refuses a text or HTML input larger than that, and in a JSONL feed
    a line whose `text` or `html` is larger: each is an error naming the input, and reading goes on.
    """
    for item in iter_inputs(paths):
        if isinstance(item, IngestError):
            yield item
        elif item == STDIN:
            yield from read_stream((stdin or sys.stdin.buffer).read(), "<stdin>", kind=None, max_bytes=max_bytes)
        else:
            yield from read_file(Path(item), max_bytes=max_bytes)


def read_file(path: Path, *, max_bytes: int | None = None) -> Iterator[Article | IngestError]:
    suffix = path.suffix.lower()
    kind = (
        "jsonl"
        if suffix in JSONL_SUFFIXES
        else "html"
        if suffix in HTML_SUFFIXES
        else "text"
        if suffix in TEXT_SUFFIXES
        else None
    )
    try:
        if kind in ("text", "html") and max_bytes is not None and (size := path.stat().st_size) > max_bytes:
            yield IngestError(str(path), too_large(size, max_bytes))  # refused before reading a byte of it
            return
        data = path.read_bytes()
    except OSError as exc:
        yield IngestError(str(path), f"cannot read file ({exc.strerror or exc})")
        return
    yield from read_stream(data, str(path), kind=kind, max_bytes=max_bytes)


def too_large(size: int, max_bytes: int, what: str = "input") -> str:
    return f"{what} is {size:,} bytes, over the limit of {max_bytes:,} (raise it with --max-bytes)"


def read_stream(
    data: bytes, source: str, kind: str | None, *, max_bytes: int | None = None, first_line: int = 1
) -> Iterator[Article | IngestError]:
    """Decode bytes and build articles; `kind` None means sniff the content.

    `max_bytes` bounds a text or HTML input as a whole, and a JSONL feed line by line.
    `first_line` numbers a JSONL slice that starts further into its file (the Dask engine's partitions).
    """
    if kind in ("text", "html") and max_bytes is not None and len(data) > max_bytes:
        yield IngestError(source, too_large(len(data), max_bytes))
        return
    try:
        decoded = decode_text(data)
    except DecodeError as exc:
        yield IngestError(source, str(exc))
        return
    text = decoded.text
    kind = kind or sniff_kind(text)
    if kind != "jsonl" and max_bytes is not None and len(data) > max_bytes:
        yield IngestError(source, too_large(len(data), max_bytes))
        return
    for message in decoded.warnings:
        warn(source, message)
    if kind == "jsonl":
        yield from parse_jsonl(text, source, max_bytes=max_bytes, first_line=first_line)
    elif kind == "html":
        yield Article(source=source, html=text)
    else:
        yield Article(source=source, text=text)


def warn(source: str, message: str) -> None:
    """One line on stderr, like the CLI's errors: the input was read, but not exactly as written."""
    print(f"warning: {source}: {message}", file=sys.stderr, flush=True)


def sniff_kind(text: str) -> str:
    stripped = text.lstrip()
    if stripped.startswith("{"):
        return "jsonl"
    if _HTML_SNIFF.match(stripped):
        return "html"
    return "text"


def parse_jsonl(text: str, source: str, *, max_bytes: int | None = None, first_line: int = 1) -> Iterator[Article | IngestError]:
    """One article per non-blank line: `text` or `html` (at most `max_bytes` in UTF-8), plus optional metadata;
    errors and sources name lines counted from `first_line`."""
    for number, line in enumerate(text.split("\n"), start=first_line):
        if not line.strip():
            continue
        where = f"{source}:{number}"
        if _too_deep(line):
            yield IngestError(where, f"invalid JSON (nested deeper than {MAX_JSON_DEPTH} levels)")
            continue
        try:
            yield article_from_record(json.loads(line), where, max_bytes=max_bytes)
        except json.JSONDecodeError as exc:
            yield IngestError(where, f"invalid JSON ({exc.msg} at column {exc.colno})")
        except RecursionError:
            yield IngestError(where, "invalid JSON (nested too deeply)")
        except ValueError as exc:
            yield IngestError(where, str(exc))


def _too_deep(line: str) -> bool:
    """Whether brackets outside strings nest past MAX_JSON_DEPTH (cheap: strings are skipped by the regex)."""
    if line.count("[") + line.count("{") <= MAX_JSON_DEPTH:
        return False
    depth = 0
    for match in _JSON_TOKEN.finditer(line):
        token = match.group()
        if token in ("[", "{"):
            depth += 1
            if depth > MAX_JSON_DEPTH:
                return True
        elif token in ("]", "}"):
            depth -= 1
    return False


def article_from_record(record: object, source: str, *, max_bytes: int | None = None) -> Article:
    if not isinstance(record, dict):
        raise ValueError("each JSONL line must be a JSON object")
    body = {key: record.get(key) for key in ("text", "html")}
    present = {key: value for key, value in body.items() if value is not None}
    if not present:
        raise ValueError("field 'text' or 'html' is required")
    for key, value in present.items():
        if not isinstance(value, str) or not value.strip():
            raise ValueError(f"field '{key}' must be a non-empty string")
        if (
            max_bytes is not None
            and len(value) > max_bytes // 4
            and (size := len(value.encode("utf-8", "surrogatepass"))) > max_bytes
        ):
            raise ValueError(too_large(size, max_bytes, what=f"field '{key}'"))
    metadata = {}
    for key in METADATA_FIELDS:
        value = record.get(key)
        if value is not None and not isinstance(value, (str, int, float)):
            raise ValueError(f"field '{key}' must be a string")
        metadata[key] = None if value is None else str(value)
    site_name = record.get("site_name")  # a feed's other name for the outlet
    if metadata["outlet"] is None and isinstance(site_name, str) and site_name.strip():
        metadata["outlet"] = site_name
    return Article(
        source=source, text=present.get("text") if "html" not in present else None, html=present.get("html"), **metadata
    )
