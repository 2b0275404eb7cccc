"""Disputes against any agency in the register and against recruiters who are not in it,
through the API on the real PostgreSQL: cases against suspended and revoked agencies and
against an unregistered recruiter are filed and routed; bad input names its field and
writes nothing; reports of one recruiter meet however the phone and the name were written;
the regulator's queue and its referrals, with who may see what."""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg
import httpx
import pytest

from core.db import UnitOfWork
from disputes import service as dispute_service
from ratings import service as ratings_service
from tests.conftest import act, active_licence, unique
from tests.factories_disputes import (
    Jurisdiction,
    attache_of,
    file_case,
    jurisdiction,
    new_centre,
    new_migrant,
    ok,
    outcome,
    problem,
    stepped,
)

pytestmark = pytest.mark.asyncio

# Syllables spelled alike in Latin and Cyrillic, for surnames no other test uses.
_SYLLABLES = [("ka", "ка"), ("lo", "ло"), ("mu", "му"), ("ri", "ри"), ("sa", "са"),
              ("te", "те"), ("du", "ду"), ("bi", "би"), ("no", "но"), ("go", "го")]


def surname() -> tuple[str, str]:
    """A surname of its own, in Latin and in Cyrillic."""
    picked = [random.choice(_SYLLABLES) for _ in range(6)]
    latin = "".join(p[0] for p in picked).capitalize() + "ev"
    cyrillic = "".join(p[1] for p in picked).capitalize() + "ев"
    return latin, cyrillic


def national_number() -> str:
    """Nine digits of a Kyrgyz mobile number no other test uses."""
    return "555" + "".join(random.choice("0123456789") for _ in range(6))


def recruiter(**over: Any) -> dict[str, Any]:
    latin, _ = surname()
    return {"full_name": f"Bakyt {latin}", "phone": f"+996 {national_number()}",
            "address": "Osh, Jayma bazaar, row 4", "found_via": "street_market", **over}


async def counts(db: asyncpg.Connection) -> tuple[int, ...]:
    row = await db.fetchrow(
        """
        SELECT (SELECT count(*) FROM dispute), (SELECT count(*) FROM dispute_recruiter),
               (SELECT count(*) FROM dispute_event), (SELECT count(*) FROM recruiter_referral),
               (SELECT count(*) FROM audit_entry)
        """)
    assert row is not None
    return tuple(row)


async def world(client: httpx.AsyncClient, admin: dict[str, str], regulator: dict[str, str]
                ) -> Jurisdiction:
    agency, _ = await active_licence(client, regulator)
    return await jurisdiction(client, admin, regulator, agency)


def against_recruiter(j: Jurisdiction, **over: Any) -> dict[str, Any]:
    """A case body with no agency: the recruiter instead."""
    return {"recruiter": recruiter(), "agency_id": None, **over}


async def file_against_recruiter(client: httpx.AsyncClient, j: Jurisdiction, **over: Any
                                 ) -> dict[str, Any]:
    body = against_recruiter(j, **over)
    case = await file_case(client, j, **body)
    return case


async def entries(client: httpx.AsyncClient, headers: dict[str, str], **params: Any
                  ) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = ok(await client.get(
        "/unlicensed-recruiters", headers=headers, params={"limit": 1000, **params}))
    return found


def entry_of(found: list[dict[str, Any]], dispute_id: int) -> dict[str, Any]:
    return next(e for e in found if any(c["dispute_id"] == dispute_id for c in e["cases"]))


# --- agencies whatever their licence status ------------------------------------------------


async def test_a_case_against_a_suspended_or_revoked_agency_is_filed_and_routed(
        client, admin, regulator, app):
    j = await world(client, admin, regulator)
    suspended, licence = await active_licence(client, regulator)
    ok(await act(client, regulator, licence["id"], "suspend", reason="fees charged"))
    revoked, licence = await active_licence(client, regulator)
    ok(await act(client, regulator, licence["id"], "revoke", reason="forged contracts"))

    for agency in (suspended, revoked):
        case = await file_case(client, j, agency_id=agency.id)
        assert (case["status"], case["mission_id"]) == ("assigned", j.mission.id)
        assert case["agency_id"] == agency.id
        assert case["agency_name"] == agency.body["legal_name"]
        assert case["recruiter"] is None
        # The agency concerned sees the case, without the complainant's contacts.
        seen = ok(await client.get(f"/disputes/{case['id']}", headers=agency.headers))
        assert seen["complainant"]["phone"] is None

    # Their cases count in their ratings' inputs, as any registered agency's do.
    async with UnitOfWork(app.state.pool) as uow:
        records = await dispute_service.agency_records(
            uow, since=datetime.now(UTC) - timedelta(days=1),
            agency_ids=[suspended.id, revoked.id])
    assert records[suspended.id].disputes == 1
    assert records[revoked.id].disputes == 1


