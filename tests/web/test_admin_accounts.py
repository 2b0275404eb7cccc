"""The administrator's page of staff accounts: an account is opened bound to the organisation
its role needs and its owner is sent a link to choose a password (nobody types one for
them), a taken e-mail or a missing organisation is refused beside its field in the
reader's language with nothing written, a regulator may neither open nor send the page,
and deactivating an account ends its sessions and its signing in at once."""

from __future__ import annotations

import html
import re
import uuid
from typing import Any

import asyncpg
import httpx

from tests.conftest import PASSWORD, bearer, create_user_direct, token_for, unique

TOKENS = re.compile(r'name="(csrf_token|form_token)" value="([^"]+)"')
URL = "/ministry/accounts"


def _browser(app: Any, token: str, language: str = "en") -> httpx.AsyncClient:
    """A browser signed in with `token` (as the sign-in page's cookie holds it)."""
    address = f"10.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}.11"
    transport = httpx.ASGITransport(app=app, client=(address, 40000))
    client = httpx.AsyncClient(transport=transport, base_url="http://vetted.test")
    client.cookies.set("vetted_session", token, domain="vetted.test")
    client.cookies.set("vetted_lang", language, domain="vetted.test")
    return client


def _tokens(page: str) -> dict[str, str]:
    """The tokens of the page's first form (the new account's)."""
    found: dict[str, str] = {}
    for name, value in TOKENS.findall(page):
        found.setdefault(name, value)
    assert set(found) == {"csrf_token", "form_token"}, "the page carries no form"
    return found


async def _new_form(browser: httpx.AsyncClient, **typed: str) -> dict[str, str]:
    page = await browser.get(URL)
    assert page.status_code == 200, page.text[:500]
    return {**_tokens(page.text), **typed}


async def _signed_in_admin(client: httpx.AsyncClient, db: asyncpg.Connection
                           ) -> tuple[int, str]:
    email = await create_user_direct(db, "admin")
    user_id: int = await db.fetchval("SELECT id FROM app_user WHERE email = $1", email)
    return user_id, await token_for(client, email)


async def _created(response: httpx.Response) -> dict[str, Any]:
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


async def _accounts(db: asyncpg.Connection, email: str) -> int:
    count: int = await db.fetchval(
        "SELECT count(*) FROM app_user WHERE lower(email) = lower($1)", email)
    return count


def _error(page: str, field: str) -> str:
    found = re.search(rf'<p class="error" id="e-{field}">([^<]*)</p>', page)
    assert found, f"no error beside {field}"
    return html.unescape(found.group(1))


async def test_an_account_is_opened_bound_to_its_centre_and_a_link_to_set_a_password_is_sent(
        app: Any, client: httpx.AsyncClient, db: asyncpg.Connection,
        admin: dict[str, str]) -> None:
    admin_id, token = await _signed_in_admin(client, db)
    centre = await _created(await client.post("/admin/centres", headers=admin, json={
        "name": unique("Osh Centre "), "country": "KG", "city": "Osh"}))
    other = await _created(await client.post("/admin/missions", headers=admin, json={
        "name": unique("Mission "), "sending_country": "KG", "country": "RU"}))
    email = f"{unique('new-staff-')}@Example.org"
    async with _browser(app, token) as browser:
        page = await browser.get(URL)
        assert page.status_code == 200
        assert f'<option value="{centre["id"]}"' in page.text  # offered by name to choose
        assert centre["name"] in page.text
        # A mission chosen before the role was changed to centre staff is left aside.
        form = await _new_form(browser, email=email, full_name="Aigul Centre Staff",
                               role="centre_staff", centre_id=str(centre["id"]),
                               mission_id=str(other["id"]))
        done = await browser.post(URL, data=form)
        assert done.status_code == 303, done.text[:800]
        assert done.headers["location"] == URL
        shown = await browser.get(URL + "?role=centre_staff")
        assert "A link to set a password was sent to that address." in shown.text
        assert email.lower() in shown.text

    account = await db.fetchrow(
        "SELECT id, email, role, agency_id, centre_id, mission_id, settlement_body_id, "
        "is_active, password_hash FROM app_user WHERE lower(email) = lower($1)", email)
    assert account is not None
    assert (account["role"], account["centre_id"], account["mission_id"],
            account["agency_id"], account["settlement_body_id"], account["is_active"]) \
        == ("centre_staff", centre["id"], None, None, None, True)
    # Listed with its role and centre in words.
    row = re.search(rf'<tr id="account-{account["id"]}">(.*?)</tr>', shown.text, re.S)
    assert row and "Centre staff" in row.group(1) and centre["name"] in row.group(1)
    # The link to choose a password is on its way (the worker sends it), in the page's
    # language; the password nobody knows cannot be guessed as the one typed in tests.
    resets = await db.fetch("SELECT state, language, purpose FROM password_reset "
                            "WHERE user_id = $1", account["id"])
    assert [(r["state"] in ("pending", "sent"), r["language"], r["purpose"])
            for r in resets] == [(True, "en", "welcome")]
    refused = await client.post("/auth/token", data={"username": email, "password": PASSWORD})
    assert refused.status_code == 401
    audited = await db.fetchval(
        "SELECT count(*) FROM audit_entry WHERE entity_type = 'user' AND entity_id = $1 "
        "AND action = 'create' AND actor_user_id = $2", str(account["id"]), admin_id)
    assert audited == 1


