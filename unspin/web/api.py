"""The HTTP API under /api: submit articles, read reports and ledgers, list outlets and stories.

Handlers only translate between HTTP and the library (`unspin.store`): read the
body, call `ingest`, shape the answer. The pipeline is CPU work, so it never runs
on the event loop: `ingest` runs on the thread pool and hands the pipeline to the
app's lanes (`unspin/web/lanes.py`), which answer 503 with Retry-After when full.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request, Response
from fastapi import Path as PathParam
from starlette.concurrency import run_in_threadpool

from unspin.ingest import METADATA_FIELDS, Article, IngestError
from unspin.ingest.fetch import Fetcher, FetchError
from unspin.ingest.guard import PublicAddressesOnly
from unspin.pipeline import Options
from unspin.store import Store, StoredArticle, ingest, ingest_all
from unspin.store.intake import Neutralizer
from unspin.store.repository import MAX_PAGE
from unspin.web.comparing import REFRESH_SECONDS, Comparisons, story_for_reader
from unspin.web.lanes import Lanes
from unspin.web.schemas import (
    ArticleIn,
    ArticleOut,
    BatchOut,
    ErrorOut,
    InputError,
    LedgerOut,
    OriginalOut,
    OutletOut,
    PageOut,
    StoryDetailOut,
    StorySummaryOut,
    Strength,
)
from unspin.web.settings import Settings
from unspin.web.stories import story_listings
from unspin.web.submit import read_submission

router = APIRouter(prefix="/api", tags=["api"])
MAX_ID = 2**31 - 1  # PostgreSQL's integer: a larger id would be a database error, not a 404
RowId = Annotated[int, PathParam(ge=1, le=MAX_ID)]
ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorOut, "description": text}
    for status, text in (
        (400, "Bad input: one line says what"),
        (404, "No such article or story"),
        (413, "Request body or article count over the limit"),
        (415, "Unsupported content type"),
        (422, "Request does not match the schema"),
        (503, "The server is busy (Retry-After says when to try again)"),
    )
}
_ARTICLE_SCHEMA = ArticleIn.model_json_schema()
_BINARY = {"type": "string", "format": "binary"}
_FORM_FIELDS = {
    "text": {"type": "string", "description": "Pasted article text or HTML"},
    **{name: {"type": "string"} for name in METADATA_FIELDS},
}
SUBMIT_BODY = {
    "required": True,
    "description": "One article as JSON, plain text or HTML; or several as JSONL or a multipart upload.",
    "content": {
        "application/json": {"schema": _ARTICLE_SCHEMA},
        "text/plain": {"schema": {"type": "string", "minLength": 1}},
        "text/html": {"schema": {"type": "string", "minLength": 1}},
        "application/x-ndjson": {
            "schema": {"type": "string", "minLength": 1, "description": "One JSON article per line (text or html, metadata)."}
        },
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "properties": {
                    "file": {"type": "array", "items": _BINARY, "description": ".txt, .html or .jsonl files"},
                    **_FORM_FIELDS,
                },
            }
        },
        "application/x-www-form-urlencoded": {"schema": {"type": "object", "properties": _FORM_FIELDS}},
    },
}


def store_of(request: Request) -> Store:
    return request.app.state.store


def settings_of(request: Request) -> Settings:
    return request.app.state.settings


def lanes_of(request: Request) -> Lanes:
    return request.app.state.lanes


def comparisons_of(request: Request) -> Comparisons:
    return request.app.state.comparisons


def server_fetcher(settings: Settings, guard: PublicAddressesOnly) -> Fetcher:
    """The fetcher for one `{"url": ...}` request: the guard checks every hop and pins each connection to the
    address it checked; the body is capped like a posted one; each step is time bounded and retried once."""
    return Fetcher(
        policy=guard,
        transport=guard.transport(),
        timeout=10.0,
        total_timeout=20.0,
        retries=1,
        max_wait=5.0,
        delay=0.5,
        per_host=1,
        workers=1,
        max_bytes=settings.max_bytes,
    )


def fetch_article(incoming: ArticleIn, settings: Settings, guard: PublicAddressesOnly) -> Article:
    """The page at the request's URL as an `Article` (its fetch record included), the request's own metadata
    filling what the page does not say; a refusal or failure is a 400 with one line."""
    url = incoming.url or ""
    with server_fetcher(settings, guard) as fetcher:
        try:
            article = fetcher.fetch(url).article()
        except FetchError as exc:
            shown = "".join(ch for ch in url if ch.isprintable())[:200]
            raise HTTPException(400, f"cannot fetch {shown}: {exc}") from None
    given = {name: getattr(incoming, name) for name in METADATA_FIELDS if name != "url" and getattr(incoming, name) is not None}
    return article.model_copy(update=given) if given else article


@router.post(
    "/articles",
    response_model=ArticleOut | BatchOut,
    status_code=201,
    responses={
        200: {"model": ArticleOut | BatchOut, "description": "Already stored: the stored report"},
        201: {"description": "Stored a new report"},
        **ERRORS,
    },
    openapi_extra={"requestBody": SUBMIT_BODY},
    summary="Neutralize and store articles",
)
async def submit(request: Request, strength: Strength = "standard") -> Response:
    """Neutralize the article(s) in the body and store them; the answer holds each report with its ledger.

    JSON, text/plain and text/html hold one article and get one `ArticleOut`. JSON with only a `url`
    (and metadata) is fetched and neutralized when the server allows fetching (`unspin serve
    --allow-fetch`: public addresses only), and refused with 422 otherwise. JSONL and
    multipart uploads may hold many and get a `BatchOut` (unreadable inputs listed under
    `errors`). Sending an article already stored returns the stored report with status 200.
    """
    settings = settings_of(request)
    submission = await read_submission(
        request, max_bytes=settings.max_bytes, max_articles=settings.max_articles, allow_fetch=settings.allow_fetch
    )
    if submission.fetch is not None:  # only when the operator allows fetching (read_submission refuses it otherwise)
        submission.articles.append(
            await run_in_threadpool(fetch_article, submission.fetch, settings, request.app.state.fetch_guard)
        )
    store, neutralizer = store_of(request), lanes_of(request).neutralize
    options = Options(strength=strength)
    if not submission.articles and not submission.errors:
        raise HTTPException(400, "the request holds no article: send 'text' or a 'file'")
    if not submission.batch:
        stored = await run_in_threadpool(_ingest_one, store, submission.articles[0], options, neutralizer)
        return await _answer(ArticleOut.of(stored), 201 if stored.created else 200)
    results = await run_in_threadpool(lambda: list(ingest_all(store, submission.articles, options, neutralizer=neutralizer)))
    items = [ArticleOut.of(item) for item in results if isinstance(item, StoredArticle)]
    errors = [*submission.errors, *(item for item in results if isinstance(item, IngestError))]
    if not items:
        raise HTTPException(400, str(errors[0]) if errors else "the request holds no article")
    batch = BatchOut(items=items, errors=[InputError(source=e.source, message=e.message) for e in errors])
    return await _answer(batch, 201 if any(item.created for item in items) else 200)


async def _answer(body: ArticleOut | BatchOut, status: int) -> Response:
    """JSON made on the thread pool: a 2 MB article's report takes a few tenths of a second to write
    out, which on the event loop would hold up every other request."""
    json = await run_in_threadpool(lambda: body.model_dump_json(by_alias=True))  # a report's `title` is its neutral headline
    return Response(json, status_code=status, media_type="application/json")


def _ingest_one(store: Store, article, options: Options, neutralizer: Neutralizer) -> StoredArticle:  # type: ignore[no-untyped-def]
    try:
        return ingest(store, article, options, neutralizer=neutralizer)
    except ValueError as exc:
        raise HTTPException(400, str(exc)) from None


@router.get("/articles", response_model=PageOut, responses=ERRORS, summary="List and search stored articles")
def list_articles(
    request: Request,
    outlet: Annotated[str | None, Query(max_length=300, description="Exact outlet name")] = None,
    q: Annotated[str | None, Query(max_length=200, description="Words in the title or text")] = None,
    page: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 1,
) -> PageOut:
    """Newest first, 20 a page."""
    return PageOut.of(store_of(request).articles(outlet=outlet, q=q, page=page))


def _article(request: Request, article_id: int, strength: str | None = None) -> StoredArticle:
    stored = store_of(request).get(article_id, strength=strength)
    if stored is None:
        raise HTTPException(404, f"no article {article_id}")
    return stored


@router.get("/articles/{article_id}", response_model=ArticleOut, responses=ERRORS, summary="One article's report")
def get_article(request: Request, article_id: RowId, strength: Strength | None = None) -> ArticleOut:
    """The article's newest report (at `strength`, when given), with its ledger."""
    return ArticleOut.of(_article(request, article_id, strength))