# --- recruiters not in the register ---------------------------------------------------------


async def test_a_case_against_an_unregistered_recruiter_is_routed_by_the_place_of_work(
        client, admin, regulator, db, app):
    j = await world(client, admin, regulator)
    migrant = await new_migrant(client, j.centre)
    body = recruiter(found_via="other", found_via_detail="a Telegram channel about jobs")
    case = await file_case(client, j, migrant, recruiter=body, agency_id=None)

    assert case["agency_id"] is None and case["agency_name"] is None
    assert case["recruiter"] == {**body, "found_via_detail": "a Telegram channel about jobs"}
    # The routing rules look at country, region, kind and amount: no agency is needed.
    assert (case["status"], case["mission_id"]) == ("assigned", j.mission.id)
    assert case["routing"]["rule_id"] == j.rule["id"]
    assert case["settlement_body_id"] == j.body.id
    attache = attache_of(j, case)
    seen = ok(await client.get(f"/disputes/{case['id']}", headers=attache.headers))
    assert seen["recruiter"]["phone"] == body["phone"]

    # Nowhere the rules cover: the fallback queue, as for any case.
    lost = await file_case(client, j, migrant, recruiter=recruiter(), agency_id=None,
                           region="Nowhere Krai")
    assert (lost["status"], lost["queue"]) == ("filed", "fallback")

    # The audit log, never erased, names neither the migrant nor the recruiter.
    entries_ = await db.fetch("SELECT data::text AS data FROM audit_entry "
                              "WHERE entity_type = 'dispute' AND entity_id = $1",
                              str(case["id"]))
    assert entries_
    for entry in entries_:
        for secret in (migrant.record["full_name"], body["full_name"], body["phone"]):
            assert secret not in entry["data"]

    # Ratings count registered agencies' cases only, and still compute.
    async with UnitOfWork(app.state.pool) as uow:
        records = await dispute_service.agency_records(
            uow, since=datetime.now(UTC) - timedelta(days=1))
        assert None not in records
        await ratings_service.recompute_all_ratings(uow, now=datetime.now(UTC))

    # Findings and awards go against the employer: there is no agency to answer.
    case = ok(await client.get(f"/disputes/{case['id']}", headers=attache.headers))
    for action in ("acknowledge", "start_mediation"):
        case = await stepped(client, attache.headers, case["id"], action)
    refused = problem(await client.post(
        f"/disputes/{case['id']}/transitions", headers=attache.headers, json={
            "action": "resolve", "confirm": True, "outcome": outcome(findings=[
                {"against": "agency", "summary": "recruited without a licence"}])}),
        422, "outcome.findings[0].against")
    assert refused["code"] == "outcome.no_agency"
    problem(await client.post(
        f"/disputes/{case['id']}/transitions", headers=attache.headers, json={
            "action": "resolve", "confirm": True, "outcome": outcome(
                awarded={"amount": "500", "currency": "USD"}, payable_by="agency")}),
        422, "outcome.payable_by")
    resolved = await stepped(client, attache.headers, case["id"], "resolve", outcome=outcome(
        awarded={"amount": "500", "currency": "USD"}, payable_by="employer",
        findings=[{"against": "employer", "summary": "wages withheld"}]))
    assert resolved["outcome"]["findings"][0]["against"] == "employer"
    # Its findings are corrected as any case's are; no agency's record is told of it.
    corrected = ok(await client.post(
        f"/disputes/{case['id']}/outcome/corrections", headers=attache.headers, json={
            "outcome": outcome(awarded={"amount": "500", "currency": "USD"},
                               payable_by="employer",
                               findings=[{"against": "employer",
                                          "summary": "wages withheld for two months"}]),
            "reason": "the months were miscounted", "confirm": True}))
    assert corrected["outcome"]["version"] == 2
    assert corrected["outcome"]["findings"][0]["summary"] == "wages withheld for two months"


async def test_an_attache_and_a_migrant_file_against_a_recruiter(client, admin, regulator):
    j = await world(client, admin, regulator)
    attache = j.mission.attaches[0]
    number = national_number()
    person = {"full_name": "Dilnoza Karimova", "phone": "+7 900 111 2233"}
    # The mission serves migrants from Kyrgyzstan: a number given there in national form
    # is read as Kyrgyz.
    case = ok(await client.post("/disputes", headers=attache.headers, json={
        "kind": "recruitment_fees", "country": j.country, "region": j.region,
        "description": "Paid a recruiter for a job that did not exist on arrival.",
        "complainant": person, "recruiter": recruiter(phone=f"0{number}")}), 201)
    assert case["agency_id"] is None and case["status"] == "assigned"

    migrant = await new_migrant(client, j.centre)
    assert migrant.headers is not None
    mine = ok(await client.post("/disputes", headers=migrant.headers, json={
        "kind": "recruitment_fees", "country": j.country, "region": j.region,
        "description": "Paid a recruiter for a job that did not exist on arrival.",
        "recruiter": recruiter(phone=f"+996 {number}")}), 201)
    entry = entry_of(await entries(client, regulator), case["id"])
    assert {c["dispute_id"] for c in entry["cases"]} == {case["id"], mine["id"]}
    assert entry["phone_keys"] == [f"996{number}"]


