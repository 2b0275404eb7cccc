"""Who may call what: every endpoint of api/routers/ against every role.

One table (`ENDPOINTS`) says which status each role gets from each endpoint:
anonymous 401, a role that is not allowed 403, agency staff reaching another
agency's agency or licence 404 (another agency's records are reported absent, so
ids cannot be probed), an allowed role 2xx. Every error body is problem+json.
"""

from __future__ import annotations

import base64
import json
import re
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg
import httpx
import jwt
import pytest

from core.db import UnitOfWork
from ratings import service as ratings_service
from tests.conftest import (
    PASSWORD,
    Agency,
    active_licence,
    agency_body,
    apply,
    bearer,
    create_user_direct,
    person,
    register_agency,
    token_for,
    unique,
)

PROBLEM_JSON = "application/problem+json"

# --- roles -----------------------------------------------------------------------------

ANON = "anonymous"
REGULATOR = "regulator"
ADMIN = "admin"
OWN = "own_agency_staff"  # staff of the agency that owns the record
OTHER = "other_agency_staff"  # staff of another agency
CENTRE = "centre_staff"
MIGRANT = "migrant"
ATTACHE = "attache"
SETTLEMENT = "settlement_body"

SIGNED_IN = (REGULATOR, ADMIN, OWN, OTHER, CENTRE, MIGRANT, ATTACHE, SETTLEMENT)
EVERYONE = (ANON, *SIGNED_IN)
OFFICIALS = (REGULATOR, ADMIN)


def expect(ok: int, allowed: tuple[str, ...], *, other_agency: int | None = None
           ) -> dict[str, int]:
    """Role -> status: `ok` for the allowed roles, 403 for other signed-in roles, 401 for
    anonymous (unless anonymous is allowed), and `other_agency` for another agency's staff."""
    table = {role: 403 for role in SIGNED_IN} | {ANON: 401}
    table |= {role: ok for role in allowed}
    if other_agency is not None:
        table[OTHER] = other_agency
    return table


def assert_problem(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM_JSON), response.headers
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert isinstance(body["title"], str) and body["title"]
    assert isinstance(body["detail"], str) and body["detail"]
    if status == 401:
        assert response.headers.get("www-authenticate") == "Bearer"
    return body


# --- the shared world: one account per role, two agencies with licences ----------------


@dataclass
class World:
    headers: dict[str, dict[str, str]]  # role -> Authorization header (not agency staff)
    user_ids: dict[str, int]
    emails: dict[str, str]  # role -> e-mail (not agency staff), for a session of one's own
    own: Agency  # holds an active licence
    own_licence: int
    other: Agency  # holds an applied licence
    other_licence: int
    pool: asyncpg.Pool


async def _created(response: Any) -> dict[str, Any]:
    result = await response
    assert result.status_code == 201, result.text
    body: dict[str, Any] = result.json()
    return body


