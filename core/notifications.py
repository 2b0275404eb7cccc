"""The in-app inbox: notices for the regulator, for an agency's staff, or for one user.

Each notice is also delivered outside the app (core.notice_delivery): its outbox row is
written with it. `kind` with `params` is what the notice is rendered from in each
recipient's language; `subject` and `body` are its English text, kept for the inbox and
for notices written before they kept their parameters.

KINDS names every kind and the facts (parameters) it carries: a notice of another kind, or
with other facts, is refused, so every notice sent has a text in each reader's language
(tests/test_notice_texts.py holds the texts to it).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypedDict

import asyncpg

from core import metrics
from core.auth import Principal, Role
from core.rows import rows_as

log = logging.getLogger("vetted.notices")


@dataclass(frozen=True)
class NoticeKind:
    """The facts a kind of notice carries (its parameters, each present), those of them
    that may be None (their sentence is then left out), and whether a migrant may read it
    (then its text is written in every language a migrant's page is)."""

    params: frozenset[str]
    optional: frozenset[str] = frozenset()
    migrants: bool = False


def _kind(*params: str, optional: tuple[str, ...] = (), migrants: bool = False
          ) -> NoticeKind:
    return NoticeKind(frozenset(params) | frozenset(optional), frozenset(optional), migrants)


# Parameters are facts, not words: codes (a dispute's kind, status and stage, a licence
# hold, a country), numbers, dates and names; each reader's text translates the codes.
# `variant` picks another wording of the same notice for some readers.
_DISPUTE_STEP = _kind("case", "dispute_kind", "dispute_status",
                      optional=("stage", "deadline"), migrants=True)
# A decision's step also says what was awarded, who pays it and by when.
_DISPUTE_DECISION = _kind("case", "dispute_kind", "dispute_status",
                          optional=("stage", "deadline", "award", "currency", "payer",
                                    "payment_due"), migrants=True)
_REFERRAL_STEP = _kind("job", "referral", optional=("reason",), migrants=True)
_LICENCE_STEP = _kind("licence", optional=("reason", "variant"))
# A job named in a notice beside its city has the city apart (`city`), so each reader's text
# names it in their language; notices written before that have it in `job`.
_LICENCE_STANDING = _kind("job", "agency", "referral", "migrant", optional=("city",),
                          migrants=True)
KINDS: dict[str, NoticeKind] = {
    # matching
    "referral.new": _kind("job", "referral", "vacancy"),
    "referral.interviewed": _REFERRAL_STEP,
    "referral.offered": _REFERRAL_STEP,
    "referral.contract_signed": _REFERRAL_STEP,
    "referral.deployed": _REFERRAL_STEP,
    "referral.rejected": _REFERRAL_STEP,
    "referral.licence_hold": _LICENCE_STANDING,
    "referral.licence_restored": _LICENCE_STANDING,
    "vacancy.employer_watchlisted": _kind("job", "employer", optional=("city",)),
    "referral.employer_watchlisted": _kind("job", "employer", "referral", "migrant",
                                           optional=("city",), migrants=True),
    "vacancy.employer_delisted": _kind("job", "employer", optional=("city",)),
    "referral.employer_delisted": _kind("job", "employer", "referral", "migrant",
                                        optional=("city",), migrants=True),
    "referral_request.referred": _kind("job", "referral", migrants=True),
    "referral_request.declined": _kind("job", "reason", migrants=True),
    # registry
    "licence.applied": _kind("agency", "application", "countries"),
    "licence.start_review": _LICENCE_STEP,
    "licence.grant": _LICENCE_STEP,
    "licence.refuse": _LICENCE_STEP,
    "licence.suspend": _LICENCE_STEP,
    "licence.reinstate": _LICENCE_STEP,
    "licence.revoke": _LICENCE_STEP,
    "licence.renew": _LICENCE_STEP,
    "licence.expire": _LICENCE_STEP,
    "licence.renewal_requested": _kind("licence", "agency", "valid_until"),
    "licence.expired": _kind("licence", "agency", "valid_until"),
    "licence.expiring": _kind("licence", "agency", "valid_until", "days"),
    "rating.alert": _kind("agency", "agency_id", "observed", "threshold", "window_days",
                          optional=("score",)),
    # disputes
    "dispute.filed": _DISPUTE_STEP,
    "dispute.assign": _DISPUTE_STEP,
    "dispute.reassign": _DISPUTE_STEP,
    "dispute.escalate": _DISPUTE_STEP,
    "dispute.acknowledge": _DISPUTE_STEP,
    "dispute.start_mediation": _DISPUTE_STEP,
    "dispute.resolve": _DISPUTE_DECISION,
    "dispute.refer": _DISPUTE_STEP,
    "dispute.decide": _DISPUTE_DECISION,
    "dispute.close": _DISPUTE_STEP,
    "dispute.withdraw": _DISPUTE_STEP,
    "dispute.fallback_queue": _kind("case", "dispute_kind", "country", "region"),
    "dispute.supervisor_queue": _kind("case", "dispute_kind", "country", "region"),
    "dispute.joined": _kind("case"),
    "dispute.evidence": _kind("case", "files"),
    "dispute.message": _kind("case", migrants=True),
    "dispute.correct_outcome": _kind("case", "version", "changed",
                                     optional=("reason", "award", "currency", "payer",
                                               "payment_due"), migrants=True),
    "dispute.recovery": _kind("case", "amount", "currency", "left", optional=("variant",),
                              migrants=True),
    "dispute.licence_hold": _kind("case", "agency", "hold", optional=("variant",),
                                  migrants=True),
    "dispute.licence_restored": _kind("case", "agency", optional=("variant",),
                                      migrants=True),
    "dispute.deadline_near": _kind("case", "dispute_kind", "stage", "deadline",
                                   optional=("variant",), migrants=True),
    "dispute.award_due": _kind("case", "amount", "currency", "payment_due", "payer",
                               optional=("variant",), migrants=True),
    "dispute.award_overdue": _kind("case", "amount", "currency", "payment_due", "payer",
                                   optional=("variant",), migrants=True),
    "deposit.draw": _kind("case", "amount", "currency", "payment_due", "balance", "top_up"),
}


def check_notice(kind: str, params: dict[str, Any] | None) -> None:
    """Refuse a notice of a kind not in KINDS, or without exactly its facts."""
    spec = KINDS.get(kind)
    if spec is None:
        raise ValueError(f"notice kind {kind!r} is not in core.notifications.KINDS")
    given = frozenset(params or ())
    if given != spec.params:
        raise ValueError(f"notice {kind!r} carries {sorted(given)}, not {sorted(spec.params)}")


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
    check_notice(kind, params)
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


class InboxRow(TypedDict):
    """A notice as a person's inbox lists it."""

    id: int
    audience: str
    agency_id: int | None
    kind: str
    subject: str
    body: str
    params: Any
    created_at: datetime
    read_at: datetime | None


async def inbox(
    conn: asyncpg.Connection, principal: Principal, *, limit: int = 100
) -> list[InboxRow]:
    """Notices addressed to this user, to its agency, or (for regulators) to the regulator."""
    rows = await conn.fetch(
        """
        SELECT id, audience, agency_id, kind, params, subject, body, created_at, read_at
        FROM notification
        WHERE (audience = 'user' AND user_id = $1)
           OR (audience = 'agency' AND agency_id = $2)
           OR (audience = 'regulator' AND $3)
        ORDER BY id DESC
        LIMIT $4
        """,
        principal.user_id, principal.agency_id, principal.role == Role.REGULATOR, limit,
    )
    return rows_as(InboxRow, rows)
