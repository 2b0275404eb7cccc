"""SQL of the migrant resource centres."""

from __future__ import annotations

import asyncpg

from core.rows import row_as, rows_as
from matching.rows import CentreRow


async def insert_centre(conn: asyncpg.Connection, *, name: str, country: str, city: str
                        ) -> CentreRow:
    row = await conn.fetchrow(
        "INSERT INTO centre (name, country, city) VALUES ($1, $2, $3) "
        "RETURNING id, name, country, city, created_at",
        name, country, city,
    )
    assert row is not None
    return row_as(CentreRow, row)


async def get_centre(conn: asyncpg.Connection, centre_id: int) -> CentreRow | None:
    row = await conn.fetchrow("SELECT * FROM centre WHERE id = $1", centre_id)
    return row_as(CentreRow, row)


async def list_centres(conn: asyncpg.Connection, country: str | None) -> list[CentreRow]:
    rows = await conn.fetch(
        "SELECT * FROM centre WHERE ($1::text IS NULL OR country = $1) "
        "ORDER BY country, city, name, id", country)
    return rows_as(CentreRow, rows)


async def centre_country(conn: asyncpg.Connection, *, centre_id: int | None,
                         migrant_user_id: int | None) -> str | None:
    """The country of a centre, or of the centre a migrant's record belongs to."""
    country: str | None = await conn.fetchval(
        "SELECT c.country FROM centre c WHERE c.id = $1 OR c.id = "
        "(SELECT m.centre_id FROM migrant m WHERE m.user_id = $2) LIMIT 1",
        centre_id, migrant_user_id)
    return country
