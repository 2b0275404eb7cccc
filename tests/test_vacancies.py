"""Employers, vacancies and their lifecycle, red flags, the public verification code and QR,
visibility, expiry by a real worker, minimum wages and the employer watchlist."""

from __future__ import annotations

import re
import struct
import zlib
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import asyncpg
import httpx
import pytest
import segno

from matching.rules import VACANCY_TRANSITIONS, VacancyAction
from tests.conftest import (
    Agency,
    act,
    active_licence,
    bearer,
    create_user_direct,
    register_agency,
    run_task,
    token_for,
    unique,
)
from tests.factories_vacancies import (
    ACKNOWLEDGE_ALL,
    attache,
    draft,
    employer,
    licensed_agency,
    move,
    moved,
    user_with_role,
    vacancy_body,
    vacancy_in,
)

pytestmark = pytest.mark.asyncio

PROBLEM_JSON = "application/problem+json"
CODE_SHAPE = re.compile(r"^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$")


def problem(response: httpx.Response, status: int, field: str | None = None
            ) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM_JSON)
    body: dict[str, Any] = response.json()
    if field is not None:
        assert body["field"] == field, body
    return body


# --- the shared world --------------------------------------------------------------------


@dataclass
class World:
    regulator: dict[str, str]
    admin: dict[str, str]
    agency: Agency  # active licence for RU and KZ
    licence_id: int
    other: Agency  # another agency, also licensed for RU and KZ
    attache_ru: dict[str, str]
    attache_kz: dict[str, str]
    employer_ru: dict[str, Any]
    employer_kz: dict[str, Any]
    other_employer_ru: dict[str, Any]
    roles: dict[str, dict[str, str]]  # centre_staff, migrant, settlement_body


