"""The outbox relay loses nothing: not when a worker is killed mid-batch, nor when run twice."""

import asyncio
import os
import signal
import subprocess
import sys
import time

import pytest

from matching import tasks
from tests.conftest import ROOT, relay_index
from tests.factories_vacancies import attache, employer, licensed_agency, vacancy_in

pytestmark = pytest.mark.asyncio

CLONES = 500


async def _backlog(client, regulator, admin, db, count):
    """`count` published vacancies whose index writes are still waiting in the outbox."""
    agency, _ = await licensed_agency(client, regulator, ["RU"])
    verifier = await attache(client, admin, "RU")
    boss = await employer(client, agency, "RU")
    template = await vacancy_in(client, "published", agency=agency, attache_headers=verifier,
                                employer_id=boss["id"])
    ids = [r["id"] for r in await db.fetch(
        """
        INSERT INTO vacancy (agency_id, employer_id, external_ref, title, description,
            occupation, skills, languages, country, city, wage_amount, wage_currency,
            wage_period, wage_monthly, hours_per_week, housing, meals, contract_months,
            positions, closing_date, status, published_at)
        SELECT agency_id, employer_id, 'clone-' || g || '-' || id, title || ' #' || g,
            description, occupation, skills, languages, country, city, wage_amount,
            wage_currency, wage_period, wage_monthly, hours_per_week, housing, meals,
            contract_months, positions, closing_date, 'published', now()
        FROM vacancy, generate_series(1, $2) AS g WHERE id = $1
        RETURNING id
        """, template["id"], count)]
    await db.executemany(
        "INSERT INTO outbox (topic, entity_id) VALUES ('vacancy.changed', $1)",
        [(i,) for i in ids])
    return ids


async def _pending(db, ids):
    return await db.fetchval(
        "SELECT count(*) FROM outbox WHERE entity_id = ANY($1) AND processed_at IS NULL "
        "AND topic = 'vacancy.changed'", ids)


async def _indexed(db, ids):
    return await db.fetchval(
        "SELECT count(*) FROM vacancy_search s JOIN vacancy v ON v.id = s.vacancy_id "
        "WHERE s.vacancy_id = ANY($1) AND s.source_version = v.version", ids)


async def _until(check, seconds, *, tick):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if await check():
            return
        await asyncio.sleep(tick)


def _children(pid):
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True)  # noqa: S603, S607
    return [int(p) for p in out.stdout.split()]


async def test_a_worker_killed_mid_relay_loses_nothing(client, regulator, admin, db, worker):
    ids = await _backlog(client, regulator, admin, db, CLONES)
    assert await _pending(db, ids) == CLONES
    tasks.relay_outbox.delay()

    # Wait until the relay is part-way through, then kill the process doing the work.
    async def started():
        return await _pending(db, ids) < CLONES

    await _until(started, 240, tick=0.2)
    done_before_kill = CLONES - await _pending(db, ids)
    assert 0 < done_before_kill < CLONES, "the relay should be part-way through the backlog"
    for child in _children(worker.pid):
        os.kill(child, signal.SIGKILL)

    # The batch in flight was rolled back with its connection; the task comes back
    # (acks late, rejected on worker loss) and the periodic relay would catch up too.
    async def drained():
        return await _pending(db, ids) == 0

    await _until(drained, 300, tick=1.0)
    assert await _pending(db, ids) == 0
    assert await _indexed(db, ids) == CLONES


async def test_relaying_again_changes_nothing(client, regulator, admin, db):
    ids = await _backlog(client, regulator, admin, db, 3)
    await relay_index(db, ids)
    before = await db.fetch("SELECT vacancy_id, indexed_at FROM vacancy_search "
                            "WHERE vacancy_id = ANY($1) ORDER BY vacancy_id", ids)
    # The same changes delivered twice (a redelivered task) leave one document each.
    await db.executemany(
        "INSERT INTO outbox (topic, entity_id) VALUES ('vacancy.changed', $1)",
        [(i,) for i in ids])
    await relay_index(db, ids)
    assert await _indexed(db, ids) == 3
    after = await db.fetch("SELECT vacancy_id FROM vacancy_search "
                           "WHERE vacancy_id = ANY($1) ORDER BY vacancy_id", ids)
    assert [r["vacancy_id"] for r in after] == [r["vacancy_id"] for r in before]


async def test_reindex_command_rebuilds_the_index_from_postgresql(client, regulator, admin, db):
    ids = await _backlog(client, regulator, admin, db, 2)
    await relay_index(db, ids)
    await db.execute("DELETE FROM vacancy_search WHERE vacancy_id = $1", ids[0])
    await db.execute("UPDATE vacancy SET status = 'closed' WHERE id = $1", ids[1])
    result = await asyncio.to_thread(
        subprocess.run, [sys.executable, "-m", "api.cli", "reindex"], cwd=ROOT,
        env=os.environ.copy(), capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stderr
    assert "indexed" in result.stdout
    present = {r["vacancy_id"] for r in await db.fetch(
        "SELECT vacancy_id FROM vacancy_search WHERE vacancy_id = ANY($1)", ids)}
    assert present == {ids[0]}
