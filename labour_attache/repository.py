"""All SQL of the labour-attaché domain."""

from __future__ import annotations

from typing import Any, Literal

import asyncpg


async def insert_mission(
    conn: asyncpg.Connection, *, name: str, sending_country: str, country: str
) -> dict[str, Any]:
    row = await conn.fetchrow(
        "INSERT INTO mission (name, sending_country, country) VALUES ($1, $2, $3) "
        "RETURNING id, name, sending_country, country, created_at",
        name, sending_country, country,
    )
    assert row is not None
    return dict(row)


async def insert_settlement_body(
    conn: asyncpg.Connection, *, name: str, country: str
) -> dict[str, Any]:
    row = await conn.fetchrow(
        "INSERT INTO settlement_body (name, country) VALUES ($1, $2) "
        "RETURNING id, name, country, created_at",
        name, country,
    )
    assert row is not None
    return dict(row)


async def get(
    conn: asyncpg.Connection, table: Literal["mission", "settlement_body"], row_id: int
) -> dict[str, Any] | None:
    row = await conn.fetchrow(f"SELECT * FROM {table} WHERE id = $1", row_id)
    return dict(row) if row else None
