"""Request bodies bounded before anything parses them.

A pure ASGI middleware sees the body as it streams in: the bytes are counted as they
arrive (a chunked body as much as one with a Content-Length), and once a body passes the
limit of its path nothing more of it is read and the request is answered 413. A JSON body
is refused (422) when it nests deeper than any of ours, before a parser recurses into it.

The refusals are raised from `receive`, where the application reads the body, as HTTP
exceptions: FastAPI lets those through its body parsing, and api.errors words them (a page
on page paths). A body nobody reads is never refused, and never read."""

from __future__ import annotations

import re
from typing import Any

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from core.config import Settings

# The paths that take evidence files: they get the upload limit, and their forms are read
# only by their handlers, once the caller is known (api.deps.checked_form).
_UPLOAD_PATHS = re.compile(r"/(?:disputes/[^/]+/evidence|(?:centre|me)/disputes/new"
                           r"|(?:centre|me)/disputes/[^/]+/evidence"
                           r"|mission/cases/[^/]+/evidence)")
# application/json and every application/*+json type, in any case, as FastAPI parses them.
_JSON_TYPE = re.compile(r"application/(?:[^\s;/]+\+)?json", re.IGNORECASE)


def is_upload_path(path: str) -> bool:
    return _UPLOAD_PATHS.fullmatch(path) is not None


def is_json(content_type: str) -> bool:
    """Whether a Content-Type header names a JSON body."""
    return _JSON_TYPE.fullmatch(content_type.split(";", 1)[0].strip()) is not None


_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_BRACKET = bytes(b for b in range(256) if b not in b"[]{}")
_EMPTY_PAIR = re.compile(rb"\[\]|\{\}")


def nested_deeper_than(body: bytes, depth: int) -> bool:
    """Whether a JSON text nests arrays and objects more than `depth` levels deep, found
    without parsing it: strings are dropped, then each pass removes the innermost pairs of
    brackets, one level of the whole tree. Brackets that do not pair are left to the parser
    to report as malformed JSON."""
    brackets = _STRING.sub(b"", body).translate(None, _NOT_BRACKET)
    if brackets.count(b"[") + brackets.count(b"{") <= depth:
        return False
    for _ in range(depth):
        shorter = _EMPTY_PAIR.sub(b"", brackets)
        if not shorter or shorter == brackets:
            return False
        brackets = shorter
    return True


class BodyTooLarge(HTTPException):
    """A body past the limit of its path; nothing more of it is read."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"the request body is larger than {limit} bytes "
                              f"({_megabytes(limit)}), the limit for this address; nothing "
                              "was saved")
        self.limit = limit


class JsonTooDeep(HTTPException):
    """A JSON body nested deeper than any request of ours."""

    def __init__(self, depth: int) -> None:
        super().__init__(422, f"body: is nested more than {depth} levels deep")
        self.depth = depth


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.3g} MB"


def _problem(exc: BodyTooLarge | JsonTooDeep, path: str) -> dict[str, Any]:
    """The problem+json of a refusal the application did not answer itself (api.errors
    answers it as it does every refusal, with a page on page paths)."""
    if isinstance(exc, BodyTooLarge):
        return {"type": "/problems/request-too-large", "title": "Request too large",
                "status": 413, "detail": exc.detail, "instance": path, "field": "body",
                "limit_bytes": exc.limit}
    return {"type": "/problems/invalid-request", "title": "Invalid request", "status": 422,
            "detail": exc.detail, "instance": path, "field": "body", "max_depth": exc.depth,
            "errors": [{"field": "body", "message": exc.detail.removeprefix("body: ")}]}


class BodyLimit:
    """Bounds every HTTP request body: the upload limit on evidence upload paths, the
    general one elsewhere, and the JSON nesting depth (settings in core.config, read per
    request)."""

    def __init__(self, app: ASGIApp, *, settings: Settings) -> None:
        self.app = app
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        settings = self.settings
        limit = (settings.resolved_upload_max_body_bytes() if is_upload_path(scope["path"])
                 else settings.max_body_bytes)
        depth = settings.max_json_depth if is_json(headers.get("content-type", "")) else None
        body = _Body(receive, limit=limit, declared=_content_length(headers), depth=depth)
        started = replaced = False

        async def guarded_send(message: Message) -> None:
            # The refusal is the answer even where something caught it and answered else.
            nonlocal started, replaced
            if replaced:
                return
            if message["type"] == "http.response.start":
                started = True
                if body.refusal is not None and message["status"] != body.refusal.status_code:
                    replaced = True
                    await _answer(body.refusal, scope, receive, send)
                    return
            await send(message)

        try:
            await self.app(scope, body.receive, guarded_send)
        except (BodyTooLarge, JsonTooDeep) as exc:
            if started:
                raise
            await _answer(exc, scope, receive, send)


class _Body:
    """The request's `receive`, counting the body's bytes and holding a JSON body until its
    depth is checked."""

    def __init__(self, receive: Receive, *, limit: int, declared: int | None,
                 depth: int | None) -> None:
        self._receive = receive
        self.limit = limit
        self.declared = declared
        self.depth = depth
        self.received = 0
        self.refusal: BodyTooLarge | JsonTooDeep | None = None

    def _refuse(self, exc: BodyTooLarge | JsonTooDeep) -> BodyTooLarge | JsonTooDeep:
        self.refusal = exc
        return exc

    async def receive(self) -> Message:
        if self.refusal is not None:
            raise self.refusal
        if self.declared is not None and self.declared > self.limit:
            raise self._refuse(BodyTooLarge(self.limit))
        if self.depth is None:
            return await self._counted()
        depth, self.depth = self.depth, None
        chunks = []
        while True:
            message = await self._counted()
            if message["type"] != "http.request":
                return message  # the client went away
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                break
        whole = b"".join(chunks)
        if nested_deeper_than(whole, depth):
            raise self._refuse(JsonTooDeep(depth))
        return {"type": "http.request", "body": whole, "more_body": False}

    async def _counted(self) -> Message:
        message = await self._receive()
        if message["type"] == "http.request":
            self.received += len(message.get("body", b""))
            if self.received > self.limit:
                raise self._refuse(BodyTooLarge(self.limit))
        return message


def _content_length(headers: Headers) -> int | None:
    value = headers.get("content-length", "")
    return int(value) if value.isascii() and value.isdigit() else None


async def _answer(exc: BodyTooLarge | JsonTooDeep, scope: Scope, receive: Receive,
                  send: Send) -> None:
    response = JSONResponse(_problem(exc, scope["path"]), status_code=exc.status_code,
                            media_type="application/problem+json")
    await response(scope, receive, send)