@pytest.fixture(scope="module")
async def world(app: Any, engines: dict[str, str]) -> AsyncIterator[World]:
    transport = httpx.ASGITransport(app=app, client=("10.251.1.1", 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://vetted.test") as c:
        conn = await asyncpg.connect(engines["database_url"])
        try:
            regulator_email = await create_user_direct(conn, "regulator")
            admin_email = await create_user_direct(conn, "admin")
        finally:
            await conn.close()
        emails = {REGULATOR: regulator_email, ADMIN: admin_email}
        headers = {REGULATOR: bearer(await token_for(c, regulator_email)),
                   ADMIN: bearer(await token_for(c, admin_email))}
        admin = headers[ADMIN]
        centre = await _created(c.post("/admin/centres", headers=admin, json={
            "name": unique("Centre "), "country": "KG", "city": "Osh"}))
        mission = await _created(c.post("/admin/missions", headers=admin, json={
            "name": unique("Mission "), "sending_country": "KG", "country": "RU"}))
        body = await _created(c.post("/admin/settlement-bodies", headers=admin, json={
            "name": unique("Body "), "country": "RU"}))
        bindings = {CENTRE: {"centre_id": centre["id"]}, MIGRANT: {},
                    ATTACHE: {"mission_id": mission["id"]},
                    SETTLEMENT: {"settlement_body_id": body["id"]}}
        for role, binding in bindings.items():
            email = f"{unique(role + '-')}@example.org"
            user = await _created(c.post("/admin/users", headers=admin, json={
                "email": email, "full_name": f"Test {role}", "password": PASSWORD,
                "role": role, **binding}))
            assert user["role"] == role
            emails[role] = email
            headers[role] = bearer(await token_for(c, email))
        user_ids = {}
        for role, role_headers in headers.items():
            me = await c.get("/auth/me", headers=role_headers)
            assert me.status_code == 200, me.text
            user_ids[role] = me.json()["id"]
        own, licence = await active_licence(c, headers[REGULATOR])
        other = await register_agency(c)
        other_licence = await apply(c, other)
        async with UnitOfWork(app.state.pool) as uow:  # every agency rated, without a worker
            await ratings_service.recompute_all_ratings(uow, now=datetime.now(UTC))
            await uow.commit()
        yield World(headers=headers, user_ids=user_ids, emails=emails, own=own,
                    own_licence=licence["id"],
                    other=other, other_licence=other_licence["id"], pool=app.state.pool)


# --- the table -------------------------------------------------------------------------


@dataclass
class Target:
    """The agency (and licence) a request is about."""

    agency: Agency
    licence_id: int
    alert_id: int = 0
    user_id: int = 0


async def _shared(client: httpx.AsyncClient, world: World) -> Target:
    return Target(world.own, world.own_licence)


async def _fresh_agency(client: httpx.AsyncClient, world: World) -> Target:
    agency = await register_agency(client)
    return Target(agency, 0)


async def _fresh_applied(client: httpx.AsyncClient, world: World) -> Target:
    agency = await register_agency(client)
    return Target(agency, (await apply(client, agency))["id"])


async def _fresh_active(client: httpx.AsyncClient, world: World) -> Target:
    agency, licence = await active_licence(client, world.headers[REGULATOR])
    return Target(agency, licence["id"])


async def _fresh_alert(client: httpx.AsyncClient, world: World) -> Target:
    """An agency with an open rating alert (one per agency and reason)."""
    agency = await register_agency(client)
    async with world.pool.acquire() as conn:
        alert_id = await conn.fetchval(
            "INSERT INTO rating_alert (agency_id, reason, detail, threshold, window_days, "
            "observed, latest_observed) VALUES ($1, 'upheld_findings', 'three upheld', 3, "
            "365, 3, 3) RETURNING id", agency.id)
    return Target(agency, 0, alert_id)


async def _fresh_user(client: httpx.AsyncClient, world: World) -> Target:
    """An account of its own (to be deactivated)."""
    async with world.pool.acquire() as conn:
        email = await create_user_direct(conn, "regulator")
        user_id = await conn.fetchval("SELECT id FROM app_user WHERE email = $1", email)
    return Target(world.own, 0, user_id=user_id)


async def _closed_user(client: httpx.AsyncClient, world: World) -> Target:
    """A closed account of its own (to be opened again)."""
    target = await _fresh_user(client, world)
    async with world.pool.acquire() as conn:
        await conn.execute("UPDATE app_user SET is_active = false WHERE id = $1",
                           target.user_id)
    return target


Body = Callable[[Target], dict[str, Any]]


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: str  # may hold {agency} and {licence}
    expected: dict[str, int]
    # Mutating endpoints get a record of their own for every case.
    target: Callable[[httpx.AsyncClient, World], Any] = _shared
    json: Body | None = None
    form: Body | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    # Signs the role in afresh for the case: the call ends the session it is made with.
    own_session: bool = False


def _credentials(target: Target) -> dict[str, Any]:
    return {"username": target.agency.email, "password": PASSWORD}


def _application(target: Target) -> dict[str, Any]:
    return {"countries": ["RU"], "deposit": {"amount": "1000.00", "currency": "KGS"}}


def _account(target: Target) -> dict[str, Any]:
    return {"email": f"{unique('migrant-')}@example.org", "full_name": "Nurlan Migrant",
            "password": PASSWORD, "role": "migrant"}


ENDPOINTS = [
    Endpoint("GET", "/healthz", expect(200, EVERYONE)),
    Endpoint("GET", "/readyz", expect(200, EVERYONE)),
    # Metrics are for this machine or a scraper's token, whoever is signed in.
    Endpoint("GET", "/metrics", dict.fromkeys(EVERYONE, 403)),
    Endpoint("POST", "/auth/token", expect(200, EVERYONE), form=_credentials),
    Endpoint("GET", "/auth/me", expect(200, SIGNED_IN)),
    Endpoint("POST", "/auth/logout", expect(204, SIGNED_IN), own_session=True),
    Endpoint("POST", "/agencies", expect(201, EVERYONE), json=lambda t: agency_body()),
    Endpoint("GET", "/agencies", expect(200, OFFICIALS)),
    Endpoint("GET", "/agencies/{agency}", expect(200, (*OFFICIALS, OWN), other_agency=404)),
    Endpoint("PUT", "/agencies/{agency}/people", expect(200, (OWN,), other_agency=404),
             target=_fresh_agency, json=lambda t: {"people": [person("Gulnara Osmonova")]}),
    Endpoint("POST", "/agencies/{agency}/licences", expect(201, (OWN,), other_agency=404),
             target=_fresh_agency, json=_application),
    Endpoint("GET", "/agencies/{agency}/history", expect(200, OFFICIALS)),
    Endpoint("GET", "/licences", expect(200, (*OFFICIALS, OWN, OTHER))),
    Endpoint("GET", "/licences.csv", expect(200, OFFICIALS)),
    Endpoint("GET", "/regulator/applications", expect(200, OFFICIALS)),
    Endpoint("GET", "/licences/{licence}", expect(200, (*OFFICIALS, OWN), other_agency=404)),
    Endpoint("POST", "/licences/{licence}/transitions", expect(200, OFFICIALS),
             target=_fresh_applied, json=lambda t: {"action": "start_review"}),
    Endpoint("POST", "/licences/{licence}/renewal-request",
             expect(200, (OWN,), other_agency=404), target=_fresh_active),
    Endpoint("GET", "/barred-persons", expect(200, OFFICIALS)),
    Endpoint("GET", "/public/licences", expect(200, EVERYONE), extra={"params": {"q": "Ala"}}),
    Endpoint("GET", "/agencies/{agency}/rating",
             expect(200, (*OFFICIALS, OWN), other_agency=404)),
    Endpoint("GET", "/regulator/ratings", expect(200, OFFICIALS)),
    Endpoint("GET", "/regulator/review-queue", expect(200, OFFICIALS)),
    Endpoint("POST", "/regulator/review-queue/{alert}/close", expect(200, OFFICIALS),
             target=_fresh_alert, json=lambda t: {"note": "reviewed with the agency"}),
    Endpoint("GET", "/audit/verify", expect(200, OFFICIALS)),
    Endpoint("GET", "/notifications", expect(200, SIGNED_IN)),
    Endpoint("POST", "/admin/users", expect(201, (ADMIN,)), json=_account),
    Endpoint("POST", "/admin/users/{user}/deactivate", expect(200, (ADMIN,)),
             target=_fresh_user),
    Endpoint("POST", "/admin/users/{user}/reactivate", expect(200, (ADMIN,)),
             target=_closed_user, json=lambda t: {"reason": "back from leave"}),
    Endpoint("POST", "/admin/centres", expect(201, (ADMIN,)),
             json=lambda t: {"name": unique("Centre "), "country": "TJ", "city": "Khujand"}),
    Endpoint("POST", "/admin/missions", expect(201, (ADMIN,)),
             json=lambda t: {"name": unique("Mission "), "sending_country": "UZ",
                             "country": "KR"}),
    Endpoint("POST", "/admin/settlement-bodies", expect(201, (ADMIN,)),
             json=lambda t: {"name": unique("Body "), "country": "KZ"}),
]

CASES = [
    pytest.param(endpoint, role, endpoint.expected[role],
                 id=f"{endpoint.method} {endpoint.path} as {role}")
    for endpoint in ENDPOINTS
    for role in EVERYONE
]


# Routes whose access by role is tested beside their behaviour, not in the table above:
# the notice settings, deliveries and unsubscribe in tests/test_notice_delivery.py, the
# password reset (signed out by design) in tests/test_password_reset.py.
ACCESS_TESTED_ELSEWHERE = {
    ("GET", "/notifications/settings"), ("PUT", "/notifications/settings"),
    ("POST", "/notifications/unsubscribe"), ("GET", "/notifications/deliveries"),
    ("GET", "/notifications/{notice_id}/deliveries"), ("GET", "/notifications/undelivered"),
    ("POST", "/auth/password-reset"), ("POST", "/auth/password-reset/confirm"),
}


def test_the_table_covers_every_route() -> None:
    """A route added to these routers cannot slip past this file: each needs a row."""
    from api.routers import admin, audit, auth, health, notifications, registry

    routes = {(method, route.path)
              for module in (admin, audit, auth, health, notifications, registry)
              for route in module.router.routes for method in route.methods}
    table = {(e.method, e.path.replace("{agency}", "{agency_id}")
              .replace("{licence}", "{licence_id}").replace("{alert}", "{alert_id}")
              .replace("{user}", "{user_id}"))
             for e in ENDPOINTS}
    assert routes == table | ACCESS_TESTED_ELSEWHERE


async def _headers(client: httpx.AsyncClient, world: World, target: Target, role: str,
                   *, own_session: bool) -> dict[str, str]:
    if role == ANON:
        return {}
    if own_session:
        email = {OWN: target.agency.email, OTHER: world.other.email}.get(role)
        return bearer(await token_for(client, email or world.emails[role]))
    if role == OWN:
        return target.agency.headers
    if role == OTHER:
        assert world.other.id != target.agency.id
        return world.other.headers
    return world.headers[role]


@pytest.mark.parametrize(("endpoint", "role", "status"), CASES)
async def test_access(client: httpx.AsyncClient, world: World, endpoint: Endpoint, role: str,
                      status: int) -> None:
    target = await endpoint.target(client, world)
    url = endpoint.path.format(agency=target.agency.id, licence=target.licence_id,
                               alert=target.alert_id, user=target.user_id)
    headers = await _headers(client, world, target, role, own_session=endpoint.own_session)
    response = await client.request(
        endpoint.method, url, headers=headers,
        json=endpoint.json(target) if endpoint.json else None,
        data=endpoint.form(target) if endpoint.form else None,
        **endpoint.extra,
    )
    if status >= 400:
        body = assert_problem(response, status)
        if status == 404:  # someone else's record reads exactly like a missing one
            what, ident = (("licence", target.licence_id) if "{licence}" in endpoint.path
                           else ("agency", target.agency.id))
            assert body["detail"] == f"{what} {ident} was not found"
    else:
        assert response.status_code == status, response.text
        assert not response.headers.get("content-type", "").startswith(PROBLEM_JSON)


# --- another agency's records look absent ------------------------------------------------

ABSENT = 2**63 - 1

OBJECT_ENDPOINTS = [
    pytest.param("GET", "/agencies/{id}", "agency", None, id="get agency"),
    pytest.param("PUT", "/agencies/{id}/people", "agency",
                 {"people": [person("Gulnara Osmonova")]}, id="replace people"),
    pytest.param("POST", "/agencies/{id}/licences", "agency",
                 {"countries": ["RU"], "deposit": {"amount": "1.00", "currency": "KGS"}},
                 id="apply for licence"),
    pytest.param("GET", "/licences/{id}", "licence", None, id="get licence"),
    pytest.param("POST", "/licences/{id}/renewal-request", "licence", None,
                 id="request renewal"),
]


@pytest.mark.parametrize(("method", "path", "kind", "body"), OBJECT_ENDPOINTS)
async def test_another_agencys_record_reads_like_a_missing_one(
    client: httpx.AsyncClient, world: World, method: str, path: str, kind: str,
    body: dict[str, Any] | None,
) -> None:
    ident = world.own.id if kind == "agency" else world.own_licence
    before = (await client.get(f"/{'agencies' if kind == 'agency' else 'licences'}/{ident}",
                               headers=world.headers[REGULATOR])).json()
    theirs = await client.request(method, path.format(id=ident), json=body,
                                  headers=world.other.headers)
    missing = await client.request(method, path.format(id=ABSENT), json=body,
                                   headers=world.other.headers)
    mine = assert_problem(theirs, 404)
    absent = assert_problem(missing, 404)
    assert mine["detail"] == f"{kind} {ident} was not found"
    assert absent["detail"] == f"{kind} {ABSENT} was not found"
    assert {k: v for k, v in mine.items() if k not in ("detail", "instance")} == {
        k: v for k, v in absent.items() if k not in ("detail", "instance")}
    after = (await client.get(f"/{'agencies' if kind == 'agency' else 'licences'}/{ident}",
                              headers=world.headers[REGULATOR])).json()
    assert after == before  # and nothing was changed


# --- bad tokens --------------------------------------------------------------------------


def _b64(data: dict[str, Any]) -> str:
    raw = json.dumps(data, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _future() -> datetime:
    return datetime.now(UTC) + timedelta(hours=1)


def _admin_session(world: World) -> str:
    """The session id the admin's token names (an open session)."""
    token = world.headers[ADMIN]["Authorization"].removeprefix("Bearer ")
    sid: str = jwt.decode(token, options={"verify_signature": False})["sid"]
    return sid


def _token_variants(world: World, secret: str) -> dict[str, str]:
    migrant = world.headers[MIGRANT]["Authorization"].removeprefix("Bearer ")
    head, _payload, signature = migrant.split(".")
    admin_id = world.user_ids[ADMIN]
    sid = _admin_session(world)
    flipped = ("B" if signature[0] == "A" else "A") + signature[1:]
    return {
        "garbage": "not-a-token",
        "empty-segments": "..",
        "flipped-signature": f"{head}.{_payload}.{flipped}",
        "payload-swapped-to-admin": ".".join(
            [head, _b64({"sub": str(admin_id), "sid": sid,
                         "exp": int(_future().timestamp())}), signature]),
        "alg-none": ".".join([_b64({"alg": "none", "typ": "JWT"}),
                              _b64({"sub": str(admin_id), "sid": sid,
                                    "exp": int(_future().timestamp())}), ""]),
        "wrong-secret": jwt.encode({"sub": str(admin_id), "sid": sid, "exp": _future()},
                                   "another-secret-" + "y" * 40, algorithm="HS256"),
        "expired": jwt.encode({"sub": str(admin_id), "sid": sid,
                               "exp": datetime.now(UTC) - timedelta(minutes=1)},
                              secret, algorithm="HS256"),
        "no-expiry": jwt.encode({"sub": str(admin_id), "sid": sid}, secret, algorithm="HS256"),
        "unknown-user": jwt.encode({"sub": "987654321", "sid": sid, "exp": _future()}, secret,
                                   algorithm="HS256"),
        "non-numeric-subject": jwt.encode({"sub": "admin", "sid": sid, "exp": _future()},
                                          secret, algorithm="HS256"),
        # Signed with the real key, but naming no session, or one that is not open.
        "no-session": jwt.encode({"sub": str(admin_id), "exp": _future()}, secret,
                                 algorithm="HS256"),
        "unknown-session": jwt.encode({"sub": str(admin_id), "sid": str(uuid.uuid4()),
                                       "exp": _future()}, secret, algorithm="HS256"),
        "malformed-session": jwt.encode({"sub": str(admin_id), "sid": "x' OR '1'='1",
                                         "exp": _future()}, secret, algorithm="HS256"),
        "another-users-session": jwt.encode({"sub": str(world.user_ids[REGULATOR]),
                                             "sid": sid, "exp": _future()}, secret,
                                            algorithm="HS256"),
        # Ids are 64-bit: a subject past them is no one, never a failed query.
        "subject-past-64-bits": jwt.encode({"sub": "99999999999999999999", "sid": sid,
                                            "exp": _future()}, secret, algorithm="HS256"),
        "subject-zero": jwt.encode({"sub": "0", "sid": sid, "exp": _future()}, secret,
                                   algorithm="HS256"),
        "subject-with-sign": jwt.encode({"sub": f"+{admin_id}", "sid": sid, "exp": _future()},
                                        secret, algorithm="HS256"),
    }


TOKEN_KINDS = ["garbage", "empty-segments", "flipped-signature", "payload-swapped-to-admin",
               "alg-none", "wrong-secret", "expired", "no-expiry", "unknown-user",
               "non-numeric-subject", "subject-past-64-bits", "subject-zero",
               "subject-with-sign", "no-session", "unknown-session", "malformed-session",
               "another-users-session"]

GUARDED = [("GET", "/auth/me"), ("GET", "/licences"), ("GET", "/audit/verify"),
           ("GET", "/notifications"), ("POST", "/admin/centres")]


@pytest.mark.parametrize("kind", TOKEN_KINDS)
async def test_a_bad_token_is_refused(client: httpx.AsyncClient, world: World, app: Any,
                                      kind: str) -> None:
    token = _token_variants(world, app.state.secret_key)[kind]
    for method, path in GUARDED:
        response = await client.request(
            method, path, headers=bearer(token),
            json={"name": "Forged Centre", "country": "KG", "city": "Naryn"}
            if method == "POST" else None,
        )
        body = assert_problem(response, 401)
        assert "token" in body["detail"], (path, body)


async def test_a_valid_token_of_the_same_shape_is_accepted(
    client: httpx.AsyncClient, world: World, app: Any
) -> None:
    """The control for the test above: a well-formed token signed with the real key works."""
    token = jwt.encode({"sub": str(world.user_ids[ADMIN]), "sid": _admin_session(world),
                        "exp": _future()}, app.state.secret_key, algorithm="HS256")
    response = await client.get("/auth/me", headers=bearer(token))
    assert response.status_code == 200, response.text
    assert response.json()["role"] == "admin"


@pytest.mark.parametrize("authorization", ["Bearer", "Bearer ", "Basic dXNlcjpwYXNz", "Token x"])
async def test_a_header_without_a_bearer_token_is_anonymous(
    client: httpx.AsyncClient, authorization: str
) -> None:
    response = await client.get("/auth/me", headers={"Authorization": authorization})
    assert_problem(response, 401)


async def test_a_deactivated_account_loses_access(
    client: httpx.AsyncClient, db: asyncpg.Connection
) -> None:
    email = await create_user_direct(db, "regulator")
    headers = bearer(await token_for(client, email))
    assert (await client.get("/auth/me", headers=headers)).status_code == 200
    await db.execute("UPDATE app_user SET is_active = false WHERE email = $1", email)
    assert_problem(await client.get("/auth/me", headers=headers), 401)
    assert_problem(await client.get("/licences", headers=headers), 401)
    # With the right password it is told why, not sent to reset a password that works;
    # a wrong one learns nothing more than for any account.
    signin = await client.post("/auth/token", data={"username": email, "password": PASSWORD})
    assert assert_problem(signin, 403)["type"].endswith("account-closed")
    guess = await client.post("/auth/token", data={"username": email,
                                                   "password": "wrong password!"})
    assert_problem(guess, 401)
    form = await client.get("/login")
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
    assert csrf, form.text
    page = await client.post("/login", data={"email": email, "password": PASSWORD,
                                             "csrf_token": csrf.group(1)},
                             headers={"Accept-Language": "ru"})
    assert page.status_code == 403, page.text
    assert "Эта учётная запись отключена. Чтобы снова пользоваться ею, обратитесь к " \
        "администратору вашей организации." in page.text


async def test_a_wrong_password_gets_no_token(client: httpx.AsyncClient, world: World) -> None:
    for username, password in ((world.own.email, "wrong password!"),
                               (f"{unique('nobody-')}@example.org", PASSWORD)):
        response = await client.post("/auth/token",
                                     data={"username": username, "password": password})
        body = assert_problem(response, 401)
        assert "access_token" not in body


async def test_public_lookup_ignores_a_bad_token(client: httpx.AsyncClient) -> None:
    response = await client.get("/public/licences", params={"q": "Ala-Too"},
                                headers=bearer("not-a-token"))
    assert response.status_code == 200, response.text


# --- agency staff see only their own agency's licences ----------------------------------


@pytest.mark.parametrize("params", [
    {},
    {"agency_id": "OTHER"},
    {"agency_id": "OTHER", "status": "applied"},
    {"status": "applied"},
    {"status": ["applied", "active", "under_review"]},
    {"country": "RU"},
    {"limit": "1000"},
], ids=["no filter", "other agency", "other agency applied", "applied", "open states",
        "country", "largest page"])
async def test_agency_staff_list_only_their_own_licences(
    client: httpx.AsyncClient, world: World, params: dict[str, Any]
) -> None:
    params = {k: str(world.other.id) if v == "OTHER" else v for k, v in params.items()}
    response = await client.get("/licences", params=params, headers=world.own.headers)
    assert response.status_code == 200, response.text
    licences = response.json()
    assert {lic["agency_id"] for lic in licences} <= {world.own.id}
    assert world.other_licence not in {lic["id"] for lic in licences}
    if "agency_id" in params:
        assert licences == []
    if not params or "limit" in params or params.get("country") == "RU":
        assert world.own_licence in {lic["id"] for lic in licences}


async def test_officials_do_see_the_other_agencys_licence(
    client: httpx.AsyncClient, world: World
) -> None:
    """The control for the test above: the other agency's licence exists and is listed."""
    for role in OFFICIALS:
        response = await client.get("/licences", params={"agency_id": world.other.id},
                                    headers=world.headers[role])
        assert response.status_code == 200, response.text
        assert [lic["id"] for lic in response.json()] == [world.other_licence]


async def test_each_inbox_holds_only_its_own_notices(
    client: httpx.AsyncClient, world: World
) -> None:
    own = (await client.get("/notifications", headers=world.own.headers)).json()
    assert own, "granting the licence should have notified the agency"
    assert all(n["audience"] == "agency" and n["agency_id"] == world.own.id for n in own)
    other = (await client.get("/notifications", headers=world.other.headers)).json()
    assert all(n["audience"] == "agency" and n["agency_id"] == world.other.id for n in other)
    for role in (CENTRE, MIGRANT, ATTACHE, SETTLEMENT):
        inbox = await client.get("/notifications", headers=world.headers[role])
        assert inbox.status_code == 200, inbox.text
        assert inbox.json() == [], role
    regulator = (await client.get("/notifications", headers=world.headers[REGULATOR])).json()
    assert any(n["kind"] == "licence.applied" for n in regulator)
    assert all(n["audience"] == "regulator" for n in regulator)


@pytest.mark.parametrize(("method", "path", "status"), [
    ("GET", "/nowhere", 404),
    ("DELETE", "/licences/1", 405),
    ("PATCH", "/agencies/1", 405),
    ("GET", "/admin/users", 405),
])
async def test_unknown_routes_and_methods_are_problem_json(
    client: httpx.AsyncClient, world: World, method: str, path: str, status: int
) -> None:
    response = await client.request(method, path, headers=world.headers[ADMIN])
    assert_problem(response, status)
