"""Dispute use cases: intake, routing, the lifecycle with deadlines and escalation, evidence,
outcomes and the agencies' security deposits. Each takes the caller's unit of work and never
commits."""

from __future__ import annotations

import asyncio
import dataclasses
import json
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from core import audit, notifications
from core.auth import SYSTEM, Principal, Role
from core.config import get_settings
from core.db import UnitOfWork
from core.validation import Money
from disputes import evidence as evidence_store
from disputes import outcomes
from disputes import repository as repo
from disputes.exceptions import (
    AlreadyOpen,
    CaseOver,
    Conflict,
    CorrectionWindowClosed,
    EvidenceRejected,
    InvalidInput,
    NotAllowed,
    NotFound,
    PartyRefused,
    StaleVersion,
)
from disputes.recruiter_rules import person_key, phone_is_plausible, phone_key
from disputes.routing import (
    Body,
    Case,
    Rule,
    body_takes,
    choose_rule,
    choose_settlement_body,
    explain,
    least_loaded,
    region_key,
)
from disputes.rules import (
    ACTORS,
    OPEN_STATES,
    OUTCOME_ACTIONS,
    REASON_REQUIRED,
    STAGE_OF,
    CorrectionRefusal,
    DisputeAction,
    DisputeKind,
    DisputeStatus,
    FindingLine,
    Party,
    StageDays,
    Terms,
    TermValue,
    allowed_actions,
    compare_terms,
    complainant_key,
    correctable_until,
    correction_refusal,
    deadline_after,
    event_data_for,
    is_overdue,
    next_status,
    party_key,
    upheld_against_agency,
    who_corrects,
    who_may,
)
from disputes.schemas import (
    AmountRange,
    CaseloadOut,
    ComplainantOut,
    DecisionNextOut,
    DecisionPartiesOut,
    DecisionPreviewOut,
    DepositDrawPreviewOut,
    DepositMovementOut,
    DepositOut,
    DisputeIn,
    DisputeOut,
    DisputeSummaryOut,
    DisputeTransitionIn,
    EscalationOut,
    EventOut,
    EvidenceOut,
    FiledDisputeOut,
    FindingOut,
    HistoryOut,
    MessageOut,
    OutcomeCorrectionIn,
    OutcomeOut,
    OutcomeTermsOut,
    RecruiterIn,
    RecruiterOut,
    ReportedTermsIn,
    ReportedWage,
    RoutingDecisionOut,
    RoutingOut,
    RoutingRuleIn,
    RoutingRuleOut,
    TermLineOut,
    TermsOut,
    TermValueOut,
)
from labour_attache import service as attache_service
from matching import migrants as migrant_service
from matching import referrals as referral_service
from matching import vacancies as vacancy_service
from matching.exceptions import NotFound as MatchingNotFound
from matching.rules import licence_hold
from registry import service as registry_service
from registry.exceptions import NotFound as RegistryNotFound
from registry.schemas import LicenceOut

_OFFICIALS = {Role.REGULATOR, Role.ADMIN}
_FULL_VIEW = frozenset({Party.OFFICIAL, Party.SYSTEM, Party.ATTACHE, Party.COMPLAINANT})
_EVIDENCE_READERS = _FULL_VIEW | {Party.SETTLEMENT_BODY}
_EVIDENCE_WRITERS = frozenset({Party.OFFICIAL, Party.ATTACHE, Party.COMPLAINANT})
_ROUTING_MARKERS = frozenset({Party.OFFICIAL, Party.ATTACHE, Party.SETTLEMENT_BODY})
_FILERS = {Role.CENTRE_STAFF, Role.MIGRANT, Role.ATTACHE}
_ACTION_WORDS = {
    DisputeAction.ASSIGN: "assigned to a labour attaché",
    DisputeAction.REASSIGN: "reassigned to another labour attaché",
    DisputeAction.ESCALATE: "escalated to the supervisors",
    DisputeAction.ACKNOWLEDGE: "acknowledged",
    DisputeAction.START_MEDIATION: "mediation started",
    DisputeAction.RESOLVE: "resolved in mediation",
    DisputeAction.REFER: "referred to a settlement body",
    DisputeAction.DECIDE: "decided by the settlement body",
    DisputeAction.CLOSE: "closed",
    DisputeAction.WITHDRAW: "withdrawn",
}
Access = Literal["full", "redacted"]
# Asked with the complainant's key before a filing writes anything; raises to refuse it (the
# API's limit on filings per complainant).
Admit = Callable[[str], Awaitable[None]]
CENT = Decimal("0.01")


# --- small helpers -----------------------------------------------------------------------


def reference(row: dict[str, Any]) -> str:
    """The case number people quote: D-<year filed>-<id>."""
    return f"D-{row['filed_at'].year}-{row['id']:05d}"


def _days() -> StageDays:
    settings = get_settings()
    return StageDays(acknowledge=settings.dispute_acknowledge_days,
                     mediation=settings.dispute_mediation_days,
                     decision=settings.dispute_decision_days)


