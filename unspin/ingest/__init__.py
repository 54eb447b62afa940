"""Ingest stage: files, directories, JSONL feeds and stdin become `Article`s."""

from unspin.ingest.article import Article
from unspin.ingest.decode import DecodeError, decode_bytes
from unspin.ingest.reader import IngestError, read_articles, read_stream, sniff_kind

__all__ = ["Article", "DecodeError", "IngestError", "decode_bytes", "read_articles", "read_stream", "sniff_kind"]
