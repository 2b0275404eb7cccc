"""The transactional outbox: a domain write and its outbox row commit together.

A relay task claims pending rows with SKIP LOCKED, hands them to a handler, and
marks them processed in the same transaction; a worker that dies mid-batch rolls
back and the rows are claimed again. Handlers must therefore be idempotent.
"""

from __future__ import annotations

import contextvars
import logging
import os
import threading
from collections.abc import Awaitable, Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import asyncpg

from core.db import UnitOfWork

log = logging.getLogger("vetted.outbox")

# Handles one entity's pending work: given the entity's id, it re-reads what it acts on.
Handler = Callable[[UnitOfWork, int], Awaitable[object]]


# Publishing a signal: one attempt and a quick second one, then give up; beat's periodic
# relay (its schedule is the worker's: api.worker) picks up whatever was not signalled.
_PUBLISH_RETRY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2,
                  "interval_max": 0.2}


class _Signals:
    """Sends relay signals from a thread of its own, never from the caller's event loop:
    a broker that is away costs a write nothing. A signal already waiting to be sent
    covers the next ones for the same task (one relay run drains every pending row)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._waiting: set[str] = set()
        self._executor: ThreadPoolExecutor | None = None
        self._pid = 0

    def kick(self, task: str) -> None:
        with self._lock:
            if task in self._waiting:
                return
            self._waiting.add(task)
            if self._executor is None or self._pid != os.getpid():  # a forked worker child
                self._executor = ThreadPoolExecutor(max_workers=1,
                                                    thread_name_prefix="outbox-signal")
                self._pid = os.getpid()
            executor = self._executor
        # The request that signals is named in the worker's log lines of the relay it
        # starts (core.celery_app puts its id in the task's headers).
        executor.submit(contextvars.copy_context().run, self._send, task)

    def _send(self, task: str) -> None:
        from core.celery_app import celery_app

        with self._lock:
            self._waiting.discard(task)  # rows committed from now on need a signal of their own
        try:
            # No result is awaited: without ignore_result, Celery subscribes to the result
            # in Redis first, and retries that for seconds when Redis is away.
            celery_app.send_task(task, ignore_result=True, retry=True,
                                 retry_policy=_PUBLISH_RETRY)
        except Exception as exc:
            log.warning("could not signal the outbox relay %s (%s); the periodic relay "
                        "will catch up", task, exc,
                        extra={"event": "outbox.signal_failed", "task": task})


_signals = _Signals()


def _kick_relay(task: str) -> None:
    """Ask a worker to relay now, off the event loop; returns at once."""
    _signals.kick(task)


def signal_after_commit(uow: UnitOfWork, task: str) -> None:
    """Ask a worker to run `task` once the caller's transaction commits, for work whose own
    rows are its queue (beat runs the task too, for a signal that is lost)."""
    uow.after_commit(lambda: _kick_relay(task), once_key=f"outbox-relay:{task}")


# Which task relays each topic. The domains' tasks are above core, so the process's wiring
# (api.worker) names them here when it starts.
_relays: dict[str, str] = {}


def route(relays: Mapping[str, str]) -> None:
    """Name the task that relays each topic (a topic routed again keeps its latest task)."""
    _relays.update(relays)


def relay_task_for(topic: str) -> str:
    """The task that relays `topic`."""
    try:
        return _relays[topic]
    except KeyError:
        raise LookupError(f"no relay task is routed for the outbox topic {topic!r}: the "
                          "process must wire its tasks first (api.worker.wire)") from None


async def enqueue(
    uow: UnitOfWork, *, topic: str, entity_id: int, payload: dict[str, Any] | None = None,
) -> int:
    """Record work for the relay in the caller's transaction; the task that relays `topic`
    is signalled on commit."""
    relay_task = relay_task_for(topic)
    row_id: int = await uow.conn.fetchval(
        "INSERT INTO outbox (topic, entity_id, payload) VALUES ($1, $2, $3) RETURNING id",
        topic, entity_id, payload or {},
    )
    uow.after_commit(lambda: _kick_relay(relay_task), once_key=f"outbox-relay:{relay_task}")
    return row_id


async def claim(conn: asyncpg.Connection, *, limit: int, topics: list[str] | None = None
                ) -> list[dict[str, Any]]:
    """Pending rows (of `topics`, when given), oldest first, locked for this transaction;
    others skip them. Each relay claims only the topics it handles."""
    rows = await conn.fetch(
        """
        SELECT id, topic, entity_id, payload, attempts FROM outbox
        WHERE processed_at IS NULL AND ($2::text[] IS NULL OR topic = ANY ($2::text[]))
        ORDER BY id
        LIMIT $1
        FOR UPDATE SKIP LOCKED
        """,
        limit, topics,
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


async def pending_count(conn: asyncpg.Connection, *, topics: list[str] | None = None) -> int:
    count: int = await conn.fetchval(
        "SELECT count(*) FROM outbox WHERE processed_at IS NULL "
        "AND ($1::text[] IS NULL OR topic = ANY ($1::text[]))",
        topics,
    )
    return count


async def handle_pending(uow: UnitOfWork, *, topic: str, handle: Handler, limit: int = 50
                         ) -> int:
    """Hand the pending rows of `topic` to `handle`, once per entity (a handler re-reads the
    entity, so its later rows add nothing), and mark them processed, all in the caller's
    transaction; returns how many rows were handled."""
    rows = await claim(uow.conn, limit=limit, topics=[topic])
    for entity_id in dict.fromkeys(r["entity_id"] for r in rows):
        await handle(uow, entity_id)
    if rows:
        await mark_processed(uow.conn, [r["id"] for r in rows])
    return len(rows)


async def note_failure(uow: UnitOfWork, *, topic: str, error: str, limit: int = 50) -> None:
    """Count a failed attempt on the pending rows of `topic` that a relay would claim next."""
    rows = await claim(uow.conn, limit=limit, topics=[topic])
    if rows:
        await record_failure(uow.conn, [r["id"] for r in rows], error)


async def backlog(conn: asyncpg.Connection) -> list[dict[str, Any]]:
    """Per topic: the entries not yet relayed and the age in seconds of the oldest. One pass
    over the pending rows (a partial index holds them): a handful while the relays keep up,
    and the pass grows only with a backlog, which is what this is read to show."""
    rows = await conn.fetch(
        """
        SELECT topic, count(*) AS entries,
               extract(epoch FROM clock_timestamp() - min(created_at))::float8
                   AS oldest_age_seconds
        FROM outbox WHERE processed_at IS NULL
        GROUP BY topic ORDER BY topic
        """)
    return [dict(r) for r in rows]


async def oldest_pending_age(conn: asyncpg.Connection) -> float | None:
    """Seconds since the oldest entry not yet relayed was written, or None when none is."""
    age: float | None = await conn.fetchval(
        "SELECT extract(epoch FROM clock_timestamp() - min(created_at))::float8 FROM outbox "
        "WHERE processed_at IS NULL")
    return age