async def test_a_taken_email_and_a_missing_organisation_are_refused_in_russian_beside_them(
        app: Any, client: httpx.AsyncClient, db: asyncpg.Connection,
        admin: dict[str, str]) -> None:
    _admin_id, token = await _signed_in_admin(client, db)
    taken = await create_user_direct(db, "regulator")
    async with _browser(app, token, "ru") as browser:
        # The same e-mail in other letters: refused beside the e-mail, in Russian.
        form = await _new_form(browser, email=taken.upper(), full_name="Second Regulator",
                               role="regulator")
        refused = await browser.post(URL, data=form)
        assert refused.status_code == 409
        assert _error(refused.text, "email") == "Учётная запись с этим адресом e-mail уже есть."
        assert await _accounts(db, taken) == 1
        # What was typed is kept, to be corrected.
        assert "Second Regulator" in refused.text

        # An attaché needs a mission: none chosen, then one that does not exist.
        email = f"{unique('attache-')}@example.org"
        form = await _new_form(browser, email=email, full_name="Bakyt Attache",
                               role="attache")
        refused = await browser.post(URL, data=form)
        assert refused.status_code == 422
        assert _error(refused.text, "mission_id") == "Это обязательно для выбранной роли."
        form = await _new_form(browser, email=email, full_name="Bakyt Attache",
                               role="attache", mission_id=str(2**62))
        refused = await browser.post(URL, data=form)
        assert refused.status_code == 422
        assert _error(refused.text, "mission_id") == "Такого представительства нет."

        # An address the browser lets through is still no address, said in Russian.
        form = await _new_form(browser, email="a@b", full_name="Bakyt Attache",
                               role="regulator")
        refused = await browser.post(URL, data=form)
        assert refused.status_code == 422
        assert _error(refused.text, "email") == "Введите правильный адрес e-mail."

        # A migrant's account is not opened here.
        form = await _new_form(browser, email=email, full_name="Bakyt Migrant",
                               role="migrant")
        refused = await browser.post(URL, data=form)
        assert refused.status_code == 422
        assert _error(refused.text, "role") == "Выберите один из вариантов."
    assert await _accounts(db, email) == 0
    # Nothing half-written: no link was asked for by any refused form.
    assert await db.fetchval(
        "SELECT count(*) FROM password_reset r JOIN app_user u ON u.id = r.user_id "
        "WHERE lower(u.email) IN (lower($1), lower($2)) AND r.requested_at > now() - "
        "interval '10 minutes'", taken, email) == 0


async def test_a_regulator_may_neither_open_nor_send_the_accounts_page(
        app: Any, client: httpx.AsyncClient, db: asyncpg.Connection) -> None:
    token = await token_for(client, await create_user_direct(db, "regulator"))
    email = f"{unique('sneaky-')}@example.org"
    async with _browser(app, token) as browser:
        shown = await browser.get(URL)
        assert shown.status_code == 403
        assert "This page is not for your role." in shown.text
        assert 'href="/ministry/accounts"' not in (await browser.get("/ministry")).text
        # With the CSRF token of a page the regulator may open.
        csrf = dict(TOKENS.findall((await browser.get("/ministry/watchlist")).text))
        sent = await browser.post(URL, data={
            "csrf_token": csrf["csrf_token"], "form_token": unique(), "email": email,
            "full_name": "Sneaky Admin", "role": "admin"})
        assert sent.status_code == 403
        target = await db.fetchval("SELECT id FROM app_user WHERE email = $1",
                                   await create_user_direct(db, "regulator"))
        closed = await browser.post(f"{URL}/{target}/deactivate",
                                    data={"csrf_token": csrf["csrf_token"],
                                          "form_token": unique()})
        assert closed.status_code == 403
    assert await _accounts(db, email) == 0
    assert await db.fetchval("SELECT is_active FROM app_user WHERE id = $1", target)


