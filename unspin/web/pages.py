"""The web pages: paste or upload, read the plain version, browse articles, outlets and stories.

A story page is drawn by unspin/render's own story sections (`story_context`, `story_macros.html.j2`),
so it shows what `unspin stories` writes.

Server-rendered, so every page works without JavaScript; `static/app.js` only
switches between the plain and original views in place (the same switch is a
link, `?view=original`, without it).
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi import Path as PathParam
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.responses import RedirectResponse, Response

from unspin.edit.ledger import EditKind
from unspin.ingest import METADATA_FIELDS, IngestError
from unspin.pipeline import Options
from unspin.render import EXTENSIONS, FORMATS, MEDIA_TYPES, render
from unspin.render.html import byline, tally
from unspin.render.layout import counts, layout
from unspin.render.story import story_context
from unspin.report import Report
from unspin.settings import STRENGTHS
from unspin.store import StoredArticle, ingest_all
from unspin.store.repository import MAX_PAGE
from unspin.web.api import MAX_ID, comparisons_of, fetch_article, lanes_of, settings_of, store_of
from unspin.web.comparing import REFRESH_SECONDS, story_for_reader
from unspin.web.original import original_blocks
from unspin.web.schemas import ArticleIn
from unspin.web.security import DOWNLOAD_CSP
from unspin.web.stories import story_listings, story_of
from unspin.web.submit import FETCH_DISABLED, Submission, read_submission
from unspin.web.views import page, report_css, story_css

router = APIRouter(include_in_schema=False)
RowId = Annotated[int, PathParam(ge=1, le=MAX_ID)]


@router.get("/")
def home(request: Request) -> Response:
    recent = store_of(request).articles(page=1, per_page=8).items
    return page("home.html.j2", recent=recent, error=None, strengths=STRENGTHS, settings=settings_of(request))


@router.post("/articles")
async def submit_form(request: Request) -> Response:
    """The home page's form: one article goes straight to its page; several get a summary."""
    settings = settings_of(request)
    submission = await read_submission(request, max_bytes=settings.max_bytes, max_articles=settings.max_articles)
    strength = submission.fields.get("strength", "standard")
    if strength not in STRENGTHS:
        raise HTTPException(400, f"unknown strength {strength!r}; choose {', '.join(STRENGTHS[:-1])} or {STRENGTHS[-1]}")
    refused = await _fetch_field(request, submission)
    if refused:
        return _form_again(request, refused)
    store, neutralizer = store_of(request), lanes_of(request).neutralize
    options = Options(strength=strength)
    results = await run_in_threadpool(lambda: list(ingest_all(store, submission.articles, options, neutralizer=neutralizer)))
    stored = [item for item in results if isinstance(item, StoredArticle)]
    errors = [*submission.errors, *(item for item in results if isinstance(item, IngestError))]
    if len(stored) == 1 and not errors:
        return RedirectResponse(f"/articles/{stored[0].id}", status_code=303)
    if not stored:
        return _form_again(request, str(errors[0]) if errors else "paste an article or choose a file")
    return page("batch.html.j2", stored=stored, errors=errors)


def _form_again(request: Request, message: str) -> Response:
    """The home page with its form and a one-line error, so the reader can correct what they sent."""
    recent = store_of(request).articles(page=1, per_page=8).items
    return page("home.html.j2", status=400, recent=recent, error=message, strengths=STRENGTHS, settings=settings_of(request))


async def _fetch_field(request: Request, submission: Submission) -> str | None:
    """Fetch the form's `fetch` address into the submission, through the API's guarded fetcher; the one-line
    refusal when the server does not fetch (`unspin serve --allow-fetch`) or the address is refused."""
    address = submission.fields.get("fetch", "").strip()
    if not address:
        return None
    settings = settings_of(request)
    if not settings.allow_fetch:
        return FETCH_DISABLED
    metadata = {name: value for name in METADATA_FIELDS if name != "url" and (value := submission.fields.get(name, "").strip())}
    try:
        incoming = ArticleIn(url=address, **metadata)
        fetched = await run_in_threadpool(fetch_article, incoming, settings, request.app.state.fetch_guard)
    except ValidationError as exc:
        return f"cannot fetch that address: {exc.errors()[0]['msg']}"
    except HTTPException as exc:
        return str(exc.detail)
    submission.articles.append(fetched)
    return None


