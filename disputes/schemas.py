"""Dispute input and output shapes."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StringConstraints,
    ValidationError,
    model_validator,
)
from pydantic_core import InitErrorDetails

from core.validation import (
    Address,
    CountryCode,
    CurrencyCode,
    Email,
    Money,
    Name,
    Phone,
    Reason,
    ShortText,
    check_amounts,
)
from disputes.rules import DisputeAction, DisputeKind, DisputeStatus
from missions.schemas import Kinds, Region

RecordId = Annotated[int, Field(ge=1, le=2**63 - 1)]
Description = Annotated[str, StringConstraints(strip_whitespace=True, min_length=10,
                                               max_length=10_000)]
Amount = Annotated[Decimal, Field(ge=0, max_digits=16, decimal_places=2)]
Provision = Literal["free", "paid", "none"]
FoundVia = Literal["social_media", "acquaintance", "street_market", "advert", "other"]
Authority = Literal["police", "prosecutor"]
Queue = Literal["fallback", "supervisor"]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


# A case is one migrant's: a billion in its currency (some 80,000 US dollars in sums, 11
# million in roubles) is beyond what one worker is owed, so a larger figure is a slip of
# the keyboard that a preview's warning alone would let through into a decision.
CASE_AMOUNT_MAX = Decimal(1_000_000_000)


def _within_case_max(money: Money) -> Money:
    check_amounts(((), money))  # no finer than its currency counts: 350.5 yen is no award
    if money.amount > CASE_AMOUNT_MAX:
        raise ValidationError.from_exception_data("Money", [InitErrorDetails(
            type="less_than_equal", ctx={"le": CASE_AMOUNT_MAX}, loc=("amount",),
            input=money.amount)])
    return money


# An amount a case claims or awards: money, at most CASE_AMOUNT_MAX.
CaseAmount = Annotated[Money, AfterValidator(_within_case_max)]


# --- intake ------------------------------------------------------------------------------


class ComplainantIn(_In):
    full_name: Name
    phone: Phone | None = None
    email: Email | None = None


class ReportedWage(_In):
    amount: Annotated[Decimal, Field(gt=0, max_digits=16, decimal_places=2)]
    currency: CurrencyCode
    period: Literal["hour", "week", "month"]


class ReportedTermsIn(_In):
    """The terms the migrant actually works on, as they report them."""

    wage: ReportedWage | None = None
    hours_per_week: Annotated[Decimal, Field(gt=0, le=168, max_digits=5,
                                             decimal_places=2)] | None = None
    housing: Provision | None = None
    meals: Provision | None = None
    fee_paid: Money | None = Field(default=None, description="what the migrant paid to be "
                                   "recruited")


class RecruiterIn(_In):
    """A recruiter who is not in the register, as the migrant knows them."""

    full_name: Name = Field(description="the name the recruiter gave")
    phone: Phone = Field(description="the number the migrant reached them on")
    address: Address | None = Field(default=None, description="where they met, if known")
    found_via: FoundVia = Field(description="how the recruiter found the migrant")
    found_via_detail: Annotated[str, StringConstraints(
        strip_whitespace=True, min_length=2, max_length=500)] | None = Field(
        default=None, description="in the migrant's words (which page, which market); "
        "required when found_via is other")


class DisputeIn(_In):
    kind: DisputeKind
    migrant_id: RecordId | None = Field(
        default=None, description="centre staff: the centre's migrant the case is for")
    referral_id: RecordId | None = Field(
        default=None, description="the referral that led to the job, if there was one")
    vacancy_id: RecordId | None = Field(
        default=None, description="the vacancy the migrant was recruited for, if known")
    agency_id: RecordId | None = Field(
        default=None, description="the agency concerned, whatever its licence status (taken "
        "from the referral or vacancy when omitted)")
    recruiter: RecruiterIn | None = Field(
        default=None, description="instead of an agency: the recruiter who is not in the "
        "register")
    employer_name: Name | None = None
    employer_registration_number: ShortText | None = None
    country: CountryCode = Field(description="the country of work")
    region: Region = Field(description="the region (province, oblast) of work")
    claimed: CaseAmount | None = Field(default=None, description="the amount claimed, if "
                                       "any")
    description: Description
    reported_terms: ReportedTermsIn | None = None
    complainant: ComplainantIn | None = Field(
        default=None, description="who complains and how to reach them; required when an "
        "attaché files, otherwise taken from the migrant's record")

    @model_validator(mode="after")
    def _whole_units(self) -> DisputeIn:
        # Checked as filed, not in Money or ReportedTermsIn: a case's amounts are read back
        # through them, and one kept from before the check must still read.
        terms = self.reported_terms
        check_amounts((("reported_terms", "wage"), terms.wage if terms else None),
                      (("reported_terms", "fee_paid"), terms.fee_paid if terms else None))
        return self


# --- steps of the lifecycle --------------------------------------------------------------


class FindingIn(_In):
    against: Literal["agency", "employer"]
    summary: Reason
    watchlist_employer: StrictBool = Field(
        default=False, description="put the employer on the watchlist (employer findings)")


class OutcomeIn(_In):
    summary: Reason
    awarded: CaseAmount | None = Field(default=None, description="the amount awarded, if "
                                       "any; at most 1,000,000,000 in its currency")
    payable_by: Literal["agency", "employer"] | None = None
    payment_due: date | None = Field(
        default=None, description="when the award must be paid, at most a year ahead (by "
        "default DISPUTE_AWARD_PAYMENT_DAYS from today)")
    findings: Annotated[list[FindingIn], Field(max_length=20)] = []


class DisputeTransitionIn(_In):
    action: DisputeAction
    reason: Reason | None = None
    expected_version: Annotated[int, Field(ge=1)] | None = None
    mission_id: RecordId | None = Field(default=None, description="assign/reassign only")
    attache_id: RecordId | None = Field(
        default=None, description="assign/reassign only (by default the mission's attaché "
        "with the fewest open cases)")
    settlement_body_id: RecordId | None = Field(
        default=None, description="assign, reassign or refer (by default the competent one)")
    outcome: OutcomeIn | None = Field(default=None, description="resolve and decide only")
    confirm: StrictBool = Field(
        default=False, description="resolve and decide: true to record the outcome, once "
        "what POST /disputes/{id}/transitions/preview shows was checked; without it "
        "nothing is recorded")


class OutcomeCorrectionIn(_In):
    """A corrected version of a recorded decision, in full, and why it is corrected."""

    outcome: OutcomeIn
    reason: Reason = Field(description="why the decision is corrected (kept in its history)")
    expected_version: Annotated[int, Field(ge=1)] | None = Field(
        default=None, description="the version of the decision you corrected")
    confirm: StrictBool = Field(
        default=False, description="true to record the correction, once what POST "
        "/disputes/{id}/outcome/corrections/preview shows was checked")


class RecoveryIn(_In):
    amount: Money
    note: Reason | None = None

    @model_validator(mode="after")
    def _whole_units(self) -> RecoveryIn:
        check_amounts((("amount",), self.amount))
        return self


class DepositDrawIn(_In):
    amount: Money | None = Field(default=None, description="by default all that is unpaid")
    reason: Reason
    confirm: StrictBool = Field(
        default=False, description="true to draw, once what POST "
        "/disputes/{id}/deposit-draws/preview shows was checked")

    @model_validator(mode="after")
    def _whole_units(self) -> DepositDrawIn:
        check_amounts((("amount",), self.amount))
        return self


class TopUpIn(_In):
    amount: Money
    reason: Reason | None = None

    @model_validator(mode="after")
    def _whole_units(self) -> TopUpIn:
        check_amounts((("amount",), self.amount))
        return self


class RecruiterReferralIn(_In):
    authority: Authority = Field(description="where the regulator sent the reports")
    note: Reason = Field(description="what was sent and to whom (a letter's number)")


class RoutingFeedbackIn(_In):
    correct: StrictBool
    comment: Reason | None = None


# --- routing rules -----------------------------------------------------------------------


class AmountRange(_In):
    """From `min` (inclusive) to `max` (exclusive), in `currency`."""

    min: Amount | None = None
    max: Amount | None = None
    currency: CurrencyCode

    @model_validator(mode="after")
    def _bounds(self) -> AmountRange:
        if self.min is None and self.max is None:
            raise ValueError("give min, max or both")
        if self.min is not None and self.max is not None and self.max <= self.min:
            raise ValueError("max must be greater than min")
        return self


class RoutingRuleIn(_In):
    name: Name
    country: CountryCode
    region: Region | None = Field(default=None, description="none: any region")
    kinds: Kinds | None = Field(default=None, description="none: any kind")
    amount: AmountRange | None = Field(default=None, description="none: any amount")
    mission_id: RecordId
    settlement_body_id: RecordId | None = Field(
        default=None, description="none: the competent body is chosen by region and kind")
    priority: Annotated[int, Field(ge=-1000, le=1000)] = 0
    active: StrictBool = True
    expected_version: Annotated[int, Field(ge=1)] | None = Field(
        default=None, description="on update: the version you edited")


class RoutingRuleOut(BaseModel):
    id: int
    name: str
    country: str
    region: str | None
    kinds: list[DisputeKind] | None
    amount: AmountRange | None
    mission_id: int
    settlement_body_id: int | None
    priority: int
    active: bool
    version: int
    created_at: datetime
    updated_at: datetime


# --- outputs -----------------------------------------------------------------------------


class ComplainantOut(BaseModel):
    full_name: str
    phone: str | None = Field(description="hidden from the agency and the settlement body")
    email: str | None = Field(description="hidden from the agency and the settlement body")


class RecruiterOut(BaseModel):
    full_name: str
    phone: str
    address: str | None
    found_via: FoundVia
    found_via_detail: str | None


class TermValueOut(BaseModel):
    """One side of a term as data: a wage (amount, currency, period), hours a week
    (hours), housing or meals (provision), or a fee (amount and currency; 0 is no fee)."""

    amount: Decimal | None = None
    currency: str | None = None
    period: str | None = None
    hours: Decimal | None = None
    provision: str | None = None


class TermLineOut(BaseModel):
    term: str
    promised: str | None
    reported: str | None
    differs: bool | None
    worse: bool | None
    promised_value: TermValueOut | None = None
    reported_value: TermValueOut | None = None


class TermsOut(BaseModel):
    vacancy_id: int
    vacancy_title: str
    vacancy_verified: bool
    lines: list[TermLineOut]
    substitution_suspected: bool


class FindingOut(BaseModel):
    id: int
    against: str
    summary: str
    upheld: bool
    watchlisted_employer_id: int | None
    created_at: datetime


class FindingLineOut(BaseModel):
    """A finding as one version of a decision states it."""

    against: str
    summary: str
    watchlist_employer: bool


class OutcomeVersionOut(BaseModel):
    """One version of a decision as it was recorded; the first is never changed."""

    version: int
    decided_in: str
    settlement_body_id: int | None
    summary: str
    awarded: Money | None
    payable_by: str | None
    payment_due: date | None
    findings: list[FindingLineOut]
    reason: str | None = Field(description="why this version replaced the one before")
    recorded_by_role: str = Field(description="who recorded it (the person is named in "
                                  "the audit log)")
    recorded_at: datetime


class OutcomeOut(BaseModel):
    decided_in: str
    settlement_body_id: int | None
    summary: str
    awarded: Money | None
    recovered: Money | None
    outstanding: Money | None
    payable_by: str | None
    payment_due: date | None
    findings: list[FindingOut]
    recorded_at: datetime = Field(description="when the decision was first recorded")
    version: int = Field(description="the version in force (1 until corrected)")
    correctable_until: datetime = Field(
        description="until when the body that made the decision may correct it")
    may_correct: bool = Field(description="whether the viewer may correct it now")
    versions: list[OutcomeVersionOut] = Field(description="every version, the first first")


# --- what a decision would record ----------------------------------------------------------


class OutcomeTermsOut(BaseModel):
    """What a decision states: the summary, the award and the findings."""

    summary: str
    awarded: Money | None
    payable_by: str | None
    payment_due: date | None
    findings: list[FindingLineOut]


class DecisionPartiesOut(BaseModel):
    complainant: str
    agency_id: int | None = Field(description="none when the case is against a recruiter "
                                  "who is not in the register")
    agency_name: str | None
    employer_name: str | None
    decided_in: str = Field(description="mediation or settlement_body")
    settlement_body_id: int | None = Field(description="the body that decides, if it is one")
    claimed: Money | None = Field(default=None, description="what the complainant claimed, "
                                  "beside which an award is read")


class DecisionNextOut(BaseModel):
    """What follows once the decision is recorded."""

    status_after: DisputeStatus
    notices: list[str] = Field(description="who is told: migrant, centre, attache, "
                               "settlement_body, agency")
    payable_by: str | None
    payment_due: date | None = Field(description="the award's payment deadline")
    deposit_answers: bool = Field(description="an award against the agency unpaid by its "
                                  "deadline may be drawn from its security deposit")
    watchlist_employer: str | None = Field(description="the employer put on the watchlist")
    rating_findings_before: int = Field(description="this case's upheld findings against "
                                        "the agency that its rating counts now")
    rating_findings_after: int = Field(description="... and once this is recorded")
    correctable_until: datetime


class DecisionPreviewOut(BaseModel):
    """Exactly what recording (or correcting) a decision would write; nothing is written."""

    dispute_id: int
    reference: str
    kind: Literal["record", "correction"]
    action: DisputeAction | None
    version: int = Field(description="the version this would record")
    parties: DecisionPartiesOut
    outcome: OutcomeTermsOut
    previous: OutcomeTermsOut | None = Field(description="corrections: the version in force")
    changed: list[str] = Field(description="corrections: what differs from the version in "
                               "force (summary, awarded, payable_by, payment_due, findings)")
    reason: str | None
    next: DecisionNextOut


class DepositDrawPreviewOut(BaseModel):
    """Exactly what a draw on the agency's security deposit would write; nothing is
    written."""

    dispute_id: int
    reference: str
    agency_id: int
    agency_name: str
    amount: Money
    payment_due: date = Field(description="the deadline the award missed")
    outstanding_before: Money
    outstanding_after: Money
    balance_before: Money
    balance_after: Money
    top_up_owed_after: Money
    reason: str
    notices: list[str]
    rating_deposit_draws_before: int
    rating_deposit_draws_after: int


class EvidenceOut(BaseModel):
    id: int
    filename: str
    content_type: str
    size_bytes: int
    sha256: str
    uploaded_by_role: str
    uploaded_at: datetime


MessageText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1,
                                               max_length=4000)]


class MessageIn(_In):
    body: MessageText = Field(description="what the writer says to the others on the case")


class MessageOut(BaseModel):
    id: int
    body: str
    author_role: str
    author_name: str
    created_at: datetime


class RoutingOut(BaseModel):
    decision_id: int
    kind: str
    rule_id: int | None
    mission_id: int | None
    settlement_body_id: int | None
    attache_id: int | None
    explanation: str
    facts: dict[str, Any] | None = Field(
        description="what the explanation says, as data (none for decisions made before "
                    "decisions kept it)")
    decided_at: datetime


class DisputeSummaryOut(BaseModel):
    """A case in a list or queue: no personal data."""

    id: int
    reference: str
    kind: DisputeKind
    status: DisputeStatus
    agency_id: int | None = Field(description="none: the case is against a recruiter who "
                                  "is not in the register")
    country: str
    region: str
    claimed: Money | None
    mission_id: int | None
    assigned_attache_id: int | None
    queue: Queue | None
    stage: str | None
    stage_deadline: datetime | None
    overdue: bool
    escalation_count: int
    filed_at: datetime
    updated_at: datetime


class DisputeOut(DisputeSummaryOut):
    version: int
    agency_name: str | None
    recruiter: RecruiterOut | None = Field(
        description="the recruiter not in the register the case is against")
    employer_id: int | None
    employer_name: str | None
    vacancy_id: int | None
    referral_id: int | None
    migrant_id: int | None
    filed_by_role: str
    filing_centre_id: int | None
    complainant: ComplainantOut
    description: str
    reported_terms: ReportedTermsIn | None
    terms: TermsOut | None
    settlement_body_id: int | None = Field(description="the competent body routing chose")
    referred_body_id: int | None
    routing: RoutingOut | None
    outcome: OutcomeOut | None
    evidence: list[EvidenceOut] = Field(description="empty for those who may not see it")
    allowed_actions: list[str] = Field(description="what the viewer may do now")


class FiledDisputeOut(DisputeOut):
    """The case a filing opened, or the complainant's open case it joined."""

    joined: bool = Field(description="true when the complainant already had an open case of "
                         "this kind against this agency or recruiter: the filing was added "
                         "to that case (its statement in the history) and no case was opened")


