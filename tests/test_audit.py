"""The hash-chained audit log: append-only, and tampering is found and named."""

import asyncio
import os
import subprocess
import sys
from contextlib import asynccontextmanager

import asyncpg
import pytest

from tests.conftest import ROOT, active_licence, unique

pytestmark = pytest.mark.asyncio


@asynccontextmanager
async def tampering(db):
    """Act as an intruder with superuser rights (triggers off), and undo it afterwards."""
    await db.execute("SET session_replication_role = replica")
    try:
        yield
    finally:
        await db.execute("SET session_replication_role = origin")


async def _cli(*args):
    return await asyncio.to_thread(
        subprocess.run, [sys.executable, "-m", "api.cli", *args], cwd=ROOT,
        env=os.environ.copy(), capture_output=True, text=True, timeout=120,
    )


async def test_the_chain_verifies_after_normal_work(client, regulator):
    await active_licence(client, regulator)
    check = await client.get("/audit/verify", headers=regulator)
    assert check.status_code == 200
    body = check.json()
    assert body["ok"] is True
    assert body["entries_checked"] >= 4
    assert body["first_broken_id"] is None


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


async def test_create_admin_command_makes_an_admin_who_can_sign_in(client):
    email = f"{unique('root-')}@vetted.example"
    env = {**os.environ, "VETTED_ADMIN_PASSWORD": "a long admin password"}
    result = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "api.cli", "create-admin", "--email", email],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
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
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )
    assert again.returncode == 1
    assert "already exists" in again.stderr
