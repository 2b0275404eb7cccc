"""Relaying one outbox topic in a worker: the loop every subscriber's relay task runs."""

from __future__ import annotations

import logging
from typing import Any

from core import metrics, outbox
from core.celery_app import run_in_worker

log = logging.getLogger("vetted.outbox")


def relay_failed(*, topic: str, relayed: int, exc: BaseException, retries: int | None) -> None:
    """Log and count a relay run that failed and will be retried."""
    metrics.RELAY_FAILURES.inc(topic=topic)
    log.warning("relay of %s failed after %d entries; will retry: %r", topic, relayed, exc,
                extra={"event": "outbox.relay_failed", "topic": topic, "entries": relayed,
                       "retries": retries, "error": type(exc).__name__})


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
                if relayed:
                    log.info("relayed %d entries of %s", relayed, topic,
                             extra={"event": "outbox.relayed", "topic": topic,
                                    "entries": relayed})
                return relayed
    except Exception as exc:
        relay_failed(topic=topic, relayed=relayed, exc=exc, retries=task.request.retries)
        error = repr(exc)
        run_in_worker(lambda uow: outbox.note_failure(uow, topic=topic, error=error))
        raise task.retry(exc=exc, countdown=min(60, 2 ** min(task.request.retries, 6))
                         ) from exc
