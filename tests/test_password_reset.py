"""Setting a new password by e-mail, against a real SMTP server (aiosmtpd): the mail comes in
its reader's language with a link that works once and ends every session; an expired or
replaced link is refused; an unknown address gets the same answer and no mail; the limits
hold; a relay that is away leaves no working link and the mail is sent later."""

from __future__ import annotations

import hashlib
import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg
import httpx
import pytest

from api import reset_tasks
from core import password_reset
from core.config import get_settings
from core.db import UnitOfWork
from tests.conftest import PASSWORD, bearer, create_user_direct, token_for, unique
from tests.mail_server import Inbox, reset_link

NEW_PASSWORD = "a brand new passphrase"
SAME_ANSWER = {"detail": "if an account has this e-mail address, a link to set a new "
                         "password is on its way to it", "expires_in_minutes": 30}


async def _ask(client: httpx.AsyncClient, email: str, **body: Any) -> httpx.Response:
    return await client.post("/auth/password-reset", json={"email": email, **body})


async def _confirm(client: httpx.AsyncClient, token: str, password: str = NEW_PASSWORD
                   ) -> httpx.Response:
    return await client.post("/auth/password-reset/confirm",
                             json={"token": token, "password": password})


async def test_the_mail_is_in_the_readers_language_and_its_link_works_once(
        client: httpx.AsyncClient, db: asyncpg.Connection, app: Any, mail: Inbox) -> None:
    email = await create_user_direct(db, "regulator")
    user_id = await db.fetchval("SELECT id FROM app_user WHERE email = $1", email)
    await db.execute("UPDATE app_user SET language = 'ru' WHERE id = $1", user_id)
    sessions = [await token_for(client, email) for _ in range(2)]

    # Asked for in English, the mail follows the account's choice of Russian.
    asked = await _ask(client, email.upper(), language="en")
    assert asked.status_code == 202 and asked.json() == SAME_ANSWER
    token, message = await reset_link(app.state.pool, db, mail, email)
    assert message["Content-Language"] == "ru"
    assert message["Subject"] == "Новый пароль для Vetted"
    text = message.get_content()
    assert "Здравствуйте, Test regulator." in text and "30 мин." in text
    assert f"http://127.0.0.1:8000/reset/{token}\n" in text

    # Only the token's hash is kept.
    row = await db.fetchrow("SELECT * FROM password_reset WHERE user_id = $1", user_id)
    assert row["token_hash"] == hashlib.sha256(token.encode()).digest()
    assert token not in str(dict(row))

    page = await client.get(f"/reset/{token}")
    assert page.status_code == 200 and 'action="/reset/' in page.text
    short = await _confirm(client, token, "too short")
    assert short.status_code == 422 and short.json()["field"] == "password"

    done = await _confirm(client, token)
    assert done.status_code == 204, done.text
    for old in sessions:
        assert (await client.get("/auth/me", headers=bearer(old))).status_code == 401
    refused = await client.post("/auth/token", data={"username": email, "password": PASSWORD})
    assert refused.status_code == 401
    assert await token_for(client, email, NEW_PASSWORD)

    again = await _confirm(client, token, "yet another passphrase")
    assert again.status_code == 410
    assert again.json()["code"] == "password_reset.used" and again.json()["field"] == "token"
    spent = await client.get(f"/reset/{token}", cookies={"vetted_lang": "ru"})
    assert spent.status_code == 410 and "Эта ссылка уже использована" in spent.text

    entries = await db.fetch("SELECT * FROM audit_entry WHERE entity_type = 'user' "
                             "AND entity_id = $1 AND action = 'password_reset'", str(user_id))
    assert len(entries) == 1 and entries[0]["data"]["sessions_ended"] == 2
    assert token not in str(dict(entries[0]))


