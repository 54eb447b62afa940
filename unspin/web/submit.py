"""Turn an HTTP request body into articles: JSON, plain text, HTML, JSONL, or a multipart upload.

The API and the web form share this, so an article pasted in the browser and
one posted by a script are read by the same rules as the CLI (`unspin.ingest`).
Whether the caller gets one report or a batch depends only on the content type:
JSON, text and HTML hold one article; JSONL and multipart uploads may hold many.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from fastapi import HTTPException, Request
from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError
from starlette.datastructures import UploadFile

from unspin.ingest import METADATA_FIELDS, Article, IngestError, read_stream, sniff_kind
from unspin.ingest.decode import DecodeError, decode_text
from unspin.ingest.reader import warn
from unspin.web.schemas import ArticleIn

JSONL_TYPES = frozenset(
    {"application/x-ndjson", "application/ndjson", "application/jsonl", "application/x-jsonlines", "application/jsonlines"}
)
SINGLE_TYPES = frozenset({"application/json", "text/plain", "text/html"})
FORM_TYPES = frozenset({"multipart/form-data", "application/x-www-form-urlencoded"})
MAX_FORM_FIELDS = 50
SOURCE_MAX = 200
FETCH_DISABLED = "this server does not fetch URLs (fetching is disabled): send the article itself as 'text' or 'html'"


@dataclass
class Submission:
    """What a request held: articles ready for the pipeline, and inputs that could not be read."""

    articles: list[Article] = field(default_factory=list)
    errors: list[IngestError] = field(default_factory=list)
    batch: bool = False
    fields: dict[str, str] = field(default_factory=dict)  # other multipart form fields (e.g. strength)
    fetch: ArticleIn | None = None  # JSON holding a URL and no article: the page to fetch (only when allowed)


def media_type(request: Request) -> str:
    return request.headers.get("content-type", "").split(";", 1)[0].strip().lower()


async def read_submission(request: Request, *, max_bytes: int, max_articles: int, allow_fetch: bool = False) -> Submission:
    """Read the body by its content type; raise 400/413/415/422 with a one-line message.

    A form with nothing in it is not an error here: the web page answers it with the form again.
    JSON with a `url` and no article is a fetch request: refused (422) unless `allow_fetch`, else
    returned as `Submission.fetch` for the caller to fetch.
    """
    kind = media_type(request)
    if kind in FORM_TYPES:
        submission = await _multipart(request, max_bytes, max_articles)
    elif kind in JSONL_TYPES:
        submission = Submission(batch=True)
        _collect(submission, read_stream(await request.body(), "upload.jsonl", kind="jsonl"), max_articles)
    elif kind == "application/json":
        incoming = _json_in(await request.body())
        if incoming.fetch_only:
            if not allow_fetch:
                raise HTTPException(422, FETCH_DISABLED)
            submission = Submission(fetch=incoming)
        else:
            submission = Submission(articles=[Article(source="api:json", **incoming.model_dump())])
    elif kind in ("text/plain", "text/html"):
        source = "api:html" if kind == "text/html" else "api:text"
        text = _decode(await request.body(), "the request body", source)
        article = Article(source=source, html=text) if kind == "text/html" else Article(source=source, text=text)
        submission = Submission(articles=[article])
    else:
        shown = kind or "none"
        raise HTTPException(
            415,
            f"unsupported content type {shown!r}: send application/json, text/plain, "
            "text/html, application/x-ndjson, multipart/form-data or a urlencoded form",
        )
    return submission


def _json_in(body: bytes) -> ArticleIn:
    try:
        return ArticleIn.model_validate_json(body)
    except ValidationError as exc:
        raise RequestValidationError(_body_errors(exc)) from None


def _body_errors(exc: ValidationError) -> list[dict]:
    return [{"type": error["type"], "loc": ("body", *error["loc"]), "msg": error["msg"]} for error in exc.errors()]


def _decode(data: bytes, what: str, source: str) -> str:
    try:
        decoded = decode_text(data)
    except DecodeError as exc:
        raise HTTPException(400, f"{what}: {exc}") from None
    for message in decoded.warnings:
        warn(source, message)  # the server's log; the text itself carries U+FFFD where the bad bytes were
    return decoded.text


async def _multipart(request: Request, max_bytes: int, max_articles: int) -> Submission:
    form = await request.form(max_files=max_articles, max_fields=MAX_FORM_FIELDS, max_part_size=max_bytes)
    submission = Submission(batch=True)
    metadata = {}
    for name in METADATA_FIELDS:
        value = form.get(name)
        if isinstance(value, str) and value.strip():
            metadata[name] = " ".join(value.split())
    submission.fields = {key: value for key, value in form.multi_items() if isinstance(value, str)}
    text = form.get("text")
    if isinstance(text, str) and text.strip():
        submission.articles.append(_pasted(text, metadata))
    for upload in form.getlist("file"):
        if isinstance(upload, UploadFile):
            data = await upload.read()
            if not data and not upload.filename:
                continue  # an empty file input in a browser form
            source = _file_source(upload.filename)
            found = read_stream(data, source, kind=_kind_of(source))
            _collect(submission, (_with_metadata(item, metadata) for item in found), max_articles)
        elif isinstance(upload, str) and upload.strip():
            raise HTTPException(400, "field 'file' must be a file upload, not text (use field 'text' for text)")
    await form.close()
    _check_count(len(submission.articles), max_articles)
    return submission


def _pasted(text: str, metadata: dict[str, str]) -> Article:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    source = "pasted text"
    if sniff_kind(text) == "html":
        return Article(source=source, html=text, **metadata)
    return Article(source=source, text=text, **metadata)


def _with_metadata(item: Article | IngestError, metadata: dict[str, str]) -> Article | IngestError:
    """Form metadata fills what a file did not say (a JSONL line's own fields win)."""
    if isinstance(item, IngestError) or not metadata:
        return item
    missing = {key: value for key, value in metadata.items() if getattr(item, key) is None}
    return item.model_copy(update=missing)


def _collect(submission: Submission, items, max_articles: int) -> None:  # type: ignore[no-untyped-def]
    for item in items:
        if isinstance(item, IngestError):
            submission.errors.append(item)
        else:
            submission.articles.append(item)
            _check_count(len(submission.articles), max_articles)


def _check_count(count: int, max_articles: int) -> None:
    if count > max_articles:
        raise HTTPException(413, f"one request may hold at most {max_articles} articles")


def _file_source(filename: str | None) -> str:
    name = (filename or "upload").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable()).strip() or "upload"
    return name[:SOURCE_MAX]


def _kind_of(source: str) -> str | None:
    suffix = source.rsplit(".", 1)[-1].lower() if "." in source else ""
    if suffix in ("jsonl", "ndjson"):
        return "jsonl"
    if suffix in ("html", "htm", "xhtml"):
        return "html"
    if suffix in ("txt", "text"):
        return "text"
    return None
