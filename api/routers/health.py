"""Liveness and readiness."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from core.db import connection

# Readiness answers within this, whatever an engine does.
CHECK_SECONDS = 2.0

router = APIRouter(tags=["health"])


@router.get("/healthz")
async def healthz() -> dict[str, str]:
    """The process is up (it touches no engine, so an outage never holds it)."""
    return {"status": "ok"}


class Readiness(BaseModel):
    status: str
    checks: dict[str, str]


@router.get("/readyz", response_model=Readiness, responses={
    503: {"model": Readiness, "description": "An engine does not answer, or the search model "
          "is still loading"}})
async def readyz(request: Request) -> JSONResponse:
    """The database and the broker answer, and the search model is loaded."""
    checks: dict[str, str] = {}
    try:
        async with asyncio.timeout(CHECK_SECONDS), \
                connection(request.app.state.pool, wait=CHECK_SECONDS) as conn:
            await conn.fetchval("SELECT 1")
        checks["database"] = "ok"
    except Exception as exc:
        checks["database"] = f"unavailable: {type(exc).__name__}"
    try:
        await asyncio.wait_for(request.app.state.redis.ping(), timeout=CHECK_SECONDS)
        checks["broker"] = "ok"
    except Exception as exc:
        checks["broker"] = f"unavailable: {type(exc).__name__}"
    embedder = request.app.state.embedder
    if not embedder.done():
        checks["search_model"] = "loading"
    elif embedder.exception() is not None:
        checks["search_model"] = f"unavailable: {type(embedder.exception()).__name__}"
    else:
        checks["search_model"] = "ok"
    ready = all(v == "ok" for v in checks.values())
    return JSONResponse(
        {"status": "ready" if ready else "not ready", "checks": checks},
        status_code=200 if ready else 503,
    )
