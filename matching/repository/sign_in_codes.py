"""SQL for one-time sign-in codes given at a centre's counter."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

import asyncpg

from core.rows import row_as
from matching.rows import IssuedCodeRow, SignInCodeRow


async def void_live(conn: asyncpg.Connection, migrant_id: int) -> int:
    """Void the migrant's live code (at most one); returns how many were voided."""
    done: str = await conn.execute(
        "UPDATE sign_in_code SET voided_at = now() "
        "WHERE migrant_id = $1 AND used_at IS NULL AND voided_at IS NULL", migrant_id)
    return int(done.split()[-1])


async def insert_code(conn: asyncpg.Connection, *, migrant_id: int, code_hash: bytes,
                      issued_by_user_id: int | None, lifetime: timedelta) -> IssuedCodeRow:
    row = await conn.fetchrow(
        "INSERT INTO sign_in_code (migrant_id, code_hash, issued_by_user_id, expires_at) "
        "VALUES ($1, $2, $3, now() + $4) RETURNING id, expires_at",
        migrant_id, code_hash, issued_by_user_id, lifetime)
    assert row is not None
    return row_as(IssuedCodeRow, row)


async def find_code(conn: asyncpg.Connection, *, migrant_id: int, code_hash: bytes
                    ) -> SignInCodeRow | None:
    """The migrant's newest code with this hash, locked, with the database's time."""
    row = await conn.fetchrow(
        "SELECT id, expires_at, used_at, voided_at, now() AS now FROM sign_in_code "
        "WHERE migrant_id = $1 AND code_hash = $2 ORDER BY id DESC LIMIT 1 FOR UPDATE",
        migrant_id, code_hash)
    return row_as(SignInCodeRow, row)


async def mark_used(conn: asyncpg.Connection, code_id: int, at: datetime) -> None:
    await conn.execute("UPDATE sign_in_code SET used_at = $2 WHERE id = $1", code_id, at)


async def note_session(conn: asyncpg.Connection, code_id: int, session_id: uuid.UUID) -> None:
    await conn.execute("UPDATE sign_in_code SET session_id = $2 WHERE id = $1",
                       code_id, session_id)


async def opened_by_code(conn: asyncpg.Connection, session_id: uuid.UUID, since: timedelta
                         ) -> bool:
    """Whether a code opened this session within `since`."""
    return bool(await conn.fetchval(
        "SELECT 1 FROM sign_in_code WHERE session_id = $1 AND used_at > now() - $2::interval",
        session_id, since))


async def find_migrant_ids_by_email(conn: asyncpg.Connection, email: str) -> list[int]:
    """Migrants whose record or account has this e-mail address."""
    rows = await conn.fetch(
        "SELECT m.id FROM migrant m LEFT JOIN app_user u ON u.id = m.user_id "
        "WHERE lower(m.email) = lower($1) OR lower(u.email) = lower($1) LIMIT 2", email)
    return [r["id"] for r in rows]


async def link_user(conn: asyncpg.Connection, migrant_id: int, user_id: int) -> None:
    await conn.execute("UPDATE migrant SET user_id = $2, updated_at = now() WHERE id = $1",
                       migrant_id, user_id)
