"""Hostile inputs, generated here (never downloaded), each with what unspin must answer.

Every case is a file as a user would hand it over (bytes and a name). The answer is either a
one-line error holding some words, or a report whose text must hold (or not hold) some strings.
The same corpus goes through the CLI, the Python API and the HTTP API (see the test modules).
"""

from __future__ import annotations

import codecs
import gzip
import json
from dataclasses import dataclass, field

QUOTE = "\u201cIt is an outrageous, disgraceful, shockingly lavish waste,\u201d said councillor Mary Hollins."
SENTENCE = "The council approved the shockingly expensive bridge on Tuesday, officials said, at a cost of 48 million euros."
ARTICLE = f"Council approves bridge\n\n{SENTENCE}\n\n{QUOTE}\n\nThe vote was 7 to 4 after a debate that lasted four hours.\n"
# A one-line error names the problem in these words (case-insensitive).
BINARY = "binary"
EMPTY = "empty"
NO_TEXT = "no article text"


@dataclass(frozen=True)
class Case:
    """One hostile input and the answer every interface must give."""

    name: str
    data: bytes
    filename: str = "input.txt"
    error: str | None = None  # words of the expected one-line error; None: a report is expected
    keeps: tuple[str, ...] = ()  # strings the report's text must hold, byte for byte
    drops: tuple[str, ...] = ()  # strings the report's text must not hold
    original_is: str | None = None  # the report's original, exactly (decoded input)
    http_status: int | None = None  # when the HTTP API answers with another status than 400/201
    tags: frozenset[str] = field(default_factory=frozenset)

    @property
    def content_type(self) -> str:
        return {"html": "text/html", "jsonl": "application/x-ndjson"}.get(self.filename.rsplit(".", 1)[-1], "text/plain")


def _deep_html(depth: int) -> bytes:
    body = f"<p>{SENTENCE}</p><p>{QUOTE}</p>"
    return f"<html><body>{'<div>' * depth}{body}{'</div>' * depth}</body></html>".encode()


def _nul_late() -> bytes:
    filler = ("Plain sentence number one of many. " * 300).encode()  # past the first 8 KB
    return ARTICLE.encode() + filler + b"\x00" + b"more text\n"


