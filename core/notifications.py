"""The in-app inbox: notices for the regulator, for an agency's staff, or for one user.

Each notice is also delivered outside the app (core.notice_delivery): its outbox row is
written with it. `kind` with `params` is what the notice is rendered from in each
recipient's language; `subject` and `body` are its English text, kept for the inbox and
for a kind no catalogue knows.
"""

from __future__ import annotations

import logging
from typing import Any

import asyncpg

from core import metrics
from core.auth import Principal, Role

log = logging.getLogger("vetted.notices")


async def notify(
    conn: asyncpg.Connection,
    *,
    audience: str,
    kind: str,
    subject: str,
    body: str,
    agency_id: int | None = None,
    user_id: int | None = None,
    dedupe_key: str | None = None,
    params: dict[str, Any] | None = None,
) -> bool:
    """Queue a notice in the caller's transaction, and its delivery outside the app; a
    repeated dedupe_key is ignored."""
    notice_id = await conn.fetchval(
        """
        INSERT INTO notification (audience, agency_id, user_id, kind, subject, body, dedupe_key,
                                  params)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
        ON CONFLICT (dedupe_key) DO NOTHING
        RETURNING id
        """,
        audience, agency_id, user_id, kind, subject, body, dedupe_key, params,
    )
    if notice_id is not None:
        # Relayed by the worker's periodic `notices.deliver` (core.notice_delivery).
        await conn.execute(
            "INSERT INTO outbox (topic, entity_id) VALUES ('notice.deliver', $1)", notice_id)
    # Logged as it is written, in the caller's transaction: the request's own line (its
    # status, under the same request id) says whether that committed. Neither subject nor
    # body is logged: they name people.
    log.info("notice %s for %s %s", kind, audience,
             "queued" if notice_id is not None else "already sent",
             extra={"event": "notice.queued" if notice_id is not None else "notice.repeated",
                    "kind": kind, "audience": audience, "notice_id": notice_id,
                    "agency_id": agency_id, "user_id": user_id})
    return notice_id is not None


def notice_undelivered(*, channel: str, kind: str, notice_id: int, error: BaseException
                       ) -> None:
    """Log and count a notice that could not be delivered outside the app (an e-mail, a
    messenger webhook), to be called by the worker that delivers it."""
    metrics.NOTICES_UNDELIVERED.inc(channel=channel)
    log.warning("notice %s could not be delivered by %s: %s", notice_id, channel,
                type(error).__name__,
                extra={"event": "notice.undelivered", "channel": channel, "kind": kind,
                       "notice_id": notice_id, "error": type(error).__name__})


async def inbox(
    conn: asyncpg.Connection, principal: Principal, *, limit: int = 100
) -> list[dict[str, Any]]:
    """Notices addressed to this user, to its agency, or (for regulators) to the regulator."""
    rows = await conn.fetch(
        """
        SELECT id, audience, agency_id, kind, subject, body, created_at, read_at
        FROM notification
        WHERE (audience = 'user' AND user_id = $1)
           OR (audience = 'agency' AND agency_id = $2)
           OR (audience = 'regulator' AND $3)
        ORDER BY id DESC
        LIMIT $4
        """,
        principal.user_id, principal.agency_id, principal.role == Role.REGULATOR, limit,
    )
    return [dict(r) for r in rows]
