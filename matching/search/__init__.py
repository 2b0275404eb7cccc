"""One search interface over verified vacancies, with a backend per engine."""

from __future__ import annotations

import asyncpg

from matching.search.base import SearchBackend


def make_backend(name: str, pool: asyncpg.Pool) -> SearchBackend:
    """The configured backend; PostgreSQL (pgvector + full text) is the embedded default."""
    if name == "postgres":
        from matching.search.postgres import PostgresSearch

        return PostgresSearch(pool)
    raise ValueError(f"unknown search backend {name!r} (known: postgres)")
