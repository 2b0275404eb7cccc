"""Pure matching rules: vacancy and referral state machines, wages, red flags, pre-screening."""

from __future__ import annotations

import enum
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from matching.exceptions import IllegalTransition


class VacancyStatus(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    VERIFIED = "verified"
    REJECTED = "rejected"
    PUBLISHED = "published"
    FILLED = "filled"
    CLOSED = "closed"
    EXPIRED = "expired"


class VacancyAction(enum.StrEnum):
    SUBMIT = "submit"
    VERIFY = "verify"
    REJECT = "reject"
    PUBLISH = "publish"
    FILL = "fill"
    CLOSE = "close"
    EXPIRE = "expire"
    REVISE = "revise"


V, VA = VacancyStatus, VacancyAction

VACANCY_TRANSITIONS: dict[tuple[VacancyStatus, VacancyAction], VacancyStatus] = {
    (V.DRAFT, VA.SUBMIT): V.SUBMITTED,
    (V.DRAFT, VA.CLOSE): V.CLOSED,
    (V.SUBMITTED, VA.VERIFY): V.VERIFIED,
    (V.SUBMITTED, VA.REJECT): V.REJECTED,
    (V.REJECTED, VA.REVISE): V.DRAFT,
    (V.VERIFIED, VA.PUBLISH): V.PUBLISHED,
    (V.VERIFIED, VA.CLOSE): V.CLOSED,
    (V.VERIFIED, VA.EXPIRE): V.EXPIRED,
    (V.PUBLISHED, VA.FILL): V.FILLED,
    (V.PUBLISHED, VA.CLOSE): V.CLOSED,
    (V.PUBLISHED, VA.EXPIRE): V.EXPIRED,
}

# Who may take each action: the posting agency, an attaché of the vacancy's country,
# or the system (the closing date passed).
VACANCY_ACTORS: dict[VacancyAction, str] = {
    VA.SUBMIT: "agency", VA.REVISE: "agency", VA.PUBLISH: "agency", VA.FILL: "agency",
    VA.CLOSE: "agency", VA.VERIFY: "attache", VA.REJECT: "attache", VA.EXPIRE: "system",
}

VACANCY_REASON_REQUIRED = frozenset({VA.REJECT, VA.CLOSE})


def vacancy_allowed(status: VacancyStatus, *, include_system: bool = False) -> list[str]:
    return [a.value for (s, a) in VACANCY_TRANSITIONS
            if s == status and (include_system or VACANCY_ACTORS[a] != "system")]


def next_vacancy_status(status: VacancyStatus, action: VacancyAction) -> VacancyStatus:
    try:
        return VACANCY_TRANSITIONS[(status, action)]
    except KeyError:
        raise IllegalTransition(what="vacancy", action=action.value, status=status.value,
                                allowed=vacancy_allowed(status)) from None


class ReferralStatus(enum.StrEnum):
    REFERRED = "referred"
    INTERVIEWED = "interviewed"
    OFFERED = "offered"
    CONTRACT_SIGNED = "contract_signed"
    DEPLOYED = "deployed"
    REJECTED = "rejected"


R = ReferralStatus

# The target state names the action: the agency moves a referral forward, or rejects it.
REFERRAL_TRANSITIONS: dict[ReferralStatus, frozenset[ReferralStatus]] = {
    R.REFERRED: frozenset({R.INTERVIEWED, R.REJECTED}),
    R.INTERVIEWED: frozenset({R.OFFERED, R.REJECTED}),
    R.OFFERED: frozenset({R.CONTRACT_SIGNED, R.REJECTED}),
    R.CONTRACT_SIGNED: frozenset({R.DEPLOYED, R.REJECTED}),
    R.DEPLOYED: frozenset(),
    R.REJECTED: frozenset(),
}

_REFERRAL_ORDER = list(ReferralStatus)

# Referrals still on their way: the agency moves them on, the licence must be in force.
OPEN_REFERRAL_STATES = frozenset({R.REFERRED, R.INTERVIEWED, R.OFFERED, R.CONTRACT_SIGNED})

# Why a referral is held: the licence status when it is not active; "not_in_force" for an
# active licence outside its validity (until the expiry task has run); "not_covered" for
# an active licence that does not cover the vacancy's country.
LICENCE_HOLDS = frozenset({"applied", "under_review", "suspended", "revoked", "expired",
                           "refused", "unlicensed", "not_in_force", "not_covered"})

_HOLD_WORDS = {
    "applied": "{agency} has applied for a licence but holds none yet",
    "under_review": "{agency} has applied for a licence but holds none yet",
    "suspended": "the licence of {agency} is suspended",
    "revoked": "the licence of {agency} was revoked",
    "expired": "the licence of {agency} has expired",
    "refused": "{agency} was refused a licence",
    "unlicensed": "{agency} holds no licence",
    "not_in_force": "the licence of {agency} is not in force today",
    "not_covered": "the licence of {agency} does not cover {country}",
}


def licence_hold(*, status: str, may_recruit: bool, countries: Collection[str],
                 country: str | None) -> str | None:
    """Why an agency may not take a referral for `country` further today, or None."""
    if may_recruit:
        return None if country is None or country in countries else "not_covered"
    return "not_in_force" if status == "active" else status


def hold_words(hold: str, agency_name: str, country: str | None = None) -> str:
    """The hold as a clause: "the licence of Ala-Too is suspended"."""
    return _HOLD_WORDS.get(hold, _HOLD_WORDS["unlicensed"]).format(
        agency=agency_name, country=country or "the country")


def check_referral_move(status: ReferralStatus, target: ReferralStatus) -> None:
    allowed = REFERRAL_TRANSITIONS[status]
    if target not in allowed:
        raise IllegalTransition(
            what="referral", action=f"move to {target.value}", status=status.value,
            allowed=sorted((a.value for a in allowed), key=lambda s: _REFERRAL_ORDER.index(R(s))),
        )


# --- wages ---------------------------------------------------------------------------

WEEKS_PER_MONTH = Decimal(52) / Decimal(12)


def monthly_wage(amount: Decimal, period: str, hours_per_week: Decimal) -> Decimal:
    """A wage per hour, week or month expressed per month, to compare like with like."""
    if period == "month":
        monthly = amount
    elif period == "week":
        monthly = amount * WEEKS_PER_MONTH
    elif period == "hour":
        monthly = amount * hours_per_week * WEEKS_PER_MONTH
    else:
        raise ValueError(f"unknown wage period {period!r}")
    return monthly.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


# --- red flags -------------------------------------------------------------------------


@dataclass(frozen=True)
class RedFlag:
    code: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}


