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
