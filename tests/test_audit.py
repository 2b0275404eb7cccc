"""The hash-chained audit log: append-only, and tampering is found and named, by the
chain itself and against the signed checkpoints kept out of the database."""

import asyncio
import os
import re
import subprocess
import sys
from contextlib import asynccontextmanager
from dataclasses import replace
from datetime import UTC, datetime

import asyncpg
import httpx
import pytest

from core import audit, audit_checkpoints
from core.config import get_settings
from tests.conftest import (
    PASSWORD,
    ROOT,
    active_licence,
    create_user_direct,
    run_task,
    unique,
)

pytestmark = pytest.mark.asyncio


@asynccontextmanager
async def tampering(db):
    """Act as an intruder with superuser rights (triggers off), and undo it afterwards.
    Appends wait meanwhile, so nothing chains onto what is undone."""
    await db.execute("SELECT pg_advisory_lock($1)", audit._APPEND_LOCK)
    await db.execute("SET session_replication_role = replica")
    try:
        yield
    finally:
        await db.execute("SET session_replication_role = origin")
        await db.execute("SELECT pg_advisory_unlock($1)", audit._APPEND_LOCK)


async def _cli(*args):
    return await asyncio.to_thread(
        subprocess.run, [sys.executable, "-m", "api.cli", *args], cwd=ROOT,
        env=os.environ.copy(), capture_output=True, text=True, timeout=600,
    )


async def test_the_chain_verifies_after_normal_work(client, regulator):
    await active_licence(client, regulator)
    check = await client.get("/audit/verify", headers=regulator)
    assert check.status_code == 200
    body = check.json()
    assert body["ok"] is True
    assert body["entries_checked"] >= 4
    assert body["first_broken_id"] is None
    assert body["findings"] == []
    assert isinstance(body["checkpoints_checked"], int)


async def test_the_log_refuses_updates_and_deletes(client, regulator, db):
    await active_licence(client, regulator)
    with pytest.raises(asyncpg.RaiseError, match="append-only"):
        await db.execute("UPDATE audit_entry SET reason = 'nothing to see' "
                         "WHERE id = (SELECT max(id) FROM audit_entry)")
    with pytest.raises(asyncpg.RaiseError, match="append-only"):
        await db.execute("DELETE FROM audit_entry WHERE id = (SELECT max(id) FROM audit_entry)")
    with pytest.raises(asyncpg.RaiseError, match="append-only"):
        await db.execute("TRUNCATE audit_entry")


async def test_a_changed_entry_is_named_by_the_endpoint_and_the_command(client, regulator, db):
    _, licence = await active_licence(client, regulator)
    target = await db.fetchrow(
        "SELECT id, reason FROM audit_entry WHERE entity_type = 'licence' AND entity_id = $1 "
        "AND action = 'grant'", str(licence["id"]),
    )
    await active_licence(client, regulator)  # entries after the target
    async with tampering(db):
        await db.execute("UPDATE audit_entry SET reason = $2 WHERE id = $1",
                         target["id"], "granted " + unique())
        try:
            body = (await client.get("/audit/verify", headers=regulator)).json()
            assert body["ok"] is False
            assert body["first_broken_id"] == target["id"]
            assert "changed" in body["problem"]

            result = await _cli("verify-audit")
            assert result.returncode == 1
            assert f"BROKEN at entry {target['id']}" in result.stderr
        finally:
            await db.execute("UPDATE audit_entry SET reason = $2 WHERE id = $1",
                             target["id"], target["reason"])
    assert (await client.get("/audit/verify", headers=regulator)).json()["ok"] is True
    result = await _cli("verify-audit")
    assert result.returncode == 0, result.stderr
    assert "intact" in result.stdout


async def test_a_removed_entry_is_found_at_the_next_one(client, regulator, db):
    _, licence = await active_licence(client, regulator)
    row = await db.fetchrow(
        "SELECT * FROM audit_entry WHERE entity_type = 'licence' AND entity_id = $1 "
        "AND action = 'start_review'", str(licence["id"]),
    )
    following = await db.fetchval("SELECT min(id) FROM audit_entry WHERE id > $1", row["id"])
    async with tampering(db):
        await db.execute("DELETE FROM audit_entry WHERE id = $1", row["id"])
        try:
            body = (await client.get("/audit/verify", headers=regulator)).json()
            assert body["ok"] is False
            assert body["first_broken_id"] == following
            assert "removed" in body["problem"]
        finally:
            columns = list(row.keys())
            await db.execute(
                f"INSERT INTO audit_entry ({', '.join(columns)}) VALUES "
                f"({', '.join(f'${i}' for i in range(1, len(columns) + 1))})",
                *row.values(),
            )
    assert (await client.get("/audit/verify", headers=regulator)).json()["ok"] is True


