"""The embedded PostgreSQL runs with the page cache it is configured for."""

from __future__ import annotations

import shutil
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
