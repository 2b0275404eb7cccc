"""The Celery application and the per-process runtime tasks run in.

Each worker process opens one event loop and one PostgreSQL pool when it starts
(worker_process_init), never at import time; tasks borrow them through
`run_in_worker`, which also owns the unit of work and commits it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import asyncpg
from celery import Celery
from celery.signals import (
    before_task_publish,
    setup_logging,
    task_postrun,
    task_prerun,
    worker_process_init,
    worker_process_shutdown,
)

from core import logs
from core.config import celery_broker_url, get_settings
from core.db import UnitOfWork, create_pool

T = TypeVar("T")


def _broker_url() -> str:
    url = get_settings().redis_url
    if not url:
        raise RuntimeError(
            "REDIS_URL is not set: start everything with `make run`, or point REDIS_URL at Redis"
        )
    return celery_broker_url(url)


# Which task modules the worker loads, beat's schedule and which task relays each outbox
# topic are the worker's wiring (api.worker), which knows the domains; core knows none.
celery_app = Celery("vetted")
celery_app.conf.update(
    task_serializer="json",
    result_serializer="json",
    accept_content=["json"],
    timezone="UTC",
    enable_utc=True,
    task_acks_late=True,
    task_reject_on_worker_lost=True,
    worker_prefetch_multiplier=1,
    result_expires=24 * 3600,
    broker_connection_retry_on_startup=True,
)


@celery_app.on_configure.connect
def _configure(sender: Celery, **_: object) -> None:
    url = _broker_url()
    sender.conf.broker_url = url
    sender.conf.result_backend = url
    # A broker that does not answer a connection fails the publish (a relay signal, sent
    # off the event loop) quickly instead of holding it; beat's relay catches up.
    sender.conf.broker_transport_options = {
        "socket_connect_timeout": get_settings().redis_timeout_seconds}


# The header a task carries the id of the request that sent it in.
REQUEST_ID_HEADER = "vetted_request_id"


@setup_logging.connect
def _setup_logging(loglevel: int | str | None = None, **_: object) -> None:
    """The worker's and beat's lines in the API's format (Celery leaves logging alone once
    this signal has a receiver); the level is the one given on the command line."""
    settings = get_settings()
    logs.configure_logging(log_format=settings.log_format,
                           level=loglevel or settings.log_level)


@before_task_publish.connect
def _send_request_id(headers: dict[str, Any] | None = None, **_: object) -> None:
    """A task sent while a request (or a task) is being served carries its id; a retry
    carries it on, being sent from within the task."""
    request_id = logs.current_request_id()
    if request_id and headers is not None:
        headers.setdefault(REQUEST_ID_HEADER, request_id)


@task_prerun.connect
def _bind_request_id(task_id: str | None = None, task: Any = None, **_: object) -> None:
    request_id = getattr(task.request, REQUEST_ID_HEADER, None) if task is not None else None
    logs.bind(logs.sane_request_id(request_id),
              task=(task.name, task_id or "") if task is not None else None)


@task_postrun.connect
def _unbind_request_id(**_: object) -> None:
    logs.bind(None)


@dataclass
class _Runtime:
    loop: asyncio.AbstractEventLoop
    pool: asyncpg.Pool


_runtime: _Runtime | None = None


def _open_runtime() -> _Runtime:
    global _runtime
    if _runtime is None:
        settings = get_settings()
        dsn = settings.database_url
        if not dsn:
            raise RuntimeError("DATABASE_URL is not set for the worker")
        loop = asyncio.new_event_loop()
        # Open lazily (min_size 0): a worker started while PostgreSQL is away still starts,
        # and its tasks fail fast and are retried instead of hanging.
        pool = loop.run_until_complete(create_pool(
            dsn, min_size=0, max_size=4,
            connect_timeout=settings.database_acquire_timeout_seconds))
        _runtime = _Runtime(loop=loop, pool=pool)
    return _runtime


@worker_process_init.connect
def _on_process_init(**_: object) -> None:
    _open_runtime()


@worker_process_shutdown.connect
def _on_process_shutdown(**_: object) -> None:
    close_runtime()


def close_runtime() -> None:
    """Close this process's pool and loop, if tasks ever ran here."""
    global _runtime
    if _runtime is not None:
        _runtime.loop.run_until_complete(_runtime.pool.close())
        _runtime.loop.close()
        _runtime = None


def worker_pool() -> asyncpg.Pool:
    """This worker process's PostgreSQL pool (for work outside a unit of work)."""
    return _open_runtime().pool


def run_in_worker(work: Callable[[UnitOfWork], Awaitable[T]]) -> T:
    """Run `work` in a fresh unit of work on this process's loop, and commit it."""
    runtime = _open_runtime()

    async def _go() -> T:
        async with UnitOfWork(runtime.pool, acquire_timeout=get_settings()
                              .database_acquire_timeout_seconds) as uow:
            result = await work(uow)
            await uow.commit()
            return result

    return runtime.loop.run_until_complete(_go())
