"""Pure matching rules: vacancy and referral state machines, wages, red flags, pre-screening."""

from __future__ import annotations

import enum
import re
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, ROUND_UP, Decimal
from typing import Any

from matching import occupations
from matching.exceptions import IllegalTransition, OccupationMissing, UnknownOccupation


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
    # The agency takes it back to correct it (a blocking flag no attaché can verify past).
    (V.SUBMITTED, VA.REVISE): V.DRAFT,
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
            what="referral", action=target.value, status=status.value,
            allowed=sorted((a.value for a in allowed), key=lambda s: _REFERRAL_ORDER.index(R(s))),
            code="referral.cannot_move")


# --- wages ---------------------------------------------------------------------------

WEEKS_PER_MONTH = Decimal(52) / Decimal(12)


def per_period(monthly: Decimal, period: str, hours_per_week: Decimal) -> Decimal:
    """A monthly amount as the least wage per hour or week that reaches it (cents rounded
    up, so that paying it is never short)."""
    per = monthly / WEEKS_PER_MONTH
    if period == "hour":
        per /= hours_per_week
    return per.quantize(Decimal("0.01"), rounding=ROUND_UP)


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


# The longest week any labour code or standard of conduct allows, overtime included (the
# Ethical Trading Initiative's base code and SA8000 put it at 60; national limits are 40 to
# 48 with overtime capped on top). Over the country's own limit a week is a warning an
# attaché may accept with a reason; over this, no reason makes it lawful.
HOURS_NO_LAW_ALLOWS = Decimal(60)
# The legal week where a country's own is not on record.
DEFAULT_WEEKLY_HOURS = Decimal(48)


def minimum_for_hours(minimum: Decimal, hours_per_week: Decimal, limit: Decimal) -> Decimal:
    """The least a month of `hours_per_week` earns: the minimum wage is for the legal
    week, and each hour beyond it is paid at least as much as one within (the law asks
    more for overtime): 80 hours a week earn twice a 40-hour minimum."""
    if hours_per_week <= limit or limit <= 0:
        return minimum
    return (minimum * hours_per_week / limit).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


# --- red flags -------------------------------------------------------------------------


class Severity(enum.StrEnum):
    """A blocking flag stops verification and publication; a warning needs the attaché's
    written reason before verifying, and is shown to the public beside the terms."""

    BLOCKING = "blocking"
    WARNING = "warning"


@dataclass(frozen=True)
class RedFlag:
    code: str
    severity: Severity
    message: str
    # What the agency has to change for the flag to go (empty: nothing it can change).
    remedy: str = ""
    # The figures behind the message, so each page words it in its own language.
    params: dict[str, str] = field(default_factory=dict)

    @property
    def blocking(self) -> bool:
        return self.severity == Severity.BLOCKING

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "severity": self.severity.value, "message": self.message,
                "remedy": self.remedy, "params": dict(self.params)}


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
    worker_fee_currency: str | None = None
    # The agency's own country, where the worker is recruited, and whether its law bars
    # charging workers any fee (ILO C181 art. 7: the employer pays).
    origin_country: str | None = None
    worker_fees_banned: bool = True
    licence_may_recruit: bool = True
    licence_status: str = "active"
    default_max_weekly_hours: Decimal = DEFAULT_WEEKLY_HOURS
    # The period the wage is written for: a remedy names the least wage for it.
    wage_period: str = "month"
    # A sentence of the advert asking the worker to pay for recruitment (fee_words).
    fee_in_text: str | None = None
    # A sentence of the advert saying the worker's passport is kept from them, and the
    # longest week its words describe, with the words (advert_words).
    passport_in_text: str | None = None
    hours_in_text: Decimal | None = None
    hours_in_text_quote: str | None = None
    # The wage as the field states it for its period, and the lowest wage the advert's
    # words state below it, per that period and in its currency, with the words
    # (wage_words).
    wage_amount: Decimal | None = None
    wage_in_text: Decimal | None = None
    wage_in_text_quote: str | None = None

    @property
    def hours_limit(self) -> Decimal:
        return self.max_weekly_hours if self.max_weekly_hours is not None \
            else self.default_max_weekly_hours

    @property
    def minimum_for_hours(self) -> Decimal:
        """The minimum wage for the hours of the week offered (over the legal week, pro
        rata); the minimum itself when unknown: then no comparison is made."""
        if self.minimum_monthly is None:
            return Decimal(0)
        return minimum_for_hours(self.minimum_monthly, self.hours_per_week, self.hours_limit)


