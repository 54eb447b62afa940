"""Ingest stage: files, directories, JSONL feeds and stdin become `Article`s."""

from unspin.ingest.article import Article
from unspin.ingest.decode import Decoded, DecodeError, decode_bytes, decode_text
from unspin.ingest.reader import IngestError, read_articles, read_stream, sniff_kind

__all__ = ["Article", "Decoded", "DecodeError", "IngestError", "decode_bytes", "decode_text", "read_articles", "read_stream", "sniff_kind"]
