"""Disputes against the real PostgreSQL and a real Celery worker: intake, routing by every
rule kind, the fallback and supervisor queues, load balancing, every legal and illegal
step, deadline escalation, evidence, confidentiality per role, outcomes and deposits."""

from __future__ import annotations

import asyncio
import hashlib
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest

from core.config import get_settings
from disputes import tasks
from disputes.rules import ACTORS, TRANSITIONS, DisputeAction, DisputeStatus, Party
from tests.conftest import (
    Agency,
    Streamed,
    active_licence,
    bearer,
    create_user_direct,
    relay_index,
    run_task,
    token_for,
    unique,
)
from tests.factories_disputes import (
    Jurisdiction,
    account,
    attache_of,
    award,
    case_in,
    dispute_body,
    file_case,
    fresh_country,
    jurisdiction,
    new_body,
    new_centre,
    new_migrant,
    new_mission,
    new_rule,
    ok,
    outcome,
    problem,
    step,
    stepped,
)
from tests.factories_vacancies import draft, employer, licensed_agency, vacancy_in

pytestmark = pytest.mark.asyncio

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(range(64))
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(200) + b"\xff\xd9"


@dataclass
class World:
    admin: dict[str, str]
    regulator: dict[str, str]
    agency: Agency  # licensed for RU and KZ, with a 50 000 KGS deposit
    other_agency: Agency
    j: Jurisdiction  # a country of its own, a mission with two attachés, a body, one rule


