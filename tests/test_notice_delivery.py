"""Notices delivered outside the app, against a real SMTP server (aiosmtpd) and a real HTTP
receiver standing in for a message gateway, both on 127.0.0.1: the mail arrives in the
reader's language with a working unsubscribe link, the webhook is signed, a failing
gateway is retried and then shown to staff as failed, nothing goes out twice, and a
person who stopped e-mails gets none. Delivery runs here, in the test process."""

from __future__ import annotations

import asyncio
import hmac
import json
import os
import re
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg
import pytest
from aiohttp import web

from api import notice_tasks
from api.web.common import format_date
from api.web.time_zones import reader_zone
from core.config import get_settings
from core.db import UnitOfWork
from core.messenger import SIGNATURE_HEADER, TIMESTAMP_HEADER, signature
from core.notifications import notify
from core.users import principal_for
from tests import mail_server
from tests.conftest import PASSWORD, bearer, token_for, unique
from tests.factories_matching import (
    World,
    build_world,
    migrant_login,
    new_centre,
    published_vacancy,
    ready_migrant,
)
from tests.mail_server import Inbox

SECRET = "webhook-secret-" + "s" * 20


@pytest.fixture(scope="module")
def smtp_server() -> Iterator[tuple[int, Inbox]]:
    """A real SMTP server on a free port of 127.0.0.1, stopped at the end."""
    with mail_server.smtp_server() as server:
        yield server


@dataclass
class Receiver:
    """The message gateway's webhook: answers as `mode` says and keeps what it was sent."""

    mode: str = "ok"
    received: list[tuple[dict[str, str], bytes]] = field(default_factory=list)
    url: str = ""


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    state = Receiver()

    async def hook(request: web.Request) -> web.Response:
        state.received.append((dict(request.headers), await request.read()))
        if state.mode == "slow":
            await asyncio.sleep(5)
        return web.Response(status=500 if state.mode == "fail" else 200)

    app = web.Application()
    app.router.add_post("/hook", hook)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    state.url = f"http://127.0.0.1:{port}/hook"
    try:
        yield state
    finally:
        await runner.cleanup()


@pytest.fixture
def routes(smtp_server: tuple[int, Inbox], receiver: Receiver,
           monkeypatch: pytest.MonkeyPatch) -> Iterator[Inbox]:
    """Settings pointing at the two servers; put back afterwards."""
    port, inbox = smtp_server
    for name, value in {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(port),
                        "SMTP_SECURITY": "none", "MAIL_FROM": "Vetted <notices@vetted.test>",
                        "MESSAGE_WEBHOOK_URL": receiver.url,
                        "MESSAGE_WEBHOOK_SECRET": SECRET,
                        "MESSAGE_WEBHOOK_TIMEOUT_SECONDS": "0.5",
                        "NOTICE_MAX_ATTEMPTS": "3", "NOTICE_RETRY_BASE_SECONDS": "60",
                        "PUBLIC_URL": "https://vetted.example"}.items():
        monkeypatch.setitem(os.environ, name, value)
    get_settings.cache_clear()
    yield inbox
    monkeypatch.undo()
    get_settings.cache_clear()


@pytest.fixture(scope="module")
async def world(app: Any) -> AsyncIterator[World]:
    async with build_world(app, "10.253.9.1") as w:
        yield w


async def deliver(pool: asyncpg.Pool, *, now: datetime | None = None
                  ) -> list[dict[str, Any]]:
    """Fan out the notices waiting in the outbox, then send every delivery due at `now`,
    each in a unit of work of its own, as the worker's task does."""
    # Batch by batch, as the worker's relay does: the suite's earlier tests leave notices
    # of their own waiting, more than one batch.
    while True:
        async with UnitOfWork(pool) as uow:
            fanned = await notice_tasks.fan_out_pending(uow)
            await uow.commit()
        if not fanned:
            break
    done = []
    while True:
        async with UnitOfWork(pool) as uow:
            outcome = await notice_tasks.deliver_next(uow, now=now)
            await uow.commit()
        if outcome is None:
            return done
        done.append(outcome)


