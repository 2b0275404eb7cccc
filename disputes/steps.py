"""A case's steps: each recorded in its history and the audit log, moved through the state
machine, and told to whoever must act next."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal, cast

from core import audit, notifications
from core.auth import Principal, Role
from core.db import UnitOfWork
from disputes import repository as repo
from disputes.cases import _ACTION_WORDS, _days, _jsonable, _words, reference
from disputes.rows import DisputeRow
from disputes.rules import STAGE_OF, DisputeAction, DisputeStatus, deadline_after, next_status
from missions import service as attache_service


async def _recipients(uow: UnitOfWork, before: DisputeRow, after: DisputeRow,
                      actor: Principal) -> list[int]:
    """The people concerned with a case: the migrant, the centre staff member who filed,
    its attaché (before and after a change) and, once referred, the settlement body; not
    the one acting, who knows."""
    users: set[int] = set()
    if after["migrant_user_id"] is not None:
        users.add(after["migrant_user_id"])
    if after["filed_by_role"] == Role.CENTRE_STAFF:
        users.add(after["filed_by_user_id"])
    for attache_id in (before.get("assigned_attache_id"), after["assigned_attache_id"]):
        if attache_id is not None:
            users.add(attache_id)
    body_id = after["referred_body_id"]
    if body_id is not None and after["status"] in (DisputeStatus.REFERRED,
                                                   DisputeStatus.DECIDED):
        users.update(await attache_service.settlement_body_members(
            uow, settlement_body_id=body_id))
    if actor.user_id is not None:
        users.discard(actor.user_id)
    return sorted(users)


async def _notify_parties(uow: UnitOfWork, *, before: DisputeRow, after: DisputeRow,
                          actor: Principal, kind: str, subject: str, body: str,
                          params: dict[str, Any], dedupe: str | None = None) -> None:
    """One notice to each person concerned and to the agency; never any personal data."""
    for user_id in await _recipients(uow, before, after, actor):
        await notifications.notify(uow.conn, audience="user", user_id=user_id, kind=kind,
                                   subject=subject, body=body, params=params,
                                   dedupe_key=f"{dedupe}:user:{user_id}" if dedupe else None)
    if after["agency_id"] is None:
        return  # a recruiter not in the register has no inbox here
    await notifications.notify(uow.conn, audience="agency", agency_id=after["agency_id"],
                               kind=kind, subject=subject, body=body, params=params,
                               dedupe_key=f"{dedupe}:agency" if dedupe else None)


async def _notify_step(uow: UnitOfWork, *, before: DisputeRow, after: DisputeRow,
                       action: DisputeAction | Literal["file"], actor: Principal,
                       dedupe: str | None = None) -> None:
    """Tell everyone concerned about a step, and the regulators about a queue."""
    words = "filed" if action == "file" else _ACTION_WORDS[action]
    body = f"The case is now {_words(after['status'])}."
    stage = deadline = None
    if after["stage_deadline"] is not None:
        stage = STAGE_OF[DisputeStatus(after["status"])]
        deadline = f"{after['stage_deadline']:%Y-%m-%d %H:%M}"
        body += f" The {stage} deadline is {deadline} UTC."
    award: dict[str, Any] = {}
    if action in (DisputeAction.DECIDE, DisputeAction.RESOLVE):
        # A decision's notice says what was awarded, who pays and by when, not only that
        # the case is decided.
        award = dict.fromkeys(("award", "currency", "payer", "payment_due"))
        outcome = await repo.get_outcome(uow.conn, after["id"])
        if outcome is not None and outcome["awarded_amount"]:
            award = {"award": str(outcome["awarded_amount"]), "currency": outcome["currency"],
                     "payer": outcome["payable_by"],
                     "payment_due": str(outcome["payment_due"])
                     if outcome["payment_due"] else None}
            body += (f" The award is now {award['award']} {award['currency']}, payable by "
                     f"the {award['payer']} by {award['payment_due']}.")
    await _notify_parties(
        uow, before=before, after=after, actor=actor, dedupe=dedupe,
        kind="dispute.filed" if action == "file" else f"dispute.{action.value}",
        subject=f"Dispute {reference(after)} ({_words(after['kind'])}): {words}", body=body,
        params={"case": reference(after), "dispute_kind": after["kind"],
                "dispute_status": after["status"], "stage": stage, "deadline": deadline,
                **award},
    )
    await _notify_queue(uow, before=before, after=after, dedupe=dedupe)


async def _notify_queue(uow: UnitOfWork, *, before: DisputeRow, after: DisputeRow,
                        dedupe: str | None = None) -> None:
    """Tell the regulators when a case starts waiting in one of their queues."""
    if after["queue"] is None or after["queue"] == before.get("queue"):
        return
    why = {"fallback": "no routing rule matched it",
           "supervisor": "nobody in its mission could take it in time"}[after["queue"]]
    await notifications.notify(
        uow.conn, audience="regulator", kind=f"dispute.{after['queue']}_queue",
        subject=f"Dispute {reference(after)} waits in the {after['queue']} queue",
        body=f"The {_words(after['kind'])} case in {after['country']} ({after['region']}) "
             f"needs a person: {why}.",
        dedupe_key=f"{dedupe}:regulator" if dedupe else None,
        params={"case": reference(after), "dispute_kind": after["kind"],
                "country": after["country"], "region": after["region"]},
    )


async def _record_step(uow: UnitOfWork, row: DisputeRow, *, action: str,
                       actor: Principal, from_status: str | None, to_status: str | None,
                       reason: str | None = None, deadline: datetime | None = None,
                       data: dict[str, Any] | None = None) -> None:
    """The step on the case's own timeline and in the audit log."""
    payload = _jsonable(data or {})
    await repo.insert_event(
        uow.conn, dispute_id=row["id"], action=action, from_status=from_status,
        to_status=to_status, actor_user_id=actor.user_id, actor_role=actor.role,
        reason=reason, deadline=deadline, data=payload,
    )
    await audit.record(
        uow.conn, actor=actor, entity_type="dispute", entity_id=row["id"],
        agency_id=row["agency_id"], action=action, from_state=from_status,
        to_state=to_status, reason=reason,
        data=payload | ({"deadline": deadline.isoformat()} if deadline else {}),
    )


async def _move(uow: UnitOfWork, row: DisputeRow, action: DisputeAction, *,
                actor: Principal, now: datetime, reason: str | None = None,
                changes: dict[str, Any] | None = None, data: dict[str, Any] | None = None,
                dedupe: str | None = None) -> DisputeRow:
    """Take one step of the state machine: new state and stage deadline, the timeline,
    the audit log and the notices, all in the caller's transaction."""
    status = DisputeStatus(row["status"])
    target = next_status(status, action)
    deadline = deadline_after(action, target, now=now, current=row["stage_deadline"],
                              days=_days())
    all_changes = {"status": target.value, "stage_deadline": deadline, **(changes or {})}
    await repo.update_dispute(uow.conn, row["id"], **all_changes)
    await _record_step(uow, row, action=action.value, actor=actor, from_status=status.value,
                       to_status=target.value, reason=reason, deadline=deadline, data=data)
    # The row as the update left it.
    after = cast(DisputeRow, row | all_changes | {"version": row["version"] + 1})
    await _notify_step(uow, before=row, after=after, action=action, actor=actor,
                       dedupe=dedupe)
    return after
