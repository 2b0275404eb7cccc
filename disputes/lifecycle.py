"""The case lifecycle: each step checked and previewed, decisions and mediation results
corrected within their window, and overdue cases escalated."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, cast

from core.auth import SYSTEM, Principal, Role
from core.config import get_settings
from core.db import UnitOfWork
from disputes import outcomes
from disputes import repository as repo
from disputes.cases import (
    _ACTION_WORDS,
    _agency_name,
    _money,
    _visible_row,
    _words,
    dispute_out,
    parties_of,
    reference,
)
from disputes.exceptions import (
    Conflict,
    CorrectionWindowClosed,
    InvalidInput,
    NotAllowed,
    StaleVersion,
)
from disputes.routing import body_takes
from disputes.routing_decisions import _body, _case, _competent_body, _pick_attache
from disputes.rows import DisputeRow, FindingRow, OutcomeRow
from disputes.rules import (
    ACTORS,
    OUTCOME_ACTIONS,
    REASON_REQUIRED,
    STAGE_OF,
    CorrectionRefusal,
    DisputeAction,
    DisputeStatus,
    FindingLine,
    Party,
    correctable_until,
    correction_refusal,
    is_overdue,
    next_status,
    upheld_against_agency,
    who_corrects,
    who_may,
)
from disputes.schemas import (
    DecisionNextOut,
    DecisionPartiesOut,
    DecisionPreviewOut,
    DisputeOut,
    DisputeTransitionIn,
    OutcomeCorrectionIn,
    OutcomeTermsOut,
)
from disputes.steps import _move, _notify_parties, _recipients, _record_step
from missions import service as attache_service
from registry import service as registry_service

_STEP_FIELDS: dict[str, frozenset[DisputeAction]] = {
    "mission_id": frozenset({DisputeAction.ASSIGN, DisputeAction.REASSIGN}),
    "attache_id": frozenset({DisputeAction.ASSIGN, DisputeAction.REASSIGN}),
    "settlement_body_id": frozenset({DisputeAction.ASSIGN, DisputeAction.REASSIGN,
                                     DisputeAction.REFER}),
    "outcome": OUTCOME_ACTIONS,
}


async def _check_body(uow: UnitOfWork, body_id: int, row: DisputeRow) -> None:
    body = await attache_service.get_settlement_body(uow, settlement_body_id=body_id)
    if body is None:
        raise InvalidInput("settlement_body_id", "settlement_body.missing", body_id=body_id)
    if not body_takes(_body(body), _case(row)):
        raise InvalidInput(
            "settlement_body_id",
            "settlement_body.not_for_case_in" if body["regions"]
            else "settlement_body.not_for_case", body_id=body_id, kind=row["kind"],
            region=row["region"], country=row["country"], body_country=body["country"],
            body_regions=body["regions"], body_kinds=body["dispute_kinds"])


async def _assignment(uow: UnitOfWork, row: DisputeRow, command: DisputeTransitionIn,
                      actor: Principal, now: datetime) -> tuple[dict[str, Any], dict[str, Any]]:
    """A regulator places a case by hand: a mission of the case's country, its attaché
    (the least loaded when none is named) and the competent settlement body."""
    mission_id = command.mission_id or row["mission_id"]
    if mission_id is None:
        raise InvalidInput("mission_id", "dispute.no_mission_placed")
    mission = await attache_service.get_mission(uow, mission_id=mission_id)
    if mission is None:
        raise InvalidInput("mission_id", "mission.missing", mission_id=mission_id)
    if mission["country"] != row["country"]:
        raise InvalidInput("mission_id", "mission.not_case_country", mission_id=mission_id,
                           mission_country=mission['country'], country=row['country'])
    body_id: int | None
    if command.settlement_body_id is not None:
        await _check_body(uow, command.settlement_body_id, row)
        body_id = command.settlement_body_id
    elif mission_id == row["mission_id"] and row["settlement_body_id"] is not None:
        body_id = row["settlement_body_id"]
    else:
        body_id = await _competent_body(uow, _case(row))
    current = row["assigned_attache_id"]
    attache_id, loads = await _pick_attache(uow, mission_id,
                                            exclude=[current] if current else [])
    if command.attache_id is not None:
        if command.attache_id not in loads:
            raise InvalidInput("attache_id", "dispute.not_mission_attache",
                               attache_id=command.attache_id, mission_id=mission_id)
        if command.attache_id == current:
            raise InvalidInput("attache_id", "dispute.already_assigned", attache_id=current)
        attache_id = command.attache_id
    if attache_id is None:
        raise Conflict("mission.no_other_attache" if current else "mission.no_attache",
                       mission_id=mission_id)
    decision = await repo.insert_decision(
        uow.conn, dispute_id=row["id"], kind="manual", mission_id=mission_id,
        settlement_body_id=body_id, attache_id=attache_id,
        open_cases={str(k): v for k, v in loads.items()},
        explanation=f"placed by hand by {actor.label}"
        + (f": {command.reason}" if command.reason else ""),
        facts={"by": actor.label, "reason": command.reason},
        decided_by_user_id=actor.user_id, decided_by_role=actor.role,
    )
    changes = {"mission_id": mission_id, "settlement_body_id": body_id,
               "assigned_attache_id": attache_id, "assigned_at": now, "queue": None}
    data = {"routing_decision_id": decision["id"], "mission_id": mission_id,
            "settlement_body_id": body_id, "from_attache_id": current,
            "attache_id": attache_id}
    return changes, data


def _check_step(row: DisputeRow, command: DisputeTransitionIn, actor: Principal
                ) -> DisputeAction:
    """The checks every step passes before anything is read further or written."""
    if command.expected_version is not None and command.expected_version != row["version"]:
        raise StaleVersion(expected=command.expected_version, actual=row["version"])
    action = command.action
    next_status(DisputeStatus(row["status"]), action)  # IllegalTransition names the moves
    parties = parties_of(actor, row)
    if not ACTORS[action] & parties:
        raise NotAllowed("dispute.step_not_yours", who=who_may(action), action=action.value)
    if action in REASON_REQUIRED and not command.reason:
        raise InvalidInput("reason", "dispute.reason_required", action=action.value)
    for field, actions in _STEP_FIELDS.items():
        if getattr(command, field) is not None and action not in actions:
            raise InvalidInput(field, "dispute.field_not_for_step", field_name=field,
                               action=action.value)
    if action in OUTCOME_ACTIONS and command.outcome is None:
        raise InvalidInput("outcome", "dispute.outcome_required", action=action.value)
    return action


def _plan_step_outcome(row: DisputeRow, command: DisputeTransitionIn, today: date
                       ) -> outcomes.OutcomePlan:
    assert command.outcome is not None
    decide = command.action == DisputeAction.DECIDE
    return outcomes.plan_outcome(
        row, command.outcome, decided_in="settlement_body" if decide else "mediation",
        body_id=row["referred_body_id"] if decide else None, today=today)


async def preview_transition(
    uow: UnitOfWork, *, dispute_id: int, command: DisputeTransitionIn, actor: Principal,
    now: datetime, today: date,
) -> DecisionPreviewOut:
    """What resolving or deciding a case would record and what would follow, checked as
    the step itself is; nothing is written."""
    row, _ = await _visible_row(uow, dispute_id, actor)
    action = _check_step(row, command, actor)
    if action not in OUTCOME_ACTIONS:
        raise InvalidInput("action", "dispute.preview_decisions_only")
    plan = _plan_step_outcome(row, command, today)
    after = row | {"status": next_status(DisputeStatus(row["status"]), action).value}
    return await _decision_preview(uow, row, after, plan, actor=actor, action=action,
                                   previous=None, reason=command.reason, now=now,
                                   recorded_at=now)


async def transition_dispute(
    uow: UnitOfWork, *, dispute_id: int, command: DisputeTransitionIn, actor: Principal,
    now: datetime, today: date,
) -> DisputeOut:
    """Move a case through its lifecycle; each step is checked in disputes.rules, locked,
    versioned, audited and told to everyone concerned. A decision is recorded only when
    confirmed."""
    row, access = await _visible_row(uow, dispute_id, actor, for_update=True)
    action = _check_step(row, command, actor)
    if action in OUTCOME_ACTIONS and not command.confirm:
        raise InvalidInput("confirm", "dispute.confirm_step", step=_ACTION_WORDS[action],
                           action=action.value)

    changes: dict[str, Any] = {}
    data: dict[str, Any] = {}
    if action in (DisputeAction.ASSIGN, DisputeAction.REASSIGN):
        changes, data = await _assignment(uow, row, command, actor, now)
    elif action == DisputeAction.ACKNOWLEDGE:
        changes = {"acknowledged_at": now, "acknowledged_by": actor.user_id,
                   "acknowledge_interval": now - (row["assigned_at"] or row["filed_at"])}
    elif action == DisputeAction.REFER:
        body_id = command.settlement_body_id or row["settlement_body_id"]
        if body_id is None:
            body_id = await _competent_body(uow, _case(row))
        if body_id is None:
            raise InvalidInput("settlement_body_id", "settlement_body.none_for_case",
                               country=row['country'], kind=row["kind"], region=row['region'])
        await _check_body(uow, body_id, row)
        changes = {"referred_body_id": body_id}
        data = {"settlement_body_id": body_id}
    elif action in OUTCOME_ACTIONS:
        plan = _plan_step_outcome(row, command, today)
        data = await outcomes.record_outcome(uow, row, plan, reference=reference(row),
                                             actor=actor)
        changes = {"concluded_at": now, "concluded_by_attache_id": row["assigned_attache_id"],
                   "queue": None}
    elif action in (DisputeAction.CLOSE, DisputeAction.WITHDRAW):
        changes = {"closed_at": now, "queue": None}
    after = await _move(uow, row, action, actor=actor, now=now, reason=command.reason,
                        changes=changes, data=data)
    if (action in OUTCOME_ACTIONS or action in (DisputeAction.WITHDRAW, DisputeAction.CLOSE)) \
            and row["agency_id"] is not None:
        # Findings change the agency's rating; withdrawals and closings the disputes shown
        # beside it.
        await registry_service.agency_record_changed(
            uow, agency_id=row["agency_id"], cause=f"dispute.{action.value}")
    return await dispute_out(uow, after | {"updated_at": now}, actor, access, now=now,
                             today=today)


async def _notice_audiences(uow: UnitOfWork, before: DisputeRow, after: DisputeRow,
                            actor: Principal) -> list[str]:
    """Who the notices of a step reach, by group, in the order a person reads them."""
    users = set(await _recipients(uow, before, after, actor))
    groups = set()
    for user_id in users:
        if user_id == after["migrant_user_id"]:
            groups.add("migrant")
        elif after["filed_by_role"] == Role.CENTRE_STAFF and \
                user_id == after["filed_by_user_id"]:
            groups.add("centre")
        elif user_id in (before.get("assigned_attache_id"), after["assigned_attache_id"]):
            groups.add("attache")
        else:
            groups.add("settlement_body")
    order = ("migrant", "centre", "attache", "settlement_body")
    return [g for g in order if g in groups] + ["agency"]


async def _decision_preview(
    uow: UnitOfWork, row: DisputeRow, after: DisputeRow, plan: outcomes.OutcomePlan,
    *, actor: Principal, action: DisputeAction | None, previous: OutcomeTermsOut | None,
    reason: str | None, now: datetime, recorded_at: datetime,
) -> DecisionPreviewOut:
    terms = plan.terms()
    before_count = upheld_against_agency(
        [FindingLine(f.against, f.summary) for f in previous.findings]) if previous else 0
    listed = any(f.watchlist_employer for f in plan.findings)
    return DecisionPreviewOut(
        dispute_id=row["id"], reference=reference(row),
        kind="record" if previous is None else "correction", action=action,
        version=plan.version,
        parties=DecisionPartiesOut(
            complainant=row["complainant_name"], agency_id=row["agency_id"],
            agency_name=await _agency_name(uow, row["agency_id"]),
            employer_name=row["employer_name"], decided_in=plan.decided_in,
            settlement_body_id=plan.settlement_body_id,
            claimed=_money(row["claimed_amount"], row["claimed_currency"])),
        outcome=terms, previous=previous,
        changed=outcomes.changed_parts(previous, terms) if previous else [],
        reason=reason,
        next=DecisionNextOut(
            status_after=DisputeStatus(after["status"]),
            notices=await _notice_audiences(uow, row, after, actor),
            payable_by=plan.payable_by, payment_due=plan.payment_due,
            deposit_answers=plan.payable_by == "agency",
            watchlist_employer=row["employer_name"] if listed else None,
            rating_findings_before=before_count,
            rating_findings_after=upheld_against_agency(plan.findings),
            correctable_until=correctable_until(
                recorded_at, get_settings().decision_correction_days),
        ),
    )


async def _correction_plan(uow: UnitOfWork, row: DisputeRow, data: OutcomeCorrectionIn,
                           actor: Principal, *, now: datetime, today: date, lock: bool
                           ) -> tuple[OutcomeRow, list[FindingRow],
                                      outcomes.OutcomePlan]:
    """The decision in force, its findings and the corrected version, once it is certain
    that this actor may correct it now."""
    current = await repo.get_outcome(uow.conn, row["id"], for_update=lock)
    if current is None:
        raise Conflict("dispute.no_decision")
    days = get_settings().decision_correction_days
    parties = parties_of(actor, row)
    if current["decided_in"] == "settlement_body" and \
            actor.settlement_body_id != current["settlement_body_id"]:
        parties = parties - {Party.SETTLEMENT_BODY}
    refusal = correction_refusal(current["decided_in"], parties,
                                 recorded_at=current["recorded_at"], now=now, days=days)
    if refusal == CorrectionRefusal.NOT_THE_DECIDER:
        raise NotAllowed("decision.not_yours_to_correct", who=who_corrects(current['decided_in']),
                         decided_in=current["decided_in"])
    if refusal == CorrectionRefusal.WINDOW_CLOSED:
        raise CorrectionWindowClosed(recorded_at=current["recorded_at"], days=days,
                                     until=correctable_until(current["recorded_at"], days))
    if data.expected_version is not None and data.expected_version != current["version"]:
        raise StaleVersion(expected=data.expected_version, actual=current["version"],
                           what="decision")
    findings = await repo.list_findings(uow.conn, row["id"])
    plan = outcomes.plan_outcome(
        row, data.outcome, decided_in=current["decided_in"],
        body_id=current["settlement_body_id"], today=today, current=current,
        current_findings=findings,
        recovered=await repo.recovered_by_source(uow.conn, row["id"]))
    if plan.terms() == outcomes.terms_of(current, findings):
        raise InvalidInput("outcome", "decision.correction_unchanged")
    return current, findings, plan


async def preview_correction(uow: UnitOfWork, *, dispute_id: int, data: OutcomeCorrectionIn,
                             actor: Principal, now: datetime, today: date
                             ) -> DecisionPreviewOut:
    """What correcting a decision would record, beside the version in force, and what
    would follow; nothing is written."""
    row, _ = await _visible_row(uow, dispute_id, actor)
    current, findings, plan = await _correction_plan(uow, row, data, actor, now=now,
                                                     today=today, lock=False)
    return await _decision_preview(
        uow, row, row, plan, actor=actor, action=None,
        previous=outcomes.terms_of(current, findings), reason=data.reason, now=now,
        recorded_at=current["recorded_at"])


async def correct_outcome(uow: UnitOfWork, *, dispute_id: int, data: OutcomeCorrectionIn,
                          actor: Principal, now: datetime, today: date) -> DisputeOut:
    """Correct a recorded decision (its own body, within DECISION_CORRECTION_DAYS, with a
    reason): the corrected version is put in force, the first stays in its history and in
    the audit log, the award's payments follow it, and those concerned are told."""
    row, access = await _visible_row(uow, dispute_id, actor, for_update=True)
    current, findings, plan = await _correction_plan(uow, row, data, actor, now=now,
                                                     today=today, lock=True)
    if not data.confirm:
        raise InvalidInput("confirm", "decision.confirm_correction")
    change = await outcomes.record_correction(
        uow, row, plan, current=current, current_findings=findings, reason=data.reason,
        reference=reference(row), actor=actor)
    await repo.update_dispute(uow.conn, row["id"])
    await _record_step(uow, row, action="correct_outcome", actor=actor,
                       from_status=row["status"], to_status=row["status"],
                       reason=data.reason, data=change)
    after = row | {"version": row["version"] + 1, "updated_at": now}
    words = ", ".join(_words(part) for part in change["changed"])
    body = f"Corrected: {words}. Why: {data.reason}"
    if plan.awarded is not None:
        body += (f" The award is now {plan.awarded.amount} {plan.awarded.currency}, payable "
                 f"by the {plan.payable_by} by {plan.payment_due}.")
    await _notify_parties(
        uow, before=row, after=after, actor=actor, kind="dispute.correct_outcome",
        subject=f"Dispute {reference(row)}: the decision was corrected (version "
                f"{plan.version})", body=body,
        params={"case": reference(row), "version": plan.version,
                "changed": list(change["changed"]), "reason": data.reason,
                "award": str(plan.awarded.amount) if plan.awarded else None,
                "currency": plan.awarded.currency if plan.awarded else None,
                "payer": plan.payable_by if plan.awarded else None,
                "payment_due": str(plan.payment_due) if plan.awarded and plan.payment_due
                else None})
    if "findings" in change["changed"] and row["agency_id"] is not None:
        await registry_service.agency_record_changed(uow, agency_id=row["agency_id"],
                                                     cause="dispute.correct_outcome")
    return await dispute_out(uow, after, actor, access, now=now, today=today)


