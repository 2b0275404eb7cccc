"""SQL for migrants' requests to be referred to a vacancy, and the centre's queue of them."""

from __future__ import annotations

import asyncpg

from core.rows import row_as, rows_as
from matching.rows import OpenRequestRow, ReferralRequestRow

_SELECT = """
    SELECT q.*,
        m.full_name AS migrant_full_name, m.occupation AS migrant_occupation,
        m.skills AS migrant_skills, m.languages AS migrant_languages,
        m.experience_years AS migrant_experience_years, m.user_id AS migrant_user_id,
        m.citizenship AS migrant_citizenship,
        v.title AS vacancy_title, v.country AS vacancy_country, v.city AS vacancy_city,
        e.name AS vacancy_employer_name
    FROM referral_request q
    JOIN migrant m ON m.id = q.migrant_id
    JOIN vacancy v ON v.id = q.vacancy_id
    JOIN employer e ON e.id = v.employer_id
"""


async def insert_request(conn: asyncpg.Connection, *, migrant_id: int, vacancy_id: int,
                         centre_id: int) -> int:
    request_id: int = await conn.fetchval(
        "INSERT INTO referral_request (migrant_id, vacancy_id, centre_id) "
        "VALUES ($1, $2, $3) RETURNING id", migrant_id, vacancy_id, centre_id)
    return request_id


async def find_open(conn: asyncpg.Connection, *, migrant_id: int, vacancy_id: int
                    ) -> OpenRequestRow | None:
    row = await conn.fetchrow(
        "SELECT id, created_at FROM referral_request "
        "WHERE migrant_id = $1 AND vacancy_id = $2 AND status = 'open'",
        migrant_id, vacancy_id)
    return row_as(OpenRequestRow, row)


async def get_request(conn: asyncpg.Connection, request_id: int, *, for_update: bool = False
                      ) -> ReferralRequestRow | None:
    lock = "FOR UPDATE OF q" if for_update else ""
    row = await conn.fetchrow(f"{_SELECT} WHERE q.id = $1 {lock}", request_id)
    return row_as(ReferralRequestRow, row)


async def list_requests(conn: asyncpg.Connection, *, centre_id: int | None,
                        migrant_id: int | None, statuses: list[str] | None, limit: int,
                        offset: int) -> list[ReferralRequestRow]:
    """Open ones oldest first (a queue), decided ones newest first."""
    rows = await conn.fetch(
        f"""{_SELECT}
        WHERE ($1::bigint IS NULL OR q.centre_id = $1)
          AND ($2::bigint IS NULL OR q.migrant_id = $2)
          AND ($3::text[] IS NULL OR q.status = ANY ($3))
        ORDER BY q.status <> 'open', CASE WHEN q.status = 'open' THEN q.id ELSE -q.id END
        LIMIT $4 OFFSET $5
        """, centre_id, migrant_id, statuses, limit, offset)
    return rows_as(ReferralRequestRow, rows)


async def decide(conn: asyncpg.Connection, request_id: int, *, status: str,
                 decline_reason: str | None, referral_id: int | None,
                 decided_by_user_id: int | None) -> None:
    await conn.execute(
        "UPDATE referral_request SET status = $2, decline_reason = $3, referral_id = $4, "
        "decided_by_user_id = $5, decided_at = now() WHERE id = $1",
        request_id, status, decline_reason, referral_id, decided_by_user_id)