async def test_the_application_role_cannot_change_or_cut_the_log_nor_unprotect_it(
        client, regulator, engines):
    await active_licence(client, regulator)
    app = await asyncpg.connect(engines["database_url"])  # as the service connects
    try:
        assert await app.fetchval("SELECT count(*) FROM audit_entry") > 0
        for statement in (
            "UPDATE audit_entry SET reason = 'nothing to see' "
            "WHERE id = (SELECT max(id) FROM audit_entry)",
            "DELETE FROM audit_entry WHERE id = (SELECT max(id) FROM audit_entry)",
            "TRUNCATE audit_entry",
            "ALTER TABLE audit_entry DISABLE TRIGGER ALL",
            "ALTER TABLE audit_entry DISABLE TRIGGER tg_audit_entry_no_update",
            "DROP TRIGGER tg_audit_entry_no_update ON audit_entry",
            "SET session_replication_role = replica",
        ):
            with pytest.raises(asyncpg.InsufficientPrivilegeError):
                await app.execute(statement)
        assert not await app.fetchval(
            "SELECT rolsuper OR rolcreaterole OR rolcreatedb FROM pg_roles "
            "WHERE rolname = current_user")
        assert await app.fetchval(
            "SELECT count(*) FROM pg_class WHERE relowner = "
            "(SELECT oid FROM pg_roles WHERE rolname = current_user)") == 0
    finally:
        await app.close()


async def _checkpoint_task():
    """The scheduled task's body, run here. Imported here, as other tests import theirs:
    imported at collection, before the test engines are set, it left the Celery app
    without the test broker (the worker fixture then failed to reach it)."""
    from core.tasks import checkpoint_audit

    return await run_task(checkpoint_audit)


async def _checkpoint():
    """A checkpoint of the log as it is, taken by the scheduled task."""
    taken = await _checkpoint_task()
    assert taken["ok"] is True, taken["findings"]
    return taken


