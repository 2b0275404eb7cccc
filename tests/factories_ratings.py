"""Records that give an agency a rating history: verified placements and years licensed,
written straight to the database (two hundred placements through the API would take
minutes and prove nothing more), and the signal that makes the worker recompute."""

from __future__ import annotations

import asyncio
from typing import Any

import asyncpg
import httpx

from core.db import UnitOfWork
from ratings import service as ratings_service
from ratings import tasks
from registry import service as registry_service
from tests.conftest import Agency, run_task
from tests.factories_vacancies import draft, employer


async def placements(client: httpx.AsyncClient, db: asyncpg.Connection, agency: Agency,
                     count: int, *, migrant_id: int, centre_id: int) -> None:
    """`count` verified placements of one migrant, each with a filled vacancy of its own."""
    boss = await employer(client, agency, "RU")
    template = await draft(client, agency, boss["id"])
    await db.execute(
        """
        WITH v AS (
            INSERT INTO vacancy (agency_id, employer_id, external_ref, title, description,
                occupation, skills, languages, country, city, wage_amount, wage_currency,
                wage_period, wage_monthly, hours_per_week, housing, meals, contract_months,
                positions, closing_date, status)
            SELECT agency_id, employer_id, 'placed-' || g || '-' || id, title, description,
                occupation, skills, languages, country, city, wage_amount, wage_currency,
                wage_period, wage_monthly, hours_per_week, housing, meals, contract_months,
                positions, closing_date, 'filled'
            FROM vacancy, generate_series(1, $2) AS g WHERE id = $1
            RETURNING id, agency_id
        )
        INSERT INTO referral (migrant_id, vacancy_id, centre_id, agency_id, status,
                              deployed_at)
        SELECT $3, v.id, $4, v.agency_id, 'deployed', now() FROM v
        """,
        template["id"], count, migrant_id, centre_id,
    )


async def licensed_for(db: asyncpg.Connection, agency: Agency, years: int) -> None:
    """Move the agency's licence back in time, as if granted `years` years ago (its end
    moved as far, so it is still in force today)."""
    await db.execute(
        "UPDATE licence SET valid_from = valid_from - make_interval(years => $2) "
        "WHERE agency_id = $1", agency.id, years)


async def signal(app: Any, agency_id: int) -> None:
    """Tell the worker the agency's record changed (what a test wrote straight to the
    database did not)."""
    async with UnitOfWork(app.state.pool) as uow:
        await registry_service.agency_record_changed(uow, agency_id=agency_id, cause="test")
        await uow.commit()


async def recomputed(db: asyncpg.Connection, agency_id: int) -> None:
    """The agency's changed rating recomputed here, as the worker does when signalled: a
    test waits on the rows, never on a clock another test's tasks could eat. (Should the
    session's worker hold the rows, it finishes them.)"""
    while await db.fetchval(
            "SELECT count(*) FROM outbox WHERE topic = $1 AND entity_id = $2 "
            "AND processed_at IS NULL", ratings_service.RATING_TOPIC, agency_id):
        if not await run_task(tasks.recompute_ratings):
            await asyncio.sleep(0.2)
