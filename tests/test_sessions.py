"""Sessions and page security: signing out ends the session for its cookie and its bearer
token alike, deactivation ends every session, page forms need the CSRF token (signing in
and out and the language switch included), repeated failed sign-ins lock the account
whatever the address, forwarded headers count only from trusted proxies, and every answer
carries the security headers."""

from __future__ import annotations

import asyncio
import re
import uuid
from collections.abc import AsyncIterator
from typing import Any

import asyncpg
import httpx
import pytest

from core.auth import account_key
from tests.conftest import PASSWORD, bearer, create_user_direct, token_for, unique

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def _csrf(html: str) -> str:
    found = CSRF.search(html)
    assert found, "the page carries no CSRF token"
    return found.group(1)


def _client(app: Any, address: str | None = None, *, language: str = "en"
            ) -> httpx.AsyncClient:
    address = address or f"10.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}.7"
    transport = httpx.ASGITransport(app=app, client=(address, 40000))
    client = httpx.AsyncClient(transport=transport, base_url="http://vetted.test")
    client.cookies.set("vetted_lang", language, domain="vetted.test")
    return client


async def _page_sign_in(client: httpx.AsyncClient, email: str, password: str = PASSWORD
                        ) -> httpx.Response:
    token = _csrf((await client.get("/login")).text)
    return await client.post("/login", data={"email": email, "password": password,
                                             "csrf_token": token})


async def _user_id(db: asyncpg.Connection, email: str) -> int:
    user_id: int = await db.fetchval("SELECT id FROM app_user WHERE email = $1", email)
    return user_id


# --- the language notices are written in -------------------------------------------------

async def test_signing_in_on_russian_pages_makes_russian_the_notices_language(
        app: Any, db: asyncpg.Connection) -> None:
    """A regulator who reads the pages in Russian, and never chose a notices' language,
    was written to in English; one who chose keeps their choice."""
    unset = await create_user_direct(db, "regulator")
    chosen = await create_user_direct(db, "regulator")
    await db.execute("UPDATE app_user SET language = 'en' WHERE email = $1", chosen)
    for email in (unset, chosen):
        async with _client(app, language="ru") as browser:
            signed = await _page_sign_in(browser, email)
            assert signed.status_code == 303, signed.text
    languages = {r["email"]: r["language"] for r in await db.fetch(
        "SELECT email, language FROM app_user WHERE email = ANY($1)", [unset, chosen])}
    assert languages == {unset: "ru", chosen: "en"}
    # Kyrgyz is no staff language: a regulator on a Kyrgyz page keeps the default.
    other = await create_user_direct(db, "regulator")
    async with _client(app, language="ky") as browser:
        await _page_sign_in(browser, other)
    assert await db.fetchval("SELECT language FROM app_user WHERE email = $1", other) is None


# --- signing out ------------------------------------------------------------------------

async def test_signing_out_ends_the_session_for_its_cookie_and_its_bearer_token(
        app: Any, db: asyncpg.Connection) -> None:
    email = await create_user_direct(db, "regulator")
    async with _client(app) as browser:
        signed = await _page_sign_in(browser, email)
        assert signed.status_code == 303 and signed.headers["location"] == "/ministry"
        token = browser.cookies["vetted_session"]
        assert (await browser.get("/ministry")).status_code == 200
        async with _client(app) as api:
            assert (await api.get("/auth/me", headers=bearer(token))).status_code == 200

            home = await browser.get("/ministry")
            out = await browser.post("/logout", data={"csrf_token": _csrf(home.text)})
            assert out.status_code == 303
            assert "vetted_session" not in browser.cookies

            # The same token, kept by whoever copied it, is refused both ways.
            refused = await api.get("/auth/me", headers=bearer(token))
            assert refused.status_code == 401
            assert refused.headers["content-type"].startswith("application/problem+json")
            assert (await api.get("/licences", headers=bearer(token))).status_code == 401
            api.cookies.set("vetted_session", token)
            page = await api.get("/ministry")
            assert page.status_code == 303 and page.headers["location"].startswith("/login")
    assert await db.fetchval("SELECT count(*) FROM user_session WHERE user_id = $1",
                             await _user_id(db, email)) == 0


