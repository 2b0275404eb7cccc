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


async def list_centres(conn: asyncpg.Connection, country: str | None) -> list[dict[str, Any]]:
    rows = await conn.fetch(
        "SELECT * FROM centre WHERE ($1::text IS NULL OR country = $1) "
        "ORDER BY country, city, name, id", country)
    return [dict(r) for r in rows]
