"""Ingest stage: files, directories, JSONL feeds and stdin become `Article`s."""

from unspin.ingest.article import METADATA_FIELDS, Article, FetchRecord, Metadata
from unspin.ingest.decode import Decoded, DecodeError, decode_bytes, decode_text
from unspin.ingest.reader import IngestError, read_articles, read_stream, sniff_kind

__all__ = [
    "METADATA_FIELDS",
    "Article",
    "DecodeError",
    "Decoded",
    "FetchRecord",
    "IngestError",
    "Metadata",
    "decode_bytes",
    "decode_text",
    "read_articles",
    "read_stream",
    "sniff_kind",
]