async def test_bad_input_names_the_field_and_writes_nothing(client, admin, regulator, db):
    j = await world(client, admin, regulator)
    migrant = await new_migrant(client, j.centre, login=False)
    good = recruiter()
    without = {k: v for k, v in good.items()}
    cases: list[tuple[dict[str, Any], str]] = [
        ({k: v for k, v in good.items() if k != "full_name"}, "recruiter.full_name"),
        ({k: v for k, v in good.items() if k != "phone"}, "recruiter.phone"),
        ({k: v for k, v in good.items() if k != "found_via"}, "recruiter.found_via"),
        (without | {"full_name": " "}, "recruiter.full_name"),
        (without | {"phone": "call me"}, "recruiter.phone"),
        (without | {"phone": "(12) - 34"}, "recruiter.phone"),
        (without | {"address": "Osh"}, "recruiter.address"),
        (without | {"found_via": "telegram"}, "recruiter.found_via"),
        (without | {"found_via": "other"}, "recruiter.found_via_detail"),
        (without | {"nickname": "Boss"}, "recruiter.nickname"),
    ]
    before = await counts(db)
    for body, field in cases:
        problem(await client.post("/disputes", headers=j.centre.headers, json={
            "kind": "unpaid_wages", "migrant_id": migrant.id, "country": j.country,
            "region": j.region, "description": "No wages were paid for three months.",
            "recruiter": body}), 422, field)
    # An agency and a recruiter at once, or neither: refused with a stable code.
    both = problem(await client.post("/disputes", headers=j.centre.headers, json={
        "kind": "unpaid_wages", "migrant_id": migrant.id, "country": j.country,
        "region": j.region, "description": "No wages were paid for three months.",
        "agency_id": j.agency.id, "recruiter": good}), 422, "agency_id")
    assert both["code"] == "dispute.two_parties"
    neither = problem(await client.post("/disputes", headers=j.centre.headers, json={
        "kind": "unpaid_wages", "migrant_id": migrant.id, "country": j.country,
        "region": j.region, "description": "No wages were paid for three months."}),
        422, "agency_id")
    assert neither["code"] == "dispute.no_party"
    assert await counts(db) == before


# --- the regulator's queue ------------------------------------------------------------------