CASES: list[Case] = [
    # Nothing to read.
    Case("empty", b"", error=EMPTY),
    Case("whitespace", b"  \n\t\n   \r\n", error=EMPTY),
    Case("only-blank-lines", b"\n" * 5000, error=EMPTY),
    Case("bom-only", codecs.BOM_UTF8, error=EMPTY),
    Case("zero-width-only", "\u200b\u200c\u200d\ufeff\n\u2060\u202e\n".encode(), error=EMPTY),
    # Not text at all.
    Case("png", b"\x89PNG\r\n\x1a\n", error=BINARY),
    Case("png-with-data", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, error=BINARY),
    Case("pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", error=BINARY),
    Case("zip", b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + b"\x00" * 30, error=BINARY),
    Case("gzip", gzip.compress(ARTICLE.encode()), error=BINARY),
    Case("elf", b"\x7fELF\x02\x01\x01" + b"\x00" * 60, error=BINARY),
    Case("nul-early", b"The council\x00 met on Tuesday.\n", error=BINARY),
    Case("nul-after-8kb", _nul_late(), error=BINARY),
    Case("random-bytes", bytes((i * 7919 + 13) % 256 for i in range(4096)), error=BINARY),
    # Encodings.
    Case("utf16-bom", ARTICLE.encode("utf-16"), keeps=(QUOTE, "48 million"), original_is=ARTICLE),
    Case("utf16-be-bom", codecs.BOM_UTF16_BE + ARTICLE.encode("utf-16-be"), keeps=(QUOTE,), original_is=ARTICLE),
    Case("utf32-bom", ARTICLE.encode("utf-32"), keeps=(QUOTE,), original_is=ARTICLE),
    Case("utf8-bom", codecs.BOM_UTF8 + ARTICLE.encode(), keeps=(QUOTE,), original_is=ARTICLE),
    Case(
        "one-latin1-byte",
        QUOTE.encode() + b"\nCaf\xe9 owners said nothing about the 48 million euros.\n",
        keeps=(QUOTE, "48 million"),
        drops=("\u0442\u0410",),
    ),
    Case("crlf", ARTICLE.replace("\n", "\r\n").encode(), keeps=(QUOTE,), original_is=ARTICLE),
    Case("cr-only", ARTICLE.replace("\n", "\r").encode(), keeps=(QUOTE,), original_is=ARTICLE),
    # Shapes of text.
    Case("one-sentence-quote", f"{QUOTE}\n".encode(), keeps=(QUOTE,)),
    Case("one-word", b"Tuesday\n", keeps=("Tuesday",)),
    Case("huge-line", (SENTENCE + " ").encode() * 800 + QUOTE.encode() + b"\n", keeps=(QUOTE, "48 million")),
    Case("huge-word", b"A" * 60_000 + b" was approved on Tuesday, officials said.\n", keeps=("officials said",)),
    Case(
        "unclosed-quote",
        (
            "\u201cIt is an outrageous waste of 48 million euros, said Hollins.\n\n"
            "The shockingly expensive bridge opens in May.\n"
        ).encode(),
        keeps=("\u201cIt is an outrageous waste of 48 million euros, said Hollins.",),
    ),
    Case(
        "stray-straight-quotes",
        ('The plan" was "approved on Tuesday by 7 votes to 4, officials said.\n\n' + QUOTE + "\n").encode(),
        keeps=(QUOTE, "7 votes to 4"),
    ),
    Case(
        "rtl-and-bidi",
        (
            "\u202eThe council approved the bridge on Tuesday.\u202c\n\n"
            "\u05d4\u05de\u05d5\u05e2\u05e6\u05d4 \u05d0\u05d9\u05e9\u05e8\u05d4 \u05d0\u05ea \u05d4\u05d2\u05e9\u05e8 "
            "\u05d1-48 \u05de\u05d9\u05dc\u05d9\u05d5\u05df.\n\n"
            "\u0648\u0627\u0641\u0642 \u0627\u0644\u0645\u062c\u0644\u0633 \u0639\u0644\u0649 \u0627\u0644\u062c\u0633\u0631 "
            "\u200f\u064a\u0648\u0645 \u0627\u0644\u062b\u0644\u0627\u062b\u0627\u0621.\n\n" + QUOTE + "\n"
        ).encode(),
        keeps=(QUOTE, "\u05d1-48"),
    ),
    Case(
        "zero-width-inside-words",
        ("The shock\u200bingly expen\u200dsive bridge cost 4\u200b8 million euros.\n\n" + QUOTE + "\n").encode(),
        keeps=(QUOTE, "4\u200b8 million"),
    ),
    Case(
        "combining-marks",
        ("Ze\u0301\u0301\u0301ro plans were made on Tuesday for the 48 bridges, officials said.\n\n" + QUOTE + "\n").encode(),
        keeps=(QUOTE, "48 bridges"),
    ),
    Case(
        "emoji",
        (
            "The council \U0001f389 approved the bridge \U0001f309 on Tuesday for 48 million euros \U0001f4b6.\n\n" + QUOTE + "\n"
        ).encode(),
        keeps=(QUOTE, "48 million"),
    ),
    Case("only-furniture", b"Sign in\nSubscribe\nMenu\nShare\n", error=NO_TEXT),
    Case(
        "markup-as-text",
        (ARTICLE + "\n<script>alert(1)</script> was found in the 3 comments, officials said.\n").encode(),
        keeps=(QUOTE, "<script>alert(1)</script>"),
    ),
    # HTML.
    Case(
        "html-script-style-only",
        b"<html><head><style>p{color:red}</style><script>var x = 1;</script></head><body></body></html>",
        filename="page.html",
        error=NO_TEXT,
    ),
    Case("html-deep", _deep_html(400), filename="page.html", keeps=("48 million",)),
    Case(
        "html-unclosed",
        b"<html><body><p>" + SENTENCE.encode() + b"<p>" + QUOTE.encode() + b"<div><span><b>",
        filename="page.html",
        keeps=("48 million",),
    ),
    # JSONL feeds (the whole feed must fail when its only line is bad).
    Case(
        "jsonl-deep", ('{"text":"x","a":' + "[" * 100_000 + "]" * 100_000 + "}\n").encode(), filename="feed.jsonl", error="nested"
    ),
    Case("jsonl-not-object", b"[1, 2, 3]\n", filename="feed.jsonl", error="JSON object"),
    Case("jsonl-text-not-string", b'{"text": 5}\n', filename="feed.jsonl", error="'text'"),
    Case("jsonl-no-text", b'{"title": "no body"}\n', filename="feed.jsonl", error="'text' or 'html'"),
    Case("jsonl-broken", b'{"text": "unterminated\n', filename="feed.jsonl", error="invalid JSON"),
    Case(
        "jsonl-good",
        (json.dumps({"text": ARTICLE, "title": "Council approves bridge"}) + "\n").encode(),
        filename="feed.jsonl",
        keeps=(QUOTE, "48 million"),
    ),
]

ERRORS = [case for case in CASES if case.error]
REPORTS = [case for case in CASES if not case.error]


def ids(case: Case) -> str:
    return case.name
