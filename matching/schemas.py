"""Matching input and output shapes."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal, get_args

import pycountry
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StringConstraints,
    model_validator,
)
from pydantic_core import PydanticCustomError

from core.clock import utc_today
from core.validation import (
    CountryCode,
    CurrencyCode,
    Email,
    Money,
    Name,
    Password,
    ReachablePhone,
    Reason,
    ShortText,
    check_amounts,
)
from matching.crypto import is_passport_shape, normalise_passport
from matching.rules import ReferralStatus, VacancyAction, VacancyStatus


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _language(code: str) -> str:
    if pycountry.languages.get(alpha_2=code) is None:
        raise PydanticCustomError("language_code", "'{code}' is not an ISO 639-1 language code",
                                  {"code": code})
    return code


LanguageCode = Annotated[
    str,
    BeforeValidator(lambda v: v.strip().lower() if isinstance(v, str) else v),
    StringConstraints(min_length=2, max_length=2),
    AfterValidator(_language),
]
Level = Literal["A1", "A2", "B1", "B2", "C1", "C2", "native"]
# The levels, lowest first: a level meets a need at or below it.
LEVELS: tuple[str, ...] = get_args(Level)
Skill = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=60)]
City = Annotated[str, StringConstraints(strip_whitespace=True, min_length=2, max_length=100)]


class LanguageLevel(_In):
    code: LanguageCode
    level: Level


def _unique_languages(value: list[LanguageLevel]) -> list[LanguageLevel]:
    codes = [lang.code for lang in value]
    if len(set(codes)) != len(codes):
        raise PydanticCustomError("languages_twice", "each language may be listed once")
    return value


Languages = Annotated[list[LanguageLevel], Field(max_length=10), AfterValidator(_unique_languages)]


class EmployerIn(_In):
    name: Name
    country: CountryCode
    city: City
    registration_number: ShortText


class EmployerOut(BaseModel):
    id: int
    agency_id: int
    name: str
    country: str
    city: str
    registration_number: str
    status: str
    status_reason: str | None
    watchlisted: bool
    created_at: datetime


class Wage(_In):
    amount: Annotated[Decimal, Field(gt=0, max_digits=16, decimal_places=2)]
    currency: CurrencyCode
    period: Literal["hour", "week", "month"]


OccupationCode = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1,
                                                  max_length=20)]


class VacancyIn(_In):
    employer_id: Annotated[int, Field(ge=1, le=2**63 - 1)]
    external_ref: Annotated[str, StringConstraints(min_length=1, max_length=100)] | None = None
    title: Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=200)]
    description: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=10, max_length=10_000)
    ]
    occupation: Annotated[str, StringConstraints(strip_whitespace=True, min_length=2,
                                                 max_length=120)] | None = Field(
        default=None, description="the occupation in the agency's own words; without "
        "`occupation_code` it is mapped to the list of occupations where it names one")
    occupation_code: OccupationCode | None = Field(
        default=None, description="the occupation's ISCO-08 code from the list of occupations "
        "(`7212`, or `9112.01` for a finer one); one of `occupation` and `occupation_code` "
        "is required")
    skills: Annotated[list[Skill], Field(max_length=50)] = []
    languages: Languages = []
    country: CountryCode
    city: City
    wage: Wage
    hours_per_week: Annotated[Decimal, Field(ge=1, le=100, max_digits=5, decimal_places=2)]
    housing: Literal["free", "paid", "none"]
    meals: Literal["free", "paid", "none"]
    contract_months: Annotated[int, Field(ge=1, le=120)]
    positions: Annotated[int, Field(ge=1, le=100_000)]
    worker_fee: Money | None = None
    closing_date: date

    @model_validator(mode="after")
    def _whole_units(self) -> VacancyIn:
        # Checked as typed, not in Wage or Money: a vacancy's terms are read back through
        # them, and one kept from before the check must still read.
        check_amounts((("wage",), self.wage), (("worker_fee",), self.worker_fee))
        return self


FlagCode = Literal[
    "wage_below_minimum", "worker_pays_fee", "licence_not_active",
    "licence_does_not_cover_country", "employer_watchlisted", "hours_over_limit",
    "minimum_wage_unknown", "near_duplicate", "fee_in_text", "passport_in_text",
    "hours_in_text", "wage_in_text",
]


# Why an attaché accepts a warning, shown to every migrant who checks the job: a sentence,
# not "ok" or "abc".
AcknowledgementReason = Annotated[str, StringConstraints(strip_whitespace=True, min_length=20,
                                                         max_length=2000)]


class VacancyTransitionIn(_In):
    action: VacancyAction
    reason: Reason | None = None
    expected_version: Annotated[int, Field(ge=1)] | None = None
    acknowledgements: Annotated[dict[FlagCode, AcknowledgementReason],
                                Field(max_length=10)] = Field(
        default_factory=dict,
        description="to verify: the attaché's written reason for each warning, by its code "
                    "(a blocking flag cannot be acknowledged)")


class VacancyTermsIn(BaseModel):
    """The terms the red flags look at, as a vacancy form holds them before it is saved.
    Other fields of a vacancy may be sent too and are ignored."""

    model_config = ConfigDict(extra="ignore")

    employer_id: Annotated[int, Field(ge=1, le=2**63 - 1)]
    wage: Wage
    hours_per_week: Annotated[Decimal, Field(ge=1, le=100, max_digits=5, decimal_places=2)]
    worker_fee: Money | None = None
    title: Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)] | None = None
    description: Annotated[str, StringConstraints(max_length=10_000)] | None = Field(
        default=None, description="the advert's text: what it asks of the worker is read too")
    city: Annotated[str, StringConstraints(strip_whitespace=True, max_length=100)] | None = None
    vacancy_id: Annotated[int, Field(ge=1, le=2**63 - 1)] | None = Field(
        default=None, description="the draft being edited, so it is not its own duplicate")

    @model_validator(mode="after")
    def _whole_units(self) -> VacancyTermsIn:
        check_amounts((("wage",), self.wage), (("worker_fee",), self.worker_fee))
        return self


class RedFlagOut(BaseModel):
    code: str
    severity: Literal["blocking", "warning"]
    message: str
    remedy: str = ""
    params: dict[str, str] = {}

    def __getitem__(self, key: str) -> Any:
        # Flags were plain mappings before they carried a severity; callers index them.
        return getattr(self, key)


class AcknowledgementOut(BaseModel):
    """A warning the verifying attaché accepted, and the reason written for it."""

    code: str
    message: str
    params: dict[str, str] = {}
    reason: str
    acknowledged_at: datetime


class VacancyOut(BaseModel):
    id: int
    agency_id: int
    agency_name: str
    employer_id: int
    employer_name: str
    external_ref: str | None
    title: str
    description: str
    occupation: str = Field(description="the occupation in the agency's own words")
    occupation_code: str | None = Field(
        description="the ISCO-08 code from the list of occupations; null when the agency's "
        "words name no occupation of the list and none was chosen")
    occupation_name: str | None = Field(
        description="the English name of the occupation the code stands for")
    skills: list[str]
    languages: list[dict[str, str]]
    country: str
    city: str
    wage: Wage
    wage_monthly: Decimal
    hours_per_week: Decimal
    housing: str
    meals: str
    contract_months: int
    positions: int
    worker_fee: Money | None
    closing_date: date
    status: VacancyStatus
    status_reason: str | None
    red_flags: list[RedFlagOut] = Field(
        description="the flags as last checked: at submission, verification or publication")
    acknowledgements: list[AcknowledgementOut] = []
    verification_code: str | None
    verified_at: datetime | None = None
    version: int
    created_at: datetime
    updated_at: datetime
    allowed_actions: list[str]


class PromiseCheckOut(BaseModel):
    """One promise of a verified vacancy, checked today."""

    code: Literal["verified", "licence", "wage", "worker_fee", "hours", "employer", "passport",
                  "open"]
    holds: bool | None = Field(description="null: nothing on record to check it against")
    severity: Literal["blocking", "warning"] | None = Field(
        description="of what breaks it today; null while it holds")
    message: str
    params: dict[str, str | None] = {}
    flags: list[RedFlagOut] = []
    acknowledgements: list[AcknowledgementOut] = Field(
        default=[], description="warnings on this promise the attaché accepted, with why")


class VerifiedByOut(BaseModel):
    mission_id: int | None
    mission: str | None
    attache: str | None
    at: datetime | None


class VerificationOut(BaseModel):
    code: str
    verified: bool = Field(description="a labour attaché verified a vacancy with this code")
    open: bool
    agency_licensed: bool
    explanation: str
    vacancy: dict[str, Any] | None = None
    verdict: Literal["verified", "breach", "not_open", "unknown"] = Field(
        default="unknown", description="the answer to read first: `verified` only when every "
        "blocking check holds today and the vacancy is open")
    advice: str = ""
    verified_by: VerifiedByOut | None = None
    checks: list[PromiseCheckOut] = Field(
        default=[], description="each promise checked live, today")
    acknowledgements: list[AcknowledgementOut] = []


class WorkerFeeRuleIn(_In):
    fees_banned: StrictBool = Field(description="true: no fee may be charged to workers "
                                    "recruited from this country (the employer pays)")
    reason: Reason


class WorkerFeeRuleOut(BaseModel):
    country: str
    fees_banned: bool
    reason: str | None
    updated_at: datetime | None


class MinimumWageIn(_In):
    monthly_amount: Annotated[Decimal, Field(gt=0, max_digits=16, decimal_places=2)]
    max_weekly_hours: Annotated[Decimal, Field(gt=0, le=100, max_digits=5,
                                               decimal_places=2)] = Decimal(48)


class MinimumWageOut(BaseModel):
    country: str
    currency: str
    monthly_amount: Decimal
    max_weekly_hours: Decimal
    updated_at: datetime


# --- migrants and referrals -------------------------------------------------------------


def _consented(value: bool) -> bool:
    if not value:
        raise PydanticCustomError("consent_missing", "the migrant's recorded consent to the "
                                  "processing of their personal data is required before "
                                  "registration")
    return value


def _adult_migrant(value: date) -> date:
    today = utc_today()
    if value >= today:
        raise PydanticCustomError("birth_in_future", "the date of birth must be in the past")
    age = today.year - value.year - ((today.month, today.day) < (value.month, value.day))
    if age < 18:
        raise PydanticCustomError("too_young",
                                  "a migrant must be at least 18 years old to be registered")
    if age > 100:
        raise PydanticCustomError("birth_too_early", "the date of birth is implausibly early")
    return value


def _passport(value: str) -> str:
    if not is_passport_shape(value):
        raise PydanticCustomError("passport_number",
                                  "a passport number is 6 to 20 letters and digits")
    return value


def _distinct_skills(value: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for skill in value:
        if skill.lower() not in seen:
            seen.add(skill.lower())
            out.append(skill)
    return out


def _distinct_countries(value: list[str]) -> list[str]:
    if len(set(value)) != len(value):
        raise PydanticCustomError("countries_twice", "each country may be listed once")
    return value


Consent = Annotated[bool, Field(strict=True), AfterValidator(_consented)]
AdultBirthDate = Annotated[date, AfterValidator(_adult_migrant)]
PassportNumber = Annotated[
    str,
    BeforeValidator(lambda v: normalise_passport(v) if isinstance(v, str) else v),
    StringConstraints(min_length=1, max_length=40),
    AfterValidator(_passport),
]
Occupation = Annotated[str, StringConstraints(strip_whitespace=True, min_length=2,
                                              max_length=120)]
Skills = Annotated[list[Skill], Field(max_length=50), AfterValidator(_distinct_skills)]
Experience = Annotated[Decimal, Field(ge=0, le=60, max_digits=4, decimal_places=1)]
Education = Literal["none", "primary", "secondary", "vocational", "higher", "postgraduate"]
DesiredCountries = Annotated[list[CountryCode], Field(max_length=30),
                             AfterValidator(_distinct_countries)]


class MigrantIn(_In):
    consent: Consent = Field(description="the migrant consented to the current consent text")
    consent_version: ShortText = Field(description="the version of the text consented to")
    full_name: Name
    date_of_birth: AdultBirthDate
    phone: ReachablePhone | None = None
    email: Email | None = None
    password: Password | None = Field(
        default=None, description="creates the migrant's own sign-in with `email`"
    )
    citizenship: CountryCode
    passport_number: PassportNumber
    occupation: Occupation
    skills: Skills = []
    experience_years: Experience = Decimal(0)
    languages: Languages = []
    education: Education
    desired_countries: DesiredCountries = []
    min_wage: Money | None = Field(default=None, description="the lowest monthly wage the "
                                   "migrant would accept")


class MigrantUpdate(_In):
    """Only the fields sent change; `null` clears phone, email or min_wage."""

    full_name: Name | None = None
    date_of_birth: AdultBirthDate | None = None
    phone: ReachablePhone | None = None
    email: Email | None = None
    citizenship: CountryCode | None = None
    passport_number: PassportNumber | None = None
    occupation: Occupation | None = None
    skills: Skills | None = None
    experience_years: Experience | None = None
    languages: Languages | None = None
    education: Education | None = None
    desired_countries: DesiredCountries | None = None
    min_wage: Money | None = None


class PrescreeningIn(_In):
    passport_valid: StrictBool
    medical_check: StrictBool
    orientation_done: StrictBool
    skills_test_passed: StrictBool = Field(
        default=False, description="needed only for occupations that require a skills test"
    )


class PrescreeningOut(BaseModel):
    passport_valid: bool
    medical_check: bool
    orientation_done: bool
    skills_test_passed: bool
    skills_test_required: bool
    missing: list[str]
    complete: bool
    prescreened_at: datetime | None


class MigrantOut(BaseModel):
    id: int
    centre_id: int
    user_id: int | None
    full_name: str
    date_of_birth: date
    phone: str | None
    email: str | None
    citizenship: str
    passport_masked: str
    occupation: str
    skills: list[str]
    experience_years: Decimal
    languages: list[dict[str, str]]
    education: str
    desired_countries: list[str]
    min_wage: Money | None
    consent_given_at: datetime
    consent_version: str
    prescreening: PrescreeningOut
    created_at: datetime
    updated_at: datetime


class MigrantSummaryOut(BaseModel):
    """What an agency sees of a migrant referred to it: no passport, no contacts."""

    id: int
    full_name: str
    occupation: str
    skills: list[str]
    experience_years: Decimal
    languages: list[dict[str, str]]
    citizenship: str = Field(description="ISO 3166-1 alpha-2; whose labour attaché the "
                             "migrant calls abroad, and whose papers the employer needs")


RecordId = Annotated[int, Field(ge=1, le=2**63 - 1)]


class ReferralIn(_In):
    migrant_id: RecordId
    vacancy_id: RecordId


class ReferralTransitionIn(_In):
    status: ReferralStatus
    reason: Reason | None = Field(default=None, description="required to reject")
    expected_version: Annotated[int, Field(ge=1)] | None = None


class ReferralVacancyOut(BaseModel):
    id: int
    title: str
    employer_name: str
    country: str
    city: str


class ReferralOut(BaseModel):
    id: int
    status: ReferralStatus
    status_reason: str | None
    version: int
    migrant: MigrantSummaryOut
    vacancy: ReferralVacancyOut
    centre_id: int
    agency_id: int
    agency_name: str
    created_at: datetime
    updated_at: datetime
    deployed_at: datetime | None
    allowed_moves: list[str]
    licence_hold: str | None = Field(
        default=None, description="while the referral is open and the agency's licence is "
        "not in force, why: suspended, revoked, expired (or another licence status), "
        "not_in_force or not_covered; the referral cannot move on until it is active again")
    licence_hold_since: datetime | None = Field(
        default=None, description="when the referral was marked as held (once the worker "
        "has run; the hold itself is read live)")
    employer_watchlisted: bool = Field(
        default=False, description="while the referral is open or the migrant is deployed, "
        "whether the job's employer is on the watchlist today: an open referral cannot move "
        "on, only be turned down; a deployed migrant works for that employer now")


class ReferralRequestIn(_In):
    vacancy_id: RecordId


class ReferralRequestDeclineIn(_In):
    reason: Reason = Field(description="why not: the migrant reads it")


class ReferralRequestOut(BaseModel):
    """A migrant's request to be referred to a vacancy, in the centre's queue until staff
    refer the migrant or decline with a reason."""

    id: int
    status: Literal["open", "referred", "declined"]
    migrant: MigrantSummaryOut
    vacancy: ReferralVacancyOut
    centre_id: int
    decline_reason: str | None
    referral_id: int | None
    created_at: datetime
    decided_at: datetime | None
