"""SQL for employers, vacancies and minimum wages."""

from __future__ import annotations

from datetime import date
from typing import Any

import asyncpg

from core.rows import row_as, rows_as
from matching.rows import (
    EmployerRow,
    MinimumWageRow,
    PublishedEmployerRow,
    StatusRow,
    VacancyAgencyRow,
    VacancyResultRow,
    VacancyRow,
    WorkerFeeRuleRow,
)

Row = dict[str, Any]

VACANCY_COLUMNS = """
    v.*, e.name AS employer_name, e.name_key AS employer_name_key,
    e.registration_number AS employer_registration_number
"""


async def insert_employer(conn: asyncpg.Connection, **f: Any) -> EmployerRow:
    row = await conn.fetchrow(
        """
        INSERT INTO employer (agency_id, name, name_key, country, city, registration_number)
        VALUES ($1, $2, $3, $4, $5, $6)
        RETURNING *
        """,
        f["agency_id"], f["name"], f["name_key"], f["country"], f["city"],
        f["registration_number"],
    )
    assert row is not None
    return row_as(EmployerRow, row)


async def get_employer(conn: asyncpg.Connection, employer_id: int) -> EmployerRow | None:
    row = await conn.fetchrow("SELECT * FROM employer WHERE id = $1", employer_id)
    return row_as(EmployerRow, row)


async def find_employer(
    conn: asyncpg.Connection, *, agency_id: int, country: str, registration_number: str
) -> EmployerRow | None:
    row = await conn.fetchrow(
        "SELECT * FROM employer WHERE agency_id = $1 AND country = $2 "
        "AND registration_number = $3",
        agency_id, country, registration_number,
    )
    return row_as(EmployerRow, row)


async def list_employers(conn: asyncpg.Connection, *, agency_id: int | None,
                         country: str | None, status: str | None) -> list[EmployerRow]:
    rows = await conn.fetch(
        """
        SELECT * FROM employer
        WHERE ($1::bigint IS NULL OR agency_id = $1)
          AND ($2::text IS NULL OR country = $2)
          AND ($3::text IS NULL OR status = $3)
        ORDER BY id
        """,
        agency_id, country, status,
    )
    return rows_as(EmployerRow, rows)


async def set_employer_status(conn: asyncpg.Connection, employer_id: int, status: str,
                              reason: str | None) -> None:
    await conn.execute("UPDATE employer SET status = $2, status_reason = $3 WHERE id = $1",
                       employer_id, status, reason)


_VACANCY_FIELDS = (
    "agency_id", "employer_id", "external_ref", "title", "description", "occupation",
    "occupation_code", "skills",
    "languages", "country", "city", "wage_amount", "wage_currency", "wage_period",
    "wage_monthly", "hours_per_week", "housing", "meals", "contract_months", "positions",
    "worker_fee_amount", "worker_fee_currency", "closing_date",
)


async def insert_vacancy(conn: asyncpg.Connection, fields: Row) -> int:
    placeholders = ", ".join(f"${i}" for i in range(1, len(_VACANCY_FIELDS) + 1))
    vacancy_id: int = await conn.fetchval(
        f"INSERT INTO vacancy ({', '.join(_VACANCY_FIELDS)}) VALUES ({placeholders}) "
        "RETURNING id",
        *(fields[k] for k in _VACANCY_FIELDS),
    )
    return vacancy_id


async def find_by_external_ref(conn: asyncpg.Connection, agency_id: int, ref: str
                               ) -> StatusRow | None:
    row = await conn.fetchrow(
        "SELECT id, status FROM vacancy WHERE agency_id = $1 AND external_ref = $2",
        agency_id, ref,
    )
    return row_as(StatusRow, row)


async def replace_vacancy(conn: asyncpg.Connection, vacancy_id: int, fields: Row) -> None:
    names = [k for k in _VACANCY_FIELDS if k != "agency_id"]
    assignments = ", ".join(f"{k} = ${i}" for i, k in enumerate(names, start=2))
    await conn.execute(
        f"UPDATE vacancy SET {assignments}, version = version + 1, updated_at = now() "
        "WHERE id = $1",
        vacancy_id, *(fields[k] for k in names),
    )


async def get_vacancy(conn: asyncpg.Connection, vacancy_id: int, *, for_update: bool = False
                      ) -> VacancyRow | None:
    lock = "FOR UPDATE OF v" if for_update else ""
    row = await conn.fetchrow(
        f"SELECT {VACANCY_COLUMNS} FROM vacancy v JOIN employer e ON e.id = v.employer_id "
        f"WHERE v.id = $1 {lock}",
        vacancy_id,
    )
    return row_as(VacancyRow, row)


