"""The append-only, hash-chained audit log.

Each entry's hash covers its own fields and the previous entry's hash, so
changing, deleting or reordering any entry breaks every hash after it. Appends
are serialised with a transaction-scoped advisory lock, which makes the id order
the chain order.

The chain alone cannot tell that entries were cut from its end, or that an entry was
rewritten and every later one re-hashed: checkpoints of its length and head, kept out of
the database (core.audit_checkpoints), can.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import asyncpg

from core.auth import Principal

GENESIS_HASH = "0" * 64
_APPEND_LOCK = 0x5645_5454_4544  # "VETTED": one chain, one writer at a time


@dataclass(frozen=True)
class Checkpoint:
    """What the chain held when a checkpoint was taken: `entries` entries, the last of them
    `last_id` with hash `head_hash`. Kept out of the database (core.audit_checkpoints), it
    finds what the chain alone cannot: entries cut from its end, or an entry rewritten and
    every later one re-hashed."""

    at: datetime
    entries: int
    last_id: int
    head_hash: str


@dataclass(frozen=True)
class ChainCheck:
    ok: bool
    entries_checked: int
    first_broken_id: int | None = None
    problem: str | None = None
    # Checkpoints the chain was compared with, the newest of them, and every problem
    # found (the chain's, the checkpoints' and the checkpoint file's); `problem` is the first.
    checkpoints_checked: int = 0
    last_checkpoint: Checkpoint | None = None
    findings: tuple[str, ...] = ()
    # The newest entry checked (the head of the chain when it holds).
    head_id: int | None = None
    head_hash: str | None = None


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


def _when(checkpoint: Checkpoint) -> str:
    return checkpoint.at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def _against(checkpoint: Checkpoint, entry_id: int, digest: str, position: int) -> str | None:
    """What is wrong with entry `entry_id` (the `position`-th of the chain) against the
    checkpoint that counted it last, if anything."""
    if digest != checkpoint.head_hash:
        return (f"entry {entry_id} does not have the hash the checkpoint of "
                f"{_when(checkpoint)} recorded: it or an entry before it was rewritten and "
                f"the entries after it re-hashed")
    if position != checkpoint.entries:
        return (f"the checkpoint of {_when(checkpoint)} counted {checkpoint.entries} entries "
                f"up to entry {entry_id}; the log now has {position}: entries before it "
                f"were removed or added")
    return None


async def verify_chain(conn: asyncpg.Connection, *, checkpoints: Sequence[Checkpoint] = (),
                       since: Checkpoint | None = None, batch: int = 5000) -> ChainCheck:
    """Walk the chain in id order and name the first entry that does not hold, comparing
    it with `checkpoints` on the way; with `since`, only the entries after that
    checkpoint, once the entry it ends at is found as it recorded."""
    expected_prev = GENESIS_HASH
    checked = 0
    last_id = 0
    findings: list[tuple[int | None, str]] = []
    compared = 0
    pending: dict[int, list[Checkpoint]] = {}
    for checkpoint in checkpoints:
        pending.setdefault(checkpoint.last_id, []).append(checkpoint)
    if since is not None:
        anchor = await conn.fetchrow(
            "SELECT hash, (SELECT count(*) FROM audit_entry WHERE id <= $1) AS position "
            "FROM audit_entry WHERE id = $1", since.last_id)
        compared = 1
        problem = (_gone(since) if anchor is None else
                   _against(since, since.last_id, anchor["hash"], anchor["position"]))
        if problem is not None:
            return ChainCheck(ok=False, entries_checked=0, first_broken_id=since.last_id,
                              problem=problem, checkpoints_checked=1, last_checkpoint=since,
                              findings=(problem,))
        expected_prev, checked, last_id = since.head_hash, since.entries, since.last_id
    broken = False
    while not broken:
        rows = await conn.fetch(
            "SELECT * FROM audit_entry WHERE id > $1 ORDER BY id LIMIT $2", last_id, batch
        )
        if not rows:
            break
        for r in rows:
            row = dict(r)
            if row["prev_hash"] != expected_prev:
                findings.append((row["id"], "does not follow the entry before it (an entry "
                                 "was removed or reordered)"))
                broken = True
                break
            if entry_hash(row["prev_hash"], _hashed_fields(row)) != row["hash"]:
                findings.append((row["id"], "its content does not match its hash (the entry "
                                 "was changed)"))
                broken = True
                break
            for checkpoint in pending.pop(row["id"], ()):
                compared += 1
                problem = _against(checkpoint, row["id"], row["hash"], checked + 1)
                if problem is not None:
                    findings.append((row["id"], problem))
            expected_prev = row["hash"]
            checked += 1
            last_id = row["id"]
    if not broken:
        for checkpoint in (c for listed in pending.values() for c in listed):
            compared += 1
            if checkpoint.last_id > last_id:
                findings.append((None, (
                    f"the log ends at entry {last_id} ({checked} entries), but the checkpoint "
                    f"of {_when(checkpoint)} counted {checkpoint.entries} entries up to entry "
                    f"{checkpoint.last_id}: entries were removed from its end")))
            else:
                findings.append((checkpoint.last_id, _gone(checkpoint)))
    latest = since
    for checkpoint in checkpoints:
        if latest is None or checkpoint.at >= latest.at:
            latest = checkpoint
    first_id, first_problem = findings[0] if findings else (None, None)
    return ChainCheck(ok=not findings, entries_checked=checked, first_broken_id=first_id,
                      problem=first_problem, checkpoints_checked=compared,
                      last_checkpoint=latest,
                      findings=tuple(problem for _, problem in findings),
                      head_id=last_id or None,
                      head_hash=None if checked == 0 else expected_prev)


def _gone(checkpoint: Checkpoint) -> str:
    return (f"entry {checkpoint.last_id}, the last one the checkpoint of {_when(checkpoint)} "
            f"counted, is gone: entries were removed")


async def history(
    conn: asyncpg.Connection,
    *,
    agency_id: int | None = None,
    entity_type: str | None = None,
    entity_id: int | str | None = None,
    limit: int = 500,
) -> list[dict[str, Any]]:
    """Entries about one agency or one record, oldest first, with the name of the account
    that acted (`actor_name`) and, for an entry about an account, that account's name
    (`subject_name`): a person reads names, not the ids the log keeps."""
    rows = await conn.fetch(
        """
        SELECT e.id, e.occurred_at, e.actor_user_id, e.actor_role, e.actor_label,
               e.entity_type, e.entity_id, e.agency_id, e.action, e.from_state, e.to_state,
               e.reason, e.data, e.hash, actor.full_name AS actor_name,
               subject.full_name AS subject_name
        FROM audit_entry e
        LEFT JOIN app_user actor ON actor.id = e.actor_user_id
        LEFT JOIN app_user subject ON e.entity_type = 'user'
             AND subject.id = CASE WHEN e.entity_type = 'user' THEN e.entity_id::bigint END
        WHERE ($1::bigint IS NULL OR e.agency_id = $1)
          AND ($2::text IS NULL OR e.entity_type = $2)
          AND ($3::text IS NULL OR e.entity_id = $3)
        ORDER BY e.id
        LIMIT $4
        """,
        agency_id, entity_type, None if entity_id is None else str(entity_id), limit,
    )
    return [dict(r) for r in rows]
