"""Notices delivered outside the app: by e-mail, or to a phone through a message gateway.

`notify` writes an outbox row (`TOPIC`) with each notice. The worker's relay hands it to
`fan_out`, which writes one delivery row per person the notice is for and route they are
reached by; the unique key (notice, channel, person) makes a second fan-out of the same
notice add nothing. `deliver_next` then sends one due delivery at a time, holding its row
locked while it sends, and records the outcome: delivered, failed (refused for good, or
after `notice_max_attempts`), or tried again later with the wait doubling each time.

Who a notice is for: the user it names; for an agency, its active staff; for the
regulator, the active regulators. Each is reached by e-mail unless they stopped notices by
e-mail; a person with no e-mail address but a phone (a migrant's record may hold only a
phone) by the message gateway.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal, TypedDict

import asyncpg

from core import metrics
from core.auth import Role
from core.config import get_settings
from core.db import UnitOfWork
from core.mail import MailRefused
from core.messenger import MessageRefused
from core.notifications import notice_undelivered
from core.rows import rows_as

log = logging.getLogger("vetted.notices")

TOPIC = "notice.deliver"
RELAY_TASK = "notices.deliver"
LANGUAGES = ("en", "ru", "ky", "uz", "tg")
# Staff read their notices in English or Russian; asked for Kyrgyz, Uzbek or Tajik, they
# get Russian, as their pages do.
STAFF_LANGUAGES = ("en", "ru")
PERMANENT_FAILURES: tuple[type[BaseException], ...] = (MailRefused, MessageRefused)


@dataclass(frozen=True)
class Contact:
    """How to reach a person whose details are kept by a domain (a migrant's record)."""

    email: str | None
    phone: str | None
    language: str  # when the person chose none


# Contact details a domain keeps for some of these users (the others are reached at their
# sign-in address).
ContactBook = Callable[[UnitOfWork, list[int]], Awaitable[dict[int, Contact]]]


@dataclass(frozen=True)
class Outgoing:
    """One delivery about to be sent, with what its text is made from."""

    delivery_id: int
    notice_id: int
    channel: str
    address: str
    user_id: int
    full_name: str
    role: Role
    language: str
    kind: str
    subject: str
    body: str
    params: dict[str, Any] | None
    created_at: datetime

    @property
    def reference(self) -> str:
        return f"notice-{self.notice_id}-{self.channel}-{self.user_id}"


Sender = Callable[[Outgoing], Awaitable[None]]


def language_for(role: Role, chosen: str | None, default: str) -> str:
    """The language a person's notices are written in."""
    language = chosen or default
    if language not in LANGUAGES:
        language = "en"
    if role != Role.MIGRANT and language not in STAFF_LANGUAGES:
        return "ru"
    return language


def retry_delay(attempts: int, base: float) -> timedelta:
    """How long to wait after the `attempts`-th failed attempt: base, 2 base, 4 base..."""
    return timedelta(seconds=base * 2 ** max(0, attempts - 1))


async def fan_out(uow: UnitOfWork, notice_id: int, *, contacts: ContactBook) -> int:
    """Write the delivery rows of one notice (none twice); returns how many were new."""
    conn = uow.conn
    people = await conn.fetch(
        """
        SELECT u.id, u.email, u.role, u.notices_by_email
        FROM notification n
        JOIN app_user u ON u.is_active AND (
               (n.audience = 'user' AND u.id = n.user_id)
            OR (n.audience = 'agency' AND u.role = 'agency_staff' AND u.agency_id = n.agency_id)
            OR (n.audience = 'regulator' AND u.role = 'regulator'))
        WHERE n.id = $1
        ORDER BY u.id
        """,
        notice_id,
    )
    book = await contacts(uow, [p["id"] for p in people]) if people else {}
    added = 0
    for person in people:
        contact = book.get(person["id"])
        email = contact.email if contact is not None else person["email"]
        phone = contact.phone if contact is not None else None
        language = contact.language if contact is not None else "en"
        if email:
            if not person["notices_by_email"]:
                continue
            channel, address = "email", email
        elif phone:
            channel, address = "messenger", phone
        else:
            continue
        added += await conn.fetchval(
            """
            WITH added AS (
                INSERT INTO notice_delivery (notification_id, channel, user_id, address,
                                             language)
                VALUES ($1, $2, $3, $4, $5)
                ON CONFLICT ON CONSTRAINT uq_notice_delivery_notification_channel_user
                DO NOTHING
                RETURNING 1)
            SELECT count(*) FROM added
            """,
            notice_id, channel, person["id"], address, language,
        )
    return added


async def _next_due(conn: asyncpg.Connection, now: datetime) -> asyncpg.Record | None:
    return await conn.fetchrow(
        """
        SELECT d.id, d.notification_id, d.channel, d.address, d.user_id, d.attempts,
               d.language AS default_language, u.language AS chosen_language, u.role,
               u.full_name, u.notices_by_email, u.is_active,
               n.kind, n.subject, n.body, n.params, n.created_at
        FROM notice_delivery d
        JOIN notification n ON n.id = d.notification_id
        JOIN app_user u ON u.id = d.user_id
        WHERE d.state = 'pending' AND d.next_attempt_at <= $1
        ORDER BY d.next_attempt_at, d.id
        LIMIT 1
        FOR UPDATE OF d SKIP LOCKED
        """,
        now,
    )


async def deliver_next(uow: UnitOfWork, *, now: datetime, send: Sender) -> dict[str, Any] | None:
    """Send the delivery that has waited longest among those due at `now` and record what
    became of it; None when none is due. The row stays locked while it is sent, so no
    other worker sends it meanwhile, and a delivered one is never picked again."""
    settings = get_settings()
    conn = uow.conn
    row = await _next_due(conn, now)
    if row is None:
        return None
    outcome: dict[str, Any] = {"id": row["id"], "notice_id": row["notification_id"],
                               "channel": row["channel"]}
    if not row["is_active"] or (row["channel"] == "email" and not row["notices_by_email"]):
        await _finish(conn, row["id"], state="skipped", now=now,
                      error="the person stopped these notices" if row["is_active"]
                      else "the account was closed", attempts=row["attempts"])
        return outcome | {"state": "skipped"}
    outgoing = Outgoing(
        delivery_id=row["id"], notice_id=row["notification_id"], channel=row["channel"],
        address=row["address"], user_id=row["user_id"], full_name=row["full_name"],
        role=Role(row["role"]),
        language=language_for(Role(row["role"]), row["chosen_language"], row["default_language"]),
        kind=row["kind"], subject=row["subject"], body=row["body"], params=row["params"],
        created_at=row["created_at"])
    attempts = row["attempts"] + 1
    # Each route bounds its own wait; this bounds the whole attempt all the same.
    bound = max(settings.smtp_timeout_seconds, settings.message_webhook_timeout_seconds) * 3
    try:
        await asyncio.wait_for(send(outgoing), timeout=bound)
    except Exception as exc:
        error = f"{type(exc).__name__}: {exc}"[:2000]
        final = isinstance(exc, PERMANENT_FAILURES) or attempts >= settings.notice_max_attempts
        if final:
            await _finish(conn, row["id"], state="failed", now=now, error=error,
                          attempts=attempts)
            notice_undelivered(channel=row["channel"], kind=row["kind"],
                               notice_id=row["notification_id"], error=exc)
            return outcome | {"state": "failed", "error": error}
        retry_at = now + retry_delay(attempts, settings.notice_retry_base_seconds)
        await conn.execute(
            "UPDATE notice_delivery SET attempts = $2, last_error = $3, next_attempt_at = $4 "
            "WHERE id = $1", row["id"], attempts, error, retry_at)
        log.info("notice %s not delivered by %s yet (attempt %d): %s",
                 row["notification_id"], row["channel"], attempts, type(exc).__name__,
                 extra={"event": "notice.retry", "notice_id": row["notification_id"],
                        "channel": row["channel"], "attempts": attempts})
        return outcome | {"state": "pending", "error": error, "retry_at": retry_at}
    await _finish(conn, row["id"], state="delivered", now=now, error=None, attempts=attempts)
    metrics.NOTICES_DELIVERED.inc(channel=row["channel"])
    log.info("notice %s delivered by %s", row["notification_id"], row["channel"],
             extra={"event": "notice.delivered", "notice_id": row["notification_id"],
                    "channel": row["channel"], "kind": row["kind"]})
    return outcome | {"state": "delivered"}


async def _finish(conn: asyncpg.Connection, delivery_id: int, *, state: str, now: datetime,
                  error: str | None, attempts: int) -> None:
    await conn.execute(
        "UPDATE notice_delivery SET state = $2, finished_at = $3, last_error = $4, "
        "attempts = $5 WHERE id = $1", delivery_id, state, now, error, attempts)


# --- what staff see -----------------------------------------------------------------------


Channel = Literal["email", "messenger"]
DeliveryState = Literal["pending", "delivered", "failed", "skipped"]


class NoticeDeliveriesRow(TypedDict):
    """A notice with its deliveries (a JSON list: recipient, route, state, attempts, last
    error and when each finished)."""

    id: int
    audience: str
    kind: str
    subject: str
    params: Any
    created_at: datetime
    deliveries: Any


class DeliveryRow(TypedDict):
    """One delivery of a notice, with its recipient's name."""

    id: int
    channel: Channel
    user_id: int
    recipient: str
    state: DeliveryState
    attempts: int
    last_error: str | None
    next_attempt_at: datetime
    created_at: datetime
    finished_at: datetime | None


async def notices_with_deliveries(conn: asyncpg.Connection, *, state: str | None = None,
                                  limit: int = 100) -> list[NoticeDeliveriesRow]:
    """Recent notices with their deliveries (each with its recipient, route, state,
    attempts and last error), for regulators and administrators; with `state`, only the
    notices with a delivery in that state."""
    rows = await conn.fetch(
        """
        SELECT n.id, n.audience, n.kind, n.params, n.subject, n.created_at,
               coalesce(jsonb_agg(jsonb_build_object(
                   'id', d.id, 'channel', d.channel, 'user_id', d.user_id,
                   'recipient', u.full_name, 'state', d.state, 'attempts', d.attempts,
                   'last_error', d.last_error, 'finished_at', d.finished_at)
                   ORDER BY d.id) FILTER (WHERE d.id IS NOT NULL), '[]') AS deliveries
        FROM notification n
        LEFT JOIN notice_delivery d ON d.notification_id = n.id
        LEFT JOIN app_user u ON u.id = d.user_id
        WHERE $1::text IS NULL OR EXISTS (
            SELECT 1 FROM notice_delivery x WHERE x.notification_id = n.id AND x.state = $1)
        GROUP BY n.id
        ORDER BY n.id DESC
        LIMIT $2
        """,
        state, limit,
    )
    return rows_as(NoticeDeliveriesRow, rows)


async def deliveries_of(conn: asyncpg.Connection, notice_id: int) -> list[DeliveryRow]:
    """One notice's deliveries."""
    rows = await conn.fetch(
        """
        SELECT d.id, d.channel, d.user_id, u.full_name AS recipient, d.state, d.attempts,
               d.last_error, d.next_attempt_at, d.created_at, d.finished_at
        FROM notice_delivery d JOIN app_user u ON u.id = d.user_id
        WHERE d.notification_id = $1 ORDER BY d.id
        """,
        notice_id,
    )
    return rows_as(DeliveryRow, rows)


async def notice_exists(conn: asyncpg.Connection, notice_id: int) -> bool:
    return bool(await conn.fetchval("SELECT 1 FROM notification WHERE id = $1", notice_id))


# --- a person's choices ---------------------------------------------------------------------


async def preferences(conn: asyncpg.Connection, user_id: int) -> dict[str, Any]:
    """The language of a person's notices (None: the default) and whether they come by
    e-mail."""
    row = await conn.fetchrow(
        "SELECT language, notices_by_email FROM app_user WHERE id = $1", user_id)
    assert row is not None
    return {"language": row["language"], "email_notices": row["notices_by_email"]}


async def set_preferences(conn: asyncpg.Connection, user_id: int, *, language: str | None,
                          email_notices: bool) -> dict[str, Any]:
    """Change them in the caller's transaction."""
    await conn.execute(
        "UPDATE app_user SET language = $2, notices_by_email = $3 WHERE id = $1",
        user_id, language, email_notices)
    return await preferences(conn, user_id)


async def adopt_language(conn: asyncpg.Connection, user_id: int, language: str) -> None:
    """The language a person reads the pages in becomes their notices' while they have not
    chosen one: a regulator reading Russian pages is not written to in English."""
    await conn.execute("UPDATE app_user SET language = $2 WHERE id = $1 AND language IS NULL",
                       user_id, language)


async def stop_email(conn: asyncpg.Connection, user_id: int) -> bool:
    """Stop a person's notices by e-mail (an unsubscribe link); False for no such account."""
    done = await conn.fetchval(
        "UPDATE app_user SET notices_by_email = false WHERE id = $1 RETURNING id", user_id)
    return done is not None


# --- unsubscribe links ------------------------------------------------------------------------


def _token_signature(user_id: int) -> str:
    key = get_settings().resolved_secret_key().encode()
    return hmac.new(key, f"notices-unsubscribe:{user_id}".encode(), hashlib.sha256
                    ).hexdigest()[:32]


def unsubscribe_token(user_id: int) -> str:
    """What an e-mail's unsubscribe link carries: the person and a signature with the
    service's key, so it works without signing in and for nobody else's account."""
    return f"{user_id}.{_token_signature(user_id)}"


def user_of_unsubscribe_token(token: str) -> int | None:
    """The person an unsubscribe token was made for, or None for a token we did not make."""
    head, _, signature = token.partition(".")
    if not head.isdigit() or len(head) > 18:
        return None
    user_id = int(head)
    return user_id if hmac.compare_digest(signature, _token_signature(user_id)) else None