async def test_deactivating_an_account_ends_its_signing_in_at_once(
        app: Any, client: httpx.AsyncClient, db: asyncpg.Connection) -> None:
    admin_id, token = await _signed_in_admin(client, db)
    email = await create_user_direct(db, "regulator")
    user_id: int = await db.fetchval("SELECT id FROM app_user WHERE email = $1", email)
    staff_token = await token_for(client, email)
    assert (await client.get("/auth/me", headers=bearer(staff_token))).status_code == 200
    async with _browser(app, token) as browser:
        page = await browser.get(URL + "?role=regulator")
        row = re.search(rf'<tr id="account-{user_id}">(.*?)</tr>', page.text, re.S)
        assert row, "the account is not listed"
        assert f'action="{URL}/{user_id}/deactivate"' in row.group(1)
        done = await browser.post(f"{URL}/{user_id}/deactivate",
                                  data=dict(TOKENS.findall(row.group(1))))
        assert done.status_code == 303, done.text[:800]
        shown = await browser.get(URL + "?role=regulator")
        assert "it can no longer sign in" in shown.text
        row = re.search(rf'<tr id="account-{user_id}">(.*?)</tr>', shown.text, re.S)
        assert row and "Deactivated" in row.group(1) and "deactivate" not in row.group(1)

        # The administrator's own account has no button, and is refused if sent.
        own = re.search(rf'<tr id="account-{admin_id}">(.*?)</tr>',
                        (await browser.get(URL + "?role=admin")).text, re.S)
        assert own and "/deactivate" not in own.group(1)
        refused = await browser.post(f"{URL}/{admin_id}/deactivate",
                                     data=_tokens((await browser.get(URL)).text))
        assert refused.status_code == 303
        assert "You cannot deactivate your own account" in (await browser.get(URL)).text
    assert (await client.get("/auth/me", headers=bearer(staff_token))).status_code == 401
    # Its own password is told the account is closed, not that the password is wrong.
    assert (await client.post("/auth/token", data={"username": email, "password": PASSWORD})
            ).status_code == 403
    assert await db.fetchval("SELECT count(*) FROM user_session WHERE user_id = $1",
                             user_id) == 0
    assert await db.fetchval(
        "SELECT count(*) FROM audit_entry WHERE entity_type = 'user' AND entity_id = $1 "
        "AND action = 'deactivate'", str(user_id)) == 1
    assert await db.fetchval("SELECT is_active FROM app_user WHERE id = $1", admin_id)


async def test_a_new_account_waits_for_its_first_password_and_its_link_says_so(
        app: Any, client: httpx.AsyncClient, db: asyncpg.Connection,
        admin: dict[str, str], mail: Any) -> None:
    from tests.mail_server import reset_link

    _admin_id, token = await _signed_in_admin(client, db)
    centre = await _created(await client.post("/admin/centres", headers=admin, json={
        "name": unique("Osh Centre "), "country": "KG", "city": "Osh"}))
    email = f"{unique('welcome-')}@example.org"
    async with _browser(app, token, "ru") as browser:
        form = await _new_form(browser, email=email, full_name="Aigul Welcome",
                               role="centre_staff", centre_id=str(centre["id"]))
        assert (await browser.post(URL, data=form)).status_code == 303
        user_id = await db.fetchval("SELECT id FROM app_user WHERE email = $1", email)
        shown = await browser.get(URL + "?role=centre_staff")
        row = re.search(rf'<tr id="account-{user_id}">(.*?)</tr>', shown.text, re.S)
        # Nobody can sign in to it yet: it is not shown as active; its centre's city is
        # named in Russian.
        assert row and "Ждёт выбора пароля" in row.group(1)
        assert "Действует" not in row.group(1)
        assert f"{centre['name']} — Ош, Киргизия" in html.unescape(row.group(1))

        link, _message = await reset_link(app.state.pool, db, mail, email)
        page = await browser.get(f"/reset/{link}")
        assert page.status_code == 200
        assert "<h1>Выбор пароля</h1>" in page.text
        assert "Установка нового пароля" not in page.text
        assert "на всех устройствах" not in page.text
        form = {**_tokens(page.text), "password": "a first passphrase",
                "password_again": "a first passphrase"}
        done = await browser.post(f"/reset/{link}", data=form)
        assert done.status_code == 303, done.text[:800]
        row = re.search(rf'<tr id="account-{user_id}">(.*?)</tr>',
                        (await browser.get(URL + "?role=centre_staff")).text, re.S)
        assert row and "Действует" in row.group(1) and "Ждёт выбора пароля" not in row.group(1)


def _row(page: str, user_id: int) -> str:
    found = re.search(rf'<tr id="account-{user_id}">(.*?)</tr>', page, re.S)
    assert found, "the account is not listed"
    return found.group(1)