async def referred_migrant(world: World, **over: Any
                           ) -> tuple[dict[str, Any], dict[str, str], int]:
    client = world.client
    address = f"{unique('self-')}@mail.kg"
    migrant = await ready_migrant(client, world.centre_a, email=address, password=PASSWORD,
                                  **over)
    headers = bearer(await token_for(client, address))
    vacancy_id = await published_vacancy(world, world.agency_x)
    response = await client.post("/referrals", headers=world.centre_a.headers,
                                 json={"migrant_id": migrant["id"], "vacancy_id": vacancy_id})
    assert response.status_code == 201, response.text
    return migrant, headers, response.json()["id"]


async def move(world: World, referral_id: int, status: str) -> None:
    response = await world.client.post(f"/referrals/{referral_id}/transitions",
                                       headers=world.agency_x.headers, json={"status": status})
    assert response.status_code == 200, response.text


async def notice_of(db: asyncpg.Connection, user_id: int, kind: str) -> int:
    notice_id: int = await db.fetchval(
        "SELECT max(id) FROM notification WHERE user_id = $1 AND kind = $2", user_id, kind)
    assert notice_id is not None
    return notice_id


async def user_of(db: asyncpg.Connection, migrant_id: int) -> int:
    user_id: int = await db.fetchval("SELECT user_id FROM migrant WHERE id = $1", migrant_id)
    return user_id


# It sends, through the real SMTP server, every notice the suite's earlier tests left
# waiting before its own: hundreds at the end of the suite, slow on a busy machine.
@pytest.mark.timeout(1200)
async def test_mail_arrives_in_the_readers_language_once_and_stops_when_asked(
        world: World, routes: Inbox, db: asyncpg.Connection) -> None:
    client, pool = world.client, world.pool
    migrant, headers, referral_id = await referred_migrant(world)
    address = migrant["email"]
    await move(world, referral_id, "interviewed")
    await deliver(pool)

    # A Kyrgyz citizen who chose no language reads Kyrgyz.
    [mail] = routes.to(address)
    assert mail["Content-Language"] == "ky"
    assert mail["Subject"].endswith("жумушуна жолдомоңуз: маек катталды"), mail["Subject"]
    text = mail.get_content()
    assert "Саламатсызбы" in text and "Агенттик" in text
    links = re.findall(r"https://vetted\.example/unsubscribe\?token=(\S+)", text)
    assert len(links) == 1, text
    assert "/notifications/unsubscribe?token=" in mail["List-Unsubscribe"]
    # As sent, not decoded: mail clients read the one-click URL only in plain `<...>`.
    sent = dict(mail.raw_items())["List-Unsubscribe"]
    assert str(sent).strip().startswith("<https://vetted.example/notifications/"), sent

    # Fanning the same notice out again and delivering again sends nothing more.
    notice_id = await notice_of(db, await user_of(db, migrant["id"]), "referral.interviewed")
    await db.execute("INSERT INTO outbox (topic, entity_id) VALUES ('notice.deliver', $1)",
                     notice_id)
    await deliver(pool, now=datetime.now(UTC) + timedelta(days=1))
    assert len(routes.to(address)) == 1
    assert await db.fetchval("SELECT count(*) FROM notice_delivery WHERE notification_id = $1",
                             notice_id) == 1

    # The person chooses Russian: the next notice is in Russian.
    response = await client.put("/notifications/settings", headers=headers,
                                json={"language": "ru", "email_notices": True})
    assert response.status_code == 200, response.text
    await move(world, referral_id, "offered")
    await deliver(pool)
    mail = routes.to(address)[-1]
    assert mail["Content-Language"] == "ru"
    assert "вам предлагают работу" in mail["Subject"]

    # The link works without signing in; then no more mail, the inbox keeps the notice.
    page = await client.get(f"/unsubscribe?token={links[0]}")
    assert page.status_code == 200
    response = await client.post(f"/notifications/unsubscribe?token={links[0]}")
    assert response.status_code == 200 and response.json() == {"email_notices": False}
    await move(world, referral_id, "contract_signed")
    await deliver(pool)
    assert len(routes.to(address)) == 2
    inbox = (await client.get("/notifications", headers=headers)).json()
    assert inbox[0]["kind"] == "referral.contract_signed"
    # One character changed (a token may end in "0" itself).
    forged = await client.post("/notifications/unsubscribe", params={
        "token": links[0][:-1] + ("1" if links[0].endswith("0") else "0")})
    assert forged.status_code == 422 and forged.json()["field"] == "token"