async def test_reports_of_one_recruiter_meet_however_written(client, admin, regulator, db):
    j = await world(client, admin, regulator)
    latin, cyrillic = surname()
    number = national_number()
    migrant = await new_migrant(client, j.centre)
    # 1 and 2: the same phone written two ways, the names different; 3: the name of 1 in
    # Cyrillic, in another order, with another phone; 4: someone else.
    first = await file_against_recruiter(client, j, recruiter=recruiter(
        full_name=f"Bakyt {latin}", phone=f"+996 ({number[:3]}) {number[3:5]}-{number[5:7]}"
                                          f"-{number[7:]}"))
    second = await file_against_recruiter(client, j, recruiter=recruiter(
        full_name="Ulan", phone=f"0{number[:3]} {number[3:6]} {number[6:]}"))
    third = await file_against_recruiter(client, j, recruiter=recruiter(
        full_name=f"{cyrillic} Бакыт", phone=f"+996 700 {number[3:]}", address=None,
        found_via="social_media"))
    latin_other, _ = surname()
    fourth = await file_against_recruiter(client, j, recruiter=recruiter(
        full_name=f"Azamat {latin_other}", phone=f"+7 912 {number[3:]}0"))

    found = await entries(client, regulator)
    entry = entry_of(found, first["id"])
    assert entry["reports"] == 3 and entry["unreferred_reports"] == 3
    assert {c["dispute_id"] for c in entry["cases"]} == {first["id"], second["id"],
                                                         third["id"]}
    assert set(entry["names"]) == {f"Bakyt {latin}", "Ulan", f"{cyrillic} Бакыт"}
    assert f"996{number}" in entry["phone_keys"]
    assert entry["entry_id"] == first["id"]
    assert entry["cases"][0]["url"] == f"/disputes/{third['id']}"  # the newest first
    alone = entry_of(found, fourth["id"])
    assert alone["reports"] == 1
    # The most reported first.
    counts_in_order = [e["reports"] for e in found]
    assert counts_in_order == sorted(counts_in_order, reverse=True)
    assert found.index(entry) < found.index(alone)

    # Nothing about the migrants who reported.
    text = json.dumps(entry)
    for secret in (migrant.record["full_name"], migrant.record["phone"],
                   migrant.record["email"], "No wages were paid", "complainant",
                   "migrant_id"):
        assert secret not in text

    # One entry, by any of its reports; a case against an agency is no entry.
    assert ok(await client.get(f"/unlicensed-recruiters/{second['id']}",
                               headers=regulator))["entry_id"] == first["id"]
    agency_case = await file_case(client, j)
    problem(await client.get(f"/unlicensed-recruiters/{agency_case['id']}",
                             headers=regulator), 404)

    # A referral: bad input writes nothing; then it covers all three reports, once.
    before = await counts(db)
    problem(await client.post(f"/unlicensed-recruiters/{third['id']}/referrals",
                              headers=regulator, json={"authority": "fbi", "note": "sent"}),
            422, "authority")
    problem(await client.post(f"/unlicensed-recruiters/{third['id']}/referrals",
                              headers=regulator, json={"authority": "police"}), 422, "note")
    assert await counts(db) == before
    note = f"Letter {unique()} to the Osh city police"
    referred = ok(await client.post(f"/unlicensed-recruiters/{third['id']}/referrals",
                                    headers=regulator,
                                    json={"authority": "police", "note": note}), 201)
    assert referred["unreferred_reports"] == 0
    assert [(r["authority"], r["note"], r["reports"]) for r in referred["referrals"]] == [
        ("police", note, 3)]
    audit = await db.fetchrow("SELECT * FROM audit_entry WHERE entity_type = "
                              "'unlicensed_recruiter' AND reason = $1", note)
    assert audit is not None and audit["action"] == "refer_police"
    assert audit["data"]["dispute_ids"] == sorted([first["id"], second["id"], third["id"]])
    logged = json.dumps(audit["data"])
    assert latin not in logged and number not in logged
    problem(await client.post(f"/unlicensed-recruiters/{first['id']}/referrals",
                              headers=regulator, json={"authority": "prosecutor",
                                                       "note": "again"}), 409)
    waiting = await entries(client, regulator, unreferred_only="true")
    assert not any(e["entry_id"] == first["id"] for e in waiting)

    # A new report of the same phone joins the entry and waits for the next referral.
    fifth = await file_against_recruiter(client, j, recruiter=recruiter(
        full_name="Бакыт", phone=f"996{number}"))
    entry = entry_of(await entries(client, regulator, unreferred_only="true"), fifth["id"])
    assert (entry["entry_id"], entry["reports"], entry["unreferred_reports"]) == (
        first["id"], 4, 1)


async def test_who_sees_the_queue_and_the_recruiters_cases(client, admin, regulator, db):
    j = await world(client, admin, regulator)
    migrant = await new_migrant(client, j.centre)
    case = await file_against_recruiter(client, j)
    other_centre = await new_centre(client, admin)
    agency_staff = j.agency.headers
    outsider, _ = await active_licence(client, regulator)
    body_member = j.body.members[0].headers
    attache = attache_of(j, case).headers
    assert migrant.headers is not None

    # The queue is the regulator's (and the administrator's).
    ok(await client.get("/unlicensed-recruiters", headers=admin))
    ok(await client.get("/unlicensed-recruiters", headers=regulator))
    for headers in (j.centre.headers, other_centre.headers, agency_staff, outsider.headers,
                    attache, body_member, migrant.headers):
        problem(await client.get("/unlicensed-recruiters", headers=headers), 403)
        problem(await client.get(f"/unlicensed-recruiters/{case['id']}", headers=headers),
                403)
        problem(await client.post(f"/unlicensed-recruiters/{case['id']}/referrals",
                                  headers=headers,
                                  json={"authority": "police", "note": "sent today"}), 403)
    problem(await client.get("/unlicensed-recruiters"), 401)

    # The case itself: the centre that filed, its attaché and officials; no agency.
    for headers in (j.centre.headers, attache, regulator):
        assert ok(await client.get(f"/disputes/{case['id']}", headers=headers))[
            "recruiter"]["full_name"] == case["recruiter"]["full_name"]
    for headers in (other_centre.headers, agency_staff, outsider.headers, body_member):
        problem(await client.get(f"/disputes/{case['id']}", headers=headers), 404)
    listed = ok(await client.get("/disputes", headers=agency_staff))
    assert case["id"] not in [d["id"] for d in listed]
    # Nor is any agency told of it.
    notices = ok(await client.get("/notifications", headers=agency_staff))
    assert not any(case["reference"] in n["subject"] for n in notices)
    assert await db.fetchval("SELECT count(*) FROM notification WHERE audience = 'agency' "
                             "AND subject LIKE $1", f"%{case['reference']}%") == 0

