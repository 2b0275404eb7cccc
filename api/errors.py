"""Every error as RFC 9457 problem+json, naming the offending field where there is one."""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import quote

import asyncpg
import redis.exceptions
from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from api.bodies import BodyTooLarge, JsonTooDeep
from api.deps import ControlCharacters, NumberOutOfRange
from api.problems import SHAPES, problem_members, shape_of
from api.web import common as web
from api.web.refusals import refusal_text
from core import metrics
from core.db import is_connection_lost
from core.errors import DomainError, Unavailable
from matching import exceptions as matching_errors

log = logging.getLogger("vetted.api")

PROBLEM_JSON = "application/problem+json"
# What a 503 tells a client to wait before trying again.
RETRY_AFTER_SECONDS = 5


class ServiceUnavailable(Exception):
    def __init__(self, detail: str) -> None:
        super().__init__(detail)


# What a page says, in the reader's language, for the failures that are nobody's doing;
# the JSON answer keeps its technical detail.
PAGE_DETAILS = {
    404: web.N_("There is no such page. Check the address, or go back to the start page."),
    405: web.N_("This page cannot be opened this way."),
    413: web.N_("What you sent is larger than %(limit)s, the most this page accepts at once; "
                "nothing was saved. Go back with your browser's Back button (what you typed "
                "is usually still there), then choose smaller or fewer files, or shorten the "
                "longest text."),
    429: web.N_("Too many requests from your device in a short time. Wait a minute and "
                "try again."),
    500: web.N_("Something went wrong on our side; nothing was saved. Please try again."),
    503: web.N_("The service is unavailable for a moment. Nothing is lost; please try again "
                "shortly."),
}
# A value no field may hold, said on a page without the field's internal name.
UNSAFE_WORDS: dict[type[Exception], str] = {
    ControlCharacters: web.N_("What you sent holds a control character (such as NUL) that "
                              "no text may hold; nothing was saved."),
    NumberOutOfRange: web.N_("A number you sent is far larger than any this service "
                             "holds; nothing was saved."),
}
SEARCH_DOWN = web.N_("Search is unavailable for a moment. Nothing is lost; please try again "
                     "shortly.")


def problem(
    request: Request, status: int, title: str, detail: str, *, slug: str,
    page_detail: str | None = None, refusal: Exception | None = None, **extra: Any,
) -> Response:
    """The error as problem+json, or on a page path as a page in the reader's language (with
    `page_detail`, a marked text, in place of a detail only the API needs, or the words of
    the domain's `refusal`, by its code)."""
    if web.is_page(request):
        _ = web.gettext_for(request)
        if isinstance(refusal, DomainError):
            detail = refusal_text(request, refusal)
        return web.error_page(request, status, _(title),
                              _(page_detail) if page_detail else detail)
    body = {
        "type": f"/problems/{slug}",
        "title": title,
        "status": status,
        "detail": detail,
        "instance": request.url.path,
        **{k: v for k, v in extra.items() if v is not None},
    }
    body = jsonable_encoder(body)
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON)


def unavailable(request: Request, title: str, detail: str, *, slug: str,
                page_detail: str | None = None, engine: str = "service",
                cause: BaseException | None = None) -> Response:
    """503 with Retry-After: an outage, never the client's fault, likely over soon. Logged
    and counted by the engine that was away."""
    route = getattr(request.scope.get("route"), "path", None)
    metrics.UNAVAILABLE_ANSWERS.labels(engine=engine).inc()
    reason = repr(cause)[:300] if cause is not None else None
    log.warning("%s unavailable on %s %s: answered 503", engine, request.method, route,
                extra={"event": "outage.answered_503", "engine": engine, "route": route,
                       "reason": reason})
    response = problem(request, 503, title, detail, slug=slug, page_detail=page_detail,
                       retry_after=RETRY_AFTER_SECONDS)
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def field_path(loc: tuple[Any, ...]) -> str:
    parts = list(loc)
    if parts and parts[0] in ("body", "query", "path", "header", "cookie", "form"):
        parts = parts[1:]
    path = ""
    for part in parts:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += ("." if path else "") + str(part)
    return path or str(loc[0] if loc else "request")


def _message(error: dict[str, Any]) -> str:
    msg = str(error.get("msg", "is invalid"))
    return msg.removeprefix("Value error, ")