async def test_signing_out_through_the_api_ends_only_that_session(
        client: httpx.AsyncClient, db: asyncpg.Connection) -> None:
    email = await create_user_direct(db, "regulator")
    first, second = await token_for(client, email), await token_for(client, email)
    out = await client.post("/auth/logout", headers=bearer(first))
    assert out.status_code == 204
    assert (await client.get("/auth/me", headers=bearer(first))).status_code == 401
    assert (await client.post("/auth/logout", headers=bearer(first))).status_code == 401
    # Another sign-in (another device) goes on.
    assert (await client.get("/auth/me", headers=bearer(second))).status_code == 200


async def test_an_expired_session_is_refused_before_its_token_expires(
        client: httpx.AsyncClient, db: asyncpg.Connection) -> None:
    email = await create_user_direct(db, "regulator")
    token = await token_for(client, email)
    await db.execute("UPDATE user_session SET expires_at = now() - interval '1 second' "
                     "WHERE user_id = $1", await _user_id(db, email))
    assert (await client.get("/auth/me", headers=bearer(token))).status_code == 401


async def test_deactivating_an_account_ends_all_its_sessions(
        client: httpx.AsyncClient, db: asyncpg.Connection, admin: dict[str, str]) -> None:
    email = await create_user_direct(db, "regulator")
    user_id = await _user_id(db, email)
    tokens = [await token_for(client, email) for _ in range(2)]
    response = await client.post(f"/admin/users/{user_id}/deactivate", headers=admin)
    assert response.status_code == 200, response.text
    assert response.json()["is_active"] is False
    for token in tokens:
        assert (await client.get("/auth/me", headers=bearer(token))).status_code == 401
    assert await db.fetchval("SELECT count(*) FROM user_session WHERE user_id = $1",
                             user_id) == 0
    audited = await db.fetchval(
        "SELECT count(*) FROM audit_entry WHERE entity_type = 'user' AND entity_id = $1 "
        "AND action = 'deactivate'", str(user_id))
    assert audited == 1
    # Made active again, the old tokens stay dead: a fresh sign-in is needed.
    await db.execute("UPDATE app_user SET is_active = true WHERE id = $1", user_id)
    assert (await client.get("/auth/me", headers=bearer(tokens[0]))).status_code == 401
    assert (await client.get("/auth/me", headers=bearer(await token_for(client, email)))
            ).status_code == 200


async def test_only_an_admin_deactivates_and_an_unknown_account_is_named(
        client: httpx.AsyncClient, db: asyncpg.Connection, admin: dict[str, str],
        regulator: dict[str, str]) -> None:
    user_id = await _user_id(db, await create_user_direct(db, "regulator"))
    forbidden = await client.post(f"/admin/users/{user_id}/deactivate", headers=regulator)
    assert forbidden.status_code == 403
    missing = await client.post("/admin/users/999999999/deactivate", headers=admin)
    assert missing.status_code == 404


# --- CSRF -------------------------------------------------------------------------------

@pytest.mark.parametrize(("language", "words"), [
    ("en", "The form has expired"), ("ru", "Срок действия формы истёк"),
    ("ky", "Форманын мөөнөтү бүттү"), ("tg", "Мӯҳлати шакл гузаштааст"),
])
async def test_signing_in_without_the_form_token_is_refused_in_the_readers_language(
        app: Any, db: asyncpg.Connection, language: str, words: str) -> None:
    email = await create_user_direct(db, "regulator")
    async with _client(app, language=language) as browser:
        await browser.get("/login")  # the browser has its CSRF cookie, not the token
        forged = await browser.post("/login", data={"email": email, "password": PASSWORD})
        assert forged.status_code == 403
        assert forged.headers["content-type"].startswith("text/html")
        assert words in forged.text
        assert "vetted_session" not in browser.cookies


async def test_a_token_is_good_only_with_the_browser_it_was_given_to(
        app: Any, db: asyncpg.Connection) -> None:
    email = await create_user_direct(db, "regulator")
    async with _client(app) as attacker, _client(app) as victim:
        token = _csrf((await attacker.get("/login")).text)
        await victim.get("/")
        forged = await victim.post("/login", data={"email": email, "password": PASSWORD,
                                                   "csrf_token": token})
        assert forged.status_code == 403
        # A browser that never had a page of ours has no CSRF cookie: nothing matches.
        async with _client(app) as fresh:
            blind = await fresh.post("/login", data={"email": email, "password": PASSWORD,
                                                     "csrf_token": token})
            assert blind.status_code == 403


