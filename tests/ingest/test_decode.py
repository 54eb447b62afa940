"""Issue 12, items 2, 4 and 5: bad bytes, byte-order marks, binary content and deep JSON nesting."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest

from unspin.ingest import Article, IngestError, read_articles
from unspin.ingest.decode import DecodeError, decode_bytes, decode_text

QUOTE = "\u201cIt is an outrageous, disgraceful, shockingly lavish waste,\u201d said councillor Mary Hollins.\n"
ONE_BAD_BYTE = QUOTE.encode("utf-8") + b"Caf\xe9 owners said nothing.\n"  # the q.txt


def test_one_bad_byte_keeps_utf8_and_warns_with_the_offset() -> None:
    decoded = decode_text(ONE_BAD_BYTE)
    assert decoded.text == QUOTE + "Caf\ufffd owners said nothing.\n"
    offset = len(QUOTE.encode("utf-8")) + 3
    (warning,) = decoded.warnings
    assert f"byte offset {offset}" in warning and "\n" not in warning


def test_several_bad_bytes_are_one_warning_naming_the_first() -> None:
    data = QUOTE.encode("utf-8") * 3 + b"\xe9t\xe9 \xff end\n"
    decoded = decode_text(data)
    assert decoded.text.count("\ufffd") == 3 and decoded.text.startswith(QUOTE * 3)
    (warning,) = decoded.warnings
    assert "3 invalid UTF-8 sequences" in warning and f"byte offset {len(QUOTE.encode()) * 3}" in warning


def test_legacy_charset_without_utf8_is_still_detected() -> None:
    data = "Le café de la gare a fermé ses portes après trente années de service à Zürich.".encode("latin-1")
    decoded = decode_text(data)
    assert "café" in decoded.text and "Zürich" in decoded.text and not decoded.warnings


def test_reader_warns_on_stderr_and_keeps_the_quotation(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "q.txt"
    path.write_bytes(ONE_BAD_BYTE)
    (article,) = read_articles([str(path)])
    assert isinstance(article, Article) and article.text is not None and article.text.startswith(QUOTE)
    err = capsys.readouterr().err
    assert err.startswith(f"warning: {path}: ") and "byte offset 98" in err and err.count("\n") == 1


def test_quotation_is_protected_from_cuts_despite_the_bad_byte() -> None:
    from unspin.pipeline import loaded_language_edits

    text = decode_bytes(ONE_BAD_BYTE)
    start, end = text.index("\u201c"), text.index("\u201d") + 1
    for edit in loaded_language_edits(text):
        assert edit.end <= start or edit.start >= end, edit


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32", "utf-32-be", "utf-8-sig"])
def test_byte_order_mark_decides(encoding: str) -> None:
    data = QUOTE.encode(encoding)
    if encoding == "utf-16-be":
        data = codecs.BOM_UTF16_BE + data
    if encoding == "utf-32-be":
        data = codecs.BOM_UTF32_BE + data
    assert decode_bytes(data) == QUOTE


def test_utf16_file_with_bom_is_read(tmp_path: Path) -> None:
    path = tmp_path / "wide.txt"
    path.write_bytes(("The council met on Tuesday.\r\n" + QUOTE).encode("utf-16"))
    (article,) = read_articles([str(path)])
    assert isinstance(article, Article) and article.text == "The council met on Tuesday.\n" + QUOTE


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n",
        b"\x89PNG\r\n\x1a\n" + b"IHDR" * 10,
        b"%PDF-1.7\nstuff\n",
        b"\xff\xd8\xff\xe0JFIF text",
        b"GIF89a text",
    ],
)
def test_file_signatures_are_binary(data: bytes) -> None:
    with pytest.raises(DecodeError, match="binary"):
        decode_bytes(data)


def test_nul_after_the_first_8kb_is_binary(tmp_path: Path) -> None:
    data = b"Plain words. " * 1000 + b"\x00 tail"
    assert len(data) > 8192
    with pytest.raises(DecodeError, match="NUL"):
        decode_bytes(data)
    path = tmp_path / "late.txt"
    path.write_bytes(data)
    (error,) = read_articles([str(path)])
    assert isinstance(error, IngestError) and "binary" in error.message


def test_control_characters_are_judged_on_the_whole_text() -> None:
    data = b"Plain words. " * 2000 + b"\x01\x02\x03\x04" * 2000
    with pytest.raises(DecodeError, match="binary"):
        decode_bytes(data)


def deep_line(depth: int) -> str:
    return '{"text":"x","a":' + "[" * depth + "]" * depth + "}"


@pytest.mark.parametrize("depth", [100, 100_000])
def test_deep_jsonl_line_is_one_error_naming_file_and_line(tmp_path: Path, depth: int) -> None:
    path = tmp_path / "deep.jsonl"
    path.write_text(
        "\n".join(
            [
                json.dumps({"text": "A good article [with brackets] {in text}."}),
                deep_line(depth),
                json.dumps({"text": "Another one."}),
            ]
        )
        + "\n"
    )
    first, error, last = read_articles([str(path)])
    assert isinstance(first, Article) and isinstance(last, Article)
    assert isinstance(error, IngestError) and error.source == f"{path}:2"
    assert "nested" in error.message and "\n" not in str(error)


def test_brackets_inside_strings_do_not_count_as_nesting(tmp_path: Path) -> None:
    path = tmp_path / "ok.jsonl"
    path.write_text(json.dumps({"text": "[" * 500 + " words " + "{" * 500, "tags": [[["a"]]]}) + "\n")
    (article,) = read_articles([str(path)])
    assert isinstance(article, Article)


def test_recursion_error_is_caught_as_a_backstop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from unspin.ingest import reader

    monkeypatch.setattr(reader, "_too_deep", lambda line: False)
    path = tmp_path / "deep.jsonl"
    path.write_text(deep_line(100_000) + "\n")
    (error,) = read_articles([str(path)])
    assert isinstance(error, IngestError) and error.source == f"{path}:1" and "nested" in error.message
