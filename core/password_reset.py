"""Setting a new password through a link sent by e-mail.

`request_reset` records a request (in the caller's transaction) for an active account
under its limit, and voids the account's older links; for any other e-mail it records
nothing, and the caller answers alike either way. The worker's `send_next` makes the
link's token, hands the mail to the relay while it holds the request's row, and only
then stores the token's hash, with the request marked sent: a mail that was not sent
leaves no token that works, and is tried again with the wait doubling (as notices are).
`reset_password` takes a token once, before it expires: it sets the password, ends every
session of the account and writes the change to the audit log (never the token).
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import asyncpg

from core import audit, outbox
from core.auth import Role, hash_password
from core.config import get_settings
from core.db import UnitOfWork
from core.errors import DomainError, english_texts
from core.mail import MailRefused
from core.notice_delivery import language_for, retry_delay
from core.users import end_user_sessions, principal_for

log = logging.getLogger("vetted.password_reset")

SEND_TASK = "auth.send_password_resets"
# Longer than any token we make (43 characters): anything longer is not ours, unhashed.
_MAX_TOKEN = 100


class ResetLinkUnknown(DomainError):
    """The token is none we made (mistyped, cut short, or made up)."""

    code = "password_reset.unknown"


class ResetLinkSpent(DomainError):
    """The token was ours but works no longer: `reason` is expired, used, replaced (a newer
    link was asked for) or closed (the account was deactivated)."""

    def __init__(self, reason: str, **params: Any) -> None:
        super().__init__(f"password_reset.{reason}", **params)
        self.reason = reason


english_texts({
    "password_reset.unknown": "this password-reset link is not valid: check that the whole "
                              "link from the e-mail was opened, or ask for a new one",
    **{f"password_reset.{reason}": f"this password-reset link {words}; ask for a new one"
       for reason, words in {"expired": "has expired", "used": "was already used",
                             "replaced": "was replaced by a newer one",
                             "closed": "belongs to a closed account"}.items()},
})


@dataclass(frozen=True)
class ResetMail:
    """One reset mail about to be sent, with what its text is made from."""

    reset_id: int
    address: str
    full_name: str
    language: str
    token: str
    minutes: int
    # "reset" (asked for) or "welcome" (a new account's first password).
    purpose: str = "reset"


Sender = Callable[[ResetMail], Awaitable[None]]


def token_hash(token: str) -> bytes:
    """What is stored of a token: a token is 256 random bits, so a plain SHA-256 suffices
    (nothing to guess from the hash that would not be guessed faster directly)."""
    return hashlib.sha256(token.encode()).digest()


# How long a new account's link to its first password works: its holder may read the mail
# only the next working day.
WELCOME_MINUTES = 3 * 24 * 60


def link_minutes(purpose: str) -> int:
    """How long a link of this purpose works once sent."""
    return WELCOME_MINUTES if purpose == "welcome" else get_settings().password_reset_minutes


async def request_reset(uow: UnitOfWork, *, email: str, language: str,
                        account_limit: int, window: timedelta, purpose: str = "reset"
                        ) -> int | None:
    """Record a request for a link for the active account with this e-mail, voiding its
    older links; returns the request's id, or None when there is no such account or it
    has asked `account_limit` times within `window` already (nothing is recorded then).
    `purpose` "welcome" is a new account's first password, its mail worded so."""
    conn = uow.conn
    # The account's row is locked, so that requests sent at once are counted one after
    # another and cannot pass the limit together.
    user_id = await conn.fetchval(
        "SELECT id FROM app_user WHERE lower(email) = lower($1) AND is_active FOR UPDATE",
        email.strip())
    if user_id is None:
        return None
    recent = await conn.fetchval(
        "SELECT count(*) FROM password_reset WHERE user_id = $1 "
        "AND requested_at > now() - $2::interval", user_id, window)
    if recent >= account_limit:
        log.info("password reset for account %s not sent: %d requests within %s",
                 user_id, recent, window,
                 extra={"event": "password_reset.limited", "user_id": user_id})
        return None
    await conn.execute(
        "UPDATE password_reset SET state = 'void' WHERE user_id = $1 "
        "AND state IN ('pending', 'sent')", user_id)
    reset_id: int = await conn.fetchval(
        "INSERT INTO password_reset (user_id, language, purpose) VALUES ($1, $2, $3) "
        "RETURNING id", user_id, language, purpose)
    outbox.signal_after_commit(uow, SEND_TASK)
    return reset_id


