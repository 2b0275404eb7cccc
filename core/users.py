"""User accounts: creation, sign-in and the principal behind a token."""

from __future__ import annotations

from typing import Any

import asyncpg

from core.auth import Principal, hash_password, needs_rehash, verify_password


class EmailTaken(Exception):
    def __init__(self, email: str) -> None:
        super().__init__(f"an account with e-mail {email} already exists")


async def create_user(
    conn: asyncpg.Connection,
    *,
    email: str,
    full_name: str,
    password: str,
    role: str,
    agency_id: int | None = None,
    centre_id: int | None = None,
    mission_id: int | None = None,
    settlement_body_id: int | None = None,
) -> int:
    """Create an account in the caller's transaction."""
    if await conn.fetchval("SELECT 1 FROM app_user WHERE lower(email) = lower($1)", email):
        raise EmailTaken(email)
    user_id: int = await conn.fetchval(
        """
        INSERT INTO app_user (email, full_name, password_hash, role, agency_id, centre_id,
                              mission_id, settlement_body_id)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
        RETURNING id
        """,
        email.lower(), full_name, hash_password(password), role, agency_id, centre_id,
        mission_id, settlement_body_id,
    )
    return user_id


async def authenticate(conn: asyncpg.Connection, *, email: str, password: str) -> int | None:
    """The id of the active user with these credentials, or None."""
    row = await conn.fetchrow(
        "SELECT id, password_hash, is_active FROM app_user WHERE lower(email) = lower($1)",
        email,
    )
    if not verify_password(row["password_hash"] if row else None, password):
        return None
    assert row is not None
    if not row["is_active"]:
        return None
    if needs_rehash(row["password_hash"]):
        await conn.execute(
            "UPDATE app_user SET password_hash = $2 WHERE id = $1",
            row["id"], hash_password(password),
        )
    user_id: int = row["id"]
    return user_id


async def principal_for(conn: asyncpg.Connection, user_id: int) -> Principal | None:
    row = await conn.fetchrow(
        "SELECT * FROM app_user WHERE id = $1 AND is_active", user_id
    )
    if row is None:
        return None
    return Principal(
        user_id=row["id"],
        role=row["role"],
        label=f"{row['full_name']} <{row['email']}>",
        agency_id=row["agency_id"],
        centre_id=row["centre_id"],
        mission_id=row["mission_id"],
        settlement_body_id=row["settlement_body_id"],
    )


async def get_user(conn: asyncpg.Connection, user_id: int) -> dict[str, Any] | None:
    row = await conn.fetchrow(
        "SELECT id, email, full_name, role, agency_id, centre_id, mission_id, "
        "settlement_body_id, is_active, created_at FROM app_user WHERE id = $1",
        user_id,
    )
    return dict(row) if row else None
