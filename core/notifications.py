"""The in-app inbox: notices for the regulator, for an agency's staff, or for one user."""

from __future__ import annotations

from typing import Any

import asyncpg

from core.auth import Principal, Role


async def notify(
    conn: asyncpg.Connection,
    *,
    audience: str,
    kind: str,
    subject: str,
    body: str,
    agency_id: int | None = None,
    user_id: int | None = None,
    dedupe_key: str | None = None,
) -> bool:
    """Queue a notice in the caller's transaction; a repeated dedupe_key is ignored."""
    inserted = await conn.fetchval(
        """
        INSERT INTO notification (audience, agency_id, user_id, kind, subject, body, dedupe_key)
        VALUES ($1, $2, $3, $4, $5, $6, $7)
        ON CONFLICT (dedupe_key) DO NOTHING
        RETURNING id
        """,
        audience, agency_id, user_id, kind, subject, body, dedupe_key,
    )
    return inserted is not None


async def inbox(
    conn: asyncpg.Connection, principal: Principal, *, limit: int = 100
) -> list[dict[str, Any]]:
    """Notices addressed to this user, to its agency, or (for regulators) to the regulator."""
    rows = await conn.fetch(
        """
        SELECT id, audience, agency_id, kind, subject, body, created_at, read_at
        FROM notification
        WHERE (audience = 'user' AND user_id = $1)
           OR (audience = 'agency' AND agency_id = $2)
           OR (audience = 'regulator' AND $3)
        ORDER BY id DESC
        LIMIT $4
        """,
        principal.user_id, principal.agency_id, principal.role == Role.REGULATOR, limit,
    )
    return [dict(r) for r in rows]
