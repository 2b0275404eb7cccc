"""The migration that gives vacancies an occupation code: existing vacancies get the code
their words name, words the list does not know leave it empty, and it steps back cleanly."""

from __future__ import annotations

import asyncio
import uuid
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import pytest

from core.migrate import downgrade, upgrade

pytestmark = pytest.mark.asyncio

WORDS = {
    "Сварщик": "7212",
    "сварщик НАКС 5 разряда": "7212",
    "oshpaz": "5120",
    "9112.01": "9112.01",
    "lighthouse keeper": None,
}


async def test_existing_vacancies_get_the_code_their_words_name(engines, db):
    # A database of its own: the shared one is in use by the running application.
    name = f"m0020_{uuid.uuid4().hex[:8]}"
    await db.execute(f'CREATE DATABASE "{name}"')
    url = urlunsplit(urlsplit(engines["superuser_url"])._replace(path=f"/{name}"))
    try:
        await asyncio.to_thread(upgrade, url, "0019")
        conn = await asyncpg.connect(url)
        try:
            # Vacancies only: their agency and employer do not matter to this step.
            await conn.execute("SET session_replication_role = replica")
            for n, words in enumerate([*WORDS, "Сварщик"]):
                await conn.execute(
                    """
                    INSERT INTO vacancy (agency_id, employer_id, title, description,
                        occupation, country, city, wage_amount, wage_currency, wage_period,
                        wage_monthly, hours_per_week, housing, meals, contract_months,
                        positions, closing_date, external_ref)
                    VALUES (1, 1, 'A job', 'Work on a building site.', $1, 'RU', 'Moscow',
                        90000, 'RUB', 'month', 90000, 40, 'free', 'paid', 12, 1,
                        current_date + 30, $2)
                    """, words, f"ref-{n}")
            stamps = "SELECT id, version, updated_at FROM vacancy ORDER BY id"
            versions = await conn.fetch(stamps)

            await asyncio.to_thread(upgrade, url, "0020")
            rows = await conn.fetch("SELECT occupation, occupation_code FROM vacancy")
            assert {(r["occupation"], r["occupation_code"]) for r in rows} == \
                set(WORDS.items())
            assert len(rows) == len(WORDS) + 1
            # Filling the code is no edit by the agency: versions and times stay.
            assert await conn.fetch(stamps) == versions
            with pytest.raises(asyncpg.CheckViolationError):
                await conn.execute("UPDATE vacancy SET occupation_code = 'welder'")

            await asyncio.to_thread(downgrade, url, "0019")
            assert await conn.fetchval(
                "SELECT count(*) FROM information_schema.columns "
                "WHERE table_name = 'vacancy' AND column_name = 'occupation_code'") == 0
        finally:
            await conn.close()
    finally:
        await db.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
