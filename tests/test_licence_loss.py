"""When an agency's licence goes out of force (suspended, revoked, expired) its open referrals
and open disputes are marked and the people concerned are told what it means; a referral
cannot move on until the licence is active again, and reinstatement clears the marks.
Through the API, with the real worker relaying the registry's event."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import asyncpg
import httpx
import pytest

from core.clock import utc_today
from core.db import UnitOfWork
from disputes import service as dispute_service
from disputes import tasks as dispute_tasks
from matching import referrals
from matching import tasks as matching_tasks
from registry import tasks as registry_tasks
from tests import factories_disputes as fd
from tests.conftest import Agency, act, active_licence
from tests.factories_vacancies import attache, employer, vacancy_in

pytestmark = pytest.mark.asyncio

RELAYED = 180  # seconds a relay task may take on a busy machine before the test gives up


@dataclass
class Scene:
    agency: Agency
    licence_id: int
    place: fd.Jurisdiction
    vacancy: dict[str, Any]
    migrant: fd.Migrant  # has the open referrals and the open case
    referrals: dict[str, dict[str, Any]]  # by state
    open_case: dict[str, Any]
    closed_case: dict[str, Any]


def ok(response: httpx.Response, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json()


async def _referral(client: httpx.AsyncClient, s: fd.Jurisdiction, agency: Agency,
                    vacancy_id: int, migrant: fd.Migrant, *moves: str) -> dict[str, Any]:
    referral: dict[str, Any] = ok(await client.post(
        "/referrals", headers=s.centre.headers,
        json={"migrant_id": migrant.id, "vacancy_id": vacancy_id}), 201)
    for status in moves:
        body = {"status": status} | ({"reason": "the employer chose another candidate"}
                                     if status == "rejected" else {})
        referral = ok(await client.post(f"/referrals/{referral['id']}/transitions",
                                        headers=agency.headers, json=body))
    return referral


async def scene(client: httpx.AsyncClient, regulator: dict[str, str],
                admin: dict[str, str]) -> Scene:
    """An agency licensed for RU with a published vacancy; one migrant with two open
    referrals (to two vacancies) and an open case; other migrants with a deployed and a
    rejected referral; and a closed case."""
    agency, licence = await active_licence(client, regulator)
    verifier = await attache(client, admin, "RU")
    boss = await employer(client, agency, "RU")
    vacancies = [await vacancy_in(client, "published", agency=agency, attache_headers=verifier,
                                  employer_id=boss["id"]) for _ in range(2)]
    place = await fd.jurisdiction(client, admin, regulator, agency)
    migrant = await fd.new_migrant(client, place.centre, prescreened=True)
    others = [await fd.new_migrant(client, place.centre, prescreened=True) for _ in range(2)]
    found = {
        "referred": await _referral(client, place, agency, vacancies[0]["id"], migrant),
        "interviewed": await _referral(client, place, agency, vacancies[1]["id"], migrant,
                                       "interviewed"),
        "deployed": await _referral(client, place, agency, vacancies[0]["id"], others[0],
                                    "interviewed", "offered", "contract_signed", "deployed"),
        "rejected": await _referral(client, place, agency, vacancies[0]["id"], others[1],
                                    "rejected"),
    }
    open_case = await fd.file_case(client, place, migrant)
    closed_case = await fd.case_in(client, place, "closed", regulator)
    return Scene(agency, licence["id"], place, vacancies[0], migrant, found, open_case,
                 closed_case)


def relay() -> None:
    """Run both subscribers' relays and wait for them. The worker runs one task at a time,
    so every row committed before this call has been handled when it returns."""
    matching_tasks.relay_licence_standing.delay().get(timeout=RELAYED)
    dispute_tasks.relay_licence_standing.delay().get(timeout=RELAYED)


async def marks(db: asyncpg.Connection, s: Scene) -> dict[str, list[tuple[str, bool]]]:
    """Each referral's and case's marks, oldest first: (hold, still in force)."""
    found: dict[str, list[tuple[str, bool]]] = {}
    for name, referral in s.referrals.items():
        rows = await db.fetch("SELECT hold, cleared_at IS NULL AS live FROM "
                              "referral_licence_mark WHERE referral_id = $1 ORDER BY id",
                              referral["id"])
        found[name] = [(r["hold"], r["live"]) for r in rows]
    for name, case in (("open_case", s.open_case), ("closed_case", s.closed_case)):
        rows = await db.fetch("SELECT hold, cleared_at IS NULL AS live FROM "
                              "dispute_licence_mark WHERE dispute_id = $1 ORDER BY id",
                              case["id"])
        found[name] = [(r["hold"], r["live"]) for r in rows]
    return found


async def notices(client: httpx.AsyncClient, headers: dict[str, str], kind: str
                  ) -> list[dict[str, Any]]:
    inbox: list[dict[str, Any]] = ok(await client.get("/notifications", headers=headers))
    return [n for n in inbox if n["kind"] == kind]


async def move(client: httpx.AsyncClient, s: Scene, name: str, status: str
               ) -> httpx.Response:
    return await client.post(f"/referrals/{s.referrals[name]['id']}/transitions",
                             headers=s.agency.headers, json={"status": status})


async def snapshot(db: asyncpg.Connection, s: Scene) -> dict[str, Any]:
    """Everything the handlers write for this scene's agency."""
    return {
        "referral_marks": [dict(r) for r in await db.fetch(
            "SELECT * FROM referral_licence_mark WHERE agency_id = $1 ORDER BY id",
            s.agency.id)],
        "dispute_marks": [dict(r) for r in await db.fetch(
            "SELECT * FROM dispute_licence_mark WHERE agency_id = $1 ORDER BY id",
            s.agency.id)],
        "notices": await db.fetchval(
            "SELECT count(*) FROM notification WHERE kind LIKE '%.licence_%'"),
        "audit": await db.fetchval(
            "SELECT count(*) FROM audit_entry WHERE agency_id = $1 AND action LIKE "
            "'licence_hold%'", s.agency.id),
    }


