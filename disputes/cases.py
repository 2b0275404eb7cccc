"""What every dispute use case shares: the case number, how a person stands towards a case
and what of it they may see, and the shape a case is read in."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal, cast

from core.auth import SYSTEM, Principal, Role
from core.config import get_settings
from core.db import UnitOfWork
from core.validation import Money
from disputes import evidence_files as evidence_store
from disputes import outcomes
from disputes import repository as repo
from disputes.exceptions import NotFound
from disputes.rows import DisputeRow, EvidenceRow, RoutingDecisionRow, WagePeriod
from disputes.rules import (
    STAGE_OF,
    DisputeAction,
    DisputeKind,
    DisputeStatus,
    Party,
    StageDays,
    Terms,
    TermValue,
    allowed_actions,
    compare_terms,
    correctable_until,
    correction_refusal,
    is_overdue,
)
from disputes.schemas import (
    ComplainantOut,
    DisputeOut,
    DisputeSummaryOut,
    EvidenceOut,
    FindingOut,
    OutcomeOut,
    RecruiterOut,
    ReportedTermsIn,
    ReportedWage,
    RoutingOut,
    TermLineOut,
    TermsOut,
    TermValueOut,
)
from matching import vacancies as vacancy_service
from matching.exceptions import NotFound as MatchingNotFound
from registry import service as registry_service

_OFFICIALS = {Role.REGULATOR, Role.ADMIN}
_FULL_VIEW = frozenset({Party.OFFICIAL, Party.SYSTEM, Party.ATTACHE, Party.COMPLAINANT})
_EVIDENCE_READERS = _FULL_VIEW | {Party.SETTLEMENT_BODY}
_EVIDENCE_WRITERS = frozenset({Party.OFFICIAL, Party.ATTACHE, Party.COMPLAINANT})

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


def reference(row: Mapping[str, Any]) -> str:
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


def parties_of(actor: Principal, row: DisputeRow) -> frozenset[Party]:
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


def _access(actor: Principal, row: DisputeRow) -> Access | None:
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
                       for_update: bool = False) -> tuple[DisputeRow, Access]:
    row = await repo.get_dispute(uow.conn, dispute_id, for_update=for_update)
    access = _access(actor, row) if row is not None else None
    if row is None or access is None:
        # Someone else's case reads as absent, so ids cannot be probed.
        raise NotFound("dispute", dispute_id)
    return row, access


def _summary_fields(row: DisputeRow, now: datetime) -> dict[str, Any]:
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


def summary_out(row: DisputeRow, now: datetime) -> DisputeSummaryOut:
    return DisputeSummaryOut(**_summary_fields(row, now))


def _reported(row: DisputeRow) -> ReportedTermsIn | None:
    wage = None
    if row["reported_wage_amount"] is not None:
        wage = ReportedWage(amount=row["reported_wage_amount"],
                            # A wage has its currency and period (checked at filing).
                            currency=cast(str, row["reported_wage_currency"]),
                            period=cast(WagePeriod, row["reported_wage_period"]))
    terms = ReportedTermsIn(
        wage=wage, hours_per_week=row["reported_hours_per_week"],
        housing=row["reported_housing"], meals=row["reported_meals"],
        fee_paid=_money(row["reported_fee_amount"], row["reported_fee_currency"]),
    )
    return terms if terms.model_dump(exclude_none=True) else None


def _term_value_out(value: TermValue | None) -> TermValueOut | None:
    return None if value is None else TermValueOut(**dataclasses.asdict(value))


async def _terms(uow: UnitOfWork, row: DisputeRow, today: date) -> TermsOut | None:
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
        # A fee charged beyond the job's is a wrong of its own, not a contract's terms.
        substitution_suspected=any(ln.worse for ln in lines if ln.term != "worker_fee"),
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
        findings=[FindingOut(**{k: cast(Mapping[str, Any], f)[k] for k in FindingOut.model_fields})
                  for f in findings],
        recorded_at=row["recorded_at"], version=row["version"],
        correctable_until=correctable_until(row["recorded_at"], days),
        may_correct=correction_refusal(row["decided_in"], parties,
                                       recorded_at=row["recorded_at"], now=now,
                                       days=days) is None,
        versions=await outcomes.versions(uow, dispute_id),
    )


def _evidence_out(row: EvidenceRow) -> EvidenceOut:
    # Files kept before names followed the content carry the uploader's extension.
    found: Mapping[str, Any] = row
    return EvidenceOut(**{k: found[k] for k in EvidenceOut.model_fields} | {
        "filename": evidence_store.named_as(row["filename"], row["content_type"])})


def _routing_out(row: RoutingDecisionRow) -> RoutingOut:
    found: Mapping[str, Any] = row
    return RoutingOut(decision_id=row["id"],
                      **{k: found[k] for k in RoutingOut.model_fields if k != "decision_id"})


async def _agency_name(uow: UnitOfWork, agency_id: int | None) -> str | None:
    if agency_id is None:
        return None
    agency = await registry_service.get_agency(uow, agency_id=agency_id, actor=SYSTEM)
    return agency.legal_name


async def _recruiter_out(uow: UnitOfWork, row: DisputeRow) -> RecruiterOut | None:
    """The recruiter not in the register a case is against (None for an agency's case)."""
    if row["agency_id"] is not None:
        return None
    found = await repo.get_recruiter(uow.conn, row["id"])
    if found is None:
        return None
    listed: Mapping[str, Any] = found
    return RecruiterOut(**{k: listed[k] for k in RecruiterOut.model_fields})


async def dispute_out(uow: UnitOfWork, row: DisputeRow, actor: Principal, access: Access,
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
