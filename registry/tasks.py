"""Scheduled registry work. Thin: each task calls one service in its own unit of work."""

from __future__ import annotations

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