async def test_an_expired_or_replaced_link_is_refused(
        client: httpx.AsyncClient, db: asyncpg.Connection, app: Any, mail: Inbox) -> None:
    email = await create_user_direct(db, "migrant")
    # Without a choice of its own, the mail is in the language it was asked for in.
    assert (await _ask(client, email, language="ky")).status_code == 202
    token, message = await reset_link(app.state.pool, db, mail, email)
    assert message["Content-Language"] == "ky"
    await db.execute("UPDATE password_reset SET expires_at = now() - interval '1 second' "
                     "WHERE token_hash = $1", hashlib.sha256(token.encode()).digest())
    expired = await _confirm(client, token)
    assert expired.status_code == 410 and expired.json()["code"] == "password_reset.expired"
    page = await client.get(f"/reset/{token}", headers={"Accept-Language": "ru"})
    assert page.status_code == 410 and "Срок действия этой ссылки истёк" in page.text

    assert (await _ask(client, email)).status_code == 202
    first, _ = await reset_link(app.state.pool, db, mail, email)
    assert (await _ask(client, email)).status_code == 202
    second, _ = await reset_link(app.state.pool, db, mail, email)
    replaced = await _confirm(client, first)
    assert replaced.status_code == 410 and replaced.json()["code"] == "password_reset.replaced"
    assert (await _confirm(client, second)).status_code == 204
    assert await token_for(client, email, NEW_PASSWORD)


async def test_an_unknown_address_gets_the_same_answer_and_no_mail(
        client: httpx.AsyncClient, db: asyncpg.Connection, app: Any, mail: Inbox) -> None:
    nobody = f"{unique('nobody-')}@example.org"
    asked = await _ask(client, nobody)
    assert asked.status_code == 202 and asked.json() == SAME_ANSWER
    # An account that was closed is treated as no account.
    closed = await create_user_direct(db, "regulator")
    await db.execute("UPDATE app_user SET is_active = false WHERE email = $1", closed)
    assert (await _ask(client, closed)).json() == SAME_ANSWER
    # Whatever is due goes out (as the worker would send it): nothing to these two.
    while True:
        async with UnitOfWork(app.state.pool) as uow:
            sent = await reset_tasks.send_next(uow)
            await uow.commit()
        if sent is None:
            break
    assert not mail.to(nobody) and not mail.to(closed)
    assert await db.fetchval(
        "SELECT count(*) FROM password_reset r JOIN app_user u ON u.id = r.user_id "
        "WHERE u.email = $1", closed) == 0

    unknown = await _confirm(client, "x" * 43)
    assert unknown.status_code == 400 and unknown.json()["code"] == "password_reset.unknown"
    page = await client.get("/reset/not-a-token", cookies={"vetted_lang": "ru"})
    assert page.status_code == 400 and "Эта ссылка не работает" in page.text
    bad = await _ask(client, "not an address")
    assert bad.status_code == 422 and bad.json()["field"] == "email"


async def test_requests_are_limited_per_account_without_saying_so_and_per_client(
        client: httpx.AsyncClient, db: asyncpg.Connection) -> None:
    email = await create_user_direct(db, "regulator")
    for _ in range(4):
        assert (await _ask(client, email)).json() == SAME_ANSWER
    # PASSWORD_RESET_ACCOUNT_LIMIT, 3 an hour: the fourth is answered alike, but not sent.
    assert await db.fetchval(
        "SELECT count(*) FROM password_reset r JOIN app_user u ON u.id = r.user_id "
        "WHERE u.email = $1", email) == 3
    # PASSWORD_RESET_RATE_LIMIT, 10 an hour from one client, whatever the addresses.
    answers = [(await _ask(client, f"{unique()}@example.org")).status_code for _ in range(7)]
    assert answers == [202] * 6 + [429]


async def test_a_relay_that_is_away_leaves_no_working_link_and_the_mail_goes_later(
        client: httpx.AsyncClient, db: asyncpg.Connection, app: Any, mail: Inbox,
        monkeypatch: pytest.MonkeyPatch) -> None:
    email = await create_user_direct(db, "regulator")
    later = datetime.now(UTC) + timedelta(days=1)
    # Recorded not yet due, so that only this test's sending below can pick it up.
    async with UnitOfWork(app.state.pool) as uow:
        reset_id = await password_reset.request_reset(uow, email=email, language="en",
                                                      account_limit=3,
                                                      window=timedelta(hours=1))
        await uow.conn.execute("UPDATE password_reset SET next_attempt_at = $2 WHERE id = $1",
                               reset_id, later)
        await uow.commit()
    with socket_closed() as port:
        monkeypatch.setitem(os.environ, "SMTP_PORT", str(port))
        get_settings.cache_clear()
        while True:  # requests other tests left unsent are due too; each is tried once
            async with UnitOfWork(app.state.pool) as uow:
                outcome = await password_reset.send_next(uow, now=later,
                                                         send=reset_tasks.send)
                await uow.commit()
            if outcome is None or outcome["id"] == reset_id:
                break
    monkeypatch.undo()
    get_settings.cache_clear()
    assert outcome is not None and outcome["state"] == "pending", outcome
    row = await db.fetchrow("SELECT * FROM password_reset WHERE id = $1", reset_id)
    assert row["token_hash"] is None and row["attempts"] == 1 and row["last_error"]
    assert not mail.to(email)

    await db.execute("UPDATE password_reset SET next_attempt_at = now() WHERE id = $1",
                     reset_id)
    token, _ = await reset_link(app.state.pool, db, mail, email)
    assert (await _confirm(client, token)).status_code == 204