async def test_a_cross_site_sign_out_or_language_switch_is_refused(
        app: Any, db: asyncpg.Connection) -> None:
    email = await create_user_direct(db, "regulator")
    async with _client(app) as browser:
        assert (await _page_sign_in(browser, email)).status_code == 303
        assert (await browser.post("/logout")).status_code == 403
        assert (await browser.get("/ministry")).status_code == 200  # still signed in
        switched = await browser.post("/language", data={"language": "ru", "next": "/"})
        assert switched.status_code == 403
        assert browser.cookies.get("vetted_lang") == "en"
        # From our own page, with its token, both work.
        token = _csrf((await browser.get("/ministry")).text)
        switched = await browser.post("/language", data={"language": "ru", "next": "/",
                                                         "csrf_token": token})
        assert switched.status_code == 303 and browser.cookies.get("vetted_lang") == "ru"
        assert (await browser.post("/logout", data={"csrf_token": token})).status_code == 303
        assert (await browser.get("/ministry")).status_code == 303


def _page_posts() -> set[str]:
    """Every POST route of the page modules, with its page group's prefix."""
    import importlib
    import pkgutil

    from fastapi.routing import APIRoute

    import api.web
    from api.web.common import PAGE_PREFIXES

    found = set()
    for info in pkgutil.iter_modules(api.web.__path__):
        router = getattr(importlib.import_module(f"api.web.{info.name}"), "router", None)
        for route in getattr(router, "routes", ()):
            if not (isinstance(route, APIRoute) and route.methods - {"GET", "HEAD"}):
                continue
            path = route.path
            if not any(path == p or path.startswith(p + "/") for p in PAGE_PREFIXES):
                path = "/" + info.name.split("_")[0] + path  # a group's sub-router
            found.add(re.sub(r"\{[^}]+\}", "1", path))
    return found


async def test_every_state_changing_page_route_refuses_a_post_without_the_token(
        app: Any, db: asyncpg.Connection) -> None:
    """Page routes added later are covered too: the check sits on every page router."""
    posts = _page_posts()
    assert {"/login", "/logout", "/language", "/agency/register",
            "/centre/migrants/new", "/mission/cases/1", "/ministry/watchlist"} <= posts
    email = await create_user_direct(db, "regulator")
    async with _client(app) as browser:
        assert (await _page_sign_in(browser, email)).status_code == 303
        for path in sorted(posts):
            response = await browser.post(path, data={"anything": "x"})
            assert response.status_code == 403, (path, response.status_code)
            assert "The form has expired" in response.text, path


async def test_a_token_from_before_signing_in_is_refused_after(
        app: Any, db: asyncpg.Connection) -> None:
    """The token is bound to the session too: a page held open since before signing in
    cannot be replayed into the signed-in session, except to choose a language or sign in
    (another tab of the same browser, opened before)."""
    email = await create_user_direct(db, "regulator")
    async with _client(app) as browser:
        before = _csrf((await browser.get("/login")).text)
        assert (await _page_sign_in(browser, email)).status_code == 303
        stale = await browser.post("/ministry/watchlist",
                                   data={"kind": "person", "csrf_token": before})
        assert stale.status_code == 403
        language = await browser.post("/language", data={"language": "ru", "csrf_token": before})
        assert language.status_code == 303, language.text
        assert browser.cookies["vetted_lang"] == "ru"


async def test_a_staff_form_and_an_htmx_post_need_the_token(
        app: Any, db: asyncpg.Connection) -> None:
    email = await create_user_direct(db, "regulator")
    async with _client(app) as browser:
        assert (await _page_sign_in(browser, email)).status_code == 303
        token = _csrf((await browser.get("/ministry")).text)
        forged = await browser.post("/ministry/watchlist", data={"kind": "person"})
        assert forged.status_code == 403
        # htmx sends the token as a header (hx-headers on the body): accepted.
        sent = await browser.post("/language", data={"language": "ru"},
                                  headers={"X-CSRF-Token": token})
        assert sent.status_code == 303
        wrong = await browser.post("/language", data={"language": "en"},
                                   headers={"X-CSRF-Token": "0" * 40})
        assert wrong.status_code == 403


# --- failed sign-ins per account ---------------------------------------------------------

