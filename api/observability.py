"""Every request's id, its one log line and its latency; who may read /metrics."""

from __future__ import annotations

import hmac
import ipaddress
import logging
import time

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from core import metrics
from core.logs import new_request_id, request_context, sane_request_id

log = logging.getLogger("vetted.request")

REQUEST_ID_HEADER = "X-Request-ID"
# The label of a request no route matched (404s, probes of random addresses): one series,
# not one per address tried.
UNMATCHED = "<unmatched>"
# Asked every few seconds by probes and scrapers: their successes would drown the log, so
# they are logged at DEBUG (and timed all the same).
QUIET_ROUTES = frozenset({"/healthz", "/readyz", "/metrics"})


class RequestObservation:
    """Gives each request an id (the caller's X-Request-ID when it is sane, else a fresh
    one), answers with it, stamps the request's log lines with it, and logs and times the
    request once it is answered: method, route template, status, duration. Neither the
    address's query string nor a client's address is logged: they can carry personal data.
    A plain ASGI middleware, so the id is set in the context the handlers run in."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = next((v.decode("latin-1") for k, v in scope["headers"]
                         if k == b"x-request-id"), None)
        request_id = sane_request_id(incoming) or new_request_id()
        status = 500  # what the client gets if the application fails before answering
        started = time.perf_counter()

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [*message.get("headers", []),
                                      (b"x-request-id", request_id.encode())]
            await send(message)

        with request_context(request_id):
            try:
                await self.app(scope, receive, send_with_id)
            finally:
                seconds = time.perf_counter() - started
                route = scope.get("route")
                template = getattr(route, "path", None) or UNMATCHED
                method = scope["method"]
                metrics.REQUEST_SECONDS.labels(
                    method=method, route=template, status=metrics.status_class(status),
                ).observe(seconds)
                level = logging.DEBUG if template in QUIET_ROUTES and status < 400 \
                    else logging.INFO
                log.log(level, "%s %s %d", method, template, status,
                        extra={"event": "http.request", "method": method,
                               "route": template, "status": status,
                               "duration_ms": round(seconds * 1000, 1)})


def may_read_metrics(request: Request, token: str | None) -> bool:
    """With a token configured, whoever sends it; without, clients on this machine."""
    if token:
        sent = request.headers.get("authorization", "")
        scheme, _, value = sent.partition(" ")
        return scheme.lower() == "bearer" and hmac.compare_digest(value.encode(),
                                                                  token.encode())
    host = request.client.host if request.client else ""
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
