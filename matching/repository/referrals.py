"""SQL for referrals of migrants to vacancies, and the placements they become."""

from __future__ import annotations

from typing import Any

import asyncpg

Row = dict[str, Any]

_COLUMNS = """
    r.*,
    m.full_name AS migrant_full_name, m.occupation AS migrant_occupation,
    m.skills AS migrant_skills, m.languages AS migrant_languages,
    m.experience_years AS migrant_experience_years, m.user_id AS migrant_user_id,
    v.title AS vacancy_title, v.country AS vacancy_country, v.city AS vacancy_city,
    e.name AS vacancy_employer_name
"""
_FROM = """
    FROM referral r
    JOIN migrant m ON m.id = r.migrant_id
    JOIN vacancy v ON v.id = r.vacancy_id
    JOIN employer e ON e.id = v.employer_id
"""

UPDATABLE = frozenset({"status", "status_reason", "deployed_at"})


async def insert_referral(conn: asyncpg.Connection, *, migrant_id: int, vacancy_id: int,
                          centre_id: int, agency_id: int) -> int:
    referral_id: int = await conn.fetchval(
        "INSERT INTO referral (migrant_id, vacancy_id, centre_id, agency_id) "
        "VALUES ($1, $2, $3, $4) RETURNING id",
        migrant_id, vacancy_id, centre_id, agency_id,
    )
    return referral_id


async def find_live(conn: asyncpg.Connection, *, migrant_id: int, vacancy_id: int
                    ) -> Row | None:
    """The referral of this migrant to this vacancy that is not rejected, if any."""
    row = await conn.fetchrow(
        "SELECT id, status FROM referral "
        "WHERE migrant_id = $1 AND vacancy_id = $2 AND status <> 'rejected'",
        migrant_id, vacancy_id,
    )
    return dict(row) if row else None


async def get_referral(conn: asyncpg.Connection, referral_id: int, *, for_update: bool = False
                       ) -> Row | None:
    lock = "FOR UPDATE OF r" if for_update else ""
    row = await conn.fetchrow(f"SELECT {_COLUMNS} {_FROM} WHERE r.id = $1 {lock}", referral_id)
    return dict(row) if row else None


async def list_referrals(
    conn: asyncpg.Connection, *, agency_id: int | None, centre_id: int | None,
    migrant_id: int | None, vacancy_id: int | None, statuses: list[str] | None,
    limit: int, offset: int,
) -> list[Row]:
    rows = await conn.fetch(
        f"""
        SELECT {_COLUMNS} {_FROM}
        WHERE ($1::bigint IS NULL OR r.agency_id = $1)
          AND ($2::bigint IS NULL OR r.centre_id = $2)
          AND ($3::bigint IS NULL OR r.migrant_id = $3)
          AND ($4::bigint IS NULL OR r.vacancy_id = $4)
          AND ($5::text[] IS NULL OR r.status = ANY($5::text[]))
        ORDER BY r.id DESC
        LIMIT $6 OFFSET $7
        """,
        agency_id, centre_id, migrant_id, vacancy_id, statuses, limit, offset,
    )
    return [dict(r) for r in rows]


async def update_referral(conn: asyncpg.Connection, referral_id: int, **changes: Any) -> None:
    """Apply `changes` and bump the version."""
    unknown = set(changes) - UPDATABLE
    assert not unknown, f"not updatable: {unknown}"
    assignments = ", ".join(f"{column} = ${i}" for i, column in enumerate(changes, start=2))
    await conn.execute(
        f"UPDATE referral SET {assignments}, version = version + 1, updated_at = now() "
        "WHERE id = $1",
        referral_id, *changes.values(),
    )


async def referred_to_agency(conn: asyncpg.Connection, *, migrant_id: int, agency_id: int
                             ) -> bool:
    found = await conn.fetchval(
        "SELECT 1 FROM referral WHERE migrant_id = $1 AND agency_id = $2 LIMIT 1",
        migrant_id, agency_id,
    )
    return found is not None


async def count_placements(conn: asyncpg.Connection, *, agency_id: int) -> int:
    count: int = await conn.fetchval(
        "SELECT count(*) FROM referral WHERE agency_id = $1 AND status = 'deployed'", agency_id
    )
    return count


async def placements_by_agency(conn: asyncpg.Connection) -> dict[int, int]:
    rows = await conn.fetch(
        "SELECT agency_id, count(*) AS placements FROM referral WHERE status = 'deployed' "
        "GROUP BY agency_id"
    )
    return {r["agency_id"]: r["placements"] for r in rows}
