"""Bytes to text, refusing what is not text.

Scraped files arrive in many encodings; a wrong guess silently corrupts names
and quotes, and a binary file fed to the pipeline produces nonsense reports.
So decoding is strict, in this order:

1. a byte-order mark decides (UTF-8, UTF-16 LE/BE, UTF-32 LE/BE);
2. binary is judged on the whole content: a known file signature (PNG, JPEG,
   PDF, ZIP, ...) or a NUL byte anywhere is refused;
3. valid UTF-8 is UTF-8; text that is *mostly* UTF-8 (more valid multi-byte
   sequences than bad bytes) stays UTF-8 with each bad byte replaced by U+FFFD
   and a warning naming the first bad byte's offset, because one stray Latin-1
   byte must not turn every curly quote of the article into a legacy-charset guess;
4. otherwise charset detection, and a clear refusal when it finds no believable text.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

from charset_normalizer import from_bytes

BINARY_CONTROL_RATIO = 0.05  # share of control characters above which a file is not text
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f]")  # \t \n \v \f \r are text

# Longest first: the UTF-32 LE mark begins with the UTF-16 LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7z archive"),
    (b"\x7fELF", "an executable"),
    (b"OggS", "an Ogg media file"),
)

_REPLACEMENT_UTF8 = "\ufffd".encode()


class DecodeError(ValueError):
    """The bytes are empty, binary or in no encoding we can trust."""


@dataclass(frozen=True)
class Decoded:
    """Decoded text and the one-line warnings a reader should see (e.g. bytes replaced)."""

    text: str
    warnings: list[str] = field(default_factory=list)


def decode_bytes(data: bytes) -> str:
    """The text of `data` (warnings dropped; use `decode_text` to report them)."""
    return decode_text(data).text


def decode_text(data: bytes) -> Decoded:
    if not data.strip():
        raise DecodeError("file is empty")
    warnings: list[str] = []
    text = _decode(data, warnings)
    if not text.strip():
        raise DecodeError("file is empty")
    _refuse_binary_looking(text)
    return Decoded(text.replace("\r\n", "\n").replace("\r", "\n"), warnings)


def _decode(data: bytes, warnings: list[str]) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _with_bom(data, len(bom), encoding, warnings)
    _refuse_binary_bytes(data)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    mostly = _mostly_utf8(data, 0, first_bad, warnings)
    if mostly is not None:
        return mostly
    best = from_bytes(data).best()
    if best is None:
        raise DecodeError("cannot detect the text encoding")
    return str(best)


def _with_bom(data: bytes, start: int, encoding: str, warnings: list[str]) -> str:
    body = memoryview(data)[start:]
    try:
        return str(body, encoding)
    except UnicodeDecodeError as exc:
        if encoding == "utf-8":
            mostly = _mostly_utf8(data, start, start + exc.start, warnings, require_valid=False)
            if mostly is not None:
                return mostly
        raise DecodeError(
            f"not valid {encoding.upper()} despite its byte-order mark (bad bytes at byte offset {start + exc.start})"
        ) from None


def _refuse_binary_bytes(data: bytes) -> None:
    for signature, what in _SIGNATURES:
        if data.startswith(signature):
            raise DecodeError(f"file looks binary ({what})")
    at = data.find(b"\x00")
    if at >= 0:
        raise DecodeError(f"file looks binary (contains NUL bytes, first at byte offset {at})")


def _mostly_utf8(data: bytes, start: int, first_bad: int, warnings: list[str], *, require_valid: bool = True) -> str | None:
    """UTF-8 with bad bytes replaced, when valid multi-byte sequences outnumber the bad ones.

    Returns None (try another charset) when the bytes do not look like UTF-8 at all.
    `first_bad` is the offset of the first bad byte, as the strict decoder reported it.
    """
    text = str(memoryview(data)[start:], "utf-8", "replace")
    bad = text.count("\ufffd") - data.count(_REPLACEMENT_UTF8, start)  # maximal bad runs, each one U+FFFD
    valid = len(text) - len(text.encode("ascii", "ignore")) - bad  # characters that came from valid multi-byte UTF-8
    if require_valid and (valid == 0 or bad > valid):
        return None
    count = f"{bad} invalid UTF-8 sequences" if bad > 1 else "an invalid UTF-8 byte"
    where = f"first at byte offset {first_bad}" if bad > 1 else f"at byte offset {first_bad}"
    warnings.append(f"{count} replaced with U+FFFD ({where})")
    return text


def _refuse_binary_looking(text: str) -> None:
    if "\x00" in text:
        raise DecodeError("file looks binary (contains NUL characters)")
    controls = len(_CONTROLS.findall(text))
    if controls > BINARY_CONTROL_RATIO * len(text):
        raise DecodeError("file looks binary (too many control characters)")
