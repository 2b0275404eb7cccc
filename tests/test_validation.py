"""Bad input gets a 4xx problem+json that names the field, never a 500, and leaves
nothing half-written behind.

Each table row is one bad request: what to send, the status expected and the field
the problem must name (the body's "field", and the first entry of "errors" for 422s).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import asyncpg
import httpx
import pytest

from api.bodies import nested_deeper_than
from core.text import name_key, number_key
from tests.conftest import (
    PASSWORD,
    Agency,
    act,
    active_licence,
    agency_body,
    apply,
    person,
    register_agency,
    unique,
)

PROBLEM_JSON = "application/problem+json"
HUGE = "99999999999999999999"  # beyond a bigint
MAX_ID = str(2**63 - 1)  # the largest id there can be; no record has it


def assert_problem(response: httpx.Response, status: int, field: str | None = None
                   ) -> dict[str, Any]:
    """A problem+json body with `status`; for a named field, "field" (and "errors") name it."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM_JSON), response.headers
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert isinstance(body["title"], str) and body["title"]
    assert isinstance(body["detail"], str) and body["detail"]
    if field is not None:
        assert body.get("field") == field, body
        if status == 422:
            assert body["errors"], body
            assert body["errors"][0]["field"] == field, body
            assert all(e["message"] for e in body["errors"]), body
    return body


def years_ago(years: int, days: int = 0) -> str:
    today = date.today()
    try:
        then = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        then = today.replace(year=today.year - years, day=28)
    return (then + timedelta(days=days)).isoformat()


# --- changing a body by path ------------------------------------------------------------

Change = Callable[[dict[str, Any]], None]


def _walk(body: Any, path: str) -> tuple[Any, str | int]:
    *parents, last = [int(p) if p.isdigit() else p for p in path.split(".")]
    for part in parents:
        body = body[part]
    return body, last


def put(path: str, value: Any) -> Change:
    def change(body: dict[str, Any]) -> None:
        parent, key = _walk(body, path)
        # A date is given as a function, read when the test runs: the cases are made when
        # the tests are collected, which may be the day before.
        parent[key] = value() if callable(value) else copy.deepcopy(value)
    return change


def drop(path: str) -> Change:
    def change(body: dict[str, Any]) -> None:
        parent, key = _walk(body, path)
        del parent[key]
    return change


# --- agency registration ----------------------------------------------------------------

REGISTRATION_CASES = [
    # missing required fields
    ("missing legal_name", drop("legal_name"), "legal_name"),
    ("missing country", drop("country"), "country"),
    ("missing people", drop("people"), "people"),
    ("missing account", drop("account"), "account"),
    ("missing account password", drop("account.password"), "account.password"),
    ("missing person's date of birth", drop("people.0.date_of_birth"),
     "people[0].date_of_birth"),
    ("null legal_name", put("legal_name", None), "legal_name"),
    # wrong types
    ("legal_name a number", put("legal_name", 12345), "legal_name"),
    ("people an object", put("people", {"full_name": "Aibek"}), "people"),
    ("people a string", put("people", "Aibek Sadyrov"), "people"),
    ("account a string", put("account", "staff@example.org"), "account"),
    ("date of birth not a date", put("people.0.date_of_birth", "12/04/1980"),
     "people[0].date_of_birth"),
    ("date of birth a number", put("people.0.date_of_birth", 19800412),
     "people[0].date_of_birth"),
    ("person role unknown", put("people.0.role", "ceo"), "people[0].role"),
    # country codes
    ("country XX", put("country", "XX"), "country"),
    ("country alpha-3", put("country", "kgz"), "country"),
    ("country empty", put("country", ""), "country"),
    ("country a number", put("country", 417), "country"),
    ("document country ZZ", put("people.0.document_country", "ZZ"),
     "people[0].document_country"),
    # sizes
    ("legal_name of 10,000 chars", put("legal_name", "A" * 10_000), "legal_name"),
    ("legal_name of one char", put("legal_name", "A"), "legal_name"),
    ("legal_name blank", put("legal_name", "    "), "legal_name"),
    ("address of 10,000 chars", put("address", "Chui " * 2_000), "address"),
    ("registration number of 65 chars", put("registration_number", "R" * 65),
     "registration_number"),
    ("e-mail of 300 chars", put("email", "a" * 290 + "@ala-too.kg"), "email"),
    ("person name of 10,000 chars", put("people.0.full_name", "Б" * 10_000),
     "people[0].full_name"),
    ("password of 1,000 chars", put("account.password", "p" * 1_000), "account.password"),
    ("password of one letter", put("account.password", "a" * 12), "account.password"),
    ("password too short", put("account.password", "short"), "account.password"),
    # formats
    ("e-mail without @", put("email", "office.ala-too.kg"), "email"),
    ("account e-mail without domain", put("account.email", "staff@localhost"),
     "account.email"),
    ("phone with letters", put("phone", "call the office"), "phone"),
    ("website not a URL", put("website", "not a url"), "website"),
    ("NUL character in legal_name", put("legal_name", "Ala-Too\x00Recruitment"),
     "legal_name"),
    ("NUL character in document number", put("people.0.document_number", "AN\x001234"),
     "people[0].document_number"),
    # unknown fields
    ("unknown top-level field", put("verified", True), "verified"),
    ("unknown person field", put("people.0.nationality", "KG"), "people[0].nationality"),
    ("account asking for a role", put("account.role", "admin"), "account.role"),
    # people
    ("empty people list", put("people", []), "people"),
    ("31 people", put("people", [person() for _ in range(31)]), "people"),
    ("person under 18", put("people.0.date_of_birth", lambda: years_ago(18, days=1)),
     "people[0].date_of_birth"),
    ("person born tomorrow", put("people.0.date_of_birth",
                                 lambda: (date.today() + timedelta(days=1)).isoformat()),
     "people[0].date_of_birth"),
    ("person born in 1850", put("people.0.date_of_birth", "1850-01-01"),
     "people[0].date_of_birth"),
    ("second person invalid", put("people", [person(), person(date_of_birth="2999-01-01")]),
     "people[1].date_of_birth"),
]