async def overdue_disputes(uow: UnitOfWork, *, now: datetime) -> list[int]:
    """The open cases whose stage deadline has passed."""
    return await repo.overdue_ids(uow.conn, now=now)


async def escalate_dispute(uow: UnitOfWork, *, dispute_id: int, now: datetime) -> bool:
    """Escalate one overdue case: to another attaché of its mission (the least loaded), or,
    when there is none or a settlement body is late, to the supervisors' queue. Each missed
    deadline is escalated once; False when there was nothing to do."""
    row = await repo.get_dispute(uow.conn, dispute_id, for_update=True)
    # Re-read under the lock: someone may have moved the case meanwhile.
    if row is None or not is_overdue(row["stage_deadline"], now) or \
            DisputeStatus(row["status"]) not in STAGE_OF:
        return False
    return await _escalate(uow, row, now=now)


async def _escalate(uow: UnitOfWork, row: DisputeRow, *, now: datetime) -> bool:
    status = DisputeStatus(row["status"])
    missed = cast(datetime, row["stage_deadline"])  # overdue, so set
    current = row["assigned_attache_id"]
    reason = f"the {STAGE_OF[status]} deadline of {missed:%Y-%m-%d %H:%M} UTC passed"
    to_attache: int | None = None
    loads: dict[int, int] = {}
    if status != DisputeStatus.REFERRED and row["mission_id"] is not None:
        to_attache, loads = await _pick_attache(uow, row["mission_id"],
                                                exclude=[current] if current else [])
    escalation = await repo.insert_escalation(
        uow.conn, dispute_id=row["id"], status=status.value, missed_deadline=missed,
        from_attache_id=current, to_attache_id=to_attache,
        to_queue=None if to_attache else "supervisor",
    )
    if escalation is None:
        return False
    data: dict[str, Any] = {"escalation_id": escalation["id"], "missed_deadline": missed,
                            "from_attache_id": current}
    dedupe = f"dispute-escalation:{escalation['id']}"
    if to_attache is not None:
        decision = await repo.insert_decision(
            uow.conn, dispute_id=row["id"], kind="escalation", mission_id=row["mission_id"],
            settlement_body_id=row["settlement_body_id"], attache_id=to_attache,
            open_cases={str(k): v for k, v in loads.items()},
            explanation=f"{reason}; reassigned to the mission's attaché with the fewest open "
                        "cases", decided_by_role=SYSTEM.role,
            facts={"stage": STAGE_OF[status], "missed_deadline": missed.isoformat()},
        )
        await _move(uow, row, DisputeAction.REASSIGN, actor=SYSTEM, now=now, reason=reason,
                    changes={"assigned_attache_id": to_attache, "assigned_at": now,
                             "escalation_count": row["escalation_count"] + 1, "queue": None},
                    data=data | {"to_attache_id": to_attache,
                                 "routing_decision_id": decision["id"]}, dedupe=dedupe)
    else:
        await _move(uow, row, DisputeAction.ESCALATE, actor=SYSTEM, now=now, reason=reason,
                    changes={"queue": "supervisor",
                             "escalation_count": row["escalation_count"] + 1},
                    data=data | {"to_queue": "supervisor"}, dedupe=dedupe)
    return True