@pytest.fixture(scope="module")
async def world(app: Any, engines: dict[str, str]) -> AsyncIterator[World]:
    transport = httpx.ASGITransport(app=app, client=("10.251.1.1", 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://vetted.test") as c:
        conn = await asyncpg.connect(engines["database_url"])
        try:
            regulator = bearer(await token_for(c, await create_user_direct(conn, "regulator")))
            admin = bearer(await token_for(c, await create_user_direct(conn, "admin")))
        finally:
            await conn.close()
        agency, _ = await active_licence(c, regulator)
        other, _ = await active_licence(c, regulator)
        yield World(admin, regulator, agency, other,
                    await jurisdiction(c, admin, regulator, agency))


async def new_j(client: httpx.AsyncClient, world: World, *, attaches: int = 2) -> Jurisdiction:
    return await jurisdiction(client, world.admin, world.regulator, world.agency,
                              attaches=attaches)


async def inbox(client: httpx.AsyncClient, headers: dict[str, str]) -> list[dict[str, Any]]:
    result: list[dict[str, Any]] = ok(await client.get("/notifications", headers=headers))
    return result


async def dispute_count(db: asyncpg.Connection, agency_id: int) -> tuple[int, int, int]:
    row = await db.fetchrow(
        """
        SELECT (SELECT count(*) FROM dispute WHERE agency_id = $1),
               (SELECT count(*) FROM dispute_event e JOIN dispute d ON d.id = e.dispute_id
                 WHERE d.agency_id = $1),
               (SELECT count(*) FROM audit_entry WHERE entity_type = 'dispute'
                 AND agency_id = $1)
        """,
        agency_id,
    )
    return tuple(row)  # type: ignore[return-value]


def near(value: str, expected: datetime, slack: timedelta = timedelta(minutes=2)) -> bool:
    return abs(datetime.fromisoformat(value) - expected) < slack


# --- intake --------------------------------------------------------------------------------


async def test_centre_files_for_its_migrant_and_the_rule_routes_it(client, world, db):
    j = world.j
    migrant = await new_migrant(client, j.centre)
    case = await file_case(client, j, migrant)

    assert case["status"] == "assigned"
    assert case["reference"] == f"D-{date.today().year}-{case['id']:05d}"
    assert case["mission_id"] == j.mission.id
    assert case["settlement_body_id"] == j.body.id
    assert case["assigned_attache_id"] in [a.id for a in j.mission.attaches]
    assert case["routing"]["kind"] == "rule"
    assert case["routing"]["rule_id"] == j.rule["id"]
    assert case["stage"] == "acknowledge"
    assert near(case["stage_deadline"], datetime.now(UTC) + timedelta(days=3))
    assert case["complainant"] == {"full_name": migrant.record["full_name"],
                                   "phone": migrant.record["phone"],
                                   "email": migrant.record["email"]}
    assert case["migrant_id"] == migrant.id
    assert case["filed_by_role"] == "centre_staff"
    assert case["filing_centre_id"] == j.centre.id
    assert case["agency_name"] == world.agency.body["legal_name"]

    history = ok(await client.get(f"/disputes/{case['id']}/history", headers=j.centre.headers))
    assert [(e["action"], e["from_status"], e["to_status"]) for e in history["events"]] == [
        ("file", None, "filed"), ("assign", "filed", "assigned")]

    # The audit log, which can never be erased, holds no personal data.
    entries = await db.fetch("SELECT action, data::text AS data FROM audit_entry "
                             "WHERE entity_type = 'dispute' AND entity_id = $1 ORDER BY id",
                             str(case["id"]))
    assert [e["action"] for e in entries] == ["file", "assign"]
    assert not any(migrant.record["full_name"] in e["data"] or migrant.record["phone"]
                   in e["data"] for e in entries)

    # Everyone concerned is told, and the agency's notices name no migrant.
    agency_notes = [n for n in await inbox(client, world.agency.headers)
                    if case["reference"] in n["subject"]]
    assert {n["kind"] for n in agency_notes} == {"dispute.filed", "dispute.assign"}
    assert not any(migrant.record["full_name"] in n["subject"] + n["body"]
                   for n in agency_notes)
    attache = attache_of(j, case)
    assert any(n["kind"] == "dispute.assign" and case["reference"] in n["subject"]
               for n in await inbox(client, attache.headers))
    assert migrant.headers is not None
    assert any(n["kind"] == "dispute.assign" and case["reference"] in n["subject"]
               for n in await inbox(client, migrant.headers))


async def test_a_migrant_files_for_themself(client, world):
    j = world.j
    migrant = await new_migrant(client, j.centre)
    other = await new_migrant(client, j.centre)
    assert migrant.headers is not None
    problem(await client.post("/disputes", headers=migrant.headers,
                              json=dispute_body(j, migrant_id=other.id)), 422, "migrant_id")
    case = ok(await client.post("/disputes", headers=migrant.headers,
                                json=dispute_body(j, complainant={
                                    "full_name": migrant.record["full_name"],
                                    "phone": "+7 916 000 1122"})), 201)
    assert case["filed_by_role"] == "migrant"
    assert case["filing_centre_id"] is None
    assert case["complainant"]["phone"] == "+7 916 000 1122"
    assert case["status"] == "assigned"
    mine = ok(await client.get("/disputes", headers=migrant.headers))
    assert [d["id"] for d in mine] == [case["id"]]
    # The centre did not file it, so it does not see it.
    problem(await client.get(f"/disputes/{case['id']}", headers=j.centre.headers), 404)


async def test_an_attache_files_for_the_person_in_front_of_them(client, world):
    j = world.j
    attache = j.mission.attaches[0]
    person = {"full_name": "Dilnoza Karimova", "phone": "+7 900 111 2233"}
    problem(await client.post("/disputes", headers=attache.headers, json=dispute_body(j)),
            422, "complainant")
    migrant = await new_migrant(client, j.centre)
    problem(await client.post("/disputes", headers=attache.headers,
                              json=dispute_body(j, complainant=person, migrant_id=migrant.id)),
            422, "migrant_id")
    problem(await client.post("/disputes", headers=attache.headers,
                              json=dispute_body(j, complainant=person, country="KZ")),
            422, "country")
    case = ok(await client.post("/disputes", headers=attache.headers,
                                json=dispute_body(j, complainant=person)), 201)
    assert case["filed_by_role"] == "attache"
    assert case["complainant"]["full_name"] == "Dilnoza Karimova"
    assert case["migrant_id"] is None
    problem(await client.get(f"/disputes/{case['id']}", headers=j.centre.headers), 404)


async def test_only_centres_migrants_and_attaches_file(client, world):
    problem(await client.post("/disputes", headers=world.agency.headers,
                              json=dispute_body(world.j)), 403)
    problem(await client.post("/disputes", headers=world.regulator,
                              json=dispute_body(world.j)), 403)
    problem(await client.post("/disputes", json=dispute_body(world.j)), 401)


async def test_bad_input_is_refused_naming_the_field_and_nothing_is_written(client, world, db):
    j = world.j
    migrant = await new_migrant(client, j.centre, login=False)
    elsewhere = await new_migrant(client, await new_centre(client, world.admin), login=False)
    cases: list[tuple[dict[str, Any], str]] = [
        ({"kind": "theft"}, "kind"),
        ({"country": "XX"}, "country"),
        ({"region": " "}, "region"),
        ({"claimed": {"amount": "-1", "currency": "USD"}}, "claimed.amount"),
        ({"claimed": {"amount": "1.234", "currency": "USD"}}, "claimed.amount"),
        ({"claimed": {"amount": "10", "currency": "XYZ"}}, "claimed.currency"),
        ({"claimed": {"amount": "10"}}, "claimed.currency"),
        ({"description": "too short"}, "description"),
        ({"description": "wages\x00 unpaid for months"}, "description"),
        ({"agency_id": 2**62}, "agency_id"),
        ({"agency_id": None}, "agency_id"),
        ({"agency_id": 0}, "agency_id"),
        ({"migrant_id": None}, "migrant_id"),
        ({"migrant_id": elsewhere.id}, "migrant_id"),
        ({"vacancy_id": 2**62}, "vacancy_id"),
        ({"referral_id": 2**62}, "referral_id"),
        ({"reported_terms": {"hours_per_week": "200"}}, "reported_terms.hours_per_week"),
        ({"reported_terms": {"housing": "palace"}}, "reported_terms.housing"),
        ({"reported_terms": {"wage": {"amount": "0", "currency": "RUB", "period": "month"}}},
         "reported_terms.wage.amount"),
        ({"complainant": {"full_name": "X"}}, "complainant.full_name"),
        ({"complainant": {"full_name": "Good Name", "email": "nope"}}, "complainant.email"),
        ({"employer_name": "E"}, "employer_name"),
        ({"surprise": 1}, "surprise"),
    ]
    before = await dispute_count(db, world.agency.id)
    for change, field in cases:
        body = dispute_body(j, migrant_id=migrant.id)
        body.update(change)
        if change.get("agency_id", 1) is None:
            del body["agency_id"]
        if "migrant_id" in change and change["migrant_id"] is None:
            del body["migrant_id"]
        problem(await client.post("/disputes", json=body, headers=j.centre.headers), 422,
                field)
    assert await dispute_count(db, world.agency.id) == before


# --- routing ---------------------------------------------------------------------------------


async def test_routing_by_every_rule_kind(client, world):
    country = fresh_country()
    admin, regulator = world.admin, world.regulator
    m = {name: await new_mission(client, admin, country)
         for name in ("country", "region", "kind", "amount", "priority")}
    whole = await new_body(client, admin, country)
    local = await new_body(client, admin, country, regions=["Almaty Oblast"])
    rules = {
        "country": await new_rule(client, regulator, country=country,
                                  mission_id=m["country"].id),
        "region": await new_rule(client, regulator, country=country,
                                 mission_id=m["region"].id, region="Almaty Oblast"),
        "kind": await new_rule(client, regulator, country=country, mission_id=m["kind"].id,
                               kinds=["passport_withheld"]),
        "amount": await new_rule(client, regulator, country=country,
                                 mission_id=m["amount"].id,
                                 amount={"min": "5000", "currency": "USD"}),
    }
    j = Jurisdiction(country, "Elsewhere", m["country"], whole, rules["country"], world.agency,
                     await new_centre(client, admin))

    async def routed(**over: Any) -> dict[str, Any]:
        return await file_case(client, j, **over)

    by_country = await routed(region="Kostanay Oblast")
    assert (by_country["routing"]["rule_id"], by_country["mission_id"]) == (
        rules["country"]["id"], m["country"].id)
    assert by_country["settlement_body_id"] == whole.id

    # Spelled in another case and script, the region still matches.
    by_region = await routed(region="АЛМАТЫ  oblast")
    assert (by_region["routing"]["rule_id"], by_region["mission_id"]) == (
        rules["region"]["id"], m["region"].id)
    assert by_region["settlement_body_id"] == local.id  # the region's own body

    by_kind = await routed(region="Kostanay Oblast", kind="passport_withheld", claimed=None)
    assert by_kind["routing"]["rule_id"] == rules["kind"]["id"]

    by_amount = await routed(region="Kostanay Oblast",
                             claimed={"amount": "5000.00", "currency": "USD"})
    assert by_amount["routing"]["rule_id"] == rules["amount"]["id"]
    below = await routed(region="Kostanay Oblast",
                         claimed={"amount": "4999.99", "currency": "USD"})
    assert below["routing"]["rule_id"] == rules["country"]["id"]
    other_currency = await routed(region="Kostanay Oblast",
                                  claimed={"amount": "9000", "currency": "EUR"})
    assert other_currency["routing"]["rule_id"] == rules["country"]["id"]

    # Region and kind rules are equally specific: the one listing fewer kinds wins.
    both = await routed(region="Almaty Oblast", kind="passport_withheld", claimed=None)
    assert both["routing"]["rule_id"] == rules["kind"]["id"]

    # A higher priority beats any specificity, for new cases only.
    top = await new_rule(client, regulator, country=country, mission_id=m["priority"].id,
                         priority=10)
    later = await routed(region="Almaty Oblast", kind="passport_withheld", claimed=None)
    assert (later["routing"]["rule_id"], later["mission_id"]) == (top["id"], m["priority"].id)
    again = ok(await client.get(f"/disputes/{by_region['id']}", headers=world.regulator))
    assert again["mission_id"] == m["region"].id

    decisions = ok(await client.get(f"/disputes/{by_region['id']}/routing",
                                    headers=world.regulator))
    assert decisions[0]["rule_snapshot"]["region"] == "Almaty Oblast"
    assert "matched" in decisions[0]["explanation"]


async def test_a_case_no_rule_matches_waits_in_the_fallback_queue(client, world, db):
    j = await new_j(client, world)
    case = await file_case(client, j, region="Nowhere Krai")
    assert (case["status"], case["queue"], case["mission_id"]) == ("filed", "fallback", None)
    assert case["routing"]["kind"] == "fallback"
    assert case["stage_deadline"] is None

    queue = ok(await client.get("/disputes/queues/fallback", headers=world.regulator))
    assert case["id"] in [d["id"] for d in queue]
    problem(await client.get("/disputes/queues/fallback", headers=j.mission.attaches[0].headers),
            403)
    assert any(n["kind"] == "dispute.fallback_queue" and case["reference"] in n["subject"]
               for n in await inbox(client, world.regulator))

    # A regulator places it by hand, in a mission of the case's country with an attaché.
    url_case = case["id"]
    problem(await step(client, world.regulator, url_case, "assign"), 422, "mission_id")
    elsewhere = await new_mission(client, world.admin, fresh_country())
    problem(await step(client, world.regulator, url_case, "assign", mission_id=elsewhere.id),
            422, "mission_id")
    empty = await new_mission(client, world.admin, j.country, attaches=0)
    problem(await step(client, world.regulator, url_case, "assign", mission_id=empty.id), 409)
    problem(await step(client, world.regulator, url_case, "assign", mission_id=j.mission.id,
                       attache_id=elsewhere.attaches[0].id), 422, "attache_id")
    placed = await stepped(client, world.regulator, url_case, "assign",
                           mission_id=j.mission.id, attache_id=j.mission.attaches[1].id,
                           reason="the region belongs to this mission")
    assert (placed["status"], placed["queue"]) == ("assigned", None)
    assert placed["assigned_attache_id"] == j.mission.attaches[1].id
    assert placed["settlement_body_id"] == j.body.id  # the competent one for the country
    kinds = [d["kind"] for d in ok(await client.get(f"/disputes/{url_case}/routing",
                                                    headers=world.regulator))]
    assert kinds == ["fallback", "manual"]
    queue = ok(await client.get("/disputes/queues/fallback", headers=world.regulator))
    assert url_case not in [d["id"] for d in queue]


async def test_a_rule_whose_mission_has_no_attache_sends_cases_to_the_supervisors(
    client, world
):
    country = fresh_country()
    empty = await new_mission(client, world.admin, country, attaches=0)
    rule = await new_rule(client, world.regulator, country=country, mission_id=empty.id)
    j = Jurisdiction(country, "Any Oblast", empty, await new_body(client, world.admin, country),
                     rule, world.agency, await new_centre(client, world.admin))
    case = await file_case(client, j)
    assert (case["status"], case["queue"], case["mission_id"]) == ("filed", "supervisor",
                                                                   empty.id)
    assert case["routing"]["rule_id"] == rule["id"]
    queue = ok(await client.get("/disputes/queues/supervisor", headers=world.regulator))
    assert case["id"] in [d["id"] for d in queue]


async def test_cases_go_to_the_attache_with_the_fewest_open_cases(client, world):
    j = await new_j(client, world, attaches=3)
    ids = [a.id for a in j.mission.attaches]

    def tally(cases: list[dict[str, Any]]) -> dict[int, int]:
        return {i: sum(1 for c in cases if c["assigned_attache_id"] == i) for i in ids}

    first = [await file_case(client, j) for _ in range(6)]
    assert tally(first) == {i: 2 for i in ids}
    decision = ok(await client.get(f"/disputes/{first[-1]['id']}/routing",
                                   headers=world.regulator))[0]
    assert sorted(decision["open_cases"].values()) == [1, 2, 2]

    # A concluded case no longer counts: its attaché takes the next one.
    done = first[0]
    attache = attache_of(j, done)
    for action, extra in (("acknowledge", {}), ("start_mediation", {}),
                          ("resolve", {"outcome": outcome()})):
        await stepped(client, attache.headers, done["id"], action, **extra)
    nxt = await file_case(client, j)
    assert nxt["assigned_attache_id"] == attache.id

    # Filed at the same moment, cases still spread evenly.
    together = await asyncio.gather(*(file_case(client, j) for _ in range(6)))
    assert tally(together) == {i: 2 for i in ids}


async def test_changing_a_rule_never_moves_cases_already_routed(client, world, db):
    j = await new_j(client, world)
    other = await new_mission(client, world.admin, j.country)
    before = await file_case(client, j)
    rule_url = f"/routing-rules/{j.rule['id']}"
    change = {"name": "Moved", "country": j.country, "region": j.region,
              "mission_id": other.id}
    problem(await client.put(rule_url, headers=world.regulator,
                             json=change | {"expected_version": 99}), 409, "expected_version")
    updated = ok(await client.put(rule_url, headers=world.regulator,
                                  json=change | {"expected_version": j.rule["version"]}))
    assert (updated["mission_id"], updated["version"]) == (other.id, 2)

    kept = ok(await client.get(f"/disputes/{before['id']}", headers=world.regulator))
    assert (kept["mission_id"], kept["assigned_attache_id"]) == (
        j.mission.id, before["assigned_attache_id"])
    assert kept["routing"]["mission_id"] == j.mission.id
    snapshot = ok(await client.get(f"/disputes/{before['id']}/routing",
                                   headers=world.regulator))[0]["rule_snapshot"]
    assert (snapshot["mission_id"], snapshot["version"]) == (j.mission.id, 1)

    after = await file_case(client, j)
    assert after["mission_id"] == other.id
    assert after["assigned_attache_id"] == other.attaches[0].id

    gone = ok(await client.delete(rule_url, headers=world.regulator))
    assert gone["active"] is False
    last = await file_case(client, j)
    assert last["queue"] == "fallback"
    routed = ok(await client.get(f"{rule_url}/decisions", headers=world.regulator))
    assert [d["dispute_id"] for d in routed] == [before["id"], after["id"]]
    audit = await db.fetch("SELECT action FROM audit_entry WHERE entity_type = 'routing_rule' "
                           "AND entity_id = $1 ORDER BY id", str(j.rule["id"]))
    assert [a["action"] for a in audit] == ["create", "edit", "deactivate"]


async def test_people_mark_routing_right_or_wrong(client, world, db):
    j = world.j
    case = await file_case(client, j)
    decision = case["routing"]["decision_id"]
    url = f"/disputes/{case['id']}/routing/{decision}/feedback"
    attache = attache_of(j, case)
    marks = ok(await client.put(url, headers=attache.headers,
                                json={"correct": False, "comment": "this is Kostanay's case"}))
    assert (marks[0]["marked_correct"], marks[0]["marked_wrong"], marks[0]["my_mark"]) == (
        0, 1, False)
    marks = ok(await client.put(url, headers=world.regulator, json={"correct": True}))
    assert (marks[0]["marked_correct"], marks[0]["marked_wrong"], marks[0]["my_mark"]) == (
        1, 1, True)
    # Marking again replaces one's mark.
    marks = ok(await client.put(url, headers=attache.headers, json={"correct": True}))
    assert (marks[0]["marked_correct"], marks[0]["marked_wrong"]) == (2, 0)

    problem(await client.put(url, headers=world.agency.headers, json={"correct": False}), 403)
    problem(await client.put(url, headers=j.centre.headers, json={"correct": False}), 403)
    problem(await client.put(url, headers=attache.headers, json={"correct": "yes"}), 422,
            "correct")
    other = await file_case(client, j)
    problem(await client.put(f"/disputes/{case['id']}/routing/"
                             f"{other['routing']['decision_id']}/feedback",
                             headers=world.regulator, json={"correct": True}), 404)
    assert await db.fetchval("SELECT count(*) FROM audit_entry WHERE entity_type = "
                             "'routing_decision' AND entity_id = $1", str(decision)) == 3


# --- the lifecycle --------------------------------------------------------------------------


async def test_the_mediation_path_is_timed_told_and_audited(client, world, db):
    j = world.j
    migrant = await new_migrant(client, j.centre)
    case = await file_case(client, j, migrant)
    attache = attache_of(j, case)
    assert case["allowed_actions"] == ["withdraw"]  # for the centre that filed
    seen = ok(await client.get(f"/disputes/{case['id']}", headers=attache.headers))
    assert seen["allowed_actions"] == ["acknowledge", "withdraw"]

    acknowledged = await stepped(client, attache.headers, case["id"], "acknowledge")
    assert acknowledged["stage"] == "mediation"
    assert near(acknowledged["stage_deadline"], datetime.now(UTC) + timedelta(days=30))
    mediating = await stepped(client, attache.headers, case["id"], "start_mediation")
    assert mediating["stage_deadline"] == acknowledged["stage_deadline"]
    resolved = await stepped(client, attache.headers, case["id"], "resolve",
                             outcome=outcome())
    assert (resolved["status"], resolved["stage_deadline"]) == ("resolved", None)
    assert resolved["outcome"]["decided_in"] == "mediation"
    closed = await stepped(client, attache.headers, case["id"], "close")
    assert (closed["status"], closed["allowed_actions"], closed["version"]) == (
        "closed", [], case["version"] + 4)

    history = ok(await client.get(f"/disputes/{case['id']}/history",
                                  headers=world.agency.headers))
    assert [e["action"] for e in history["events"]] == [
        "file", "assign", "acknowledge", "start_mediation", "resolve", "close"]
    audit = await db.fetch("SELECT action, from_state, to_state, actor_role FROM audit_entry "
                           "WHERE entity_type = 'dispute' AND entity_id = $1 ORDER BY id",
                           str(case["id"]))
    assert [(a["action"], a["from_state"], a["to_state"]) for a in audit] == [
        ("file", None, "filed"), ("assign", "filed", "assigned"),
        ("acknowledge", "assigned", "acknowledged"),
        ("start_mediation", "acknowledged", "in_mediation"),
        ("resolve", "in_mediation", "resolved"), ("close", "resolved", "closed")]
    assert [a["actor_role"] for a in audit] == ["centre_staff", "system"] + ["attache"] * 4

    assert migrant.headers is not None
    kinds = {n["kind"] for n in await inbox(client, migrant.headers)
             if case["reference"] in n["subject"]}
    assert kinds == {"dispute.filed", "dispute.assign", "dispute.acknowledge",
                     "dispute.start_mediation", "dispute.resolve", "dispute.close"}
    centre_kinds = {n["kind"] for n in await inbox(client, j.centre.headers)
                    if case["reference"] in n["subject"]}
    assert centre_kinds == kinds - {"dispute.filed"}  # the centre filed it


WHO = {
    DisputeAction.ASSIGN: "regulator", DisputeAction.REASSIGN: "regulator",
    DisputeAction.ACKNOWLEDGE: "attache", DisputeAction.START_MEDIATION: "attache",
    DisputeAction.RESOLVE: "attache", DisputeAction.REFER: "attache",
    DisputeAction.DECIDE: "body", DisputeAction.CLOSE: "attache",
    DisputeAction.WITHDRAW: "centre", DisputeAction.ESCALATE: "regulator",
}


def _extra(action: DisputeAction, j: Jurisdiction) -> dict[str, Any]:
    return {
        DisputeAction.ASSIGN: {"mission_id": j.mission.id},
        DisputeAction.REASSIGN: {"reason": "the attaché is on leave"},
        DisputeAction.RESOLVE: {"outcome": outcome()},
        DisputeAction.DECIDE: {"outcome": outcome()},
        DisputeAction.WITHDRAW: {"reason": "the wages were paid"},
    }.get(action, {})


async def _case_in(client: httpx.AsyncClient, world: World, j: Jurisdiction, state: str
                   ) -> dict[str, Any]:
    if state == "filed":
        return await file_case(client, j, region="Unruled Krai")  # the fallback queue
    return await case_in(client, j, state, world.regulator)


def _headers(who: str, world: World, j: Jurisdiction, case: dict[str, Any]
             ) -> dict[str, str]:
    if who == "attache":
        return attache_of(j, case).headers
    return {"regulator": world.regulator, "body": j.body.members[0].headers,
            "centre": j.centre.headers}[who]


async def test_every_legal_and_illegal_transition(client, world):
    j = await new_j(client, world)
    for status in DisputeStatus:
        for action in DisputeAction:
            target = TRANSITIONS.get((status, action))
            if target is None or ACTORS[action] == {Party.SYSTEM}:
                continue
            case = await _case_in(client, world, j, status.value)
            moved = await stepped(client, _headers(WHO[action], world, j, case), case["id"],
                                  action.value, **_extra(action, j))
            assert moved["status"] == target.value, (status, action)

        case = await _case_in(client, world, j, status.value)
        allowed = [a.value for a in DisputeAction if (status, a) in TRANSITIONS
                   and ACTORS[a] != {Party.SYSTEM}]
        for action in DisputeAction:
            if (status, action) in TRANSITIONS:
                continue
            # Asked by a regulator, who sees every case, so only the state machine answers.
            body = problem(await step(client, world.regulator, case["id"], action.value,
                                      **_extra(action, j)), 409, "action")
            assert body["allowed_actions"] == allowed, (status, action)
            assert body["current_status"] == status.value
            assert status.value.replace("_", " ") in body["detail"]
        # Escalation is the scheduler's alone.
        if (status, DisputeAction.ESCALATE) in TRANSITIONS:
            problem(await step(client, world.regulator, case["id"], "escalate"), 403)
        after = ok(await client.get(f"/disputes/{case['id']}", headers=world.regulator))
        assert (after["status"], after["version"]) == (status.value, case["version"])


async def test_each_step_is_taken_only_by_whom_it_belongs_to(client, world):
    j = world.j
    case = await file_case(client, j)
    attache = attache_of(j, case)
    colleague = next(a for a in j.mission.attaches if a.id != attache.id)
    problem(await step(client, world.agency.headers, case["id"], "acknowledge"), 403)
    problem(await step(client, j.centre.headers, case["id"], "acknowledge"), 403)
    problem(await step(client, world.regulator, case["id"], "acknowledge"), 403)
    problem(await step(client, colleague.headers, case["id"], "acknowledge"), 404)
    problem(await step(client, world.other_agency.headers, case["id"], "acknowledge"), 404)
    problem(await step(client, j.centre.headers, case["id"], "withdraw"), 422, "reason")
    problem(await step(client, attache.headers, case["id"], "acknowledge",
                       settlement_body_id=j.body.id), 422, "settlement_body_id")
    problem(await step(client, attache.headers, case["id"], "acknowledge",
                       outcome=outcome()), 422, "outcome")
    problem(await step(client, attache.headers, case["id"], "acknowledge",
                       expected_version=case["version"] + 1), 409, "expected_version")
    problem(await step(client, world.regulator, case["id"], "reassign"), 422, "reason")
    problem(await step(client, world.regulator, case["id"], "reassign", reason="on leave",
                       attache_id=attache.id), 422, "attache_id")
    await stepped(client, attache.headers, case["id"], "acknowledge")
    await stepped(client, attache.headers, case["id"], "start_mediation")
    problem(await step(client, attache.headers, case["id"], "resolve"), 422, "outcome")

    # Referral: only to a body of the case's country that takes its kind.
    abroad = await new_body(client, world.admin, fresh_country())
    problem(await step(client, attache.headers, case["id"], "refer",
                       settlement_body_id=abroad.id), 422, "settlement_body_id")
    picky = await new_body(client, world.admin, j.country, dispute_kinds=["passport_withheld"])
    problem(await step(client, attache.headers, case["id"], "refer",
                       settlement_body_id=picky.id), 422, "settlement_body_id")
    court = await new_body(client, world.admin, j.country, kind="court")
    referred = await stepped(client, attache.headers, case["id"], "refer",
                             settlement_body_id=court.id)
    assert (referred["referred_body_id"], referred["stage"]) == (court.id, "decision")
    assert near(referred["stage_deadline"], datetime.now(UTC) + timedelta(days=90))
    problem(await step(client, j.body.members[0].headers, case["id"], "decide",
                       outcome=outcome()), 404)
    problem(await step(client, attache.headers, case["id"], "decide", outcome=outcome()), 403)
    listed = ok(await client.get("/disputes", headers=court.members[0].headers))
    assert [d["id"] for d in listed] == [case["id"]]
    decided = await stepped(client, court.members[0].headers, case["id"], "decide",
                            outcome=award("300.00", "USD", payable_by="employer"))
    assert decided["outcome"]["decided_in"] == "settlement_body"
    assert decided["outcome"]["settlement_body_id"] == court.id
    [told] = [n for n in await inbox(client, attache.headers)
              if n["kind"] == "dispute.decide" and case["reference"] in n["subject"]]
    # What was awarded, who pays and by when: not only «The case is now: decided».
    assert "300.00 USD" in told["body"] and "employer" in told["body"], told


async def test_of_two_concurrent_steps_exactly_one_wins(client, world):
    j = world.j
    case = await file_case(client, j)
    attache = attache_of(j, case)
    results = await asyncio.gather(*(
        step(client, attache.headers, case["id"], "acknowledge",
             expected_version=case["version"]) for _ in range(3)))
    assert sorted(r.status_code for r in results) == [200, 409, 409]
    assert all(r.json()["type"] == "/problems/stale-version" for r in results
               if r.status_code == 409)

    other = await file_case(client, j)
    attache = attache_of(j, other)
    results = await asyncio.gather(
        step(client, attache.headers, other["id"], "acknowledge"),
        step(client, attache.headers, other["id"], "acknowledge"))
    assert sorted(r.status_code for r in results) == [200, 409]
    final = ok(await client.get(f"/disputes/{other['id']}", headers=world.regulator))
    assert (final["status"], final["version"]) == ("acknowledged", other["version"] + 1)


# --- deadlines and escalation, the scheduled task run here and awaited ---------------------------


async def _overdue(db: asyncpg.Connection, dispute_id: int) -> None:
    await db.execute("UPDATE dispute SET stage_deadline = now() - interval '1 hour' "
                     "WHERE id = $1", dispute_id)


async def test_an_overdue_case_goes_to_another_attache_of_the_mission(client, world, db, app):
    j = await new_j(client, world)
    case = await file_case(client, j)
    first = attache_of(j, case)
    second = next(a for a in j.mission.attaches if a.id != first.id)
    await _overdue(db, case["id"])

    escalated = await run_task(tasks.escalate_overdue)
    assert case["id"] in escalated

    now = ok(await client.get(f"/disputes/{case['id']}", headers=world.regulator))
    assert (now["status"], now["assigned_attache_id"], now["escalation_count"]) == (
        "assigned", second.id, 1)
    assert near(now["stage_deadline"], datetime.now(UTC) + timedelta(days=3))
    assert now["routing"]["kind"] == "escalation"
    history = ok(await client.get(f"/disputes/{case['id']}/history", headers=second.headers))
    assert history["escalations"][0]["from_attache_id"] == first.id
    assert history["escalations"][0]["to_attache_id"] == second.id
    last = history["events"][-1]
    assert (last["action"], last["actor_role"]) == ("reassign", "system")
    assert "acknowledge deadline" in last["reason"]
    # The case page words the system's reason in the reader's language, not the log's.
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://vetted.test") as page:
        page.cookies.set("vetted_session", second.headers["Authorization"].split()[1],
                         domain="vetted.test")
        page.cookies.set("vetted_lang", "ru", domain="vetted.test")
        shown = await page.get(f"/mission/cases/{case['id']}")
        assert shown.status_code == 200, shown.text
        assert "Пропущен срок:" in shown.text and "deadline of" not in shown.text
    assert any(n["kind"] == "dispute.reassign" and case["reference"] in n["subject"]
               for n in await inbox(client, second.headers))
    # The first attaché no longer sees it; nothing is escalated twice.
    problem(await client.get(f"/disputes/{case['id']}", headers=first.headers), 404)
    assert case["id"] not in await run_task(tasks.escalate_overdue)

    mediating = await case_in(client, j, "in_mediation", world.regulator)
    await _overdue(db, mediating["id"])
    assert mediating["id"] in await run_task(tasks.escalate_overdue)
    moved = ok(await client.get(f"/disputes/{mediating['id']}", headers=world.regulator))
    assert moved["status"] == "in_mediation"
    assert moved["assigned_attache_id"] != mediating["assigned_attache_id"]
    assert near(moved["stage_deadline"], datetime.now(UTC) + timedelta(days=30))


async def test_with_nobody_else_in_the_mission_a_case_goes_to_the_supervisors(
    client, world, db
):
    j = await new_j(client, world, attaches=1)
    case = await file_case(client, j)
    await _overdue(db, case["id"])
    assert case["id"] in await run_task(tasks.escalate_overdue)
    now = ok(await client.get(f"/disputes/{case['id']}", headers=world.regulator))
    assert (now["status"], now["queue"], now["stage_deadline"]) == ("assigned", "supervisor",
                                                                    None)
    assert now["assigned_attache_id"] == j.mission.attaches[0].id  # still on it
    queue = ok(await client.get("/disputes/queues/supervisor", headers=world.regulator))
    assert case["id"] in [d["id"] for d in queue]
    assert any(n["kind"] == "dispute.supervisor_queue" and case["reference"] in n["subject"]
               for n in await inbox(client, world.regulator))
    history = ok(await client.get(f"/disputes/{case['id']}/history", headers=world.regulator))
    assert history["escalations"][0]["to_queue"] == "supervisor"
    assert history["events"][-1]["action"] == "escalate"

    # A regulator gives it to a new colleague; the clock starts again.
    newcomer = await account(client, world.admin, "attache", mission_id=j.mission.id)
    moved = await stepped(client, world.regulator, case["id"], "reassign",
                          reason="a new attaché joined the mission")
    assert (moved["assigned_attache_id"], moved["queue"]) == (newcomer.id, None)
    assert near(moved["stage_deadline"], datetime.now(UTC) + timedelta(days=3))

    # A settlement body that is late goes to the supervisors too.
    referred = await case_in(client, j, "referred", world.regulator)
    await _overdue(db, referred["id"])
    assert referred["id"] in await run_task(tasks.escalate_overdue)
    late = ok(await client.get(f"/disputes/{referred['id']}", headers=world.regulator))
    assert (late["status"], late["queue"]) == ("referred", "supervisor")
    assert any(n["kind"] == "dispute.escalate" and referred["reference"] in n["subject"]
               for n in await inbox(client, j.body.members[0].headers))


# --- evidence -------------------------------------------------------------------------------


async def upload(client: httpx.AsyncClient, headers: dict[str, str], dispute_id: int,
                 *files: tuple[str, bytes, str]) -> httpx.Response:
    return await client.post(f"/disputes/{dispute_id}/evidence", headers=headers,
                             files=[("files", f) for f in files])


async def test_evidence_is_stored_with_its_checksum_and_served_only_to_whom_it_may_be(
    client, world, engines
):
    j = world.j
    migrant = await new_migrant(client, j.centre)
    case = await file_case(client, j, migrant)
    attache = attache_of(j, case)
    colleague = next(a for a in j.mission.attaches if a.id != attache.id)
    stored = ok(await upload(client, j.centre.headers, case["id"],
                             ("../../payslip March.pdf", PDF, "application/pdf"),
                             ("photo.jpg", PNG, "image/jpeg")), 201)
    assert [(e["filename"], e["content_type"], e["size_bytes"], e["sha256"]) for e in stored] == [
        ("payslip March.pdf", "application/pdf", len(PDF), hashlib.sha256(PDF).hexdigest()),
        # The content decides the type, and the name's extension, not the name or the claim.
        ("photo.png", "image/png", len(PNG), hashlib.sha256(PNG).hexdigest()),
    ]
    sha = stored[0]["sha256"]
    on_disk = Path(engines["data_dir"]) / "evidence" / sha[:2] / sha
    assert on_disk.read_bytes() == PDF
    assert migrant.headers is not None
    ok(await upload(client, migrant.headers, case["id"], ("contract.jpg", JPEG, "image/jpeg")),
       201)
    assert any(n["kind"] == "dispute.evidence" and case["reference"] in n["subject"]
               for n in await inbox(client, attache.headers))

    url = f"/disputes/{case['id']}/evidence/{stored[0]['id']}"
    for headers in (j.centre.headers, migrant.headers, attache.headers, world.regulator,
                    world.admin):
        response = await client.get(url, headers=headers)
        assert response.status_code == 200, response.text
        assert response.content == PDF
        assert response.headers["content-type"] == "application/pdf"
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["content-disposition"].startswith("attachment;")
        assert response.headers["cache-control"] == "private, no-store"
        assert hashlib.sha256(response.content).hexdigest() == sha
        listed = ok(await client.get(f"/disputes/{case['id']}/evidence", headers=headers))
        assert len(listed) == 3

    # Never the agency: not the files, not the list, not in the case.
    problem(await client.get(url, headers=world.agency.headers), 403)
    problem(await client.get(f"/disputes/{case['id']}/evidence",
                             headers=world.agency.headers), 403)
    seen = ok(await client.get(f"/disputes/{case['id']}", headers=world.agency.headers))
    assert seen["evidence"] == []
    problem(await upload(client, world.agency.headers, case["id"],
                         ("defence.pdf", PDF, "application/pdf")), 403)
    # Nobody outside the case even learns it exists.
    stranger_centre = await new_centre(client, world.admin)
    for headers in (colleague.headers, world.other_agency.headers, stranger_centre.headers,
                    j.body.members[0].headers):
        problem(await client.get(url, headers=headers), 404)
    problem(await client.get(url), 401)

    # The settlement body sees it once the case is referred to it.
    await stepped(client, attache.headers, case["id"], "acknowledge")
    await stepped(client, attache.headers, case["id"], "refer")
    response = await client.get(url, headers=j.body.members[0].headers)
    assert response.status_code == 200 and response.content == PDF
    problem(await client.get(f"/disputes/{case['id']}/evidence/{2**62}",
                             headers=world.regulator), 404)


async def test_evidence_limits_and_nothing_half_stored(client, world, db, monkeypatch):
    j = world.j
    case = await file_case(client, j)

    async def count() -> int:
        n: int = await db.fetchval("SELECT count(*) FROM dispute_evidence WHERE dispute_id = $1",
                                   case["id"])
        return n

    limit = get_settings().evidence_max_bytes
    assert limit == 10 * 1024 * 1024
    too_big = b"%PDF-1.7\n" + bytes(limit)
    problem(await upload(client, j.centre.headers, case["id"],
                         ("big.pdf", too_big, "application/pdf")), 413, "files[0]")
    problem(await upload(client, j.centre.headers, case["id"],
                         ("setup.pdf", b"MZ\x90\x00 an executable", "application/pdf")),
            422, "files[0]")
    problem(await upload(client, j.centre.headers, case["id"],
                         ("note.png", b"just some text", "image/png")), 422, "files[0]")
    problem(await upload(client, j.centre.headers, case["id"],
                         ("empty.pdf", b"", "application/pdf")), 422, "files[0]")
    # One bad file among good ones: none is kept.
    problem(await upload(client, j.centre.headers, case["id"],
                         ("ok.pdf", PDF, "application/pdf"),
                         ("bad.gif", b"GIF89a....", "image/gif")), 422, "files[1]")
    problem(await client.post(f"/disputes/{case['id']}/evidence", headers=j.centre.headers,
                              data={"note": "no file"}), 422, "files")
    assert await count() == 0

    exact = b"%PDF-1.7\n" + bytes(limit - 9)
    ok(await upload(client, j.centre.headers, case["id"], ("exact.pdf", exact, "application/pdf")),
       201)
    monkeypatch.setattr(get_settings(), "evidence_max_files", 2)
    problem(await upload(client, j.centre.headers, case["id"],
                         ("a.pdf", PDF, "application/pdf"), ("b.png", PNG, "image/png")),
            422, "files")
    assert await count() == 1

    attache = attache_of(j, case)
    await stepped(client, j.centre.headers, case["id"], "withdraw", reason="settled")
    problem(await upload(client, attache.headers, case["id"], ("late.pdf", PDF, "application/pdf")),
            409)


MULTIPART = "multipart/form-data; boundary=evidence-boundary"
FILE_PART = (b"--evidence-boundary\r\nContent-Disposition: form-data; name=\"files\"; "
             b"filename=\"big.pdf\"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.7\n")


async def test_an_upload_is_not_read_before_its_sender_may_send_it(client, world, db):
    """Nobody's files are read (nothing spooled, nothing stored) before the caller is known
    and may add evidence to the case."""
    j = world.j
    case = await file_case(client, j)
    url = f"/disputes/{case['id']}/evidence"
    for headers, status in (({}, 401), ({"Authorization": "Bearer forged"}, 401),
                            (world.agency.headers, 403), (world.other_agency.headers, 404)):
        body = Streamed(400 * 1024 * 1024, head=FILE_PART)
        response = await client.post(url, content=body,
                                     headers={**headers, "Content-Type": MULTIPART})
        problem(response, status)
        assert body.sent == 0, (status, body.sent)
    assert await db.fetchval("SELECT count(*) FROM dispute_evidence WHERE dispute_id = $1",
                             case["id"]) == 0


async def test_a_page_upload_from_nobody_is_not_read(client, world):
    """The centre's and the mission's upload pages send a signed-out browser to sign in
    without reading what it streams (the CSRF token it would carry is inside the form)."""
    case = await file_case(client, world.j)
    for url in ("/centre/disputes/new", f"/centre/disputes/{case['id']}/evidence",
                f"/mission/cases/{case['id']}/evidence"):
        body = Streamed(400 * 1024 * 1024, head=FILE_PART)
        response = await client.post(url, content=body, headers={"Content-Type": MULTIPART})
        assert response.status_code == 303 and "/login" in response.headers["location"], url
        assert body.sent == 0, (url, body.sent)


async def test_an_upload_past_the_limit_is_refused_as_it_streams(client, world, db):
    j = world.j
    case = await file_case(client, j)
    url = f"/disputes/{case['id']}/evidence"
    limit = get_settings().resolved_upload_max_body_bytes()
    assert limit == get_settings().evidence_max_bytes + 1024 * 1024
    body = Streamed(40 * 1024 * 1024, head=FILE_PART)
    answer = problem(await client.post(url, content=body, headers={
        **j.centre.headers, "Content-Type": MULTIPART}), 413, "body")
    assert answer["limit_bytes"] == limit and str(limit) in answer["detail"]
    assert limit < body.sent <= limit + Streamed.CHUNK
    # A length declared past the limit: refused with none of it read.
    body = Streamed(400 * 1024 * 1024, head=FILE_PART)
    problem(await client.post(url, content=body, headers={
        **j.centre.headers, "Content-Type": MULTIPART, **body.declared()}), 413, "body")
    assert body.sent == 0
    # The form's text is checked like any other.
    problem(await client.post(url, headers=j.centre.headers, data={"note": "a\x00b"},
                              files=[("files", ("a.pdf", PDF, "application/pdf"))]),
            422, "note")
    assert await db.fetchval("SELECT count(*) FROM dispute_evidence WHERE dispute_id = $1",
                             case["id"]) == 0


async def test_a_tampered_evidence_file_is_not_served(client, world, engines):
    j = world.j
    case = await file_case(client, j)
    content = PDF + unique().encode()
    stored = ok(await upload(client, j.centre.headers, case["id"],
                             ("payslip.pdf", content, "application/pdf")), 201)[0]
    path = Path(engines["data_dir"]) / "evidence" / stored["sha256"][:2] / stored["sha256"]
    path.write_bytes(content.replace(b"%PDF", b"%PDX"))
    body = problem(await client.get(f"/disputes/{case['id']}/evidence/{stored['id']}",
                                    headers=world.regulator), 500)
    assert body["type"] == "/problems/evidence-corrupted"


# --- confidentiality ----------------------------------------------------------------------------


async def test_each_role_sees_what_it_may_of_a_case(client, world):
    j = world.j
    migrant = await new_migrant(client, j.centre)
    case = await file_case(client, j, migrant)
    attache = attache_of(j, case)
    colleague = next(a for a in j.mission.attaches if a.id != attache.id)
    foreign = await new_mission(client, world.admin, fresh_country())
    stranger = await new_migrant(client, j.centre)
    other_centre = await new_centre(client, world.admin)
    assert migrant.headers is not None and stranger.headers is not None
    url = f"/disputes/{case['id']}"

    full = {"migrant": migrant.headers, "filing centre": j.centre.headers,
            "assigned attaché": attache.headers, "regulator": world.regulator,
            "admin": world.admin}
    redacted = {"agency concerned": world.agency.headers}
    hidden = {"another migrant": stranger.headers, "another centre": other_centre.headers,
              "another attaché of the mission": colleague.headers,
              "an attaché elsewhere": foreign.attaches[0].headers,
              "another agency": world.other_agency.headers,
              "a settlement body it was not referred to": j.body.members[0].headers}

    def check(seen: dict[str, Any], contacts: bool, who: str) -> None:
        assert seen["complainant"]["full_name"] == migrant.record["full_name"], who
        assert (seen["complainant"]["phone"] == migrant.record["phone"]) is contacts, who
        assert (seen["complainant"]["email"] == migrant.record["email"]) is contacts, who
        assert (seen["migrant_id"] == migrant.id) is contacts, who

    for who, headers in full.items():
        check(ok(await client.get(url, headers=headers)), True, who)
        ok(await client.get(f"{url}/history", headers=headers))
    for who, headers in redacted.items():
        check(ok(await client.get(url, headers=headers)), False, who)
        ok(await client.get(f"{url}/history", headers=headers))
    for who, headers in hidden.items():
        assert (await client.get(url, headers=headers)).status_code == 404, who
        assert (await client.get(f"{url}/history", headers=headers)).status_code == 404, who
        listed = ok(await client.get("/disputes", headers=headers))
        assert case["id"] not in [d["id"] for d in listed], who
    problem(await client.get(url), 401)

    # Lists carry no personal data at all.
    for headers in (*full.values(), *redacted.values()):
        listed = ok(await client.get("/disputes", headers=headers))
        assert case["id"] in [d["id"] for d in listed]
        assert all("complainant" not in d for d in listed)

    # Referred, the case shows to its settlement body, without contacts.
    await stepped(client, attache.headers, case["id"], "acknowledge")
    await stepped(client, attache.headers, case["id"], "refer")
    check(ok(await client.get(url, headers=j.body.members[0].headers)), False,
          "the settlement body")


# --- terms, outcomes and deposits ---------------------------------------------------------------


async def test_contract_substitution_shows_beside_the_verified_terms(client, world):
    j = await new_j(client, world)
    agency, _ = await licensed_agency(client, world.regulator, [j.country])
    j.agency = agency
    job = await employer(client, agency, j.country)
    vacancy = await vacancy_in(client, "published", agency=agency,
                               attache_headers=j.mission.attaches[0].headers,
                               employer_id=job["id"], country=j.country)
    migrant = await new_migrant(client, j.centre, prescreened=True)
    referral = ok(await client.post("/referrals", headers=j.centre.headers, json={
        "migrant_id": migrant.id, "vacancy_id": vacancy["id"]}), 201)

    problem(await client.post("/disputes", headers=j.centre.headers, json=dispute_body(
        j, kind="contract_substitution", migrant_id=migrant.id, referral_id=referral["id"],
        agency_id=world.other_agency.id)), 422, "agency_id")
    other = await new_migrant(client, j.centre, login=False)
    problem(await client.post("/disputes", headers=j.centre.headers, json=dispute_body(
        j, migrant_id=other.id, referral_id=referral["id"])), 422, "referral_id")
    problem(await client.post("/disputes", headers=j.centre.headers, json=dispute_body(
        j, migrant_id=migrant.id, vacancy_id=vacancy["id"], country="KZ")), 422, "country")
    unverified = await draft(client, agency, job["id"], country=j.country)
    problem(await client.post("/disputes", headers=j.centre.headers, json=dispute_body(
        j, migrant_id=migrant.id, vacancy_id=unverified["id"])), 422, "vacancy_id")
    # Without a referral, the vacancy alone links the case to its verified terms.
    by_vacancy = ok(await client.post("/disputes", headers=j.centre.headers, json=dispute_body(
        j, migrant_id=migrant.id, vacancy_id=vacancy["id"], agency_id=None)), 201)
    assert (by_vacancy["agency_id"], by_vacancy["terms"]["vacancy_id"]) == (agency.id,
                                                                         vacancy["id"])

    body = dispute_body(j, kind="contract_substitution", migrant_id=migrant.id,
                        referral_id=referral["id"], employer_name=None,
                        reported_terms={
                            "wage": {"amount": "60000", "currency": "RUB", "period": "month"},
                            "hours_per_week": "72", "housing": "paid", "meals": "paid",
                            "fee_paid": {"amount": "500", "currency": "USD"}})
    del body["agency_id"]
    case = ok(await client.post("/disputes", headers=j.centre.headers, json=body), 201)
    assert (case["agency_id"], case["vacancy_id"], case["referral_id"]) == (
        agency.id, vacancy["id"], referral["id"])
    assert case["employer_name"] == vacancy["employer_name"]
    assert case["employer_id"] == job["id"]
    terms = case["terms"]
    assert terms["vacancy_verified"] is True
    assert terms["substitution_suspected"] is True
    lines = {ln["term"]: ln for ln in terms["lines"]}
    assert lines["wage"] == {"term": "wage", "promised": "90000.00 RUB per month",
                             "reported": "60000.00 RUB per month", "differs": True,
                             "worse": True,
                             # The same as data, which pages put in the reader's words.
                             "promised_value": {"amount": "90000.00", "currency": "RUB",
                                                "period": "month", "hours": None,
                                                "provision": None},
                             "reported_value": {"amount": "60000.00", "currency": "RUB",
                                                "period": "month", "hours": None,
                                                "provision": None}}
    assert lines["worker_fee"]["promised_value"]["amount"] in ("0", "0.00")
    assert lines["housing"]["reported_value"]["provision"] == "paid"
    assert (lines["hours_per_week"]["differs"], lines["hours_per_week"]["worse"]) == (True,
                                                                                      True)
    assert (lines["housing"]["promised"], lines["housing"]["reported"],
            lines["housing"]["worse"]) == ("free", "paid", True)
    assert (lines["meals"]["differs"], lines["meals"]["worse"]) == (False, False)
    assert (lines["worker_fee"]["promised"], lines["worker_fee"]["reported"],
            lines["worker_fee"]["worse"]) == ("none", "500.00 USD", True)
    # The agency sees the same comparison.
    seen = ok(await client.get(f"/disputes/{case['id']}", headers=agency.headers))
    assert seen["terms"] == terms
    # A fee alone is charged wrongly, but no contract's terms were swapped.
    fee_only = dispute_body(j, kind="recruitment_fees", migrant_id=migrant.id,
                            vacancy_id=vacancy["id"], reported_terms={
                                "fee_paid": {"amount": "20000", "currency": "KGS"}})
    charged = ok(await client.post("/disputes", headers=j.centre.headers, json=fee_only), 201)
    assert charged["terms"]["substitution_suspected"] is False


async def test_an_outcome_records_amounts_and_findings_and_can_watchlist_the_employer(
    client, world
):
    j = world.j
    case = await case_in(client, j, "in_mediation", world.regulator)
    attache = attache_of(j, case)
    bad: list[tuple[dict[str, Any], str]] = [
        (award(payable_by=None), "outcome.payable_by"),  # type: ignore[arg-type]
        (award(due=date.today() - timedelta(days=1)), "outcome.payment_due"),
        (outcome(payable_by="agency"), "outcome.payable_by"),
        (outcome(findings=[{"against": "agency", "summary": "charged fees",
                            "watchlist_employer": True}]),
         "outcome.findings[0].watchlist_employer"),
        (outcome(findings=[{"against": "landlord", "summary": "x y z"}]),
         "outcome.findings.0.against"),
        (award(amount="-5"), "outcome.awarded.amount"),
    ]
    for given, field in bad:
        if given.get("payable_by", "") is None:
            del given["payable_by"]
        response = await step(client, attache.headers, case["id"], "resolve", outcome=given)
        body = problem(response, 422)
        assert body["field"].replace("[", ".").replace("]", "") == \
            field.replace("[", ".").replace("]", ""), body
    resolved = await stepped(client, attache.headers, case["id"], "resolve", outcome=award(
        "1500.00", "USD", payable_by="employer", findings=[
            {"against": "employer", "summary": "wages withheld for three months",
             "watchlist_employer": True},
            {"against": "agency", "summary": "placed the worker without checking the employer"},
        ]))
    result = resolved["outcome"]
    assert result["awarded"] == {"amount": "1500.00", "currency": "USD"}
    assert result["outstanding"] == {"amount": "1500.00", "currency": "USD"}
    assert result["payable_by"] == "employer"
    assert result["payment_due"] == str(date.today() + timedelta(days=30))
    assert [(f["against"], f["upheld"]) for f in result["findings"]] == [
        ("employer", True), ("agency", True)]
    listed_id = result["findings"][0]["watchlisted_employer_id"]
    watchlist = ok(await client.get("/watchlist/employers", headers=world.regulator))
    entry = next(e for e in watchlist if e["id"] == listed_id)
    assert (entry["name"], entry["country"]) == (case["employer_name"], j.country)
    assert case["reference"] in entry["reason"]
    # The regulator's page says why in its own language, not in the reason's English.
    page = await client.get("/ministry/watchlist", headers={
        "Cookie": f"vetted_session={world.regulator['Authorization'].split()[1]}",
        "Accept-Language": "ru"})
    assert f"Вывод по спору {case['reference']}: wages withheld for three months" in page.text
    assert "finding in dispute" not in page.text

    paid = ok(await client.post(f"/disputes/{case['id']}/recoveries", headers=attache.headers,
                                json={"amount": {"amount": "500", "currency": "USD"}}))
    assert paid["outcome"]["recovered"]["amount"] == "500.00"
    assert paid["outcome"]["outstanding"]["amount"] == "1000.00"
    problem(await client.post(f"/disputes/{case['id']}/recoveries", headers=attache.headers,
                              json={"amount": {"amount": "1000.01", "currency": "USD"}}),
            422, "amount.amount")
    problem(await client.post(f"/disputes/{case['id']}/recoveries", headers=attache.headers,
                              json={"amount": {"amount": "10", "currency": "EUR"}}),
            422, "amount.currency")
    problem(await client.post(f"/disputes/{case['id']}/recoveries",
                              headers=world.agency.headers,
                              json={"amount": {"amount": "10", "currency": "USD"}}), 403)


async def test_a_decision_watchlisting_the_employer_hides_its_job_and_stops_its_referrals(
        client, world, db):
    """A decision put the employer on the watchlist, yet its job stayed in search and
    another migrant's referral to it moved on, with nobody told."""
    j = await new_j(client, world)
    agency, _ = await licensed_agency(client, world.regulator, [j.country])
    j.agency = agency
    boss = await employer(client, agency, j.country)
    title = f"Facade fitter {unique()}"
    vacancy = await vacancy_in(client, "published", agency=agency,
                               attache_headers=j.mission.attaches[0].headers,
                               employer_id=boss["id"], country=j.country, title=title)
    complainant = await new_migrant(client, j.centre, prescreened=True)
    other = await new_migrant(client, j.centre, prescreened=True)
    referrals = [ok(await client.post("/referrals", headers=j.centre.headers, json={
        "migrant_id": m.id, "vacancy_id": vacancy["id"]}), 201) for m in (complainant, other)]
    await relay_index(db, [vacancy["id"]])
    found = ok(await client.get("/search/vacancies", params={"q": title, "mode": "keyword"}))
    assert vacancy["id"] in [r["vacancy"]["id"] for r in found["results"]]

    body = dispute_body(j, migrant_id=complainant.id, referral_id=referrals[0]["id"],
                        employer_name=None)
    del body["agency_id"]
    case = ok(await client.post("/disputes", headers=j.centre.headers, json=body), 201)
    attache = attache_of(j, case)
    for action in ("acknowledge", "start_mediation"):
        await stepped(client, attache.headers, case["id"], action)
    await stepped(client, attache.headers, case["id"], "resolve", outcome=award(
        "900.00", "USD", payable_by="employer", findings=[
            {"against": "employer", "summary": "wages withheld for three months",
             "watchlist_employer": True}]))

    await relay_index(db, [vacancy["id"]])
    found = ok(await client.get("/search/vacancies", params={"q": title, "mode": "keyword"}))
    assert vacancy["id"] not in [r["vacancy"]["id"] for r in found["results"]]
    waiting = ok(await client.get(f"/referrals/{referrals[1]['id']}", headers=agency.headers))
    assert (waiting["employer_watchlisted"], waiting["allowed_moves"]) == (True, ["rejected"])
    assert other.headers is not None
    told = [n for n in await inbox(client, other.headers)
            if n["kind"] == "referral.employer_watchlisted"]
    assert len(told) == 1 and boss["name"] in told[0]["body"]
    for_agency = [n for n in await inbox(client, agency.headers)
                  if n["kind"] == "referral.employer_watchlisted"]
    assert {n["params"]["referral"] for n in for_agency} == {r["id"] for r in referrals}
    hidden = [n for n in await inbox(client, agency.headers)
              if n["kind"] == "vacancy.employer_watchlisted"]
    # The title and the city apart, so each reader's text names the city in their language.
    assert [(n["params"]["job"], n["params"]["city"]) for n in hidden] == [
        (title, vacancy["city"])]


async def test_the_centres_complaint_form_says_a_referrals_other_agency_and_country_at_once(
        client, world, db, app):
    """A referral chosen with another agency and a country its job is not in was refused
    one fault at a time: fixing the agency only then showed the country."""
    j = await new_j(client, world)
    agency, _ = await licensed_agency(client, world.regulator, [j.country])
    j.agency = agency
    boss = await employer(client, agency, j.country)
    vacancy = await vacancy_in(client, "published", agency=agency,
                               attache_headers=j.mission.attaches[0].headers,
                               employer_id=boss["id"], country=j.country,
                               title=f"Tiler {unique()}")
    migrant = await new_migrant(client, j.centre, prescreened=True)
    referral = ok(await client.post("/referrals", headers=j.centre.headers, json={
        "migrant_id": migrant.id, "vacancy_id": vacancy["id"]}), 201)
    elsewhere = "KZ" if j.country != "KZ" else "RU"
    cases = "SELECT count(*) FROM dispute WHERE migrant_id = $1"
    before = await db.fetchval(cases, migrant.id)
    transport = httpx.ASGITransport(app=app, client=("10.251.9.4", 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://vetted.test") as page:
        page.cookies.set("vetted_session", j.centre.headers["Authorization"].split()[1],
                         domain="vetted.test")
        page.cookies.set("vetted_lang", "en", domain="vetted.test")
        form = await page.get("/centre/disputes/new", params={"migrant": migrant.id})
        tokens = dict(re.findall(r'name="(csrf_token|form_token)" value="([^"]+)"', form.text))
        body = dispute_body(j, migrant_id=migrant.id)
        refused = await page.post("/centre/disputes/new", data={
            **tokens, "kind": body["kind"], "migrant_id": str(migrant.id),
            "referral_id": str(referral["id"]), "agency_id": str(world.agency.id),
            "country": elsewhere, "region": body["region"],
            "description": body["description"]})
    assert refused.status_code == 422, refused.text
    assert 'id="e-agency_id"' in refused.text and 'id="e-country"' in refused.text, \
        refused.text
    assert await db.fetchval(cases, migrant.id) == before


async def test_an_unpaid_award_is_drawn_from_the_agencys_deposit(client, world, db):
    j = await new_j(client, world)
    agency, licence = await active_licence(client, world.regulator)
    j.agency = agency
    case = await case_in(client, j, "in_mediation", world.regulator)
    attache = attache_of(j, case)
    due = date.today() + timedelta(days=14)
    await stepped(client, attache.headers, case["id"], "resolve",
                  outcome=award("1000.00", "KGS", due=due))
    ok(await client.post(f"/disputes/{case['id']}/recoveries", headers=attache.headers,
                         json={"amount": {"amount": "200", "currency": "KGS"},
                               "note": "first instalment"}))
    draw_url = f"/disputes/{case['id']}/deposit-draws"
    reason = {"reason": "the award was not paid by its deadline", "confirm": True}

    deposit = ok(await client.get(f"/agencies/{agency.id}/deposit", headers=agency.headers))
    assert (deposit["balance"], deposit["top_up_owed"], deposit["movements"]) == (
        {"amount": "50000.00", "currency": "KGS"}, {"amount": "0.00", "currency": "KGS"}, [])
    assert deposit["licence_id"] == licence["id"]

    problem(await client.post(draw_url, headers=world.regulator, json=reason), 409)  # not due
    await db.execute("UPDATE dispute_outcome SET payment_due = current_date - 1 "
                     "WHERE dispute_id = $1", case["id"])
    problem(await client.post(draw_url, headers=attache.headers, json=reason), 403)
    problem(await client.post(draw_url, headers=world.regulator, json=reason | {
        "amount": {"amount": "900", "currency": "KGS"}}), 422, "amount.amount")
    drawn = ok(await client.post(draw_url, headers=world.regulator, json=reason), 201)
    assert drawn["balance"] == {"amount": "49200.00", "currency": "KGS"}
    assert drawn["top_up_owed"] == {"amount": "800.00", "currency": "KGS"}
    assert [(m["kind"], m["amount"]["amount"], m["balance_after"], m["dispute_id"])
            for m in drawn["movements"]] == [("opening", "50000.00", "50000.00", None),
                                             ("draw", "800.00", "49200.00", case["id"])]
    settled = ok(await client.get(f"/disputes/{case['id']}", headers=world.regulator))
    assert settled["outcome"]["outstanding"]["amount"] == "0.00"
    problem(await client.post(draw_url, headers=world.regulator, json=reason), 409)

    seen = ok(await client.get(f"/agencies/{agency.id}/deposit", headers=agency.headers))
    assert seen["top_up_owed"]["amount"] == "800.00"
    problem(await client.get(f"/agencies/{agency.id}/deposit",
                             headers=world.other_agency.headers), 404)
    assert any(n["kind"] == "deposit.draw" for n in await inbox(client, agency.headers))

    top_up_url = f"/agencies/{agency.id}/deposit/top-ups"
    problem(await client.post(top_up_url, headers=agency.headers,
                              json={"amount": {"amount": "500", "currency": "KGS"}}), 403)
    problem(await client.post(top_up_url, headers=world.regulator,
                              json={"amount": {"amount": "900", "currency": "KGS"}}),
            422, "amount.amount")
    problem(await client.post(top_up_url, headers=world.regulator,
                              json={"amount": {"amount": "100", "currency": "USD"}}),
            422, "amount.currency")
    topped = ok(await client.post(top_up_url, headers=world.regulator, json={
        "amount": {"amount": "500", "currency": "KGS"}, "reason": "bank transfer 42"}), 201)
    assert (topped["balance"]["amount"], topped["top_up_owed"]["amount"]) == ("49700.00",
                                                                              "300.00")
    audit = await db.fetch("SELECT action, data FROM audit_entry WHERE entity_type = 'deposit' "
                           "AND entity_id = $1 ORDER BY id", str(agency.id))
    assert [(a["action"], a["data"]["balance_after"]) for a in audit] == [
        ("draw", "49200.00"), ("top_up", "49700.00")]


async def test_a_deposit_answers_only_for_overdue_awards_against_the_agency(client, world, db):
    j = await new_j(client, world)
    agency, _ = await active_licence(client, world.regulator)
    j.agency = agency
    reason = {"reason": "unpaid", "confirm": True}

    async def resolved_with(result: dict[str, Any]) -> dict[str, Any]:
        case = await case_in(client, j, "in_mediation", world.regulator)
        await stepped(client, attache_of(j, case).headers, case["id"], "resolve",
                      outcome=result)
        await db.execute("UPDATE dispute_outcome SET payment_due = current_date - 1 "
                         "WHERE dispute_id = $1", case["id"])
        return case

    by_employer = await resolved_with(award("100", "KGS", payable_by="employer"))
    in_dollars = await resolved_with(award("100", "USD"))
    too_much = await resolved_with(award("60000", "KGS"))
    nothing = await case_in(client, j, "in_mediation", world.regulator)
    await stepped(client, attache_of(j, nothing).headers, nothing["id"], "resolve",
                  outcome=outcome())
    for case in (by_employer, in_dollars, too_much, nothing):
        problem(await client.post(f"/disputes/{case['id']}/deposit-draws",
                                  headers=world.regulator, json=reason), 409)
    deposit = ok(await client.get(f"/agencies/{agency.id}/deposit", headers=world.regulator))
    assert deposit["balance"]["amount"] == "50000.00"
    assert [m["kind"] for m in deposit["movements"]] in ([], ["opening"])


async def test_every_case_endpoint_checks_who_asks(client, world):
    """Object-level checks, endpoint by endpoint and role by role: those outside the case
    get 404 (ids cannot be probed), those in it but without the right get 403."""
    j = world.j
    migrant = await new_migrant(client, j.centre)
    stranger = await new_migrant(client, await new_centre(client, world.admin))
    case = await file_case(client, j, migrant)
    attache = attache_of(j, case)
    colleague = next(a for a in j.mission.attaches if a.id != attache.id)
    evidence = ok(await upload(client, j.centre.headers, case["id"],
                               ("payslip.pdf", PDF, "application/pdf")), 201)[0]
    assert migrant.headers is not None and stranger.headers is not None
    base = f"/disputes/{case['id']}"
    decision = case["routing"]["decision_id"]
    money = {"amount": {"amount": "1", "currency": "USD"}}

    endpoints = {
        "case": lambda h: client.get(base, headers=h),
        "history": lambda h: client.get(f"{base}/history", headers=h),
        "evidence list": lambda h: client.get(f"{base}/evidence", headers=h),
        "evidence file": lambda h: client.get(f"{base}/evidence/{evidence['id']}", headers=h),
        "add evidence": lambda h: upload(client, h, case["id"],
                                         ("more.png", PNG, "image/png")),
        "routing": lambda h: client.get(f"{base}/routing", headers=h),
        "mark routing": lambda h: client.put(f"{base}/routing/{decision}/feedback",
                                             headers=h, json={"correct": True}),
        "recovery": lambda h: client.post(f"{base}/recoveries", headers=h, json=money),
        "deposit draw": lambda h: client.post(f"{base}/deposit-draws", headers=h,
                                              json={"reason": "not paid", "confirm": True}),
        "step": lambda h: step(client, h, case["id"], "start_mediation"),
    }
    #                  case hist evl  evf  add  rout mark rec  draw step
    expected = {
        "migrant":    (200, 200, 200, 200, 201, 200, 403, 403, 403, 409),
        "centre":     (200, 200, 200, 200, 201, 200, 403, 403, 403, 409),
        "attache":    (200, 200, 200, 200, 201, 200, 200, 409, 403, 409),
        "regulator":  (200, 200, 200, 200, 201, 200, 200, 409, 409, 409),
        "agency":     (200, 200, 403, 403, 403, 403, 403, 403, 403, 409),
        "other agency": (404, 404, 404, 404, 404, 404, 404, 404, 403, 404),
        "other migrant": (404, 404, 404, 404, 404, 404, 404, 404, 403, 404),
        "colleague":  (404, 404, 404, 404, 404, 404, 404, 404, 403, 404),
        "body":       (404, 404, 404, 404, 404, 404, 404, 404, 403, 404),
    }
    who = {"migrant": migrant.headers, "centre": j.centre.headers,
           "attache": attache.headers, "regulator": world.regulator,
           "agency": world.agency.headers, "other agency": world.other_agency.headers,
           "other migrant": stranger.headers, "colleague": colleague.headers,
           "body": j.body.members[0].headers}
    for role, codes in expected.items():
        for (endpoint, call), code in zip(endpoints.items(), codes, strict=True):
            response = await call(who[role])
            assert response.status_code == code, (role, endpoint, response.text)
    for call in endpoints.values():
        assert (await call({})).status_code == 401
