"""The web application: the API, the pages, the static files, and the rules that hold for all of them.

`create_app` is the one place the pieces are put together, so the server, the
tests and the benchmark all run exactly the same app. The store is opened (and
migrated) here, before the first request.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio.to_thread
from fastapi import FastAPI, HTTPException, Request
from starlette.concurrency import run_in_threadpool
from starlette.staticfiles import StaticFiles

from unspin import __version__
from unspin.ingest.guard import PublicAddressesOnly
from unspin.store import Store
from unspin.web import api, errors, pages
from unspin.web.comparing import Comparisons
from unspin.web.lanes import Lanes, warm_stories, warm_up
from unspin.web.memory import PeriodicRelease
from unspin.web.schemas import ErrorOut, Health
from unspin.web.security import BodyLimit, SecurityHeaders
from unspin.web.settings import Settings
from unspin.web.views import STATIC

DESCRIPTION = (
    "Plain, auditable versions of news articles. POST an article (JSON, text, HTML, JSONL or a "
    "multipart upload) to `/api/articles` and get the plain text with every edit in a ledger. "
    "The server fetches a URL only when its operator allows it (`unspin serve --allow-fetch`), and then only from public addresses."
)


def create_app(
    settings: Settings | None = None,
    *,
    store: Store | None = None,
    lanes: Lanes | None = None,
    fetch_guard: PublicAddressesOnly | None = None,
) -> FastAPI:
    """The app over `store` (or a store opened from `settings.db`, closed on shutdown).

    `lanes` runs the pipeline (default: `Lanes(settings)`: small articles in this process, large ones
    in a process pool, started on first use or by `unspin serve`, stopped on shutdown); a test
    passes its own to slow the large lane down. `fetch_guard` checks the URLs fetched when
    `settings.allow_fetch` is on (default: public addresses only); only tests pass one, to allow
    their own site on 127.0.0.1 — no option or setting of the server reaches it.
    """
    settings = settings or Settings()
    owned = store is None
    store = store or Store(settings.db)
    lanes = lanes or Lanes(settings)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        threads = anyio.to_thread.current_default_thread_limiter()  # articles in the lanes wait on threads:
        threads.total_tokens = max(threads.total_tokens, lanes.capacity + 40)  # leave as many for everything else
        if settings.warm:
            await run_in_threadpool(warm_up)
            await run_in_threadpool(warm_stories)
        releaser = PeriodicRelease().start()
        yield
        releaser.stop()
        lanes.close()
        if owned:
            store.close()

    app = FastAPI(title="unspin", version=__version__, description=DESCRIPTION, docs_url=None, redoc_url=None, lifespan=lifespan)
    app.state.store = store
    app.state.settings = settings
    app.state.lanes = lanes
    app.state.comparisons = Comparisons(lanes.large, store.url)  # stories compared in the large lane's pool
    app.state.fetch_guard = fetch_guard or PublicAddressesOnly()
    errors.install(app)
    app.include_router(api.router)
    app.include_router(pages.router)

    @app.get(
        "/healthz",
        response_model=Health,
        tags=["api"],
        summary="Liveness and database check",
        responses={503: {"model": ErrorOut, "description": "The database does not answer"}},
    )
    def healthz(request: Request) -> Health:
        try:
            request.app.state.store.ping()
        except Exception as exc:  # any database failure means "not healthy", not a 500
            raise HTTPException(503, f"database unavailable: {type(exc).__name__}") from None
        return Health(status="ok", database=request.app.state.store.dialect, version=__version__)

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.add_middleware(BodyLimit, max_bytes=settings.max_bytes)
    app.add_middleware(SecurityHeaders)  # added last, so it wraps everything, the 413s included
    return app


def app_from_env() -> FastAPI:
    """Factory for `uvicorn --factory` worker processes: settings come from UNSPIN_* variables."""
    settings = Settings.from_env()
    app = create_app(settings)
    app.state.lanes.start()  # the pool's processes load their models while this one loads its own
    return app
