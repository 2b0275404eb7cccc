"""Matching background work. Thin: each task calls one service in its own unit of work."""

from __future__ import annotations

import logging
from typing import Any

from core.auth import SYSTEM
from core.celery_app import celery_app, run_in_worker, worker_pool
from core.clock import utc_today
from core.config import get_settings
from core.db import UnitOfWork
from core.relay import relay_failed, relay_topic
from matching import referrals, searching, vacancies
from matching.embedder import get_embedder
from matching.search import make_backend
from matching.search.base import SearchBackend
from matching.vacancies import INDEX_TOPIC

# The referrals' share of the registry's LICENCE_STANDING event (wired in api.worker).
LICENCE_STANDING_TOPIC = "licence.standing>referrals"

log = logging.getLogger("vetted.matching")

_backends: dict[str, SearchBackend] = {}


def _search_backend() -> SearchBackend:
    """This worker process's search backend, made on first use and kept (one client each)."""
    name = get_settings().search_backend
    if name not in _backends:
        _backends[name] = make_backend(name, worker_pool())
    return _backends[name]


@celery_app.task(name="matching.expire_vacancies")
def expire_vacancies() -> list[int]:
    """Expire vacancies whose closing date has passed; returns their ids."""
    return run_in_worker(
        lambda uow: vacancies.expire_vacancies(uow, today=utc_today(), actor=SYSTEM)
    )


@celery_app.task(name="matching.relay_outbox", bind=True, max_retries=None)
def relay_outbox(self: Any) -> int:
    """Drain the outbox into the search index; on failure nothing is lost, it retries."""
    settings = get_settings()
    embedder = get_embedder(settings.embedding_model)
    backend = _search_backend()
    relayed = 0
    try:
        while True:
            batch = run_in_worker(
                lambda uow: searching.relay_batch(uow, backend=backend, embedder=embedder)
            )
            relayed += batch
            if batch == 0:
                if relayed:
                    log.info("relayed %d entries into the search index", relayed,
                             extra={"event": "outbox.relayed", "topic": INDEX_TOPIC,
                                    "entries": relayed})
                return relayed
    except Exception as exc:
        relay_failed(topic=INDEX_TOPIC, relayed=relayed, exc=exc, retries=self.request.retries)
        error = repr(exc)

        async def _note(uow: UnitOfWork) -> None:
            await searching.note_relay_failure(uow, error=error)

        try:
            run_in_worker(_note)
        except Exception:  # PostgreSQL itself may be what is away: retry all the same
            log.warning("could not note the relay failure", exc_info=True)
        raise self.retry(exc=exc, countdown=min(60, 2 ** min(self.request.retries, 6))) from exc


async def _apply_licence_standing(uow: UnitOfWork, agency_id: int) -> int:
    return await referrals.apply_licence_standing(uow, agency_id=agency_id, today=utc_today())


@celery_app.task(name="matching.relay_licence_standing", bind=True, max_retries=None)
def relay_licence_standing(self: Any) -> int:
    """Mark (or clear) the open referrals of agencies whose licence went out of force (or
    came back); returns the outbox rows handled."""
    return relay_topic(self, topic=LICENCE_STANDING_TOPIC,
                       handle=_apply_licence_standing)