@dataclass(frozen=True)
class VacancyFacts:
    """What the red-flag rules look at, gathered by the service."""

    country: str
    wage_monthly: Decimal
    wage_currency: str
    hours_per_week: Decimal
    worker_fee: Decimal
    minimum_monthly: Decimal | None
    max_weekly_hours: Decimal | None
    licence_covers_country: bool
    employer_watchlisted: bool
    near_duplicate_of: int | None
    default_max_weekly_hours: Decimal = Decimal(48)


def red_flags(f: VacancyFacts) -> list[RedFlag]:
    """Everything a verifier should look at twice."""
    flags: list[RedFlag] = []
    if f.minimum_monthly is not None and f.wage_monthly < f.minimum_monthly:
        flags.append(RedFlag(
            "wage_below_minimum",
            f"the wage ({f.wage_monthly} {f.wage_currency} a month) is below {f.country}'s "
            f"minimum wage of {f.minimum_monthly} {f.wage_currency}",
        ))
    if f.minimum_monthly is None:
        flags.append(RedFlag(
            "minimum_wage_unknown",
            f"no minimum wage for {f.country} in {f.wage_currency} is on record to compare with",
        ))
    if f.worker_fee > 0:
        flags.append(RedFlag(
            "worker_pays_fee",
            f"the worker is charged a fee of {f.worker_fee}; under the employer-pays principle "
            "recruitment costs fall on the employer",
        ))
    if not f.licence_covers_country:
        flags.append(RedFlag(
            "licence_does_not_cover_country",
            f"the agency's licence does not cover {f.country}",
        ))
    if f.employer_watchlisted:
        flags.append(RedFlag("employer_watchlisted", "the employer is on the watchlist"))
    if f.near_duplicate_of is not None:
        flags.append(RedFlag(
            "near_duplicate", f"the vacancy nearly duplicates vacancy {f.near_duplicate_of}",
        ))
    limit = f.max_weekly_hours if f.max_weekly_hours is not None else f.default_max_weekly_hours
    if f.hours_per_week > limit:
        flags.append(RedFlag(
            "hours_over_limit",
            f"{f.hours_per_week} hours a week is over the legal limit of {limit} in {f.country}",
        ))
    return flags


# --- pre-screening ----------------------------------------------------------------------

PRESCREENING_ITEMS = ("passport_valid", "medical_check", "orientation_done")


def missing_prescreening(
    checks: dict[str, bool], *, occupation_needs_skills_test: bool
) -> list[str]:
    """The checklist items still missing before a migrant may be matched."""
    missing = [item for item in PRESCREENING_ITEMS if not checks.get(item)]
    if occupation_needs_skills_test and not checks.get("skills_test_passed"):
        missing.append("skills_test_passed")
    return missing


def is_open_on(status: str, closing_date: date, today: date) -> bool:
    return status == VacancyStatus.PUBLISHED and closing_date >= today