async def _wrong(client: httpx.AsyncClient, email: str) -> httpx.Response:
    return await client.post("/auth/token", data={"username": email,
                                                  "password": "not the password"})


async def _right(client: httpx.AsyncClient, email: str) -> httpx.Response:
    return await client.post("/auth/token", data={"username": email, "password": PASSWORD})


async def test_failed_sign_ins_lock_the_account_from_every_address(
        app: Any, db: asyncpg.Connection) -> None:
    email = await create_user_direct(db, "regulator")
    limit = app.state.settings.sign_in_max_failures
    async with _client(app) as guesser:
        for _ in range(limit):
            assert (await _wrong(guesser, email)).status_code == 401
        locked = await _right(guesser, email)
        assert locked.status_code == 429
        body = locked.json()
        assert body["type"] == "/problems/sign-in-locked" and "access_token" not in body
        retry = int(locked.headers["retry-after"])
        assert 0 < retry <= app.state.settings.sign_in_lockout_minutes * 60
    # The owner, from another address, is refused too, with the right password.
    async with _client(app) as owner:
        assert (await _right(owner, email)).status_code == 429
        # The page says so, in the reader's words.
        async with _client(app, language="ru") as page:
            refused = await _page_sign_in(page, email)
            assert refused.status_code == 429
            assert "Слишком много неудачных попыток войти в эту учётную запись" in refused.text
            assert "vetted_session" not in page.cookies
        # Another account is untouched.
        other = await create_user_direct(db, "regulator")
        assert (await _right(owner, other)).status_code == 200
        # When the lock ends, the right password works again.
        key = account_key(email, secret=app.state.secret_key)
        await db.execute("UPDATE sign_in_failure SET locked_until = now() - interval '1 s' "
                         "WHERE account_key = $1", key)
        assert (await _right(owner, email.upper())).status_code == 200


async def test_a_successful_sign_in_clears_the_failures(
        client: httpx.AsyncClient, app: Any, db: asyncpg.Connection) -> None:
    email = await create_user_direct(db, "regulator")
    limit = app.state.settings.sign_in_max_failures
    for _ in range(2):
        for _ in range(limit - 1):
            assert (await _wrong(client, email)).status_code == 401
        assert (await _right(client, email)).status_code == 200
    key = account_key(email, secret=app.state.secret_key)
    assert await db.fetchval("SELECT count(*) FROM sign_in_failure WHERE account_key = $1",
                             key) == 0


async def test_an_unknown_email_is_locked_alike(client: httpx.AsyncClient, app: Any) -> None:
    """Whether an account exists is not told by the lock either."""
    email = f"{unique('nobody-')}@example.org"
    for _ in range(app.state.settings.sign_in_max_failures):
        assert (await _wrong(client, email)).status_code == 401
    assert (await _wrong(client, email)).status_code == 429


async def test_guesses_sent_at_once_are_counted_one_by_one(
        app: Any, db: asyncpg.Connection) -> None:
    email = await create_user_direct(db, "regulator")
    limit = app.state.settings.sign_in_max_failures
    clients = [_client(app) for _ in range(limit * 2)]
    try:
        answers = await asyncio.gather(*(_wrong(c, email) for c in clients))
    finally:
        for c in clients:
            await c.aclose()
    codes = sorted(a.status_code for a in answers)
    assert codes == [401] * limit + [429] * limit


async def test_sign_in_is_refused_from_the_page_in_english_too(
        app: Any, db: asyncpg.Connection) -> None:
    email = await create_user_direct(db, "regulator")
    async with _client(app) as browser:
        for _ in range(app.state.settings.sign_in_max_failures):
            assert (await _page_sign_in(browser, email, "wrong")).status_code == 401
        refused = await _page_sign_in(browser, email)
        assert refused.status_code == 429 and int(refused.headers["retry-after"]) > 0
        assert "Too many failed attempts to sign in to this account" in refused.text


# --- forwarded headers and security headers ----------------------------------------------

@pytest.fixture(scope="module")
async def proxied_app(engines: dict[str, str]) -> AsyncIterator[Any]:
    """The application behind a reverse proxy at 10.9.9.9, with a tight sign-in limit."""
    from api.app import create_app
    from core.config import get_settings

    settings = get_settings().model_copy(update={"trusted_proxies": "10.9.9.9, 10.8.0.0/16",
                                                 "login_rate_limit": "2/minute"})
    application = create_app(settings)
    async with application.router.lifespan_context(application):
        yield application


