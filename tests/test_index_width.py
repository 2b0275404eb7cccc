"""The search index's vector width: the migrations take it from the settings and build its
HNSW graph concurrently, and neither the API nor the worker starts when the model's width
(EMBEDDING_DIMENSIONS, which the model is held to when it loads) and the column's differ."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import pytest

from core.migrate import downgrade, upgrade

ROOT = Path(__file__).resolve().parent.parent
OTHER_WIDTH = 384  # the English MiniLM's, against the test database's 512


async def test_the_api_does_not_start_with_a_model_of_another_width(engines: Any) -> None:
    from api.app import create_app
    from core.config import get_settings
    from matching.searching import IndexWidthMismatch

    settings = get_settings()
    assert settings.embedding_dimensions != OTHER_WIDTH
    app = create_app(settings.model_copy(update={"embedding_dimensions": OTHER_WIDTH}))
    with pytest.raises(IndexWidthMismatch) as refused:
        async with app.router.lifespan_context(app):
            pytest.fail("the API started")
    assert f"vectors of {OTHER_WIDTH} dimensions" in str(refused.value)
    assert f"holds {settings.embedding_dimensions}" in str(refused.value)


def test_the_worker_does_not_start_with_a_model_of_another_width(engines: Any) -> None:
    # A queue of its own: were it to start after all, it would take none of the suite's work.
    queue = f"width-{uuid.uuid4().hex[:8]}"
    log = Path(engines["data_dir"]) / f"{queue}.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "celery", "-A", "api.worker:celery_app", "worker",
             "--concurrency=1", "--without-mingle", "--without-gossip", "-Q", queue,
             "-n", f"{queue}@%h"],
            cwd=ROOT, env={**os.environ, "EMBEDDING_DIMENSIONS": str(OTHER_WIDTH)},
            stdout=out, stderr=subprocess.STDOUT)
        try:
            code = proc.wait(timeout=600)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            pytest.fail(f"the worker started: {log.read_text(errors='replace')[-2000:]}")
    said = log.read_text(errors="replace")
    assert code != 0, said
    assert "the worker does not start" in said, said
    assert f"vectors of {OTHER_WIDTH} dimensions" in said and "holds 512" in said, said


async def _index(conn: asyncpg.Connection) -> dict[str, Any]:
    row = await conn.fetchrow(
        """
        SELECT i.indisvalid, c.reloptions,
               (SELECT atttypmod FROM pg_attribute WHERE attrelid = 'vacancy_search'::regclass
                  AND attname = 'embedding') AS width
        FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
        WHERE i.indexrelid = to_regclass('ix_vacancy_search_embedding')
        """)
    assert row is not None, "the HNSW index is missing"
    return dict(row)


async def test_the_index_is_rebuilt_concurrently_at_the_settings_width(engines, db):
    # A database of its own: the shared one is in use by the running application.
    name = f"width_{uuid.uuid4().hex[:8]}"
    await db.execute(f'CREATE DATABASE "{name}"')
    url = urlunsplit(urlsplit(engines["superuser_url"])._replace(path=f"/{name}"))
    try:
        await asyncio.to_thread(upgrade, url, "0002")
        conn = await asyncpg.connect(url)
        try:
            assert (await _index(conn))["width"] == 512  # the settings', not 0002's old 384
            # Back before the denser graph (0007), the width step (0014) and the graph of
            # fewer links (0027), and up again: each rebuild leaves one valid index, of the
            # graph and width its step names.
            await asyncio.to_thread(upgrade, url, "head")
            await asyncio.to_thread(downgrade, url, "0006")
            down = await _index(conn)
            assert down["indisvalid"] and down["width"] == 384
            assert sorted(down["reloptions"]) == ["ef_construction=128", "m=16"]
            await asyncio.to_thread(upgrade, url, "head")
            up = await _index(conn)
            assert up["indisvalid"] and up["width"] == 512
            assert sorted(up["reloptions"]) == ["ef_construction=200", "m=16"]
            assert await conn.fetchval(
                "SELECT count(*) FROM pg_class WHERE relname LIKE 'ix_vacancy_search_emb%'") == 1
        finally:
            await conn.close()
    finally:
        await db.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
