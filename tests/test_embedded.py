"""The embedded engines: PostgreSQL with the page cache it is configured for, Redis with
everything of its own under DATA_DIR."""

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

from core.embedded import start_postgres


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

with _engines() as (_, redis_url):
    redis.Redis.from_url(redis_url).set("kept", "across restarts")
    print(redis_url, flush=True)
    while True:
        time.sleep(0.1)
"""


def test_embedded_redis_lives_in_data_dir_and_leaves_nothing_in_tmp_after_ctrl_c() -> None:
    import redis

    from core.embedded import _stop_redis, start_redis
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
        assert proc.wait(timeout=60) != 0  # interrupted
    finally:
        if proc.poll() is None:
            proc.kill()
    try:
        assert not os.path.exists(url.removeprefix("unix://"))  # the server is gone
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
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
