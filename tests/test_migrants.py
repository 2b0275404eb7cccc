"""Migrant registration with consent, the passport at rest, masking, object-level access,
editing and the pre-screening gate, against the real database."""

from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import AsyncIterator
from datetime import date, timedelta
from typing import Any

import asyncpg
import httpx
import pytest
from cryptography.fernet import Fernet

from core.auth import Principal, Role
from core.config import get_settings
from core.db import UnitOfWork
from matching import migrants
from matching.exceptions import NotFound, NotPrescreened
from tests.conftest import PASSWORD, bearer, token_for, unique
from tests.factories_matching import (
    Centre,
    World,
    assert_problem,
    build_world,
    migrant_body,
    migrant_login,
    passport_number,
    prescreen,
    register_migrant,
)

MASK = "•••••"
FULL_KEYS = {"id", "centre_id", "user_id", "full_name", "date_of_birth", "phone", "email",
             "citizenship", "passport_masked", "occupation", "skills", "experience_years",
             "languages", "education", "desired_countries", "min_wage", "consent_given_at",
             "consent_version", "prescreening", "created_at", "updated_at"}


@pytest.fixture(scope="module")
async def world(app: Any) -> AsyncIterator[World]:
    async with build_world(app, "10.252.1.1") as w:
        yield w


def staff_principal(centre: Centre) -> Principal:
    return Principal(user_id=None, role=Role.CENTRE_STAFF, label="centre staff",
                     centre_id=centre.id)


async def _migrant_rows(db: asyncpg.Connection, full_name: str) -> int:
    count: int = await db.fetchval("SELECT count(*) FROM migrant WHERE full_name = $1",
                                   full_name)
    return count


async def _audit(db: asyncpg.Connection, migrant_id: int) -> list[dict[str, Any]]:
    rows = await db.fetch(
        "SELECT action, actor_role, from_state, to_state, data FROM audit_entry "
        "WHERE entity_type = 'migrant' AND entity_id = $1 ORDER BY id", str(migrant_id))
    return [dict(r) for r in rows]


def years_ago(years: int, days: int = 0) -> str:
    today = date.today()
    try:
        then = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        then = today.replace(year=today.year - years, day=28)
    return (then + timedelta(days=days)).isoformat()


# --- registration and consent ---------------------------------------------------------


async def test_registration_records_consent_and_masks_the_passport(
    client: httpx.AsyncClient, world: World, db: asyncpg.Connection
) -> None:
    body = migrant_body()
    response = await client.post("/migrants", json=body, headers=world.centre_a.headers)
    assert response.status_code == 201, response.text
    migrant = response.json()
    assert set(migrant) == FULL_KEYS
    assert migrant["centre_id"] == world.centre_a.id
    assert migrant["user_id"] is None
    assert migrant["passport_masked"] == MASK + body["passport_number"][-4:]
    assert body["passport_number"] not in response.text
    assert migrant["consent_version"] == get_settings().consent_version
    assert migrant["consent_given_at"]
    assert migrant["languages"] == body["languages"]
    assert migrant["min_wage"] == {"amount": "60000.00", "currency": "RUB"}
    assert migrant["prescreening"] == {
        "passport_valid": False, "medical_check": False, "orientation_done": False,
        "skills_test_passed": False, "skills_test_required": False,
        "missing": ["passport_valid", "medical_check", "orientation_done"],
        "complete": False, "prescreened_at": None,
    }

    [entry] = await _audit(db, migrant["id"])
    assert entry["action"] == "register"
    assert entry["actor_role"] == "centre_staff"
    assert entry["data"]["consent_version"] == body["consent_version"]
    logged = json.dumps(entry["data"])
    for personal in (body["passport_number"], body["full_name"], body["email"], body["phone"]):
        assert personal not in logged


