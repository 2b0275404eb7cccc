"""Headers that keep the pages from being framed, sniffed or fed foreign code, and the
client's real address and scheme behind a trusted reverse proxy."""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# The pages load their script (htmx) and styles only from /static, and carry no inline
# script, style element or attribute: anything injected into a page is not run.
CONTENT_SECURITY_POLICY = "; ".join((
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
))
# A year: browsers that once reached us over TLS do not try plain HTTP meanwhile.
STRICT_TRANSPORT_SECURITY = "max-age=31536000"


class SecurityHeaders:
    """On every answer: no framing, no content-type sniffing, no address leaked to other
    sites, the content security policy (except on the OpenAPI pages, whose viewers load
    their own scripts), and HSTS when the request came over TLS."""

    def __init__(self, app: ASGIApp, *, without_policy: tuple[str, ...] = ()) -> None:
        self.app = app
        self.without_policy = without_policy

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        https = scope.get("scheme") == "https"
        policy = scope.get("path") not in self.without_policy

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("X-Content-Type-Options", "nosniff")
                headers.setdefault("X-Frame-Options", "DENY")
                headers.setdefault("Referrer-Policy", "same-origin")
                if policy:
                    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                if https:
                    headers.setdefault("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY)
            await send(message)

        await self.app(scope, receive, send_with_headers)


def trusted_proxies(setting: str | None) -> list[str]:
    """The TRUSTED_PROXIES setting as a list ("10.0.0.1, 10.1.0.0/16", or "*")."""
    return [item.strip() for item in (setting or "").split(",") if item.strip()]
