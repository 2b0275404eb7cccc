"""SQL for referrals of migrants to vacancies, and the placements they become."""

from __future__ import annotations

from typing import Any

import asyncpg

from core.rows import row_as, rows_as
from matching.rows import ReferralMarkRow, ReferralRow, StatusRow

Row = dict[str, Any]

_COLUMNS = """
    r.*,
    m.full_name AS migrant_full_name, m.occupation AS migrant_occupation,
    m.skills AS migrant_skills, m.languages AS migrant_languages,
    m.experience_years AS migrant_experience_years, m.user_id AS migrant_user_id,
        m.citizenship AS migrant_citizenship,
    v.title AS vacancy_title, v.country AS vacancy_country, v.city AS vacancy_city,
    e.name AS vacancy_employer_name,
    lm.id AS mark_id, lm.hold AS mark_hold, lm.marked_at AS mark_marked_at
"""
_FROM = """
    FROM referral r
    JOIN migrant m ON m.id = r.migrant_id
    JOIN vacancy v ON v.id = r.vacancy_id
    JOIN employer e ON e.id = v.employer_id
    LEFT JOIN referral_licence_mark lm ON lm.referral_id = r.id AND lm.cleared_at IS NULL
"""
_OPEN = "('referred', 'interviewed', 'offered', 'contract_signed')"

UPDATABLE = frozenset({"status", "status_reason", "deployed_at"})


async def insert_referral(conn: asyncpg.Connection, *, migrant_id: int, vacancy_id: int,
                          centre_id: int, agency_id: int, referred_by_user_id: int | None
                          ) -> int:
    referral_id: int = await conn.fetchval(
        "INSERT INTO referral (migrant_id, vacancy_id, centre_id, agency_id, "
        "referred_by_user_id) VALUES ($1, $2, $3, $4, $5) RETURNING id",
        migrant_id, vacancy_id, centre_id, agency_id, referred_by_user_id,
    )
    return referral_id


async def find_live(conn: asyncpg.Connection, *, migrant_id: int, vacancy_id: int
                    ) -> StatusRow | None:
    """The referral of this migrant to this vacancy that is not rejected, if any."""
    row = await conn.fetchrow(
        "SELECT id, status FROM referral "
        "WHERE migrant_id = $1 AND vacancy_id = $2 AND status <> 'rejected'",
        migrant_id, vacancy_id,
    )
    return row_as(StatusRow, row)


async def get_referral(conn: asyncpg.Connection, referral_id: int, *, for_update: bool = False
                       ) -> ReferralRow | None:
    lock = "FOR UPDATE OF r" if for_update else ""
    row = await conn.fetchrow(f"SELECT {_COLUMNS} {_FROM} WHERE r.id = $1 {lock}", referral_id)
    return row_as(ReferralRow, row)


async def list_referrals(
    conn: asyncpg.Connection, *, agency_id: int | None, centre_id: int | None,
    migrant_id: int | None, vacancy_id: int | None, statuses: list[str] | None,
    limit: int, offset: int,
) -> list[ReferralRow]:
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
    return rows_as(ReferralRow, rows)


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


# --- marks while the agency's licence is not in force --------------------------------------


async def lock_agency_marks(conn: asyncpg.Connection, agency_id: int) -> None:
    """One reconciliation of an agency's referral marks at a time (until the transaction
    ends): two could otherwise read the same marks and both act on them."""
    await conn.execute("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))",
                       f"referral-licence-marks:{agency_id}")


async def referrals_to_mark(conn: asyncpg.Connection, *, agency_id: int) -> list[ReferralRow]:
    """The agency's open referrals, and any other with a mark still in force."""
    rows = await conn.fetch(
        f"""
        SELECT {_COLUMNS} {_FROM}
        WHERE r.agency_id = $1 AND (r.status IN {_OPEN} OR lm.id IS NOT NULL)
        ORDER BY r.id
        """,
        agency_id,
    )
    return rows_as(ReferralRow, rows)


async def insert_mark(conn: asyncpg.Connection, *, referral_id: int, agency_id: int,
                      licence_number: str | None, hold: str) -> int:
    mark_id: int = await conn.fetchval(
        "INSERT INTO referral_licence_mark (referral_id, agency_id, licence_number, hold) "
        "VALUES ($1, $2, $3, $4) RETURNING id",
        referral_id, agency_id, licence_number, hold,
    )
    return mark_id


async def clear_mark(conn: asyncpg.Connection, mark_id: int) -> None:
    await conn.execute(
        "UPDATE referral_licence_mark SET cleared_at = greatest(now(), marked_at) "
        "WHERE id = $1 AND cleared_at IS NULL",
        mark_id,
    )


async def list_marks(conn: asyncpg.Connection, referral_id: int) -> list[ReferralMarkRow]:
    """Every mark of a referral, the cleared ones too, oldest first."""
    rows = await conn.fetch(
        "SELECT id, hold, licence_number, marked_at, cleared_at FROM referral_licence_mark "
        "WHERE referral_id = $1 ORDER BY id",
        referral_id,
    )
    return rows_as(ReferralMarkRow, rows)


async def centre_staff(conn: asyncpg.Connection, centre_id: int) -> list[int]:
    """The active staff accounts of a centre."""
    rows = await conn.fetch(
        "SELECT id FROM app_user WHERE centre_id = $1 AND role = 'centre_staff' "
        "AND is_active ORDER BY id",
        centre_id,
    )
    return [r["id"] for r in rows]