@router.get("/articles")
def browse(
    request: Request,
    outlet: Annotated[str | None, Query(max_length=300)] = None,
    q: Annotated[str | None, Query(max_length=200)] = None,
    page_number: Annotated[int, Query(alias="page", ge=1, le=MAX_PAGE)] = 1,
) -> Response:
    found = store_of(request).articles(outlet=outlet or None, q=q or None, page=page_number)
    return page("articles.html.j2", found=found, outlet=outlet or "", q=q or "")


def _stored(request: Request, article_id: int) -> StoredArticle:
    stored = store_of(request).get(article_id)
    if stored is None:
        raise HTTPException(404, f"no article {article_id}")
    return stored


@router.get("/articles/{article_id}")
def article(request: Request, article_id: RowId, view: Literal["plain", "original", "filled"] = "plain") -> Response:
    """The plain version (or the original, or — `view=filled` — the plain version with what the other
    outlets of its story reported and it left out, each addition credited)."""
    store = store_of(request)
    stored = _stored(request, article_id)
    story_id = story_of(store, article_id)
    report, comparison = stored.report, "compared"
    if view == "filled" and story_id is not None:
        report, comparison = _filled(request, story_id, article_id, report)
    arranged = layout(report)
    lead, body = arranged.split()
    return page(
        "article.html.j2",
        stored=stored,
        report=report,
        layout=arranged,
        lead=lead,
        body=body,
        original=original_blocks(report),
        view=view,
        tally=tally(report),
        byline=byline(report),
        counts=counts(report),
        story_id=story_id,
        additions=sum(1 for e in report.edits if e.kind is EditKind.ADD and e.category == "added_fact"),
        comparison=comparison,
        refresh=REFRESH_SECONDS if comparison == "pending" else None,
    )


def _filled(request: Request, story_id: int, article_id: int, report: Report) -> tuple[Report, str]:
    """The article's report with the additions from its story and the comparison's status; the report as it is while
    the story is being compared (`unspin.web.comparing`) or when comparing failed."""
    reader = story_for_reader(store_of(request), comparisons_of(request), story_id)
    member = reader.found.member_of(article_id) if reader is not None else None
    if reader is None or member is None:
        return report, "compared"
    return (member.filled or report), reader.status


@router.get("/articles/{article_id}/report.{fmt}")
def download(request: Request, article_id: RowId, fmt: Literal[FORMATS]) -> Response:  # type: ignore[valid-type]
    """The report as a file, rendered by unspin.render exactly as the CLI writes it."""
    stored = _stored(request, article_id)
    name = f"unspin-{stored.id}{EXTENSIONS[fmt]}"
    headers = {"Content-Disposition": f'attachment; filename="{name}"'}
    if fmt == "html":
        headers["Content-Security-Policy"] = DOWNLOAD_CSP
    return Response(render(stored.report, fmt), media_type=MEDIA_TYPES[fmt], headers=headers)


@router.get("/outlets")
def outlets(request: Request) -> Response:
    return page("outlets.html.j2", outlets=store_of(request).outlets())


@router.get("/stories")
def stories(request: Request) -> Response:
    return page("stories.html.j2", stories=story_listings(store_of(request)))


@router.get("/stories/{story_id}")
def story(request: Request, story_id: RowId) -> Response:
    """Members by outlet, the fact table with its disagreements, who is quoted by whom, what each left out. While the
    outlets are being compared (`unspin.web.comparing`) the page shows the members and reloads itself."""
    reader = story_for_reader(store_of(request), comparisons_of(request), story_id)
    if reader is None or not reader.found.articles:
        raise HTTPException(404, f"no story {story_id}")
    keys = reader.found.keys
    context = story_context(
        reader.found.story,
        {key: f"/articles/{article_id}" for key, article_id in keys.items()},
        filled_links={key: f"/articles/{article_id}?view=filled" for key, article_id in keys.items()},
    )
    refresh = REFRESH_SECONDS if reader.status == "pending" else None
    return page("story.html.j2", **context, comparison=reader.status, comparison_note=reader.note, refresh=refresh)


@router.get("/static/story.css")
def story_stylesheet() -> Response:
    return Response(story_css(), media_type="text/css; charset=utf-8", headers={"Cache-Control": "public, max-age=3600"})


@router.get("/static/report.css")
def stylesheet() -> Response:
    return Response(report_css(), media_type="text/css; charset=utf-8", headers={"Cache-Control": "public, max-age=3600"})