@pytest.mark.parametrize(("change", "field"), [
    pytest.param({"consent": None}, "consent", id="consent missing"),
    pytest.param({"consent": False}, "consent", id="consent refused"),
    pytest.param({"consent": "true"}, "consent", id="consent as text"),
    pytest.param({"consent": 1}, "consent", id="consent as number"),
    pytest.param({"consent_version": None}, "consent_version", id="version missing"),
    pytest.param({"consent_version": "2019-01"}, "consent_version", id="outdated text"),
])
async def test_registration_without_valid_consent_is_refused(
    client: httpx.AsyncClient, world: World, db: asyncpg.Connection, change: dict[str, Any],
    field: str,
) -> None:
    body = migrant_body(password=PASSWORD)
    for key, value in change.items():
        if value is None:
            del body[key]
        else:
            body[key] = value
    response = await client.post("/migrants", json=body, headers=world.centre_a.headers)
    problem = assert_problem(response, 422, field)
    assert field.replace("_", " ").split()[0] in problem["detail"]
    assert await _migrant_rows(db, body["full_name"]) == 0
    assert await db.fetchval("SELECT count(*) FROM app_user WHERE email = $1",
                             body["email"]) == 0


async def test_the_passport_number_is_encrypted_at_rest(
    client: httpx.AsyncClient, world: World, db: asyncpg.Connection
) -> None:
    number = passport_number()
    spaced = f" {number[:2].lower()} {number[2:5]}-{number[5:]} "
    migrant = await register_migrant(client, world.centre_a, passport_number=spaced)
    row = dict(await db.fetchrow("SELECT * FROM migrant WHERE id = $1", migrant["id"]))

    cipher = bytes(row["passport_cipher"])
    assert number.encode() not in cipher
    assert number[2:].encode() not in cipher
    for column, value in row.items():
        if column != "passport_cipher":
            assert number not in str(value), column
    # Not even in the row as a whole (bytea renders as hex there).
    assert await db.fetchval(
        "SELECT count(*) FROM migrant WHERE id = $1 AND row_to_json(migrant)::text LIKE $2",
        migrant["id"], f"%{number}%") == 0
    assert row["passport_last4"] == number[-4:]
    assert len(row["passport_hash"]) == 64
    assert row["passport_hash"] != hashlib.sha256(number.encode()).hexdigest()
    assert row["passport_hash"] != hashlib.sha256(f"KG:{number}".encode()).hexdigest()

    key = get_settings().resolved_passport_key()
    assert Fernet(key.encode()).decrypt(cipher).decode() == number  # stored normalised
    assert await db.fetchval("SELECT count(*) FROM audit_entry WHERE data::text LIKE $1",
                             f"%{number}%") == 0


async def test_the_passport_is_masked_for_everyone_who_reads_it(
    client: httpx.AsyncClient, world: World
) -> None:
    migrant, own = await migrant_login(client, world.centre_a)
    readers = [world.centre_a.headers, world.regulator, world.admin, own]
    masked = migrant["passport_masked"]
    assert masked.startswith(MASK) and len(masked) == len(MASK) + 4
    for headers in readers:
        response = await client.get(f"/migrants/{migrant['id']}", headers=headers)
        assert response.status_code == 200, response.text
        assert response.json()["passport_masked"] == masked
    for url in ("/migrants", f"/migrants?centre_id={world.centre_a.id}"):
        listed = await client.get(url, headers=world.centre_a.headers)
        [found] = [m for m in listed.json() if m["id"] == migrant["id"]]
        assert found["passport_masked"] == masked
    me = await client.get("/migrants/me", headers=own)
    assert me.json()["passport_masked"] == masked


@pytest.mark.parametrize("variant", [
    pytest.param(lambda n: n, id="same"),
    pytest.param(lambda n: f"{n[:2].lower()} {n[2:]}", id="lower case with a space"),
    pytest.param(lambda n: f"{n[:3]}-{n[3:6]}-{n[6:]}", id="with dashes"),
    pytest.param(lambda n: "АВ" + n[2:], id="Cyrillic look-alike letters"),
])
async def test_a_duplicate_passport_is_refused_naming_the_field(
    client: httpx.AsyncClient, world: World, db: asyncpg.Connection, variant: Any
) -> None:
    number = "AB" + passport_number()[2:]
    first = await register_migrant(client, world.centre_a, passport_number=number)
    for centre in (world.centre_a, world.centre_b):
        body = migrant_body(passport_number=variant(number), password=PASSWORD)
        response = await client.post("/migrants", json=body, headers=centre.headers)
        problem = assert_problem(response, 409, "passport_number")
        if centre is world.centre_a:
            # At its own centre the refusal names the migrant who holds the passport...
            assert problem["code"] == "migrant.passport_here"
            assert problem["params"] == {"migrant_id": first["id"]}
            assert f"migrant {first['id']} of this centre" in problem["detail"]
        else:
            # ...anywhere else it does not say that another centre holds it, nor whom.
            assert problem["code"] == "migrant.passport_refused"
            assert "params" not in problem
            assert "cannot be registered" in problem["detail"]
            for telling in ("another centre", "already registered", "other centre"):
                assert telling not in response.text
        assert number not in response.text
        assert await _migrant_rows(db, body["full_name"]) == 0
        assert await db.fetchval("SELECT count(*) FROM app_user WHERE email = $1",
                                 body["email"]) == 0


