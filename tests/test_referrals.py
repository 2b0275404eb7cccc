"""Referrals of pre-screened migrants to open vacancies, moved by the posting agency up to a
verified placement; who sees what; every illegal move refused; against the real database."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from typing import Any

import asyncpg
import httpx
import pytest

from core.db import UnitOfWork
from matching import referrals
from matching.rules import REFERRAL_TRANSITIONS, ReferralStatus, VacancyAction
from tests.factories_matching import (
    World,
    assert_problem,
    build_world,
    draft_vacancy,
    licence_action,
    licensed_agency,
    migrant_login,
    move_vacancy,
    prescreen,
    published_vacancy,
    ready_migrant,
    register_migrant,
)

R = ReferralStatus
# What an agency sees of a migrant: the work, and the citizenship a work permit is asked
# for; no passport, no contacts.
SUMMARY_KEYS = {"id", "full_name", "occupation", "skills", "experience_years", "languages",
                "citizenship"}
# How to bring a referral to each state from referred.
PATHS: dict[ReferralStatus, list[ReferralStatus]] = {
    R.REFERRED: [],
    R.INTERVIEWED: [R.INTERVIEWED],
    R.OFFERED: [R.INTERVIEWED, R.OFFERED],
    R.CONTRACT_SIGNED: [R.INTERVIEWED, R.OFFERED, R.CONTRACT_SIGNED],
    R.DEPLOYED: [R.INTERVIEWED, R.OFFERED, R.CONTRACT_SIGNED, R.DEPLOYED],
    R.REJECTED: [R.REJECTED],
}


@pytest.fixture(scope="module")
async def world(app: Any) -> AsyncIterator[World]:
    async with build_world(app, "10.253.1.1") as w:
        yield w


@pytest.fixture(scope="module")
async def vacancy_x(world: World) -> int:
    """A published vacancy of agency X in RU."""
    return await published_vacancy(world, world.agency_x)


@pytest.fixture(scope="module")
async def vacancy_y(world: World) -> int:
    return await published_vacancy(world, world.agency_y)


async def refer(client: httpx.AsyncClient, headers: dict[str, str], migrant_id: int,
                vacancy_id: int) -> httpx.Response:
    return await client.post("/referrals", json={"migrant_id": migrant_id,
                                                 "vacancy_id": vacancy_id}, headers=headers)


async def referred(client: httpx.AsyncClient, world: World, vacancy_id: int, **over: Any
                   ) -> dict[str, Any]:
    migrant = await ready_migrant(client, world.centre_a, **over)
    response = await refer(client, world.centre_a.headers, migrant["id"], vacancy_id)
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


async def move(client: httpx.AsyncClient, headers: dict[str, str], referral_id: int,
               status: str, reason: str | None = None, **extra: Any) -> httpx.Response:
    body: dict[str, Any] = {"status": status, **extra}
    if reason is not None:
        body["reason"] = reason
    return await client.post(f"/referrals/{referral_id}/transitions", json=body,
                             headers=headers)


async def bring_to(client: httpx.AsyncClient, world: World, referral: dict[str, Any],
                   state: ReferralStatus) -> dict[str, Any]:
    for step in PATHS[state]:
        response = await move(client, world.agency_x.headers, referral["id"], step.value,
                              reason="did not come to the interview"
                              if step == R.REJECTED else None)
        assert response.status_code == 200, response.text
        referral = response.json()
    return referral


async def _audit(db: asyncpg.Connection, referral_id: int) -> list[dict[str, Any]]:
    rows = await db.fetch(
        "SELECT action, actor_role, agency_id, from_state, to_state, reason, data "
        "FROM audit_entry WHERE entity_type = 'referral' AND entity_id = $1 ORDER BY id",
        str(referral_id))
    return [dict(r) for r in rows]


async def _placements(world: World) -> tuple[int, dict[int, int]]:
    async with UnitOfWork(world.pool) as uow:
        return (await referrals.count_placements(uow, agency_id=world.agency_x.id),
                await referrals.placements_by_agency(uow))


# --- the whole way ----------------------------------------------------------------------


async def test_a_referral_goes_all_the_way_to_a_verified_placement(
    client: httpx.AsyncClient, world: World, vacancy_x: int, db: asyncpg.Connection
) -> None:
    placed_before, _ = await _placements(world)
    migrant, own = await migrant_login(client, world.centre_a)
    response = await refer(client, world.centre_a.headers, migrant["id"], vacancy_x)
    assert response.status_code == 201, response.text
    referral = response.json()
    assert referral["status"] == "referred" and referral["version"] == 1
    assert referral["allowed_moves"] == ["interviewed", "rejected"]
    assert referral["agency_id"] == world.agency_x.id
    assert referral["centre_id"] == world.centre_a.id
    assert referral["agency_name"] == world.agency_x.agency.body["legal_name"]
    assert referral["vacancy"]["id"] == vacancy_x
    assert referral["deployed_at"] is None
    assert set(referral["migrant"]) == SUMMARY_KEYS

    # The agency sees the referral and a summary of the migrant: no passport, no contacts.
    agency = world.agency_x.headers
    listed = await client.get(f"/referrals?vacancy_id={vacancy_x}", headers=agency)
    assert referral["id"] in [r["id"] for r in listed.json()]
    summary = await client.get(f"/migrants/{migrant['id']}", headers=agency)
    assert summary.status_code == 200, summary.text
    assert set(summary.json()) == SUMMARY_KEYS
    for secret in (migrant["passport_masked"], migrant["email"], migrant["phone"],
                   migrant["date_of_birth"]):
        assert secret not in summary.text and secret not in listed.text
    inbox = await client.get("/notifications", headers=agency)
    assert "referral.new" in [n["kind"] for n in inbox.json()]

    versions = [1]
    for step in ("interviewed", "offered", "contract_signed", "deployed"):
        response = await move(client, agency, referral["id"], step)
        assert response.status_code == 200, response.text
        referral = response.json()
        assert referral["status"] == step
        versions.append(referral["version"])
    assert versions == [1, 2, 3, 4, 5]
    assert referral["deployed_at"] is not None
    assert referral["allowed_moves"] == []

    entries = await _audit(db, referral["id"])
    assert [(e["action"], e["from_state"], e["to_state"]) for e in entries] == [
        ("refer", None, "referred"),
        ("interviewed", "referred", "interviewed"),
        ("offered", "interviewed", "offered"),
        ("contract_signed", "offered", "contract_signed"),
        ("deployed", "contract_signed", "deployed"),
    ]
    assert entries[0]["actor_role"] == "centre_staff"
    assert all(e["actor_role"] == "agency_staff" for e in entries[1:])
    assert all(e["agency_id"] == world.agency_x.id for e in entries)

    placed, by_agency = await _placements(world)
    assert placed == placed_before + 1
    assert by_agency[world.agency_x.id] == placed

    # The migrant follows it: their own referrals, and a notice at each move.
    mine = await client.get("/referrals", headers=own)
    assert [r["id"] for r in mine.json()] == [referral["id"]]
    one = await client.get(f"/referrals/{referral['id']}", headers=own)
    assert one.json()["status"] == "deployed"
    kinds = [n["kind"] for n in (await client.get("/notifications", headers=own)).json()]
    assert "referral.deployed" in kinds and "referral.interviewed" in kinds


# --- moves ------------------------------------------------------------------------------


@pytest.mark.parametrize("state", list(ReferralStatus))
async def test_every_illegal_move_is_409_and_changes_nothing(
    client: httpx.AsyncClient, world: World, vacancy_x: int, state: ReferralStatus
) -> None:
    referral = await bring_to(client, world, await referred(client, world, vacancy_x), state)
    illegal = [t for t in ReferralStatus if t not in REFERRAL_TRANSITIONS[state]]
    assert illegal
    for target in illegal:
        response = await move(client, world.agency_x.headers, referral["id"], target.value,
                              reason="trying an illegal move")
        problem = assert_problem(response, 409, "action")
        assert problem["current_status"] == state.value
        assert problem["allowed_actions"] == referral["allowed_moves"]
        assert f"cannot move to {target.value.replace('_', ' ')}" in problem["detail"]
    after = await client.get(f"/referrals/{referral['id']}", headers=world.agency_x.headers)
    assert after.json() == referral


async def test_a_rejection_needs_a_reason_and_frees_the_migrant_for_a_new_referral(
    client: httpx.AsyncClient, world: World, vacancy_x: int
) -> None:
    referral = await referred(client, world, vacancy_x)
    agency = world.agency_x.headers
    assert_problem(await move(client, agency, referral["id"], "rejected"), 422, "reason")
    unchanged = await client.get(f"/referrals/{referral['id']}", headers=agency)
    assert unchanged.json() == referral

    response = await move(client, agency, referral["id"], "rejected",
                          reason="the position needs a category C licence")
    assert response.status_code == 200, response.text
    assert response.json()["status_reason"] == "the position needs a category C licence"

    again = await refer(client, world.centre_a.headers, referral["migrant"]["id"], vacancy_x)
    assert again.status_code == 201, again.text
    assert again.json()["id"] != referral["id"]


async def test_one_live_referral_per_migrant_and_vacancy(
    client: httpx.AsyncClient, world: World, vacancy_x: int, db: asyncpg.Connection
) -> None:
    referral = await referred(client, world, vacancy_x)
    migrant_id = referral["migrant"]["id"]
    response = await refer(client, world.centre_a.headers, migrant_id, vacancy_x)
    problem = assert_problem(response, 409)
    assert f"referral {referral['id']}" in problem["detail"]
    assert await db.fetchval("SELECT count(*) FROM referral WHERE migrant_id = $1",
                             migrant_id) == 1

    # At the same moment: the unique index lets exactly one through.
    migrant = await ready_migrant(client, world.centre_a)
    results = await asyncio.gather(*(refer(client, world.centre_a.headers, migrant["id"],
                                           vacancy_x) for _ in range(2)))
    assert sorted(r.status_code for r in results) == [201, 409]
    assert await db.fetchval("SELECT count(*) FROM referral WHERE migrant_id = $1",
                             migrant["id"]) == 1


async def test_of_two_concurrent_moves_exactly_one_wins(
    client: httpx.AsyncClient, world: World, vacancy_x: int
) -> None:
    referral = await referred(client, world, vacancy_x)
    results = await asyncio.gather(*(move(client, world.agency_x.headers, referral["id"],
                                          "interviewed") for _ in range(2)))
    assert sorted(r.status_code for r in results) == [200, 409]
    after = await client.get(f"/referrals/{referral['id']}", headers=world.agency_x.headers)
    assert after.json()["version"] == 2


async def test_a_stale_version_is_refused(
    client: httpx.AsyncClient, world: World, vacancy_x: int
) -> None:
    referral = await referred(client, world, vacancy_x)
    agency = world.agency_x.headers
    assert (await move(client, agency, referral["id"], "interviewed",
                       expected_version=1)).status_code == 200
    stale = await move(client, agency, referral["id"], "offered", expected_version=1)
    assert "version 1" in assert_problem(stale, 409)["detail"]
    assert (await move(client, agency, referral["id"], "offered",
                       expected_version=2)).status_code == 200


# --- what may be referred ---------------------------------------------------------------


async def test_only_prescreened_migrants_are_referred(
    client: httpx.AsyncClient, world: World, vacancy_x: int, db: asyncpg.Connection
) -> None:
    fresh = await register_migrant(client, world.centre_a)
    problem = assert_problem(
        await refer(client, world.centre_a.headers, fresh["id"], vacancy_x), 409)
    assert problem["missing"] == ["passport_valid", "medical_check", "orientation_done"]
    assert problem["detail"].startswith("only pre-screened migrants may be referred")

    welder = await register_migrant(client, world.centre_a, occupation="Welder")
    await prescreen(client, world.centre_a, welder["id"])  # no skills test yet
    problem = assert_problem(
        await refer(client, world.centre_a.headers, welder["id"], vacancy_x), 409)
    assert problem["missing"] == ["skills_test_passed"]
    assert await db.fetchval("SELECT count(*) FROM referral WHERE migrant_id = ANY($1)",
                             [fresh["id"], welder["id"]]) == 0

    await prescreen(client, world.centre_a, welder["id"], skills_test_passed=True)
    ok = await refer(client, world.centre_a.headers, welder["id"], vacancy_x)
    assert ok.status_code == 201, ok.text


async def test_a_vacancy_that_is_not_open_to_the_public_cannot_be_referred_to(
    client: httpx.AsyncClient, world: World, db: asyncpg.Connection
) -> None:
    agency = await licensed_agency(client, world.regulator, world.pool)
    migrant = await ready_migrant(client, world.centre_a)
    headers = world.centre_a.headers

    async def refused(vacancy_id: int) -> None:
        problem = assert_problem(await refer(client, headers, migrant["id"], vacancy_id), 422,
                                 "vacancy_id")
        assert problem["detail"].startswith(f"vacancy_id: vacancy {vacancy_id} is not open")
        assert await db.fetchval("SELECT count(*) FROM referral WHERE migrant_id = $1",
                                 migrant["id"]) == 0

    draft = await draft_vacancy(world, agency)
    await refused(draft)
    await move_vacancy(world, agency, draft, VacancyAction.SUBMIT)
    await refused(draft)
    await move_vacancy(world, agency, draft, VacancyAction.VERIFY)
    await refused(draft)  # verified, but not yet published
    await refused(2**63 - 1)  # none at all reads the same

    published = await published_vacancy(world, agency)
    closed = await published_vacancy(world, agency)
    await move_vacancy(world, agency, closed, VacancyAction.CLOSE)
    await refused(closed)

    await licence_action(world, agency, "suspend")
    await refused(published)
    await licence_action(world, agency, "reinstate")
    response = await refer(client, headers, migrant["id"], published)
    assert response.status_code == 201, response.text


async def test_a_suspended_agency_may_reject_but_not_move_referrals_on(
    client: httpx.AsyncClient, world: World
) -> None:
    agency = await licensed_agency(client, world.regulator, world.pool)
    vacancy = await published_vacancy(world, agency)
    first = await referred(client, world, vacancy)
    second = await referred(client, world, vacancy)
    await licence_action(world, agency, "suspend")

    problem = assert_problem(await move(client, agency.headers, first["id"], "interviewed"),
                             409)
    assert "suspended" in problem["detail"]
    rejected = await move(client, agency.headers, second["id"], "rejected",
                          reason="the agency's licence is suspended")
    assert rejected.status_code == 200, rejected.text

    await licence_action(world, agency, "reinstate")
    assert (await move(client, agency.headers, first["id"], "interviewed")).status_code == 200


async def test_a_referral_to_a_watchlisted_employer_may_be_turned_down_not_moved_on(
    client: httpx.AsyncClient, world: World
) -> None:
    """Its agency's page said the agency may not recruit for the employer, yet the
    interview was recorded and the migrant told of it; and once that was refused, the
    referral still offered the moves it refuses."""
    agency = await licensed_agency(client, world.regulator, world.pool)
    vacancy = await published_vacancy(world, agency)
    first = await referred(client, world, vacancy)
    second = await referred(client, world, vacancy)
    employer = (await client.get(f"/vacancies/{vacancy}", headers=agency.headers)
                ).json()["employer_name"]
    listed = await client.post("/watchlist/employers", headers=world.regulator, json={
        "name": employer, "country": "RU", "reason": "wages withheld from its workers"})
    assert listed.status_code == 201, listed.text

    problem = assert_problem(await move(client, agency.headers, first["id"], "interviewed"),
                             409)
    assert problem["code"] == "referral.employer_watchlisted"
    assert employer in problem["detail"]
    unchanged = (await client.get(f"/referrals/{first['id']}", headers=agency.headers)).json()
    assert unchanged["status"] == "referred"
    assert unchanged["employer_watchlisted"] is True
    assert unchanged["allowed_moves"] == ["rejected"]
    rejected = await move(client, agency.headers, second["id"], "rejected",
                          reason="the employer is on the watchlist")
    assert rejected.status_code == 200, rejected.text


# --- who may do what --------------------------------------------------------------------

A, B = "centre_a", "centre_b"
X, Y = "agency_x", "agency_y"
SELF, OTHER_MIGRANT = "migrant_self", "other_migrant"
REGULATOR, ADMIN, ATTACHE, SETTLEMENT = "regulator", "admin", "attache", "settlement_body"
ANON = "anonymous"
ROLES = (A, B, X, Y, SELF, OTHER_MIGRANT, REGULATOR, ADMIN, ATTACHE, SETTLEMENT, ANON)


@pytest.fixture(scope="module")
async def cast(world: World, vacancy_x: int) -> dict[str, Any]:
    """A migrant of centre A (with a sign-in) referred to agency X's vacancy; everyone's
    headers."""
    client = world.client
    migrant, own = await migrant_login(client, world.centre_a)
    _, other = await migrant_login(client, world.centre_b)
    response = await refer(client, world.centre_a.headers, migrant["id"], vacancy_x)
    assert response.status_code == 201, response.text
    return {"migrant": migrant, "referral": response.json(), "headers": {
        A: world.centre_a.headers, B: world.centre_b.headers, X: world.agency_x.headers,
        Y: world.agency_y.headers, SELF: own, OTHER_MIGRANT: other,
        REGULATOR: world.regulator, ADMIN: world.admin, ATTACHE: world.attache,
        SETTLEMENT: world.settlement, ANON: {},
    }}


def _table(**allowed: int) -> dict[str, int]:
    return {role: 403 for role in ROLES} | {ANON: 401} | allowed


ACCESS = [
    ("GET", "/referrals/{referral}", None,
     _table(centre_a=200, centre_b=404, agency_x=200, agency_y=404, migrant_self=200,
            other_migrant=404, regulator=200, admin=200)),
    ("GET", "/referrals", None,
     _table(centre_a=200, centre_b=200, agency_x=200, agency_y=200, migrant_self=200,
            other_migrant=200, regulator=200, admin=200)),
    # Agency X's own case is the last word in the walk-through above; here it would move
    # the shared referral, so it is left out.
    ("POST", "/referrals/{referral}/transitions", {"status": "interviewed"},
     {k: v for k, v in _table(agency_x=200, agency_y=404).items() if k != X}),
    ("POST", "/referrals", "refer", _table(centre_a=409, centre_b=422)),
    ("GET", "/migrants/{migrant}", None,
     _table(centre_a=200, centre_b=404, agency_x=200, agency_y=404, migrant_self=200,
            other_migrant=404, regulator=200, admin=200)),
]


@pytest.mark.parametrize(("method", "path", "body", "role", "status"), [
    pytest.param(m, p, b, role, status, id=f"{m} {p} as {role}")
    for m, p, b, table in ACCESS for role, status in table.items()
])
async def test_access(
    client: httpx.AsyncClient, cast: dict[str, Any], method: str, path: str, body: Any,
    role: str, status: int,
) -> None:
    referral, migrant = cast["referral"], cast["migrant"]
    if body == "refer":
        body = {"migrant_id": migrant["id"], "vacancy_id": referral["vacancy"]["id"]}
    url = path.format(referral=referral["id"], migrant=migrant["id"])
    response = await client.request(method, url, json=body, headers=cast["headers"][role])
    if status >= 400:
        problem = assert_problem(response, status,
                                 "migrant_id" if status == 422 else None)
        if status == 404:
            what, ident = (("referral", referral["id"]) if "{referral}" in path
                           else ("migrant", migrant["id"]))
            assert problem["detail"] == f"{what} {ident} was not found"
        return
    assert response.status_code == status, response.text
    if path == "/referrals":
        ids = [r["id"] for r in response.json()]
        sees = role in (A, X, SELF, REGULATOR, ADMIN)
        assert (referral["id"] in ids) is sees
        if role == SELF:
            assert ids == [referral["id"]]
    if path == "/migrants/{migrant}":
        keys = set(response.json())
        assert (keys == SUMMARY_KEYS) is (role == X)
        assert ("passport_masked" in keys) is (role != X)


async def test_referral_lists_filter_by_status_vacancy_and_migrant(
    client: httpx.AsyncClient, world: World, vacancy_x: int, vacancy_y: int
) -> None:
    to_x = await referred(client, world, vacancy_x)
    to_y = await referred(client, world, vacancy_y)
    moved = await bring_to(client, world, await referred(client, world, vacancy_x),
                           R.INTERVIEWED)
    headers = world.centre_a.headers

    async def ids(query: str, as_: dict[str, str] = headers) -> set[int]:
        response = await client.get(f"/referrals?limit=1000&{query}", headers=as_)
        assert response.status_code == 200, response.text
        return {r["id"] for r in response.json()}

    assert {to_x["id"], to_y["id"], moved["id"]} <= await ids("")
    assert to_y["id"] not in await ids(f"vacancy_id={vacancy_x}")
    assert await ids(f"migrant_id={to_y['migrant']['id']}") == {to_y["id"]}
    interviewed = await ids("status=interviewed")
    assert moved["id"] in interviewed and to_x["id"] not in interviewed
    assert await ids("status=interviewed&status=referred") >= {to_x["id"], moved["id"]}
    assert to_y["id"] not in await ids("", world.agency_x.headers)
    assert to_y["id"] in await ids("", world.agency_y.headers)


@pytest.mark.parametrize(("body", "field"), [
    pytest.param({"status": "hired"}, "status", id="unknown status"),
    pytest.param({}, "status", id="status missing"),
    pytest.param({"status": "rejected", "reason": "no"}, "reason", id="reason too short"),
    pytest.param({"status": "rejected", "reason": "x\x00yz"}, "reason", id="reason with NUL"),
    pytest.param({"status": "interviewed", "expected_version": 0}, "expected_version",
                 id="version zero"),
    pytest.param({"status": "interviewed", "when": "now"}, "when", id="unknown field"),
])
async def test_bad_moves_name_the_field_and_change_nothing(
    client: httpx.AsyncClient, world: World, vacancy_x: int, body: dict[str, Any], field: str
) -> None:
    referral = await referred(client, world, vacancy_x)
    response = await client.post(f"/referrals/{referral['id']}/transitions", json=body,
                                 headers=world.agency_x.headers)
    assert_problem(response, 422, field)
    after = await client.get(f"/referrals/{referral['id']}", headers=world.agency_x.headers)
    assert after.json() == referral


@pytest.mark.parametrize(("body", "field"), [
    pytest.param({"vacancy_id": 1}, "migrant_id", id="migrant missing"),
    pytest.param({"migrant_id": "abc", "vacancy_id": 1}, "migrant_id", id="migrant not a number"),
    pytest.param({"migrant_id": 0, "vacancy_id": 1}, "migrant_id", id="migrant zero"),
    pytest.param({"migrant_id": 2**70, "vacancy_id": 1}, "migrant_id", id="beyond bigint"),
    pytest.param({"migrant_id": 1, "vacancy_id": -1}, "vacancy_id", id="vacancy negative"),
    pytest.param({"migrant_id": 1, "vacancy_id": 1, "status": "deployed"}, "status",
                 id="status chosen by the client"),
])
async def test_bad_referrals_name_the_field(
    client: httpx.AsyncClient, world: World, body: dict[str, Any], field: str
) -> None:
    response = await client.post("/referrals", json=body, headers=world.centre_a.headers)
    assert_problem(response, 422, field)


@pytest.mark.parametrize("path", ["/referrals/0", "/referrals/abc",
                                  f"/referrals/{2**63}", "/migrants/0", "/migrants/abc"])
async def test_bad_path_ids_are_422(client: httpx.AsyncClient, world: World, path: str
                                    ) -> None:
    response = await client.get(path, headers=world.regulator)
    field = "referral_id" if path.startswith("/referrals") else "migrant_id"
    assert_problem(response, 422, field)


async def test_the_regulators_history_words_a_referral_as_a_referral(
        client: httpx.AsyncClient, world: World, vacancy_x: int) -> None:
    """A referral made read «Передано органу по спорам» (a dispute's step) in the
    agency's history, and its licence holds in English."""
    from api.web.common import translations

    migrant, _own = await migrant_login(client, world.centre_a)
    referral = (await refer(client, world.centre_a.headers, migrant["id"], vacancy_x)).json()
    token = world.regulator["Authorization"].split()[1]
    page = await client.get(f"/ministry/agencies/{world.agency_x.id}", headers={
        "Cookie": f"vetted_session={token}; vetted_lang=ru"})
    assert page.status_code == 200, page.text
    _ = translations("ru").gettext
    row = re.search(rf"<tr[^>]*>(?:(?!</tr>).)*?{_('Referral')} {referral['id']}<.*?</tr>",
                    page.text, re.S)
    assert row, page.text
    assert _("Referred to the agency's job") in row[0]
    assert _("Referred to a settlement body") not in row[0]