async def test_a_migrant_with_only_a_phone_gets_a_signed_webhook(
        world: World, routes: Inbox, receiver: Receiver, db: asyncpg.Connection) -> None:
    migrant, _headers, referral_id = await referred_migrant(world, citizenship="TJ")
    response = await world.client.patch(f"/migrants/{migrant['id']}", json={"email": None},
                                        headers=world.centre_a.headers)
    assert response.status_code == 200, response.text
    await move(world, referral_id, "interviewed")
    await deliver(world.pool)

    [(headers, body)] = receiver.received
    expected = signature(SECRET, headers[TIMESTAMP_HEADER], body)
    assert hmac.compare_digest(headers[SIGNATURE_HEADER], expected)
    sent = json.loads(body)
    assert sent["to"] == migrant["phone"] and sent["language"] == "tg"
    assert "Роҳхати шумо" in sent["text"]
    notice_id = await notice_of(db, await user_of(db, migrant["id"]), "referral.interviewed")
    state = await db.fetchrow("SELECT channel, state, attempts FROM notice_delivery "
                              "WHERE notification_id = $1", notice_id)
    assert dict(state) == {"channel": "messenger", "state": "delivered", "attempts": 1}


@pytest.mark.parametrize("mode", ["fail", "slow"])
async def test_a_failing_gateway_is_retried_then_failed_and_shown_to_staff(
        world: World, routes: Inbox, receiver: Receiver, db: asyncpg.Connection,
        mode: str) -> None:
    migrant, _headers, referral_id = await referred_migrant(world)
    await world.client.patch(f"/migrants/{migrant['id']}", json={"email": None},
                             headers=world.centre_a.headers)
    receiver.mode = mode
    await move(world, referral_id, "interviewed")
    notice_id = await notice_of(db, await user_of(db, migrant["id"]), "referral.interviewed")
    now = datetime.now(UTC) + timedelta(seconds=5)  # past the delivery row's creation

    await deliver(world.pool, now=now)
    row = await db.fetchrow("SELECT state, attempts, next_attempt_at, last_error "
                            "FROM notice_delivery WHERE notification_id = $1", notice_id)
    assert (row["state"], row["attempts"]) == ("pending", 1)
    assert row["next_attempt_at"] >= now + timedelta(seconds=60)
    assert ("500" if mode == "fail" else "Timeout") in row["last_error"]
    # Not due yet: nothing is tried before the wait is over.
    await deliver(world.pool, now=now + timedelta(seconds=30))
    assert len(receiver.received) == 1
    # The waits double (60 s, then 120 s); the third attempt is the last.
    await deliver(world.pool, now=now + timedelta(seconds=61))
    await deliver(world.pool, now=now + timedelta(seconds=61 + 121))
    row = await db.fetchrow("SELECT state, attempts FROM notice_delivery "
                            "WHERE notification_id = $1", notice_id)
    assert (row["state"], row["attempts"]) == ("failed", 3)
    assert len(receiver.received) == 3
    await deliver(world.pool, now=now + timedelta(days=30))
    assert len(receiver.received) == 3

    regulator = world.regulator
    [delivery] = (await world.client.get(f"/notifications/{notice_id}/deliveries",
                                         headers=regulator)).json()
    assert delivery["state"] == "failed" and delivery["attempts"] == 3
    failed = (await world.client.get("/notifications/deliveries?state=failed",
                                     headers=regulator)).json()
    assert notice_id in {n["id"] for n in failed}
    undelivered = (await world.client.get("/notifications/undelivered",
                                          headers=world.centre_a.headers)).json()
    assert notice_id in {u["notice_id"] for u in undelivered}
    other = (await world.client.get("/notifications/undelivered",
                                    headers=world.centre_b.headers)).json()
    assert notice_id not in {u["notice_id"] for u in other}
    assert (await world.client.get(f"/notifications/{notice_id}/deliveries",
                                   headers=world.centre_a.headers)).status_code == 403


async def test_settings_refuse_an_unknown_language(world: World) -> None:
    _migrant, headers = await migrant_login(world.client, world.centre_a)
    response = await world.client.put("/notifications/settings", headers=headers,
                                      json={"language": "fr", "email_notices": True})
    assert response.status_code == 422, response.text
    assert response.json()["field"] == "language"


# 2026-12-05 21:30 UTC: already the 6th in Central Asia, midnight past in Moscow.
DEADLINE = "2026-12-05 21:30"