def install(app: FastAPI) -> None:
    @app.exception_handler(web.LoginRequired)
    async def _login(request: Request, exc: web.LoginRequired) -> Response:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(target)}", status_code=303)

    @app.exception_handler(web.PageForbidden)
    async def _page_forbidden(request: Request, exc: web.PageForbidden) -> Response:
        await web.error_page_principal(request)
        _ = web.gettext_for(request)
        return web.error_page(request, 403, _("Not allowed"), str(exc))

    @app.exception_handler(web.CsrfRejected)
    async def _csrf(request: Request, exc: web.CsrfRejected) -> Response:
        await web.error_page_principal(request)
        _ = web.gettext_for(request)
        return web.error_page(request, 403, _("The form has expired"),
                              _("Reload the page and send the form again."))

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> Response:
        if web.is_page(request):
            await web.error_page_principal(request)
            # A page's address that names no record (`/me/disputes/abc`) is no page; any
            # other refusal is said in the reader's words, with the limit it missed.
            if any(tuple(e.get("loc", ()))[:1] == ("path",) for e in exc.errors()):
                return problem(request, 404, "Not found", "no such page", slug="not-found",
                               page_detail=PAGE_DETAILS[404])
            said = web.error_messages(exc.errors(), request)
            return problem(request, 422, "Invalid request", next(iter(said.values()), ""),
                           slug="invalid-request")
        errors = []
        for error in exc.errors():
            loc = tuple(error.get("loc", ()))
            if error.get("type") == "json_invalid":
                # The location is a character offset, not a field.
                errors.append({"field": "body", "message": "is not valid JSON: "
                               + str(error.get("ctx", {}).get("error", "decode error"))})
                continue
            # Pydantic reports the branch of a union or a type wrapper as the last part.
            loc = tuple(p for p in loc if not (isinstance(p, str) and "[" in p and "]" in p))
            errors.append({"field": field_path(loc), "message": _message(error)})
        first = errors[0] if errors else {"field": "request", "message": "is invalid"}
        return problem(
            request, 422, "Invalid request", f"{first['field']}: {first['message']}",
            slug="invalid-request", field=first["field"], errors=errors,
        )

    @app.exception_handler(BodyTooLarge)
    async def _too_large(request: Request, exc: BodyTooLarge) -> Response:
        if web.is_page(request):  # the page names the limit in the reader's units
            await web.error_page_principal(request)
            _ = web.gettext_for(request)
            limit = web.size_words(exc.limit, web.request_language(request), _)
            return web.error_page(request, 413, _("Request too large"),
                                  _(PAGE_DETAILS[413]) % {"limit": limit})
        return problem(request, 413, "Request too large", str(exc.detail),
                       slug="request-too-large", page_detail=PAGE_DETAILS[413], field="body",
                       limit_bytes=exc.limit)

    @app.exception_handler(JsonTooDeep)
    async def _too_deep(request: Request, exc: JsonTooDeep) -> Response:
        message = str(exc.detail).removeprefix("body: ")
        return problem(request, 422, "Invalid request", str(exc.detail),
                       slug="invalid-request", field="body", max_depth=exc.depth,
                       errors=[{"field": "body", "message": message}])

    async def _refusal(request: Request, exc: Exception) -> Response:
        shape = shape_of(exc)
        if shape is None:
            return _internal(request, exc)
        await _page_principal(request)
        if shape.status >= 500:
            log.error("%s on %s: %s", type(exc).__name__, request.url.path, exc)
        detail, members = problem_members(exc, shape)
        response = problem(request, shape.status, shape.title, detail, slug=shape.slug,
                           page_detail=UNSAFE_WORDS.get(type(exc)), refusal=exc, **members)
        for name, value in (shape.headers(exc) if shape.headers else {}).items():
            response.headers[name] = value
        return response

    for error_class in SHAPES:
        app.add_exception_handler(error_class, _refusal)

    @app.exception_handler(matching_errors.SearchUnavailable)
    async def _m_search_down(request: Request, exc: matching_errors.SearchUnavailable
                             ) -> Response:
        return unavailable(request, "Search unavailable", str(exc), slug="search-unavailable",
                           page_detail=SEARCH_DOWN, engine="search",
                           cause=exc.__cause__ or exc)

    @app.exception_handler(ServiceUnavailable)
    async def _unavailable(request: Request, exc: ServiceUnavailable) -> Response:
        return unavailable(request, "Service unavailable", str(exc), slug="unavailable",
                           page_detail=PAGE_DETAILS[503])

    _install_outages(app)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        titles = {401: "Not signed in", 403: "Forbidden", 404: "Not found",
                  405: "Method not allowed", 429: "Too many requests"}
        if exc.status_code == 404 and request.scope.get("route") is None \
                and "text/html" in request.headers.get("accept", ""):
            # An address no route knows, typed or followed in a browser: a page.
            request.state.web = True
        if exc.status_code == 405 and request.method in ("GET", "HEAD") and web.is_page(request):
            # The address a form was sent to (`/me/disputes/7/messages`), opened again: its
            # page was shown there after a refusal, and a reload from the address bar, a
            # bookmark or the choice of another language lands on it. The page the form
            # lives on is what the person wants, not "cannot be opened this way".
            return RedirectResponse(_page_above(request), status_code=303)
        await _page_principal(request)
        response = problem(request, exc.status_code, titles.get(exc.status_code, "Error"),
                           str(exc.detail), slug=titles.get(exc.status_code, "error")
                           .lower().replace(" ", "-"),
                           page_detail=PAGE_DETAILS.get(exc.status_code))
        for name, value in (exc.headers or {}).items():
            response.headers[name] = value
        return response

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        await _page_principal(request)
        return _internal(request, exc)



