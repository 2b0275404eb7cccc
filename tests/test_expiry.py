"""Scheduled licence expiry and the 60-day warning, the tasks run here and awaited."""

from datetime import date, timedelta

import pytest

from registry import tasks
from tests.conftest import active_licence, register_agency, run_task

pytestmark = pytest.mark.asyncio


async def _set_validity(db, licence_id, until):
    await db.execute(
        "UPDATE licence SET valid_from = $2, valid_until = $3 WHERE id = $1",
        licence_id, until - timedelta(days=3 * 365), until,
    )


async def test_worker_expires_licences_whose_validity_ended(client, regulator, db):
    _, ended = await active_licence(client, regulator)
    _, suspended = await active_licence(client, regulator)
    _, current = await active_licence(client, regulator)
    yesterday = date.today() - timedelta(days=1)
    await _set_validity(db, ended["id"], yesterday)
    await _set_validity(db, suspended["id"], yesterday)
    await db.execute("UPDATE licence SET status = 'suspended' WHERE id = $1", suspended["id"])
    await _set_validity(db, current["id"], date.today())

    expired = await run_task(tasks.expire_licences)

    assert ended["id"] in expired
    assert suspended["id"] in expired
    assert current["id"] not in expired
    statuses = dict(await db.fetch(
        "SELECT id, status FROM licence WHERE id = ANY($1::bigint[])",
        [ended["id"], suspended["id"], current["id"]],
    ))
    assert statuses == {ended["id"]: "expired", suspended["id"]: "expired",
                        current["id"]: "active"}
    entry = await db.fetchrow(
        "SELECT actor_role, from_state, to_state, reason FROM audit_entry "
        "WHERE entity_type = 'licence' AND entity_id = $1 AND action = 'expire'",
        str(ended["id"]),
    )
    assert entry["actor_role"] == "system"
    assert (entry["from_state"], entry["to_state"]) == ("active", "expired")
    assert str(yesterday) in entry["reason"]

    # Running again finds nothing more to do.
    assert ended["id"] not in await run_task(tasks.expire_licences)

    lookup = await client.get("/public/licences", params={"q": ended["number"]})
    result = lookup.json()["results"][0]
    assert result["status"] == "expired"
    assert result["may_recruit_today"] is False


async def test_worker_warns_agency_and_regulator_once_sixty_days_ahead(
    client, regulator, db
):
    agency, soon = await active_licence(client, regulator)
    _, later = await active_licence(client, regulator)
    await _set_validity(db, soon["id"], date.today() + timedelta(days=59))
    await _set_validity(db, later["id"], date.today() + timedelta(days=61))

    warned = await run_task(tasks.warn_expiring_licences)
    assert soon["id"] in warned
    assert later["id"] not in warned
    assert soon["id"] not in await run_task(tasks.warn_expiring_licences)

    inbox = (await client.get("/notifications", headers=agency.headers)).json()
    warnings = [n for n in inbox if n["kind"] == "licence.expiring"]
    assert len(warnings) == 1
    assert soon["number"] in warnings[0]["subject"]
    regulator_inbox = (await client.get("/notifications", headers=regulator)).json()
    assert sum(1 for n in regulator_inbox if n["kind"] == "licence.expiring"
               and soon["number"] in n["subject"]) == 1


async def test_a_renewed_licence_is_warned_again_for_its_new_period(
    client, regulator, db
):
    agency, licence = await active_licence(client, regulator)
    await _set_validity(db, licence["id"], date.today() + timedelta(days=30))
    assert licence["id"] in await run_task(tasks.warn_expiring_licences)
    await client.post(f"/licences/{licence['id']}/renewal-request", headers=agency.headers)
    renewed = await client.post(f"/licences/{licence['id']}/transitions",
                                json={"action": "renew"}, headers=regulator)
    assert renewed.status_code == 200
    # The new period ends three years on: nothing to warn about now.
    assert licence["id"] not in await run_task(tasks.warn_expiring_licences)


async def test_applications_are_never_expired(client, db):
    agency = await register_agency(client)
    response = await client.post(
        f"/agencies/{agency.id}/licences",
        json={"countries": ["RU"], "deposit": {"amount": "100.00", "currency": "USD"}},
        headers=agency.headers,
    )
    licence_id = response.json()["id"]
    assert licence_id not in await run_task(tasks.expire_licences)
    assert await db.fetchval("SELECT status FROM licence WHERE id = $1", licence_id) == "applied"
