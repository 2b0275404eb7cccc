"""The FastAPI application."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import redis.asyncio as aioredis
from fastapi import Depends, FastAPI
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff
from starlette.types import ASGIApp
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from api import errors, openapi, web, worker
from api.bodies import BodyLimit
from api.deps import reject_control_characters
from api.limiter import RateLimiter
from api.observability import RequestObservation
from api.routers import (
    admin,
    attache,
    audit,
    auth,
    disputes,
    health,
    migrants,
    notifications,
    referral_requests,
    registry,
    search,
    sign_in_codes,
    vacancies,
)
from api.security import SecurityHeaders, trusted_proxies
from core.config import Settings, get_settings
from core.db import create_pool
from core.logs import configure_logging
from matching.embedder import get_embedder
from matching.search import open_backend
from matching.searching import check_index_width


class Vetted(FastAPI):
    def build_middleware_stack(self) -> ASGIApp:
        # Outside Starlette's own error middleware, so that a request that fails with an
        # unexpected error still gets its id, its log lines and its one line in the log.
        return RequestObservation(super().build_middleware_stack())


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    configure_logging(log_format=settings.log_format, level=settings.log_level)
    worker.wire()  # the outbox's relays and the events' subscribers

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if not settings.database_url or not settings.redis_url:
            raise RuntimeError("DATABASE_URL and REDIS_URL must be set (`make run` sets both)")
        app.state.settings = settings
        app.state.secret_key = settings.resolved_secret_key()
        # A request that cannot reach PostgreSQL in time answers 503 (api.errors).
        connect = settings.database_acquire_timeout_seconds
        statement = settings.database_statement_timeout_seconds
        app.state.pool = await create_pool(settings.database_url, connect_timeout=connect,
                                           command_timeout=statement)
        # A model of another width than the index's column would fail every search and
        # every vacancy indexed: the API does not start (IndexWidthMismatch names both).
        try:
            async with app.state.pool.acquire() as conn:
                await check_index_width(conn, dimensions=settings.embedding_dimensions)
        except BaseException:
            await app.state.pool.close()
            raise
        # For read-only requests (searches): nothing changes the session, so a connection
        # goes back to the pool without a reset.
        app.state.read_pool = await create_pool(settings.database_url, session={},
                                                connect_timeout=connect,
                                                command_timeout=statement)
        # Form tokens and readiness: a Redis that is away fails fast, after one quick retry
        # (for a connection a restart dropped), not after redis-py's ten with back-off.
        redis_timeout = settings.redis_timeout_seconds
        app.state.redis = aioredis.from_url(settings.redis_url, socket_timeout=redis_timeout,
                                            socket_connect_timeout=redis_timeout,
                                            retry=Retry(NoBackoff(), 1))
        app.state.rate_limiter = RateLimiter(settings.redis_url, timeout=redis_timeout)
        app.state.search_backend = await open_backend(settings.search_backend,
                                                      app.state.pool, settings=settings)
        # The model loads in the background; the first search waits for it if need be.
        app.state.embedder = asyncio.get_running_loop().run_in_executor(
            None, get_embedder, settings.embedding_model
        )
        try:
            yield
        finally:
            await app.state.search_backend.close()
            await app.state.pool.close()
            await app.state.read_pool.close()
            await app.state.redis.aclose()

    app = Vetted(
        title="Vetted",
        version="0.1.0",
        description="Licensed recruitment agencies, verified vacancies and safe job matching "
        "for labour migrants from Central Asia.",
        lifespan=lifespan,
        dependencies=[Depends(reject_control_characters)],
    )
    errors.install(app)
    # Every body is counted as it streams in, before anything parses or spools it.
    app.add_middleware(BodyLimit, settings=settings)
    # Routes are matched in order: the busiest path, search, comes first.
    for module in (search, health, auth, registry, vacancies, migrants, audit, notifications,
                   admin, disputes, attache, sign_in_codes, referral_requests):
        app.include_router(module.router)
    web.install(app)
    openapi.install(app)
    app.add_middleware(SecurityHeaders, without_policy=tuple(
        url for url in (app.docs_url, app.redoc_url, app.swagger_ui_oauth2_redirect_url) if url))
    # Outermost, so that everything inside sees the client's address and scheme.
    proxies = trusted_proxies(settings.trusted_proxies)
    if proxies:
        app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=proxies)
    return app