async def test_moments_read_on_the_readers_clock_in_the_mail_and_on_the_page(
        world: World, routes: Inbox, db: asyncpg.Connection) -> None:
    """A migrant of a centre in Uzbekistan reads a deadline on Tashkent's clock (UTC+5),
    named as such, in the mail sent to them (by a worker on UTC) and on their own page;
    a date alone (the award's due day) stays the day it is."""
    client = world.client
    centre = await new_centre(client, world.admin, country="UZ", city="Tashkent")
    address = f"{unique('uz-')}@mail.uz"
    migrant = await ready_migrant(client, centre, email=address, password=PASSWORD,
                                  citizenship="UZ")
    user_id = await user_of(db, migrant["id"])
    case = {"case": "D-2026-00001"}
    await notify(db, audience="user", user_id=user_id, kind="dispute.deadline_near",
                 subject="Deadline near", body="Deadline near", params={
                     **case, "dispute_kind": "unpaid_wages", "stage": "mediation",
                     "deadline": DEADLINE, "variant": None})
    await notify(db, audience="user", user_id=user_id, kind="dispute.award_due",
                 subject="Award due", body="Award due", params={
                     **case, "amount": "300.00", "currency": "RUB",
                     "payment_due": "2026-12-05", "payer": "agency", "variant": None})
    await db.execute("UPDATE notification SET created_at = $2 WHERE user_id = $1", user_id,
                     datetime(2026, 12, 5, 21, 30, tzinfo=UTC))
    await deliver(world.pool)

    deadline_mail, award_mail = routes.to(address)[-2:]
    assert deadline_mail["Content-Language"] == "uz"
    text = deadline_mail.get_content()
    assert "2026-yil 6-dekabr, Toshkent vaqti bilan 02:30" in text, text
    assert "UTC" not in text and "21:30" not in text
    assert "2026-yil 5-dekabr" in award_mail["Subject"], award_mail["Subject"]

    token = await token_for(client, address)
    page = await client.get("/me", headers={"Cookie": f"vetted_session={token}; "
                                                      "vetted_lang=uz"})
    assert page.status_code == 200, page.text
    # The two notices' sending times (a page's own dates, which do not break at their
    # hyphens) and the deadline in one's text, on Tashkent's clock.
    shown = "2026\u2011yil 6\u2011dekabr, Toshkent vaqti bilan 02:30"
    assert page.text.count(shown) == 2, page.text
    assert "2026-yil 6-dekabr, Toshkent vaqti bilan 02:30" in page.text
    assert "2026-yil 5-dekabr" in page.text  # the award's day, unmoved
    assert "21:30" not in page.text


async def test_each_reader_keeps_the_clock_of_the_country_their_work_is_in(
        world: World, db: asyncpg.Connection) -> None:
    """Centre staff and migrants: their centre's country; an attaché and a settlement
    body: the receiving country's (Russia: Moscow); agency staff: their agency's; the
    regulator: the deployment's (Kyrgyzstan). Nobody signed in: UTC."""
    centre_staff = await db.fetchval("SELECT id FROM app_user WHERE centre_id = $1",
                                     world.centre_a.id)
    body_member = await db.fetchval(
        "SELECT u.id FROM app_user u JOIN settlement_body b ON b.id = u.settlement_body_id "
        "WHERE b.country = 'RU' ORDER BY u.id DESC LIMIT 1")
    regulator = await db.fetchval("SELECT id FROM app_user WHERE role = 'regulator' "
                                  "ORDER BY id DESC LIMIT 1")
    readers = {"centre": centre_staff, "attache": world.attaches["RU"].user_id,
               "body": body_member, "agency": world.agency_x.actor.user_id,
               "regulator": regulator}
    zones = {}
    async with UnitOfWork(world.pool) as uow:
        for who, user_id in readers.items():
            zones[who] = await reader_zone(uow, await principal_for(uow.conn, user_id))
        zones["nobody"] = await reader_zone(uow, None)
    assert zones == {"centre": "Asia/Bishkek", "attache": "Europe/Moscow",
                     "body": "Europe/Moscow", "agency": "Asia/Bishkek",
                     "regulator": "Asia/Bishkek", "nobody": None}
    moment = datetime(2026, 12, 5, 21, 30, tzinfo=UTC)
    assert format_date(moment, "ru", zone=zones["centre"]) \
        == "6 декабря 2026, 03:30 по времени г. Бишкек"
    assert format_date(moment, "ru", zone=zones["attache"]) \
        == "6 декабря 2026, 00:30 по времени г. Москва"
