"""The PostgreSQL pool and the unit of work: the entrypoint commits, services never do."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from contextlib import asynccontextmanager
from types import TracebackType
from typing import Any, cast

import asyncpg
import numpy as np

AfterCommit = Callable[[], Awaitable[None] | None]


async def _init_connection(conn: asyncpg.Connection) -> None:
    # Binary codecs, so COPY (bulk loads) works with json columns too.
    await conn.set_type_codec(
        "json", schema="pg_catalog", format="binary",
        encoder=lambda v: json.dumps(v).encode(), decoder=json.loads,
    )
    await conn.set_type_codec(  # jsonb's binary form is a version byte, then the text
        "jsonb", schema="pg_catalog", format="binary",
        encoder=lambda v: b"\x01" + json.dumps(v).encode(), decoder=lambda b: json.loads(b[1:]),
    )
    # pgvector's binary form (dimensions, a reserved word, big-endian float4s), so a
    # vector travels as 1.5 KB of bytes, not 384 numbers printed and parsed as text.
    if await conn.fetchval("SELECT to_regtype('vector') IS NOT NULL"):
        await conn.set_type_codec(
            "vector", schema="public", format="binary",
            encoder=_vector_bytes, decoder=_vector_from_bytes,
        )


def _vector_bytes(vector: Any) -> bytes:
    values = np.asarray(vector, dtype=">f4")
    if values.ndim != 1:
        raise ValueError(f"a vector is one row of numbers, got shape {values.shape}")
    return len(values).to_bytes(2, "big") + b"\0\0" + values.tobytes()


def _vector_from_bytes(data: bytes) -> np.ndarray:
    dimensions = int.from_bytes(data[:2], "big")
    return np.frombuffer(data, dtype=">f4", count=dimensions, offset=4).astype(np.float32)


async def create_pool(dsn: str, *, min_size: int = 1, max_size: int = 10,
                      session: Mapping[str, str] | None = None) -> asyncpg.Pool:
    """Open a pool whose connections speak JSON for json/jsonb columns.

    With `session`, each connection opens with those settings and is handed back as it
    is, without the reset round trip (`RESET ALL` and the like) a pool otherwise runs on
    every release: only for users that never change the session, such as searches. An
    open transaction is still rolled back.
    """
    extra: dict[str, Any] = {}
    if session is not None:
        extra = {"server_settings": dict(session), "reset": _keep_session}
    pool = await asyncpg.create_pool(
        dsn, min_size=min_size, max_size=max_size, init=_init_connection, **extra
    )
    assert pool is not None
    return pool


async def _keep_session(conn: asyncpg.Connection) -> None:
    """Nothing to undo: the session is as it was opened."""


class UnitOfWork:
    """One connection and one transaction; rolled back unless `commit()` is called.

    Without a transaction (`transaction=False`) it is for reads only: each statement sees
    what was committed when it started, and two round trips (BEGIN, COMMIT) are saved.

    Work that must only happen once the data is durable (sending a Celery task,
    for instance) is registered with `after_commit` and dropped on rollback.
    """

    def __init__(self, pool: asyncpg.Pool, *, transaction: bool = True) -> None:
        self._pool = pool
        self._transaction = transaction
        self._conn: Any = None
        self._tx: Any = None
        self._after_commit: list[AfterCommit] = []
        self._once_keys: set[str] = set()
        self.committed = False

    @property
    def conn(self) -> asyncpg.Connection:
        assert self._conn is not None, "unit of work used outside its context"
        return cast(asyncpg.Connection, self._conn)

    def after_commit(self, fn: AfterCommit, *, once_key: str | None = None) -> None:
        """Run `fn` after a successful commit; with `once_key`, at most once per key."""
        if once_key is not None:
            if once_key in self._once_keys:
                return
            self._once_keys.add(once_key)
        self._after_commit.append(fn)

    async def __aenter__(self) -> UnitOfWork:
        self._conn = await self._pool.acquire()
        if self._transaction:
            self._tx = self._conn.transaction()
            await self._tx.start()
        return self

    async def commit(self) -> None:
        if not self._transaction:
            raise RuntimeError("a unit of work without a transaction is for reads only")
        await self._tx.commit()
        self.committed = True
        callbacks, self._after_commit = self._after_commit, []
        for fn in callbacks:
            result = fn()
            if result is not None:
                await result

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            if self._tx is not None and not self.committed:
                await self._tx.rollback()
        finally:
            self._after_commit.clear()
            if self._conn is not None:
                await self._pool.release(self._conn)
                self._conn = None


@asynccontextmanager
async def connection(pool: asyncpg.Pool) -> AsyncIterator[asyncpg.Connection]:
    """A pooled connection outside any unit of work (index writes, bulk reads)."""
    async with pool.acquire() as conn:
        yield cast(asyncpg.Connection, conn)