@pytest.fixture(scope="module")
async def world(app: Any, engines: dict[str, str]) -> AsyncIterator[World]:
    transport = httpx.ASGITransport(app=app, client=("10.252.1.1", 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://vetted.test") as c:
        conn = await asyncpg.connect(engines["database_url"])
        try:
            regulator = bearer(await token_for(c, await create_user_direct(conn, "regulator")))
            admin = bearer(await token_for(c, await create_user_direct(conn, "admin")))
        finally:
            await conn.close()
        agency, licence = await active_licence(c, regulator)
        other, _ = await active_licence(c, regulator)
        yield World(
            regulator=regulator, admin=admin, agency=agency, licence_id=licence["id"],
            other=other,
            attache_ru=await attache(c, admin, "RU"), attache_kz=await attache(c, admin, "KZ"),
            employer_ru=await employer(c, agency, "RU"),
            employer_kz=await employer(c, agency, "KZ", city="Almaty"),
            other_employer_ru=await employer(c, other, "RU"),
            roles={role: await user_with_role(c, admin, role)
                   for role in ("centre_staff", "migrant", "settlement_body")},
        )


async def in_state(client: httpx.AsyncClient, world: World, state: str, **over: Any
                   ) -> dict[str, Any]:
    return await vacancy_in(client, state, agency=world.agency,
                            attache_headers=world.attache_ru,
                            employer_id=world.employer_ru["id"], **over)


async def count_vacancies(db: asyncpg.Connection, agency_id: int) -> int:
    count: int = await db.fetchval("SELECT count(*) FROM vacancy WHERE agency_id = $1",
                                   agency_id)
    return count


# --- employers -----------------------------------------------------------------------------


async def test_agency_registers_employers_and_sees_only_its_own(client, world):
    mine = await employer(client, world.agency, "RU")
    assert mine["status"] == "unverified"
    assert mine["agency_id"] == world.agency.id
    assert mine["watchlisted"] is False

    again = await client.post("/employers", headers=world.agency.headers, json={
        "name": "Another name", "country": "RU", "city": "Kazan",
        "registration_number": mine["registration_number"]})
    assert "already registered" in problem(again, 409)["detail"]

    own = {e["id"] for e in (await client.get("/employers", headers=world.agency.headers)
                             ).json()}
    assert mine["id"] in own
    assert world.other_employer_ru["id"] not in own

    ru = {e["id"] for e in (await client.get("/employers", headers=world.attache_ru)).json()}
    assert {mine["id"], world.other_employer_ru["id"]} <= ru
    assert world.employer_kz["id"] not in ru

    everything = {e["id"] for e in (await client.get("/employers", headers=world.regulator)
                                    ).json()}
    assert {mine["id"], world.employer_kz["id"], world.other_employer_ru["id"]} <= everything

    unverified = await client.get("/employers", params={"status": "unverified"},
                                  headers=world.agency.headers)
    assert all(e["status"] == "unverified" for e in unverified.json())
    problem(await client.get("/employers", params={"status": "approved"},
                             headers=world.agency.headers), 422, "status")


async def test_employer_input_is_checked_field_by_field(client, world, db):
    before = await db.fetchval("SELECT count(*) FROM employer")
    cases = [
        ({"country": "XX"}, "country"),
        ({"name": "A"}, "name"),
        ({"city": ""}, "city"),
        ({"registration_number": ""}, "registration_number"),
        ({"extra": 1}, "extra"),
    ]
    for change, field in cases:
        body = {"name": "Good Name", "country": "RU", "city": "Kazan",
                "registration_number": unique(), **change}
        problem(await client.post("/employers", headers=world.agency.headers, json=body),
                422, field)
    assert await db.fetchval("SELECT count(*) FROM employer") == before


async def test_an_attache_of_the_employers_country_verifies_or_rejects_it(client, world):
    target = await employer(client, world.agency, "RU")
    url = f"/employers/{target['id']}/verification"

    problem(await client.post(url, headers=world.attache_kz, json={"verified": True}), 404)
    problem(await client.post(url, headers=world.agency.headers, json={"verified": True}), 403)
    problem(await client.post(url, headers=world.regulator, json={"verified": True}), 403)
    problem(await client.post(url, headers=world.attache_ru, json={"verified": False}),
            422, "reason")
    problem(await client.post(url, headers=world.attache_ru, json={"verified": "maybe"}),
            422, "verified")
    problem(await client.post("/employers/999999999/verification", headers=world.attache_ru,
                              json={"verified": True}), 404)

    rejected = await client.post(url, headers=world.attache_ru,
                                 json={"verified": False, "reason": "no such company found"})
    assert rejected.status_code == 200, rejected.text
    assert (rejected.json()["status"], rejected.json()["status_reason"]) == \
        ("rejected", "no such company found")
    verified = await client.post(url, headers=world.attache_ru, json={"verified": True})
    assert verified.json()["status"] == "verified"


# --- drafting and editing --------------------------------------------------------------


async def test_an_agency_drafts_a_vacancy(client, world):
    vacancy = await draft(client, world.agency, world.employer_ru["id"],
                          wage={"amount": "500", "currency": "RUB", "period": "hour"},
                          hours_per_week="40")
    assert vacancy["status"] == "draft"
    assert vacancy["agency_id"] == world.agency.id
    assert vacancy["employer_name"] == world.employer_ru["name"]
    assert vacancy["allowed_actions"] == ["submit", "close"]
    assert vacancy["verification_code"] is None
    assert vacancy["red_flags"] == []
    assert vacancy["version"] == 1
    # 500 an hour, 40 hours a week, 52 weeks in 12 months.
    assert vacancy["wage_monthly"] == "86666.67"


async def test_a_yen_fraction_is_refused_when_typed_but_one_kept_from_before_still_reads(
        client, world, db):
    """Whole units are asked of yen since they were checked; a vacancy kept from before,
    with a fraction of a yen, must still open rather than fail."""
    refused = await client.post("/vacancies", headers=world.agency.headers, json={
        **vacancy_body(world.employer_ru["id"]),
        "wage": {"amount": "350000.5", "currency": "JPY", "period": "month"}})
    assert refused.status_code == 422 and "wage.amount" in refused.text, refused.text
    vacancy = await draft(client, world.agency, world.employer_ru["id"])
    await db.execute("UPDATE vacancy SET wage_currency = 'JPY', wage_amount = 350000.50, "
                     "worker_fee_amount = 10.50, worker_fee_currency = 'JPY' WHERE id = $1",
                     vacancy["id"])
    kept = await client.get(f"/vacancies/{vacancy['id']}", headers=world.agency.headers)
    assert kept.status_code == 200, kept.text
    assert (kept.json()["wage"]["amount"], kept.json()["worker_fee"]["amount"]) == (
        "350000.50", "10.50")


async def test_the_employer_must_be_the_agencys_and_in_the_vacancys_country(client, world, db):
    before = await count_vacancies(db, world.agency.id)
    other = await client.post("/vacancies", headers=world.agency.headers,
                              json=vacancy_body(world.other_employer_ru["id"]))
    assert "not one of the agency's" in problem(other, 422, "employer_id")["detail"]
    elsewhere = await client.post("/vacancies", headers=world.agency.headers,
                                  json=vacancy_body(world.employer_kz["id"], country="RU"))
    assert "registered in KZ" in problem(elsewhere, 422, "country")["detail"]
    assert await count_vacancies(db, world.agency.id) == before


BAD_VACANCIES = [
    ({"wage": {"amount": "-5", "currency": "RUB", "period": "month"}}, "wage.amount"),
    ({"wage": {"amount": "100.001", "currency": "RUB", "period": "month"}}, "wage.amount"),
    ({"wage": {"amount": "99999999999999.99", "currency": "RUB", "period": "hour"}},
     "wage.amount"),
    ({"wage": {"amount": "100", "currency": "ABC", "period": "month"}}, "wage.currency"),
    ({"wage": {"amount": "100", "currency": "RUB", "period": "day"}}, "wage.period"),
    ({"title": "  "}, "title"),
    ({"country": "XX"}, "country"),
    ({"hours_per_week": "0"}, "hours_per_week"),
    ({"hours_per_week": "101"}, "hours_per_week"),
    ({"languages": [{"code": "ru", "level": "B1"}, {"code": "RU", "level": "A1"}]},
     "languages"),
    ({"languages": [{"code": "xx", "level": "B1"}]}, "languages[0].code"),
    ({"skills": [""]}, "skills[0]"),
    ({"housing": "maybe"}, "housing"),
    ({"contract_months": 0}, "contract_months"),
    ({"positions": 100_001}, "positions"),
    ({"worker_fee": {"amount": "-1", "currency": "RUB"}}, "worker_fee.amount"),
    ({"closing_date": "2001-01-01"}, "closing_date"),
    ({"closing_date": "tomorrow"}, "closing_date"),
    ({"employer_id": 0}, "employer_id"),
    ({"employer_id": 2**63}, "employer_id"),
    ({"salary": "a lot"}, "salary"),
    ({"occupation_code": "9999"}, "occupation_code"),
    ({"occupation_code": "welder"}, "occupation_code"),
    ({"occupation": None}, "occupation"),
]


@pytest.mark.parametrize(("change", "field"), BAD_VACANCIES,
                         ids=[f for _, f in BAD_VACANCIES])
async def test_bad_vacancy_input_names_the_field_and_writes_nothing(
    client, world, db, change, field
):
    body = {**vacancy_body(world.employer_ru["id"]), **change}
    before = await count_vacancies(db, world.agency.id)
    response = await client.post("/vacancies", headers=world.agency.headers, json=body)
    problem(response, 422, field)
    assert await count_vacancies(db, world.agency.id) == before

    existing = await draft(client, world.agency, world.employer_ru["id"])
    response = await client.put(f"/vacancies/{existing['id']}", headers=world.agency.headers,
                                json=body)
    problem(response, 422, field)
    row = await db.fetchrow("SELECT version, title FROM vacancy WHERE id = $1", existing["id"])
    assert (row["version"], row["title"]) == (1, existing["title"])


OCCUPATIONS = [
    # (sent, the code stored, the agency's words as stored)
    ({"occupation": "сварщик НАКС 5 разряда"}, "7212", "сварщик НАКС 5 разряда"),
    ({"occupation": "Oshpaz"}, "5120", "Oshpaz"),
    ({"occupation": "lighthouse keeper"}, None, "lighthouse keeper"),
    # A code chosen from the list wins over words that name another occupation.
    ({"occupation": "повар", "occupation_code": "7212"}, "7212", "повар"),
    ({"occupation": None, "occupation_code": " isco:7212 "}, "7212", "welder"),
    ({"occupation_code": "9112.01"}, "9112.01", "concrete worker"),
    ({"occupation": None, "occupation_code": "9112.01"}, "9112.01", "hotel housekeeper"),
    ({"occupation": None, "occupation_code": "7212", "title": "Сварщик на стройку",
      "description": "Сварка металлоконструкций на стройплощадке."}, "7212", "сварщик"),
    ({"occupation": "7212"}, "7212", "welder"),
]


@pytest.mark.parametrize(("sent", "code", "words"), OCCUPATIONS,
                         ids=[w for _, _, w in OCCUPATIONS])
async def test_a_vacancy_carries_the_code_chosen_or_the_one_its_words_name(
    client, world, db, sent, code, words
):
    vacancy = await draft(client, world.agency, world.employer_ru["id"], **sent)
    assert (vacancy["occupation_code"], vacancy["occupation"]) == (code, words)
    assert vacancy["occupation_name"] == (
        {"7212": "welder", "5120": "cook", "9112.01": "hotel housekeeper"}.get(code or ""))
    assert await db.fetchval("SELECT occupation_code FROM vacancy WHERE id = $1",
                             vacancy["id"]) == code


async def test_an_edit_changes_the_occupation_and_an_unknown_code_is_refused(client, world, db):
    vacancy = await draft(client, world.agency, world.employer_ru["id"], occupation="welder")
    assert vacancy["occupation_code"] == "7212"
    url = f"/vacancies/{vacancy['id']}"
    body = vacancy_body(world.employer_ru["id"], occupation="welder", occupation_code="7411")
    edited = await client.put(url, headers=world.agency.headers, json=body)
    assert edited.status_code == 200, edited.text
    assert (edited.json()["occupation_code"], edited.json()["occupation_name"]) == \
        ("7411", "electrician")

    refused = await client.put(url, headers=world.agency.headers,
                               json={**body, "occupation_code": "7999"})
    answer = problem(refused, 422, "occupation_code")
    assert answer["code"] == "unknown_occupation"
    assert answer["params"] == {"occupation_code": "7999"}
    assert "'7999' is not a code of the list of occupations" in answer["detail"]
    missing = problem(await client.put(url, headers=world.agency.headers,
                                       json={**body, "occupation": None,
                                             "occupation_code": None}), 422, "occupation")
    assert missing["code"] == "occupation_missing"
    assert await db.fetchval("SELECT occupation_code FROM vacancy WHERE id = $1",
                             vacancy["id"]) == "7411"


async def test_a_reference_is_used_once_per_agency(client, world):
    ref = unique("REF-")
    first = await draft(client, world.agency, world.employer_ru["id"], external_ref=ref)
    again = await client.post("/vacancies", headers=world.agency.headers,
                              json=vacancy_body(world.employer_ru["id"], external_ref=ref))
    assert str(first["id"]) in problem(again, 422, "external_ref")["detail"]
    second = await draft(client, world.agency, world.employer_ru["id"])
    clash = await client.put(f"/vacancies/{second['id']}", headers=world.agency.headers,
                             json=vacancy_body(world.employer_ru["id"], external_ref=ref))
    problem(clash, 422, "external_ref")
    # Another agency may use the same reference.
    theirs = await draft(client, world.other, world.other_employer_ru["id"], external_ref=ref)
    assert theirs["external_ref"] == ref
    # Keeping one's own reference on an edit is fine.
    same = await client.put(f"/vacancies/{first['id']}", headers=world.agency.headers,
                            json=vacancy_body(world.employer_ru["id"], external_ref=ref))
    assert same.status_code == 200, same.text


async def test_only_the_agency_edits_only_a_draft(client, world):
    vacancy = await draft(client, world.agency, world.employer_ru["id"])
    url = f"/vacancies/{vacancy['id']}"
    changed = vacancy_body(world.employer_ru["id"], title="Senior concrete worker " + unique())
    problem(await client.put(url, headers=world.other.headers, json=changed), 404)
    problem(await client.put(url, headers=world.attache_ru, json=changed), 403)
    problem(await client.put(url, headers=world.regulator, json=changed), 403)
    problem(await client.put(url, json=changed), 401)
    problem(await client.put("/vacancies/999999999", headers=world.agency.headers,
                             json=changed), 404)

    edited = await client.put(url, headers=world.agency.headers, json=changed)
    assert edited.status_code == 200, edited.text
    assert edited.json()["title"] == changed["title"]
    assert edited.json()["version"] == 2

    await moved(client, world.agency.headers, vacancy["id"], "submit")
    late = await client.put(url, headers=world.agency.headers, json=changed)
    assert "only a draft can be edited" in problem(late, 409)["detail"]


# --- posting rules: the agency's licence -------------------------------------------------


async def test_an_unlicensed_agency_drafts_but_cannot_submit(client, world):
    agency = await register_agency(client)
    boss = await employer(client, agency, "RU")
    vacancy = await draft(client, agency, boss["id"])
    refused = await move(client, agency.headers, vacancy["id"], "submit")
    assert "holds no licence" in problem(refused, 409)["detail"]

    applied = await client.post(
        f"/agencies/{agency.id}/licences", headers=agency.headers,
        json={"countries": ["RU"], "deposit": {"amount": "1000.00", "currency": "KGS"}})
    assert applied.status_code == 201
    refused = await move(client, agency.headers, vacancy["id"], "submit")
    assert "not licensed yet" in problem(refused, 409)["detail"]
    assert (await client.get(f"/vacancies/{vacancy['id']}", headers=agency.headers)
            ).json()["status"] == "draft"


async def test_a_licence_must_cover_the_vacancys_country(client, world):
    boss = await employer(client, world.agency, "DE", city="Berlin")
    vacancy = await draft(client, world.agency, boss["id"], country="DE", city="Berlin",
                          wage={"amount": "2500", "currency": "EUR", "period": "month"})
    refused = await move(client, world.agency.headers, vacancy["id"], "submit")
    assert "does not cover DE" in problem(refused, 409)["detail"]


async def test_a_suspended_agency_cannot_publish_until_reinstated(client, world):
    agency, licence = await active_licence(client, world.regulator)
    boss = await employer(client, agency, "RU")
    vacancy = await vacancy_in(client, "verified", agency=agency,
                               attache_headers=world.attache_ru, employer_id=boss["id"])
    other = await draft(client, agency, boss["id"])
    assert (await act(client, world.regulator, licence["id"], "suspend")).status_code == 200

    refused = await move(client, agency.headers, vacancy["id"], "publish")
    assert "the licence is suspended" in problem(refused, 409)["detail"]
    refused = await move(client, agency.headers, other["id"], "submit")
    assert "the licence is suspended" in problem(refused, 409)["detail"]
    # Its pages offered both steps all the same, to be refused when pressed.
    cookie = {"Cookie": f"vetted_session={agency.headers['Authorization'].split()[1]}"}
    page = await client.get(f"/agency/vacancies/{other['id']}", headers=cookie)
    assert 'value="submit"' not in page.text
    assert "cannot be submitted for verification while the agency's licence is " \
           "suspended" in page.text
    page = await client.get(f"/agency/vacancies/{vacancy['id']}", headers=cookie)
    assert 'value="publish"' not in page.text and 'id="hidden-by-licence"' in page.text

    assert (await act(client, world.regulator, licence["id"], "reinstate")).status_code == 200
    page = await client.get(f"/agency/vacancies/{other['id']}", headers=cookie)
    assert 'value="submit"' in page.text
    assert (await moved(client, agency.headers, vacancy["id"], "publish"))["status"] == \
        "published"


async def test_a_closing_date_that_passed_blocks_submission(client, world, db):
    vacancy = await draft(client, world.agency, world.employer_ru["id"])
    await db.execute("UPDATE vacancy SET closing_date = current_date - 1 WHERE id = $1",
                     vacancy["id"])
    refused = await move(client, world.agency.headers, vacancy["id"], "submit")
    problem(refused, 422, "closing_date")


# --- the lifecycle, table-driven ---------------------------------------------------------

# Written out by hand, so the table checks the code rather than repeating it.
LEGAL = {
    ("draft", "submit"): "submitted",
    ("draft", "close"): "closed",
    ("submitted", "verify"): "verified",
    ("submitted", "reject"): "rejected",
    ("submitted", "revise"): "draft",
    ("rejected", "revise"): "draft",
    ("verified", "publish"): "published",
    ("verified", "close"): "closed",
    ("published", "fill"): "filled",
    ("published", "close"): "closed",
}
ALLOWED = {
    "draft": ["submit", "close"], "submitted": ["verify", "reject", "revise"],
    "rejected": ["revise"],
    "verified": ["publish", "close"], "published": ["fill", "close"], "filled": [],
    "closed": [], "expired": [],
}
ACTOR = {"submit": "agency", "revise": "agency", "publish": "agency", "fill": "agency",
         "close": "agency", "expire": "agency", "verify": "attache", "reject": "attache"}
STATES = list(ALLOWED)


async def test_the_hand_written_table_matches_the_rules():
    by_person = {(s.value, a.value): t.value for (s, a), t in VACANCY_TRANSITIONS.items()
                 if a != VacancyAction.EXPIRE}
    assert by_person == LEGAL
    assert {s.value for (s, a) in VACANCY_TRANSITIONS if a == VacancyAction.EXPIRE} == \
        {"verified", "published"}


async def _vacancy_in_state(client, world, db, state):
    if state == "expired":
        vacancy = await in_state(client, world, "published")
        await db.execute("UPDATE vacancy SET status = 'expired' WHERE id = $1", vacancy["id"])
        return vacancy
    return await in_state(client, world, state)


@pytest.mark.parametrize("action", [a.value for a in VacancyAction])
@pytest.mark.parametrize("state", STATES)
async def test_every_transition(client, world, db, state, action):
    vacancy = await _vacancy_in_state(client, world, db, state)
    headers = world.agency.headers if ACTOR[action] == "agency" else world.attache_ru
    response = await move(client, headers, vacancy["id"], action)

    if (state, action) in LEGAL:
        assert response.status_code == 200, response.text
        body = response.json()
        target = LEGAL[(state, action)]
        assert body["status"] == target
        assert body["allowed_actions"] == ALLOWED[target]
        assert body["version"] > vacancy["version"]
        entry = await db.fetchrow(
            "SELECT from_state, to_state, actor_role FROM audit_entry WHERE entity_type = "
            "'vacancy' AND entity_id = $1 ORDER BY id DESC LIMIT 1", str(vacancy["id"]))
        assert (entry["from_state"], entry["to_state"]) == (state, target)
        assert entry["actor_role"] == ("agency_staff" if ACTOR[action] == "agency"
                                       else "attache")
        return

    if action == "expire":
        body = problem(response, 409)
        assert "on their own" in body["detail"]
    elif state == "draft" and ACTOR[action] == "attache":
        # Attachés never see drafts, so to them a draft does not exist.
        problem(response, 404)
    else:
        body = problem(response, 409, "action")
        assert body["allowed_actions"] == ALLOWED[state]
        assert body["current_status"] == state
        assert f"cannot {action} a vacancy that is {state}" in body["detail"]
        allowed = ", ".join(ALLOWED[state]) or "none (this state is final)"
        assert body["detail"].endswith(f"allowed from {state}: {allowed}")
    assert (await db.fetchval("SELECT status FROM vacancy WHERE id = $1", vacancy["id"])
            ) == state


WRONG_ACTORS = [
    # (state, who, action, status, words in the answer)
    ("submitted", "agency", "verify", 409, "only a labour attaché in RU can verify"),
    ("submitted", "agency", "reject", 409, "only a labour attaché in RU can reject"),
    ("submitted", "attache_kz", "verify", 404, "was not found"),
    ("submitted", "other", "verify", 404, "was not found"),
    ("draft", "other", "submit", 404, "was not found"),
    ("draft", "attache_ru", "submit", 404, "was not found"),
    ("verified", "attache_ru", "publish", 409, "only the posting agency can publish"),
    ("verified", "other", "publish", 404, "was not found"),
    # A published vacancy is the public's to read, not another agency's (or another
    # country's attaché's) to act on: answered as a record they cannot see.
    ("published", "other", "close", 404, "was not found"),
    ("published", "other", "fill", 404, "was not found"),
    ("published", "attache_kz", "close", 404, "was not found"),
    ("published", "attache_ru", "fill", 409, "only the posting agency can fill"),
    ("rejected", "attache_ru", "revise", 409, "only the posting agency can revise"),
    ("submitted", "regulator", "verify", 403, "roles"),
    ("submitted", "admin", "verify", 403, "roles"),
    ("submitted", "centre_staff", "verify", 403, "roles"),
    ("submitted", "migrant", "verify", 403, "roles"),
    ("submitted", "settlement_body", "reject", 403, "roles"),
    ("submitted", "anonymous", "verify", 401, "sign in"),
]


def _headers_of(world: World, who: str) -> dict[str, str]:
    return {
        "agency": world.agency.headers, "other": world.other.headers,
        "attache_ru": world.attache_ru, "attache_kz": world.attache_kz,
        "regulator": world.regulator, "admin": world.admin, "anonymous": {},
        **world.roles,
    }[who]


@pytest.mark.parametrize(("state", "who", "action", "status", "words"), WRONG_ACTORS,
                         ids=[f"{a} {s} as {w}" for s, w, a, _, _ in WRONG_ACTORS])
async def test_who_may_act(client, world, db, state, who, action, status, words):
    vacancy = await in_state(client, world, state)
    response = await move(client, _headers_of(world, who), vacancy["id"], action)
    assert words in problem(response, status)["detail"]
    assert await db.fetchval("SELECT status FROM vacancy WHERE id = $1",
                             vacancy["id"]) == state


async def test_another_agency_reads_a_vacancy_only_as_the_public_does(client, world):
    vacancy = await in_state(client, world, "published")
    url = f"/vacancies/{vacancy['id']}"
    own = (await client.get(url, headers=world.agency.headers)).json()
    public = (await client.get(url)).json()
    other = await client.get(url, headers=world.other.headers)
    assert other.status_code == 200 and other.json() == public
    assert own["allowed_actions"] and public["allowed_actions"] == []
    assert public["red_flags"] == [] and public["status_reason"] is None
    draft = await in_state(client, world, "draft")
    problem(await client.get(f"/vacancies/{draft['id']}", headers=world.other.headers), 404)


async def test_reasons_versions_and_bad_commands(client, world, db):
    vacancy = await in_state(client, world, "submitted")
    url = f"/vacancies/{vacancy['id']}/transitions"
    problem(await move(client, world.attache_ru, vacancy["id"], "reject", reason=None),
            422, "reason")
    problem(await move(client, world.attache_ru, vacancy["id"], "reject", reason="no"),
            422, "reason")
    problem(await client.post(url, headers=world.attache_ru, json={"action": "approve"}),
            422, "action")
    problem(await client.post(url, headers=world.attache_ru,
                              json={"action": "verify", "expected_version": 0}),
            422, "expected_version")
    stale = await move(client, world.attache_ru, vacancy["id"], "verify",
                       expected_version=vacancy["version"] - 1)
    assert "changed by someone else" in problem(stale, 409)["detail"]
    problem(await client.post("/vacancies/0/transitions", headers=world.attache_ru,
                              json={"action": "verify"}), 422, "vacancy_id")
    problem(await move(client, world.attache_ru, 999_999_999, "verify"), 404)
    assert await db.fetchval("SELECT status FROM vacancy WHERE id = $1",
                             vacancy["id"]) == "submitted"
    ok = await move(client, world.attache_ru, vacancy["id"], "verify",
                    expected_version=vacancy["version"])
    assert ok.status_code == 200, ok.text


async def test_a_rejected_vacancy_is_revised_edited_and_submitted_again(client, world):
    vacancy = await in_state(client, world, "rejected")
    assert vacancy["status_reason"] == "as agreed with the employer"
    revised = await moved(client, world.agency.headers, vacancy["id"], "revise")
    assert revised["status"] == "draft"
    edited = await client.put(f"/vacancies/{vacancy['id']}", headers=world.agency.headers,
                              json=vacancy_body(world.employer_ru["id"], title=vacancy["title"],
                                                hours_per_week="42"))
    assert edited.status_code == 200, edited.text
    assert (await moved(client, world.agency.headers, vacancy["id"], "submit"))["status"] == \
        "submitted"


# --- red flags -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
async def gulf(app: Any, world: World) -> AsyncIterator[tuple[Agency, dict[str, Any]]]:
    """An agency licensed for AE, QA and OM, with minimum wages set for AE and QA."""
    transport = httpx.ASGITransport(app=app, client=("10.252.1.2", 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://vetted.test") as c:
        for path, body in (
            ("/minimum-wages/AE/AED", {"monthly_amount": "3000.00"}),
            ("/minimum-wages/QA/QAR", {"monthly_amount": "1800.00", "max_weekly_hours": "44"}),
        ):
            response = await c.put(path, json=body, headers=world.regulator)
            assert response.status_code == 200, response.text
        agency, licence = await licensed_agency(c, world.regulator, ["AE", "QA", "OM"])
        yield agency, licence


def _gulf_vacancy(country: str = "AE", **over: Any) -> dict[str, Any]:
    currency = {"AE": "AED", "QA": "QAR", "OM": "OMR"}[country]
    body = {"country": country, "city": "Dubai",
            "wage": {"amount": "3000.00", "currency": currency, "period": "month"},
            "hours_per_week": "40"}
    for key, value in over.items():
        if key in ("amount", "period", "currency"):
            body["wage"] = {**body["wage"], key: value}
        else:
            body[key] = value
    return body


RED_FLAG_CASES = [
    pytest.param(_gulf_vacancy(), set(), id="clean"),
    pytest.param(_gulf_vacancy(amount="2999.99"), {"wage_below_minimum"}, id="monthly below"),
    # 15 an hour x 40 hours x 52/12 = 2600.00; 18 an hour = 3120.00.
    pytest.param(_gulf_vacancy(amount="15", period="hour"), {"wage_below_minimum"},
                 id="hourly below"),
    pytest.param(_gulf_vacancy(amount="18", period="hour"), set(), id="hourly above"),
    # 600 a week x 52/12 = 2600.00; 700 a week = 3033.33.
    pytest.param(_gulf_vacancy(amount="600", period="week"), {"wage_below_minimum"},
                 id="weekly below"),
    pytest.param(_gulf_vacancy(amount="700", period="week"), set(), id="weekly above"),
    pytest.param(_gulf_vacancy(currency="USD", amount="900"), {"minimum_wage_unknown"},
                 id="no minimum in this currency"),
    pytest.param(_gulf_vacancy("OM", city="Muscat"), {"minimum_wage_unknown"},
                 id="no minimum for the country"),
    pytest.param(_gulf_vacancy(worker_fee={"amount": "500.00", "currency": "AED"}),
                 {"worker_pays_fee"}, id="fee charged to the worker"),
    pytest.param(_gulf_vacancy(hours_per_week="50", amount="3200"), {"hours_over_limit"},
                 id="over the default 48 hours"),
    # The minimum is for the legal week: 50 hours earn at least 3000 x 50 / 48 = 3125.
    pytest.param(_gulf_vacancy(hours_per_week="50"), {"hours_over_limit", "wage_below_minimum"},
                 id="the minimum for 50 hours"),
    pytest.param(_gulf_vacancy(hours_per_week="61", amount="5000"), {"hours_over_limit"},
                 id="a week no law allows"),
    pytest.param(_gulf_vacancy("QA", city="Doha", amount="2000", hours_per_week="45"),
                 {"hours_over_limit"}, id="over the country's own 44 hours"),
    pytest.param(_gulf_vacancy("QA", city="Doha", amount="2000", hours_per_week="44"), set(),
                 id="at the country's limit"),
    pytest.param(_gulf_vacancy("OM", city="Muscat", hours_per_week="49"),
                 {"minimum_wage_unknown", "hours_over_limit"}, id="two flags at once"),
]


@pytest.mark.parametrize(("body", "codes"), RED_FLAG_CASES)
async def test_red_flags_at_submission(client, world, gulf, body, codes):
    agency, _ = gulf
    boss = await employer(client, agency, body["country"], city=body["city"])
    vacancy = await draft(client, agency, boss["id"], **body)
    assert vacancy["red_flags"] == []
    submitted = await moved(client, agency.headers, vacancy["id"], "submit")
    assert {f["code"] for f in submitted["red_flags"]} == codes
    assert all(f["message"] for f in submitted["red_flags"])
    # Shown on the vacancy to its agency and in the attaché's queue.
    again = await client.get(f"/vacancies/{vacancy['id']}", headers=agency.headers)
    assert again.json()["red_flags"] == submitted["red_flags"]
    if "wage_below_minimum" in codes:
        [flag] = [f for f in submitted["red_flags"] if f["code"] == "wage_below_minimum"]
        assert submitted["wage_monthly"] in flag["message"]
        assert "3000.00 AED" in flag["message"]


async def test_a_watchlisted_employer_is_flagged(client, world, gulf):
    agency, _ = gulf
    name = f"Desert Builders {unique()} LLC"
    boss = await employer(client, agency, "AE", city="Dubai", name=name)
    listed = await client.post("/watchlist/employers", headers=world.regulator, json={
        "name": name.upper().replace(" LLC", ""), "country": "AE",
        "reason": "passports withheld from workers"})
    assert listed.status_code == 201, listed.text

    listing = await client.get("/employers", headers=agency.headers)
    assert next(e for e in listing.json() if e["id"] == boss["id"])["watchlisted"] is True
    vacancy = await draft(client, agency, boss["id"], **_gulf_vacancy())
    submitted = await moved(client, agency.headers, vacancy["id"], "submit")
    assert [f["code"] for f in submitted["red_flags"]] == ["employer_watchlisted"]
    # No attaché may verify it: the agency takes it back rather than wait for a refusal.
    assert "revise" in submitted["allowed_actions"]
    withdrawn = await moved(client, agency.headers, vacancy["id"], "revise")
    assert withdrawn["status"] == "draft"


async def test_a_published_vacancy_of_an_employer_watchlisted_since_says_it_is_hidden(
        client, world, gulf):
    """Its agency's page said «Published: migrants can find it» while search hid it."""
    agency, _ = gulf
    name = f"Oasis Contracting {unique()}"
    boss = await employer(client, agency, "AE", city="Dubai", name=name)
    checker = await attache(client, world.admin, "AE")
    vacancy = await draft(client, agency, boss["id"], **_gulf_vacancy())
    for headers, action in ((agency.headers, "submit"), (checker, "verify"),
                            (agency.headers, "publish")):
        vacancy = await moved(client, headers, vacancy["id"], action)
    cookie = {"Cookie": f"vetted_session={agency.headers['Authorization'].split()[1]}"}
    page = await client.get(f"/agency/vacancies/{vacancy['id']}", headers=cookie)
    assert "Published: migrants" in page.text and 'id="hidden-by-flags"' not in page.text
    listed = await client.post("/watchlist/employers", headers=world.regulator, json={
        "name": name, "country": "AE", "reason": "wages unpaid for three months"})
    assert listed.status_code == 201, listed.text
    page = await client.get(f"/agency/vacancies/{vacancy['id']}", headers=cookie)
    assert 'id="hidden-by-flags"' in page.text and "Published: migrants" not in page.text
    # The flag's title is said once, not again as its text.
    assert "Employer on the watchlist</strong>" in page.text
    assert "Employer on the watchlist</strong>. Employer on the watchlist" not in page.text


async def test_a_near_duplicate_is_flagged_across_agencies(client, world, gulf):
    agency, _ = gulf
    other, _ = await licensed_agency(client, world.regulator, ["AE"])
    name = f"Palm Facilities {unique()}"
    title = f"Cleaner {unique()}"
    first = await draft(client, agency, (await employer(client, agency, "AE", name=name))["id"],
                        **_gulf_vacancy(title=title))
    first = await moved(client, agency.headers, first["id"], "submit")
    assert first["red_flags"] == []
    theirs = await employer(client, other, "AE", name=name.lower())
    second = await draft(client, other, theirs["id"],
                         **_gulf_vacancy(title=title.upper().replace(" ", "  "), city="DUBAI"))
    second = await moved(client, other.headers, second["id"], "submit")
    [flag] = second["red_flags"]
    assert flag["code"] == "near_duplicate"
    assert str(first["id"]) in flag["message"]


async def test_the_attaches_queue_shows_red_flags_of_its_country_only(client, world):
    flagged = await in_state(client, world, "submitted", hours_per_week="60")
    kz = await vacancy_in(client, "submitted", agency=world.agency,
                          attache_headers=world.attache_kz,
                          employer_id=world.employer_kz["id"], country="KZ", city="Almaty",
                          wage={"amount": "300000", "currency": "KZT", "period": "month"})
    mine = await draft(client, world.agency, world.employer_ru["id"])

    queue = await client.get("/vacancies", params={"status": "submitted", "limit": 1000},
                             headers=world.attache_ru)
    assert queue.status_code == 200
    found = {v["id"]: v for v in queue.json()}
    assert flagged["id"] in found
    assert "hours_over_limit" in {f["code"] for f in found[flagged["id"]]["red_flags"]}
    assert kz["id"] not in found
    assert all(v["status"] == "submitted" and v["country"] == "RU" for v in queue.json())
    # Drafts never reach an attaché, even when asked for.
    drafts = await client.get("/vacancies", params={"status": "draft"},
                              headers=world.attache_ru)
    assert drafts.json() == []
    everything = await client.get("/vacancies", params={"limit": 1000},
                                  headers=world.attache_ru)
    assert mine["id"] not in {v["id"] for v in everything.json()}


async def test_vacancy_lists_by_role(client, world):
    mine = await draft(client, world.agency, world.employer_ru["id"])
    theirs = await draft(client, world.other, world.other_employer_ru["id"])

    own = {v["id"] for v in (await client.get("/vacancies", params={"limit": 1000},
                                              headers=world.agency.headers)).json()}
    assert mine["id"] in own and theirs["id"] not in own
    other = {v["id"] for v in (await client.get("/vacancies", params={"limit": 1000},
                                                headers=world.other.headers)).json()}
    assert theirs["id"] in other and mine["id"] not in other
    drafts = await client.get("/vacancies", params=[("status", "draft"), ("limit", "1000")],
                              headers=world.regulator)
    assert {mine["id"], theirs["id"]} <= {v["id"] for v in drafts.json()}
    assert all(v["status"] == "draft" for v in drafts.json())
    problem(await client.get("/vacancies", params={"status": "launched"},
                             headers=world.regulator), 422, "status[0]")
    problem(await client.get("/vacancies", params={"limit": 0}, headers=world.regulator),
            422, "limit")
    problem(await client.get("/vacancies", headers=world.roles["centre_staff"]), 403)
    problem(await client.get("/vacancies"), 401)


# --- visibility ---------------------------------------------------------------------------


async def test_anonymous_users_see_only_published_vacancies_of_licensed_agencies(
    client, world, db
):
    agency, licence = await active_licence(client, world.regulator)
    boss = await employer(client, agency, "RU")
    hidden = {state: await vacancy_in(client, state, agency=agency,
                                      attache_headers=world.attache_ru, employer_id=boss["id"])
              for state in ("draft", "submitted", "rejected", "verified", "closed")}
    shown = await vacancy_in(client, "published", agency=agency,
                             attache_headers=world.attache_ru, employer_id=boss["id"])
    for state, vacancy in hidden.items():
        response = await client.get(f"/vacancies/{vacancy['id']}")
        assert problem(response, 404)["detail"] == f"vacancy {vacancy['id']} was not found", \
            state
    public = await client.get(f"/vacancies/{shown['id']}")
    assert public.status_code == 200, public.text
    assert public.json()["title"] == shown["title"]
    # Another agency's staff and a centre see the same as the public.
    problem(await client.get(f"/vacancies/{hidden['draft']['id']}",
                             headers=world.other.headers), 404)
    assert (await client.get(f"/vacancies/{shown['id']}",
                             headers=world.roles["centre_staff"])).status_code == 200

    suspended = await act(client, world.regulator, licence["id"], "suspend")
    assert suspended.status_code == 200
    problem(await client.get(f"/vacancies/{shown['id']}"), 404)
    problem(await client.get(f"/vacancies/{shown['id']}", headers=world.roles["migrant"]), 404)
    # Its own agency and the officials still see it.
    assert (await client.get(f"/vacancies/{shown['id']}", headers=agency.headers)
            ).status_code == 200
    assert (await client.get(f"/vacancies/{shown['id']}", headers=world.regulator)
            ).status_code == 200
    assert (await act(client, world.regulator, licence["id"], "reinstate")).status_code == 200
    assert (await client.get(f"/vacancies/{shown['id']}")).status_code == 200

    await db.execute("UPDATE vacancy SET closing_date = current_date - 1 WHERE id = $1",
                     shown["id"])
    problem(await client.get(f"/vacancies/{shown['id']}"), 404)


async def test_attaches_and_officials_see_vacancies_in_every_state_but_drafts(client, world):
    vacancies = {state: await in_state(client, world, state)
                 for state in ("draft", "submitted", "rejected", "verified")}
    for state, vacancy in vacancies.items():
        url = f"/vacancies/{vacancy['id']}"
        ru = await client.get(url, headers=world.attache_ru)
        assert ru.status_code == (404 if state == "draft" else 200), state
        problem(await client.get(url, headers=world.attache_kz), 404)
        assert (await client.get(url, headers=world.regulator)).status_code == 200
        assert (await client.get(url, headers=world.admin)).status_code == 200
        assert (await client.get(url, headers=world.agency.headers)).status_code == 200
    problem(await client.get("/vacancies/0"), 422, "vacancy_id")
    problem(await client.get("/vacancies/abc"), 422, "vacancy_id")


# --- the verification code and its QR -----------------------------------------------------


async def test_the_verification_code(client, world):
    agency, licence = await active_licence(client, world.regulator)
    boss = await employer(client, agency, "RU")
    vacancy = await vacancy_in(client, "verified", agency=agency,
                               attache_headers=world.attache_ru, employer_id=boss["id"])
    code = vacancy["verification_code"]
    assert CODE_SHAPE.match(code), code

    def check(typed: str) -> Awaitable[httpx.Response]:
        return client.get(f"/public/vacancies/verify/{typed}")

    waiting = (await check(code)).json()
    assert (waiting["verified"], waiting["open"], waiting["agency_licensed"]) == \
        (True, False, True)
    assert "not published it yet" in waiting["explanation"]

    await moved(client, agency.headers, vacancy["id"], "publish")
    # Read off paper and typed on a Russian keyboard: Cyrillic letters drawn like Latin.
    cyrillic = code.translate(str.maketrans("ABEKMHPCTYX3", "АВЕКМНРСТУХЗ"))
    for typed in (code, code.lower(), code.replace("-", ""), code.lower().replace("-", ""),
                  f"{code[:4]} {code[5:]}", cyrillic, cyrillic.lower()):
        response = await check(typed)
        assert response.status_code == 200, typed
        body = response.json()
        assert (body["code"], body["verified"], body["open"], body["agency_licensed"]) == \
            (code, True, True, True), typed
        assert body["explanation"] == "a verified, open vacancy of a licensed agency"
    terms = body["vacancy"]
    assert terms["title"] == vacancy["title"]
    assert terms["employer"] == boss["name"]
    assert terms["agency"] == agency.body["legal_name"]
    assert terms["licence_number"] == licence["number"]
    assert terms["wage"] == {"amount": "90000.00", "currency": "RUB", "period": "month"}
    assert terms["worker_fee"] is None
    assert (terms["occupation"], terms["occupation_code"]) == ("concrete worker", "7114")

    await act(client, world.regulator, licence["id"], "suspend")
    body = (await check(code)).json()
    assert (body["verified"], body["agency_licensed"]) == (True, False)
    assert "the licence is suspended" in body["explanation"]
    await act(client, world.regulator, licence["id"], "reinstate")
    assert (await check(code)).json()["agency_licensed"] is True

    await moved(client, agency.headers, vacancy["id"], "close")
    body = (await check(code)).json()
    assert (body["verified"], body["open"], body["agency_licensed"]) == (True, False, True)
    assert "no longer open (closed" in body["explanation"]


async def test_an_unknown_code_is_not_verified(client, world):
    for typed in ("ZZZZ-ZZZZ", "hello", "0000-0000", "ABCD-EFGH-JKLM"):
        body = (await client.get(f"/public/vacancies/verify/{typed}")).json()
        assert body["verified"] is False, typed
        assert body["vacancy"] is None
        assert "migrant resource centre" in body["explanation"]
    problem(await client.get("/public/vacancies/verify/" + "A" * 33), 422, "code")


async def test_a_drafts_or_submitted_vacancy_has_no_code(client, world):
    for state in ("draft", "submitted", "rejected"):
        assert (await in_state(client, world, state))["verification_code"] is None


async def test_the_code_check_is_rate_limited_per_client(client, world):
    # The tests allow 30 lookups a minute (LOOKUP_RATE_LIMIT).
    for _ in range(30):
        assert (await client.get("/public/vacancies/verify/ZZZZ-ZZZZ")).status_code == 200
    limited = await client.get("/public/vacancies/verify/ZZZZ-ZZZZ")
    problem(limited, 429)
    assert int(limited.headers["Retry-After"]) >= 1


PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def png_modules(data: bytes) -> list[list[bool]]:
    """The dark/light modules of a 1-bit greyscale QR PNG (as segno writes it)."""
    assert data[:8] == PNG_MAGIC
    pos, idat, header = 8, b"", b""
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        assert zlib.crc32(kind + chunk) == struct.unpack(">I", data[pos + 8 + length:
                                                                     pos + 12 + length])[0]
        if kind == b"IHDR":
            header = chunk
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    width, height, depth, colour = struct.unpack(">IIBB", header[:10])
    assert (depth, colour) == (1, 0)
    raw, stride = zlib.decompress(idat), (width + 7) // 8
    dark, prior = [], bytes(stride)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:
                                                         (y + 1) * (stride + 1)])
        for i in range(stride):  # undo the scanline filter (one byte per pixel group)
            a, b = line[i - 1] if i else 0, prior[i]
            c = prior[i - 1] if i else 0
            if kind == 1:
                line[i] = (line[i] + a) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + b) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (a + b) // 2) & 0xFF
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)
                           ) & 0xFF
        prior = bytes(line)
        dark.append([not (line[x // 8] >> (7 - x % 8)) & 1 for x in range(width)])
    start = next(y for y in range(height) if any(dark[y]))
    left = dark[start].index(True)
    run = next(i for i in range(left, width) if not dark[start][i]) - left
    scale = run // 7  # the finder pattern is 7 modules wide
    size = (width - 2 * left) // scale
    return [[dark[start + r * scale + scale // 2][left + c * scale + scale // 2]
             for c in range(size)] for r in range(size)]


async def test_the_qr_code_encodes_the_verify_page(client, world):
    vacancy = await in_state(client, world, "published")
    code = vacancy["verification_code"]
    response = await client.get(f"/public/vacancies/verify/{code.lower().replace('-', '')}"
                                "/qr.png")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "image/png"
    assert response.content.startswith(PNG_MAGIC)

    url = f"http://vetted.test/public/vacancies/verify/{code}"
    modules = png_modules(response.content)
    expected = [[[bool(m) for m in row] for row in segno.make(url, error=level,
                                                              micro=False).matrix]
                for level in "LMQH"]
    assert modules in expected
    # The URL it encodes answers for the vacancy.
    assert (await client.get(url)).json()["verified"] is True


async def test_no_qr_code_for_a_code_that_is_not_verified(client, world):
    for typed in ("ZZZZ-ZZZZ", "nothing"):
        response = await client.get(f"/public/vacancies/verify/{typed}/qr.png")
        assert "no verified vacancy" in problem(response, 404)["detail"]


# --- expiry by the worker ---------------------------------------------------------------


async def test_the_worker_expires_vacancies_past_their_closing_date(client, world, db):
    from matching import tasks

    published = await in_state(client, world, "published")
    verified = await in_state(client, world, "verified")
    waiting = await in_state(client, world, "submitted")
    current = await in_state(client, world, "published")
    ids = [published["id"], verified["id"], waiting["id"], current["id"]]
    await db.execute("UPDATE vacancy SET closing_date = current_date - 1 WHERE id = ANY($1)",
                     ids[:3])

    expired = await run_task(tasks.expire_vacancies)

    assert {published["id"], verified["id"]} <= set(expired)
    assert not {waiting["id"], current["id"]} & set(expired)
    statuses = dict(await db.fetch("SELECT id, status FROM vacancy WHERE id = ANY($1)", ids))
    assert statuses == {published["id"]: "expired", verified["id"]: "expired",
                        waiting["id"]: "submitted", current["id"]: "published"}
    entry = await db.fetchrow(
        "SELECT actor_role, from_state, to_state, reason FROM audit_entry "
        "WHERE entity_type = 'vacancy' AND entity_id = $1 AND action = 'expire'",
        str(published["id"]))
    assert (entry["actor_role"], entry["from_state"], entry["to_state"]) == \
        ("system", "published", "expired")
    assert "closing date" in entry["reason"]
    # Nothing more to do the second time.
    assert not set(ids) & set(await run_task(tasks.expire_vacancies))
    body = (await client.get(f"/public/vacancies/verify/{published['verification_code']}")
            ).json()
    assert (body["verified"], body["open"]) == (True, False)
    assert "expired" in body["explanation"]


# --- minimum wages and the watchlist ------------------------------------------------------


async def test_the_regulator_keeps_the_minimum_wage_table(client, world, db):
    country = "MN"
    put = await client.put(f"/minimum-wages/{country.lower()}/mnt", headers=world.regulator,
                           json={"monthly_amount": "660000.00", "max_weekly_hours": "40"})
    assert put.status_code == 200, put.text
    assert put.json()["country"] == "MN" and put.json()["currency"] == "MNT"
    again = await client.put("/minimum-wages/MN/MNT", headers=world.regulator,
                             json={"monthly_amount": "700000.00"})
    assert again.json()["monthly_amount"] == "700000.00"
    assert again.json()["max_weekly_hours"] == "48.00"
    listed = await client.get("/minimum-wages", headers=world.agency.headers)
    [row] = [r for r in listed.json() if r["country"] == "MN"]
    assert row["monthly_amount"] == "700000.00"
    entry = await db.fetchrow(
        "SELECT data FROM audit_entry WHERE entity_type = 'minimum_wage' AND entity_id = "
        "'MN:MNT' ORDER BY id DESC LIMIT 1")
    assert entry["data"]["before"]["monthly_amount"] == "660000.00"


@pytest.mark.parametrize(("path", "body", "field"), [
    ("/minimum-wages/XX/RUB", {"monthly_amount": "1"}, "country"),
    ("/minimum-wages/RUS/RUB", {"monthly_amount": "1"}, "country"),
    ("/minimum-wages/RU/ABC", {"monthly_amount": "1"}, "currency"),
    ("/minimum-wages/RU/RU", {"monthly_amount": "1"}, "currency"),
    ("/minimum-wages/RU/RUB", {"monthly_amount": "0"}, "monthly_amount"),
    ("/minimum-wages/RU/RUB", {"monthly_amount": "abc"}, "monthly_amount"),
    ("/minimum-wages/RU/RUB", {"monthly_amount": "1", "max_weekly_hours": "169"},
     "max_weekly_hours"),
    ("/minimum-wages/RU/RUB", {}, "monthly_amount"),
])
async def test_bad_minimum_wages_name_the_field(client, world, db, path, body, field):
    before = await db.fetch("SELECT * FROM minimum_wage ORDER BY country, currency")
    problem(await client.put(path, headers=world.regulator, json=body), 422, field)
    assert await db.fetch("SELECT * FROM minimum_wage ORDER BY country, currency") == before


async def test_the_regulator_keeps_the_employer_watchlist(client, world):
    name = f"Shady Works {unique()}"
    listed = await client.post("/watchlist/employers", headers=world.regulator, json={
        "name": name, "country": "RU", "registration_number": unique("R"),
        "reason": "wages unpaid for months", "listed_until": str(date.today()
                                                                + timedelta(days=365))})
    assert listed.status_code == 201, listed.text
    everyone = await client.get("/watchlist/employers", headers=world.admin)
    assert name in {e["name"] for e in everyone.json()}
    for body, field in (({"country": "XX"}, "country"), ({"reason": ""}, "reason"),
                        ({"name": ""}, "name"), ({"listed_until": "soon"}, "listed_until")):
        bad = {"name": name, "country": "RU", "reason": "wages unpaid", **body}
        problem(await client.post("/watchlist/employers", headers=world.regulator, json=bad),
                422, field)
    # A listing already over was «added» and did nothing; a second listing of the same
    # employer (spelt otherwise) made two rows of one.
    ended = {"name": f"Other Works {unique()}", "country": "RU", "reason": "wages unpaid",
             "listed_until": str(date.today() - timedelta(days=1))}
    refused = problem(await client.post("/watchlist/employers", headers=world.regulator,
                                        json=ended), 422, "listed_until")
    assert refused["code"] == "watchlist.until_past"
    again = await client.post("/watchlist/employers", headers=world.regulator, json={
        "name": name.upper() + " LLC", "country": "RU", "reason": "wages unpaid"})
    twice = problem(again, 409, "name")
    assert twice["code"] == "watchlist.already_listed_until" and name in twice["detail"]
    everyone = await client.get("/watchlist/employers", headers=world.admin)
    assert [e["name"] for e in everyone.json()].count(name) == 1


# --- who may call each new endpoint ----------------------------------------------------------

ROLES = ("anonymous", "regulator", "admin", "agency", "other", "attache_ru", "attache_kz",
         "centre_staff", "migrant", "settlement_body")
SIGNED_IN = ROLES[1:]
READERS = ("regulator", "admin", "agency", "other", "attache_ru", "attache_kz")
OFFICIALS = ("regulator", "admin")


def expect(ok: int, allowed: tuple[str, ...], **special: int) -> dict[str, int]:
    """`ok` for the allowed roles, 403 for other signed-in roles, 401 for anonymous."""
    table = {role: 403 for role in SIGNED_IN} | {"anonymous": 401}
    return table | {role: ok for role in allowed} | special


def hidden_except(*seeing: str) -> dict[str, int]:
    """A vacancy seen by `seeing` (200) and absent (404) to everyone else."""
    return {role: 200 if role in seeing else 404 for role in ROLES}


Setup = Callable[[httpx.AsyncClient, World], Awaitable[dict[str, Any]]]


async def _nothing(client: httpx.AsyncClient, world: World) -> dict[str, Any]:
    return {}


async def _employer(client: httpx.AsyncClient, world: World) -> dict[str, Any]:
    employer_id = (await employer(client, world.agency, "RU"))["id"]
    return {"employer_id": employer_id, "id": employer_id}


def _vacancy(state: str) -> Setup:
    async def setup(client: httpx.AsyncClient, world: World) -> dict[str, Any]:
        vacancy = await in_state(client, world, state)
        return {"vacancy_id": vacancy["id"], "id": vacancy["id"],
                "code": vacancy["verification_code"]}
    return setup


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: str
    expected: dict[str, int]
    setup: Setup = _nothing
    json: Callable[[World, str], Any] | None = None


def _employer_json(world: World, role: str) -> dict[str, Any]:
    return {"name": f"Employer {unique()}", "country": "RU", "city": "Omsk",
            "registration_number": unique()}


def _vacancy_json(world: World, role: str) -> dict[str, Any]:
    # Each agency posts for its own employer.
    return vacancy_body((world.other_employer_ru if role == "other" else world.employer_ru)["id"])


ENDPOINTS = [
    Endpoint("POST", "/employers", expect(201, ("agency", "other")), json=_employer_json),
    Endpoint("GET", "/employers", expect(200, READERS)),
    Endpoint("POST", "/employers/{employer_id}/verification",
             expect(200, ("attache_ru",), attache_kz=404), _employer,
             json=lambda w, r: {"verified": True}),
    Endpoint("POST", "/vacancies", expect(201, ("agency", "other")), json=_vacancy_json),
    Endpoint("PUT", "/vacancies/{vacancy_id}", expect(200, ("agency",), other=404),
             _vacancy("draft"), json=lambda w, r: vacancy_body(w.employer_ru["id"])),
    Endpoint("GET", "/vacancies", expect(200, READERS)),
    Endpoint("GET", "/vacancies/{vacancy_id}", hidden_except(*OFFICIALS, "agency"),
             _vacancy("draft")),
    Endpoint("GET", "/vacancies/{vacancy_id}", hidden_except(*OFFICIALS, "agency", "attache_ru"),
             _vacancy("submitted")),
    Endpoint("GET", "/vacancies/{vacancy_id}", hidden_except(*ROLES), _vacancy("published")),
    Endpoint("POST", "/vacancies/{vacancy_id}/transitions",
             expect(200, ("agency",), other=404, attache_ru=409, attache_kz=404),
             _vacancy("published"), json=lambda w, r: {"action": "close", "reason": "filled"}),
    Endpoint("POST", "/vacancies/checks", expect(200, ("agency", "other")),
             json=_vacancy_json),
    Endpoint("GET", "/vacancies/{vacancy_id}/red-flags",
             expect(200, (*OFFICIALS, "agency"), other=404, attache_ru=404, attache_kz=404),
             _vacancy("draft")),
    Endpoint("GET", "/vacancies/{vacancy_id}/red-flags",
             expect(200, (*OFFICIALS, "agency", "attache_ru"), other=404, attache_kz=404),
             _vacancy("submitted")),
    Endpoint("POST", "/vacancies/{vacancy_id}/transitions",
             expect(200, ("agency",), other=404, attache_ru=404, attache_kz=404),
             _vacancy("draft"), json=lambda w, r: {"action": "submit"}),
    Endpoint("POST", "/vacancies/{vacancy_id}/transitions",
             expect(200, ("attache_ru",), other=404, attache_kz=404, agency=409),
             _vacancy("submitted"), json=lambda w, r: {"action": "verify",
                                                       "acknowledgements": ACKNOWLEDGE_ALL}),
    Endpoint("GET", "/public/vacancies/verify/{code}", expect(200, ROLES),
             _vacancy("verified")),
    Endpoint("GET", "/public/vacancies/verify/{code}/qr.png", expect(200, ROLES),
             _vacancy("verified")),
    Endpoint("PUT", "/minimum-wages/{country}/{currency}", expect(200, OFFICIALS),
             json=lambda w, r: {"monthly_amount": "1200.00"}),
    Endpoint("GET", "/minimum-wages", expect(200, SIGNED_IN)),
    Endpoint("PUT", "/worker-fee-rules/{country}", expect(200, OFFICIALS),
             json=lambda w, r: {"fees_banned": True, "reason": "the law bars recruitment fees"}),
    Endpoint("GET", "/worker-fee-rules", expect(200, SIGNED_IN)),
    Endpoint("POST", "/watchlist/employers", expect(201, OFFICIALS),
             json=lambda w, r: {"name": f"Listed {unique()}", "country": "RU",
                                "reason": "complaints from workers"}),
    Endpoint("GET", "/watchlist/employers", expect(200, OFFICIALS)),
]

ACCESS_CASES = [
    pytest.param(endpoint, role, id=f"{endpoint.method} {endpoint.path} #{i} as {role}")
    for i, endpoint in enumerate(ENDPOINTS)
    for role in ROLES
]


async def test_the_access_table_covers_every_new_route():
    from api.routers import vacancies

    routes = {(method, route.path) for route in vacancies.router.routes
              for method in getattr(route, "methods", ())}
    assert routes == {(e.method, e.path) for e in ENDPOINTS}


@pytest.mark.parametrize(("endpoint", "role"), ACCESS_CASES)
async def test_access(client, world, endpoint, role):
    target = {"country": "TM", "currency": "TMT", **await endpoint.setup(client, world)}
    response = await client.request(
        endpoint.method, endpoint.path.format(**target), headers=_headers_of(world, role),
        json=endpoint.json(world, role) if endpoint.json else None,
    )
    status = endpoint.expected[role]
    if status >= 400:
        body = problem(response, status)
        if status == 404:  # another's record reads exactly like a missing one
            assert body["detail"].endswith(f" {target['id']} was not found")
    else:
        assert response.status_code == status, response.text
        assert not response.headers["content-type"].startswith(PROBLEM_JSON)


def test_a_code_typed_with_cyrillic_look_alikes_is_the_code_printed() -> None:
    from matching.vacancies import normalise_code

    assert normalise_code("73vТ-вZ9Р") == "73VTBZ9P"
    assert normalise_code(" КСТ7 – GСV9 ") == "KCT7GCV9"
    assert normalise_code("ЗЗ") == "33"
