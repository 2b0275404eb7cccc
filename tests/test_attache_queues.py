"""Labour attachés' work queues and caseload, and the missions and settlement bodies (with
their jurisdictions) that routing rules point to."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import asyncpg
import httpx
import pytest

from tests.conftest import Agency, active_licence, bearer, create_user_direct, token_for
from tests.factories_disputes import (
    Jurisdiction,
    attache_of,
    case_in,
    file_case,
    fresh_country,
    jurisdiction,
    new_body,
    new_mission,
    ok,
    outcome,
    problem,
    stepped,
)
from tests.factories_vacancies import employer, licensed_agency, vacancy_in

pytestmark = pytest.mark.asyncio


@dataclass
class World:
    admin: dict[str, str]
    regulator: dict[str, str]
    agency: Agency


@pytest.fixture(scope="module")
async def world(app: Any, engines: dict[str, str]) -> AsyncIterator[World]:
    transport = httpx.ASGITransport(app=app, client=("10.250.1.1", 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://vetted.test") as c:
        conn = await asyncpg.connect(engines["database_url"])
        try:
            regulator = bearer(await token_for(c, await create_user_direct(conn, "regulator")))
            admin = bearer(await token_for(c, await create_user_direct(conn, "admin")))
        finally:
            await conn.close()
        agency, _ = await active_licence(c, regulator)
        yield World(admin, regulator, agency)


async def new_j(client: httpx.AsyncClient, world: World, attaches: int = 1) -> Jurisdiction:
    return await jurisdiction(client, world.admin, world.regulator, world.agency,
                              attaches=attaches)


# --- the attaché's queues --------------------------------------------------------------------


async def test_vacancies_and_employers_of_the_attaches_country_await_verification(
    client, world
):
    j = await new_j(client, world)
    elsewhere = await new_j(client, world)
    attache = j.mission.attaches[0].headers
    agency, _ = await licensed_agency(client, world.regulator, [j.country, elsewhere.country])
    here = await employer(client, agency, j.country)
    there = await employer(client, agency, elsewhere.country)
    submitted = await vacancy_in(client, "submitted", agency=agency, attache_headers=attache,
                                 employer_id=here["id"], country=j.country)
    verified = await vacancy_in(client, "verified", agency=agency, attache_headers=attache,
                                employer_id=here["id"], country=j.country)
    await vacancy_in(client, "draft", agency=agency, attache_headers=attache,
                     employer_id=here["id"], country=j.country)
    abroad = await vacancy_in(client, "submitted", agency=agency,
                              attache_headers=elsewhere.mission.attaches[0].headers,
                              employer_id=there["id"], country=elsewhere.country)

    queue = ok(await client.get("/attache/vacancies", headers=attache))
    ids = [v["id"] for v in queue]
    assert submitted["id"] in ids
    assert verified["id"] not in ids and abroad["id"] not in ids
    assert all(v["country"] == j.country and v["status"] == "submitted" for v in queue)

    employers = ok(await client.get("/attache/employers", headers=attache))
    assert here["id"] in [e["id"] for e in employers]
    assert there["id"] not in [e["id"] for e in employers]
    ok(await client.post(f"/employers/{here['id']}/verification", headers=attache,
                         json={"verified": True}))
    employers = ok(await client.get("/attache/employers", headers=attache))
    assert here["id"] not in [e["id"] for e in employers]

    for path in ("/attache/vacancies", "/attache/employers", "/attache/disputes",
                 "/attache/caseload"):
        problem(await client.get(path, headers=agency.headers), 403)
        problem(await client.get(path, headers=world.regulator), 403)
        problem(await client.get(path), 401)


async def test_the_dispute_queue_puts_the_nearest_deadline_first(client, world, db):
    j = await new_j(client, world)
    attache = j.mission.attaches[0]
    cases = [await file_case(client, j) for _ in range(3)]
    for case, days in zip(cases, (5, 1, 3), strict=True):
        await db.execute("UPDATE dispute SET stage_deadline = now() + make_interval(days => $2)"
                         " WHERE id = $1", case["id"], days)
    closed = await case_in(client, j, "closed", world.regulator)
    await db.execute("UPDATE dispute SET stage_deadline = now() - interval '1 day' "
                     "WHERE id = $1", cases[0]["id"])

    queue = ok(await client.get("/attache/disputes", headers=attache.headers))
    assert [c["id"] for c in queue] == [cases[0]["id"], cases[1]["id"], cases[2]["id"]]
    assert queue[0]["overdue"] is True and queue[1]["overdue"] is False
    assert closed["id"] not in [c["id"] for c in queue]
    assert all("complainant" not in c for c in queue)
    other = await new_j(client, world)
    assert ok(await client.get("/attache/disputes",
                               headers=other.mission.attaches[0].headers)) == []


async def test_caseload_and_median_times_to_acknowledge_and_to_resolve(client, world, db):
    j = await new_j(client, world)
    attache = j.mission.attaches[0]
    empty = ok(await client.get("/attache/caseload", headers=attache.headers))
    assert empty == {"attache_id": attache.id, "open_cases": 0, "by_status": {}, "overdue": 0,
                     "in_supervisor_queue": 0, "next_deadline": None, "acknowledged": 0,
                     "median_hours_to_acknowledge": None, "concluded": 0,
                     "median_days_to_resolve": None}

    acknowledged = [await case_in(client, j, "acknowledged", world.regulator)
                    for _ in range(3)]
    for case, hours in zip(acknowledged, (2, 30, 4), strict=True):
        await db.execute("UPDATE dispute SET acknowledge_interval = make_interval(hours => $2)"
                         " WHERE id = $1", case["id"], hours)
    resolved = []
    for days in (10, 20):
        case = await case_in(client, j, "in_mediation", world.regulator)
        await stepped(client, attache.headers, case["id"], "resolve", outcome=outcome())
        await db.execute("UPDATE dispute SET filed_at = concluded_at - make_interval(days => $2)"
                         ", acknowledge_interval = interval '6 hours' WHERE id = $1",
                         case["id"], days)
        resolved.append(case)
    assigned = await file_case(client, j)
    await db.execute("UPDATE dispute SET stage_deadline = now() - interval '1 hour' "
                     "WHERE id = $1", assigned["id"])

    load = ok(await client.get("/attache/caseload", headers=attache.headers))
    assert load["open_cases"] == 4
    assert load["by_status"] == {"acknowledged": 3, "assigned": 1}
    assert load["overdue"] == 1
    assert datetime.fromisoformat(load["next_deadline"]) < datetime.now(UTC)
    assert load["acknowledged"] == 5
    assert load["median_hours_to_acknowledge"] == 6.0  # of 2, 4, 6, 6, 30
    assert load["concluded"] == 2
    assert load["median_days_to_resolve"] == 15.0

    # Regulators see every attaché of a mission.
    loads = ok(await client.get(f"/missions/{j.mission.id}/caseload",
                                headers=world.regulator))
    assert loads == [load]
    problem(await client.get(f"/missions/{j.mission.id}/caseload",
                             headers=attache.headers), 403)
    problem(await client.get(f"/missions/{2**62}/caseload", headers=world.regulator), 404)


# --- missions and settlement bodies -------------------------------------------------------------


async def test_regulators_keep_missions_with_regions_and_contacts(client, world, db):
    country = fresh_country()
    body = {"name": "Labour office of Kyrgyzstan", "sending_country": "KG", "country": country,
            "regions": ["Almaty Oblast", "Astana"], "email": "labour@mfa.kg",
            "phone": "+7 7172 555 000", "address": "12 Embassy Street, Astana"}
    created = ok(await client.post("/missions", headers=world.regulator, json=body), 201)
    assert {k: created[k] for k in body} == body
    bad: list[tuple[dict[str, Any], str]] = [
        ({"regions": ["Almaty Oblast", "АЛМАТЫ oblast"]}, "regions"),
        ({"country": "KG"}, "country"),
        ({"country": "XX"}, "country"),
        ({"email": "nope"}, "email"),
        ({"phone": "call me"}, "phone"),
        ({"regions": ["A"]}, "regions[0]"),
        ({"unknown": True}, "unknown"),
    ]
    for change, field in bad:
        problem(await client.post("/missions", headers=world.regulator, json=body | change),
                422, field)
    problem(await client.post("/missions", headers=world.agency.headers, json=body), 403)

    url = f"/missions/{created['id']}"
    patched = ok(await client.patch(url, headers=world.admin, json={
        "regions": ["Almaty Oblast"], "phone": None}))
    assert (patched["regions"], patched["phone"], patched["email"]) == (
        ["Almaty Oblast"], None, "labour@mfa.kg")
    problem(await client.patch(url, headers=world.regulator, json={"name": None}), 422, "name")
    problem(await client.patch(f"/missions/{2**62}", headers=world.regulator, json={}), 404)
    listed = ok(await client.get("/missions", params={"country": country},
                                 headers=world.agency.headers))
    assert [m["id"] for m in listed] == [created["id"]]
    assert ok(await client.get(url, headers=world.agency.headers))["regions"] == [
        "Almaty Oblast"]
    audit = await db.fetch("SELECT action, data FROM audit_entry WHERE entity_type = 'mission'"
                           " AND entity_id = $1 ORDER BY id", str(created["id"]))
    assert [a["action"] for a in audit] == ["create", "edit"]
    assert audit[1]["data"]["after"] == {"regions": ["Almaty Oblast"], "phone": None}

    # A routing rule may name only a region the mission covers.
    problem(await client.post("/routing-rules", headers=world.regulator, json={
        "name": "Astana cases", "country": country, "region": "Astana",
        "mission_id": created["id"]}), 422, "region")
    ok(await client.post("/routing-rules", headers=world.regulator, json={
        "name": "Almaty cases", "country": country, "region": "almaty oblast",
        "mission_id": created["id"]}), 201)


async def test_regulators_keep_settlement_bodies_by_kind_region_and_dispute_kind(
    client, world
):
    country = fresh_country()
    body = {"name": "Arbitration Centre of the Chamber", "country": country,
            "kind": "arbitration_centre", "regions": ["Tashkent"],
            "dispute_kinds": ["unpaid_wages", "wages_below_contract"],
            "email": "cases@arbitration.example"}
    created = ok(await client.post("/settlement-bodies", headers=world.regulator, json=body),
                 201)
    assert {k: created[k] for k in body} == body
    default = ok(await client.post("/settlement-bodies", headers=world.admin, json={
        "name": "Labour Inspectorate", "country": country, "kind": "labour_inspectorate"}),
        201)
    assert len(default["dispute_kinds"]) == 9 and default["regions"] == []
    for change, field in (({"kind": "tribunal"}, "kind"),
                          ({"dispute_kinds": []}, "dispute_kinds"),
                          ({"dispute_kinds": ["other", "other"]}, "dispute_kinds"),
                          ({"dispute_kinds": ["theft"]}, "dispute_kinds[0]")):
        problem(await client.post("/settlement-bodies", headers=world.regulator,
                                  json=body | change), 422, field)
    problem(await client.post("/settlement-bodies", headers=world.agency.headers, json=body),
            403)

    courts = ok(await client.get("/settlement-bodies", headers=world.agency.headers,
                                 params={"country": country, "kind": "arbitration_centre"}))
    assert [b["id"] for b in courts] == [created["id"]]
    patched = ok(await client.patch(f"/settlement-bodies/{created['id']}",
                                    headers=world.regulator,
                                    json={"dispute_kinds": ["unpaid_wages"], "kind": "court"}))
    assert (patched["kind"], patched["dispute_kinds"]) == ("court", ["unpaid_wages"])

    # Rules point only to a body of their country that takes their kinds and region.
    mission = await new_mission(client, world.admin, country)
    rule = {"name": "Tashkent wages", "country": country, "region": "Tashkent",
            "mission_id": mission.id, "settlement_body_id": created["id"]}
    problem(await client.post("/routing-rules", headers=world.regulator, json=rule),
            422, "settlement_body_id")  # the rule takes any kind, the court only wages
    problem(await client.post("/routing-rules", headers=world.regulator,
                              json=rule | {"kinds": ["passport_withheld"]}),
            422, "settlement_body_id")
    problem(await client.post("/routing-rules", headers=world.regulator,
                              json=rule | {"kinds": ["unpaid_wages"], "region": None}),
            422, "settlement_body_id")  # the court serves Tashkent only
    foreign = await new_body(client, world.admin, fresh_country())
    problem(await client.post("/routing-rules", headers=world.regulator,
                              json=rule | {"kinds": ["unpaid_wages"],
                                           "settlement_body_id": foreign.id}),
            422, "settlement_body_id")
    made = ok(await client.post("/routing-rules", headers=world.regulator,
                                json=rule | {"kinds": ["unpaid_wages"]}), 201)
    assert made["kinds"] == ["unpaid_wages"]


async def test_routing_rules_are_checked_field_by_field(client, world, db):
    j = await new_j(client, world)
    base = {"name": "Big claims", "country": j.country, "mission_id": j.mission.id}
    elsewhere = await new_mission(client, world.admin, fresh_country())
    bad: list[tuple[dict[str, Any], str]] = [
        ({"mission_id": elsewhere.id}, "mission_id"),
        ({"mission_id": 2**62}, "mission_id"),
        ({"settlement_body_id": 2**62}, "settlement_body_id"),
        ({"amount": {"currency": "USD"}}, "amount"),
        ({"amount": {"min": "100", "max": "100", "currency": "USD"}}, "amount"),
        ({"amount": {"min": "-1", "currency": "USD"}}, "amount.min"),
        ({"amount": {"min": "1"}}, "amount.currency"),
        ({"kinds": []}, "kinds"),
        ({"kinds": ["other", "other"]}, "kinds"),
        ({"priority": 5000}, "priority"),
        ({"expected_version": 1}, "expected_version"),
        ({"country": "XX"}, "country"),
    ]
    before = await db.fetchval("SELECT count(*) FROM routing_rule")
    for change, field in bad:
        problem(await client.post("/routing-rules", headers=world.regulator,
                                  json=base | change), 422, field)
    assert await db.fetchval("SELECT count(*) FROM routing_rule") == before
    for headers in (j.mission.attaches[0].headers, world.agency.headers):
        problem(await client.post("/routing-rules", headers=headers, json=base), 403)
        problem(await client.get("/routing-rules", headers=headers), 403)
    made = ok(await client.post("/routing-rules", headers=world.regulator, json=base | {
        "amount": {"min": "1000", "max": "50000", "currency": "USD"}, "priority": 3}), 201)
    assert made["amount"] == {"min": "1000.00", "max": "50000.00", "currency": "USD"}
    listed = ok(await client.get("/routing-rules", params={"country": j.country},
                                 headers=world.regulator))
    assert [r["id"] for r in listed] == [made["id"], j.rule["id"]]  # by priority
    problem(await client.get(f"/routing-rules/{2**62}", headers=world.regulator), 404)
    problem(await client.put(f"/routing-rules/{2**62}", headers=world.regulator, json=base),
            404)


async def test_a_settlement_body_sees_only_the_cases_referred_to_it(client, world):
    j = await new_j(client, world)
    referred = await case_in(client, j, "referred", world.regulator)
    await case_in(client, j, "acknowledged", world.regulator)
    member = j.body.members[0].headers
    listed = ok(await client.get("/disputes", headers=member))
    assert [c["id"] for c in listed] == [referred["id"]]
    attache = attache_of(j, referred)
    assert any(n["kind"] == "dispute.refer" and referred["reference"] in n["subject"]
               for n in ok(await client.get("/notifications", headers=member)))
    decided = await stepped(client, member, referred["id"], "decide", outcome=outcome())
    assert decided["status"] == "decided"
    closed = await stepped(client, attache.headers, referred["id"], "close")
    assert closed["status"] == "closed"
