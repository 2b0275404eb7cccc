"""One-time sign-in codes given at a centre's counter: only for the centre's own migrants,
kept hashed, once, for a while, the newest only; a migrant without an account or e-mail
gets one, sets a password and signs in by number; failures lock the account as wrong
passwords do. Against the real database."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from typing import Any

import asyncpg
import httpx
import pytest

from tests.conftest import bearer
from tests.factories_matching import (
    World,
    assert_problem,
    build_world,
    migrant_login,
    register_migrant,
)

CODE = re.compile(r"^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$")
NEW_PASSWORD = "a long new password"


@pytest.fixture(scope="module")
async def world(app: Any) -> AsyncIterator[World]:
    async with build_world(app, "10.253.7.1") as w:
        yield w


async def issue(world: World, migrant_id: int, headers: dict[str, str] | None = None
                ) -> httpx.Response:
    return await world.client.post(f"/migrants/{migrant_id}/sign-in-codes",
                                   headers=headers or world.centre_a.headers)


async def code_sign_in(world: World, identifier: Any, code: str) -> httpx.Response:
    return await world.client.post("/auth/code", json={"identifier": str(identifier),
                                                       "code": code})


async def test_a_migrant_without_an_account_signs_in_with_a_code_and_sets_a_password(
        world: World, db: asyncpg.Connection) -> None:
    migrant = await register_migrant(world.client, world.centre_a, email=None)
    issued = await issue(world, migrant["id"])
    assert issued.status_code == 201, issued.text
    body = issued.json()
    assert CODE.match(body["code"]), body
    assert body["sign_in_with"] == str(migrant["id"])
    # Kept as a keyed hash: the text is nowhere in the database.
    stored = await db.fetchrow("SELECT * FROM sign_in_code WHERE migrant_id = $1",
                               migrant["id"])
    assert stored is not None and body["code"].replace("-", "").encode() not in stored["code_hash"]
    audited = await db.fetchrow(
        "SELECT * FROM audit_entry WHERE entity_type = 'migrant' AND entity_id = $1 "
        "AND action = 'issue_sign_in_code'", str(migrant["id"]))
    assert audited is not None and body["code"] not in str(audited["data"])

    # Typed on a phone: lower case, no dash, a Cyrillic look-alike or two.
    typed = body["code"].replace("-", " ").lower()
    signed = await code_sign_in(world, f"№ {migrant['id']}", typed)
    assert signed.status_code == 200, signed.text
    headers = bearer(signed.json()["access_token"])
    me = (await world.client.get("/auth/me", headers=headers)).json()
    assert me["role"] == "migrant" and me["email"] is None
    own = await world.client.get("/migrants/me", headers=headers)
    assert own.status_code == 200 and own.json()["id"] == migrant["id"]

    # Used once: the same code again is refused, and says why.
    again = assert_problem(await code_sign_in(world, migrant["id"], body["code"]), 401)
    assert "used" in again["detail"]

    # In the session the code opened, the password is set without an old one...
    response = await world.client.post("/auth/password", headers=headers,
                                       json={"password": NEW_PASSWORD})
    assert response.status_code == 204, response.text
    # ...and the migrant signs in by number with it from now on.
    token = await world.client.post("/auth/token", data={"username": str(migrant["id"]),
                                                         "password": NEW_PASSWORD})
    assert token.status_code == 200, token.text
    # A session opened by the password changes it only with the current one.
    by_password = bearer(token.json()["access_token"])
    missing = assert_problem(await world.client.post(
        "/auth/password", headers=by_password, json={"password": "another new password"}),
        422, "current_password")
    assert missing["code"] == "password.current_missing"  # not "that is not your password"
    wrong = assert_problem(await world.client.post(
        "/auth/password", headers=by_password,
        json={"password": "another new password", "current_password": "not my password"}),
        422, "current_password")
    assert wrong["code"] == "password.current_wrong"
    # The current password again is no change, though it was said to be saved.
    same = assert_problem(await world.client.post(
        "/auth/password", headers=by_password,
        json={"password": NEW_PASSWORD, "current_password": NEW_PASSWORD}), 422, "password")
    assert same["code"] == "password.unchanged"
    short = await world.client.post("/auth/password", headers=headers, json={"password": "x"})
    assert_problem(short, 422, "password")
    # Ten characters of spaces and one letter keep nobody out.
    plain = await world.client.post("/auth/password", headers=headers,
                                    json={"password": " " * 10 + "x"})
    assert assert_problem(plain, 422, "password")["code"] == "password.plain"


async def test_a_code_works_once_while_fresh_and_only_the_newest(
        world: World, db: asyncpg.Connection) -> None:
    migrant, _ = await migrant_login(world.client, world.centre_a)
    first = (await issue(world, migrant["id"])).json()
    second = (await issue(world, migrant["id"])).json()
    assert second["replaced_earlier_code"] is True
    replaced = assert_problem(await code_sign_in(world, migrant["id"], first["code"]), 401)
    assert "newer code" in replaced["detail"]
    await db.execute("UPDATE sign_in_code SET expires_at = now() - interval '1 minute' "
                     "WHERE migrant_id = $1 AND used_at IS NULL AND voided_at IS NULL",
                     migrant["id"])
    expired = assert_problem(await code_sign_in(world, migrant["id"], second["code"]), 401)
    assert "expired" in expired["detail"]
    # By e-mail as well as by number; the account already there is the one signed in to.
    third = (await issue(world, migrant["id"])).json()
    signed = await code_sign_in(world, migrant["email"].upper(), third["code"])
    assert signed.status_code == 200, signed.text
    me = (await world.client.get("/auth/me", headers=bearer(signed.json()["access_token"])))
    assert me.json()["id"] == migrant["user_id"]


async def test_only_the_centre_of_the_migrant_gives_codes(world: World) -> None:
    migrant, own_headers = await migrant_login(world.client, world.centre_a)
    assert_problem(await issue(world, migrant["id"], world.centre_b.headers), 404)
    assert_problem(await issue(world, 2**62), 404)
    assert_problem(await issue(world, migrant["id"], own_headers), 403)
    assert_problem(await issue(world, migrant["id"], world.agency_x.headers), 403)


async def test_wrong_codes_lock_the_account_as_wrong_passwords_do(world: World) -> None:
    migrant, _ = await migrant_login(world.client, world.centre_a)
    issued = (await issue(world, migrant["id"])).json()
    for _attempt in range(5):
        assert_problem(await code_sign_in(world, migrant["id"], "2222-2222"), 401)
    locked = await code_sign_in(world, migrant["id"], issued["code"])
    assert_problem(locked, 429)
    assert int(locked.headers["Retry-After"]) > 0
    # The password is locked too: the same account, whichever way it is named.
    assert_problem(await world.client.post(
        "/auth/token", data={"username": str(migrant["id"]), "password": "whatever1234"}), 429)
    # An unknown migrant is refused like a wrong code, naming neither.
    unknown = assert_problem(await code_sign_in(world, 2**62, issued["code"]), 401)
    assert "wrong" in unknown["detail"]