class EventOut(BaseModel):
    id: int
    action: str
    from_status: str | None
    to_status: str | None
    actor_role: str
    reason: str | None
    deadline: datetime | None
    data: dict[str, object]
    created_at: datetime


class EscalationOut(BaseModel):
    id: int
    status: str
    missed_deadline: datetime
    from_attache_id: int | None
    to_attache_id: int | None
    to_queue: str | None
    escalated_at: datetime


class HistoryOut(BaseModel):
    events: list[EventOut]
    escalations: list[EscalationOut]


class RoutingDecisionOut(RoutingOut):
    dispute_id: int
    rule_snapshot: dict[str, object] | None
    open_cases: dict[str, int]
    decided_by_role: str
    marked_correct: int
    marked_wrong: int
    my_mark: bool | None


class DepositMovementOut(BaseModel):
    id: int
    kind: str
    amount: Money
    dispute_id: int | None
    balance_after: Decimal
    top_up_owed_after: Decimal
    actor_label: str
    reason: str | None
    created_at: datetime


class DepositOut(BaseModel):
    agency_id: int
    licence_id: int
    opening_balance: Money
    balance: Money
    top_up_owed: Money
    movements: list[DepositMovementOut]


class ReportedCaseOut(BaseModel):
    """One report in the queue of unlicensed recruiters: nothing about the migrant."""

    dispute_id: int
    reference: str
    url: str
    kind: DisputeKind
    status: DisputeStatus
    country: str
    region: str
    found_via: FoundVia
    found_via_detail: str | None
    filed_at: datetime
    referral_id: int | None


class RecruiterReferralOut(BaseModel):
    id: int
    authority: Authority
    note: str
    referred_by_user_id: int
    referred_at: datetime
    reports: int = Field(description="how many of the recruiter's reports it covered")


class UnlicensedRecruiterOut(BaseModel):
    """A recruiter who is not in the register, gathered from every report of them."""

    entry_id: int = Field(description="the first report's dispute id; any report's id "
                          "names the entry")
    names: list[str]
    phones: list[str] = Field(description="as typed")
    phone_keys: list[str] = Field(description="digits with the country code")
    addresses: list[str]
    reports: int
    unreferred_reports: int = Field(description="reports no referral covers yet")
    countries: list[str]
    first_reported_at: datetime
    last_reported_at: datetime
    cases: list[ReportedCaseOut]
    referrals: list[RecruiterReferralOut]