async def test_the_same_number_from_another_country_is_another_passport(
    client: httpx.AsyncClient, world: World
) -> None:
    number = passport_number()
    await register_migrant(client, world.centre_a, passport_number=number, citizenship="KG")
    other = await register_migrant(client, world.centre_a, passport_number=number,
                                   citizenship="UZ")
    assert other["citizenship"] == "UZ"


def _set(path: str, value: Any) -> Any:
    def change(body: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        target: Any = body
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        if value is _DROP:
            del target[last]
        else:
            # A date is given as a function, read when the test runs: the cases are made
            # when the tests are collected, which may be the day before.
            target[int(last) if last.isdigit() else last] = \
                value() if callable(value) else copy.deepcopy(value)
    return change


_DROP = object()

BAD_REGISTRATIONS = [
    ("full name missing", _set("full_name", _DROP), "full_name"),
    ("full name of one letter", _set("full_name", "N"), "full_name"),
    ("full name with NUL", _set("full_name", "Nurlan\x00Toktogulov"), "full_name"),
    ("under 18", _set("date_of_birth", lambda: years_ago(18, days=1)), "date_of_birth"),
    ("born tomorrow", _set("date_of_birth",
                           lambda: (date.today() + timedelta(days=1)).isoformat()),
     "date_of_birth"),
    ("born in 1850", _set("date_of_birth", "1850-01-01"), "date_of_birth"),
    ("date of birth not a date", _set("date_of_birth", "15/03/1994"), "date_of_birth"),
    ("citizenship XX", _set("citizenship", "XX"), "citizenship"),
    ("citizenship alpha-3", _set("citizenship", "KGZ"), "citizenship"),
    ("passport missing", _set("passport_number", _DROP), "passport_number"),
    ("passport too short", _set("passport_number", "AN12"), "passport_number"),
    ("passport with symbols", _set("passport_number", "AN#1234567"), "passport_number"),
    ("passport with NUL", _set("passport_number", "AN\x001234567"), "passport_number"),
    ("passport a number", _set("passport_number", 1234567), "passport_number"),
    ("passport of 1,000 chars", _set("passport_number", "A" * 1000), "passport_number"),
    ("occupation with NUL", _set("occupation", "co\x00ok"), "occupation"),
    ("occupation blank", _set("occupation", "   "), "occupation"),
    ("e-mail without @", _set("email", "nurlan.mail.kg"), "email"),
    ("phone with letters", _set("phone", "call me"), "phone"),
    # Notices and sign-in codes go to it: a number without its country, or too short.
    ("phone without its country code", _set("phone", "0555123456"), "phone"),
    ("phone too short for its country", _set("phone", "+996 555 12"), "phone"),
    ("password too short", _set("password", "short"), "password"),
    ("a sign-in without e-mail", lambda b: b.update(email=None, password=PASSWORD), "email"),
    ("skill with NUL", _set("skills", ["pl\x00ov"]), "skills[0]"),
    ("51 skills", _set("skills", [f"skill {i}" for i in range(51)]), "skills"),
    ("language twice", _set("languages", [{"code": "ru", "level": "B1"},
                                          {"code": "ru", "level": "C1"}]), "languages"),
    ("language unknown", _set("languages", [{"code": "xx", "level": "B1"}]),
     "languages[0].code"),
    ("language level unknown", _set("languages", [{"code": "ru", "level": "fluent"}]),
     "languages[0].level"),
    ("desired country twice", _set("desired_countries", ["RU", "RU"]), "desired_countries"),
    ("desired country ZZ", _set("desired_countries", ["ZZ"]), "desired_countries[0]"),
    ("minimum wage currency XYZ", _set("min_wage.currency", "XYZ"), "min_wage.currency"),
    ("minimum wage negative", _set("min_wage.amount", "-1"), "min_wage.amount"),
    ("minimum wage not a number", _set("min_wage.amount", "lots"), "min_wage.amount"),
    ("minimum wage too precise", _set("min_wage.amount", "1.005"), "min_wage.amount"),
    ("experience negative", _set("experience_years", "-1"), "experience_years"),
    ("experience 61 years", _set("experience_years", "61"), "experience_years"),
    ("experience too precise", _set("experience_years", "1.25"), "experience_years"),
    ("education unknown", _set("education", "phd"), "education"),
    ("unknown field", _set("passport_cipher", "x"), "passport_cipher"),
    ("centre chosen by the client", _set("centre_id", 1), "centre_id"),
]


@pytest.mark.parametrize(("change", "field"),
                         [pytest.param(c, f, id=name) for name, c, f in BAD_REGISTRATIONS])
async def test_bad_registrations_name_the_field_and_write_nothing(
    client: httpx.AsyncClient, world: World, db: asyncpg.Connection, change: Any, field: str
) -> None:
    body = migrant_body()
    change(body)
    response = await client.post("/migrants", json=body, headers=world.centre_a.headers)
    assert_problem(response, 422, field)
    for column in ("full_name", "email"):
        value = body.get(column)
        if isinstance(value, str) and "\x00" not in value:
            assert await db.fetchval(f"SELECT count(*) FROM migrant WHERE {column} = $1",
                                     value) == 0


async def test_a_sign_in_is_created_with_the_record_when_asked(
    client: httpx.AsyncClient, world: World, db: asyncpg.Connection
) -> None:
    email = f"{unique('Aida-')}@Mail.kg"
    migrant = await register_migrant(client, world.centre_a, email=email, password=PASSWORD)
    assert migrant["user_id"] is not None
    assert await db.fetchval("SELECT role FROM app_user WHERE id = $1",
                             migrant["user_id"]) == "migrant"
    created = await db.fetchrow(
        "SELECT actor_role, data FROM audit_entry WHERE entity_type = 'user' "
        "AND entity_id = $1", str(migrant["user_id"]))
    assert created["actor_role"] == "centre_staff"
    assert created["data"] == {"role": "migrant", "migrant_id": migrant["id"]}
    own = bearer(await token_for(client, email))
    me = await client.get("/migrants/me", headers=own)
    assert me.status_code == 200, me.text
    assert me.json()["id"] == migrant["id"]

    # The e-mail is taken now: a second registration with it leaves nothing behind.
    body = migrant_body(email=email, password=PASSWORD)
    response = await client.post("/migrants", json=body, headers=world.centre_a.headers)
    assert_problem(response, 409, "email")
    assert await _migrant_rows(db, body["full_name"]) == 0


async def test_a_migrant_without_a_record_has_no_me(
    client: httpx.AsyncClient, world: World, db: asyncpg.Connection
) -> None:
    from tests.conftest import create_user_direct

    headers = bearer(await token_for(client, await create_user_direct(db, "migrant")))
    assert_problem(await client.get("/migrants/me", headers=headers), 404)


# --- who may do what ------------------------------------------------------------------

A, B = "centre_a", "centre_b"
SELF, OTHER_MIGRANT = "migrant_self", "other_migrant"
AGENCY, ANON = "agency_staff", "anonymous"
REGULATOR, ADMIN, ATTACHE, SETTLEMENT = "regulator", "admin", "attache", "settlement_body"
ROLES = (A, B, SELF, OTHER_MIGRANT, AGENCY, REGULATOR, ADMIN, ATTACHE, SETTLEMENT, ANON)


def _table(ok: int, **special: int) -> dict[str, int]:
    """403 by default for signed-in roles, 401 for anonymous; `special` overrides."""
    table = {role: 403 for role in ROLES} | {ANON: 401}
    return table | {k: ok if v == 0 else v for k, v in special.items()}


ACCESS = [
    ("GET", "/migrants/{id}", None,
     _table(200, centre_a=0, centre_b=404, migrant_self=0, other_migrant=404,
            agency_staff=404, regulator=0, admin=0)),
    ("PATCH", "/migrants/{id}", {"skills": ["lagman"]},
     _table(200, centre_a=0, centre_b=404)),
    ("PUT", "/migrants/{id}/prescreening",
     {"passport_valid": True, "medical_check": False, "orientation_done": False},
     _table(200, centre_a=0, centre_b=404)),
    ("POST", "/migrants", "new", _table(201, centre_a=0, centre_b=0)),
    ("GET", "/migrants", None, _table(200, centre_a=0, centre_b=0, regulator=0, admin=0)),
    ("GET", "/migrants/me", None, _table(200, migrant_self=0, other_migrant=0)),
]


@pytest.fixture(scope="module")
async def people(world: World) -> dict[str, Any]:
    """The migrant each case is about (centre A, with a sign-in), and everyone's headers."""
    client = world.client
    migrant, own = await migrant_login(client, world.centre_a)
    _, other = await migrant_login(client, world.centre_b)
    return {"migrant": migrant, "headers": {
        A: world.centre_a.headers, B: world.centre_b.headers, SELF: own, OTHER_MIGRANT: other,
        AGENCY: world.agency_x.headers, REGULATOR: world.regulator, ADMIN: world.admin,
        ATTACHE: world.attache, SETTLEMENT: world.settlement, ANON: {},
    }}


@pytest.mark.parametrize(("method", "path", "body", "role", "status"), [
    pytest.param(m, p, b, role, table[role], id=f"{m} {p} as {role}")
    for m, p, b, table in ACCESS for role in ROLES
])
async def test_access(
    client: httpx.AsyncClient, people: dict[str, Any], method: str, path: str, body: Any,
    role: str, status: int,
) -> None:
    migrant = people["migrant"]
    json_body = migrant_body() if body == "new" else body
    response = await client.request(method, path.format(id=migrant["id"]), json=json_body,
                                    headers=people["headers"][role])
    if status >= 400:
        problem = assert_problem(response, status)
        if status == 404 and "{id}" in path:
            assert problem["detail"] == f"migrant {migrant['id']} was not found"
    else:
        assert response.status_code == status, response.text


async def test_each_centre_lists_only_its_own_migrants(
    client: httpx.AsyncClient, world: World
) -> None:
    mine = await register_migrant(client, world.centre_a)
    theirs = await register_migrant(client, world.centre_b)

    async def ids(headers: dict[str, str], query: str = "") -> set[int]:
        response = await client.get(f"/migrants?limit=1000{query}", headers=headers)
        assert response.status_code == 200, response.text
        return {m["id"] for m in response.json()}

    assert mine["id"] in await ids(world.centre_a.headers)
    assert theirs["id"] not in await ids(world.centre_a.headers)
    assert await ids(world.centre_a.headers, f"&centre_id={world.centre_b.id}") == set()
    assert theirs["id"] in await ids(world.centre_b.headers)
    assert {mine["id"], theirs["id"]} <= await ids(world.regulator)
    assert await ids(world.regulator, f"&centre_id={world.centre_b.id}") >= {theirs["id"]}
    assert mine["id"] not in await ids(world.regulator, f"&centre_id={world.centre_b.id}")
    name = mine["full_name"].split()[-1]
    assert await ids(world.centre_a.headers, f"&q={name}") == {mine["id"]}
    assert await ids(world.centre_a.headers, "&q=%25") == set()  # a literal %, not "any"
    assert mine["id"] in await ids(world.centre_a.headers, "&prescreened=false")
    assert mine["id"] not in await ids(world.centre_a.headers, "&prescreened=true")


# --- pre-screening --------------------------------------------------------------------


async def test_prescreening_completes_and_unlocks_matching(
    client: httpx.AsyncClient, world: World, app: Any, db: asyncpg.Connection
) -> None:
    migrant = await register_migrant(client, world.centre_a, occupation="Cook")
    staff = staff_principal(world.centre_a)

    async def gate(actor: Principal) -> migrants.MatchingProfile:
        async with UnitOfWork(app.state.pool) as uow:
            return await migrants.require_prescreened(uow, migrant_id=migrant["id"],
                                                      actor=actor)

    with pytest.raises(NotPrescreened) as refused:
        await gate(staff)
    assert refused.value.missing == ["passport_valid", "medical_check", "orientation_done"]

    response = await prescreen(client, world.centre_a, migrant["id"], medical_check=False)
    assert response.json()["prescreening"]["missing"] == ["medical_check"]
    assert response.json()["prescreening"]["prescreened_at"] is None

    response = await prescreen(client, world.centre_a, migrant["id"])
    assert response.status_code == 200, response.text
    screening = response.json()["prescreening"]
    assert screening["complete"] and screening["missing"] == []
    assert screening["skills_test_required"] is False  # not a skills-test occupation
    assert screening["prescreened_at"] is not None

    profile = await gate(staff)
    assert profile.occupation == "Cook"
    assert profile.skills == ("plov", "bread baking")
    assert profile.languages == {"ky": "native", "ru": "B2"}
    assert profile.desired_countries == ("RU", "KZ")
    assert profile.min_wage is not None and str(profile.min_wage.amount) == "60000.00"
    assert profile.min_wage.currency == "RUB"
    await gate(Principal(user_id=None, role=Role.REGULATOR, label="regulator"))
    for outsider in (staff_principal(world.centre_b),
                     Principal(user_id=None, role=Role.AGENCY_STAFF, label="agency",
                               agency_id=world.agency_x.id)):
        with pytest.raises(NotFound):
            await gate(outsider)

    # Marking it again keeps the date it was first complete; withdrawing a check clears it.
    again = await prescreen(client, world.centre_a, migrant["id"])
    assert again.json()["prescreening"]["prescreened_at"] == screening["prescreened_at"]
    withdrawn = await prescreen(client, world.centre_a, migrant["id"], passport_valid=False)
    assert withdrawn.json()["prescreening"]["prescreened_at"] is None
    with pytest.raises(NotPrescreened) as refused:
        await gate(staff)
    assert refused.value.missing == ["passport_valid"]

    entries = [e for e in await _audit(db, migrant["id"]) if e["action"] == "prescreen"]
    assert [(e["from_state"], e["to_state"]) for e in entries] == [
        ("pending", "pending"), ("pending", "prescreened"), ("prescreened", "prescreened"),
        ("prescreened", "pending")]
    assert entries[-1]["data"]["missing"] == ["passport_valid"]


@pytest.mark.parametrize("occupation", ["Welder", "  WELDER ", "crane operator"])
async def test_a_skills_test_is_required_only_for_listed_occupations(
    client: httpx.AsyncClient, world: World, app: Any, occupation: str
) -> None:
    assert occupation.strip().lower() in get_settings().skills_test_occupations
    migrant = await register_migrant(client, world.centre_a, occupation=occupation)
    response = await prescreen(client, world.centre_a, migrant["id"])
    screening = response.json()["prescreening"]
    assert screening["skills_test_required"] is True
    assert screening["missing"] == ["skills_test_passed"]
    assert screening["complete"] is False

    async with UnitOfWork(app.state.pool) as uow:
        with pytest.raises(NotPrescreened) as refused:
            await migrants.require_prescreened(uow, migrant_id=migrant["id"],
                                               actor=staff_principal(world.centre_a))
    assert refused.value.missing == ["skills_test_passed"]
    assert "skills test passed" in str(refused.value)

    response = await prescreen(client, world.centre_a, migrant["id"], skills_test_passed=True)
    assert response.json()["prescreening"]["complete"] is True


@pytest.mark.parametrize(("body", "field"), [
    pytest.param({"passport_valid": "yes", "medical_check": True, "orientation_done": True},
                 "passport_valid", id="text for a check"),
    pytest.param({"passport_valid": True, "orientation_done": True}, "medical_check",
                 id="check missing"),
    pytest.param({"passport_valid": True, "medical_check": True, "orientation_done": True,
                  "prescreened_at": "2020-01-01T00:00:00Z"}, "prescreened_at",
                 id="date set by the client"),
    pytest.param({"passport_valid": True, "medical_check": True, "orientation_done": 1},
                 "orientation_done", id="number for a check"),
])
async def test_bad_prescreening_names_the_field_and_changes_nothing(
    client: httpx.AsyncClient, world: World, body: dict[str, Any], field: str
) -> None:
    migrant = await register_migrant(client, world.centre_a)
    response = await client.put(f"/migrants/{migrant['id']}/prescreening", json=body,
                                headers=world.centre_a.headers)
    assert_problem(response, 422, field)
    after = await client.get(f"/migrants/{migrant['id']}", headers=world.centre_a.headers)
    assert after.json()["prescreening"] == migrant["prescreening"]


# --- editing --------------------------------------------------------------------------


async def test_edits_are_audited_without_personal_data_and_reopen_the_gate(
    client: httpx.AsyncClient, world: World, db: asyncpg.Connection
) -> None:
    migrant = await register_migrant(client, world.centre_a, occupation="Cook")
    url = f"/migrants/{migrant['id']}"
    headers = world.centre_a.headers
    response = await prescreen(client, world.centre_a, migrant["id"])
    assert response.json()["prescreening"]["complete"]

    # A skills-test occupation reopens the checklist.
    response = await client.patch(url, json={"occupation": "Welder", "phone": "+996 700 111 222"},
                                  headers=headers)
    assert response.status_code == 200, response.text
    edited = response.json()
    assert edited["occupation"] == "Welder" and edited["phone"] == "+996 700 111 222"
    assert edited["prescreening"]["missing"] == ["skills_test_passed"]
    assert edited["prescreening"]["prescreened_at"] is None

    # A new passport must be checked again; the old number is gone.
    number = passport_number()
    response = await client.patch(url, json={"passport_number": number, "min_wage": None},
                                  headers=headers)
    edited = response.json()
    assert edited["passport_masked"] == MASK + number[-4:]
    assert edited["prescreening"]["passport_valid"] is False
    assert edited["min_wage"] is None
    assert number not in response.text
    cipher = await db.fetchval("SELECT passport_cipher FROM migrant WHERE id = $1",
                               migrant["id"])
    key = get_settings().resolved_passport_key()
    assert Fernet(key.encode()).decrypt(bytes(cipher)).decode() == number

    # Nothing sent, nothing changed, nothing logged.
    before = len(await _audit(db, migrant["id"]))
    response = await client.patch(url, json={"occupation": "Welder"}, headers=headers)
    assert response.status_code == 200
    assert len(await _audit(db, migrant["id"])) == before

    edits = [e for e in await _audit(db, migrant["id"]) if e["action"] == "edit"]
    assert edits[0]["data"]["fields"] == ["occupation", "phone"]
    assert edits[0]["data"]["values"] == {"occupation": "Welder"}
    assert edits[0]["data"]["prescreened"] is False
    assert edits[1]["data"]["fields"] == ["min_wage", "passport_number"]
    assert edits[1]["data"]["values"] == {"min_wage": None}
    logged = json.dumps([e["data"] for e in edits])
    assert number not in logged and "+996 700 111 222" not in logged


async def test_bad_edits_name_the_field_and_change_nothing(
    client: httpx.AsyncClient, world: World
) -> None:
    taken = await register_migrant(client, world.centre_b)
    taken_number = passport_number()
    await register_migrant(client, world.centre_b, passport_number=taken_number)
    migrant = await register_migrant(client, world.centre_a)
    url = f"/migrants/{migrant['id']}"
    headers = world.centre_a.headers
    cases = [
        ({"full_name": None}, 422, "full_name"),
        ({"occupation": None}, 422, "occupation"),
        ({"skills": None}, 422, "skills"),
        ({"date_of_birth": years_ago(17)}, 422, "date_of_birth"),
        ({"passport_number": "x"}, 422, "passport_number"),
        ({"passport_number": None}, 422, "passport_number"),
        ({"consent": False}, 422, "consent"),
        ({"centre_id": world.centre_b.id}, 422, "centre_id"),
        ({"passport_number": taken_number}, 409, "passport_number"),
        ({"occupation": "Welder", "passport_number": taken_number}, 409, "passport_number"),
    ]
    for body, status, field in cases:
        response = await client.patch(url, json=body, headers=headers)
        assert_problem(response, status, field)
    after = await client.get(url, headers=headers)
    assert after.json() == migrant
    assert taken["id"] != migrant["id"]
