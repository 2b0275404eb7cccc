"""The append-only, hash-chained audit log.

Each entry's hash covers its own fields and the previous entry's hash, so
changing, deleting or reordering any entry breaks every hash after it. Appends
are serialised with a transaction-scoped advisory lock, which makes the id order
the chain order.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import asyncpg

from core.auth import Principal

GENESIS_HASH = "0" * 64
_APPEND_LOCK = 0x5645_5454_4544  # "VETTED": one chain, one writer at a time


@dataclass(frozen=True)
class ChainCheck:
    ok: bool
    entries_checked: int
    first_broken_id: int | None = None
    problem: str | None = None


def _canonical(value: Any) -> Any:
    """Values as they round-trip through jsonb, so the hash can be recomputed."""
    return json.loads(json.dumps(value, default=str, sort_keys=True))


def entry_hash(prev_hash: str, fields: dict[str, Any]) -> str:
    body = json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256((prev_hash + "\n" + body).encode()).hexdigest()


def _hashed_fields(row: dict[str, Any]) -> dict[str, Any]:
    occurred_at: datetime = row["occurred_at"]
    return {
        "occurred_at": occurred_at.astimezone(UTC).isoformat(timespec="microseconds"),
        "actor_user_id": row["actor_user_id"],
        "actor_role": row["actor_role"],
        "actor_label": row["actor_label"],
        "entity_type": row["entity_type"],
        "entity_id": row["entity_id"],
        "agency_id": row["agency_id"],
        "action": row["action"],
        "from_state": row["from_state"],
        "to_state": row["to_state"],
        "reason": row["reason"],
        "data": row["data"],
    }


async def record(
    conn: asyncpg.Connection,
    *,
    actor: Principal,
    entity_type: str,
    entity_id: int | str,
    action: str,
    reason: str | None = None,
    from_state: str | None = None,
    to_state: str | None = None,
    agency_id: int | None = None,
    data: dict[str, Any] | None = None,
) -> int:
    """Append one entry in the caller's transaction; returns its id."""
    await conn.execute("SELECT pg_advisory_xact_lock($1)", _APPEND_LOCK)
    prev = await conn.fetchval("SELECT hash FROM audit_entry ORDER BY id DESC LIMIT 1")
    row: dict[str, Any] = {
        "occurred_at": datetime.now(UTC),
        "actor_user_id": actor.user_id,
        "actor_role": actor.role,
        "actor_label": actor.label,
        "entity_type": entity_type,
        "entity_id": str(entity_id),
        "agency_id": agency_id,
        "action": action,
        "from_state": from_state,
        "to_state": to_state,
        "reason": reason,
        "data": _canonical(data or {}),
    }
    prev_hash = prev or GENESIS_HASH
    digest = entry_hash(prev_hash, _hashed_fields(row))
    entry_id: int = await conn.fetchval(
        """
        INSERT INTO audit_entry (occurred_at, actor_user_id, actor_role, actor_label,
            entity_type, entity_id, agency_id, action, from_state, to_state, reason, data,
            prev_hash, hash)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
        RETURNING id
        """,
        row["occurred_at"], row["actor_user_id"], row["actor_role"], row["actor_label"],
        row["entity_type"], row["entity_id"], row["agency_id"], row["action"],
        row["from_state"], row["to_state"], row["reason"], row["data"], prev_hash, digest,
    )
    return entry_id


async def verify_chain(conn: asyncpg.Connection, *, batch: int = 5000) -> ChainCheck:
    """Walk the whole chain in id order and name the first entry that does not hold."""
    expected_prev = GENESIS_HASH
    checked = 0
    last_id = 0
    while True:
        rows = await conn.fetch(
            "SELECT * FROM audit_entry WHERE id > $1 ORDER BY id LIMIT $2", last_id, batch
        )
        if not rows:
            return ChainCheck(ok=True, entries_checked=checked)
        for r in rows:
            row = dict(r)
            if row["prev_hash"] != expected_prev:
                return ChainCheck(
                    ok=False,
                    entries_checked=checked,
                    first_broken_id=row["id"],
                    problem="does not follow the entry before it (an entry was removed "
                    "or reordered)",
                )
            if entry_hash(row["prev_hash"], _hashed_fields(row)) != row["hash"]:
                return ChainCheck(
                    ok=False,
                    entries_checked=checked,
                    first_broken_id=row["id"],
                    problem="its content does not match its hash (the entry was changed)",
                )
            expected_prev = row["hash"]
            checked += 1
            last_id = row["id"]


async def history(
    conn: asyncpg.Connection,
    *,
    agency_id: int | None = None,
    entity_type: str | None = None,
    entity_id: int | str | None = None,
    limit: int = 500,
) -> list[dict[str, Any]]:
    """Entries about one agency or one record, oldest first."""
    rows = await conn.fetch(
        """
        SELECT id, occurred_at, actor_user_id, actor_role, actor_label, entity_type, entity_id,
               agency_id, action, from_state, to_state, reason, data, hash
        FROM audit_entry
        WHERE ($1::bigint IS NULL OR agency_id = $1)
          AND ($2::text IS NULL OR entity_type = $2)
          AND ($3::text IS NULL OR entity_id = $3)
        ORDER BY id
        LIMIT $4
        """,
        agency_id, entity_type, None if entity_id is None else str(entity_id), limit,
    )
    return [dict(r) for r in rows]
