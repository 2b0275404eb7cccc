"""The API answers as its OpenAPI document says: every operation fuzzed from the document,
positive and negative inputs, as the roles that may call it and as others.

Each answer must be no 5xx, a status the operation declares, in a declared media type,
with a body of the declared schema. The app runs with its real engines, on a database of
its own in the test PostgreSQL (so what the fuzzer writes, a routing rule or a minimum wage,
reaches no other test), seeded with one record of each kind so that small ids exist.
Each operation is called in turn as each role its route lets through (and now and then as
one it does not), so the inputs reach past 401 and 403.

`make test` draws a fixed set of inputs. For a deeper run: `OPENAPI_EXAMPLES` (examples per
operation), `OPENAPI_SEED` (other inputs), `OPENAPI_COVERAGE=1` (every boundary of every
field as well).
"""

from __future__ import annotations

import asyncio
import itertools
import os
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import pytest
import schemathesis
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.python import asgi
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api.openapi import api_routes, traits
from tests.conftest import PASSWORD, agency_body, unique

EXAMPLES = int(os.environ.get("OPENAPI_EXAMPLES", "10"))
SEED = os.environ.get("OPENAPI_SEED")
# The coverage phase sends every boundary of every field: hundreds of requests for some
# operations, so only for a deeper run (OPENAPI_COVERAGE=1).
COVERAGE = os.environ.get("OPENAPI_COVERAGE") == "1"
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]

ANONYMOUS = "anonymous"
AGENCY_STAFF = "agency_staff"
ROLES = ("regulator", "admin", AGENCY_STAFF, "centre_staff", "migrant", "attache",
         "settlement_body")


def _config() -> SchemathesisConfig:
    generation: dict[str, Any] = {"max-examples": EXAMPLES, "deterministic": SEED is None,
                                  "database": "none"}
    config: dict[str, Any] = {
        "generation": generation,
        # The fuzzing phase draws positive and negative inputs alike.
        "phases": {"coverage": {"enabled": COVERAGE}, "stateful": {"enabled": False}},
        "suppress-health-check": ["too_slow", "filter_too_much", "data_too_large"],
    }
    if SEED is not None:
        config["seed"] = int(SEED)
    return SchemathesisConfig.from_dict(config)


@pytest.fixture(scope="module")
async def fuzz_database(engines: dict[str, str]) -> dict[str, Any]:
    """A database of its own in the test PostgreSQL, migrated, with the first accounts
    made as the CLI makes them: an admin and a regulator."""
    from core.migrate import upgrade
    from core.users import create_user

    name = "vetted_openapi"

    def in_database(url: str) -> str:
        return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))

    # Set up as the shared one is: owned and migrated by the owner role, used by the app's.
    owner = urlsplit(engines["owner_url"]).username
    conn = await asyncpg.connect(engines["superuser_url"])
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        await conn.execute(f'CREATE DATABASE "{name}" OWNER "{owner}"')
    finally:
        await conn.close()
    conn = await asyncpg.connect(in_database(engines["superuser_url"]))
    try:  # as the embedded set-up does: the owner may not create extensions
        await conn.execute("CREATE EXTENSION IF NOT EXISTS vector")
    finally:
        await conn.close()
    await asyncio.to_thread(upgrade, in_database(engines["owner_url"]))
    url = in_database(engines["database_url"])
    emails = {}
    conn = await asyncpg.connect(url)
    try:
        for role in ("admin", "regulator"):
            emails[role] = f"{unique(role + '-')}@example.org"
            await create_user(conn, email=emails[role], full_name=f"Fuzz {role}",
                              password=PASSWORD, role=role)
    finally:
        await conn.close()
    return {"url": url, "emails": emails}


class Identities:
    """A bearer token per role; each operation is called in turn as each role that may
    call it, and now and then as one that may not."""

    def __init__(self, app: Any, tokens: dict[str, str]) -> None:
        self.tokens = tokens
        self._turns: dict[tuple[str, str], Iterator[str]] = {}
        self._callers: dict[tuple[str, str], list[str]] = {}
        for route in api_routes(app):
            route_traits = traits(route)
            allowed = sorted(route_traits.roles) if route_traits.roles is not None else \
                list(ROLES)
            if not route_traits.signed_in:
                allowed.append(ANONYMOUS)
            outsider = next((r for r in (*ROLES, ANONYMOUS) if r not in allowed), None)
            for method in route.methods:
                # Four turns of the allowed roles to one of an outsider.
                callers = allowed * 4 + ([outsider] if outsider else [])
                self._callers[(method, route.path_format)] = callers

    def headers(self, method: str, path: str) -> dict[str, str]:
        key = (method.upper(), path)
        if key not in self._turns:
            self._turns[key] = itertools.cycle(self._callers[key])
        role = next(self._turns[key])
        return {} if role == ANONYMOUS else {"Authorization": f"Bearer {self.tokens[role]}"}