async def _agency_rows(db: asyncpg.Connection, registration_number: str) -> int:
    count: int = await db.fetchval(
        "SELECT count(*) FROM agency WHERE lower(registration_number) = lower($1)",
        registration_number)
    return count


async def _user_rows(db: asyncpg.Connection, email: str) -> int:
    count: int = await db.fetchval(
        "SELECT count(*) FROM app_user WHERE lower(email) = lower($1)", email)
    return count


@pytest.mark.parametrize(("change", "field"),
                         [pytest.param(c, f, id=name) for name, c, f in REGISTRATION_CASES])
async def test_registration_rejects_bad_input(
    client: httpx.AsyncClient, db: asyncpg.Connection, change: Change, field: str
) -> None:
    body = agency_body()
    number, email = body["registration_number"], body["account"]["email"]
    change(body)
    response = await client.post("/agencies", json=body)
    assert_problem(response, 422, field)
    assert await _agency_rows(db, number) == 0
    assert await _user_rows(db, email) == 0


async def test_an_adult_exactly_18_today_may_register(client: httpx.AsyncClient) -> None:
    """The control for the under-18 case: the boundary itself is accepted."""
    body = agency_body(people=[person(date_of_birth=years_ago(18))])
    response = await client.post("/agencies", json=body)
    assert response.status_code == 201, response.text


# --- nothing half-written: registration ---------------------------------------------------


@pytest.mark.parametrize("spelling", [str.lower, str.upper], ids=["same", "upper-case"])
async def test_a_taken_account_email_leaves_no_agency_behind(
    client: httpx.AsyncClient, db: asyncpg.Connection, spelling: Callable[[str], str]
) -> None:
    first = await register_agency(client)
    body = agency_body(account={"email": spelling(first.email), "full_name": "Second Staff",
                                "password": PASSWORD})
    document = body["people"][0]["document_number"]
    response = await client.post("/agencies", json=body)
    assert response.status_code in (409, 422), response.text
    assert_problem(response, response.status_code, "account.email")
    assert await _agency_rows(db, body["registration_number"]) == 0
    assert await db.fetchval(
        "SELECT count(*) FROM agency_person WHERE document_number = $1", document) == 0
    assert await db.fetchval(
        "SELECT count(*) FROM audit_entry WHERE data->>'registration_number' = $1",
        body["registration_number"]) == 0
    assert await _user_rows(db, first.email) == 1


@pytest.mark.parametrize("spelling", [str.lower, str.upper], ids=["same", "other-case"])
async def test_a_taken_registration_number_leaves_no_account_behind(
    client: httpx.AsyncClient, db: asyncpg.Connection, spelling: Callable[[str], str]
) -> None:
    first = await register_agency(client)
    number = first.body["registration_number"]
    body = agency_body(registration_number=spelling(number))
    response = await client.post("/agencies", json=body)
    assert_problem(response, 409)
    assert await _agency_rows(db, number) == 1
    assert await _user_rows(db, body["account"]["email"]) == 0


# --- licence applications ----------------------------------------------------------------


def _application() -> dict[str, Any]:
    return {"countries": ["RU", "KZ"], "deposit": {"amount": "50000.00", "currency": "KGS"}}


APPLICATION_CASES = [
    ("missing countries", drop("countries"), 422, "countries"),
    ("missing deposit", drop("deposit"), 422, "deposit"),
    ("missing deposit amount", drop("deposit.amount"), 422, "deposit.amount"),
    ("missing deposit currency", drop("deposit.currency"), 422, "deposit.currency"),
    ("countries a string", put("countries", "RU"), 422, "countries"),
    ("countries empty", put("countries", []), 422, "countries"),
    ("61 countries", put("countries", ["RU"] * 61), 422, "countries"),
    ("country XX", put("countries", ["XX"]), 422, "countries[0]"),
    ("country alpha-3", put("countries", ["RU", "kgz"]), 422, "countries[1]"),
    ("country a number", put("countries", ["RU", 7]), 422, "countries[1]"),
    ("country listed twice", put("countries", ["RU", "KZ", "ru"]), 422, "countries"),
    ("agency's own country", put("countries", ["KG"]), 422, "countries[0]"),
    ("own country among others", put("countries", ["RU", "KG"]), 422, "countries[1]"),
    ("negative deposit", put("deposit.amount", "-0.01"), 422, "deposit.amount"),
    ("3-decimal deposit", put("deposit.amount", "100.005"), 422, "deposit.amount"),
    ("3-decimal float deposit", put("deposit.amount", 12.345), 422, "deposit.amount"),
    ("deposit beyond 16 digits", put("deposit.amount", "1" * 17), 422, "deposit.amount"),
    ("deposit not a number", put("deposit.amount", "fifty thousand"), 422, "deposit.amount"),
    ("deposit NaN", put("deposit.amount", "NaN"), 422, "deposit.amount"),
    ("deposit Infinity", put("deposit.amount", "Infinity"), 422, "deposit.amount"),
    ("deposit a boolean", put("deposit.amount", True), 422, "deposit.amount"),
    ("unknown currency", put("deposit.currency", "ABC"), 422, "deposit.currency"),
    ("currency a word", put("deposit.currency", "dollars"), 422, "deposit.currency"),
    ("currency a country", put("deposit.currency", "KG"), 422, "deposit.currency"),
    ("unknown deposit field", put("deposit.held_by", "bank"), 422, "deposit.held_by"),
    ("asking for a status", put("status", "active"), 422, "status"),
    ("asking for a number", put("number", "VT-KG-2026-00001"), 422, "number"),
]


