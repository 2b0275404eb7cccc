"""Pure dispute rules: the case state machine, who may take each step, stage deadlines, and
the side-by-side of promised and reported terms."""

from __future__ import annotations

import dataclasses
import enum
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from disputes.exceptions import IllegalTransition
from disputes.recruiter_rules import person_key, phone_is_plausible, phone_key
from missions.rules import DisputeKind as DisputeKind
from missions.rules import SettlementBodyKind as SettlementBodyKind


class DisputeStatus(enum.StrEnum):
    FILED = "filed"
    ASSIGNED = "assigned"
    ACKNOWLEDGED = "acknowledged"
    IN_MEDIATION = "in_mediation"
    RESOLVED = "resolved"
    REFERRED = "referred"
    DECIDED = "decided"
    CLOSED = "closed"
    WITHDRAWN = "withdrawn"


class DisputeAction(enum.StrEnum):
    ASSIGN = "assign"
    REASSIGN = "reassign"
    ESCALATE = "escalate"
    ACKNOWLEDGE = "acknowledge"
    START_MEDIATION = "start_mediation"
    RESOLVE = "resolve"
    REFER = "refer"
    DECIDE = "decide"
    CLOSE = "close"
    WITHDRAW = "withdraw"


class Party(enum.StrEnum):
    """How an actor stands towards one case."""

    OFFICIAL = "official"  # regulator or administrator
    ATTACHE = "attache"  # the attaché the case is assigned to
    SETTLEMENT_BODY = "settlement_body"  # a member of the body the case was referred to
    COMPLAINANT = "complainant"  # the migrant, or staff of the centre that filed
    SYSTEM = "system"  # routing and scheduled escalation


S = DisputeStatus
A = DisputeAction
P = Party

# The one place that says which action moves a dispute from which state to which.
TRANSITIONS: dict[tuple[DisputeStatus, DisputeAction], DisputeStatus] = {
    (S.FILED, A.ASSIGN): S.ASSIGNED,
    (S.FILED, A.WITHDRAW): S.WITHDRAWN,
    (S.ASSIGNED, A.REASSIGN): S.ASSIGNED,
    (S.ASSIGNED, A.ESCALATE): S.ASSIGNED,
    (S.ASSIGNED, A.ACKNOWLEDGE): S.ACKNOWLEDGED,
    (S.ASSIGNED, A.WITHDRAW): S.WITHDRAWN,
    (S.ACKNOWLEDGED, A.REASSIGN): S.ACKNOWLEDGED,
    (S.ACKNOWLEDGED, A.ESCALATE): S.ACKNOWLEDGED,
    (S.ACKNOWLEDGED, A.START_MEDIATION): S.IN_MEDIATION,
    (S.ACKNOWLEDGED, A.REFER): S.REFERRED,
    (S.ACKNOWLEDGED, A.WITHDRAW): S.WITHDRAWN,
    (S.IN_MEDIATION, A.REASSIGN): S.IN_MEDIATION,
    (S.IN_MEDIATION, A.ESCALATE): S.IN_MEDIATION,
    (S.IN_MEDIATION, A.RESOLVE): S.RESOLVED,
    (S.IN_MEDIATION, A.REFER): S.REFERRED,
    (S.IN_MEDIATION, A.WITHDRAW): S.WITHDRAWN,
    (S.REFERRED, A.REASSIGN): S.REFERRED,
    (S.REFERRED, A.ESCALATE): S.REFERRED,
    (S.REFERRED, A.DECIDE): S.DECIDED,
    (S.REFERRED, A.WITHDRAW): S.WITHDRAWN,
    (S.RESOLVED, A.CLOSE): S.CLOSED,
    (S.DECIDED, A.CLOSE): S.CLOSED,
}

# Who may take each action (the system routes and escalates; people do the rest).
ACTORS: dict[DisputeAction, frozenset[Party]] = {
    A.ASSIGN: frozenset({P.OFFICIAL, P.SYSTEM}),
    A.REASSIGN: frozenset({P.OFFICIAL, P.SYSTEM}),
    A.ESCALATE: frozenset({P.SYSTEM}),
    A.ACKNOWLEDGE: frozenset({P.ATTACHE}),
    A.START_MEDIATION: frozenset({P.ATTACHE}),
    A.RESOLVE: frozenset({P.ATTACHE}),
    A.REFER: frozenset({P.ATTACHE}),
    A.DECIDE: frozenset({P.SETTLEMENT_BODY}),
    A.CLOSE: frozenset({P.ATTACHE, P.OFFICIAL}),
    A.WITHDRAW: frozenset({P.COMPLAINANT, P.ATTACHE}),
}

# Steps that must say why.
REASON_REQUIRED = frozenset({A.REASSIGN, A.WITHDRAW})