async def get_vacancies(conn: asyncpg.Connection, ids: list[int]) -> list[VacancyRow]:
    rows = await conn.fetch(
        f"SELECT {VACANCY_COLUMNS} FROM vacancy v JOIN employer e ON e.id = v.employer_id "
        "WHERE v.id = ANY($1::bigint[])",
        ids,
    )
    return rows_as(VacancyRow, rows)


async def result_rows(conn: asyncpg.Connection, ids: list[int]) -> list[VacancyResultRow]:
    """What a search result shows of each vacancy: its terms, not its description or
    history (a quarter less time to fetch and decode 15 of them)."""
    rows = await conn.fetch(
        """
        SELECT v.id, v.agency_id, v.title, v.occupation, v.occupation_code, v.country,
               v.city, v.skills, v.languages, v.wage_amount, v.wage_currency, v.wage_period,
               v.wage_monthly, v.hours_per_week, v.housing, v.meals, v.contract_months,
               v.closing_date, v.verification_code, v.status, e.name AS employer_name
        FROM vacancy v JOIN employer e ON e.id = v.employer_id
        WHERE v.id = ANY($1::bigint[])
        """,
        ids,
    )
    return rows_as(VacancyResultRow, rows)


async def get_by_code(conn: asyncpg.Connection, code: str) -> VacancyRow | None:
    row = await conn.fetchrow(
        f"SELECT {VACANCY_COLUMNS} FROM vacancy v JOIN employer e ON e.id = v.employer_id "
        "WHERE v.verification_code = $1",
        code,
    )
    return row_as(VacancyRow, row)


async def update_vacancy(conn: asyncpg.Connection, vacancy_id: int, **changes: Any) -> None:
    """Apply `changes` and bump the version; column names come from our code only."""
    assignments = ", ".join(f"{column} = ${i}" for i, column in enumerate(changes, start=2))
    await conn.execute(
        f"UPDATE vacancy SET {assignments}, version = version + 1, updated_at = now() "
        "WHERE id = $1",
        vacancy_id, *changes.values(),
    )


async def list_vacancies(
    conn: asyncpg.Connection, *, agency_id: int | None, country: str | None,
    statuses: list[str] | None, limit: int, offset: int,
) -> list[VacancyRow]:
    rows = await conn.fetch(
        f"""
        SELECT {VACANCY_COLUMNS} FROM vacancy v JOIN employer e ON e.id = v.employer_id
        WHERE ($1::bigint IS NULL OR v.agency_id = $1)
          AND ($2::text IS NULL OR v.country = $2)
          AND ($3::text[] IS NULL OR v.status = ANY($3::text[]))
        ORDER BY v.submitted_at NULLS LAST, v.id
        LIMIT $4 OFFSET $5
        """,
        agency_id, country, statuses, limit, offset,
    )
    return rows_as(VacancyRow, rows)


async def find_near_duplicate(
    conn: asyncpg.Connection, *, vacancy_id: int, country: str, city: str, employer_key: str,
    title: str,
) -> int | None:
    """Another live vacancy with the same employer, title and city (any agency)."""
    found: int | None = await conn.fetchval(
        """
        SELECT v.id FROM vacancy v JOIN employer e ON e.id = v.employer_id
        WHERE v.id <> $1 AND v.country = $2 AND lower(v.city) = lower($3)
          AND e.name_key = $4 AND lower(regexp_replace(v.title, '\\s+', ' ', 'g')) = $5
          AND v.status IN ('submitted', 'verified', 'published')
        ORDER BY v.id LIMIT 1
        """,
        vacancy_id, country, city, employer_key, title,
    )
    return found


async def vacancies_past_closing(conn: asyncpg.Connection, *, today: date) -> list[int]:
    rows = await conn.fetch(
        "SELECT id FROM vacancy WHERE status IN ('verified', 'published') AND closing_date < $1",
        today,
    )
    return [r["id"] for r in rows]


async def published_ids(conn: asyncpg.Connection, *, after_id: int, limit: int) -> list[int]:
    rows = await conn.fetch(
        "SELECT id FROM vacancy WHERE status = 'published' AND id > $1 ORDER BY id LIMIT $2",
        after_id, limit,
    )
    return [r["id"] for r in rows]


async def get_minimum_wage(conn: asyncpg.Connection, country: str, currency: str
                           ) -> MinimumWageRow | None:
    row = await conn.fetchrow(
        "SELECT * FROM minimum_wage WHERE country = $1 AND currency = $2", country, currency
    )
    return row_as(MinimumWageRow, row)


async def max_hours_for(conn: asyncpg.Connection, country: str) -> Any:
    return await conn.fetchval(
        "SELECT min(max_weekly_hours) FROM minimum_wage WHERE country = $1", country
    )


