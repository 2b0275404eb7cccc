"""Reminders: a stage deadline that is near, an award due soon or overdue. The scheduled
tasks run here, against the real database, on cases whose dates are set in it; each reader
is told once, however often the task runs."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import asyncpg
import httpx
import pytest

from core.clock import utc_today
from disputes import tasks
from disputes.rules import (
    AwardReminder,
    DisputeStatus,
    Party,
    award_reminder,
    deadline_is_near,
    deadline_parties,
)
from tests.conftest import Agency, active_licence, bearer, create_user_direct, run_task, token_for
from tests.factories_disputes import (
    Jurisdiction,
    attache_of,
    award,
    case_in,
    file_case,
    jurisdiction,
    new_migrant,
    ok,
    stepped,
)

# --- the rules, without I/O ------------------------------------------------------------------


@pytest.mark.parametrize(("status", "parties"), [
    (DisputeStatus.ASSIGNED, {Party.ATTACHE}),
    (DisputeStatus.ACKNOWLEDGED, {Party.ATTACHE}),
    (DisputeStatus.IN_MEDIATION, {Party.ATTACHE}),
    (DisputeStatus.REFERRED, {Party.SETTLEMENT_BODY}),
])
def test_the_next_step_of_each_stage_is_taken_by(status: DisputeStatus,
                                                 parties: set[Party]) -> None:
    assert deadline_parties(status) == parties


def test_a_deadline_is_near_within_the_window_and_not_once_passed() -> None:
    now, window = datetime(2030, 1, 10, 12, tzinfo=UTC), timedelta(hours=48)
    assert deadline_is_near(now + timedelta(hours=47), now, window)
    assert not deadline_is_near(now + timedelta(hours=49), now, window)
    assert not deadline_is_near(now - timedelta(minutes=1), now, window)
    assert not deadline_is_near(None, now, window)


@pytest.mark.parametrize(("days_to_due", "expected"), [
    (10, None), (4, None), (3, AwardReminder.DUE), (0, AwardReminder.DUE),
    (-1, AwardReminder.OVERDUE), (-90, AwardReminder.OVERDUE),
])
def test_an_award_is_reminded_of_before_and_after_its_date(
        days_to_due: int, expected: AwardReminder | None) -> None:
    today = date(2030, 1, 10)
    assert award_reminder(payment_due=today + timedelta(days=days_to_due), today=today,
                          days_before=3) == expected


# --- against the database --------------------------------------------------------------------


@dataclass
class World:
    admin: dict[str, str]
    regulator: dict[str, str]
    agency: Agency
    j: Jurisdiction


@pytest.fixture(scope="module")
async def world(app: Any, engines: dict[str, str]) -> AsyncIterator[World]:
    transport = httpx.ASGITransport(app=app, client=("10.251.3.1", 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://vetted.test") as c:
        conn = await asyncpg.connect(engines["database_url"])
        try:
            regulator = bearer(await token_for(c, await create_user_direct(conn, "regulator")))
            admin = bearer(await token_for(c, await create_user_direct(conn, "admin")))
        finally:
            await conn.close()
        agency, _ = await active_licence(c, regulator)
        yield World(admin, regulator, agency, await jurisdiction(c, admin, regulator, agency))


async def notices(db: asyncpg.Connection, prefix: str, dispute_id: int
                  ) -> list[tuple[str, int | None, str, str | None]]:
    """(audience, user, kind, variant) of the reminders of one kind for one case."""
    rows = await db.fetch(
        "SELECT audience, user_id, kind, params FROM notification "
        "WHERE dedupe_key LIKE $1 ORDER BY id", f"{prefix}:{dispute_id}:%")
    return [(r["audience"], r["user_id"], r["kind"], r["params"].get("variant"))
            for r in rows]


async def deadline_in(db: asyncpg.Connection, dispute_id: int, hours: float) -> None:
    await db.execute("UPDATE dispute SET stage_deadline = now() + make_interval(secs => $2) "
                     "WHERE id = $1", dispute_id, hours * 3600)


async def test_a_near_deadline_is_told_once_to_whoever_takes_the_next_step(client, world, db):
    j = world.j
    migrant = await new_migrant(client, j.centre)
    case = await file_case(client, j, migrant)
    attache = attache_of(j, case)
    far = await file_case(client, j)
    referred = await case_in(client, j, "referred", world.regulator)
    withdrawn = await case_in(client, j, "withdrawn", world.regulator)
    closed = await case_in(client, j, "closed", world.regulator)
    unheld = await file_case(client, j)
    await db.execute("UPDATE dispute SET assigned_attache_id = NULL WHERE id = $1", unheld["id"])
    for dispute_id in (case["id"], referred["id"], withdrawn["id"], closed["id"], unheld["id"]):
        await deadline_in(db, dispute_id, 5)
    await deadline_in(db, far["id"], 100)  # beyond the 48 hours

    await run_task(tasks.warn_deadlines)
    await run_task(tasks.warn_deadlines)

    key = "dispute-deadline-near"
    # Acknowledging is the attaché's step: the migrant is not asked for anything.
    assert await notices(db, key, case["id"]) == [
        ("user", attache.id, "dispute.deadline_near", None)]
    # A referred case waits for the settlement body; its attaché is told it waits.
    assert await notices(db, key, referred["id"]) == [
        ("user", attache_of(j, referred).id, "dispute.deadline_near", "settlement_body"),
        ("user", j.body.members[0].id, "dispute.deadline_near", None)]
    # Nobody holds it: the regulators, who assign cases, are told.
    assert await notices(db, key, unheld["id"]) == [
        ("regulator", None, "dispute.deadline_near", "unassigned")]
    for quiet in (far, withdrawn, closed):
        assert await notices(db, key, quiet["id"]) == [], quiet["status"]
    inbox = ok(await client.get("/notifications", headers=attache.headers))
    told = [n for n in inbox if n["kind"] == "dispute.deadline_near"
            and case["reference"] in n["subject"]]
    assert len(told) == 1 and "acknowledge" in told[0]["body"]
    assert not any(n["kind"] == "dispute.deadline_near"
                   for n in ok(await client.get("/notifications", headers=migrant.headers)))

    # A new deadline (the stage moved on, or the clock restarted) is told of again, once.
    await deadline_in(db, case["id"], 6)
    await run_task(tasks.warn_deadlines)
    await run_task(tasks.warn_deadlines)
    assert len(await notices(db, key, case["id"])) == 2


async def resolved_with(client: httpx.AsyncClient, j: Jurisdiction, regulator: dict[str, str],
                        terms: dict[str, Any], **over: Any) -> dict[str, Any]:
    case = await case_in(client, j, "in_mediation", regulator, **over)
    return await stepped(client, attache_of(j, case).headers, case["id"], "resolve",
                         outcome=terms)


async def due_in(db: asyncpg.Connection, dispute_id: int, days: int) -> None:
    await db.execute("UPDATE dispute_outcome SET payment_due = $2 WHERE dispute_id = $1",
                     dispute_id, utc_today() + timedelta(days=days))


async def test_an_unpaid_award_is_reminded_before_it_is_due_and_once_overdue(
        client, world, db):
    j = world.j
    migrant = await new_migrant(client, j.centre)
    case = await resolved_with(client, j, world.regulator, award("1000.00", "KGS"),
                               migrant=migrant)
    attache = attache_of(j, case)
    ok(await client.post(f"/disputes/{case['id']}/recoveries", headers=attache.headers,
                         json={"amount": {"amount": "200", "currency": "KGS"}}))
    employed = await new_migrant(client, j.centre)
    by_employer = await resolved_with(client, j, world.regulator,
                                      award("300.00", "KGS", payable_by="employer"),
                                      migrant=employed)
    paid = await resolved_with(client, j, world.regulator, award("100.00", "KGS"))
    ok(await client.post(f"/disputes/{paid['id']}/recoveries", headers=world.regulator,
                         json={"amount": {"amount": "100", "currency": "KGS"}}))
    closed = await resolved_with(client, j, world.regulator, award("100.00", "KGS"))
    await stepped(client, attache_of(j, closed).headers, closed["id"], "close")
    # A migrant without an account (their centre is told) on a case nobody holds.
    offline = await new_migrant(client, j.centre, login=False)
    unheld = await resolved_with(client, j, world.regulator, award("50.00", "KGS"),
                                 migrant=offline)
    await db.execute("UPDATE dispute SET assigned_attache_id = NULL WHERE id = $1",
                     unheld["id"])

    await run_task(tasks.remind_awards)  # due in 30 days: too early
    assert await notices(db, "dispute-award-due", case["id"]) == []

    await due_in(db, case["id"], 2)
    await run_task(tasks.remind_awards)
    await run_task(tasks.remind_awards)
    assert await notices(db, "dispute-award-due", case["id"]) == [
        ("user", migrant.user_id, "dispute.award_due", None),
        ("user", attache.id, "dispute.award_due", None)]
    told = [n for n in ok(await client.get("/notifications", headers=migrant.headers))
            if n["kind"] == "dispute.award_due"]
    assert len(told) == 1 and "800.00 KGS" in told[0]["body"]

    for dispute_id in (case["id"], by_employer["id"], paid["id"], closed["id"], unheld["id"]):
        await due_in(db, dispute_id, -1)
    await run_task(tasks.remind_awards)
    await run_task(tasks.remind_awards)
    overdue = "dispute-award-overdue"
    # The attaché is pointed at the deposit, which answers for what the agency owes.
    assert await notices(db, overdue, case["id"]) == [
        ("user", migrant.user_id, "dispute.award_overdue", None),
        ("user", attache.id, "dispute.award_overdue", "deposit")]
    assert len(await notices(db, "dispute-award-due", case["id"])) == 2  # not again
    assert await notices(db, overdue, by_employer["id"]) == [
        ("user", employed.user_id, "dispute.award_overdue", None),
        ("user", attache_of(j, by_employer).id, "dispute.award_overdue", None)]
    assert await notices(db, overdue, unheld["id"]) == [
        ("user", j.centre.staff.id, "dispute.award_overdue", None),
        ("regulator", None, "dispute.award_overdue", "deposit")]
    for quiet in (paid, closed):
        assert await notices(db, overdue, quiet["id"]) == [], quiet["reference"]
    staff = [n for n in ok(await client.get("/notifications", headers=attache.headers))
             if n["kind"] == "dispute.award_overdue" and case["reference"] in n["subject"]]
    assert len(staff) == 1 and "security deposit" in staff[0]["body"]
