"""The transactional outbox: a domain write and its outbox row commit together.

A relay task claims pending rows with SKIP LOCKED, hands them to a handler, and
marks them processed in the same transaction; a worker that dies mid-batch rolls
back and the rows are claimed again. Handlers must therefore be idempotent.
"""

from __future__ import annotations

import logging
from typing import Any

import asyncpg

from core.db import UnitOfWork

log = logging.getLogger("vetted.outbox")


def _kick_relay() -> None:
    """Ask a worker to relay now; if the broker is away, beat's periodic relay catches up."""
    from core.celery_app import celery_app

    try:
        celery_app.send_task("matching.relay_outbox")
    except Exception:
        log.warning("could not signal the outbox relay; the periodic relay will catch up",
                    exc_info=True)


async def enqueue(
    uow: UnitOfWork, *, topic: str, entity_id: int, payload: dict[str, Any] | None = None
) -> int:
    """Record work for the relay in the caller's transaction; the relay is signalled on commit."""
    row_id: int = await uow.conn.fetchval(
        "INSERT INTO outbox (topic, entity_id, payload) VALUES ($1, $2, $3) RETURNING id",
        topic, entity_id, payload or {},
    )
    uow.after_commit(_kick_relay, once_key="outbox-relay")
    return row_id


async def claim(conn: asyncpg.Connection, *, limit: int) -> list[dict[str, Any]]:
    """Pending rows, oldest first, locked for this transaction; others skip them."""
    rows = await conn.fetch(
        """
        SELECT id, topic, entity_id, payload, attempts FROM outbox
        WHERE processed_at IS NULL
        ORDER BY id
        LIMIT $1
        FOR UPDATE SKIP LOCKED
        """,
        limit,
    )
    return [dict(r) for r in rows]


async def record_failure(conn: asyncpg.Connection, ids: list[int], error: str) -> None:
    await conn.execute(
        "UPDATE outbox SET attempts = attempts + 1, last_error = $2 WHERE id = ANY($1)",
        ids, error[:2000],
    )


async def mark_processed(conn: asyncpg.Connection, ids: list[int]) -> None:
    await conn.execute(
        "UPDATE outbox SET processed_at = now(), attempts = attempts + 1 WHERE id = ANY($1)",
        ids,
    )


async def pending_count(conn: asyncpg.Connection) -> int:
    count: int = await conn.fetchval("SELECT count(*) FROM outbox WHERE processed_at IS NULL")
    return count