async def upsert_minimum_wage(conn: asyncpg.Connection, *, country: str, currency: str,
                              monthly_amount: Any, max_weekly_hours: Any) -> MinimumWageRow:
    row = await conn.fetchrow(
        """
        INSERT INTO minimum_wage (country, currency, monthly_amount, max_weekly_hours)
        VALUES ($1, $2, $3, $4)
        ON CONFLICT (country, currency) DO UPDATE
        SET monthly_amount = EXCLUDED.monthly_amount,
            max_weekly_hours = EXCLUDED.max_weekly_hours, updated_at = now()
        RETURNING *
        """,
        country, currency, monthly_amount, max_weekly_hours,
    )
    assert row is not None
    return row_as(MinimumWageRow, row)


async def list_minimum_wages(conn: asyncpg.Connection) -> list[MinimumWageRow]:
    rows = await conn.fetch("SELECT * FROM minimum_wage ORDER BY country, currency")
    return rows_as(MinimumWageRow, rows)


async def get_worker_fee_rule(conn: asyncpg.Connection, country: str) -> WorkerFeeRuleRow | None:
    row = await conn.fetchrow("SELECT * FROM worker_fee_rule WHERE country = $1", country)
    return row_as(WorkerFeeRuleRow, row)


async def upsert_worker_fee_rule(conn: asyncpg.Connection, *, country: str, fees_banned: bool,
                                 reason: str) -> WorkerFeeRuleRow:
    row = await conn.fetchrow(
        """
        INSERT INTO worker_fee_rule (country, fees_banned, reason) VALUES ($1, $2, $3)
        ON CONFLICT (country) DO UPDATE
        SET fees_banned = EXCLUDED.fees_banned, reason = EXCLUDED.reason, updated_at = now()
        RETURNING *
        """,
        country, fees_banned, reason,
    )
    assert row is not None
    return row_as(WorkerFeeRuleRow, row)


async def list_worker_fee_rules(conn: asyncpg.Connection) -> list[WorkerFeeRuleRow]:
    rows = await conn.fetch("SELECT * FROM worker_fee_rule ORDER BY country")
    return rows_as(WorkerFeeRuleRow, rows)


async def published_with_wage_between(conn: asyncpg.Connection, *, country: str,
                                      currency: str, low: Any, high: Any) -> list[int]:
    """Published vacancies whose monthly wage lies in [low, high), or above it with words
    stating a lower wage (a trial period's): those a change of the minimum from one to the
    other may move across the line."""
    rows = await conn.fetch(
        """
        SELECT id FROM vacancy
        WHERE status = 'published' AND country = $1 AND wage_currency = $2
          AND wage_monthly >= $3
          AND (wage_monthly < $4 OR red_flags @> '[{"code": "wage_in_text"}]')
        """,
        country, currency, low, high,
    )
    return [r["id"] for r in rows]


async def currencies_paid(conn: asyncpg.Connection, today: Any) -> list[str]:
    """The currencies open published vacancies pay their wages in."""
    rows = await conn.fetch(
        "SELECT DISTINCT wage_currency FROM vacancy WHERE status = 'published' "
        "AND closing_date >= $1 ORDER BY wage_currency", today)
    return [r["wage_currency"] for r in rows]


async def published_charging_fees(conn: asyncpg.Connection) -> list[VacancyAgencyRow]:
    """Published vacancies charging the worker a fee, stated or asked in their words."""
    rows = await conn.fetch(
        """
        SELECT id, agency_id FROM vacancy
        WHERE status = 'published'
          AND (worker_fee_amount > 0 OR red_flags @> '[{"code": "fee_in_text"}]')
        """
    )
    return rows_as(VacancyAgencyRow, rows)


async def published_employers_in(conn: asyncpg.Connection, country: str
                                 ) -> list[PublishedEmployerRow]:
    """Each employer of the country with a published vacancy, and those vacancies."""
    rows = await conn.fetch(
        """
        SELECT e.name, e.registration_number, array_agg(v.id ORDER BY v.id) AS vacancy_ids
        FROM vacancy v JOIN employer e ON e.id = v.employer_id
        WHERE v.status = 'published' AND v.country = $1
        GROUP BY e.id
        """,
        country,
    )
    return rows_as(PublishedEmployerRow, rows)


async def vector_width(conn: asyncpg.Connection) -> int:
    """The width of the search index's vector column (pgvector keeps it as the type's
    modifier)."""
    width: int = await conn.fetchval(
        "SELECT atttypmod FROM pg_attribute "
        "WHERE attrelid = 'vacancy_search'::regclass AND attname = 'embedding'")
    return width