async def _licence_traces(db: asyncpg.Connection, agency: Agency) -> tuple[int, int, int]:
    """Licence rows, licence audit entries and regulator notices of this agency."""
    licences = await db.fetchval("SELECT count(*) FROM licence WHERE agency_id = $1", agency.id)
    entries = await db.fetchval(
        "SELECT count(*) FROM audit_entry WHERE entity_type = 'licence' AND agency_id = $1",
        agency.id)
    notices = await db.fetchval(
        "SELECT count(*) FROM notification WHERE kind = 'licence.applied' AND subject LIKE $1",
        f"%{agency.body['legal_name']}%")
    return licences, entries, notices


@pytest.mark.parametrize(("change", "status", "field"),
                         [pytest.param(c, s, f, id=name) for name, c, s, f in APPLICATION_CASES])
async def test_licence_application_rejects_bad_input(
    client: httpx.AsyncClient, db: asyncpg.Connection, change: Change, status: int,
    field: str,
) -> None:
    agency = await register_agency(client)
    body = _application()
    change(body)
    response = await client.post(f"/agencies/{agency.id}/licences", json=body,
                                 headers=agency.headers)
    assert_problem(response, status, field)
    assert await _licence_traces(db, agency) == (0, 0, 0)


async def test_a_refused_application_leaves_no_licence_behind(
    client: httpx.AsyncClient, db: asyncpg.Connection
) -> None:
    """A director on the barred list: refused, with no licence row, audit entry or notice."""
    agency = await register_agency(client)
    director = agency.body["people"][0]
    await db.execute(
        """
        INSERT INTO barred_person (full_name, name_key, date_of_birth, document_country,
            document_number, document_key, reason, barred_from, barred_until)
        VALUES ($1, $2, $3, $4, $5, $6, 'revoked elsewhere', $7, $8)
        """,
        director["full_name"], name_key(director["full_name"]),
        date.fromisoformat(director["date_of_birth"]), director["document_country"],
        director["document_number"], number_key(director["document_number"]),
        date.today() - timedelta(days=1), date.today() + timedelta(days=365),
    )
    response = await client.post(f"/agencies/{agency.id}/licences", json=_application(),
                                 headers=agency.headers)
    assert_problem(response, 409, "people[0]")
    assert await _licence_traces(db, agency) == (0, 0, 0)


async def test_a_second_application_while_one_is_open_is_refused(
    client: httpx.AsyncClient, db: asyncpg.Connection
) -> None:
    agency = await register_agency(client)
    await apply(client, agency)
    response = await client.post(f"/agencies/{agency.id}/licences", json=_application(),
                                 headers=agency.headers)
    assert_problem(response, 409)
    assert await _licence_traces(db, agency) == (1, 1, 1)


# --- licence transitions -----------------------------------------------------------------

TOMORROW = (date.today() + timedelta(days=1)).isoformat()
YESTERDAY = (date.today() - timedelta(days=1)).isoformat()
TODAY = date.today().isoformat()
REASON = "checked by the licensing board"

