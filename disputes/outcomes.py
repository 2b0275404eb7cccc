"""What a decision records. An outcome is planned from what was typed (checked, its payment
deadline settled, its findings compared with the version in force) before anything is
written, so a preview shows exactly what recording writes; then it is written with its
version, and every version is kept. The service checks who acts and tells people."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, cast

from core.auth import Principal
from core.clock import utc_today
from core.config import get_settings
from core.db import UnitOfWork
from core.validation import Money
from disputes import repository as repo
from disputes.exceptions import InvalidInput, PartyRefused
from disputes.rows import DisputeRow, FindingRow, OutcomeRow
from disputes.rules import FindingLine, findings_kept
from disputes.schemas import FindingLineOut, OutcomeIn, OutcomeTermsOut, OutcomeVersionOut
from matching import referrals as referral_service
from registry import service as registry_service
from registry.schemas import WatchlistEmployerIn

# An award is paid within months: a deadline further ahead than a year leaves the worker
# unpaid for longer than the job lasted, and is a date mistyped (9999 for 2025).
PAYMENT_DUE_MAX = timedelta(days=365)
# The parts of a decision a correction may change, in the order people read them.
PARTS = ("summary", "awarded", "payable_by", "payment_due", "findings")


@dataclass(frozen=True)
class OutcomePlan:
    """A decision as it would be recorded: version, terms and findings."""

    version: int
    decided_in: str
    settlement_body_id: int | None
    summary: str
    awarded: Money | None
    payable_by: str | None
    payment_due: date | None
    findings: list[FindingLine]
    # Corrections: for each finding, the index of the same finding in force, or -1.
    kept: list[int] = field(default_factory=list)

    def terms(self) -> OutcomeTermsOut:
        return OutcomeTermsOut(
            summary=self.summary, awarded=self.awarded, payable_by=self.payable_by,
            payment_due=self.payment_due,
            findings=[FindingLineOut(against=f.against, summary=f.summary,
                                     watchlist_employer=f.watchlist_employer)
                      for f in self.findings])


def _words(value: str) -> str:
    return value.replace("_", " ")


def lines_of(findings: list[FindingRow]) -> list[FindingLine]:
    """Stored findings as a decision states them."""
    return [FindingLine(f["against"], f["summary"], f["watchlisted_employer_id"] is not None)
            for f in findings]


def terms_of(outcome: OutcomeRow, findings: list[FindingRow]) -> OutcomeTermsOut:
    """The decision in force, as a preview compares it."""
    # An award has its currency (the columns are set together).
    awarded = (Money(amount=outcome["awarded_amount"], currency=cast(str, outcome["currency"]))
               if outcome["awarded_amount"] else None)
    return OutcomeTermsOut(
        summary=outcome["summary"], awarded=awarded, payable_by=outcome["payable_by"],
        payment_due=outcome["payment_due"],
        findings=[FindingLineOut(against=f.against, summary=f.summary,
                                 watchlist_employer=f.watchlist_employer)
                  for f in lines_of(findings)])


def changed_parts(before: OutcomeTermsOut, after: OutcomeTermsOut) -> list[str]:
    """The parts of a decision that differ between two versions."""
    return [part for part in PARTS if getattr(before, part) != getattr(after, part)]


def _refuse_agency_outcome(outcome: OutcomeIn, awarded: bool) -> None:
    """A case against a recruiter not in the register has no agency to find against or to
    pay from a deposit: findings go against the employer, awards are payable by it."""
    if awarded and outcome.payable_by == "agency":
        raise PartyRefused("outcome.payable_by", "outcome.no_agency")
    for i, finding in enumerate(outcome.findings):
        if finding.against == "agency":
            raise PartyRefused(f"outcome.findings[{i}].against", "outcome.no_agency")


def plan_outcome(row: DisputeRow, outcome: OutcomeIn, *, decided_in: str,
                 body_id: int | None, today: date, current: OutcomeRow | None = None,
                 current_findings: list[FindingRow] | None = None,
                 recovered: dict[str, Decimal] | None = None) -> OutcomePlan:
    """Check what was typed and settle what would be recorded; a correction (`current` is
    the decision in force) keeps the payment deadline unless it changes it, and may not
    undo what already followed from the decision: payments, deposit draws, a watchlisting."""
    awarded: Money | None = outcome.awarded \
        if outcome.awarded and outcome.awarded.amount > 0 else None
    if awarded is not None:  # as it is stored, so a preview shows what is written
        awarded = Money(amount=awarded.amount.quantize(Decimal("0.01")),
                        currency=awarded.currency)
    due = outcome.payment_due
    if awarded is not None:
        if outcome.payable_by is None:
            raise InvalidInput("outcome.payable_by", "outcome.payer_missing")
        kept_due = current["payment_due"] if current is not None else None
        due = due or kept_due or today + timedelta(
            days=get_settings().dispute_award_payment_days)
        if due < today and due != kept_due:
            raise InvalidInput("outcome.payment_due", "outcome.due_in_past")
        if due > today + PAYMENT_DUE_MAX and due != kept_due:
            raise InvalidInput("outcome.payment_due", "outcome.due_too_far",
                               latest=today + PAYMENT_DUE_MAX)
    else:
        for name in ("payable_by", "payment_due"):
            if getattr(outcome, name) is not None:
                raise InvalidInput(f"outcome.{name}", "outcome.needs_award", term=name)
    if row["agency_id"] is None:
        _refuse_agency_outcome(outcome, awarded is not None)
    for i, finding in enumerate(outcome.findings):
        name = f"outcome.findings[{i}].watchlist_employer"
        if finding.watchlist_employer and finding.against != "employer":
            raise InvalidInput(name, "outcome.watchlist_employer_only")
        if finding.watchlist_employer and not row["employer_name"]:
            raise InvalidInput(name, "outcome.no_employer")
    lines = [FindingLine(f.against, f.summary, f.watchlist_employer)
             for f in outcome.findings]
    plan = OutcomePlan(
        version=1 if current is None else current["version"] + 1, decided_in=decided_in,
        settlement_body_id=body_id, summary=outcome.summary, awarded=awarded,
        payable_by=outcome.payable_by if awarded else None,
        payment_due=due if awarded else None, findings=lines,
    )
    if current is None:
        return plan
    _check_correction(plan, current, recovered or {})
    before = lines_of(current_findings or [])
    kept = findings_kept(before, lines)
    listed = [i for i, f in enumerate(before) if f.watchlist_employer]
    carried = any(k in listed for k in kept) or any(
        f.watchlist_employer for f, k in zip(lines, kept, strict=True) if k < 0)
    if listed and not carried:
        raise InvalidInput("outcome.findings", "outcome.watchlist_kept",
                           finding=before[listed[0]].summary)
    # A finding kept from the version in force keeps its watchlisting.
    findings = [before[k] if k >= 0 else f for f, k in zip(lines, kept, strict=True)]
    return OutcomePlan(**(plan.__dict__ | {"findings": findings, "kept": kept}))


def _check_correction(plan: OutcomePlan, current: OutcomeRow,
                      recovered: dict[str, Decimal]) -> None:
    """What was paid towards the award stays true under the corrected one."""
    paid = sum(recovered.values(), Decimal(0))
    currency = current["currency"]
    if paid > 0:
        if plan.awarded is None:
            raise InvalidInput("outcome.awarded.amount", "outcome.paid_cannot_remove", paid=paid,
                               currency=currency)
        if plan.awarded.currency != currency:
            raise InvalidInput("outcome.awarded.currency", "outcome.paid_currency",
                               currency=currency)
        if plan.awarded.amount < paid:
            raise InvalidInput("outcome.awarded.amount", "outcome.paid_cannot_lower", paid=paid,
                               currency=currency)
    if recovered.get("deposit") and plan.payable_by != current["payable_by"]:
        raise InvalidInput("outcome.payable_by", "outcome.deposit_drawn")


def _snapshot(plan: OutcomePlan, listed: list[int | None]) -> dict[str, Any]:
    return {
        "version": plan.version, "decided_in": plan.decided_in,
        "awarded": plan.awarded.model_dump(mode="json") if plan.awarded else None,
        "payable_by": plan.payable_by,
        "payment_due": plan.payment_due.isoformat() if plan.payment_due else None,
        "findings": [{"against": f.against, "summary": f.summary,
                      "watchlisted_employer_id": listed_id}
                     for f, listed_id in zip(plan.findings, listed, strict=True)],
    }


async def _watchlist(uow: UnitOfWork, row: DisputeRow, summary: str, *,
                     reference: str, actor: Principal) -> int:
    listed = await registry_service.watchlist_employer(
        uow, actor=actor, today=utc_today(), again=True, data=WatchlistEmployerIn(
            name=cast(str, row["employer_name"]), country=row["country"],  # plan_outcome checked
            registration_number=row["employer_registration_number"],
            reason=f"finding in dispute {reference}: {summary}"[:2000],
        ),
    )
    # As when the regulator lists it: its jobs leave the search, its referrals stop.
    await referral_service.employer_watchlisted(uow, country=row["country"],
                                                today=utc_today())
    return listed.id


async def _write_version(uow: UnitOfWork, row: DisputeRow, plan: OutcomePlan,
                         snapshot: dict[str, Any], *, actor: Principal,
                         reason: str | None) -> None:
    await repo.insert_outcome_version(
        uow.conn, dispute_id=row["id"], version=plan.version, decided_in=plan.decided_in,
        settlement_body_id=plan.settlement_body_id, summary=plan.summary,
        awarded_amount=plan.awarded.amount if plan.awarded else Decimal(0),
        currency=plan.awarded.currency if plan.awarded else None,
        payable_by=plan.payable_by, payment_due=plan.payment_due,
        findings=snapshot["findings"], reason=reason, recorded_by_user_id=actor.user_id,
        recorded_by_role=actor.role, recorded_by_label=actor.label,
    )


async def record_outcome(uow: UnitOfWork, row: DisputeRow, plan: OutcomePlan, *,
                         reference: str, actor: Principal) -> dict[str, Any]:
    """Write a first decision: its amounts, its findings (a finding against the employer
    may put it on the watchlist) and its first version. Returns what the timeline keeps."""
    await repo.insert_outcome(
        uow.conn, dispute_id=row["id"], decided_in=plan.decided_in,
        settlement_body_id=plan.settlement_body_id, summary=plan.summary,
        awarded_amount=plan.awarded.amount if plan.awarded else Decimal(0),
        currency=plan.awarded.currency if plan.awarded else None,
        payable_by=plan.payable_by, payment_due=plan.payment_due,
        recorded_by_user_id=actor.user_id,
    )
    listed: list[int | None] = []
    for finding in plan.findings:
        listed_id = (await _watchlist(uow, row, finding.summary, reference=reference,
                                      actor=actor) if finding.watchlist_employer else None)
        await repo.insert_finding(uow.conn, dispute_id=row["id"], agency_id=row["agency_id"],
                                  against=finding.against, summary=finding.summary,
                                  watchlisted_employer_id=listed_id)
        listed.append(listed_id)
    snapshot = _snapshot(plan, listed)
    await _write_version(uow, row, plan, snapshot, actor=actor, reason=None)
    return {"outcome": {key: snapshot[key] for key in (
        "decided_in", "awarded", "payable_by", "payment_due", "version")}
        | {"findings": [{"against": f["against"],
                         "watchlisted_employer_id": f["watchlisted_employer_id"]}
                        for f in snapshot["findings"]]}}


async def record_correction(uow: UnitOfWork, row: DisputeRow, plan: OutcomePlan, *,
                            current: OutcomeRow, current_findings: list[FindingRow],
                            reason: str, reference: str, actor: Principal
                            ) -> dict[str, Any]:
    """Put a corrected version in force: the award its payments count against, the findings
    (those dropped stay on record, superseded) and a new version beside the first. Returns
    what changed, for the timeline and the audit log."""
    before = terms_of(current, current_findings)
    await repo.update_outcome(
        uow.conn, row["id"], summary=plan.summary,
        awarded_amount=plan.awarded.amount if plan.awarded else Decimal(0),
        currency=plan.awarded.currency if plan.awarded else None,
        payable_by=plan.payable_by, payment_due=plan.payment_due, version=plan.version,
    )
    kept_rows = {k for k in plan.kept if k >= 0}
    dropped = [f["id"] for i, f in enumerate(current_findings) if i not in kept_rows]
    await repo.supersede_findings(uow.conn, dropped, version=plan.version)
    earlier_listing = next((f["watchlisted_employer_id"] for f in current_findings
                            if f["watchlisted_employer_id"] is not None), None)
    listed: list[int | None] = []
    for finding, k in zip(plan.findings, plan.kept, strict=True):
        if k >= 0:
            listed.append(current_findings[k]["watchlisted_employer_id"])
            continue
        listed_id = None
        if finding.watchlist_employer:
            # The case has one employer: a watchlisting already made stands for it.
            listed_id = earlier_listing or await _watchlist(
                uow, row, finding.summary, reference=reference, actor=actor)
        await repo.insert_finding(uow.conn, dispute_id=row["id"], agency_id=row["agency_id"],
                                  against=finding.against, summary=finding.summary,
                                  watchlisted_employer_id=listed_id,
                                  outcome_version=plan.version)
        listed.append(listed_id)
    snapshot = _snapshot(plan, listed)
    await _write_version(uow, row, plan, snapshot, actor=actor, reason=reason)
    after = plan.terms()
    changed = changed_parts(before, after)
    return {"outcome_version": plan.version, "changed": changed,
            "before": {part: _jsonable_part(getattr(before, part)) for part in changed},
            "after": {part: _jsonable_part(getattr(after, part)) for part in changed}}


def _jsonable_part(value: Any) -> Any:
    if isinstance(value, Money):
        return value.model_dump(mode="json")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return [v.model_dump(mode="json") for v in value]
    return value


async def versions(uow: UnitOfWork, dispute_id: int) -> list[OutcomeVersionOut]:
    """Every version of a case's decision, the first first."""
    return [OutcomeVersionOut(
        version=v["version"], decided_in=v["decided_in"],
        settlement_body_id=v["settlement_body_id"], summary=v["summary"],
        awarded=(Money(amount=v["awarded_amount"], currency=cast(str, v["currency"]))
                 if v["awarded_amount"] else None),
        payable_by=v["payable_by"], payment_due=v["payment_due"],
        findings=[FindingLineOut(against=f["against"], summary=f["summary"],
                                 watchlist_employer=f["watchlisted_employer_id"] is not None)
                  for f in v["findings"]],
        reason=v["reason"], recorded_by_role=v["recorded_by_role"],
        recorded_at=v["recorded_at"],
    ) for v in await repo.list_outcome_versions(uow.conn, dispute_id)]
