"""Scheduled registry work. Thin: each task calls one service in its own unit of work."""

from __future__ import annotations

from datetime import UTC, datetime

from core.auth import SYSTEM
from core.celery_app import celery_app, run_in_worker
from core.clock import utc_today
from core.config import get_settings
from registry import service


@celery_app.task(name="registry.expire_licences")
def expire_licences() -> list[int]:
    """Expire licences whose validity has ended; returns their ids."""
    return run_in_worker(
        lambda uow: service.expire_licences(uow, today=utc_today(), actor=SYSTEM)
    )


@celery_app.task(name="registry.warn_expiring_licences")
def warn_expiring_licences() -> list[int]:
    """Warn agencies and the regulator of licences ending soon; returns the ids warned."""
    days = get_settings().licence_expiry_warning_days
    return run_in_worker(
        lambda uow: service.warn_expiring_licences(uow, today=utc_today(), days=days)
    )


@celery_app.task(name="registry.recompute_ratings")
def recompute_ratings() -> list[int]:
    """Recompute the ratings whose inputs changed (signalled on commit); returns the agencies."""
    done: list[int] = []
    while True:
        batch = run_in_worker(
            lambda uow: service.recompute_pending_ratings(uow, now=datetime.now(UTC))
        )
        if not batch:
            return done
        done.extend(batch)


@celery_app.task(name="registry.recompute_all_ratings")
def recompute_all_ratings() -> int:
    """Recompute every agency's rating (nightly); returns how many."""
    return run_in_worker(lambda uow: service.recompute_all_ratings(uow, now=datetime.now(UTC)))