# Steps that conclude a case with an outcome (amounts and findings).
OUTCOME_ACTIONS = frozenset({A.RESOLVE, A.DECIDE})

# A case is open (counts towards an attaché's caseload) until it is concluded.
OPEN_STATES = frozenset({S.FILED, S.ASSIGNED, S.ACKNOWLEDGED, S.IN_MEDIATION, S.REFERRED})
CONCLUDED_STATES = frozenset({S.RESOLVED, S.DECIDED, S.CLOSED})

_ORDER = list(DisputeAction)

_ACTOR_WORDS = {
    P.OFFICIAL: "a regulator",
    P.ATTACHE: "the assigned labour attaché",
    P.SETTLEMENT_BODY: "the settlement body the case was referred to",
    P.COMPLAINANT: "the migrant or the centre that filed",
    P.SYSTEM: "the system",
}


def allowed_actions(status: DisputeStatus, parties: frozenset[Party] | None = None) -> list[str]:
    """What may be done to a dispute in `status` (by someone standing as one of `parties`)."""
    found = [
        action for (src, action) in TRANSITIONS
        if src == status and (
            ACTORS[action] - {P.SYSTEM} if parties is None else ACTORS[action] & parties)
    ]
    return [a.value for a in sorted(found, key=_ORDER.index)]


def next_status(status: DisputeStatus, action: DisputeAction) -> DisputeStatus:
    """The state after `action`, or IllegalTransition naming what people may do instead."""
    try:
        return TRANSITIONS[(status, action)]
    except KeyError:
        raise IllegalTransition(
            action=action.value, status=status.value, allowed=allowed_actions(status)
        ) from None


def who_may(action: DisputeAction) -> str:
    """The people who may take `action`, in words."""
    return " or ".join(_ACTOR_WORDS[p] for p in P if p in ACTORS[action])


# --- one open case per complaint ------------------------------------------------------


def complainant_key(*, migrant_id: int | None, name: str, phone: str | None,
                    home: str | None) -> str:
    """Who complains, so that two filings by one person meet: the migrant's record when
    there is one (whether the migrant or their centre files), otherwise the phone number
    given (normalised, as a recruiter's is) or, without a usable one, the name."""
    if migrant_id is not None:
        return f"migrant:{migrant_id}"
    if phone is not None and phone_is_plausible(phone):
        return f"phone:{phone_key(phone, home=home)}"
    return f"name:{person_key(name)}"


def party_key(*, agency_id: int | None, recruiter_phone_key: str | None) -> str:
    """Whom a case is against: an agency in the register, or a recruiter who is not, by the
    phone number the migrant reached them on (the one detail every report has and spelling
    does not change)."""
    if agency_id is not None:
        return f"agency:{agency_id}"
    if recruiter_phone_key is None:
        raise ValueError("a case is against an agency or a recruiter")
    return f"recruiter:{recruiter_phone_key}"


# --- what each side sees of a case's history --------------------------------------------


def event_data_for(action: str, data: dict[str, object], *, sees_evidence: bool
                   ) -> dict[str, object]:
    """A step's recorded details as a viewer may see them. Those who may not see the
    evidence (the agency concerned) learn that files were added and how many, never which:
    no ids, checksums, sizes or types."""
    if sees_evidence or action != "add_evidence":
        return data
    files = data.get("files")
    return {"file_count": len(files) if isinstance(files, list) else 0}


# --- deadlines -------------------------------------------------------------------------


@dataclass(frozen=True)
class StageDays:
    acknowledge: int
    mediation: int
    decision: int


STAGE_OF: dict[DisputeStatus, str] = {
    S.ASSIGNED: "acknowledge",
    S.ACKNOWLEDGED: "mediation",
    S.IN_MEDIATION: "mediation",
    S.REFERRED: "decision",
}


def deadline_after(
    action: DisputeAction, target: DisputeStatus, *, now: datetime,
    current: datetime | None, days: StageDays,
) -> datetime | None:
    """The deadline of the stage a case is in after `action`.

    Acknowledgement opens the mediation window, which starting mediation does not
    restart; a reassigned case gives its new attaché the whole window of the stage
    again, except a referred one, whose clock is the settlement body's; an escalated
    case waits in the supervisors' queue without a deadline.
    """
    if action == A.ESCALATE or target not in STAGE_OF:
        return None
    if action == A.START_MEDIATION or (action == A.REASSIGN and target == S.REFERRED):
        return current
    window = {"acknowledge": days.acknowledge, "mediation": days.mediation,
              "decision": days.decision}[STAGE_OF[target]]
    return now + timedelta(days=window)


def is_overdue(deadline: datetime | None, now: datetime) -> bool:
    return deadline is not None and deadline < now