TRANSITION_CASES = [
    # (name, licence state, body, status, field)
    # the action itself
    ("no action", "applied", {}, 422, "action"),
    ("null action", "applied", {"action": None}, 422, "action"),
    ("unknown action", "applied", {"action": "approve"}, 422, "action"),
    ("upper-case action", "applied", {"action": "GRANT"}, 422, "action"),
    ("action a number", "applied", {"action": 5}, 422, "action"),
    ("action a list", "applied", {"action": ["start_review"]}, 422, "action"),
    ("grant while applied", "applied", {"action": "grant"}, 409, "action"),
    ("review while active", "active", {"action": "start_review"}, 409, "action"),
    # a reason is required to take something away
    ("refuse applied without reason", "applied", {"action": "refuse"}, 422, "reason"),
    ("refuse reviewed without reason", "under_review", {"action": "refuse"}, 422, "reason"),
    ("suspend without reason", "active", {"action": "suspend"}, 422, "reason"),
    ("revoke without reason", "active", {"action": "revoke"}, 422, "reason"),
    ("reinstate without reason", "suspended", {"action": "reinstate"}, 422, "reason"),
    ("revoke suspended without reason", "suspended", {"action": "revoke"}, 422, "reason"),
    ("null reason", "active", {"action": "suspend", "reason": None}, 422, "reason"),
    ("empty reason", "active", {"action": "suspend", "reason": ""}, 422, "reason"),
    ("blank reason", "active", {"action": "suspend", "reason": "    "}, 422, "reason"),
    ("reason of 2,001 chars", "active", {"action": "suspend", "reason": "x" * 2001}, 422,
     "reason"),
    ("reason a number", "active", {"action": "suspend", "reason": 42}, 422, "reason"),
    ("NUL character in reason", "active", {"action": "revoke", "reason": "fraud\x00"}, 422,
     "reason"),
    # granting
    ("grant from yesterday", "under_review", {"action": "grant", "valid_from": YESTERDAY},
     422, "valid_from"),
    ("grant from 2000", "under_review", {"action": "grant", "valid_from": "2000-01-01"}, 422,
     "valid_from"),
    ("grant from 91 days ahead", "under_review",
     {"action": "grant", "valid_from": lambda: (date.today() + timedelta(days=91)).isoformat()},
     422, "valid_from"),
    ("grant from a word", "under_review", {"action": "grant", "valid_from": "next monday"},
     422, "valid_from"),
    ("grant from 30 February", "under_review",
     {"action": "grant", "valid_from": "2026-02-30"}, 422, "valid_from"),
    ("grant a country not applied for", "under_review",
     {"action": "grant", "countries": ["DE"]}, 422, "countries"),
    ("grant country XX", "under_review", {"action": "grant", "countries": ["XX"]}, 422,
     "countries[0]"),
    ("grant a country twice", "under_review", {"action": "grant", "countries": ["RU", "ru"]},
     422, "countries"),
    ("grant no countries", "under_review", {"action": "grant", "countries": []}, 422,
     "countries"),
    # grant-only fields on other actions
    ("valid_from when reviewing", "applied", {"action": "start_review", "valid_from": TOMORROW},
     422, "valid_from"),
    ("countries when suspending", "active",
     {"action": "suspend", "reason": REASON, "countries": ["RU"]}, 422, "countries"),
    # versions and unknown fields
    ("expected version 0", "applied", {"action": "start_review", "expected_version": 0}, 422,
     "expected_version"),
    ("expected version a word", "applied",
     {"action": "start_review", "expected_version": "one"}, 422, "expected_version"),
    ("stale expected version", "applied", {"action": "start_review", "expected_version": 99},
     409, "expected_version"),
    ("asking for a status", "applied", {"action": "start_review", "status": "active"}, 422,
     "status"),
    ("asking for a version", "applied", {"action": "start_review", "version": 7}, 422,
     "version"),
]


async def _licence_in(client: httpx.AsyncClient, regulator: dict[str, str], state: str
                      ) -> int:
    agency = await register_agency(client)
    licence_id: int = (await apply(client, agency))["id"]
    steps = {"applied": [], "under_review": ["start_review"],
             "active": ["start_review", "grant"],
             "suspended": ["start_review", "grant", "suspend"]}[state]
    for action in steps:
        response = await act(client, regulator, licence_id, action)
        assert response.status_code == 200, response.text
    return licence_id


async def _audit_rows(db: asyncpg.Connection, licence_id: int) -> int:
    count: int = await db.fetchval(
        "SELECT count(*) FROM audit_entry WHERE entity_type = 'licence' AND entity_id = $1",
        str(licence_id))
    return count


@pytest.mark.parametrize(("state", "body", "status", "field"),
                         [pytest.param(*case, id=name) for name, *case in TRANSITION_CASES])
async def test_transition_rejects_bad_input(
    client: httpx.AsyncClient, db: asyncpg.Connection, regulator: dict[str, str], state: str,
    body: dict[str, Any], status: int, field: str,
) -> None:
    licence_id = await _licence_in(client, regulator, state)
    before = (await client.get(f"/licences/{licence_id}", headers=regulator)).json()
    entries = await _audit_rows(db, licence_id)
    # Dates given as functions are read now (the cases are made at collection).
    body = {key: value() if callable(value) else value for key, value in body.items()}
    response = await client.post(f"/licences/{licence_id}/transitions", json=body,
                                 headers=regulator)
    assert_problem(response, status, field)
    after = (await client.get(f"/licences/{licence_id}", headers=regulator)).json()
    assert after == before
    assert await _audit_rows(db, licence_id) == entries
    assert await db.fetchval("SELECT count(*) FROM barred_person WHERE licence_id = $1",
                             licence_id) == 0


# --- replacing people ------------------------------------------------------------------

PEOPLE_CASES = [
    ("missing people", {}, "people"),
    ("empty people", {"people": []}, "people"),
    ("people null", {"people": None}, "people"),
    ("person under 18", {"people": [person(date_of_birth=years_ago(17))]},
     "people[0].date_of_birth"),
    ("person born in the future", {"people": [person(date_of_birth=TOMORROW)]},
     "people[0].date_of_birth"),
    ("unknown document country", {"people": [person(), person(document_country="XX")]},
     "people[1].document_country"),
    ("unknown field", {"people": [person()], "agency_id": 1}, "agency_id"),
]


@pytest.mark.parametrize(("body", "field"),
                         [pytest.param(b, f, id=name) for name, b, f in PEOPLE_CASES])
async def test_replacing_people_rejects_bad_input(
    client: httpx.AsyncClient, body: dict[str, Any], field: str
) -> None:
    agency = await register_agency(client)
    before = (await client.get(f"/agencies/{agency.id}", headers=agency.headers)).json()
    response = await client.put(f"/agencies/{agency.id}/people", json=body,
                                headers=agency.headers)
    assert_problem(response, 422, field)
    after = (await client.get(f"/agencies/{agency.id}", headers=agency.headers)).json()
    assert after["people"] == before["people"]