async def test_behind_a_trusted_proxy_the_cookie_is_secure_and_clients_are_told_apart(
        proxied_app: Any, db: asyncpg.Connection) -> None:
    email = await create_user_direct(db, "regulator")
    tls = {"X-Forwarded-Proto": "https"}
    async with _client(proxied_app, "10.9.9.9") as proxy:
        page = await proxy.get("/login", headers={**tls, "X-Forwarded-For": "203.0.113.5"})
        assert page.headers["strict-transport-security"].startswith("max-age=")
        assert "secure" in page.headers["set-cookie"].lower()
        # The proxy speaks plain HTTP to us; the browser would send its Secure cookie.
        seed = re.search(r"vetted_csrf=([^;]+)", page.headers["set-cookie"])
        assert seed
        proxy.cookies.set("vetted_csrf", seed.group(1), domain="vetted.test")
        signed = await proxy.post("/login", headers={**tls, "X-Forwarded-For": "203.0.113.5"},
                                  data={"email": email, "password": PASSWORD,
                                        "csrf_token": _csrf(page.text)})
        assert signed.status_code == 303
        cookie = next(v for k, v in signed.headers.multi_items()
                      if k == "set-cookie" and v.startswith("vetted_session="))
        assert "; secure" in cookie.lower() and "httponly" in cookie.lower()

        # The sign-in limit (2 a minute here) is each client's, not the proxy's.
        async def attempt(client_address: str) -> int:
            response = await proxy.post("/auth/token", headers={
                **tls, "X-Forwarded-For": f"{client_address}, 10.8.1.1"},
                data={"username": email, "password": PASSWORD})
            return response.status_code

        first = [await attempt("198.51.100.1") for _ in range(3)]
        assert first == [200, 200, 429]
        assert await attempt("198.51.100.2") == 200


async def test_forwarded_headers_from_anyone_else_are_ignored(
        proxied_app: Any, app: Any) -> None:
    spoofed = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"}
    for application, address in ((proxied_app, "192.0.2.10"), (app, "10.9.9.9")):
        async with _client(application, address) as client:
            page = await client.get("/login", headers=spoofed)
            assert "strict-transport-security" not in page.headers
            assert "secure" not in page.headers["set-cookie"].lower()
    # Nor does a spoofed address buy a fresh sign-in budget.
    async with _client(proxied_app, "192.0.2.11") as client:
        codes = [(await client.post("/auth/token", headers={
            "X-Forwarded-For": f"198.51.100.{n}"}, data={"username": "x@example.org",
                                                           "password": "y"})).status_code
                 for n in range(3)]
        assert codes[-1] == 429


@pytest.mark.parametrize("path", ["/", "/login", "/jobs", "/healthz", "/no-such-page"])
async def test_every_answer_carries_the_security_headers(
        client: httpx.AsyncClient, path: str) -> None:
    response = await client.get(path)
    headers = response.headers
    assert headers["x-frame-options"] == "DENY"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "same-origin"
    policy = headers["content-security-policy"]
    for directive in ("default-src 'self'", "script-src 'self'", "style-src 'self'",
                      "frame-ancestors 'none'", "object-src 'none'", "form-action 'self'"):
        assert directive in policy
    assert "unsafe-inline" not in policy
    assert "strict-transport-security" not in headers  # plain HTTP: not ours to promise


async def test_the_openapi_viewer_keeps_its_scripts(client: httpx.AsyncClient) -> None:
    response = await client.get("/docs")
    assert response.status_code == 200
    assert "content-security-policy" not in response.headers
    assert response.headers["x-frame-options"] == "DENY"


async def test_pages_carry_no_inline_script_or_style(client: httpx.AsyncClient) -> None:
    """What the policy would refuse is not on the pages (the browser tests see every page
    the users go through; this is the quick look at the public ones)."""
    for path in ("/", "/login", "/jobs", "/check"):
        html = (await client.get(path)).text
        assert "<style" not in html and " style=" not in html, path
        assert re.search(r"<script(?![^>]*\bsrc=)", html) is None, path
        assert re.search(r"\son[a-z]+=", html) is None, path