@router.get("/articles/{article_id}/ledger", response_model=LedgerOut, responses=ERRORS, summary="One article's ledger")
def get_ledger(request: Request, article_id: RowId, strength: Strength | None = None) -> LedgerOut:
    """Every edit, in text order, with the check that it rebuilds the output from the original."""
    stored = _article(request, article_id, strength)
    return LedgerOut(
        article_id=stored.id,
        report_id=stored.report_id,
        version=stored.report.version,
        strength=stored.report.strength,
        verified=stored.report.verify(),
        edits=stored.report.edits,
    )


@router.get("/articles/{article_id}/original", response_model=OriginalOut, responses=ERRORS, summary="The article as received")
def get_original(request: Request, article_id: RowId) -> OriginalOut:
    """The text or HTML exactly as it was sent (decoded to text)."""
    found = store_of(request).original(article_id)
    if found is None:
        raise HTTPException(404, f"no article {article_id}")
    kind, body = found
    return OriginalOut(article_id=article_id, kind=kind, body=body)  # type: ignore[arg-type]


@router.get("/outlets", response_model=list[OutletOut], summary="Outlets with loaded-language density")
def list_outlets(request: Request) -> list[OutletOut]:
    """Every outlet, with cuts and modifications per 100 words over its articles' newest reports."""
    return [OutletOut.of(item) for item in store_of(request).outlets()]