# --- path ids and query parameters -----------------------------------------------------

# (method, path, who, body, status, field); "who" is "regulator" or "staff"
PATH_CASES = [
    ("GET", f"/licences/{HUGE}", "regulator", None, 422, "licence_id"),
    ("GET", f"/licences/{2**63}", "regulator", None, 422, "licence_id"),
    ("GET", f"/licences/{MAX_ID}", "regulator", None, 404, None),
    ("GET", "/licences/abc", "regulator", None, 422, "licence_id"),
    ("GET", "/licences/1.5", "regulator", None, 422, "licence_id"),
    ("GET", "/licences/0", "regulator", None, 422, "licence_id"),
    ("GET", "/licences/-1", "regulator", None, 422, "licence_id"),
    ("GET", f"/licences/{MAX_ID}", "staff", None, 404, None),
    ("GET", f"/agencies/{HUGE}", "regulator", None, 422, "agency_id"),
    ("GET", "/agencies/abc", "staff", None, 422, "agency_id"),
    ("GET", f"/agencies/{MAX_ID}", "regulator", None, 404, None),
    ("GET", f"/agencies/{HUGE}/history", "regulator", None, 422, "agency_id"),
    ("GET", f"/agencies/{MAX_ID}/history", "regulator", None, 404, None),
    ("POST", f"/licences/{HUGE}/transitions", "regulator", {"action": "start_review"}, 422,
     "licence_id"),
    ("POST", "/licences/one/transitions", "regulator", {"action": "start_review"}, 422,
     "licence_id"),
    ("POST", f"/licences/{MAX_ID}/transitions", "regulator", {"action": "start_review"}, 404,
     None),
    ("PUT", f"/agencies/{HUGE}/people", "staff", {"people": [person()]}, 422, "agency_id"),
    ("POST", "/agencies/abc/licences", "staff", _application(), 422, "agency_id"),
    ("POST", f"/agencies/{HUGE}/licences", "staff", _application(), 422, "agency_id"),
    ("POST", f"/licences/{HUGE}/renewal-request", "staff", None, 422, "licence_id"),
    ("POST", f"/licences/{MAX_ID}/renewal-request", "staff", None, 404, None),
]


@pytest.mark.parametrize(("method", "path", "who", "body", "status", "field"),
                         [pytest.param(*c, id=f"{c[0]} {c[1]} as {c[2]}") for c in PATH_CASES])
async def test_bad_path_ids(
    client: httpx.AsyncClient, regulator: dict[str, str], method: str, path: str, who: str,
    body: dict[str, Any] | None, status: int, field: str | None,
) -> None:
    headers = regulator if who == "regulator" else (await register_agency(client)).headers
    response = await client.request(method, path, json=body, headers=headers)
    assert_problem(response, status, field)


# (path, params, field); all asked by the regulator
QUERY_CASES = [
    ("/licences", {"status": "bogus"}, "status[0]"),
    ("/licences", {"status": ["active", "ACTIVE"]}, "status[1]"),
    ("/licences", {"country": "XX"}, "country"),
    ("/licences", {"country": "kgz"}, "country"),
    ("/licences", {"agency_id": HUGE}, "agency_id"),
    ("/licences", {"agency_id": "0"}, "agency_id"),
    ("/licences", {"agency_id": "me"}, "agency_id"),
    ("/licences", {"expiring_before": "tomorrow"}, "expiring_before"),
    ("/licences", {"limit": "0"}, "limit"),
    ("/licences", {"limit": "1001"}, "limit"),
    ("/licences", {"limit": HUGE}, "limit"),
    ("/licences", {"offset": "-1"}, "offset"),
    ("/licences.csv", {"status": "open"}, "status[0]"),
    ("/licences.csv", {"country": "ZZ"}, "country"),
    ("/licences.csv", {"expiring_before": "2026-13-01"}, "expiring_before"),
    ("/regulator/applications", {"limit": "many"}, "limit"),
    ("/agencies", {"q": "x" * 201}, "q"),
    ("/agencies", {"offset": "1000001"}, "offset"),
    ("/barred-persons", {"on": "yesterday"}, "on"),
    ("/public/licences", {}, "q"),
    ("/public/licences", {"q": "a"}, "q"),
    ("/public/licences", {"q": "a" * 201}, "q"),
]


@pytest.mark.parametrize(("path", "params", "field"),
                         [pytest.param(*c, id=f"{c[0]} {c[1]}"[:60]) for c in QUERY_CASES])
async def test_bad_query_parameters(
    client: httpx.AsyncClient, regulator: dict[str, str], path: str, params: dict[str, Any],
    field: str,
) -> None:
    response = await client.get(path, params=params, headers=regulator)
    assert_problem(response, 422, field)


# --- malformed bodies ------------------------------------------------------------------

def nested(depth: int) -> bytes:
    """A body whose legal_name is a list nested so that the body is `depth` levels deep."""
    return b'{"legal_name": ' + b"[" * (depth - 1) + b"]" * (depth - 1) + b"}"


