"""SQL for migrant profiles and their pre-screening."""

from __future__ import annotations

from typing import Any

import asyncpg

from core.rows import row_as, rows_as
from core.text import NamePatterns
from matching.rows import MigrantCentreRow, MigrantRow

Row = dict[str, Any]

_INSERT_FIELDS = (
    "centre_id", "user_id", "full_name", "name_key", "date_of_birth", "phone", "email",
    "citizenship", "passport_cipher", "passport_hash", "passport_last4", "occupation", "skills",
    "experience_years", "languages", "education", "desired_countries", "min_wage_amount",
    "min_wage_currency", "consent_given_at", "consent_version",
)

# Columns an edit may set; names are interpolated, so only these are accepted.
UPDATABLE = frozenset({
    "full_name", "name_key", "date_of_birth", "phone", "email", "citizenship", "passport_cipher",
    "passport_hash", "passport_last4", "occupation", "skills", "experience_years",
    "languages", "education", "desired_countries", "min_wage_amount", "min_wage_currency",
    "passport_valid", "medical_check", "orientation_done", "skills_test_passed",
    "prescreened_at",
})


async def insert_migrant(conn: asyncpg.Connection, fields: Row) -> int:
    placeholders = ", ".join(f"${i}" for i in range(1, len(_INSERT_FIELDS) + 1))
    migrant_id: int = await conn.fetchval(
        f"INSERT INTO migrant ({', '.join(_INSERT_FIELDS)}) VALUES ({placeholders}) "
        "RETURNING id",
        *(fields[k] for k in _INSERT_FIELDS),
    )
    return migrant_id


async def get_migrant(conn: asyncpg.Connection, migrant_id: int, *, for_update: bool = False
                      ) -> MigrantRow | None:
    lock = "FOR UPDATE" if for_update else ""
    row = await conn.fetchrow(f"SELECT * FROM migrant WHERE id = $1 {lock}", migrant_id)
    return row_as(MigrantRow, row)


async def get_migrant_by_user(conn: asyncpg.Connection, user_id: int) -> MigrantRow | None:
    row = await conn.fetchrow("SELECT * FROM migrant WHERE user_id = $1", user_id)
    return row_as(MigrantRow, row)


async def find_by_passport_hash(conn: asyncpg.Connection, passport_hash: str
                                ) -> MigrantCentreRow | None:
    row = await conn.fetchrow(
        "SELECT id, centre_id FROM migrant WHERE passport_hash = $1", passport_hash
    )
    return row_as(MigrantCentreRow, row)


async def list_migrants(
    conn: asyncpg.Connection, *, centre_id: int | None, names: NamePatterns | None,
    prescreened: bool | None, limit: int, offset: int,
) -> list[MigrantRow]:
    """Migrants whose name is the one typed in any spelling, those spelled as typed first."""
    whole, words, loose = (names.whole, names.words, names.loose) if names else (None, None, None)
    rows = await conn.fetch(
        """
        SELECT * FROM migrant
        WHERE ($1::bigint IS NULL OR centre_id = $1)
          AND ($2::text IS NULL OR name_key LIKE $2 OR name_key LIKE ALL ($3::text[])
               OR name_key LIKE ALL ($4::text[]))
          AND ($5::boolean IS NULL OR (prescreened_at IS NOT NULL) = $5)
        ORDER BY ($2::text IS NULL OR name_key LIKE $2 OR name_key LIKE ALL ($3::text[])) DESC,
                 id DESC
        LIMIT $6 OFFSET $7
        """,
        centre_id, whole, words, loose, prescreened, limit, offset,
    )
    return rows_as(MigrantRow, rows)


async def update_migrant(conn: asyncpg.Connection, migrant_id: int, **changes: Any) -> None:
    unknown = set(changes) - UPDATABLE
    assert not unknown, f"not updatable: {unknown}"
    assignments = ", ".join(f"{column} = ${i}" for i, column in enumerate(changes, start=2))
    await conn.execute(
        f"UPDATE migrant SET {assignments}, updated_at = now() WHERE id = $1",
        migrant_id, *changes.values(),
    )
