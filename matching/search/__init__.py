"""One search interface over verified vacancies, with a backend per engine."""

from __future__ import annotations

import asyncpg

from core.config import Settings, get_settings
from matching.search.base import SearchBackend


def make_backend(name: str, pool: asyncpg.Pool, *, settings: Settings | None = None
                 ) -> SearchBackend:
    """The configured backend; PostgreSQL (pgvector + full text) is the embedded default."""
    if name == "postgres":
        from matching.search.postgres import PostgresSearch

        return PostgresSearch(pool, ef_search=(settings or get_settings()).pgvector_ef_search)
    if name == "elasticsearch":
        from matching.search.elasticsearch import ElasticsearchSearch

        return ElasticsearchSearch.from_settings(settings or get_settings())
    raise ValueError(f"unknown search backend {name!r} (known: postgres, elasticsearch)")


async def open_backend(name: str, pool: asyncpg.Pool, *, settings: Settings) -> SearchBackend:
    """The configured backend for serving searches. PostgreSQL's gets connections of its
    own, opened with the search's settings, so a search spends no round trips setting
    them and resetting them."""
    if name == "postgres":
        from matching.search.postgres import PostgresSearch

        if not settings.database_url:
            raise RuntimeError("DATABASE_URL must be set to search on PostgreSQL")
        return await PostgresSearch.open(
            pool, settings.database_url, ef_search=settings.pgvector_ef_search,
            acquire_timeout=settings.database_acquire_timeout_seconds,
            command_timeout=settings.database_statement_timeout_seconds)
    return make_backend(name, pool, settings=settings)