@contextmanager
def socket_closed() -> Iterator[int]:
    """A port of 127.0.0.1 that nothing listens on while the block runs."""
    with socket.socket() as bound:
        bound.bind(("127.0.0.1", 0))  # bound, never listening: connections are refused
        yield int(bound.getsockname()[1])


async def test_a_new_accounts_link_is_a_welcome_that_lasts_days(
        client: httpx.AsyncClient, db: asyncpg.Connection, app: Any, mail: Inbox) -> None:
    """An account the administrator opened was mailed «Someone asked to set a new
    password… within 30 minutes», which its new holder may read only the next day."""
    email = await create_user_direct(db, "regulator")
    await db.execute("UPDATE app_user SET language = 'ru' WHERE email = $1", email)
    async with UnitOfWork(app.state.pool) as uow:
        asked = await password_reset.request_reset(
            uow, email=email, language="en", account_limit=5, window=timedelta(hours=1),
            purpose="welcome")
        await uow.commit()
    assert asked is not None
    token, message = await reset_link(app.state.pool, db, mail, email)
    assert message["Subject"] == "Ваша учётная запись в Vetted"
    text = message.get_content()
    assert "Для вас открыта учётная запись" in text and "3 дн." in text
    assert "Если вы этого не запрашивали" not in text
    lasts = await db.fetchval("SELECT expires_at - sent_at FROM password_reset "
                              "WHERE token_hash = $1", hashlib.sha256(token.encode()).digest())
    assert timedelta(days=3) - timedelta(minutes=1) < lasts <= timedelta(days=3)
    await db.execute("UPDATE password_reset SET expires_at = now() - interval '1 second' "
                     "WHERE token_hash = $1", hashlib.sha256(token.encode()).digest())
    page = await client.get(f"/reset/{token}", headers={"Accept-Language": "ru"})
    assert page.status_code == 410 and "действует 3 дн." in page.text


async def test_a_password_of_spaces_is_refused_on_the_welcome_page_the_api_and_the_cli(
        client: httpx.AsyncClient, db: asyncpg.Connection, app: Any, mail: Inbox) -> None:
    """Ten spaces are ten characters: the welcome page took them as a password, and the
    new holder signed in with ten spaces."""
    import re

    from typer.testing import CliRunner

    from api.cli import app as cli

    email = await create_user_direct(db, "regulator")
    async with UnitOfWork(app.state.pool) as uow:
        await password_reset.request_reset(
            uow, email=email, language="ru", account_limit=5, window=timedelta(hours=1),
            purpose="welcome")
        await uow.commit()
    token, _ = await reset_link(app.state.pool, db, mail, email)
    spaces = " " * 10
    page = await client.get(f"/reset/{token}", cookies={"vetted_lang": "ru"})
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert csrf is not None
    sent = await client.post(f"/reset/{token}", cookies={"vetted_lang": "ru"}, data={
        "csrf_token": csrf.group(1), "password": spaces, "password_again": spaces})
    assert sent.status_code == 422, sent.text
    assert "Пароль должен содержать хотя бы 5 разных букв, цифр или знаков" in sent.text
    refused = await client.post("/auth/token", data={"username": email, "password": spaces})
    assert refused.status_code == 401
    assert await token_for(client, email)  # the old password still holds

    api = await _confirm(client, token, spaces)
    assert api.status_code == 422 and api.json()["field"] == "password"
    assert (await client.get(f"/reset/{token}")).status_code == 200  # the link still works

    made = CliRunner().invoke(cli, ["create-admin", "--email", f"{unique('root-')}@x.example"],
                              env={"VETTED_ADMIN_PASSWORD": "\t" + spaces, "COLUMNS": "200"})
    assert made.exit_code == 2 and "besides spaces" in made.output