# --- the whole story ----------------------------------------------------------------------


async def test_a_suspension_marks_what_is_open_tells_everyone_and_reinstatement_clears_it(
        client: httpx.AsyncClient, regulator: dict[str, str], admin: dict[str, str],
        db: asyncpg.Connection, worker: Any, app: Any) -> None:
    s = await scene(client, regulator, admin)
    centre, migrant = s.place.centre.staff.headers, s.migrant.headers
    assert migrant is not None
    assert await marks(db, s) == {name: [] for name in (*s.referrals, "open_case",
                                                        "closed_case")}

    ok(await act(client, regulator, s.licence_id, "suspend", reason="wages withheld"))
    # The referral says so at once: it is read live, before any worker has run.
    live = ok(await client.get(f"/referrals/{s.referrals['referred']['id']}",
                               headers=centre))
    assert live["licence_hold"] == "suspended"
    assert live["allowed_moves"] == ["rejected"]
    relay()

    # Open referrals and the open case are marked; closed ones are left alone.
    assert await marks(db, s) == {
        "referred": [("suspended", True)], "interviewed": [("suspended", True)],
        "deployed": [], "rejected": [], "open_case": [("suspended", True)],
        "closed_case": []}
    # The centre staff member who referred, the migrant, and the mission's attachés are told.
    for_centre = await notices(client, centre, "referral.licence_hold")
    assert {n["subject"].split(" to ")[0] for n in for_centre} == {
        f"Referral {s.referrals[name]['id']}" for name in ("referred", "interviewed")}
    assert "cannot move on until the licence is active again" in for_centre[0]["body"]
    for_migrant = await notices(client, migrant, "referral.licence_hold")
    assert len(for_migrant) == 2
    assert all("Do not sign anything with this agency or pay it anything now" in n["body"]
               and "migrant resource centre will help you" in n["body"] for n in for_migrant)
    case_notice = await notices(client, migrant, "dispute.licence_hold")
    assert [n["subject"].split(":")[0] for n in case_notice] == [
        f"Dispute {s.open_case['reference']}"]
    assert "goes on, and the agency still answers for it" in case_notice[0]["body"]
    assert len(await notices(client, centre, "dispute.licence_hold")) == 1
    for attache_account in s.place.mission.attaches:
        told = await notices(client, attache_account.headers, "dispute.licence_hold")
        assert len(told) == 1 and "the agency still answers for it" in told[0]["body"]
    # The closed case and the deployed migrant hear nothing.
    assert all(s.closed_case["reference"] not in n["subject"]
               for n in await notices(client, centre, "dispute.licence_hold"))

    # The referral cannot move on while suspended, in words and with a stable code.
    refused = await move(client, s, "referred", "interviewed")
    assert refused.status_code == 409, refused.text
    problem = refused.json()
    assert problem["code"] == "licence_not_in_force"
    assert problem["licence_hold"] == "suspended"
    assert problem["type"] == "/problems/licence-not-in-force"
    assert "cannot move on" in problem["detail"] and "suspended" in problem["detail"]
    assert ok(await client.get(f"/referrals/{s.referrals['referred']['id']}",
                               headers=centre))["status"] == "referred"

    # Handled again (the service itself, and a redelivered event), nothing changes.
    before = await snapshot(db, s)
    async with UnitOfWork(app.state.pool) as uow:
        assert await referrals.apply_licence_standing(uow, agency_id=s.agency.id,
                                                      today=utc_today()) == 0
        assert await dispute_service.mark_licence_standing(uow, agency_id=s.agency.id,
                                                           today=utc_today()) == 0
        await uow.commit()
    await db.executemany(
        "INSERT INTO outbox (topic, entity_id, payload) VALUES ($1, $2, '{}')",
        [("licence.standing>referrals", s.agency.id),
         ("licence.standing>disputes", s.agency.id)])
    relay()
    assert await snapshot(db, s) == before

    # Reinstated: the marks are cleared (kept as history), the same people are told, and
    # the referral moves on.
    ok(await act(client, regulator, s.licence_id, "reinstate", reason="wages paid"))
    relay()
    assert await marks(db, s) == {
        "referred": [("suspended", False)], "interviewed": [("suspended", False)],
        "deployed": [], "rejected": [], "open_case": [("suspended", False)],
        "closed_case": []}
    assert len(await notices(client, centre, "referral.licence_restored")) == 2
    assert len(await notices(client, migrant, "referral.licence_restored")) == 2
    assert len(await notices(client, migrant, "dispute.licence_restored")) == 1
    for attache_account in s.place.mission.attaches:
        assert len(await notices(client, attache_account.headers,
                                 "dispute.licence_restored")) == 1
    moved = ok(await move(client, s, "referred", "interviewed"))
    assert moved["status"] == "interviewed" and moved["licence_hold"] is None