@router.get("/stories", response_model=list[StorySummaryOut], summary="Stories")
def list_stories(request: Request) -> list[StorySummaryOut]:
    """Stories group stored articles about one event, newest first: each with its neutral headline
    (`title`), the original (`original_title`), its size, outlets and dates."""
    return [StorySummaryOut.of(item) for item in story_listings(store_of(request))]


PENDING_HEADERS = {
    "Retry-After": {
        "description": 'Sent while `comparison_status` is "pending": seconds until asking again is worth it.',
        "schema": {"type": "integer"},
    }
}


@router.get(
    "/stories/{story_id}",
    response_model=StoryDetailOut,
    responses={200: {"description": "The story, compared or pending", "headers": PENDING_HEADERS}, **ERRORS},
    summary="One story, compared",
)
def get_story(request: Request, response: Response, story_id: RowId) -> StoryDetailOut:
    """The story's articles (each with the sentences other outlets reported and it left out, as `add`
    edits crediting their outlet), its facts aligned across outlets with their differences, and who
    is quoted by whom. Comparing takes seconds, so after a story changes the first request answers at once
    with `comparison_status: "pending"` (members only) and a Retry-After header while the server compares
    it in the background; a later request gets the result."""
    reader = story_for_reader(store_of(request), comparisons_of(request), story_id)
    if reader is None or not reader.found.articles:
        raise HTTPException(404, f"no story {story_id}")
    if reader.status == "pending":
        response.headers["Retry-After"] = str(REFRESH_SECONDS)
    return StoryDetailOut.of_compared(reader.found, reader.status, reader.note)
