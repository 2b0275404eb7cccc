"""Relaying one outbox topic in a worker: the loop every subscriber's relay task runs."""

from __future__ import annotations

import logging
from typing import Any

from core import outbox
from core.celery_app import run_in_worker

log = logging.getLogger("vetted.outbox")


def relay_topic(task: Any, *, topic: str, handle: outbox.Handler) -> int:
    """Drain the outbox rows of `topic` through `handle`, a batch per unit of work; returns
    how many. On a failure the attempt is counted on the rows and the task retried later;
    what was committed stays, the rest is claimed again."""
    relayed = 0
    try:
        while True:
            batch = run_in_worker(
                lambda uow: outbox.handle_pending(uow, topic=topic, handle=handle))
            relayed += batch
            if batch == 0:
                return relayed
    except Exception as exc:
        log.warning("relay of %s failed after %d rows; will retry: %s", topic, relayed, exc)
        error = repr(exc)
        run_in_worker(lambda uow: outbox.note_failure(uow, topic=topic, error=error))
        raise task.retry(exc=exc, countdown=min(60, 2 ** min(task.request.retries, 6))
                         ) from exc
