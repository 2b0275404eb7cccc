"""The embedded engines: PostgreSQL with the page cache it is configured for and with the
schema owner and the application role set up, Redis with everything of its own under
DATA_DIR."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest

from core.embedded import APP_ROLE, OWNER_ROLE, provision_roles, start_postgres, with_user
from core.migrate import application_role_problem, let_application_sign_in


def _shared_buffers(server: Any) -> str:
    return server.psql("SHOW shared_buffers;").splitlines()[2].strip()


def test_embedded_postgres_takes_its_page_cache_setting_and_keeps_it_across_restarts() -> None:
    data_dir = Path(tempfile.mkdtemp(prefix="vt-pg-"))
    try:
        _, server = start_postgres(data_dir, shared_buffers="256MB")
        assert _shared_buffers(server) == "256MB"  # applied on the very first start
        server.cleanup()
        _, server = start_postgres(data_dir, shared_buffers="192MB")
        assert _shared_buffers(server) == "192MB"  # a changed setting applies at once
        server.cleanup()
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


def test_a_page_cache_setting_that_is_not_a_size_is_refused() -> None:
    data_dir = Path(tempfile.mkdtemp(prefix="vt-pg-"))
    try:
        with pytest.raises(ValueError, match="shared_buffers"):
            start_postgres(data_dir, shared_buffers="1GB'; DROP DATABASE x; --")
        assert not (data_dir / "pg").exists()  # refused before anything started
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


# Starts the embedded Redis as `vetted run` does (api.cli._engines, PostgreSQL configured
# elsewhere), keeps a key, and waits for Ctrl-C.
_RUN_UNTIL_CTRL_C = """
import sys, time
import redis
from api.cli import _engines

with _engines() as engines:
    redis.Redis.from_url(engines.redis_url).set("kept", "across restarts")
    print(engines.redis_url, flush=True)
    while True:
        time.sleep(0.1)
"""


def test_embedded_redis_lives_in_data_dir_and_leaves_nothing_in_tmp_after_ctrl_c() -> None:
    import redis

    from core.embedded import _running, _stop_redis, start_redis
    from tests.conftest import ROOT

    folder = Path(tempfile.mkdtemp(prefix="vt-r-"))
    data_dir, tmp = folder / "data", folder / "tmp"
    tmp.mkdir()
    env = {**os.environ, "DATA_DIR": str(data_dir), "TMPDIR": str(tmp),
           "DATABASE_URL": "postgresql://nobody@/unused"}
    env.pop("REDIS_URL", None)
    proc = subprocess.Popen([sys.executable, "-c", _RUN_UNTIL_CTRL_C], cwd=ROOT, env=env,  # noqa: S603
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        url = proc.stdout.readline().strip()
        assert url, proc.stderr.read()
        assert url == f"unix://{data_dir.resolve()}/redis/redis.socket"
        pid = int((data_dir / "redis" / "redis.pid").read_text())
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=600) != 0  # interrupted (a hang guard, not a budget)
    finally:
        if proc.poll() is None:
            proc.kill()
    try:
        assert not os.path.exists(url.removeprefix("unix://"))  # the server is gone
        assert not _running(pid)  # (exited: one that nobody has reaped yet counts)
        assert list(tmp.iterdir()) == []  # nothing in the temp folder
        # What was written was saved, and a new start serves it from the same place.
        again, server = start_redis(data_dir)
        try:
            assert again == url
            assert redis.Redis.from_url(again).get("kept") == b"across restarts"
        finally:
            _stop_redis(server)
        assert list(tmp.iterdir()) == []
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_an_older_embedded_database_is_handed_to_the_owner_and_the_app_owns_nothing() -> None:
    import psycopg

    data_dir = Path(tempfile.mkdtemp(prefix="vt-pg-"))
    try:
        superuser_url, server = start_postgres(data_dir, shared_buffers="128MB")
        try:
            with psycopg.connect(superuser_url, autocommit=True) as conn:  # as before roles
                conn.execute("CREATE TABLE early (id bigserial PRIMARY KEY);"
                             "CREATE TABLE audit_entry (id bigint);"
                             "CREATE SEQUENCE early_number;"
                             "CREATE FUNCTION early_one() RETURNS int LANGUAGE sql "
                             "AS 'SELECT 1'")
            roles = provision_roles(superuser_url)
            assert provision_roles(superuser_url) == roles  # again: nothing changes
            with psycopg.connect(superuser_url) as conn:
                owners = dict(conn.execute(
                    "SELECT c.relname, pg_get_userbyid(c.relowner) FROM pg_class c "
                    "WHERE c.relname IN ('early', 'early_id_seq', 'early_number') "
                    "UNION ALL SELECT proname, pg_get_userbyid(proowner) FROM pg_proc "
                    "WHERE proname = 'early_one'").fetchall())
                assert owners == dict.fromkeys(
                    ("early", "early_id_seq", "early_number", "early_one"), OWNER_ROLE)
                assert conn.execute("SELECT pg_get_userbyid(datdba) FROM pg_database "
                                    "WHERE datname = current_database()").fetchone() == (
                    OWNER_ROLE,)
            with psycopg.connect(roles.owner_url, autocommit=True) as conn:
                conn.execute("CREATE TABLE later (id bigint)")  # the owner migrates
            with psycopg.connect(roles.app_url, autocommit=True) as conn:
                assert conn.execute("SELECT current_user, rolsuper FROM pg_roles "
                                    "WHERE rolname = current_user").fetchone() == (
                    APP_ROLE, False)
                with pytest.raises(psycopg.errors.InsufficientPrivilege):
                    conn.execute("CREATE TABLE mine (id bigint)")
            assert application_role_problem(roles.app_url) is None
            assert "the owner of the audit log" in (application_role_problem(roles.owner_url)
                                                    or "")
            assert "a superuser" in (application_role_problem(superuser_url) or "")

            # A deployment's own login role for the service: created once, in vetted_app.
            api_url = with_user(superuser_url, "vetted_api", "a password")
            assert let_application_sign_in(superuser_url, api_url) == "role vetted_api created"
            assert let_application_sign_in(superuser_url, api_url) is None
            with psycopg.connect(api_url) as conn:
                assert conn.execute("SELECT pg_has_role('vetted_api', %s, 'USAGE')",
                                    (APP_ROLE,)).fetchone() == (True,)
        finally:
            server.cleanup()
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