async def send_next(uow: UnitOfWork, *, now: datetime, send: Sender) -> dict[str, Any] | None:
    """Send the reset mail that has waited longest among those due at `now`; None when
    none is. The token's hash is stored only once the relay took the mail."""
    settings = get_settings()
    conn = uow.conn
    row = await conn.fetchrow(
        """
        SELECT r.id, r.attempts, r.language AS page_language, u.language AS chosen_language,
               r.purpose, u.role, u.email, u.full_name, u.is_active
        FROM password_reset r JOIN app_user u ON u.id = r.user_id
        WHERE r.state = 'pending' AND r.next_attempt_at <= $1
        ORDER BY r.next_attempt_at, r.id
        LIMIT 1
        FOR UPDATE OF r SKIP LOCKED
        """,
        now,
    )
    if row is None:
        return None
    outcome: dict[str, Any] = {"id": row["id"]}
    if not row["is_active"]:
        await conn.execute("UPDATE password_reset SET state = 'void', last_error = $2 "
                           "WHERE id = $1", row["id"], "the account was closed")
        return outcome | {"state": "void"}
    token = secrets.token_urlsafe(32)
    minutes = link_minutes(row["purpose"])
    mail = ResetMail(reset_id=row["id"], address=row["email"], full_name=row["full_name"],
                     language=language_for(Role(row["role"]), row["chosen_language"],
                                           row["page_language"]),
                     token=token, minutes=minutes, purpose=row["purpose"])
    attempts = row["attempts"] + 1
    try:
        await asyncio.wait_for(send(mail), timeout=settings.smtp_timeout_seconds * 3)
    except Exception as exc:
        error = f"{type(exc).__name__}: {exc}"[:2000]
        if isinstance(exc, MailRefused) or attempts >= settings.notice_max_attempts:
            await conn.execute(
                "UPDATE password_reset SET state = 'failed', attempts = $2, last_error = $3 "
                "WHERE id = $1", row["id"], attempts, error)
            log.warning("password-reset mail %s not delivered: %s", row["id"], error,
                        extra={"event": "password_reset.failed", "reset_id": row["id"]})
            return outcome | {"state": "failed", "error": error}
        retry_at = now + retry_delay(attempts, settings.notice_retry_base_seconds)
        await conn.execute(
            "UPDATE password_reset SET attempts = $2, last_error = $3, next_attempt_at = $4 "
            "WHERE id = $1", row["id"], attempts, error, retry_at)
        return outcome | {"state": "pending", "error": error, "retry_at": retry_at}
    await conn.execute(
        """
        UPDATE password_reset SET state = 'sent', attempts = $2, last_error = NULL,
            token_hash = $3, sent_at = now(), expires_at = now() + $4::interval
        WHERE id = $1
        """,
        row["id"], attempts, token_hash(token), timedelta(minutes=minutes))
    log.info("password-reset mail %s sent", row["id"],
             extra={"event": "password_reset.sent", "reset_id": row["id"]})
    return outcome | {"state": "sent"}


async def _claim(conn: asyncpg.Connection, token: str, *, lock: bool) -> asyncpg.Record:
    """The request a token was made for, if it still works; raises otherwise."""
    if not token or len(token) > _MAX_TOKEN:
        raise ResetLinkUnknown()
    row = await conn.fetchrow(
        "SELECT r.id, r.user_id, r.state, r.purpose, r.expires_at <= now() AS expired, "
        "u.is_active "
        "FROM password_reset r JOIN app_user u ON u.id = r.user_id "
        "WHERE r.token_hash = $1" + (" FOR UPDATE OF r" if lock else ""),
        token_hash(token))
    if row is None:
        raise ResetLinkUnknown()
    if row["state"] == "used":
        raise ResetLinkSpent("used")
    if row["state"] != "sent":
        raise ResetLinkSpent("replaced")
    if not row["is_active"]:
        raise ResetLinkSpent("closed")
    if row["expired"]:
        raise ResetLinkSpent("expired", minutes=link_minutes(row["purpose"]))
    return row


async def check_link(conn: asyncpg.Connection, token: str) -> str:
    """Raise ResetLinkUnknown or ResetLinkSpent unless the token would set a password now;
    else the link's purpose ("reset", or "welcome" for a new account's first password)."""
    purpose: str = (await _claim(conn, token, lock=False))["purpose"]
    return purpose


async def awaiting_first_password(conn: asyncpg.Connection, user_ids: list[int]) -> set[int]:
    """The accounts among these that were opened with a welcome link and have not chosen a
    password through any link yet: nobody can sign in to them so far."""
    rows = await conn.fetch(
        "SELECT user_id FROM password_reset WHERE user_id = ANY ($1::bigint[]) "
        "GROUP BY user_id HAVING bool_or(purpose = 'welcome') AND NOT bool_or(state = 'used')",
        user_ids)
    return {row["user_id"] for row in rows}


async def reset_password(conn: asyncpg.Connection, *, token: str, password: str,
                         account_key: Callable[[str], bytes]) -> int:
    """Set the password of the token's account, in the caller's transaction: the token is
    spent, every session of the account ends, its failed sign-ins are forgotten, and the
    change is audited. Returns the account's id."""
    row = await _claim(conn, token, lock=True)
    user_id: int = row["user_id"]
    email = await conn.fetchval(
        "UPDATE app_user SET password_hash = $2 WHERE id = $1 RETURNING email",
        user_id, hash_password(password))
    await conn.execute(
        "UPDATE password_reset SET state = 'used', used_at = now() WHERE id = $1", row["id"])
    await conn.execute(
        "UPDATE password_reset SET state = 'void' WHERE user_id = $1 AND id <> $2 "
        "AND state IN ('pending', 'sent')", user_id, row["id"])
    ended = await end_user_sessions(conn, user_id)
    await conn.execute("DELETE FROM sign_in_failure WHERE account_key = $1",
                       account_key(email))
    actor = await principal_for(conn, user_id)
    assert actor is not None
    await audit.record(conn, actor=actor, entity_type="user", entity_id=user_id,
                       agency_id=actor.agency_id, action="password_reset",
                       reason="a new password set through a link sent by e-mail",
                       data={"reset_id": row["id"], "sessions_ended": ended})
    return user_id
