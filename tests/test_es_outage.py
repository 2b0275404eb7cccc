"""Elasticsearch stops in the middle of a run: nothing saved is lost.

The whole production shape runs against a node of the test's own: the API and a Celery
worker as processes configured for Elasticsearch, on a broker of their own (so the
session's PostgreSQL worker never relays these changes). The node is stopped, vacancies
are saved (201), search answers 503 problem+json, the outbox keeps the changes pending;
the node comes back on the same port and data, the relay's retries drain the outbox,
and every vacancy is searchable.
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import ROOT, bearer, create_user_direct, token_for, unique
from tests.es_node import index_name
from tests.factories_vacancies import attache, employer, licensed_agency, vacancy_in
from tools.es_node import EsNode

pytestmark = pytest.mark.asyncio


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Stack:
    """The API and a worker, as processes, searching one Elasticsearch node."""

    def __init__(self, node: EsNode, database_url: str) -> None:
        from core.embedded import ensure_engines

        self.node = node
        self.folder = Path(tempfile.mkdtemp(prefix="vt-es-"))  # short: a unix socket lives here
        self.broker = ensure_engines(database_url=database_url, redis_url=None,
                                     data_dir=self.folder)
        self.port = _free_port()
        self.env = {**os.environ, "REDIS_URL": self.broker.redis_url,
                    "SEARCH_BACKEND": "elasticsearch", "ELASTICSEARCH_URL": node.url,
                    "ELASTICSEARCH_INDEX": index_name("outage"),
                    "SEARCH_RATE_LIMIT": "100000/minute"}
        self.processes: list[subprocess.Popen[bytes]] = []

    def _spawn(self, name: str, args: list[str]) -> None:
        log = open(self.folder / f"{name}.log", "wb")  # noqa: SIM115
        self.processes.append(subprocess.Popen(  # noqa: S603
            args, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT))

    def start(self) -> None:
        self._spawn("worker", [sys.executable, "-m", "celery", "-A", "api.worker:celery_app",
                               "worker", "--concurrency=1", "--loglevel=INFO",
                               "--without-mingle", "--without-gossip",
                               "-n", f"es-{unique()}@%h"])
        self._spawn("api", [sys.executable, "-m", "uvicorn", "api.app:create_app", "--factory",
                            "--host", "127.0.0.1", "--port", str(self.port),
                            "--log-level", "warning"])
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            for proc in self.processes:
                if proc.poll() is not None:
                    pytest.fail(f"{proc.args[2]} exited with {proc.returncode}; "
                                f"see {self.folder}")
            try:
                if httpx.get(f"http://127.0.0.1:{self.port}/readyz", timeout=2).status_code \
                        == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        pytest.fail(f"the API did not become ready; see {self.folder}")

    def stop(self) -> None:
        for proc in self.processes:
            proc.terminate()
        for proc in self.processes:
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
        self.broker.stop()
        shutil.rmtree(self.folder, ignore_errors=True)


@pytest.fixture
async def stack(es_launcher: Callable[[], EsNode], engines: dict[str, str]
                ) -> AsyncIterator[Stack]:
    node = await asyncio.to_thread(es_launcher)
    running = Stack(node, engines["database_url"])
    try:
        await asyncio.to_thread(running.start)
        yield running
    finally:
        await asyncio.to_thread(running.stop)


async def _until(check: Callable[[], Any], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if await check():
            return
        await asyncio.sleep(0.5)
    raise AssertionError(f"{what} within {seconds:.0f} s")


async def test_elasticsearch_stops_mid_run_and_nothing_is_lost(stack, db):
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{stack.port}",
                                 timeout=60) as api:
        regulator = bearer(await token_for(api, await create_user_direct(db, "regulator")))
        admin = bearer(await token_for(api, await create_user_direct(db, "admin")))
        verifier = await attache(api, admin, "RU")
        agency, _ = await licensed_agency(api, regulator, ["RU"])
        boss = await employer(api, agency, "RU")
        tag = unique()

        async def publish(title: str) -> dict[str, Any]:
            return await vacancy_in(api, "published", agency=agency, attache_headers=verifier,
                                    employer_id=boss["id"], title=f"{title} {tag}")

        async def pending(ids: list[int]) -> int:
            n: int = await db.fetchval(
                "SELECT count(*) FROM outbox WHERE topic = 'vacancy.changed' "
                "AND entity_id = ANY($1) AND processed_at IS NULL", ids)
            return n

        async def search(text: str, **params: Any) -> httpx.Response:
            return await api.get("/search/vacancies", params={"q": text, "k": 50, **params})

        before = [await publish("Welder"), await publish("Electrician")]
        before_ids = [v["id"] for v in before]
        await _until(lambda: _zero(pending(before_ids)), 120, "the first changes were relayed")
        found = await search(tag)
        assert found.status_code == 200, found.text
        assert found.json()["backend"] == "elasticsearch"
        assert set(before_ids) <= {r["vacancy"]["id"] for r in found.json()["results"]}

        # The engine goes away in the middle of the run.
        await asyncio.to_thread(stack.node.stop)

        # Saving still works: each change waits in the outbox.
        during = [await publish("Crane operator"), await publish("Plumber"),
                  await publish("Nurse")]
        during_ids = [v["id"] for v in during]
        down = await search(tag)
        assert down.status_code == 503, down.text
        assert down.headers["content-type"].startswith("application/problem+json")
        problem = down.json()
        assert problem["type"] == "/problems/search-unavailable"
        assert problem["status"] == 503
        assert "try again" in problem["detail"]
        assert (await search(tag, mode="keyword")).status_code == 503
        # Readiness names the engine that is away; the rest of the service is there.
        ready = await api.get("/readyz")
        assert ready.status_code == 503
        checks = ready.json()["checks"]
        assert checks["search"].startswith("unavailable"), checks
        assert all(v == "ok" for k, v in checks.items() if k != "search"), checks
        # The relay keeps trying and failing, and says why; nothing it was given is done.
        # (Only the index topic: an agency's rating row may share a vacancy's id.)
        last_error = ("SELECT last_error FROM outbox WHERE topic = 'vacancy.changed' "
                      "AND entity_id = ANY($1) AND last_error IS NOT NULL LIMIT 1")
        await _until(lambda: _present(db.fetchval(last_error, during_ids)),
                     60, "the relay tried and failed")
        assert await pending(during_ids) >= len(during_ids)
        error = await db.fetchval(last_error, during_ids)
        assert "Elasticsearch" in error or "Connection" in error
        # The worker counted its failed runs, and the API's metrics show them.
        metrics = (await api.get("/metrics")).text
        failures = re.search(r'^vetted_outbox_relay_failures_total\{topic="vacancy.changed"\} '
                             r"(\S+)$", metrics, re.MULTILINE)
        assert failures and float(failures.group(1)) >= 1, metrics

        # Back on the same port with the same data: the relay's retries drain the outbox.
        await asyncio.to_thread(stack.node.start)
        await _until(lambda: _zero(pending(during_ids)), 180, "the outbox drained")
        back = await search(tag)
        assert back.status_code == 200, back.text
        assert (await api.get("/readyz")).status_code == 200
        assert {r["vacancy"]["id"] for r in back.json()["results"]} >= set(
            before_ids + during_ids)
        for vacancy in before + during:
            title = vacancy["title"].split()[0].lower()
            top = await search(f"{title} {tag}", mode="keyword")
            assert top.json()["results"][0]["vacancy"]["id"] == vacancy["id"], title


async def _zero(count: Any) -> bool:
    return await count == 0


async def _present(value: Any) -> bool:
    return await value is not None

