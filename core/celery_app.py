"""The Celery application, its beat schedule, and the per-process runtime tasks run in.

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
from celery.schedules import crontab
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

TASK_MODULES = ["core.tasks", "registry.tasks", "matching.tasks", "disputes.tasks",
                "api.notice_tasks", "api.reset_tasks"]


def _broker_url() -> str:
    url = get_settings().redis_url
    if not url:
        raise RuntimeError(
            "REDIS_URL is not set: start everything with `make run`, or point REDIS_URL at Redis"
        )
    return celery_broker_url(url)


# Nobody reads a scheduled run's result: sent without one, beat neither subscribes to it in
# Redis (which, with Redis away, retries for seconds per task) nor leaves it stored there.
_SCHEDULED = {"ignore_result": True}

celery_app = Celery("vetted", include=TASK_MODULES)
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
    beat_schedule={
        "expire-licences": {
            "task": "registry.expire_licences",
            "schedule": crontab(minute=5),
            "options": _SCHEDULED,
        },
        "warn-expiring-licences": {
            "task": "registry.warn_expiring_licences",
            "schedule": crontab(minute=15),
            "options": _SCHEDULED,
        },
        "escalate-overdue-disputes": {
            "task": "disputes.escalate_overdue",
            "schedule": crontab(minute="*/15"),
            "options": _SCHEDULED,
        },
        "warn-near-dispute-deadlines": {
            "task": "disputes.warn_deadlines",
            "schedule": crontab(minute="*/15"),
            "options": _SCHEDULED,
        },
        "remind-unpaid-awards": {
            "task": "disputes.remind_awards",
            "schedule": crontab(minute=25),
            "options": _SCHEDULED,
        },
        "expire-vacancies": {
            "task": "matching.expire_vacancies",
            "schedule": crontab(minute=10),
            "options": _SCHEDULED,
        },
        # Ratings are recomputed when an input changes (signalled on commit); this catches
        # up after a broker outage and brings ratings of an older formula up to date, and
        # the nightly run recomputes every agency (months licensed grow with no event).
        "recompute-changed-ratings": {
            "task": "registry.recompute_ratings",
            "schedule": 300.0,
            "options": _SCHEDULED,
        },
        "recompute-all-ratings": {
            "task": "registry.recompute_all_ratings",
            "schedule": crontab(hour=2, minute=30),
            "options": _SCHEDULED,
        },
        # The relay is signalled on every commit that writes the outbox, from a thread and
        # at most once per commit (core.outbox); a signal lost to a broker outage costs a
        # change at most this wait. This also catches up after a search-engine outage.
        "relay-outbox": {
            "task": "matching.relay_outbox",
            "schedule": 15.0,
            "options": _SCHEDULED,
        },
        # The audit log's head, anchored out of the database (core.audit_checkpoints):
        # entries cut or rewritten before a checkpoint are found by every later check.
        "checkpoint-audit-log": {
            "task": "audit.checkpoint",
            "schedule": 600.0,
            "options": _SCHEDULED,
        },
        # Notices outside the app (core.notice_delivery): new ones fanned out, due ones sent,
        # failed ones tried again once their wait is over.
        "deliver-notices": {
            "task": "notices.deliver",
            "schedule": 15.0,
            "options": _SCHEDULED,
        },
        # Password-reset mails (core.password_reset), signalled on commit; this sends
        # those whose signal was lost and retries those the relay did not take.
        "send-password-resets": {
            "task": "auth.send_password_resets",
            "schedule": 15.0,
            "options": _SCHEDULED,
        },
        # The subscribers of core.events, likewise signalled on commit.
        "relay-licence-standing-to-referrals": {
            "task": "matching.relay_licence_standing",
            "schedule": 60.0,
        },
        "relay-licence-standing-to-disputes": {
            "task": "disputes.relay_licence_standing",
            "schedule": 60.0,
        },
    },
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
