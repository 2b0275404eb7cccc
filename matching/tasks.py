"""Matching background work. Thin: each task calls one service in its own unit of work."""

from __future__ import annotations

from core.auth import SYSTEM
from core.celery_app import celery_app, run_in_worker
from core.clock import utc_today
from matching import vacancies


@celery_app.task(name="matching.expire_vacancies")
def expire_vacancies() -> list[int]:
    """Expire vacancies whose closing date has passed; returns their ids."""
    return run_in_worker(
        lambda uow: vacancies.expire_vacancies(uow, today=utc_today(), actor=SYSTEM)
    )
