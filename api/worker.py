"""The worker's entry point and wiring: `celery -A api.worker:celery_app worker` (and `beat`).

Core's Celery application knows no domain. What it runs is wired here, where every domain
is known: the task modules the worker loads, beat's schedule, which task relays each
outbox topic, and which topics hear each domain event. Every process that writes to the
outbox calls `wire()` before it does (the API's `create_app`, the commands, the worker and
beat on import of this module).
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import asyncpg
from celery.schedules import crontab
from celery.signals import worker_init

from api import notice_tasks, reset_tasks
from core import events, notice_delivery, outbox
from core import tasks as core_tasks
from core.celery_app import celery_app
from core.config import get_settings
from disputes import tasks as disputes_tasks
from matching import searching
from matching import tasks as matching_tasks
from matching.vacancies import INDEX_TOPIC
from ratings import rules as rating_rules
from ratings import service as ratings_service
from ratings import tasks as ratings_tasks
from registry import service as registry_service
from registry import tasks as registry_tasks

log = logging.getLogger("vetted.worker")

TASK_MODULES = [module.__name__ for module in (
    core_tasks, registry_tasks, matching_tasks, disputes_tasks, ratings_tasks, notice_tasks,
    reset_tasks)]

# Tasks are named here as they are sent, by name: reading a task object would set the
# Celery application up before the process's settings are in place. A test checks that
# every name is a task of the modules above.

# Each outbox topic and the task that relays it (signalled when a write commits; beat runs
# each as well, below, for a signal that was lost).
RELAYS = {
    INDEX_TOPIC: "matching.relay_outbox",
    matching_tasks.LICENCE_STANDING_TOPIC: "matching.relay_licence_standing",
    disputes_tasks.LICENCE_STANDING_TOPIC: "disputes.relay_licence_standing",
    ratings_service.RATING_TOPIC: "ratings.recompute",
    notice_delivery.TOPIC: "notices.deliver",
}

# Each event a domain publishes and the topics that hear it, one per subscriber.
SUBSCRIBERS = {
    registry_service.LICENCE_STANDING: (matching_tasks.LICENCE_STANDING_TOPIC,
                                        disputes_tasks.LICENCE_STANDING_TOPIC),
    registry_service.AGENCY_RECORD: (ratings_service.RATING_TOPIC,),
}

# Nobody reads a scheduled run's result: sent without one, beat neither subscribes to it in
# Redis (which, with Redis away, retries for seconds per task) nor leaves it stored there.
_SCHEDULED = {"ignore_result": True}

BEAT_SCHEDULE: dict[str, dict[str, Any]] = {
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
        "task": "ratings.recompute",
        "schedule": 300.0,
        "options": _SCHEDULED,
    },
    "recompute-all-ratings": {
        "task": "ratings.recompute_all",
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
    # The subscribers of the domains' events, likewise signalled on commit.
    "relay-licence-standing-to-referrals": {
        "task": "matching.relay_licence_standing",
        "schedule": 60.0,
    },
    "relay-licence-standing-to-disputes": {
        "task": "disputes.relay_licence_standing",
        "schedule": 60.0,
    },
}


def wire() -> None:
    """Tell core which task relays each outbox topic and who hears each event, and tell the
    registry which rating formula's scores rank agencies. Calling it again changes nothing."""
    outbox.route(RELAYS)
    for event, topics in SUBSCRIBERS.items():
        events.subscribe(event, topics)
    registry_service.rank_by_rating_formula(rating_rules.FORMULA_VERSION)


celery_app.conf.update(include=TASK_MODULES, beat_schedule=BEAT_SCHEDULE)
wire()


async def _check_index_width(dsn: str, *, dimensions: int, connect_within: float) -> None:
    try:
        conn = await asyncpg.connect(dsn, timeout=connect_within)
    except (OSError, asyncpg.PostgresError, TimeoutError) as exc:
        # A worker started while PostgreSQL is away still starts (its tasks are retried);
        # the API, which cannot start so, checks the width when it does.
        log.warning("could not check the search index's vector width: %r", exc)
        return
    try:
        await searching.check_index_width(conn, dimensions=dimensions)
    finally:
        await conn.close()


@worker_init.connect
def _refuse_another_width(**_: object) -> None:
    """A worker whose model makes vectors of another width than the index's column would
    fail every relay of the search index: it does not start."""
    settings = get_settings()
    if not settings.database_url:
        return
    try:
        asyncio.run(_check_index_width(
            settings.database_url, dimensions=settings.embedding_dimensions,
            connect_within=settings.database_acquire_timeout_seconds))
    except searching.IndexWidthMismatch as exc:
        # Celery logs an exception from a signal's receiver and goes on; an exit it lets by.
        raise SystemExit(f"the worker does not start: {exc}") from exc