# (content, status, field): a body that is not JSON names the body; one that is not
# even text cannot be parsed at all (400); one crafted to break a parser or a column names
# the body or the field
MALFORMED = [
    pytest.param(b'{"legal_name": ', 422, "body", id="truncated"),
    pytest.param(b"{'legal_name': 'single quotes'}", 422, "body", id="single quotes"),
    pytest.param(b"not json at all", 422, "body", id="not json"),
    pytest.param(b'{"countries": ["RU",]}', 422, "body", id="trailing comma"),
    pytest.param(b'{"legal_name": "\xc3\x28"}', 400, None, id="not utf-8"),
    pytest.param(nested(1000), 422, "body", id="nested 1,000 deep"),
    pytest.param(nested(33), 422, "body", id="nested 33 deep"),
    pytest.param(b'{"legal_name": 99999999999999999999}', 422, "legal_name",
                 id="number past 64 bits"),
    pytest.param(b'{"people": [{"full_name": -9223372036854775809}]}', 422,
                 "people[0].full_name", id="number below 64 bits"),
]

# (method, path, who)
BODY_ENDPOINTS = [
    ("POST", "/agencies", "anonymous"),
    ("PUT", "/agencies/{agency}/people", "staff"),
    ("POST", "/agencies/{agency}/licences", "staff"),
    ("POST", "/licences/{licence}/transitions", "regulator"),
    ("POST", "/admin/centres", "admin"),
    ("POST", "/admin/users", "admin"),
]


@pytest.fixture
async def callers(client: httpx.AsyncClient, regulator: dict[str, str],
                  admin: dict[str, str]) -> dict[str, Any]:
    agency = await register_agency(client)
    licence = await apply(client, agency)
    return {"anonymous": {}, "staff": agency.headers, "regulator": regulator, "admin": admin,
            "agency": agency.id, "licence": licence["id"]}


@pytest.mark.parametrize(("content", "status", "field"), MALFORMED)
@pytest.mark.parametrize(("method", "path", "who"),
                         [pytest.param(*e, id=f"{e[0]} {e[1]}") for e in BODY_ENDPOINTS])
async def test_malformed_json_is_refused(
    client: httpx.AsyncClient, callers: dict[str, Any], method: str, path: str, who: str,
    content: bytes, status: int, field: str | None,
) -> None:
    url = path.format(agency=callers["agency"], licence=callers["licence"])
    response = await client.request(
        method, url, content=content,
        headers={**callers[who], "Content-Type": "application/json"},
    )
    assert_problem(response, status, field)


@pytest.mark.parametrize("content", [b"", b"null", b"[]", b'"text"', b"42"],
                         ids=["empty", "null", "array", "string", "number"])
async def test_a_body_that_is_not_an_object_is_a_422(
    client: httpx.AsyncClient, content: bytes
) -> None:
    response = await client.post("/agencies", content=content,
                                 headers={"Content-Type": "application/json"})
    assert_problem(response, 422, "body")


async def test_nesting_is_refused_past_its_limit_and_named(client: httpx.AsyncClient) -> None:
    """At the limit the body is read and its field judged; one level more, it is refused
    before any parser recurses into it, on a path that takes no body as well."""
    assert_problem(await client.post("/agencies", content=nested(32),
                                     headers={"Content-Type": "application/json"}),
                   422, "legal_name")
    for method, path in (("POST", "/agencies"), ("GET", "/healthz")):
        body = assert_problem(await client.request(
            method, path, content=nested(1000), headers={"Content-Type": "application/json"}),
            422, "body")
        assert body["max_depth"] == 32 and "32 levels" in body["detail"], body


@pytest.mark.parametrize("content_type", [
    "Application/JSON", "APPLICATION/JSON; charset=UTF-8", "application/vnd.api+json",
    "application/merge-patch+json"])
async def test_a_nul_character_is_refused_under_every_json_type(
    client: httpx.AsyncClient, db: asyncpg.Connection, content_type: str
) -> None:
    body = agency_body(legal_name="Ala-Too\x00Recruitment")
    response = await client.post("/agencies", content=json.dumps(body).encode(),
                                 headers={"Content-Type": content_type})
    assert_problem(response, 422, "legal_name")
    assert await _agency_rows(db, body["registration_number"]) == 0
    assert await _user_rows(db, body["account"]["email"]) == 0


# (body, depth, nested deeper than it): counted without parsing, strings left out
DEPTHS = [
    (b"{}", 1, False),
    (b"[[]]", 1, True),
    (b'{"a": [1, {"b": [2]}]}', 4, False),
    (b'{"a": [1, {"b": [2]}]}', 3, True),
    (b"[[], [[]], []]", 3, False),
    (b"[[], [[]], []]", 2, True),
    (b'["[[[[", "]]]]", "\\\\"]', 1, False),  # brackets and escapes inside strings
    (b'{"a\\"": "[[[["}', 1, False),  # an escaped quote does not end the string
    (b"[" * 40 + b"]" * 40, 32, True),
    (b"[" * 32 + b"]" * 32, 32, False),
    (b"[{]}" * 20, 2, False),  # brackets that do not pair are the parser's to report
]


@pytest.mark.parametrize(("body", "depth", "deeper"), DEPTHS)
def test_the_nesting_depth_of_json(body: bytes, depth: int, deeper: bool) -> None:
    assert nested_deeper_than(body, depth) is deeper


# --- administration --------------------------------------------------------------------


def _account(**over: Any) -> dict[str, Any]:
    return {"email": f"{unique('user-')}@example.org", "full_name": "New Person",
            "password": PASSWORD, "role": "migrant", **over}