# Steps that do not take a case on to its next stage: someone else takes it over, or it ends
# unresolved. Whoever may take one of the others is who the stage waits for.
_NOT_NEXT = frozenset({A.REASSIGN, A.ESCALATE, A.WITHDRAW})


def deadline_parties(status: DisputeStatus) -> frozenset[Party]:
    """Who takes the next step of a stage, the one its deadline is for (never the system;
    nor a regulator, who steps in only when the case is stuck)."""
    found: set[Party] = set()
    for (src, action) in TRANSITIONS:
        if src == status and action not in _NOT_NEXT:
            found |= ACTORS[action]
    return frozenset(found - {P.SYSTEM, P.OFFICIAL})


def deadline_is_near(deadline: datetime | None, now: datetime, window: timedelta) -> bool:
    """Whether a stage deadline falls within `window` from now (a passed one is
    escalation's business, not a reminder's)."""
    return deadline is not None and now <= deadline <= now + window


class AwardReminder(enum.StrEnum):
    DUE = "due"  # the payment date is near
    OVERDUE = "overdue"  # it has passed unpaid


def award_reminder(*, payment_due: date, today: date, days_before: int
                   ) -> AwardReminder | None:
    """Which reminder an unpaid award calls for today: from `days_before` days before its
    payment date up to that day, that it is due; after it (the deposit can then be drawn
    on), that it is overdue."""
    if today > payment_due:
        return AwardReminder.OVERDUE
    if today >= payment_due - timedelta(days=days_before):
        return AwardReminder.DUE
    return None


# --- promised and reported terms ------------------------------------------------------

WEEKS_PER_MONTH = Decimal(52) / Decimal(12)
_PROVISION = {"none": 0, "paid": 1, "free": 2}


@dataclass(frozen=True)
class Terms:
    """A job's terms, as verified in a vacancy or as a migrant reports living them."""

    wage_amount: Decimal | None = None
    wage_currency: str | None = None
    wage_period: str | None = None
    hours_per_week: Decimal | None = None
    housing: str | None = None
    meals: str | None = None
    fee_amount: Decimal | None = None
    fee_currency: str | None = None


@dataclass(frozen=True)
class TermValue:
    """One side of a term as data, for pages to put in the reader's words: a wage (amount,
    currency, period), hours a week, a provision (free, paid, none), or a fee (amount and
    currency; an amount of 0 is no fee)."""

    amount: Decimal | None = None
    currency: str | None = None
    period: str | None = None
    hours: Decimal | None = None
    provision: str | None = None


@dataclass(frozen=True)
class TermLine:
    term: str
    promised: str | None
    reported: str | None
    differs: bool | None  # None: one side is unknown
    worse: bool | None  # for the migrant; None when it cannot be told
    promised_value: TermValue | None = None
    reported_value: TermValue | None = None


def monthly(amount: Decimal, period: str, hours_per_week: Decimal | None) -> Decimal | None:
    """A wage per hour, week or month, per month (None when hours are needed but unknown)."""
    if period == "month":
        value = amount
    elif period == "week":
        value = amount * WEEKS_PER_MONTH
    elif hours_per_week is None:
        return None
    else:
        value = amount * hours_per_week * WEEKS_PER_MONTH
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def term_value(terms: Terms, term: str) -> TermValue | None:
    """One term of one side as data; None when that side does not say."""
    if term == "wage":
        return None if terms.wage_amount is None else TermValue(
            amount=terms.wage_amount, currency=terms.wage_currency, period=terms.wage_period)
    if term == "hours_per_week":
        return None if terms.hours_per_week is None else TermValue(hours=terms.hours_per_week)
    if term in ("housing", "meals"):
        provision = getattr(terms, term)
        return None if provision is None else TermValue(provision=provision)
    if term == "worker_fee":
        return None if terms.fee_amount is None else TermValue(
            amount=terms.fee_amount, currency=terms.fee_currency if terms.fee_amount else None)
    raise ValueError(f"no such term: {term}")


def _wage_line(promised: Terms, reported: Terms) -> TermLine:
    def text(t: Terms) -> str | None:
        if t.wage_amount is None:
            return None
        return f"{t.wage_amount} {t.wage_currency} per {t.wage_period}"

    left, right = text(promised), text(reported)
    if left is None or right is None:
        return TermLine("wage", left, right, None, None)
    assert promised.wage_amount is not None and reported.wage_amount is not None
    assert promised.wage_period is not None and reported.wage_period is not None
    if promised.wage_currency != reported.wage_currency:
        return TermLine("wage", left, right, True, None)
    # Hourly wages compare per month at the hours each side states.
    p = monthly(promised.wage_amount, promised.wage_period, promised.hours_per_week)
    r = monthly(reported.wage_amount, reported.wage_period,
                reported.hours_per_week or promised.hours_per_week)
    if p is None or r is None:
        return TermLine("wage", left, right, left != right, None)
    return TermLine("wage", left, right, p != r, r < p)


