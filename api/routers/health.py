"""Liveness, readiness and metrics."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import JSONResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST
from pydantic import BaseModel

from api.observability import may_read_metrics
from core import metrics, outbox
from core.db import connection

# Readiness answers within this, whatever an engine does.
CHECK_SECONDS = 2.0

log = logging.getLogger("vetted.health")

router = APIRouter(tags=["health"])


@router.get("/healthz")
async def healthz() -> dict[str, str]:
    """The process is up (it touches no engine, so an outage never holds it)."""
    return {"status": "ok"}


def _outbox_check(age: float | None, limit: float) -> str:
    if age is None or age <= limit:
        return "ok"
    return (f"stale: the oldest entry not yet relayed is {age:.0f} s old (limit {limit:.0f} "
            "s); saved changes are not reaching search: is the worker running?")


class Readiness(BaseModel):
    status: str
    checks: dict[str, str]


@router.get("/readyz", response_model=Readiness, responses={
    503: {"model": Readiness, "description": "An engine does not answer, the search model "
          "is still loading, or the outbox is not being relayed"}})
async def readyz(request: Request) -> JSONResponse:
    """The database, the broker and the search engine answer, the search model is loaded,
    and the outbox is being relayed (its oldest entry is younger than the setting)."""
    state = request.app.state
    max_age = state.settings.ready_outbox_max_age_seconds
    checks: dict[str, str] = {}

    async def database() -> None:
        try:
            async with asyncio.timeout(CHECK_SECONDS), \
                    connection(state.pool, wait=CHECK_SECONDS) as conn:
                await conn.fetchval("SELECT 1")
                checks["database"] = "ok"
                if max_age:
                    checks["outbox"] = _outbox_check(await outbox.oldest_pending_age(conn),
                                                     max_age)
        except Exception as exc:
            checks.setdefault("database", f"unavailable: {type(exc).__name__}")
            if max_age:
                checks.setdefault("outbox", f"unknown: {type(exc).__name__}")

    async def broker() -> None:
        try:
            await asyncio.wait_for(state.redis.ping(), timeout=CHECK_SECONDS)
            checks["broker"] = "ok"
        except Exception as exc:
            checks["broker"] = f"unavailable: {type(exc).__name__}"

    async def search() -> None:
        try:
            await asyncio.wait_for(state.search_backend.ping(), timeout=CHECK_SECONDS)
            checks["search"] = "ok"
        except Exception as exc:
            checks["search"] = f"unavailable: {type(exc).__name__}"

    await asyncio.gather(database(), broker(), search())
    embedder = state.embedder
    if not embedder.done():
        checks["search_model"] = "loading"
    elif embedder.exception() is not None:
        checks["search_model"] = f"unavailable: {type(embedder.exception()).__name__}"
    else:
        checks["search_model"] = "ok"
    ready = all(v == "ok" for v in checks.values())
    if not ready:
        log.warning("not ready: %s", ", ".join(f"{k} {v}" for k, v in checks.items()
                                               if v != "ok"),
                    extra={"event": "health.not_ready",
                           "failing": sorted(k for k, v in checks.items() if v != "ok")})
    return JSONResponse(
        {"status": "ready" if ready else "not ready", "checks": dict(sorted(checks.items()))},
        status_code=200 if ready else 503,
    )


@router.get("/metrics", include_in_schema=False)
async def metrics_page(request: Request) -> Response:
    """Prometheus metrics: this process's, the worker's counters (kept in Redis) and the
    outbox backlog (read from PostgreSQL now). Readable from this machine, or anywhere
    with METRICS_TOKEN as a bearer token."""
    state = request.app.state
    if not may_read_metrics(request, state.settings.metrics_token):
        raise HTTPException(403, "metrics are readable from this machine, or with the "
                                 "metrics token (METRICS_TOKEN) as a bearer token")
    readable: dict[str, bool] = {}

    async def backlog() -> list[Any]:
        try:
            async with asyncio.timeout(CHECK_SECONDS), \
                    connection(state.pool, wait=CHECK_SECONDS) as conn:
                found = metrics.outbox_families(await outbox.backlog(conn))
            readable["outbox"] = True
            return found
        except Exception:
            readable["outbox"] = False
            return []

    async def shared() -> list[Any]:
        try:
            stored = await asyncio.wait_for(metrics.read_shared(state.redis),
                                            timeout=CHECK_SECONDS)
            readable["shared_counters"] = True
        except Exception:
            stored = {}
            readable["shared_counters"] = False
        return [counter.family(stored) for counter in metrics.SHARED_COUNTERS]

    found, counted = await asyncio.gather(backlog(), shared())
    body = metrics.exposition([*found, *counted, metrics.source_family(readable)])
    return Response(body, media_type=CONTENT_TYPE_LATEST)