# (name, body, status, field)
ADMIN_USER_CASES = [
    ("missing role", {k: v for k, v in _account().items() if k != "role"}, 422, "role"),
    ("unknown role", _account(role="superuser"), 422, "role"),
    ("role system", _account(role="system"), 422, "role"),
    ("bad e-mail", _account(email="nobody"), 422, "email"),
    ("short password", _account(password="123"), 422, "password"),
    ("unknown field", _account(is_active=False), 422, "is_active"),
    ("agency staff without agency", _account(role="agency_staff"), 422, "agency_id"),
    ("centre staff without centre", _account(role="centre_staff"), 422, "centre_id"),
    ("migrant bound to an agency", _account(agency_id=1), 422, "agency_id"),
    ("agency id a string", _account(role="agency_staff", agency_id="first"), 422,
     "agency_id"),
    ("agency that does not exist", _account(role="agency_staff", agency_id=2**63 - 1), 422,
     "agency_id"),
    ("agency id beyond a bigint", _account(role="agency_staff", agency_id=int(HUGE)), 422,
     "agency_id"),
    ("centre that does not exist", _account(role="centre_staff", centre_id=2**63 - 1), 422,
     "centre_id"),
    ("mission that does not exist", _account(role="attache", mission_id=2**63 - 1), 422,
     "mission_id"),
    ("settlement body that does not exist",
     _account(role="settlement_body", settlement_body_id=2**63 - 1), 422,
     "settlement_body_id"),
]


@pytest.mark.parametrize(("body", "status", "field"),
                         [pytest.param(b, s, f, id=n) for n, b, s, f in ADMIN_USER_CASES])
async def test_creating_an_account_rejects_bad_input(
    client: httpx.AsyncClient, db: asyncpg.Connection, admin: dict[str, str],
    body: dict[str, Any], status: int, field: str,
) -> None:
    response = await client.post("/admin/users", json=body, headers=admin)
    assert_problem(response, status, field)
    if isinstance(body.get("email"), str):
        assert await _user_rows(db, body["email"]) == 0


async def test_creating_an_account_with_a_taken_email_is_a_409(
    client: httpx.AsyncClient, db: asyncpg.Connection, admin: dict[str, str]
) -> None:
    body = _account()
    assert (await client.post("/admin/users", json=body, headers=admin)).status_code == 201
    again = await client.post("/admin/users", json={**body, "email": body["email"].upper()},
                              headers=admin)
    assert_problem(again, 409, "email")
    assert await _user_rows(db, body["email"]) == 1


# (path, body, field)
ORGANISATION_CASES = [
    ("/admin/centres", {"name": "Osh Centre", "country": "XX", "city": "Osh"}, "country"),
    ("/admin/centres", {"name": "Osh Centre", "country": "KG"}, "city"),
    ("/admin/centres", {"name": "Osh Centre", "country": "KG", "city": "Osh", "id": 1}, "id"),
    ("/admin/centres", {"name": "C" * 10_000, "country": "KG", "city": "Osh"}, "name"),
    ("/admin/missions", {"name": "Mission", "sending_country": "kgz", "country": "RU"},
     "sending_country"),
    ("/admin/missions", {"name": "Mission", "sending_country": "KG", "country": 7}, "country"),
    ("/admin/settlement-bodies", {"name": "B" * 10_000, "country": "RU"}, "name"),
    ("/admin/settlement-bodies", {"name": "Body"}, "country"),
]


@pytest.mark.parametrize(("path", "body", "field"),
                         [pytest.param(*c, id=f"{c[0]} {c[2]}") for c in ORGANISATION_CASES])
async def test_creating_an_organisation_rejects_bad_input(
    client: httpx.AsyncClient, admin: dict[str, str], path: str, body: dict[str, Any],
    field: str,
) -> None:
    assert_problem(await client.post(path, json=body, headers=admin), 422, field)


# --- signing in ------------------------------------------------------------------------


@pytest.mark.parametrize(("form", "field"), [
    pytest.param({}, "username", id="empty form"),
    pytest.param({"username": "someone@example.org"}, "password", id="no password"),
    pytest.param({"password": PASSWORD}, "username", id="no username"),
])
async def test_sign_in_rejects_an_incomplete_form(
    client: httpx.AsyncClient, form: dict[str, str], field: str
) -> None:
    assert_problem(await client.post("/auth/token", data=form), 422, field)


async def test_sign_in_wants_a_form_not_json(client: httpx.AsyncClient) -> None:
    response = await client.post("/auth/token",
                                 json={"username": "someone@example.org", "password": PASSWORD})
    assert_problem(response, 422, "username")


async def test_sign_in_with_a_nul_character_is_refused(client: httpx.AsyncClient) -> None:
    """No account has such an e-mail: the answer is "wrong e-mail or password", not a 500."""
    response = await client.post("/auth/token",
                                 data={"username": "staff\x00@example.org", "password": PASSWORD})
    assert response.status_code in (401, 422), response.text
    assert_problem(response, response.status_code)


# --- a licence that is fine still goes through (the controls) ---------------------------


async def test_the_valid_inputs_used_above_are_accepted(
    client: httpx.AsyncClient, regulator: dict[str, str]
) -> None:
    """Every table above changes one thing in a body that is otherwise accepted."""
    _agency, licence = await active_licence(client, regulator)
    assert licence["status"] == "active"
    response = await act(client, regulator, licence["id"], "suspend")
    assert response.status_code == 200, response.text
    other = await register_agency(client)
    body = _application()
    body["deposit"]["currency"] = "kgs"  # codes are case-insensitive
    response = await client.post(f"/agencies/{other.id}/licences", json=body,
                                 headers=other.headers)
    assert response.status_code == 201, response.text
    assert response.json()["deposit"] == {"amount": "50000.00", "currency": "KGS"}


