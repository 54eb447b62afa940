"""Bytes to text, refusing what is not text.

Scraped files arrive in many encodings; a wrong guess silently corrupts names
and quotes, and a binary file fed to the pipeline produces nonsense reports.
So decoding is strict: UTF-8 first, then charset detection, and a clear
refusal when neither gives believable text.
"""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

BINARY_CONTROL_RATIO = 0.05  # share of control characters above which a file is not text
_ALLOWED_CONTROLS = {"\n", "\r", "\t", "\f", "\v"}


class DecodeError(ValueError):
    """The bytes are empty, binary or in no encoding we can trust."""


def decode_bytes(data: bytes) -> str:
    if not data.strip():
        raise DecodeError("file is empty")
    if b"\x00" in data[:8192]:
        raise DecodeError("file looks binary (contains NUL bytes)")
    text = _decode(data)
    _refuse_binary_looking(text)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _decode(data: bytes) -> str:
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None:
        raise DecodeError("cannot detect the text encoding")
    return str(best)


def _refuse_binary_looking(text: str) -> None:
    sample = text[:20000]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in _ALLOWED_CONTROLS)
    if controls > BINARY_CONTROL_RATIO * len(sample):
        raise DecodeError("file looks binary (too many control characters)")