@pytest.fixture(scope="module")
def fuzzed_app(fuzz_database: dict[str, Any]) -> Iterator[tuple[Any, Identities]]:
    """The app on that database, started as schemathesis calls it (on an event loop of
    its own), with generous rate limits so that the fuzzing reaches past 429."""
    from api.app import create_app
    from core.config import get_settings

    settings = get_settings().model_copy(update={
        "database_url": fuzz_database["url"], "lookup_rate_limit": "100000/minute",
        "search_rate_limit": "100000/minute", "login_rate_limit": "100000/minute",
        "registration_rate_limit": "100000/minute",
    })
    app = create_app(settings)
    try:
        with asgi.get_client(app) as client:
            tokens = _seed(client, fuzz_database["emails"])
        yield app, Identities(app, tokens)
    finally:
        asgi.shutdown_lifespans()


def _seed(client: Any, emails: dict[str, str]) -> dict[str, str]:
    """One account per role, with the centre, mission, settlement body and agency they
    belong to (each of these is record 1 of its kind)."""

    def sign_in(email: str) -> str:
        response = client.post("/auth/token", data={"username": email, "password": PASSWORD})
        assert response.status_code == 200, response.text
        token: str = response.json()["access_token"]
        return token

    def created(path: str, body: dict[str, Any], token: str | None = None) -> dict[str, Any]:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        response = client.post(path, json=body, headers=headers)
        assert response.status_code == 201, response.text
        result: dict[str, Any] = response.json()
        return result

    tokens = {role: sign_in(email) for role, email in emails.items()}
    admin = tokens["admin"]
    centre = created("/admin/centres", {"name": "Osh Centre", "country": "KG", "city": "Osh"},
                     admin)
    mission = created("/admin/missions", {"name": "Moscow Mission", "sending_country": "KG",
                                          "country": "RU"}, admin)
    body = created("/admin/settlement-bodies", {"name": "Moscow Labour Inspectorate",
                                                "country": "RU"}, admin)
    bindings = {"centre_staff": {"centre_id": centre["id"]}, "migrant": {},
                "attache": {"mission_id": mission["id"]},
                "settlement_body": {"settlement_body_id": body["id"]}}
    for role, binding in bindings.items():
        email = f"{unique(role + '-')}@example.org"
        created("/admin/users", {"email": email, "full_name": f"Fuzz {role}",
                                 "password": PASSWORD, "role": role, **binding}, admin)
        tokens[role] = sign_in(email)
    agency = agency_body()
    created("/agencies", agency)
    tokens[AGENCY_STAFF] = sign_in(agency["account"]["email"])
    return tokens


def _document() -> dict[str, Any]:
    """The document as the app serves it (built here without starting the app)."""
    from api.app import create_app
    from core.config import Settings

    document: dict[str, Any] = create_app(Settings()).openapi()
    return document


DOCUMENT = _document()
schema = schemathesis.openapi.from_dict(DOCUMENT, config=_config())


# --- the document ------------------------------------------------------------------------

PROBLEM_JSON = "application/problem+json"


@pytest.mark.unit
def test_every_error_answer_is_a_problem() -> None:
    """Each operation's 4xx and 5xx answers are problem+json, of the Problem schema."""
    problem = {"$ref": "#/components/schemas/Problem"}
    for path, operations in DOCUMENT["paths"].items():
        for method, operation in operations.items():
            for status, response in operation["responses"].items():
                if int(status) < 400 or (path, status) == ("/readyz", "503"):
                    continue
                assert response["content"] == {PROBLEM_JSON: {"schema": problem}}, \
                    (method, path, status)
    assert "HTTPValidationError" not in DOCUMENT["components"]["schemas"]


@pytest.mark.unit
@pytest.mark.parametrize(("method", "path", "statuses"), [
    # No engine, no sign-in: only a query string with a control character is refused.
    ("get", "/healthz", {200, 422}),
    ("get", "/public/licences", {200, 422, 429, 503}),
    ("post", "/auth/token", {200, 400, 401, 403, 413, 422, 429, 503}),
    ("get", "/auth/me", {200, 401, 422, 503}),
    ("get", "/agencies", {200, 401, 403, 422, 503}),
    ("post", "/agencies", {201, 400, 401, 409, 413, 422, 429, 503}),
    ("post", "/licences/{licence_id}/transitions",
     {200, 400, 401, 403, 404, 409, 413, 422, 503}),
    ("post", "/vacancies/checks", {200, 400, 401, 403, 413, 422, 503}),
    ("get", "/vacancies/{vacancy_id}", {200, 401, 404, 422, 503}),
    ("get", "/disputes/{dispute_id}", {200, 401, 403, 404, 422, 503}),
    ("get", "/migrants/me", {200, 401, 403, 404, 422, 503}),
])
def test_each_operation_declares_what_its_route_can_answer(method: str, path: str,
                                                           statuses: set[int]) -> None:
    declared = DOCUMENT["paths"][path][method]["responses"]
    assert {int(status) for status in declared} == statuses


# --- the answers -------------------------------------------------------------------------


def test_the_app_serves_the_document_fuzzed(fuzzed_app: tuple[Any, Identities]) -> None:
    with asgi.get_client(fuzzed_app[0]) as client:
        response = client.get("/openapi.json")
    assert response.status_code == 200
    assert response.json() == DOCUMENT


@schema.parametrize()
def test_every_answer_is_declared(case: Any, fuzzed_app: tuple[Any, Identities]) -> None:
    app, identities = fuzzed_app
    headers = identities.headers(case.operation.method, case.path)
    case.call_and_validate(app=app, headers=headers, checks=CHECKS)
