"""The rows the disputes domain's repository returns: one TypedDict per query shape, so a
misspelt column fails type checking. They are plain dicts at run time."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any, Literal, TypedDict

WagePeriod = Literal["hour", "week", "month"]
Provision = Literal["free", "paid", "none"]
FoundVia = Literal["social_media", "acquaintance", "street_market", "advert", "other"]


class DisputeRow(TypedDict):
    id: int
    kind: str
    status: str
    version: int
    agency_id: int | None
    employer_id: int | None
    employer_name: str | None
    employer_registration_number: str | None
    vacancy_id: int | None
    referral_id: int | None
    migrant_id: int | None
    migrant_user_id: int | None
    filed_by_user_id: int
    filed_by_role: str
    filing_centre_id: int | None
    complainant_name: str
    complainant_phone: str | None
    complainant_email: str | None
    country: str
    region: str
    region_key: str
    claimed_amount: Decimal | None
    claimed_currency: str | None
    description: str
    reported_wage_amount: Decimal | None
    reported_wage_currency: str | None
    reported_wage_period: WagePeriod | None
    reported_hours_per_week: Decimal | None
    reported_housing: Provision | None
    reported_meals: Provision | None
    reported_fee_amount: Decimal | None
    reported_fee_currency: str | None
    mission_id: int | None
    settlement_body_id: int | None
    referred_body_id: int | None
    assigned_attache_id: int | None
    queue: str | None
    stage_deadline: datetime | None
    escalation_count: int
    filed_at: datetime
    assigned_at: datetime | None
    acknowledged_at: datetime | None
    acknowledged_by: int | None
    acknowledge_interval: timedelta | None
    concluded_at: datetime | None
    concluded_by_attache_id: int | None
    closed_at: datetime | None
    updated_at: datetime
    complainant_key: str | None
    party_key: str | None


class RecruiterRow(TypedDict):
    dispute_id: int
    full_name: str
    name_key: str
    phone: str
    phone_key: str
    address: str | None
    found_via: FoundVia
    found_via_detail: str | None
    referral_id: int | None
    created_at: datetime


class RecruiterReferralRow(TypedDict):
    id: int
    authority: str
    note: str
    referred_by_user_id: int
    referred_at: datetime


class DisputeEventRow(TypedDict):
    id: int
    dispute_id: int
    action: str
    from_status: str | None
    to_status: str | None
    actor_user_id: int | None
    actor_role: str
    reason: str | None
    deadline: datetime | None
    data: Any
    created_at: datetime


class EscalationRow(TypedDict):
    id: int
    dispute_id: int
    status: str
    missed_deadline: datetime
    from_attache_id: int | None
    to_attache_id: int | None
    to_queue: str | None
    escalated_at: datetime


class RoutingRuleRow(TypedDict):
    id: int
    name: str
    country: str
    region: str | None
    region_key: str | None
    kinds: list[str] | None
    min_amount: Decimal | None
    max_amount: Decimal | None
    currency: str | None
    mission_id: int
    settlement_body_id: int | None
    priority: int
    active: bool
    version: int
    created_at: datetime
    updated_at: datetime


class RoutingDecisionRow(TypedDict):
    id: int
    dispute_id: int
    kind: str
    rule_id: int | None
    rule_snapshot: Any | None
    mission_id: int | None
    settlement_body_id: int | None
    attache_id: int | None
    open_cases: Any
    explanation: str
    facts: Any | None
    decided_by_user_id: int | None
    decided_by_role: str
    decided_at: datetime


class EvidenceRow(TypedDict):
    id: int
    dispute_id: int
    filename: str
    content_type: str
    size_bytes: int
    sha256: str
    uploaded_by_user_id: int
    uploaded_by_role: str
    uploaded_at: datetime


class MessageRow(TypedDict):
    id: int
    dispute_id: int
    body: str
    author_user_id: int
    author_role: str
    created_at: datetime


class OutcomeRow(TypedDict):
    dispute_id: int
    decided_in: str
    settlement_body_id: int | None
    summary: str
    awarded_amount: Decimal
    recovered_amount: Decimal
    currency: str | None
    payable_by: str | None
    payment_due: date | None
    recorded_by_user_id: int | None
    recorded_at: datetime
    updated_at: datetime
    version: int


class FindingRow(TypedDict):
    id: int
    dispute_id: int
    agency_id: int | None
    against: str
    summary: str
    upheld: bool
    watchlisted_employer_id: int | None
    created_at: datetime
    outcome_version: int
    superseded_in_version: int | None
    superseded_at: datetime | None


class OutcomeVersionRow(TypedDict):
    id: int
    dispute_id: int
    version: int
    decided_in: str
    settlement_body_id: int | None
    summary: str
    awarded_amount: Decimal
    currency: str | None
    payable_by: str | None
    payment_due: date | None
    findings: Any
    reason: str | None
    recorded_by_user_id: int | None
    recorded_by_role: str
    recorded_by_label: str
    recorded_at: datetime


class DepositAccountRow(TypedDict):
    agency_id: int
    licence_id: int
    currency: str
    opening_balance: Decimal
    balance: Decimal
    top_up_owed: Decimal
    version: int
    opened_at: datetime
    updated_at: datetime


class DepositMovementRow(TypedDict):
    id: int
    agency_id: int
    kind: str
    amount: Decimal
    currency: str
    dispute_id: int | None
    balance_after: Decimal
    top_up_owed_after: Decimal
    actor_user_id: int | None
    actor_label: str
    reason: str | None
    created_at: datetime


class DisputeMarkRow(DisputeRow):
    """A dispute with its licence mark still in force, if any (`disputes_to_mark`)."""

    mark_id: int | None
    mark_hold: str | None


class CaseloadRow(TypedDict):
    """An attaché's open cases, deadlines and medians (`caseload`)."""

    open_cases: int
    by_status: Any
    overdue: int
    in_supervisor_queue: int
    next_deadline: datetime | None
    acknowledged: int
    median_ack_seconds: float | None
    concluded: int
    median_resolve_seconds: float | None


class RecruiterReportRow(TypedDict):
    """A report of a recruiter not in the register, with what the queue shows of its case."""

    dispute_id: int
    full_name: str
    name_key: str
    phone: str
    phone_key: str
    address: str | None
    found_via: FoundVia
    found_via_detail: str | None
    referral_id: int | None
    kind: str
    status: str
    country: str
    region: str
    filed_at: datetime


class RecruiterReferralCountRow(RecruiterReferralRow):
    """A referral to an authority with the number of reports it covers."""

    reports: int


class RoutingDecisionMarkedRow(RoutingDecisionRow):
    """A routing decision with its marks, and the viewer's own (`_DECISION_COLUMNS`)."""

    marked_correct: int
    marked_wrong: int
    my_mark: bool | None


class MessageAuthorRow(MessageRow):
    """A case's message with its author's name."""

    author_name: str


class AgencyRecordRow(TypedDict):
    """What an agency's rating counts of its disputes, findings and deposit draws."""

    agency_id: int
    disputes: int
    disputes_open: int
    upheld_findings: int
    upheld_findings_since: int
    latest_upheld_finding_at: datetime | None
    deposit_draws: int
    latest_deposit_draw_at: datetime | None