def hours_beyond(stated: Decimal) -> Decimal:
    """The week an advert's words may describe beside `stated` hours before it says more:
    a tenth more and an hour, for rotas and rounding (`2/2 по 12 часов` is 42)."""
    return stated * Decimal("1.1") + 1


def figure(value: Decimal) -> str:
    """A figure as it is typed and read: 60, not 60.00; 2999.99 stays."""
    return format(value.normalize(), "f") if value == value.to_integral() else str(value)


def red_flags(f: VacancyFacts) -> list[RedFlag]:
    """Everything a verifier should look at twice, blocking flags first."""
    flags: list[RedFlag] = []
    B, W = Severity.BLOCKING, Severity.WARNING
    if f.minimum_monthly is not None and f.wage_monthly < f.minimum_for_hours:
        over = f.minimum_for_hours != f.minimum_monthly
        flags.append(RedFlag(
            "wage_below_minimum", B,
            f"the wage ({f.wage_monthly} {f.wage_currency} a month) is below {f.country}'s "
            f"minimum wage of {f.minimum_for_hours} {f.wage_currency}"
            + (f" for {figure(f.hours_per_week)} hours a week (the minimum is "
               f"{f.minimum_monthly} for {figure(f.hours_limit)})" if over else ""),
            f"raise the wage to at least {f.minimum_for_hours} {f.wage_currency} a month",
            {"wage_monthly": str(f.wage_monthly), "minimum_monthly": str(f.minimum_for_hours),
             "currency": f.wage_currency, "country": f.country,
             **({"period": f.wage_period,
                 "minimum_per_period": str(per_period(f.minimum_for_hours, f.wage_period,
                                                      f.hours_per_week))}
                if f.wage_period != "month" else {}),
             **({"hours": figure(f.hours_per_week), "limit": figure(f.hours_limit),
                 "legal_minimum": str(f.minimum_monthly)} if over else {})},
        ))
    if f.worker_fee > 0 and f.worker_fees_banned:
        flags.append(RedFlag(
            "worker_pays_fee", B,
            f"the worker is charged a fee of {f.worker_fee} {f.worker_fee_currency or ''}"
            .rstrip() + f"; {f.origin_country or 'the origin country'} bars fees charged to "
            "workers: recruitment costs fall on the employer (ILO C181 art. 7)",
            "remove the fee charged to the worker; the employer pays the recruitment costs",
            {"fee": str(f.worker_fee), "currency": f.worker_fee_currency or "",
             "origin": f.origin_country or "", "fees_banned": "true"},
        ))
    if not f.licence_may_recruit:
        flags.append(RedFlag(
            "licence_not_active", B,
            f"the agency's licence is not in force (it is {f.licence_status})",
            "the agency may post vacancies again once its licence is in force",
            {"status": f.licence_status, "country": f.country},
        ))
    elif not f.licence_covers_country:
        flags.append(RedFlag(
            "licence_does_not_cover_country", B,
            f"the agency's licence does not cover {f.country}",
            f"extend the licence to {f.country}, or post the vacancy for a country it covers",
            {"country": f.country},
        ))
    if f.employer_watchlisted:
        flags.append(RedFlag(
            "employer_watchlisted", B, "the employer is on the watchlist",
            "the agency may not recruit for an employer on the watchlist",
        ))
    if f.worker_fee > 0 and not f.worker_fees_banned:
        flags.append(RedFlag(
            "worker_pays_fee", W,
            f"the worker is charged a fee of {f.worker_fee} {f.worker_fee_currency or ''}"
            .rstrip() + f"; {f.origin_country or 'the origin country'} allows it, but under "
            "the employer-pays principle recruitment costs fall on the employer",
            "consider removing the fee charged to the worker",
            {"fee": str(f.worker_fee), "currency": f.worker_fee_currency or "",
             "origin": f.origin_country or "", "fees_banned": "false"},
        ))
    if f.fee_in_text and f.worker_fee == 0:
        # Where the law bars fees charged to workers, one asked in words blocks as one
        # stated does; elsewhere the attaché reads it and answers.
        flags.append(RedFlag(
            "fee_in_text", B if f.worker_fees_banned else W,
            f"the advert asks the worker to pay, though no fee is stated: «{f.fee_in_text}»",
            "remove the payment from the advert, or state it as the fee charged to the worker",
            {"quote": f.fee_in_text},
        ))
    if f.passport_in_text:
        # Keeping a worker's passport is a sign of forced labour (ILO) and unlawful in
        # every country the missions work in: no reason an attaché gives makes it right.
        flags.append(RedFlag(
            "passport_in_text", B,
            f"the advert says the worker's passport is kept from them: «{f.passport_in_text}»",
            "remove it: nobody may keep a worker's passport",
            {"quote": f.passport_in_text},
        ))
    if f.hours_in_text is not None and f.hours_in_text > hours_beyond(f.hours_per_week):
        # The form says one week, the advert's words a longer one: the worker reads the
        # words. Beyond what no law allows it blocks, as those hours stated would.
        unlawful = f.hours_in_text > max(f.hours_limit, HOURS_NO_LAW_ALLOWS)
        flags.append(RedFlag(
            "hours_in_text", B if unlawful else W,
            f"the advert's words describe about {figure(f.hours_in_text)} hours a week, "
            f"more than the {figure(f.hours_per_week)} stated: «{f.hours_in_text_quote}»",
            "state the hours the advert describes, or correct the advert",
            {"hours": figure(f.hours_in_text), "stated": figure(f.hours_per_week),
             "quote": f.hours_in_text_quote or "", "limit": figure(f.hours_limit),
             **({"ceiling": figure(HOURS_NO_LAW_ALLOWS)} if unlawful else {})},
        ))
    stated = f.wage_amount if f.wage_amount is not None else f.wage_monthly
    if f.wage_in_text is not None and f.wage_in_text < stated:
        # The migrant reads the wage row; the employer will point to the words. The
        # attaché asks which is the wage before verifying. Below the minimum wage no
        # answer makes it lawful, a trial period's included: it blocks, as the field would.
        least = None if f.minimum_monthly is None else (
            f.minimum_for_hours if f.wage_period == "month"
            else per_period(f.minimum_for_hours, f.wage_period, f.hours_per_week))
        unlawful = least is not None and f.wage_in_text < least
        per = "an hour" if f.wage_period == "hour" else f"a {f.wage_period}"
        flags.append(RedFlag(
            "wage_in_text", B if unlawful else W,
            f"the advert's words state a wage of {f.wage_in_text} {f.wage_currency} {per}, "
            + (f"below {f.country}'s minimum wage of {least} {f.wage_currency} {per}"
               if unlawful else f"less than the {stated} {f.wage_currency} of the wage field")
            + f": «{f.wage_in_text_quote}»",
            "pay at least the minimum wage from the first day, a trial period's included, "
            "and correct the advert" if unlawful else
            "state the wage the advert promises, or correct the advert",
            {"said": str(f.wage_in_text), "stated": str(stated), "currency": f.wage_currency,
             "period": f.wage_period, "quote": f.wage_in_text_quote or "",
             **({"minimum": str(least), "country": f.country} if unlawful else {})},
        ))
    if f.hours_per_week > f.hours_limit:
        unlawful = f.hours_per_week > max(f.hours_limit, HOURS_NO_LAW_ALLOWS)
        flags.append(RedFlag(
            "hours_over_limit", B if unlawful else W,
            f"{figure(f.hours_per_week)} hours a week is over the legal limit of "
            f"{figure(f.hours_limit)} in {f.country}"
            + (f", and over the {figure(HOURS_NO_LAW_ALLOWS)} no vacancy may ask" if unlawful
               else ""),
            f"bring the hours to {figure(f.hours_limit)} a week or fewer",
            {"hours": figure(f.hours_per_week), "limit": figure(f.hours_limit),
             "country": f.country,
             **({"ceiling": figure(HOURS_NO_LAW_ALLOWS)} if unlawful else {})},
        ))
    if f.minimum_monthly is None:
        flags.append(RedFlag(
            "minimum_wage_unknown", W,
            f"no minimum wage for {f.country} in {f.wage_currency} is on record to compare "
            "with",
            f"state the wage in {f.country}'s own currency if it has a minimum on record",
            {"country": f.country, "currency": f.wage_currency},
        ))
    if f.near_duplicate_of is not None:
        flags.append(RedFlag(
            "near_duplicate", W, f"the vacancy nearly duplicates vacancy {f.near_duplicate_of}",
            "close the duplicate, or make clear how the two vacancies differ",
            {"vacancy_id": str(f.near_duplicate_of)},
        ))
    return flags


