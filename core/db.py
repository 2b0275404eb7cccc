"""The PostgreSQL pool and the unit of work: the entrypoint commits, services never do."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from contextlib import asynccontextmanager
from types import TracebackType
from typing import Any, cast

import asyncpg
import numpy as np

from core.errors import Unavailable

log = logging.getLogger("vetted.db")

AfterCommit = Callable[[], Awaitable[None] | None]

# What a lost, refused or silent server looks like to asyncpg: a socket error, a timeout
# (connecting, acquiring, or a statement's `command_timeout`), a connection that died under
# a statement, or a server shutting down, starting up or full.
CONNECTION_ERRORS: tuple[type[BaseException], ...] = (
    OSError,
    TimeoutError,
    asyncpg.PostgresConnectionError,
    asyncpg.exceptions.OperatorInterventionError,
    asyncpg.exceptions.TooManyConnectionsError,
    asyncpg.exceptions.ConnectionDoesNotExistError,
)


def is_connection_lost(exc: BaseException) -> bool:
    """Whether `exc` says the server is out of reach, rather than that a statement is wrong.

    asyncpg reports a connection closed under it as an InterfaceError, and one left in a
    broken state by a server that shut down while it was idle as an InternalClientError
    ("cannot switch to state ...; another operation is in progress")."""
    if isinstance(exc, CONNECTION_ERRORS + (asyncpg.exceptions.InternalClientError,)):
        return True
    return isinstance(exc, asyncpg.InterfaceError) and "connection is closed" in str(exc)


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
    if isinstance(vector, bytes):
        return vector  # encoded already (`vector_bytes`), as arrays of vectors need
    values = np.asarray(vector, dtype=">f4")
    if values.ndim != 1:
        raise ValueError(f"a vector is one row of numbers, got shape {values.shape}")
    return len(values).to_bytes(2, "big") + b"\0\0" + values.tobytes()


def vector_bytes(vector: Any) -> bytes:
    """A vector in pgvector's binary form, for a `vector[]` parameter: asyncpg would take
    a numpy vector in an array for one more dimension of the array."""
    return _vector_bytes(vector)


def _vector_from_bytes(data: bytes) -> np.ndarray:
    dimensions = int.from_bytes(data[:2], "big")
    return np.frombuffer(data, dtype=">f4", count=dimensions, offset=4).astype(np.float32)


async def create_pool(dsn: str, *, min_size: int = 1, max_size: int = 10,
                      session: Mapping[str, str] | None = None,
                      connect_timeout: float = 60.0,
                      command_timeout: float | None = None) -> asyncpg.Pool:
    """Open a pool whose connections speak JSON for json/jsonb columns.

    `connect_timeout` bounds opening a connection; `command_timeout` bounds each statement
    on the client side, so a server that stops answering frees its caller (a TimeoutError).

    With `session`, each connection opens with those settings and is handed back as it
    is, without the reset round trip (`RESET ALL` and the like) a pool otherwise runs on
    every release: only for users that never change the session, such as searches. An
    open transaction is still rolled back.
    """
    extra: dict[str, Any] = {}
    if session is not None:
        extra = {"server_settings": dict(session), "reset": _keep_session}
    pool = await asyncpg.create_pool(
        dsn, min_size=min_size, max_size=max_size, init=_init_connection,
        timeout=connect_timeout, command_timeout=command_timeout, **extra
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

    A connection that cannot be had within `acquire_timeout` (the server refuses, is
    silent, or every connection is busy) raises `Unavailable` before anything is done.
    """

    def __init__(self, pool: asyncpg.Pool, *, transaction: bool = True,
                 acquire_timeout: float | None = None) -> None:
        self._pool = pool
        self._transaction = transaction
        self._acquire_timeout = acquire_timeout
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

    @asynccontextmanager
    async def savepoint(self) -> AsyncIterator[None]:
        """A savepoint: if the block raises, what it wrote is undone, and so is the work it
        registered for after the commit (a filing counted against a limit, a signal)."""
        mark, keys = len(self._after_commit), set(self._once_keys)
        try:
            async with self.conn.transaction():
                yield
        except BaseException:
            del self._after_commit[mark:]
            self._once_keys = keys
            raise

    async def __aenter__(self) -> UnitOfWork:
        self._conn = await _acquire(self._pool, self._acquire_timeout)
        if self._transaction:
            self._tx = self._conn.transaction()
            try:
                await self._tx.start()
            except BaseException as exc:
                await self._discard(exc)
                if is_connection_lost(exc):
                    raise Unavailable("PostgreSQL", type(exc).__name__) from exc
                raise
        return self

    async def commit(self) -> None:
        if not self._transaction:
            raise RuntimeError("a unit of work without a transaction is for reads only")
        await self._tx.commit()
        self.committed = True
        callbacks, self._after_commit = self._after_commit, []
        for fn in callbacks:
            # The data is durable: what follows (a signal, a note in Redis) may fail, but
            # it must not turn a saved change into an error for the caller.
            try:
                result = fn()
                if result is not None:
                    await result
            except Exception:
                log.warning("work after a commit failed; the change itself is saved",
                            exc_info=True)

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        # A connection the server was lost on is dropped below, not rolled back: its state
        # is unknown and a ROLLBACK would wait again; the server undoes the transaction.
        lost = exc is not None and is_connection_lost(exc)
        try:
            if not lost and self._tx is not None and not self.committed:
                try:
                    await self._tx.rollback()
                except Exception as rollback_error:
                    if not is_connection_lost(rollback_error):
                        raise
                    exc = rollback_error  # the server went away; so did the transaction
        finally:
            self._after_commit.clear()
            await self._discard(exc)

    async def _discard(self, exc: BaseException | None) -> None:
        """Hand the connection back; one the server was lost on is closed first. Cleaning
        up after a lost server never replaces the error that says so."""
        if self._conn is None:
            return
        conn, self._conn = self._conn, None
        if exc is None or not is_connection_lost(exc):
            await self._pool.release(conn)
            return
        try:
            conn.terminate()
            await self._pool.release(conn)
        except Exception:
            log.debug("closing a connection to a lost server failed", exc_info=True)


async def _acquire(pool: asyncpg.Pool, wait: float | None) -> Any:
    """A pooled connection within `wait` seconds, or `Unavailable`."""
    try:
        return await pool.acquire(timeout=wait)
    except Exception as exc:
        if is_connection_lost(exc):
            raise Unavailable("PostgreSQL", _reason(exc)) from exc
        raise


def _reason(exc: BaseException) -> str:
    if isinstance(exc, TimeoutError):
        return "no connection could be had in time"
    return f"{type(exc).__name__}: {exc}"[:200]


@asynccontextmanager
async def connection(pool: asyncpg.Pool, *, wait: float | None = None
                     ) -> AsyncIterator[asyncpg.Connection]:
    """A pooled connection outside any unit of work (index writes, bulk reads); one that
    cannot be had within `wait` seconds raises `Unavailable`."""
    conn = await _acquire(pool, wait)
    try:
        yield cast(asyncpg.Connection, conn)
    except BaseException as exc:
        if not is_connection_lost(exc):
            await pool.release(conn)
            raise
        try:
            conn.terminate()
            await pool.release(conn)
        except Exception:
            log.debug("closing a connection to a lost server failed", exc_info=True)
        raise
    await pool.release(conn)