def _fee_text(amount: Decimal | None, currency: str | None) -> str | None:
    if amount is None:
        return None
    return f"{amount} {currency}" if amount else "none"


def compare_terms(promised: Terms, reported: Terms) -> list[TermLine]:
    """The verified vacancy's terms beside the migrant's, line by line, so that contract
    substitution shows at a glance. Each side comes as plain text (the API's) and as data
    (`*_value`), which pages put in the reader's language."""
    lines = [_wage_line(promised, reported)]

    p_hours, r_hours = promised.hours_per_week, reported.hours_per_week
    lines.append(TermLine(
        "hours_per_week",
        None if p_hours is None else str(p_hours),
        None if r_hours is None else str(r_hours),
        None if p_hours is None or r_hours is None else p_hours != r_hours,
        None if p_hours is None or r_hours is None else r_hours > p_hours,
    ))
    for term in ("housing", "meals"):
        p, r = getattr(promised, term), getattr(reported, term)
        lines.append(TermLine(
            term, p, r,
            None if p is None or r is None else p != r,
            None if p is None or r is None else _PROVISION[r] < _PROVISION[p],
        ))
    p_fee, r_fee = promised.fee_amount, reported.fee_amount
    if p_fee is None or r_fee is None:
        comparable = differs = worse = None
    else:
        # A zero fee compares with any currency.
        comparable = not p_fee or not r_fee or promised.fee_currency == reported.fee_currency
        differs = p_fee != r_fee if comparable else True
        worse = r_fee > p_fee if comparable else None
    lines.append(TermLine("worker_fee", _fee_text(p_fee, promised.fee_currency),
                          _fee_text(r_fee, reported.fee_currency), differs, worse))
    return [dataclasses.replace(line, promised_value=term_value(promised, line.term),
                                reported_value=term_value(reported, line.term))
            for line in lines]


# --- correcting a recorded decision ------------------------------------------------------

# Who may correct a decision: the same body that made it. A mediation result is the assigned
# attaché's, a settlement decision the members' of the body that decided.
CORRECTORS: dict[str, frozenset[Party]] = {
    "mediation": frozenset({P.ATTACHE}),
    "settlement_body": frozenset({P.SETTLEMENT_BODY}),
}
_DECIDER_WORDS = {
    "mediation": "the labour attaché the case is assigned to",
    "settlement_body": "a member of the settlement body that decided",
}


class CorrectionRefusal(enum.StrEnum):
    NOT_THE_DECIDER = "not_the_decider"
    WINDOW_CLOSED = "window_closed"


def correctable_until(recorded_at: datetime, days: int) -> datetime:
    """The last moment a decision recorded at `recorded_at` may be corrected; the window runs
    from the first recording, so a correction never extends it."""
    return recorded_at + timedelta(days=days)


def correction_refusal(decided_in: str, parties: frozenset[Party], *, recorded_at: datetime,
                       now: datetime, days: int) -> CorrectionRefusal | None:
    """Why this actor may not correct the decision now, or None when they may. Who asks is
    checked first: the window means nothing to someone who could never correct."""
    if not CORRECTORS.get(decided_in, frozenset()) & parties:
        return CorrectionRefusal.NOT_THE_DECIDER
    if now > correctable_until(recorded_at, days):
        return CorrectionRefusal.WINDOW_CLOSED
    return None


def who_corrects(decided_in: str) -> str:
    """Who may correct a decision made `decided_in`, in words."""
    return _DECIDER_WORDS[decided_in]


@dataclass(frozen=True)
class FindingLine:
    """A finding as a decision states it (the comparison of two versions uses these)."""

    against: str
    summary: str
    watchlist_employer: bool = False


def upheld_against_agency(findings: list[FindingLine]) -> int:
    """The findings an agency's rating counts: those upheld against the agency itself."""
    return sum(1 for f in findings if f.against == "agency")


def findings_kept(before: list[FindingLine], after: list[FindingLine]) -> list[int]:
    """For each finding of `after`, the index in `before` of the same finding (same party and
    words, and no watchlisting asked that it did not make), or -1 for a new one; a finding
    is matched once, so duplicates pair up in order."""
    free = list(range(len(before)))
    kept = []
    for finding in after:
        match = next((i for i in free if (before[i].against, before[i].summary)
                      == (finding.against, finding.summary)
                      and (before[i].watchlist_employer or not finding.watchlist_employer)),
                     -1)
        if match >= 0:
            free.remove(match)
        kept.append(match)
    return kept
