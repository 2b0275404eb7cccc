"""The migrations that give vacancies an occupation code: existing vacancies get the code
their words name, words the list does not know leave it empty, and it steps back cleanly;
when the list grows, vacancies without a code get the one their words name now; a
vacancy filed by a word several trades share gets the trade its advert names."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
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


@asynccontextmanager
async def _database_at(engines, db, revision: str) -> AsyncIterator[tuple[str, asyncpg.Connection]]:
    """A database of its own (the shared one is in use by the running application),
    migrated to `revision`, with a connection that fills tables without their references."""
    name = f"m{revision}_{uuid.uuid4().hex[:8]}"
    await db.execute(f'CREATE DATABASE "{name}"')
    url = urlunsplit(urlsplit(engines["superuser_url"])._replace(path=f"/{name}"))
    try:
        await asyncio.to_thread(upgrade, url, revision)
        conn = await asyncpg.connect(url)
        try:
            await conn.execute("SET session_replication_role = replica")
            yield url, conn
        finally:
            await conn.close()
    finally:
        await db.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


async def test_existing_vacancies_get_the_code_their_words_name(engines, db):
    async with _database_at(engines, db, "0019") as (url, conn):
        # Vacancies only: their agency and employer do not matter to this step.
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


async def _indexed_vacancy(conn: asyncpg.Connection, n: int, words: str, code: str | None,
                           title: str = "A job") -> None:
    """A vacancy with these occupation words and code, and its PostgreSQL index row filed
    under the code, else under the words."""
    width = await conn.fetchval(
        "SELECT atttypmod FROM pg_attribute WHERE attrelid = 'vacancy_search'::regclass"
        " AND attname = 'embedding'")
    vacancy_id = await conn.fetchval(
        """
        INSERT INTO vacancy (agency_id, employer_id, title, description, occupation,
            occupation_code, country, city, wage_amount, wage_currency, wage_period,
            wage_monthly, hours_per_week, housing, meals, contract_months, positions,
            closing_date, external_ref)
        VALUES (1, 1, $1, 'Work.', $2, $3, 'RU', 'Moscow', 90000, 'RUB', 'month', 90000,
            40, 'free', 'paid', 12, 1, current_date + 30, $4)
        RETURNING id
        """, title, words, code, f"ref-{n}")
    await conn.execute(
        """
        INSERT INTO vacancy_search (vacancy_id, agency_id, country, city_key,
            occupation_key, languages, wage_currency, wage_monthly, closing_date,
            source_version, document, embedding)
        VALUES ($1, 1, 'RU', 'moscow', $2, '{}', 'RUB', 90000, current_date + 30, 1,
            ''::tsvector, array_fill(0.1, ARRAY[$3::int])::vector)
        """, vacancy_id, f"isco:{code}" if code else words.lower(), width)


GROWN = {  # words, code stored before -> code after
    ("бухгалтер", None): "2411",
    ("dentist", None): "2261",
    ("lighthouse keeper", None): None,
    ("Сварщик", "7212"): "7212",
    ("drywaller", "7123.01"): "7123.01",  # a code stored stays, though the words name none now
}


async def test_vacancies_the_old_list_did_not_know_get_the_grown_lists_code(engines, db):
    async with _database_at(engines, db, "0024") as (url, conn):
        for n, (words, code) in enumerate(GROWN):
            await _indexed_vacancy(conn, n, words, code)
        stamps = "SELECT id, version, updated_at FROM vacancy ORDER BY id"
        versions = await conn.fetch(stamps)

        await asyncio.to_thread(upgrade, url, "0025")
        rows = await conn.fetch(
            "SELECT v.occupation, v.occupation_code, s.occupation_key FROM vacancy v "
            "JOIN vacancy_search s ON s.vacancy_id = v.id")
        assert {r["occupation"]: r["occupation_code"] for r in rows} == \
            {words: after for (words, _), after in GROWN.items()}
        # The index files each vacancy under its code now, else under its words.
        assert {r["occupation"]: r["occupation_key"] for r in rows} == \
            {words: f"isco:{after}" if after else words.lower()
             for (words, _), after in GROWN.items()}
        assert await conn.fetch(stamps) == versions


FAMILIES = {  # words, code stored before, the advert's title -> code after
    ("водитель", "8322", "Водитель категории C, развоз по Татарстану"): "8332",
    ("водитель такси", "8322", "Водитель такси на автомобиль парка"): "8322.01",
    ("водитель", "8322", "Водитель с опытом"): None,  # shown as typed, not as a taxi driver
    ("haydovchi", "8322", "Водитель автобуса на городские маршруты"): "8331",
    ("housekeeper", None, "Hotel housekeeper"): "9112.01",
    ("driver of our fleet", "8322", "Driver"): "8322",  # a code the agency picked stays
    ("Сварщик", "7212", "Водитель такси"): "7212",  # another trade's code is left alone
}


async def test_vacancies_filed_by_a_word_several_trades_share_get_their_adverts_trade(
        engines, db):
    async with _database_at(engines, db, "0027") as (url, conn):
        for n, (words, code, title) in enumerate(FAMILIES):
            await _indexed_vacancy(conn, n, words, code, title)
        stamps = "SELECT id, version, updated_at FROM vacancy ORDER BY id"
        versions = await conn.fetch(stamps)

        await asyncio.to_thread(upgrade, url, "0028")
        rows = await conn.fetch(
            "SELECT v.title, v.occupation, v.occupation_code, s.occupation_key "
            "FROM vacancy v JOIN vacancy_search s ON s.vacancy_id = v.id ORDER BY v.id")
        assert [(r["occupation_code"], r["occupation_key"]) for r in rows] == [
            (after, f"isco:{after}" if after else words.lower())
            for (words, _, _), after in FAMILIES.items()]
        assert await conn.fetch(stamps) == versions