async def test_a_revocation_after_a_suspension_is_a_new_mark_and_a_new_notice(
        client: httpx.AsyncClient, regulator: dict[str, str], admin: dict[str, str],
        db: asyncpg.Connection, worker: Any) -> None:
    s = await scene(client, regulator, admin)
    ok(await act(client, regulator, s.licence_id, "suspend", reason="wages withheld"))
    relay()
    ok(await act(client, regulator, s.licence_id, "revoke", reason="wages never paid"))
    relay()
    found = await marks(db, s)
    assert found["referred"] == [("suspended", False), ("revoked", True)]
    assert found["open_case"] == [("suspended", False), ("revoked", True)]
    told = await notices(client, s.place.centre.staff.headers, "referral.licence_hold")
    assert sum("revoked" in n["subject"] for n in told) == 2
    problem = (await move(client, s, "interviewed", "offered")).json()
    assert problem["code"] == "licence_not_in_force" and problem["licence_hold"] == "revoked"
    # Turning the referral down is still possible.
    rejected = await client.post(
        f"/referrals/{s.referrals['interviewed']['id']}/transitions", headers=s.agency.headers,
        json={"status": "rejected", "reason": "the agency may no longer recruit"})
    assert rejected.status_code == 200, rejected.text


async def test_a_licence_that_runs_out_holds_referrals_at_once_and_is_marked_on_expiry(
        client: httpx.AsyncClient, regulator: dict[str, str], admin: dict[str, str],
        db: asyncpg.Connection, worker: Any) -> None:
    s = await scene(client, regulator, admin)
    yesterday = utc_today() - timedelta(days=1)
    await db.execute("UPDATE licence SET valid_from = $2::date - 365, valid_until = $2 "
                     "WHERE id = $1", s.licence_id, yesterday)
    # Before the expiry task has run, the licence is no longer in force: pages say so.
    live = ok(await client.get(f"/referrals/{s.referrals['referred']['id']}",
                               headers=s.place.centre.headers))
    assert live["licence_hold"] == "not_in_force"
    assert (await move(client, s, "referred", "interviewed")).status_code == 409

    assert s.licence_id in registry_tasks.expire_licences.delay().get(timeout=RELAYED)
    relay()
    found = await marks(db, s)
    assert found["referred"] == [("expired", True)]
    assert found["open_case"] == [("expired", True)]
    assert found["deployed"] == [] and found["closed_case"] == []
    assert s.migrant.headers is not None
    told = await notices(client, s.migrant.headers, "referral.licence_hold")
    assert len(told) == 2 and all("has expired" in n["body"] for n in told)
