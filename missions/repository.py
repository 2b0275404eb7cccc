"""All SQL of the labour-attaché domain."""

from __future__ import annotations

from typing import Any, Literal, overload

import asyncpg

from core.rows import row_as, rows_as
from missions.rows import (
    AttacheRow,
    MissionRow,
    NewMissionRow,
    NewSettlementBodyRow,
    SettlementBodyRow,
)

Table = Literal["mission", "settlement_body"]


async def insert_mission(
    conn: asyncpg.Connection, *, name: str, sending_country: str, country: str
) -> NewMissionRow:
    row = await conn.fetchrow(
        "INSERT INTO mission (name, sending_country, country) VALUES ($1, $2, $3) "
        "RETURNING id, name, sending_country, country, created_at",
        name, sending_country, country,
    )
    assert row is not None
    return row_as(NewMissionRow, row)


async def insert_settlement_body(
    conn: asyncpg.Connection, *, name: str, country: str
) -> NewSettlementBodyRow:
    row = await conn.fetchrow(
        "INSERT INTO settlement_body (name, country) VALUES ($1, $2) "
        "RETURNING id, name, country, created_at",
        name, country,
    )
    assert row is not None
    return row_as(NewSettlementBodyRow, row)


def _kind(table: Table) -> type[MissionRow] | type[SettlementBodyRow]:
    return MissionRow if table == "mission" else SettlementBodyRow


@overload
async def get(conn: asyncpg.Connection, table: Literal["mission"], row_id: int
              ) -> MissionRow | None: ...
@overload
async def get(conn: asyncpg.Connection, table: Literal["settlement_body"], row_id: int
              ) -> SettlementBodyRow | None: ...
async def get(conn: asyncpg.Connection, table: Table, row_id: int
              ) -> MissionRow | SettlementBodyRow | None:
    row = await conn.fetchrow(f"SELECT * FROM {table} WHERE id = $1", row_id)
    return row_as(_kind(table), row)


# --- jurisdictions, contacts and members (missions and settlement bodies) -----------------

_MISSION_COLUMNS = ("name", "sending_country", "country", "regions", "address", "email", "phone")
_BODY_COLUMNS = ("name", "country", "kind", "regions", "dispute_kinds", "address", "email",
                 "phone")


@overload
async def insert_full(conn: asyncpg.Connection, table: Literal["mission"], **fields: Any
                      ) -> MissionRow: ...
@overload
async def insert_full(conn: asyncpg.Connection, table: Literal["settlement_body"],
                      **fields: Any) -> SettlementBodyRow: ...
async def insert_full(conn: asyncpg.Connection, table: Table, **fields: Any
                      ) -> MissionRow | SettlementBodyRow:
    """A mission or settlement body with its jurisdiction and contacts."""
    allowed = _MISSION_COLUMNS if table == "mission" else _BODY_COLUMNS
    columns = [c for c in allowed if c in fields]
    placeholders = ", ".join(f"${i}" for i in range(1, len(columns) + 1))
    row = await conn.fetchrow(
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders}) RETURNING *",
        *(fields[c] for c in columns),
    )
    assert row is not None
    return row_as(_kind(table), row)


@overload
async def update(conn: asyncpg.Connection, table: Literal["mission"], row_id: int,
                 **changes: Any) -> MissionRow | None: ...
@overload
async def update(conn: asyncpg.Connection, table: Literal["settlement_body"], row_id: int,
                 **changes: Any) -> SettlementBodyRow | None: ...
async def update(conn: asyncpg.Connection, table: Table, row_id: int, **changes: Any
                 ) -> MissionRow | SettlementBodyRow | None:
    """Apply `changes` (column names come from our code only) and return the row."""
    allowed = _MISSION_COLUMNS if table == "mission" else _BODY_COLUMNS
    assert set(changes) <= set(allowed), set(changes) - set(allowed)
    assignments = ", ".join(f"{column} = ${i}" for i, column in enumerate(changes, start=2))
    row = await conn.fetchrow(
        f"UPDATE {table} SET {assignments + ', ' if assignments else ''}updated_at = now() "
        "WHERE id = $1 RETURNING *",
        row_id, *changes.values(),
    )
    return row_as(_kind(table), row)


@overload
async def get_for_update(conn: asyncpg.Connection, table: Literal["mission"], row_id: int
                         ) -> MissionRow | None: ...
@overload
async def get_for_update(conn: asyncpg.Connection, table: Literal["settlement_body"],
                         row_id: int) -> SettlementBodyRow | None: ...
async def get_for_update(conn: asyncpg.Connection, table: Table, row_id: int
                         ) -> MissionRow | SettlementBodyRow | None:
    row = await conn.fetchrow(f"SELECT * FROM {table} WHERE id = $1 FOR UPDATE", row_id)
    return row_as(_kind(table), row)


@overload
async def list_rows(conn: asyncpg.Connection, table: Literal["mission"], *,
                    country: str | None, kind: str | None = None) -> list[MissionRow]: ...
@overload
async def list_rows(conn: asyncpg.Connection, table: Literal["settlement_body"], *,
                    country: str | None, kind: str | None = None
                    ) -> list[SettlementBodyRow]: ...
async def list_rows(conn: asyncpg.Connection, table: Table, *, country: str | None,
                    kind: str | None = None) -> list[MissionRow] | list[SettlementBodyRow]:
    if table == "settlement_body":
        bodies = await conn.fetch(
            "SELECT * FROM settlement_body WHERE ($1::text IS NULL OR country = $1) "
            "AND ($2::text IS NULL OR kind = $2) ORDER BY country, name, id",
            country, kind,
        )
        return rows_as(SettlementBodyRow, bodies)
    rows = await conn.fetch(
        "SELECT * FROM mission WHERE ($1::text IS NULL OR country = $1) "
        "ORDER BY country, name, id",
        country,
    )
    return rows_as(MissionRow, rows)


async def mission_attaches(conn: asyncpg.Connection, mission_id: int) -> list[AttacheRow]:
    """The active attachés of a mission."""
    rows = await conn.fetch(
        "SELECT id, full_name, email FROM app_user "
        "WHERE role = 'attache' AND mission_id = $1 AND is_active ORDER BY id",
        mission_id,
    )
    return rows_as(AttacheRow, rows)


async def settlement_body_members(conn: asyncpg.Connection, settlement_body_id: int
                                  ) -> list[int]:
    """The active accounts of a settlement body."""
    rows = await conn.fetch(
        "SELECT id FROM app_user "
        "WHERE role = 'settlement_body' AND settlement_body_id = $1 AND is_active ORDER BY id",
        settlement_body_id,
    )
    return [r["id"] for r in rows]
