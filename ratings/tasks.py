"""Ratings background work. Thin: each task calls one service in its own unit of work."""

from __future__ import annotations

from datetime import UTC, datetime

from core.celery_app import celery_app, run_in_worker
from ratings import service


@celery_app.task(name="ratings.recompute")
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


@celery_app.task(name="ratings.recompute_all")
def recompute_all_ratings() -> int:
    """Recompute every agency's rating (nightly); returns how many."""
    return run_in_worker(lambda uow: service.recompute_all_ratings(uow, now=datetime.now(UTC)))