async def _page_principal(request: Request) -> None:
    """On a page, its signed-in user, for the header of the error page (an engine that is
    down is not asked: its 503 pages skip this)."""
    if web.is_page(request):
        await web.error_page_principal(request)


def _page_above(request: Request) -> str:
    """The nearest address above the request's that a browser may open (`/me/disputes/7`
    above `/me/disputes/7/messages`), else the start page."""
    path = request.url.path.rstrip("/")
    while "/" in path.strip("/"):
        path = path.rsplit("/", 1)[0]
        scope = {**request.scope, "path": path, "method": "GET"}
        if any(route.matches(scope)[0] == Match.FULL for route in request.app.router.routes):
            return path
    return "/"


def _install_outages(app: FastAPI) -> None:
    """An engine that is down or silent: 503 with Retry-After, never a 500."""

    async def _database(request: Request, exc: Exception) -> Response:
        _ = web.gettext_for(request)
        detail = (_("We cannot reach the database at the moment. Please try again in a "
                    "minute.") if web.is_page(request)
                  else "the database cannot be reached at the moment; try again in a few "
                       "seconds")
        return unavailable(request, "Service unavailable", detail,
                           slug="database-unavailable", engine="postgresql", cause=exc)

    async def _redis(request: Request, exc: Exception) -> Response:
        _ = web.gettext_for(request)
        detail = (_("This cannot be done at the moment: a service it needs is not "
                    "answering. Nothing was saved; please try again in a minute.")
                  if web.is_page(request)
                  else "a service this request needs (Redis) is not answering; nothing was "
                       "saved; try again in a few seconds")
        engine = exc.engine.lower() if isinstance(exc, Unavailable) else "redis"
        return unavailable(request, "Service unavailable", detail, slug="unavailable",
                           engine=engine, cause=exc)

    async def _engine(request: Request, exc: Exception) -> Response:
        if isinstance(exc, Unavailable) and exc.engine != "PostgreSQL":
            return await _redis(request, exc)
        return await _database(request, exc)

    async def _interface(request: Request, exc: Exception) -> Response:
        if is_connection_lost(exc):
            return await _database(request, exc)
        return _internal(request, exc)

    app.add_exception_handler(Unavailable, _engine)
    # A statement's timeout (a silent server), a connection that died under a request, a
    # server shutting down or full.
    for database_error in (TimeoutError, ConnectionError, asyncpg.PostgresConnectionError,
                           asyncpg.exceptions.OperatorInterventionError,
                           asyncpg.exceptions.TooManyConnectionsError,
                           asyncpg.exceptions.InternalClientError):
        app.add_exception_handler(database_error, _database)
    app.add_exception_handler(asyncpg.InterfaceError, _interface)
    for redis_error in (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError):
        app.add_exception_handler(redis_error, _redis)


def _internal(request: Request, exc: Exception) -> Response:
    log.error("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return problem(request, 500, "Internal error",
                   "something went wrong on our side; nothing was saved", slug="internal",
                   page_detail=PAGE_DETAILS[500])