async def test_a_closed_account_is_opened_again_with_a_reason_and_signs_in_with_its_password(
        app: Any, client: httpx.AsyncClient, db: asyncpg.Connection,
        admin: dict[str, str]) -> None:
    _admin_id, token = await _signed_in_admin(client, db)
    email = await create_user_direct(db, "regulator")
    user_id: int = await db.fetchval("SELECT id FROM app_user WHERE email = $1", email)
    ok = await client.post(f"/admin/users/{user_id}/deactivate", headers=admin)
    assert ok.status_code == 200 and ok.json()["is_active"] is False
    async with _browser(app, token, "ru") as browser:
        row = _row((await browser.get(URL + "?role=regulator")).text, user_id)
        assert f'action="{URL}/{user_id}/reactivate"' in row
        assert "/deactivate" not in row

        # No reason: refused beside the field, in Russian, with the form left open and
        # nothing written.
        refused = await browser.post(f"{URL}/{user_id}/reactivate",
                                     data={**dict(TOKENS.findall(row)), "reason": " "})
        assert refused.status_code == 422, refused.text[:800]
        row = _row(refused.text, user_id)
        assert '<details class="reactivate" open>' in row
        assert _error(row, f"reason-{user_id}")
        assert not await db.fetchval("SELECT is_active FROM app_user WHERE id = $1", user_id)

        done = await browser.post(f"{URL}/{user_id}/reactivate", data={
            **dict(TOKENS.findall(row)), "reason": "Back from leave"})
        assert done.status_code == 303, done.text[:800]
        shown = await browser.get(URL + "?role=regulator")
        assert "снова включена: вход в неё — с прежним паролем" in html.unescape(shown.text)
        row = _row(shown.text, user_id)
        assert "Действует" in row and "/reactivate" not in row and "/deactivate" in row

        # Opening it a second time is refused, saying it is open already.
        again = await browser.post(f"{URL}/{user_id}/reactivate", data={
            **_tokens((await browser.get(URL)).text), "reason": "Twice over"})
        assert again.status_code == 409
        assert "не отключена: она уже действует" in html.unescape(again.text)

    # It signs in with the password it had, on the page and for a token.
    assert (await client.post("/auth/token", data={"username": email, "password": PASSWORD})
            ).status_code == 200
    audited = await db.fetch(
        "SELECT action, from_state, to_state, reason FROM audit_entry "
        "WHERE entity_type = 'user' AND entity_id = $1 ORDER BY id", str(user_id))
    assert [tuple(r) for r in audited] == [
        ("deactivate", "active", "inactive", None),
        ("reactivate", "inactive", "active", "Back from leave")]

    # The API says the same: a second opening is a conflict, no reason is a 422.
    answer = await client.post(f"/admin/users/{user_id}/reactivate", headers=admin,
                               json={"reason": "Once more"})
    assert answer.status_code == 409 and "is not closed" in answer.text
    await client.post(f"/admin/users/{user_id}/deactivate", headers=admin)
    assert (await client.post(f"/admin/users/{user_id}/reactivate", headers=admin, json={})
            ).status_code == 422
    opened = await client.post(f"/admin/users/{user_id}/reactivate", headers=admin,
                               json={"reason": "Rehired"})
    assert opened.status_code == 200 and opened.json()["is_active"] is True


async def test_only_an_administrator_may_open_a_closed_account_again(
        app: Any, client: httpx.AsyncClient, db: asyncpg.Connection,
        admin: dict[str, str]) -> None:
    email = await create_user_direct(db, "regulator")
    user_id: int = await db.fetchval("SELECT id FROM app_user WHERE email = $1", email)
    await client.post(f"/admin/users/{user_id}/deactivate", headers=admin)
    token = await token_for(client, await create_user_direct(db, "regulator"))
    async with _browser(app, token) as browser:
        csrf = dict(TOKENS.findall((await browser.get("/ministry/watchlist")).text))
        sent = await browser.post(f"{URL}/{user_id}/reactivate", data={
            "csrf_token": csrf["csrf_token"], "form_token": unique(), "reason": "Let me in"})
        assert sent.status_code == 403
    assert (await client.post(f"/admin/users/{user_id}/reactivate", headers=bearer(token),
                              json={"reason": "Let me in"})).status_code == 403
    assert not await db.fetchval("SELECT is_active FROM app_user WHERE id = $1", user_id)
    assert await db.fetchval(
        "SELECT count(*) FROM audit_entry WHERE entity_type = 'user' AND entity_id = $1 "
        "AND action = 'reactivate'", str(user_id)) == 0
