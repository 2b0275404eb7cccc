"""All SQL of the matching domain."""

from __future__ import annotations

from typing import Any

import asyncpg


async def insert_centre(conn: asyncpg.Connection, *, name: str, country: str, city: str
                        ) -> dict[str, Any]:
    row = await conn.fetchrow(
        "INSERT INTO centre (name, country, city) VALUES ($1, $2, $3) "
        "RETURNING id, name, country, city, created_at",
        name, country, city,
    )
    assert row is not None
    return dict(row)


async def get_centre(conn: asyncpg.Connection, centre_id: int) -> dict[str, Any] | None:
    row = await conn.fetchrow("SELECT * FROM centre WHERE id = $1", centre_id)
    return dict(row) if row else None