def blocking(flags: list[RedFlag]) -> list[RedFlag]:
    return [flag for flag in flags if flag.blocking]


def warnings(flags: list[RedFlag]) -> list[RedFlag]:
    return [flag for flag in flags if not flag.blocking]


def missing_acknowledgements(flags: list[RedFlag], reasons: dict[str, str]) -> list[str]:
    """The warnings that still lack a written reason (a blank reason is no reason)."""
    return [flag.code for flag in warnings(flags) if not (reasons.get(flag.code) or "").strip()]


# --- what the public is promised ---------------------------------------------------------

# Each promise a verified vacancy makes, and the flags that break it.
PROMISE_FLAGS: dict[str, tuple[str, ...]] = {
    "licence": ("licence_not_active", "licence_does_not_cover_country"),
    # The words' lower wage breaks it only below the minimum: above it the attaché's
    # answer stands beside the wage row.
    "wage": ("wage_below_minimum", "minimum_wage_unknown", "wage_in_text"),
    "worker_fee": ("worker_pays_fee", "fee_in_text"),
    "hours": ("hours_over_limit", "hours_in_text"),
    "employer": ("employer_watchlisted",),
    # Shown only when broken: the words are read for it, not a field stated.
    "passport": ("passport_in_text",),
}


_BREAK_ONLY_WHEN_BLOCKING = frozenset({"wage_in_text"})


