from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from unspin.ingest import Article, IngestError, read_articles
from unspin.ingest.decode import DecodeError, decode_bytes


def results(*paths: Path | str, stdin: bytes | None = None) -> list[Article | IngestError]:
    return list(read_articles([str(p) for p in paths], stdin=io.BytesIO(stdin) if stdin is not None else None))


def test_text_and_html_files(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Plain article text.\n", encoding="utf-8")
    (tmp_path / "b.html").write_text("<html><body><p>Hi</p></body></html>", encoding="utf-8")
    first, second = results(tmp_path)
    assert isinstance(first, Article) and first.text == "Plain article text.\n"
    assert isinstance(second, Article) and second.is_html


def test_latin1_is_detected(tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes("Le café de la gare a fermé ses portes après trente années de service à Zürich.".encode("latin-1"))
    (article,) = results(path)
    assert isinstance(article, Article) and "café" in article.text and "Zürich" in article.text


def test_crlf_is_normalised() -> None:
    assert decode_bytes(b"one\r\ntwo\rthree") == "one\ntwo\nthree"


@pytest.mark.parametrize(("data", "message"), [(b"", "empty"), (b"  \n ", "empty"), (b"\x89PNG\r\n\x1a\n\x00\x00", "binary")])
def test_bad_bytes_are_refused(data: bytes, message: str) -> None:
    with pytest.raises(DecodeError, match=message):
        decode_bytes(data)


def test_bad_file_does_not_stop_the_batch(tmp_path: Path) -> None:
    (tmp_path / "a_empty.txt").write_bytes(b"")
    (tmp_path / "b_binary.txt").write_bytes(b"\x00\x01\x02binary")
    (tmp_path / "c_good.txt").write_text("A good article.", encoding="utf-8")
    got = results(tmp_path, tmp_path / "missing.txt")
    errors = [r for r in got if isinstance(r, IngestError)]
    assert [Path(e.source).name for e in errors] == ["a_empty.txt", "b_binary.txt", "missing.txt"]
    assert all(e.source in str(e) for e in errors)
    assert [a.text for a in got if isinstance(a, Article)] == ["A good article."]


def test_jsonl_records_and_errors(tmp_path: Path) -> None:
    lines = [
        json.dumps({"text": "First.", "title": "T", "outlet": "Daily", "published": "2024-05-30"}),
        "not json",
        json.dumps({"title": "no body"}),
        json.dumps({"html": "<p>Second.</p>", "url": "https://example.org/a"}),
        json.dumps({"text": 5}),
        "",
    ]
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")
    got = results(path)
    assert isinstance(got[0], Article) and got[0].outlet == "Daily" and got[0].source.endswith("feed.jsonl:1")
    assert isinstance(got[1], IngestError) and got[1].source.endswith(":2") and "invalid JSON" in got[1].message
    assert isinstance(got[2], IngestError) and "'text' or 'html'" in got[2].message
    assert isinstance(got[3], Article) and got[3].is_html
    assert isinstance(got[4], IngestError) and "'text'" in got[4].message


def test_stdin_is_sniffed() -> None:
    (article,) = results("-", stdin=b"<!DOCTYPE html><html><p>x</p></html>")
    assert isinstance(article, Article) and article.is_html and article.source == "<stdin>"
    (article,) = results("-", stdin=b"Just text.")
    assert isinstance(article, Article) and article.text == "Just text."


def test_max_bytes_refuses_large_inputs_and_reading_goes_on(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text("word " * 40, encoding="utf-8")  # 200 bytes
    page = tmp_path / "page.html"
    page.write_text("<p>" + "word " * 40 + "</p>", encoding="utf-8")
    small = tmp_path / "small.txt"
    small.write_text("A short article.", encoding="utf-8")
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"text": "Short."}) + "\n" + json.dumps({"html": "é" * 60}) + "\n", encoding="utf-8")
    got = list(read_articles([str(big), str(page), str(small), str(feed)], max_bytes=100))
    assert [type(item).__name__ for item in got] == ["IngestError", "IngestError", "Article", "Article", "IngestError"]
    assert got[0].source == str(big) and "200 bytes, over the limit of 100" in got[0].message
    assert got[4].source == f"{feed}:2" and "field 'html' is 120 bytes" in got[4].message  # UTF-8 bytes, not characters
    # the whole feed may be larger than the limit: each line is judged alone
    assert feed.stat().st_size > 100 and got[3].text == "Short."


def test_max_bytes_on_stdin_and_no_limit_by_default(tmp_path: Path) -> None:
    (error,) = read_articles(["-"], stdin=io.BytesIO(b"x" * 101), max_bytes=100)
    assert isinstance(error, IngestError) and error.source == "<stdin>" and "over the limit of 100" in error.message
    (article,) = read_articles(["-"], stdin=io.BytesIO(b"x" * 100), max_bytes=100)
    assert isinstance(article, Article)
    (article,) = results("-", stdin=b"x" * 10_000)
    assert isinstance(article, Article)