@asynccontextmanager
async def ministry_browser(app, db):
    """A regulator signed in to the pages (before any tampering: signing in is audited)."""
    email = await create_user_direct(db, "regulator")
    transport = httpx.ASGITransport(app=app, client=("10.9.8.7", 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://vetted.test") as browser:
        login = await browser.get("/login")
        token = re.search(r'name="csrf_token" value="([^"]+)"', login.text)
        assert token, login.text
        signed = await browser.post("/login", data={"email": email, "password": PASSWORD,
                                                    "csrf_token": token.group(1)})
        assert signed.status_code == 303, signed.text
        yield browser


async def _chain_badge(browser, agency_id):
    page = await browser.get(f"/ministry/agencies/{agency_id}")
    assert page.status_code == 200, page.text
    badge = re.search(r'id="chain">.*?<span class="badge (\w+)">([^<]+)</span>', page.text,
                      re.S)
    assert badge, page.text
    return badge.group(1), badge.group(2)


async def _verify(client, headers):
    response = await client.get("/audit/verify", headers=headers)
    assert response.status_code == 200
    return response.json()


async def test_entries_cut_from_the_end_are_found_against_the_checkpoint(
        client, regulator, db, app):
    agency, _ = await active_licence(client, regulator)
    async with ministry_browser(app, db) as browser:
        assert await _chain_badge(browser, agency.id) == ("ok", "Chain intact")
        taken = await _checkpoint()
        assert taken["written"] is True
        assert (await _checkpoint())["written"] is False  # nothing new: nothing to add
        await _cut_from_the_end(client, regulator, db, browser, agency, taken)
    assert (await _verify(client, regulator))["ok"] is True


async def _cut_from_the_end(client, regulator, db, browser, agency, taken):
    async with tampering(db):
        newest = await db.fetch("SELECT * FROM audit_entry ORDER BY id DESC LIMIT 3")
        await db.execute("DELETE FROM audit_entry WHERE id >= $1", newest[-1]["id"])
        try:
            assert (await audit.verify_chain(db)).ok  # the chain alone cannot tell
            body = await _verify(client, regulator)
            assert body["ok"] is False
            assert body["first_broken_id"] is None
            assert "removed from its end" in body["problem"]
            assert f"up to entry {taken['head_id']}" in body["problem"]
            # The regulator's page says so too, never "intact".
            assert await _chain_badge(browser, agency.id) == (
                "bad", "The audit log was tampered with")

            result = await _cli("verify-audit")
            assert result.returncode == 1
            assert "audit log TAMPERED" in result.stderr
            assert "removed from its end" in result.stderr

            refused = await _checkpoint_task()  # a cut log is never anchored
            assert refused["ok"] is False
            assert refused["written"] is False
        finally:
            for row in reversed(newest):
                columns = list(row.keys())
                await db.execute(
                    f"INSERT INTO audit_entry ({', '.join(columns)}) VALUES "
                    f"({', '.join(f'${i}' for i in range(1, len(columns) + 1))})",
                    *row.values(),
                )


async def test_an_entry_rewritten_and_the_chain_rehashed_is_found_against_the_checkpoint(
        client, regulator, db):
    _, licence = await active_licence(client, regulator)
    target = await db.fetchval(
        "SELECT id FROM audit_entry WHERE entity_type = 'licence' AND entity_id = $1 "
        "AND action = 'grant'", str(licence["id"]),
    )
    await active_licence(client, regulator)  # entries after the target
    result = await _cli("verify-audit", "--checkpoint")  # the operator's own checkpoint
    assert result.returncode == 0, result.stderr
    assert "checkpoint written" in result.stdout
    head = await db.fetchval("SELECT max(id) FROM audit_entry")

    async with tampering(db):
        originals = await db.fetch("SELECT * FROM audit_entry WHERE id >= $1 ORDER BY id",
                                   target)
        prev_hash = originals[0]["prev_hash"]
        for row in originals:  # the grant's reason changed, and every later hash redone
            fields = dict(row)
            if row["id"] == target:
                fields["reason"] = "granted " + unique()
            digest = audit.entry_hash(prev_hash, audit._hashed_fields(fields))
            await db.execute("UPDATE audit_entry SET reason = $2, prev_hash = $3, hash = $4 "
                             "WHERE id = $1", row["id"], fields["reason"], prev_hash, digest)
            prev_hash = digest
        try:
            assert (await audit.verify_chain(db)).ok  # the chain alone is fooled
            body = await _verify(client, regulator)
            assert body["ok"] is False
            assert body["first_broken_id"] == head
            assert "rewritten" in body["problem"]

            result = await _cli("verify-audit")
            assert result.returncode == 1
            assert f"BROKEN at entry {head}" in result.stderr
            assert "rewritten" in result.stderr
        finally:
            for row in originals:
                await db.execute("UPDATE audit_entry SET reason = $2, prev_hash = $3, "
                                 "hash = $4 WHERE id = $1", row["id"], row["reason"],
                                 row["prev_hash"], row["hash"])
    assert (await _verify(client, regulator))["ok"] is True


async def test_a_checkpoint_forged_without_the_key_is_reported(client, regulator, db):
    await active_licence(client, regulator)
    await _checkpoint()
    settings = get_settings()
    path = settings.resolved_audit_checkpoint_file()
    kept = path.read_text()
    last_line = kept.splitlines()[-1]
    real, _ = audit_checkpoints.read(path, settings.resolved_audit_checkpoint_key())
    # One signed with a key of the forger's own, one genuine line with its count changed.
    forged = replace(real[-1], at=datetime.now(UTC), entries=real[-1].entries - 2)
    audit_checkpoints.append(path, b"a key that is not the checkpoint key", forged)
    with path.open("a") as handle:
        handle.write(last_line.replace(f'"entries":{real[-1].entries}',
                                       f'"entries":{real[-1].entries + 7}') + "\n")
    lines = len(path.read_text().splitlines())
    forged_at, real_at = (c.at.isoformat(timespec="microseconds") for c in (forged, real[-1]))
    try:
        body = await _verify(client, regulator)
        assert body["ok"] is False
        assert [f for f in body["findings"] if "forged or changed" in f] == [
            f"checkpoint line {lines - 1} of {path} (of {forged_at}, "
            f"{forged.entries} entries) does not verify with the checkpoint key: it was "
            f"forged or changed",
            f"checkpoint line {lines} of {path} (of {real_at}, "
            f"{real[-1].entries + 7} entries) does not verify with the checkpoint key: it "
            f"was forged or changed",
        ]
        result = await _cli("verify-audit")
        assert result.returncode == 1
        assert "forged or changed" in result.stderr
    finally:
        path.write_text(kept)
    assert (await _verify(client, regulator))["ok"] is True


async def test_create_admin_command_makes_an_admin_who_can_sign_in(client):
    email = f"{unique('root-')}@vetted.example"
    env = {**os.environ, "VETTED_ADMIN_PASSWORD": "a long admin password"}
    result = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "api.cli", "create-admin", "--email", email],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stderr
    token = await client.post("/auth/token",
                              data={"username": email, "password": "a long admin password"})
    assert token.status_code == 200
    me = await client.get("/auth/me",
                          headers={"Authorization": f"Bearer {token.json()['access_token']}"})
    assert me.json()["role"] == "admin"

    again = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "api.cli", "create-admin", "--email", email.upper()],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )
    assert again.returncode == 1
    assert "already exists" in again.stderr