class Verdict(enum.StrEnum):
    """The one answer a person reads first."""

    VERIFIED = "verified"        # verified, open, and every blocking promise holds today
    BREACH = "breach"            # a blocking promise fails today: do not pay
    NOT_OPEN = "not_open"        # the promises hold, but nobody can apply now
    UNKNOWN = "unknown"          # no verified vacancy has this code


@dataclass(frozen=True)
class PromiseCheck:
    code: str
    # True: holds today; False: broken today; None: cannot be told (nothing to compare).
    holds: bool | None
    severity: Severity | None  # of the flag that breaks it; None while it holds
    flags: tuple[RedFlag, ...] = ()


def promise_checks(flags: list[RedFlag]) -> list[PromiseCheck]:
    """Each promise against today's flags."""
    checks = []
    for promise, codes in PROMISE_FLAGS.items():
        found = tuple(f for f in flags if f.code in codes
                      and (f.blocking or f.code not in _BREAK_ONLY_WHEN_BLOCKING))
        if not found:
            checks.append(PromiseCheck(promise, True, None))
            continue
        worst = Severity.BLOCKING if any(f.blocking for f in found) else Severity.WARNING
        holds = None if all(f.code == "minimum_wage_unknown" for f in found) else False
        checks.append(PromiseCheck(promise, holds, worst, found))
    return checks


def verdict(*, verified: bool, open_now: bool, flags: list[RedFlag]) -> Verdict:
    """Never green beside a breach: any blocking flag today outranks the verification."""
    if not verified:
        return Verdict.UNKNOWN
    if blocking(flags):
        return Verdict.BREACH
    return Verdict.VERIFIED if open_now else Verdict.NOT_OPEN


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


_CYRILLIC = re.compile(r"[\u0400-\u04FF]")


def vacancy_occupation(*, code: str | None, words: str | None, text: str
                       ) -> tuple[str, occupations.Occupation | None]:
    """A vacancy's occupation as the agency gave it: its words (kept as written) and the
    occupation of the list it is filed under, the code chosen, else the one its words name,
    else, when they name a family of trades (`водитель`), the one of them its `text`
    names, else None (kept, and shown as not in the list). A code the list does not have
    is refused, not guessed at. Without words of its own (or only a code for them) the
    vacancy names its occupation in the language its `text` (title and description) is
    written in."""
    if code is not None:
        occupation = occupations.by_code(code)
        if occupation is None:
            raise UnknownOccupation(code)
    elif words:
        occupation = occupations.occupation_for(words) or \
            occupations.occupation_within(words, text)
    else:
        raise OccupationMissing()
    if occupation is not None and (not words or occupations.is_code(words)):
        words = occupation.name("ru" if _CYRILLIC.search(text) else "en")
    assert words is not None
    return words, occupation