@pytest.mark.parametrize(("typed", "code"), [
    ("rub", "RUB"), ("руб", "RUB"), ("Руб.", "RUB"), ("₽", "RUB"), ("RUR", "RUB"),
    ("тенге", "KZT"), (" usd ", "USD"), ("евро", "EUR"),
])
def test_a_currency_typed_by_its_name_is_its_code(typed: str, code: str) -> None:
    from pydantic import TypeAdapter

    from core.validation import CurrencyCode

    assert TypeAdapter(CurrencyCode).validate_python(typed) == code


def test_a_currency_that_is_none_is_refused_in_the_readers_words() -> None:
    from pydantic import TypeAdapter, ValidationError
    from starlette.requests import Request

    from api.web.common import errors_from_validation
    from core.validation import CurrencyCode

    with pytest.raises(ValidationError) as refused:
        TypeAdapter(CurrencyCode).validate_python("ABC")
    request = Request({"type": "http", "headers": [(b"accept-language", b"ru")],
                       "query_string": b"", "path": "/"})
    [said] = errors_from_validation(refused.value, request).values()
    assert said == "Валюты с таким кодом нет: укажите, например, RUB, KZT или USD."


def test_a_near_duplicate_is_not_named_by_a_number_a_migrant_cannot_open() -> None:
    from types import SimpleNamespace

    from starlette.requests import Request

    from api.web.flags import flag_words
    from core.auth import Role

    flag = {"code": "near_duplicate", "params": {"vacancy_id": "39"}}
    for reader, named in ((None, False), (SimpleNamespace(role=Role.MIGRANT), False),
                          (SimpleNamespace(role=Role.ATTACHE), True)):
        request = Request({"type": "http", "headers": [(b"accept-language", b"ru")],
                           "query_string": b"", "path": "/", "state": {"principal": reader}})
        said = flag_words(request)["flag_text"](flag)
        assert ("39" in said) is named, said


@pytest.mark.parametrize("language", ["en", "ru", "ky", "uz", "tg"])
def test_the_ceiling_on_hours_is_said_as_vetteds_rule_not_as_every_countrys_law(
        language: str) -> None:
    """«No law allows more than 60 hours a week» is not true of every country: 60 is the
    ceiling of the labour standards Vetted holds every job to, and is said as such."""
    from starlette.requests import Request

    from api.web.flags import flag_words

    request = Request({"type": "http", "headers": [(b"accept-language", language.encode())],
                       "query_string": b"", "path": "/", "state": {"principal": None}})
    words = flag_words(request)
    stated = words["flag_remedy"]({"code": "hours_over_limit",
                                   "params": {"ceiling": "60", "limit": "40"}})
    said = words["flag_remedy"]({"code": "hours_in_text", "params": {"ceiling": "60"}})
    for text in (stated, said):
        assert "60" in text, text
        for claim in ("No law", "Ни один закон", "Эч бир мыйзам", "Hech bir qonun",
                      "Ҳеҷ як қонун"):
            assert claim not in text, text


@pytest.mark.parametrize(("citizenship", "languages", "slip"), [
    ("KG", [{"code": "uz", "level": "native"}, {"code": "ru", "level": "B1"}], "uz"),
    ("KG", [{"code": "ru", "level": "B1"}], "ky"),
    ("KG", [{"code": "tg", "level": "native"}], "tg"),
    ("KZ", [{"code": "ru", "level": "C1"}, {"code": "uz", "level": "A2"}], "ru"),
    ("KZ", [], "ru"),
])
def test_the_sign_in_slip_is_in_the_language_the_migrant_reads_best(
        citizenship: str, languages: list[dict[str, str]], slip: str) -> None:
    from types import SimpleNamespace

    from api.web.centre_requests import slip_language

    migrant: Any = SimpleNamespace(citizenship=citizenship, languages=languages)
    assert slip_language(migrant) == slip


@pytest.mark.parametrize(("value", "said"), [
    ([], "Выберите хотя бы 1."),  # a licence granted for no country
    ([1], "Напишите это словами."),  # a finding's text sent as something else
])
def test_a_list_or_a_text_refused_is_said_in_the_readers_words(value: object,
                                                              said: str) -> None:
    """Not «List should have at least 1 item after validation, not 0» on a Russian page."""
    from typing import Annotated

    from pydantic import Field, TypeAdapter, ValidationError
    from starlette.requests import Request

    from api.web.common import errors_from_validation

    shape = TypeAdapter(Annotated[list[str], Field(min_length=1)])
    with pytest.raises(ValidationError) as refused:
        shape.validate_python(value)
    request = Request({"type": "http", "headers": [(b"accept-language", b"ru")],
                       "query_string": b"", "path": "/"})
    assert said in errors_from_validation(refused.value, request).values()


def test_a_file_name_begins_a_refusal_as_its_owner_wrote_it() -> None:
    """«Bad.exe fayli…» renamed the file the migrant chose; a schema's message still
    starts its sentence with a capital."""
    from api.web.forms import place_errors

    placed = place_errors({"files": "bad.exe fayli ruxsat etilgan turlardan emas",
                           "title": "value is not a valid string"}, ["files", "title"])
    assert placed == {"files": "bad.exe fayli ruxsat etilgan turlardan emas",
                      "title": "Value is not a valid string"}
