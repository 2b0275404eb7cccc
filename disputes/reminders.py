"""Reminders the scheduler sends: a stage deadline is near, an award is due or overdue.

Each is sent once to each reader (its dedupe key names the deadline or the payment date, so a
new deadline or a corrected date is reminded of again); who is told follows from who takes
the next step (disputes.rules.deadline_parties) and who is owed or follows up an award. A
case nobody holds is put to the regulators, who assign cases and may record payments and
draw on deposits."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any, cast

from core import notifications
from core.auth import Role
from core.db import UnitOfWork
from disputes import repository as repo
from disputes.cases import reference
from disputes.rows import DisputeRow
from disputes.rules import (
    STAGE_OF,
    AwardReminder,
    DisputeStatus,
    Party,
    award_reminder,
    deadline_is_near,
    deadline_parties,
)
from missions import service as attache_service

_AWARD_STATES = frozenset({DisputeStatus.RESOLVED, DisputeStatus.DECIDED})


async def _tell(uow: UnitOfWork, *, user_id: int | None, key: str, kind: str, subject: str,
                body: str, params: dict[str, Any]) -> bool:
    """One reader's notice: a user's, or (user_id None) the regulators'."""
    if user_id is None:
        return await notifications.notify(
            uow.conn, audience="regulator", kind=kind, subject=subject, body=body,
            params=params, dedupe_key=f"{key}:regulator")
    return await notifications.notify(
        uow.conn, audience="user", user_id=user_id, kind=kind, subject=subject, body=body,
        params=params, dedupe_key=f"{key}:user:{user_id}")


def _complainant(row: DisputeRow) -> int | None:
    """The migrant's account or, for a migrant without one, the centre staff who filed."""
    if row["migrant_user_id"] is not None:
        return int(row["migrant_user_id"])
    if row["filed_by_role"] == Role.CENTRE_STAFF:
        return int(row["filed_by_user_id"])
    return None


# --- a stage deadline is near --------------------------------------------------------------


async def deadlines_near(uow: UnitOfWork, *, now: datetime, window: timedelta) -> list[int]:
    """The open cases whose stage deadline falls within `window`."""
    return await repo.deadline_near_ids(uow.conn, now=now, until=now + window)


async def warn_deadline(uow: UnitOfWork, *, dispute_id: int, now: datetime,
                        window: timedelta) -> int:
    """Tell those who take a case's next step (and its attaché) that the stage deadline is
    near, once per deadline; returns the notices written now."""
    row = await repo.get_dispute(uow.conn, dispute_id)
    if row is None or DisputeStatus(row["status"]) not in STAGE_OF or \
            not deadline_is_near(row["stage_deadline"], now, window):
        return 0
    status = DisputeStatus(row["status"])
    parties = deadline_parties(status)
    deadline = cast(datetime, row["stage_deadline"])  # near, so set
    stage = STAGE_OF[status]
    when = f"{deadline:%Y-%m-%d %H:%M}"
    key = f"dispute-deadline-near:{row['id']}:{deadline.isoformat()}"
    case = reference(row)
    facts = {"case": case, "dispute_kind": row["kind"], "stage": stage, "deadline": when}
    kind_words = row["kind"].replace("_", " ")
    subject = f"Dispute {case} ({kind_words}): the deadline is near"
    tail = f" Deadline of this stage ({stage}): {when} UTC."
    own = "The next step on this case is yours: take it before the deadline, or the case " \
          "is escalated." + tail
    readers: list[tuple[int | None, str | None, str]] = []  # (user, variant, body)
    attache = row["assigned_attache_id"]
    if Party.ATTACHE in parties:
        readers.append((attache, None, own) if attache is not None else (
            None, "unassigned", "No labour attaché holds this case: assign it to one before "
                                "the deadline, or it is escalated." + tail))
    elif attache is not None:
        readers.append((attache, "settlement_body", "The case waits for the settlement "
                        "body's decision; if it is late, the case goes to the supervisors."
                        + tail))
    if Party.SETTLEMENT_BODY in parties and row["referred_body_id"] is not None:
        members = await attache_service.settlement_body_members(
            uow, settlement_body_id=row["referred_body_id"])
        readers += [(member, None, own) for member in members]
    complainant = _complainant(row)
    if Party.COMPLAINANT in parties and complainant is not None:
        readers.append((complainant, None, own))
    sent = 0
    for user_id, variant, body in readers:
        sent += await _tell(uow, user_id=user_id, key=key, kind="dispute.deadline_near",
                            subject=subject, body=body, params=facts | {"variant": variant})
    return sent


# --- an award is due, or overdue ----------------------------------------------------------


async def unpaid_awards(uow: UnitOfWork, *, today: date, days_before: int) -> list[int]:
    """The concluded cases whose award is unpaid and due within `days_before` days (or
    overdue)."""
    return await repo.unpaid_award_ids(uow.conn, due_by=today + timedelta(days=days_before))


async def remind_award(uow: UnitOfWork, *, dispute_id: int, today: date,
                       days_before: int) -> int:
    """Tell the migrant and the attaché (the regulators when no attaché holds the case) that
    an award is due soon, and once more when it is overdue; returns the notices written
    now."""
    row = await repo.get_dispute(uow.conn, dispute_id)
    outcome = await repo.get_outcome(uow.conn, dispute_id)
    if row is None or outcome is None or DisputeStatus(row["status"]) not in _AWARD_STATES \
            or not outcome["awarded_amount"] \
            or outcome["recovered_amount"] >= outcome["awarded_amount"]:
        return 0
    due = cast(date, outcome["payment_due"])  # an award has its due date
    which = award_reminder(payment_due=due, today=today, days_before=days_before)
    if which is None:
        return 0
    case = reference(row)
    left, currency, payer = (outcome["awarded_amount"] - outcome["recovered_amount"],
                             outcome["currency"], outcome["payable_by"])
    facts = {"case": case, "amount": str(left), "currency": currency,
             "payment_due": due.isoformat(), "payer": payer}
    key = f"dispute-award-{which.value}:{row['id']}:{due.isoformat()}"
    unpaid = f"Still unpaid: {left} {currency}, payable by the {payer}"
    if which == AwardReminder.DUE:
        subject = f"Dispute {case}: the award is due by {due}"
        to_migrant = f"{unpaid} by {due}. If you are paid, tell your migrant resource centre."
        to_staff = f"{unpaid} by {due}. Record each payment on the case as it is made."
        variant = None
    else:
        subject = f"Dispute {case}: the award was not paid by {due}"
        to_migrant = f"{unpaid}. Those who follow up your case are told. If you were paid, " \
                     "tell your migrant resource centre."
        # An award the agency owes and has not paid is what its security deposit is for.
        deposit = payer == "agency" and row["agency_id"] is not None
        variant = "deposit" if deposit else None
        to_staff = f"{unpaid}. " + (
            "This is what the agency's security deposit is for: a regulator can draw the "
            "unpaid award from it, and the agency must then top the deposit up."
            if deposit else f"Follow it up with the {payer}, and record each payment on "
                            "the case.")
    kind = f"dispute.award_{which.value}"
    sent = 0
    migrant = _complainant(row)
    if migrant is not None:
        sent += await _tell(uow, user_id=migrant, key=key, kind=kind, subject=subject,
                            body=to_migrant, params=facts | {"variant": None})
    sent += await _tell(uow, user_id=row["assigned_attache_id"], key=key, kind=kind,
                        subject=subject, body=to_staff, params=facts | {"variant": variant})
    return sent
