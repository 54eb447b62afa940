"""Errors as one clear line: JSON `{"detail": ...}` for the API, a small HTML page for browsers.

FastAPI's own 422 body is a list of pydantic errors; a person reading a
terminal or a browser wants one sentence first. The list is still there, under
`errors`, for programs.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse, Response

from unspin.web.lanes import Busy
from unspin.web.views import page

log = logging.getLogger("unspin.web")
API_PREFIXES = ("/api/", "/healthz", "/openapi.json")
TITLES = {
    400: "Bad input",
    404: "Not found",
    405: "Method not allowed",
    413: "Too large",
    415: "Unsupported content type",
    422: "Invalid request",
    500: "Server error",
    503: "Unavailable",
}


def wants_json(request: Request) -> bool:
    path = request.url.path
    return path == "/api" or path.startswith(API_PREFIXES) or "text/html" not in request.headers.get("accept", "")


def error_response(
    request: Request, status: int, detail: str, headers: dict[str, str] | None = None, errors: list[dict] | None = None
) -> Response:
    if wants_json(request):
        body: dict = {"detail": detail}
        if errors is not None:
            body["errors"] = errors
        return JSONResponse(body, status_code=status, headers=headers)
    response = page("error.html.j2", status=status, status_code=status, title=TITLES.get(status, "Error"), detail=detail)
    response.headers.update(headers or {})
    return response


def describe_validation(errors: list[dict]) -> tuple[str, list[dict]]:
    """('page: Input should be greater than or equal to 1', [{'loc': [...], 'msg': ...}, ...])."""
    plain = []
    for error in errors:
        loc = [str(part) for part in error.get("loc", ())]
        message = str(error.get("msg", "invalid value")).removeprefix("Value error, ")
        plain.append({"loc": loc, "msg": message})
    first = plain[0] if plain else {"loc": [], "msg": "invalid request"}
    where = ".".join(first["loc"][1:]) or ".".join(first["loc"])
    line = f"{where}: {first['msg']}" if where and where != "body" else first["msg"]
    if len(plain) > 1:
        line += f" (and {len(plain) - 1} more)"
    return line, plain


def install(app: FastAPI) -> None:
    @app.exception_handler(HTTPException)
    async def _http(request: Request, exc: HTTPException) -> Response:
        detail = exc.detail if isinstance(exc.detail, str) else TITLES.get(exc.status_code, "error")
        return error_response(request, exc.status_code, detail, headers=getattr(exc, "headers", None))

    @app.exception_handler(Busy)
    async def _busy(request: Request, exc: Busy) -> Response:
        return error_response(request, 503, str(exc), headers={"Retry-After": str(exc.retry_after)})

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> Response:
        line, plain = describe_validation(list(exc.errors()))
        return error_response(request, 422, line, errors=plain)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return error_response(request, 500, "the server failed on this request; it has been logged")