def _jsonable(data: dict[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = json.loads(json.dumps(data, default=str))
    return result


def _money(amount: Decimal | None, currency: str | None) -> Money | None:
    if amount is None or currency is None:
        return None
    return Money(amount=amount, currency=currency)


def _words(value: str) -> str:
    return value.replace("_", " ")


# --- who stands where towards a case -------------------------------------------------------


def parties_of(actor: Principal, row: dict[str, Any]) -> frozenset[Party]:
    """How the actor stands towards this case (possibly in several ways, or none)."""
    parties: set[Party] = set()
    if actor.is_system:
        parties.add(Party.SYSTEM)
    if actor.role in _OFFICIALS:
        parties.add(Party.OFFICIAL)
    if actor.role == Role.ATTACHE and actor.user_id is not None and \
            actor.user_id == row["assigned_attache_id"]:
        parties.add(Party.ATTACHE)
    if actor.role == Role.SETTLEMENT_BODY and actor.settlement_body_id is not None and \
            actor.settlement_body_id == row["referred_body_id"]:
        parties.add(Party.SETTLEMENT_BODY)
    if actor.role == Role.MIGRANT and actor.user_id is not None and \
            actor.user_id == row["migrant_user_id"]:
        parties.add(Party.COMPLAINANT)
    if actor.role == Role.CENTRE_STAFF and actor.centre_id is not None and \
            actor.centre_id == row["filing_centre_id"]:
        parties.add(Party.COMPLAINANT)
    return frozenset(parties)


def _access(actor: Principal, row: dict[str, Any]) -> Access | None:
    """The migrant, the centre that filed, the assigned attaché and officials see the whole
    case; the agency concerned and the settlement body it was referred to see it without
    the complainant's contacts; nobody else sees it at all."""
    parties = parties_of(actor, row)
    if parties & _FULL_VIEW:
        return "full"
    if Party.SETTLEMENT_BODY in parties:
        return "redacted"
    if actor.role == Role.AGENCY_STAFF and actor.agency_id is not None and \
            actor.agency_id == row["agency_id"]:
        return "redacted"
    return None


async def _visible_row(uow: UnitOfWork, dispute_id: int, actor: Principal, *,
                       for_update: bool = False) -> tuple[dict[str, Any], Access]:
    row = await repo.get_dispute(uow.conn, dispute_id, for_update=for_update)
    access = _access(actor, row) if row is not None else None
    if row is None or access is None:
        # Someone else's case reads as absent, so ids cannot be probed.
        raise NotFound("dispute", dispute_id)
    return row, access


# --- shaping -----------------------------------------------------------------------------


def _summary_fields(row: dict[str, Any], now: datetime) -> dict[str, Any]:
    status = DisputeStatus(row["status"])
    return {
        "id": row["id"], "reference": reference(row), "kind": DisputeKind(row["kind"]),
        "status": status, "agency_id": row["agency_id"], "country": row["country"],
        "region": row["region"],
        "claimed": _money(row["claimed_amount"], row["claimed_currency"]),
        "mission_id": row["mission_id"], "assigned_attache_id": row["assigned_attache_id"],
        "queue": row["queue"], "stage": STAGE_OF.get(status) if row["stage_deadline"] else None,
        "stage_deadline": row["stage_deadline"],
        "overdue": is_overdue(row["stage_deadline"], now),
        "escalation_count": row["escalation_count"], "filed_at": row["filed_at"],
        "updated_at": row["updated_at"],
    }


def summary_out(row: dict[str, Any], now: datetime) -> DisputeSummaryOut:
    return DisputeSummaryOut(**_summary_fields(row, now))


def _reported(row: dict[str, Any]) -> ReportedTermsIn | None:
    wage = None
    if row["reported_wage_amount"] is not None:
        wage = ReportedWage(amount=row["reported_wage_amount"],
                            currency=row["reported_wage_currency"],
                            period=row["reported_wage_period"])
    terms = ReportedTermsIn(
        wage=wage, hours_per_week=row["reported_hours_per_week"],
        housing=row["reported_housing"], meals=row["reported_meals"],
        fee_paid=_money(row["reported_fee_amount"], row["reported_fee_currency"]),
    )
    return terms if terms.model_dump(exclude_none=True) else None


def _term_value_out(value: TermValue | None) -> TermValueOut | None:
    return None if value is None else TermValueOut(**dataclasses.asdict(value))


async def _terms(uow: UnitOfWork, row: dict[str, Any], today: date) -> TermsOut | None:
    """The verified vacancy's terms beside what the migrant reports."""
    if row["vacancy_id"] is None:
        return None
    try:
        vacancy = await vacancy_service.get_vacancy(uow, vacancy_id=row["vacancy_id"],
                                                    actor=SYSTEM, today=today)
    except MatchingNotFound:
        return None
    promised = Terms(
        wage_amount=vacancy.wage.amount, wage_currency=vacancy.wage.currency,
        wage_period=vacancy.wage.period, hours_per_week=vacancy.hours_per_week,
        housing=vacancy.housing, meals=vacancy.meals,
        fee_amount=vacancy.worker_fee.amount if vacancy.worker_fee else Decimal(0),
        fee_currency=vacancy.worker_fee.currency if vacancy.worker_fee else None,
    )
    reported = Terms(
        wage_amount=row["reported_wage_amount"], wage_currency=row["reported_wage_currency"],
        wage_period=row["reported_wage_period"],
        hours_per_week=row["reported_hours_per_week"], housing=row["reported_housing"],
        meals=row["reported_meals"], fee_amount=row["reported_fee_amount"],
        fee_currency=row["reported_fee_currency"],
    )
    lines = compare_terms(promised, reported)
    return TermsOut(
        vacancy_id=vacancy.id, vacancy_title=vacancy.title,
        vacancy_verified=vacancy.verification_code is not None,
        lines=[TermLineOut(term=ln.term, promised=ln.promised, reported=ln.reported,
                           differs=ln.differs, worse=ln.worse,
                           promised_value=_term_value_out(ln.promised_value),
                           reported_value=_term_value_out(ln.reported_value))
               for ln in lines],
        substitution_suspected=any(ln.worse for ln in lines),
    )


async def _outcome_out(uow: UnitOfWork, dispute_id: int, actor: Principal,
                       parties: frozenset[Party], now: datetime) -> OutcomeOut | None:
    row = await repo.get_outcome(uow.conn, dispute_id)
    if row is None:
        return None
    currency = row["currency"]
    findings = await repo.list_findings(uow.conn, dispute_id)
    days = get_settings().decision_correction_days
    if row["decided_in"] == "settlement_body" and \
            actor.settlement_body_id != row["settlement_body_id"]:
        parties = parties - {Party.SETTLEMENT_BODY}
    return OutcomeOut(
        decided_in=row["decided_in"], settlement_body_id=row["settlement_body_id"],
        summary=row["summary"], awarded=_money(row["awarded_amount"], currency),
        recovered=_money(row["recovered_amount"], currency),
        outstanding=_money(row["awarded_amount"] - row["recovered_amount"], currency),
        payable_by=row["payable_by"], payment_due=row["payment_due"],
        findings=[FindingOut(**{k: f[k] for k in FindingOut.model_fields}) for f in findings],
        recorded_at=row["recorded_at"], version=row["version"],
        correctable_until=correctable_until(row["recorded_at"], days),
        may_correct=correction_refusal(row["decided_in"], parties,
                                       recorded_at=row["recorded_at"], now=now,
                                       days=days) is None,
        versions=await outcomes.versions(uow, dispute_id),
    )


def _evidence_out(row: dict[str, Any]) -> EvidenceOut:
    # Files kept before names followed the content carry the uploader's extension.
    return EvidenceOut(**{k: row[k] for k in EvidenceOut.model_fields} | {
        "filename": evidence_store.named_as(row["filename"], row["content_type"])})


def _routing_out(row: dict[str, Any]) -> RoutingOut:
    return RoutingOut(decision_id=row["id"],
                      **{k: row[k] for k in RoutingOut.model_fields if k != "decision_id"})


async def _agency_name(uow: UnitOfWork, agency_id: int | None) -> str | None:
    if agency_id is None:
        return None
    agency = await registry_service.get_agency(uow, agency_id=agency_id, actor=SYSTEM)
    return agency.legal_name


async def _recruiter_out(uow: UnitOfWork, row: dict[str, Any]) -> RecruiterOut | None:
    """The recruiter not in the register a case is against (None for an agency's case)."""
    if row["agency_id"] is not None:
        return None
    found = await repo.get_recruiter(uow.conn, row["id"])
    return RecruiterOut(**{k: found[k] for k in RecruiterOut.model_fields}) if found else None


async def dispute_out(uow: UnitOfWork, row: dict[str, Any], actor: Principal, access: Access,
                      *, now: datetime, today: date) -> DisputeOut:
    """The case as this actor may see it."""
    parties = parties_of(actor, row)
    full = access == "full"
    decision = await repo.latest_decision(uow.conn, row["id"])
    evidence = (await repo.list_evidence(uow.conn, row["id"])
                if parties & _EVIDENCE_READERS else [])
    return DisputeOut(
        **_summary_fields(row, now),
        version=row["version"], agency_name=await _agency_name(uow, row["agency_id"]),
        recruiter=await _recruiter_out(uow, row),
        employer_id=row["employer_id"], employer_name=row["employer_name"],
        vacancy_id=row["vacancy_id"], referral_id=row["referral_id"],
        migrant_id=row["migrant_id"] if full else None,
        filed_by_role=row["filed_by_role"], filing_centre_id=row["filing_centre_id"],
        complainant=ComplainantOut(
            full_name=row["complainant_name"],
            phone=row["complainant_phone"] if full else None,
            email=row["complainant_email"] if full else None,
        ),
        description=row["description"], reported_terms=_reported(row),
        terms=await _terms(uow, row, today),
        settlement_body_id=row["settlement_body_id"], referred_body_id=row["referred_body_id"],
        routing=_routing_out(decision) if decision else None,
        outcome=await _outcome_out(uow, row["id"], actor, parties, now),
        evidence=[_evidence_out(e) for e in evidence],
        allowed_actions=allowed_actions(DisputeStatus(row["status"]), parties),
    )


# --- notices -----------------------------------------------------------------------------


async def _recipients(uow: UnitOfWork, before: dict[str, Any], after: dict[str, Any],
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


async def _notify_parties(uow: UnitOfWork, *, before: dict[str, Any], after: dict[str, Any],
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


async def _notify_step(uow: UnitOfWork, *, before: dict[str, Any], after: dict[str, Any],
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
    await _notify_parties(
        uow, before=before, after=after, actor=actor, dedupe=dedupe,
        kind="dispute.filed" if action == "file" else f"dispute.{action.value}",
        subject=f"Dispute {reference(after)} ({_words(after['kind'])}): {words}", body=body,
        params={"case": reference(after), "dispute_kind": after["kind"],
                "dispute_status": after["status"], "stage": stage, "deadline": deadline},
    )
    await _notify_queue(uow, before=before, after=after, dedupe=dedupe)


async def _notify_queue(uow: UnitOfWork, *, before: dict[str, Any], after: dict[str, Any],
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


# --- moving a case -----------------------------------------------------------------------


async def _record_step(uow: UnitOfWork, row: dict[str, Any], *, action: str,
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


async def _move(uow: UnitOfWork, row: dict[str, Any], action: DisputeAction, *,
                actor: Principal, now: datetime, reason: str | None = None,
                changes: dict[str, Any] | None = None, data: dict[str, Any] | None = None,
                dedupe: str | None = None) -> dict[str, Any]:
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
    after = row | all_changes | {"version": row["version"] + 1}
    await _notify_step(uow, before=row, after=after, action=action, actor=actor,
                       dedupe=dedupe)
    return after


# --- routing -----------------------------------------------------------------------------


def _case(row: dict[str, Any]) -> Case:
    return Case(country=row["country"], region_key=row["region_key"], kind=row["kind"],
                amount=row["claimed_amount"], currency=row["claimed_currency"])


def _rule(row: dict[str, Any]) -> Rule:
    return Rule(
        id=row["id"], country=row["country"], mission_id=row["mission_id"],
        region_key=row["region_key"],
        kinds=frozenset(row["kinds"]) if row["kinds"] is not None else None,
        min_amount=row["min_amount"], max_amount=row["max_amount"], currency=row["currency"],
        priority=row["priority"], settlement_body_id=row["settlement_body_id"],
    )


def _body(row: dict[str, Any]) -> Body:
    return Body(id=row["id"], country=row["country"],
                region_keys=frozenset(region_key(r) for r in row["regions"]),
                dispute_kinds=frozenset(row["dispute_kinds"]))


def _rule_snapshot(row: dict[str, Any]) -> dict[str, Any]:
    """The rule as it was when it decided, so later edits do not rewrite history."""
    keys = ("id", "name", "country", "region", "kinds", "min_amount", "max_amount",
            "currency", "mission_id", "settlement_body_id", "priority", "version")
    return _jsonable({k: row[k] for k in keys})


async def _competent_body(uow: UnitOfWork, case: Case) -> int | None:
    bodies = await attache_service.list_settlement_bodies(uow, country=case.country)
    chosen = choose_settlement_body([_body(b) for b in bodies], case)
    return chosen.id if chosen else None


async def _pick_attache(uow: UnitOfWork, mission_id: int, *, exclude: Sequence[int] = ()
                        ) -> tuple[int | None, dict[int, int]]:
    """The mission's attaché with the fewest open cases, and everyone's open cases."""
    await repo.lock_mission_assignment(uow.conn, mission_id)
    attaches = await attache_service.mission_attaches(uow, mission_id=mission_id)
    loads = await repo.open_case_counts(uow.conn, [a["id"] for a in attaches])
    return least_loaded(loads, exclude=exclude), loads


async def _route(uow: UnitOfWork, row: dict[str, Any], *, now: datetime) -> dict[str, Any]:
    """Route a filed case by the regulators' rules: the mission, the competent settlement
    body and the attaché with the fewest open cases; no rule means the fallback queue."""
    conn = uow.conn
    case = _case(row)
    rule_rows = await repo.list_rules(conn, country=row["country"], active=True)
    chosen = choose_rule([_rule(r) for r in rule_rows], case)
    explanation = explain(chosen, case, len(rule_rows))
    if chosen is None:
        decision = await repo.insert_decision(
            conn, dispute_id=row["id"], kind="fallback", explanation=explanation,
            decided_by_role=SYSTEM.role, open_cases={},
        )
        await repo.update_dispute(conn, row["id"], queue="fallback")
        await _record_step(uow, row, action="route", actor=SYSTEM, from_status=row["status"],
                           to_status=row["status"],
                           data={"routing_decision_id": decision["id"], "queue": "fallback"})
        after = row | {"queue": "fallback", "version": row["version"] + 1}
        await _notify_queue(uow, before=row, after=after)
        return after

    rule_row = next(r for r in rule_rows if r["id"] == chosen.id)
    body_id = chosen.settlement_body_id or await _competent_body(uow, case)
    attache_id, loads = await _pick_attache(uow, chosen.mission_id)
    if attache_id is None:
        explanation += f"; mission {chosen.mission_id} has no attaché, so the case waits in " \
                       "the supervisor queue"
    decision = await repo.insert_decision(
        conn, dispute_id=row["id"], kind="rule", rule_id=chosen.id,
        rule_snapshot=_rule_snapshot(rule_row), mission_id=chosen.mission_id,
        settlement_body_id=body_id, attache_id=attache_id,
        open_cases={str(k): v for k, v in loads.items()}, explanation=explanation,
        decided_by_role=SYSTEM.role,
    )
    placed = {"mission_id": chosen.mission_id, "settlement_body_id": body_id}
    data = {"routing_decision_id": decision["id"], "rule_id": chosen.id, **placed}
    if attache_id is None:
        changes = placed | {"queue": "supervisor"}
        await repo.update_dispute(conn, row["id"], **changes)
        await _record_step(uow, row, action="route", actor=SYSTEM, from_status=row["status"],
                           to_status=row["status"], data=data | {"queue": "supervisor"})
        after = row | changes | {"version": row["version"] + 1}
        await _notify_queue(uow, before=row, after=after)
        return after
    return await _move(
        uow, row, DisputeAction.ASSIGN, actor=SYSTEM, now=now,
        changes=placed | {"assigned_attache_id": attache_id, "assigned_at": now,
                          "queue": None},
        data=data | {"attache_id": attache_id},
    )


# --- intake ------------------------------------------------------------------------------


async def _complainant_for(uow: UnitOfWork, data: DisputeIn, actor: Principal
                           ) -> tuple[dict[str, Any], str | None]:
    """Who complains, with the record links the filer may make, and the country the
    complainant comes from (where a recruiter's phone number was given, as far as known)."""
    complainant = data.complainant
    if actor.role == Role.ATTACHE:
        for field in ("migrant_id", "referral_id"):
            if getattr(data, field) is not None:
                raise InvalidInput(field, "dispute.attache_links_nothing")
        if complainant is None:
            raise InvalidInput("complainant", "dispute.complainant_needed")
        mission = await attache_service.get_mission(uow, mission_id=actor.mission_id) \
            if actor.mission_id is not None else None
        country = mission["country"] if mission else None
        if country != data.country:
            raise InvalidInput("country", "dispute.attache_country", mission_country=country,
                               country=data.country)
        return {"migrant_id": None, "migrant_user_id": None, "filing_centre_id": None,
                "complainant_name": complainant.full_name,
                "complainant_phone": complainant.phone,
                "complainant_email": complainant.email}, mission.get("sending_country") \
            if mission else None
    if actor.role == Role.CENTRE_STAFF:
        if data.migrant_id is None:
            raise InvalidInput("migrant_id", "dispute.migrant_needed")
        try:
            migrant = await migrant_service.get_migrant(uow, migrant_id=data.migrant_id,
                                                        actor=actor)
        except MatchingNotFound:
            migrant = None
        if not isinstance(migrant, migrant_service.MigrantOut):
            raise InvalidInput("migrant_id", "dispute.not_centre_migrant",
                               migrant_id=data.migrant_id)
    else:
        try:
            migrant = await migrant_service.get_own_migrant(uow, actor=actor)
        except MatchingNotFound:
            raise Conflict("dispute.sign_in_unlinked") from None
        if data.migrant_id is not None and data.migrant_id != migrant.id:
            raise InvalidInput("migrant_id", "dispute.migrant_self_only")
    return {
        "migrant_id": migrant.id, "migrant_user_id": migrant.user_id,
        "filing_centre_id": actor.centre_id if actor.role == Role.CENTRE_STAFF else None,
        "complainant_name": complainant.full_name if complainant else migrant.full_name,
        "complainant_phone": complainant.phone if complainant else migrant.phone,
        "complainant_email": complainant.email if complainant else migrant.email,
    }, migrant.citizenship


async def _links_for(uow: UnitOfWork, data: DisputeIn, actor: Principal, migrant_id: int | None,
                     today: date) -> dict[str, Any]:
    """The referral, vacancy, agency and employer the case concerns, checked against each
    other. The agency may be any in the register, whatever its licence status; a case
    against a recruiter who is not in the register links none of them."""
    if data.recruiter is not None:
        for field in ("agency_id", "referral_id", "vacancy_id"):
            if getattr(data, field) is not None:
                raise PartyRefused(field, "dispute.two_parties")
        return {"referral_id": None, "vacancy_id": None, "agency_id": None,
                "employer_id": None, "employer_name": data.employer_name,
                "employer_registration_number": data.employer_registration_number}
    vacancy_id, agency_id = data.vacancy_id, data.agency_id
    if data.referral_id is not None:
        try:
            referral = await referral_service.get_referral(
                uow, referral_id=data.referral_id, actor=actor, today=today)
        except MatchingNotFound:
            raise InvalidInput("referral_id", "dispute.referral_not_migrant",
                               referral_id=data.referral_id) from None
        if referral.migrant.id != migrant_id:
            raise InvalidInput("referral_id", "dispute.referral_not_migrant",
                               referral_id=data.referral_id)
        if vacancy_id is not None and vacancy_id != referral.vacancy.id:
            raise InvalidInput("vacancy_id", "dispute.referral_other_vacancy",
                               referral_id=data.referral_id,
                               referral_vacancy_id=referral.vacancy.id, vacancy_id=vacancy_id)
        if agency_id is not None and agency_id != referral.agency_id:
            raise InvalidInput("agency_id", "dispute.referral_other_agency",
                               referral_id=data.referral_id, referral_agency_id=referral.agency_id,
                               agency_id=agency_id)
        vacancy_id, agency_id = referral.vacancy.id, referral.agency_id

    employer_id, employer_name = None, data.employer_name
    if vacancy_id is not None:
        try:
            vacancy = await vacancy_service.get_vacancy(uow, vacancy_id=vacancy_id,
                                                        actor=SYSTEM, today=today)
        except MatchingNotFound:
            vacancy = None
        if vacancy is None or vacancy.verification_code is None:
            # Drafts and unverified offers are not the agencies' word yet; name the agency.
            raise InvalidInput("vacancy_id", "dispute.vacancy_unverified", vacancy_id=vacancy_id)
        if agency_id is not None and agency_id != vacancy.agency_id:
            raise InvalidInput("agency_id", "dispute.vacancy_other_agency", vacancy_id=vacancy_id,
                               vacancy_agency_id=vacancy.agency_id, agency_id=agency_id)
        if vacancy.country != data.country:
            raise InvalidInput("country", "dispute.vacancy_other_country", vacancy_id=vacancy_id,
                               vacancy_country=vacancy.country, country=data.country)
        agency_id = vacancy.agency_id
        employer_id, employer_name = vacancy.employer_id, employer_name or vacancy.employer_name

    if agency_id is None:
        raise PartyRefused("agency_id", "dispute.no_party")
    try:
        await registry_service.get_agency(uow, agency_id=agency_id, actor=SYSTEM)
    except RegistryNotFound:
        raise InvalidInput("agency_id", "agency.missing", agency_id=agency_id) from None
    return {"referral_id": data.referral_id, "vacancy_id": vacancy_id, "agency_id": agency_id,
            "employer_id": employer_id, "employer_name": employer_name,
            "employer_registration_number": data.employer_registration_number}


def _recruiter_columns(recruiter: RecruiterIn, home: str | None) -> dict[str, Any]:
    """The recruiter as reported, with the keys that let reports of one person meet."""
    if not phone_is_plausible(recruiter.phone):
        raise PartyRefused("recruiter.phone", "recruiter.phone_digits")
    if recruiter.found_via == "other" and not recruiter.found_via_detail:
        raise PartyRefused("recruiter.found_via_detail", "recruiter.found_via_detail")
    return {"full_name": recruiter.full_name, "name_key": person_key(recruiter.full_name),
            "phone": recruiter.phone, "phone_key": phone_key(recruiter.phone, home=home),
            "address": recruiter.address, "found_via": recruiter.found_via,
            "found_via_detail": recruiter.found_via_detail}


def _reported_columns(data: DisputeIn) -> dict[str, Any]:
    terms = data.reported_terms
    if terms is None:
        return {}
    columns: dict[str, Any] = {"reported_hours_per_week": terms.hours_per_week,
                               "reported_housing": terms.housing,
                               "reported_meals": terms.meals}
    if terms.wage is not None:
        columns |= {"reported_wage_amount": terms.wage.amount,
                    "reported_wage_currency": terms.wage.currency,
                    "reported_wage_period": terms.wage.period}
    if terms.fee_paid is not None:
        columns |= {"reported_fee_amount": terms.fee_paid.amount,
                    "reported_fee_currency": terms.fee_paid.currency}
    return columns


async def file_dispute(uow: UnitOfWork, *, data: DisputeIn, actor: Principal, now: datetime,
                       today: date, admit: Admit | None = None) -> FiledDisputeOut:
    """File a dispute (centre staff for their migrant, a migrant for themself, or an
    attaché) against an agency in the register or a recruiter who is not, and route it at
    once; the same complaint while its case is open joins that case instead."""
    if actor.role not in _FILERS or actor.user_id is None:
        raise NotAllowed("dispute.filer_role")
    who, home = await _complainant_for(uow, data, actor)
    links = await _links_for(uow, data, actor, who["migrant_id"], today)
    recruiter = _recruiter_columns(data.recruiter, home) if data.recruiter else None
    keys = {
        "complainant_key": complainant_key(
            migrant_id=who["migrant_id"], name=who["complainant_name"],
            phone=who["complainant_phone"], home=home),
        "party_key": party_key(agency_id=links["agency_id"],
                               recruiter_phone_key=recruiter["phone_key"] if recruiter
                               else None),
    }
    if admit is not None:
        await admit(keys["complainant_key"])
    found = await repo.find_open_case(uow.conn, kind=data.kind.value, **keys)
    if found is not None:
        return await _join(uow, found, data=data, actor=actor, now=now, today=today)
    fields = who | links | _reported_columns(data) | keys | {
        "kind": data.kind.value, "filed_by_user_id": actor.user_id,
        "filed_by_role": actor.role, "country": data.country, "region": data.region,
        "region_key": region_key(data.region),
        "claimed_amount": data.claimed.amount if data.claimed else None,
        "claimed_currency": data.claimed.currency if data.claimed else None,
        "description": data.description,
    }
    dispute_id = await repo.insert_dispute(uow.conn, fields)
    if dispute_id is None:
        # The same complaint was filed at the same moment and its case committed first.
        found = await repo.find_open_case(uow.conn, kind=data.kind.value, **keys)
        if found is None:
            raise Conflict("dispute.filed_meanwhile", field="kind")
        return await _join(uow, found, data=data, actor=actor, now=now, today=today)
    if recruiter is not None:
        await repo.insert_recruiter(uow.conn, recruiter | {"dispute_id": dispute_id})
    row = await repo.get_dispute(uow.conn, dispute_id)
    assert row is not None
    # No personal data in the audit log, which can never be erased.
    await _record_step(uow, row, action="file", actor=actor, from_status=None,
                       to_status=DisputeStatus.FILED.value, data={
                           "kind": data.kind.value, "country": data.country,
                           "region": data.region, "agency_id": links["agency_id"],
                           "vacancy_id": links["vacancy_id"],
                           "referral_id": links["referral_id"],
                           "unregistered_recruiter": recruiter is not None,
                           "claimed": data.claimed.model_dump(mode="json")
                           if data.claimed else None})
    await _notify_step(uow, before=row, after=row, action="file", actor=actor)
    if row["agency_id"] is not None:
        await registry_service.agency_record_changed(uow, agency_id=row["agency_id"],
                                                     cause="dispute.filed")
    row = await _route(uow, row, now=now)
    case = await dispute_out(uow, row, actor, "full", now=now, today=today)
    return FiledDisputeOut(**case.model_dump(), joined=False)


async def _join(uow: UnitOfWork, row: dict[str, Any], *, data: DisputeIn, actor: Principal,
                now: datetime, today: date) -> FiledDisputeOut:
    """Add a second filing of the same complaint to its open case: what it says goes into
    the case's history and its attaché is told; no case is opened, no deadline moves. A
    filer who may not follow that case (the migrant filed alone, and now their centre files)
    is told its reference and nothing is written."""
    access = _access(actor, row)
    if access is None:
        raise AlreadyOpen(dispute_id=row["id"], reference=reference(row))
    await repo.update_dispute(uow.conn, row["id"])
    facts = {"kind": data.kind.value, "filed_by_role": actor.role,
             "claimed": data.claimed.model_dump(mode="json") if data.claimed else None}
    # The statement stays on the case's timeline, out of the audit log, which can never be
    # erased and holds no personal data.
    await repo.insert_event(
        uow.conn, dispute_id=row["id"], action="join", from_status=row["status"],
        to_status=row["status"], actor_user_id=actor.user_id, actor_role=actor.role,
        reason=None, deadline=None,
        data=_jsonable(facts | {"statement": data.description}))
    await audit.record(uow.conn, actor=actor, entity_type="dispute", entity_id=row["id"],
                       agency_id=row["agency_id"], action="join", from_state=row["status"],
                       to_state=row["status"], data=_jsonable(facts))
    attache_id = row["assigned_attache_id"]
    if attache_id is not None and attache_id != actor.user_id:
        await notifications.notify(
            uow.conn, audience="user", user_id=attache_id, kind="dispute.joined",
            subject=f"Dispute {reference(row)}: the complaint was filed again",
            body="The complainant filed the same complaint again; what they wrote was added "
                 "to the case's history.", params={"case": reference(row)})
    after = row | {"version": row["version"] + 1, "updated_at": now}
    case = await dispute_out(uow, after, actor, access, now=now, today=today)
    return FiledDisputeOut(**case.model_dump(), joined=True)


# --- reading ----------------------------------------------------------------------------


async def get_dispute(uow: UnitOfWork, *, dispute_id: int, actor: Principal, now: datetime,
                      today: date) -> DisputeOut:
    """One case, as the actor may see it."""
    row, access = await _visible_row(uow, dispute_id, actor)
    return await dispute_out(uow, row, actor, access, now=now, today=today)


async def list_disputes(
    uow: UnitOfWork, *, actor: Principal, statuses: list[DisputeStatus] | None = None,
    queue: str | None = None, agency_id: int | None = None, by_deadline: bool = False,
    limit: int = 100, offset: int = 0, now: datetime,
) -> list[DisputeSummaryOut]:
    """Cases the actor is party to (officials: all), newest first or by nearest deadline."""
    scope: dict[str, Any] = {}
    if actor.role in _OFFICIALS:
        scope = {"agency_id": agency_id}
    elif actor.role == Role.AGENCY_STAFF and actor.agency_id is not None:
        scope = {"agency_id": actor.agency_id}
    elif actor.role == Role.CENTRE_STAFF and actor.centre_id is not None:
        scope = {"filing_centre_id": actor.centre_id}
    elif actor.role == Role.MIGRANT and actor.user_id is not None:
        scope = {"migrant_user_id": actor.user_id}
    elif actor.role == Role.ATTACHE and actor.user_id is not None:
        scope = {"attache_id": actor.user_id}
    elif actor.role == Role.SETTLEMENT_BODY and actor.settlement_body_id is not None:
        scope = {"referred_body_id": actor.settlement_body_id}
    else:
        return []
    if actor.role not in _OFFICIALS and agency_id is not None and \
            scope.get("agency_id") != agency_id:
        return []
    rows = await repo.list_disputes(
        uow.conn, **scope, queue=queue, statuses=[s.value for s in statuses] if statuses
        else None, by_deadline=by_deadline, limit=limit, offset=offset,
    )
    return [summary_out(r, now) for r in rows]


async def attache_queue(uow: UnitOfWork, *, actor: Principal, limit: int, offset: int,
                        now: datetime) -> list[DisputeSummaryOut]:
    """An attaché's open cases, the nearest deadline first."""
    return await list_disputes(uow, actor=actor, statuses=sorted(OPEN_STATES),
                               by_deadline=True, limit=limit, offset=offset, now=now)


async def get_history(uow: UnitOfWork, *, dispute_id: int, actor: Principal) -> HistoryOut:
    """Every step of a case and every escalation, oldest first."""
    row, _ = await _visible_row(uow, dispute_id, actor)
    sees_evidence = bool(parties_of(actor, row) & _EVIDENCE_READERS)
    events = await repo.list_events(uow.conn, dispute_id)
    escalations = await repo.list_escalations(uow.conn, dispute_id)
    return HistoryOut(
        events=[EventOut(**{k: e[k] for k in EventOut.model_fields} | {
            "data": event_data_for(e["action"], e["data"], sees_evidence=sees_evidence)})
            for e in events],
        escalations=[EscalationOut(**{k: e[k] for k in EscalationOut.model_fields})
                     for e in escalations],
    )


async def caseload(uow: UnitOfWork, *, attache_id: int, now: datetime) -> CaseloadOut:
    """An attaché's open cases, what is overdue, and the median times to acknowledge a case
    and to resolve one (from filing to resolution or decision)."""
    row = await repo.caseload(uow.conn, attache_id=attache_id, now=now)
    ack, resolve = row["median_ack_seconds"], row["median_resolve_seconds"]
    return CaseloadOut(
        attache_id=attache_id, open_cases=row["open_cases"], by_status=row["by_status"],
        overdue=row["overdue"], in_supervisor_queue=row["in_supervisor_queue"],
        next_deadline=row["next_deadline"], acknowledged=row["acknowledged"],
        median_hours_to_acknowledge=None if ack is None else round(ack / 3600, 2),
        concluded=row["concluded"],
        median_days_to_resolve=None if resolve is None else round(resolve / 86400, 2),
    )


# --- the lifecycle ------------------------------------------------------------------------


_STEP_FIELDS: dict[str, frozenset[DisputeAction]] = {
    "mission_id": frozenset({DisputeAction.ASSIGN, DisputeAction.REASSIGN}),
    "attache_id": frozenset({DisputeAction.ASSIGN, DisputeAction.REASSIGN}),
    "settlement_body_id": frozenset({DisputeAction.ASSIGN, DisputeAction.REASSIGN,
                                     DisputeAction.REFER}),
    "outcome": OUTCOME_ACTIONS,
}


async def _check_body(uow: UnitOfWork, body_id: int, row: dict[str, Any]) -> None:
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


async def _assignment(uow: UnitOfWork, row: dict[str, Any], command: DisputeTransitionIn,
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
        decided_by_user_id=actor.user_id, decided_by_role=actor.role,
    )
    changes = {"mission_id": mission_id, "settlement_body_id": body_id,
               "assigned_attache_id": attache_id, "assigned_at": now, "queue": None}
    data = {"routing_decision_id": decision["id"], "mission_id": mission_id,
            "settlement_body_id": body_id, "from_attache_id": current,
            "attache_id": attache_id}
    return changes, data


def _check_step(row: dict[str, Any], command: DisputeTransitionIn, actor: Principal
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


def _plan_step_outcome(row: dict[str, Any], command: DisputeTransitionIn, today: date
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


# --- previews and corrections of decisions -------------------------------------------------


async def _notice_audiences(uow: UnitOfWork, before: dict[str, Any], after: dict[str, Any],
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
    uow: UnitOfWork, row: dict[str, Any], after: dict[str, Any], plan: outcomes.OutcomePlan,
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
            settlement_body_id=plan.settlement_body_id),
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


async def _correction_plan(uow: UnitOfWork, row: dict[str, Any], data: OutcomeCorrectionIn,
                           actor: Principal, *, now: datetime, today: date, lock: bool
                           ) -> tuple[dict[str, Any], list[dict[str, Any]],
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
    if "findings" in change["changed"]:
        await registry_service.agency_record_changed(uow, agency_id=row["agency_id"],
                                                     cause="dispute.correct_outcome")
    return await dispute_out(uow, after, actor, access, now=now, today=today)


# --- escalation --------------------------------------------------------------------------


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


async def _escalate(uow: UnitOfWork, row: dict[str, Any], *, now: datetime) -> bool:
    status = DisputeStatus(row["status"])
    missed: datetime = row["stage_deadline"]
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


# --- evidence ----------------------------------------------------------------------------


async def _evidence_writer(uow: UnitOfWork, dispute_id: int, actor: Principal, *,
                           for_update: bool = False) -> dict[str, Any]:
    row, _ = await _visible_row(uow, dispute_id, actor, for_update=for_update)
    if not parties_of(actor, row) & _EVIDENCE_WRITERS:
        raise NotAllowed("evidence.not_yours_to_add")
    if row["status"] in (DisputeStatus.CLOSED, DisputeStatus.WITHDRAWN):
        raise CaseOver(status=row["status"], what="evidence")
    return row


async def check_evidence_writer(uow: UnitOfWork, *, dispute_id: int, actor: Principal
                                ) -> None:
    """Refuse, before any file is read, an actor who may not add evidence to the case, or a
    case that takes no more (add_evidence checks again, under the case's lock)."""
    await _evidence_writer(uow, dispute_id, actor)


async def add_evidence(uow: UnitOfWork, *, dispute_id: int,
                       uploads: Sequence[evidence_store.Upload], actor: Principal
                       ) -> list[EvidenceOut]:
    """Attach evidence files: PDF, JPEG or PNG by content, within the size and count
    limits, each stored with its SHA-256."""
    row = await _evidence_writer(uow, dispute_id, actor, for_update=True)
    if not uploads:
        raise EvidenceRejected("files", "evidence.none")
    settings = get_settings()
    existing = len(await repo.list_evidence(uow.conn, dispute_id))
    if existing + len(uploads) > settings.evidence_max_files:
        raise EvidenceRejected("files", "evidence.too_many", max=settings.evidence_max_files,
                               count=existing)
    # Every file is checked before any is kept, so a bad one leaves nothing behind.
    checked = [evidence_store.check(u, field=f"files[{i}]",
                                    max_bytes=settings.evidence_max_bytes,
                                    accepted=settings.evidence_types)
               for i, u in enumerate(uploads)]
    folder = settings.resolved_evidence_dir()
    rows = []
    for item in checked:
        await asyncio.to_thread(evidence_store.store, folder, item)
        rows.append(await repo.insert_evidence(
            uow.conn, dispute_id=dispute_id, filename=item.filename,
            content_type=item.content_type, size_bytes=item.size_bytes, sha256=item.sha256,
            uploaded_by_user_id=actor.user_id, uploaded_by_role=actor.role,
        ))
    await _record_step(uow, row, action="add_evidence", actor=actor,
                       from_status=row["status"], to_status=row["status"], data={
                           "files": [{"id": r["id"], "sha256": r["sha256"],
                                      "size_bytes": r["size_bytes"],
                                      "content_type": r["content_type"]} for r in rows]})
    attache_id = row["assigned_attache_id"]
    if attache_id is not None and attache_id != actor.user_id:
        await notifications.notify(
            uow.conn, audience="user", user_id=attache_id, kind="dispute.evidence",
            subject=f"Dispute {reference(row)}: new evidence",
            body=f"{len(rows)} file(s) were added to the case.",
            params={"case": reference(row), "files": len(rows)},
        )
    return [_evidence_out(r) for r in rows]


async def _evidence_reader(uow: UnitOfWork, dispute_id: int, actor: Principal
                           ) -> dict[str, Any]:
    row, _ = await _visible_row(uow, dispute_id, actor)
    if not parties_of(actor, row) & _EVIDENCE_READERS:
        raise NotAllowed("evidence.hidden_from_agency")
    return row


async def list_evidence(uow: UnitOfWork, *, dispute_id: int, actor: Principal
                        ) -> list[EvidenceOut]:
    """A case's evidence files (never for the agency concerned)."""
    await _evidence_reader(uow, dispute_id, actor)
    return [_evidence_out(r) for r in await repo.list_evidence(uow.conn, dispute_id)]


async def read_evidence(uow: UnitOfWork, *, dispute_id: int, evidence_id: int,
                        actor: Principal) -> tuple[EvidenceOut, bytes]:
    """One evidence file's bytes, served only if they still match their checksum."""
    await _evidence_reader(uow, dispute_id, actor)
    row = await repo.get_evidence(uow.conn, dispute_id, evidence_id)
    if row is None:
        raise NotFound("evidence file", evidence_id)
    content = await asyncio.to_thread(evidence_store.read_verified,
                                      get_settings().resolved_evidence_dir(), row["sha256"])
    return _evidence_out(row), content


# --- messages ----------------------------------------------------------------------------


async def add_message(uow: UnitOfWork, *, dispute_id: int, body: str, actor: Principal
                      ) -> MessageOut:
    """Write on the case to those who handle it (the migrant, the centre that filed, the
    assigned attaché or an official); the text stays on the case, out of the audit log."""
    row, _ = await _visible_row(uow, dispute_id, actor, for_update=True)
    if not parties_of(actor, row) & _EVIDENCE_WRITERS:
        raise NotAllowed("message.not_yours_to_write")
    if row["status"] in (DisputeStatus.CLOSED, DisputeStatus.WITHDRAWN):
        raise CaseOver(status=row["status"], what="messages")
    text = body.strip()
    if not text:
        raise InvalidInput("body", "message.empty")
    message = await repo.insert_message(uow.conn, dispute_id=dispute_id, body=text,
                                        author_user_id=actor.user_id,
                                        author_role=actor.role)
    await _record_step(uow, row, action="add_message", actor=actor,
                       from_status=row["status"], to_status=row["status"],
                       data={"message_id": message["id"]})
    for user_id in {row["assigned_attache_id"], row["migrant_user_id"]} - {None, actor.user_id}:
        await notifications.notify(
            uow.conn, audience="user", user_id=user_id, kind="dispute.message",
            params={"case": reference(row)},
            subject=f"Dispute {reference(row)}: a new message",
            body="A new message was written on the case; open the case to read it.")
    found = next(m for m in await repo.list_messages(uow.conn, dispute_id)
                 if m["id"] == message["id"])
    return _message_out(found)


def _message_out(row: dict[str, Any]) -> MessageOut:
    return MessageOut(**{k: row[k] for k in MessageOut.model_fields})


async def list_messages(uow: UnitOfWork, *, dispute_id: int, actor: Principal
                        ) -> list[MessageOut]:
    """A case's messages, oldest first (never for the agency concerned or the body)."""
    row, _ = await _visible_row(uow, dispute_id, actor)
    if not parties_of(actor, row) & _FULL_VIEW:
        raise NotAllowed("message.not_yours_to_read")
    return [_message_out(m) for m in await repo.list_messages(uow.conn, dispute_id)]


# --- routing records and feedback ---------------------------------------------------------


def _decision_out(row: dict[str, Any]) -> RoutingDecisionOut:
    return RoutingDecisionOut(
        decision_id=row["id"], dispute_id=row["dispute_id"], kind=row["kind"],
        rule_id=row["rule_id"], mission_id=row["mission_id"],
        settlement_body_id=row["settlement_body_id"], attache_id=row["attache_id"],
        explanation=row["explanation"], decided_at=row["decided_at"],
        rule_snapshot=row["rule_snapshot"], open_cases=row["open_cases"],
        decided_by_role=row["decided_by_role"], marked_correct=row["marked_correct"],
        marked_wrong=row["marked_wrong"], my_mark=row["my_mark"],
    )


async def list_routing(uow: UnitOfWork, *, dispute_id: int, actor: Principal
                       ) -> list[RoutingDecisionOut]:
    """Every routing decision about a case: the rule that matched, the loads compared,
    and how people marked it."""
    row, _ = await _visible_row(uow, dispute_id, actor)
    if not parties_of(actor, row) & (_FULL_VIEW | {Party.SETTLEMENT_BODY}):
        raise NotAllowed("routing.decisions_hidden")
    rows = await repo.list_decisions(uow.conn, dispute_id=dispute_id, viewer_id=actor.user_id)
    return [_decision_out(r) for r in rows]


async def mark_routing(uow: UnitOfWork, *, dispute_id: int, decision_id: int, correct: bool,
                       comment: str | None, actor: Principal) -> list[RoutingDecisionOut]:
    """Mark a routing decision right or wrong (once per person; marking again replaces)."""
    row, _ = await _visible_row(uow, dispute_id, actor)
    if not parties_of(actor, row) & _ROUTING_MARKERS or actor.user_id is None:
        raise NotAllowed("routing.not_yours_to_mark")
    decision = await repo.get_decision(uow.conn, decision_id)
    if decision is None or decision["dispute_id"] != dispute_id:
        raise NotFound("routing decision", decision_id)
    await repo.upsert_feedback(uow.conn, decision_id=decision_id, user_id=actor.user_id,
                               role=actor.role, correct=correct, comment=comment)
    await audit.record(uow.conn, actor=actor, entity_type="routing_decision",
                       entity_id=decision_id, agency_id=row["agency_id"],
                       action="mark_correct" if correct else "mark_wrong", reason=comment,
                       data={"dispute_id": dispute_id, "rule_id": decision["rule_id"]})
    return await list_routing(uow, dispute_id=dispute_id, actor=actor)


# --- routing rules (regulators) -----------------------------------------------------------


def _rule_out(row: dict[str, Any]) -> RoutingRuleOut:
    amount = None
    if row["currency"] is not None:
        amount = AmountRange(min=row["min_amount"], max=row["max_amount"],
                             currency=row["currency"])
    return RoutingRuleOut(
        id=row["id"], name=row["name"], country=row["country"], region=row["region"],
        kinds=[DisputeKind(k) for k in row["kinds"]] if row["kinds"] is not None else None,
        amount=amount, mission_id=row["mission_id"],
        settlement_body_id=row["settlement_body_id"], priority=row["priority"],
        active=row["active"], version=row["version"], created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


async def _rule_fields(uow: UnitOfWork, data: RoutingRuleIn) -> dict[str, Any]:
    mission = await attache_service.get_mission(uow, mission_id=data.mission_id)
    if mission is None:
        raise InvalidInput("mission_id", "mission.missing", mission_id=data.mission_id)
    if mission["country"] != data.country:
        raise InvalidInput("mission_id", "mission.other_country", mission_id=data.mission_id,
                           mission_country=mission['country'], country=data.country)
    key = region_key(data.region) if data.region else None
    if key is not None and mission["regions"] and \
            key not in {region_key(r) for r in mission["regions"]}:
        raise InvalidInput("region", "mission.region_not_covered", mission_id=data.mission_id,
                           regions=mission["regions"], region=data.region)
    kinds = [k.value for k in data.kinds] if data.kinds else None
    if data.settlement_body_id is not None:
        body = await attache_service.get_settlement_body(
            uow, settlement_body_id=data.settlement_body_id)
        if body is None:
            raise InvalidInput("settlement_body_id", "settlement_body.missing",
                               body_id=data.settlement_body_id)
        if body["country"] != data.country:
            raise InvalidInput("settlement_body_id", "settlement_body.other_country",
                               body_id=data.settlement_body_id, body_country=body["country"],
                               country=data.country)
        untaken = [k for k in (kinds or [k.value for k in DisputeKind])
                   if k not in body["dispute_kinds"]]
        if untaken:
            raise InvalidInput("settlement_body_id", "settlement_body.kinds_not_taken"
                               if kinds else "settlement_body.kinds_not_taken_limit",
                               body_id=data.settlement_body_id, kinds=untaken)
        body_keys = {region_key(r) for r in body["regions"]}
        if body_keys and key not in body_keys:
            raise InvalidInput("settlement_body_id", "settlement_body.regions_only",
                               body_id=data.settlement_body_id, regions=body["regions"])
    amount = data.amount
    return {
        "name": data.name, "country": data.country, "region": data.region, "region_key": key,
        "kinds": kinds, "min_amount": amount.min if amount else None,
        "max_amount": amount.max if amount else None,
        "currency": amount.currency if amount else None, "mission_id": data.mission_id,
        "settlement_body_id": data.settlement_body_id, "priority": data.priority,
        "active": data.active,
    }


async def create_rule(uow: UnitOfWork, *, data: RoutingRuleIn, actor: Principal
                      ) -> RoutingRuleOut:
    """Add a routing rule; it routes cases filed from now on."""
    if data.expected_version is not None:
        raise InvalidInput("expected_version", "routing_rule.version_on_create")
    row = await repo.insert_rule(uow.conn, await _rule_fields(uow, data))
    await audit.record(uow.conn, actor=actor, entity_type="routing_rule", entity_id=row["id"],
                       action="create", data=_jsonable(_rule_snapshot(row)))
    return _rule_out(row)


async def update_rule(uow: UnitOfWork, *, rule_id: int, data: RoutingRuleIn,
                      actor: Principal) -> RoutingRuleOut:
    """Change a routing rule; cases it already placed stay where they are."""
    before = await repo.get_rule(uow.conn, rule_id, for_update=True)
    if before is None:
        raise NotFound("routing rule", rule_id)
    if data.expected_version is not None and data.expected_version != before["version"]:
        raise StaleVersion(expected=data.expected_version, actual=before["version"],
                           what="routing rule")
    row = await repo.update_rule(uow.conn, rule_id, await _rule_fields(uow, data))
    await audit.record(uow.conn, actor=actor, entity_type="routing_rule", entity_id=rule_id,
                       action="edit", data={"before": _rule_snapshot(before),
                                            "after": _rule_snapshot(row)})
    return _rule_out(row)


async def deactivate_rule(uow: UnitOfWork, *, rule_id: int, actor: Principal
                          ) -> RoutingRuleOut:
    """Stop a rule routing new cases (it is kept: past decisions name it)."""
    before = await repo.get_rule(uow.conn, rule_id, for_update=True)
    if before is None:
        raise NotFound("routing rule", rule_id)
    if not before["active"]:
        return _rule_out(before)
    row = await repo.update_rule(uow.conn, rule_id, {"active": False})
    await audit.record(uow.conn, actor=actor, entity_type="routing_rule", entity_id=rule_id,
                       action="deactivate", from_state="active", to_state="inactive")
    return _rule_out(row)


async def get_rule(uow: UnitOfWork, *, rule_id: int) -> RoutingRuleOut:
    """One routing rule, active or not."""
    row = await repo.get_rule(uow.conn, rule_id)
    if row is None:
        raise NotFound("routing rule", rule_id)
    return _rule_out(row)


async def list_rules(uow: UnitOfWork, *, country: str | None, active: bool | None,
                     mission_id: int | None = None) -> list[RoutingRuleOut]:
    """Routing rules by country, highest priority first."""
    rows = await repo.list_rules(uow.conn, country=country, active=active,
                                 mission_id=mission_id)
    return [_rule_out(r) for r in rows]


async def rule_decisions(uow: UnitOfWork, *, rule_id: int, actor: Principal
                         ) -> list[RoutingDecisionOut]:
    """Every case a rule routed, with how people marked each decision."""
    if await repo.get_rule(uow.conn, rule_id) is None:
        raise NotFound("routing rule", rule_id)
    rows = await repo.list_decisions(uow.conn, rule_id=rule_id, viewer_id=actor.user_id)
    return [_decision_out(r) for r in rows]


# --- awards: recoveries and the security deposit ----------------------------------------


async def record_recovery(uow: UnitOfWork, *, dispute_id: int, amount: Money,
                          note: str | None, actor: Principal, now: datetime, today: date
                          ) -> DisputeOut:
    """Record a payment towards the award (the assigned attaché or a regulator)."""
    row, access = await _visible_row(uow, dispute_id, actor, for_update=True)
    if not parties_of(actor, row) & {Party.ATTACHE, Party.OFFICIAL}:
        raise NotAllowed("payment.not_yours")
    outcome = await repo.get_outcome(uow.conn, dispute_id, for_update=True)
    if outcome is None or not outcome["awarded_amount"]:
        raise Conflict("award.none")
    await _recover(uow, row, outcome, amount, source="payment", note=note, actor=actor)
    return await dispute_out(uow, row, actor, access, now=now, today=today)


def _check_recovery(outcome: dict[str, Any], amount: Money) -> None:
    outstanding = outcome["awarded_amount"] - outcome["recovered_amount"]
    if amount.currency != outcome["currency"]:
        raise InvalidInput("amount.currency", "payment.wrong_currency",
                           currency=outcome['currency'])
    if amount.amount <= 0:
        raise InvalidInput("amount.amount", "payment.not_positive")
    if amount.amount > outstanding:
        raise InvalidInput("amount.amount", "payment.more_than_unpaid", outstanding=outstanding,
                           currency=outcome['currency'])


async def _recover(uow: UnitOfWork, row: dict[str, Any], outcome: dict[str, Any],
                   amount: Money, *, source: str, note: str | None, actor: Principal) -> None:
    _check_recovery(outcome, amount)
    outstanding = outcome["awarded_amount"] - outcome["recovered_amount"]
    await repo.insert_recovery(uow.conn, dispute_id=row["id"], amount=amount.amount,
                               currency=amount.currency, source=source, note=note,
                               recorded_by_user_id=actor.user_id)
    await repo.add_recovered(uow.conn, row["id"], amount.amount)
    left = outstanding - amount.amount
    await _record_step(uow, row, action=f"recover_{source}", actor=actor,
                       from_status=row["status"], to_status=row["status"], reason=note,
                       data={"amount": amount.model_dump(mode="json"),
                             "outstanding_after": left})
    await _notify_parties(
        uow, before=row, after=row, actor=actor, kind="dispute.recovery",
        subject=f"Dispute {reference(row)}: {amount.amount} {amount.currency} recovered"
                + (" from the agency's security deposit" if source == "deposit" else ""),
        body=f"{left} {amount.currency} of the award remains unpaid.",
        params={"case": reference(row), "amount": str(amount.amount),
                "currency": amount.currency, "left": str(left),
                "variant": "deposit" if source == "deposit" else None},
    )


async def _licence_with_deposit(uow: UnitOfWork, agency_id: int) -> LicenceOut:
    licences = await registry_service.list_licences(uow, actor=SYSTEM, agency_id=agency_id,
                                                    limit=1000)
    granted = [lic for lic in licences if lic.number is not None]
    if not granted:
        raise Conflict("deposit.never_licensed", agency_id=agency_id)
    in_force = [lic for lic in granted if lic.status in ("active", "suspended")]
    return max(in_force or granted, key=lambda lic: (lic.applied_at, lic.id))


def _movement_out(row: dict[str, Any]) -> DepositMovementOut:
    return DepositMovementOut(
        id=row["id"], kind=row["kind"],
        amount=Money(amount=row["amount"], currency=row["currency"]),
        dispute_id=row["dispute_id"], balance_after=row["balance_after"],
        top_up_owed_after=row["top_up_owed_after"], actor_label=row["actor_label"],
        reason=row["reason"], created_at=row["created_at"],
    )


async def get_deposit(uow: UnitOfWork, *, agency_id: int, actor: Principal) -> DepositOut:
    """The agency's security deposit: balance, every movement and the top-up it owes."""
    if not (actor.role in _OFFICIALS or (actor.role == Role.AGENCY_STAFF
                                         and actor.agency_id == agency_id)):
        raise NotFound("agency", agency_id)
    account = await repo.get_account(uow.conn, agency_id)
    if account is None:
        try:
            licence = await _licence_with_deposit(uow, agency_id)
        except Conflict:
            raise NotFound("security deposit of agency", agency_id) from None
        deposit = licence.deposit
        return DepositOut(agency_id=agency_id, licence_id=licence.id, opening_balance=deposit,
                          balance=deposit, top_up_owed=Money(amount=Decimal("0.00"),
                                                             currency=deposit.currency),
                          movements=[])
    currency = account["currency"]
    return DepositOut(
        agency_id=agency_id, licence_id=account["licence_id"],
        opening_balance=Money(amount=account["opening_balance"], currency=currency),
        balance=Money(amount=account["balance"], currency=currency),
        top_up_owed=Money(amount=account["top_up_owed"], currency=currency),
        movements=[_movement_out(m) for m in await repo.list_movements(uow.conn, agency_id)],
    )


async def _open_account(uow: UnitOfWork, agency_id: int, actor: Principal) -> dict[str, Any]:
    """The agency's ledger, locked; opened from its licence's deposit the first time."""
    account = await repo.get_account(uow.conn, agency_id, for_update=True)
    if account is not None:
        return account
    licence = await _licence_with_deposit(uow, agency_id)
    await repo.open_account(uow.conn, agency_id=agency_id, licence_id=licence.id,
                            currency=licence.deposit.currency,
                            opening_balance=licence.deposit.amount)
    account = await repo.get_account(uow.conn, agency_id, for_update=True)
    assert account is not None
    if not await repo.list_movements(uow.conn, agency_id):
        await repo.insert_movement(
            uow.conn, agency_id=agency_id, kind="opening", amount=account["opening_balance"],
            currency=account["currency"], balance_after=account["balance"],
            top_up_owed_after=account["top_up_owed"], actor_user_id=actor.user_id,
            actor_label=actor.label,
            reason=f"the security deposit held under licence {licence.number}",
        )
    return account


@dataclass(frozen=True)
class _Draw:
    """A draw on an agency's security deposit, settled before anything is written."""

    row: dict[str, Any]
    outcome: dict[str, Any]
    amount: Money
    currency: str
    balance: Decimal
    top_up_owed: Decimal
    ledger_open: bool


async def _plan_draw(uow: UnitOfWork, *, dispute_id: int, amount: Money | None,
                     actor: Principal, today: date, lock: bool) -> _Draw:
    """Check that the deposit answers for this award now and settle the amount."""
    if actor.role not in _OFFICIALS:
        raise NotAllowed("deposit.regulator_only")
    row, _ = await _visible_row(uow, dispute_id, actor, for_update=lock)
    outcome = await repo.get_outcome(uow.conn, dispute_id, for_update=lock)
    if outcome is None or not outcome["awarded_amount"]:
        raise Conflict("award.none")
    if outcome["payable_by"] != "agency" or row["agency_id"] is None:
        raise Conflict("deposit.award_against_employer")
    if today <= outcome["payment_due"]:
        raise Conflict("deposit.not_yet_due", due=outcome['payment_due'])
    outstanding = outcome["awarded_amount"] - outcome["recovered_amount"]
    if outstanding <= 0:
        raise Conflict("award.paid_in_full")
    # As the ledger keeps it, so the preview shows what is written.
    amount = Money(amount=(amount.amount if amount else outstanding).quantize(CENT),
                   currency=amount.currency if amount else outcome["currency"])
    account = await repo.get_account(uow.conn, row["agency_id"], for_update=lock)
    if account is None:
        deposit = (await _licence_with_deposit(uow, row["agency_id"])).deposit
        currency, balance, owed = deposit.currency, deposit.amount, Decimal(0)
    else:
        currency, balance, owed = (account["currency"], account["balance"],
                                   account["top_up_owed"])
    if currency != outcome["currency"]:
        raise Conflict("deposit.other_currency", deposit_currency=currency,
                       currency=outcome['currency'])
    _check_recovery(outcome, amount)
    if amount.amount > balance:
        raise Conflict("deposit.too_little", balance=balance, currency=currency)
    return _Draw(row, outcome, amount, currency, balance, owed, account is not None)


async def preview_deposit_draw(uow: UnitOfWork, *, dispute_id: int, amount: Money | None,
                               reason: str, actor: Principal, now: datetime, today: date
                               ) -> DepositDrawPreviewOut:
    """What drawing an overdue award from the agency's security deposit would record and
    what would follow; nothing is written."""
    draw = await _plan_draw(uow, dispute_id=dispute_id, amount=amount, actor=actor,
                            today=today, lock=False)
    row, outcome, currency = draw.row, draw.outcome, draw.currency
    agency_name = await _agency_name(uow, row["agency_id"])
    assert agency_name is not None  # a draw needs the agency (checked in _plan_draw)
    outstanding = outcome["awarded_amount"] - outcome["recovered_amount"]
    records = await agency_records(uow, since=now, agency_ids=[row["agency_id"]])
    draws = records.get(row["agency_id"], AgencyRecord()).deposit_draws

    def money(value: Decimal) -> Money:
        return Money(amount=value.quantize(CENT), currency=currency)

    return DepositDrawPreviewOut(
        dispute_id=row["id"], reference=reference(row), agency_id=row["agency_id"],
        agency_name=agency_name, amount=draw.amount,
        payment_due=outcome["payment_due"], outstanding_before=money(outstanding),
        outstanding_after=money(outstanding - draw.amount.amount),
        balance_before=money(draw.balance),
        balance_after=money(draw.balance - draw.amount.amount),
        top_up_owed_after=money(draw.top_up_owed + draw.amount.amount), reason=reason,
        notices=await _notice_audiences(uow, row, row, actor),
        rating_deposit_draws_before=draws, rating_deposit_draws_after=draws + 1,
    )


async def draw_from_deposit(uow: UnitOfWork, *, dispute_id: int, amount: Money | None,
                            reason: str, actor: Principal, now: datetime, today: date,
                            confirm: bool = False) -> DepositOut:
    """Pay an award the agency has not paid by its deadline out of the agency's security
    deposit, once confirmed; the agency then owes the deposit a top-up of the same
    amount."""
    draw = await _plan_draw(uow, dispute_id=dispute_id, amount=amount, actor=actor,
                            today=today, lock=True)
    if not confirm:
        raise InvalidInput("confirm", "deposit.confirm_draw")
    row, outcome, amount = draw.row, draw.outcome, draw.amount
    account = await _open_account(uow, row["agency_id"], actor)
    await _recover(uow, row, outcome, amount, source="deposit", note=reason, actor=actor)
    balance = account["balance"] - amount.amount
    owed = account["top_up_owed"] + amount.amount
    await repo.set_account(uow.conn, row["agency_id"], balance=balance, top_up_owed=owed)
    await repo.insert_movement(
        uow.conn, agency_id=row["agency_id"], kind="draw", amount=amount.amount,
        currency=amount.currency, dispute_id=dispute_id, balance_after=balance,
        top_up_owed_after=owed, actor_user_id=actor.user_id, actor_label=actor.label,
        reason=reason,
    )
    await audit.record(
        uow.conn, actor=actor, entity_type="deposit", entity_id=row["agency_id"],
        agency_id=row["agency_id"], action="draw", reason=reason,
        data={"dispute_id": dispute_id, "amount": amount.model_dump(mode="json"),
              "balance_after": balance, "top_up_owed_after": owed},
    )
    await notifications.notify(
        uow.conn, audience="agency", agency_id=row["agency_id"], kind="deposit.draw",
        subject=f"{amount.amount} {amount.currency} was drawn from your security deposit",
        body=f"The award in dispute {reference(row)} was not paid by "
             f"{outcome['payment_due']}. Your deposit now holds {balance} "
             f"{amount.currency}; top it up by {owed} {amount.currency}.",
        params={"case": reference(row), "amount": str(amount.amount),
                "currency": amount.currency, "payment_due": str(outcome["payment_due"]),
                "balance": str(balance), "top_up": str(owed)},
    )
    await registry_service.agency_record_changed(uow, agency_id=row["agency_id"],
                                                 cause="deposit.draw")
    return await get_deposit(uow, agency_id=row["agency_id"], actor=actor)


async def record_top_up(uow: UnitOfWork, *, agency_id: int, amount: Money,
                        reason: str | None, actor: Principal) -> DepositOut:
    """Record money the agency paid back into its deposit."""
    if actor.role not in _OFFICIALS:
        raise NotAllowed("deposit.top_up_regulator_only")
    account = await repo.get_account(uow.conn, agency_id, for_update=True)
    if account is None or not account["top_up_owed"]:
        raise Conflict("deposit.no_top_up_owed", agency_id=agency_id)
    if amount.currency != account["currency"]:
        raise InvalidInput("amount.currency", "deposit.top_up_currency",
                           currency=account['currency'])
    if amount.amount <= 0 or amount.amount > account["top_up_owed"]:
        raise InvalidInput("amount.amount", "deposit.top_up_amount", owed=account['top_up_owed'],
                           currency=account['currency'])
    balance = account["balance"] + amount.amount
    owed = account["top_up_owed"] - amount.amount
    await repo.set_account(uow.conn, agency_id, balance=balance, top_up_owed=owed)
    await repo.insert_movement(
        uow.conn, agency_id=agency_id, kind="top_up", amount=amount.amount,
        currency=amount.currency, balance_after=balance, top_up_owed_after=owed,
        actor_user_id=actor.user_id, actor_label=actor.label, reason=reason,
    )
    await audit.record(
        uow.conn, actor=actor, entity_type="deposit", entity_id=agency_id,
        agency_id=agency_id, action="top_up", reason=reason,
        data={"amount": amount.model_dump(mode="json"), "balance_after": balance,
              "top_up_owed_after": owed},
    )
    return await get_deposit(uow, agency_id=agency_id, actor=actor)


# --- what agency ratings ask of disputes ---------------------------------------------------


@dataclass(frozen=True)
class AgencyRecord:
    """What an agency's rating counts from its disputes."""

    disputes: int = 0  # filed against it and not withdrawn
    upheld_findings: int = 0  # findings upheld against the agency itself
    upheld_findings_since: int = 0  # of those, recorded since the date asked about
    deposit_draws: int = 0  # unpaid awards drawn from its security deposit
    disputes_open: int = 0  # of `disputes`, the ones not concluded yet
    latest_upheld_finding_at: datetime | None = None
    latest_deposit_draw_at: datetime | None = None


async def agency_records(uow: UnitOfWork, *, since: datetime,
                         agency_ids: Sequence[int] | None = None) -> dict[int, AgencyRecord]:
    """Per agency (all, or `agency_ids`): disputes, upheld findings and deposit draws;
    agencies with none are absent."""
    rows = await repo.agency_records(uow.conn, since=since, agency_ids=agency_ids,
                                     open_states=sorted(OPEN_STATES))
    return {r["agency_id"]: AgencyRecord(
        disputes=r["disputes"], upheld_findings=r["upheld_findings"],
        upheld_findings_since=r["upheld_findings_since"], deposit_draws=r["deposit_draws"],
        disputes_open=r["disputes_open"],
        latest_upheld_finding_at=r["latest_upheld_finding_at"],
        latest_deposit_draw_at=r["latest_deposit_draw_at"]) for r in rows}


# --- while the agency's licence is not in force --------------------------------------------


async def mark_licence_standing(uow: UnitOfWork, *, agency_id: int, today: date) -> int:
    """Mark the open disputes against an agency while its licence is not in force, clear
    the marks once it is again (cleared marks are kept), and tell the migrant, the centre
    staff member who filed and the attachés of the case's mission that the case goes on.
    Reads the licence as it stands now, so running it again changes nothing; returns how
    many disputes changed."""
    conn = uow.conn
    await repo.lock_agency_marks(conn, agency_id)
    standing = await registry_service.licence_standing(uow, agency_id=agency_id,
                                                       country=None, today=today)
    changed = 0
    for row in await repo.disputes_to_mark(conn, agency_id=agency_id):
        hold = licence_hold(status=standing.status, may_recruit=standing.may_recruit,
                            countries=standing.countries, country=None
                            ) if DisputeStatus(row["status"]) in OPEN_STATES else None
        if hold == row["mark_hold"]:
            continue
        if row["mark_id"] is not None:
            await repo.clear_licence_mark(conn, row["mark_id"])
        mark_id = row["mark_id"]
        if hold is not None:
            mark_id = await repo.insert_licence_mark(
                conn, dispute_id=row["id"], agency_id=agency_id,
                licence_number=standing.licence_number, hold=hold)
        await audit.record(
            conn, actor=SYSTEM, entity_type="dispute", entity_id=row["id"],
            agency_id=agency_id, action="licence_hold" if hold else "licence_hold_cleared",
            from_state=row["status"], to_state=row["status"], reason=standing.explanation,
            data={"hold": hold, "previous_hold": row["mark_hold"],
                  "licence_number": standing.licence_number})
        changed += 1
        if DisputeStatus(row["status"]) not in OPEN_STATES:
            continue
        case, agency = reference(row), standing.agency_name
        if hold is not None:
            kind = "dispute.licence_hold"
            subject = f"Dispute {case}: {agency}'s licence is not in force"
            party_body = (f"{agency}: {standing.explanation}. Your dispute {case} goes on, and "
                          "the agency still answers for it. Do not sign anything with this "
                          "agency or pay it anything now.")
            attache_body = (f"{agency}: {standing.explanation}. Case {case} goes on and the "
                            "agency still answers for it; its open referrals are held until "
                            "the licence is active again.")
        else:
            kind = "dispute.licence_restored"
            subject = f"Dispute {case}: {agency}'s licence is active again"
            party_body = attache_body = (f"The licence of {agency} is active again. Case "
                                         f"{case} goes on as before.")
        parties = {row["migrant_user_id"]} | (
            {row["filed_by_user_id"]} if row["filed_by_role"] == Role.CENTRE_STAFF else set())
        attaches = {row["assigned_attache_id"]} | (
            {a["id"] for a in await attache_service.mission_attaches(
                uow, mission_id=row["mission_id"])} if row["mission_id"] is not None else set())
        key = f"dispute-licence:{mark_id}:{'held' if hold else 'cleared'}"
        facts: dict[str, Any] = {"case": case, "agency": agency}
        if hold is not None:
            facts["hold"] = hold
        for users, body, variant in ((parties - {None}, party_body, None),
                                     (attaches - {None}, attache_body, "attache")):
            for user_id in sorted(users):
                await notifications.notify(conn, audience="user", user_id=user_id, kind=kind,
                                           subject=subject, body=body,
                                           params=facts | {"variant": variant},
                                           dedupe_key=f"{key}:user:{user_id}")
    return changed
