"""Registry input and output shapes."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, HttpUrl
from pydantic_core import PydanticCustomError

from core.validation import (
    Address,
    CountryCode,
    Email,
    Money,
    Name,
    Password,
    Phone,
    Reason,
    ShortText,
)
from registry.rules import LicenceAction, LicenceStatus


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _adult_birth_date(value: date) -> date:
    today = date.today()
    if value >= today:
        raise PydanticCustomError("birth_in_future", "date of birth must be in the past")
    age = today.year - value.year - ((today.month, today.day) < (value.month, value.day))
    if age < 18:
        raise PydanticCustomError("person_too_young",
                                  "an owner or director must be at least 18 years old")
    if age > 120:
        raise PydanticCustomError("birth_too_early", "date of birth is implausibly early")
    return value


def _unique_countries(value: list[str]) -> list[str]:
    if len(set(value)) != len(value):
        raise PydanticCustomError("countries_twice", "each country may be listed once")
    return value


class PersonIn(_In):
    full_name: Name
    role: Literal["owner", "director"]
    date_of_birth: Annotated[date, AfterValidator(_adult_birth_date)]
    document_country: CountryCode
    document_number: ShortText


class AccountIn(_In):
    email: Email
    full_name: Name
    password: Password


class AgencyRegistration(_In):
    legal_name: Name
    registration_number: ShortText
    country: CountryCode
    address: Address
    email: Email
    phone: Phone
    website: HttpUrl | None = None
    people: Annotated[list[PersonIn], Field(min_length=1, max_length=30)]
    account: AccountIn


class PeopleIn(_In):
    people: Annotated[list[PersonIn], Field(min_length=1, max_length=30)]


Countries = Annotated[
    list[CountryCode], Field(min_length=1, max_length=60), AfterValidator(_unique_countries)
]


class LicenceApplicationIn(_In):
    countries: Countries
    deposit: Money


class TransitionIn(_In):
    action: LicenceAction
    reason: Reason | None = None
    expected_version: Annotated[int, Field(ge=1)] | None = None
    valid_from: date | None = Field(
        default=None, description="grant only: first day of validity (today when omitted)"
    )
    countries: Countries | None = Field(
        default=None, description="grant only: a subset of the countries applied for"
    )


class PersonOut(BaseModel):
    id: int
    full_name: str
    role: str
    date_of_birth: date
    document_country: str
    document_number: str


class AgencyOut(BaseModel):
    id: int
    legal_name: str
    registration_number: str
    country: str
    address: str
    email: str
    phone: str
    website: str | None
    status: str
    created_at: datetime
    people: list[PersonOut]


class LicenceOut(BaseModel):
    id: int
    agency_id: int
    agency_name: str
    number: str | None
    status: LicenceStatus
    countries: list[str]
    deposit: Money
    valid_from: date | None
    valid_until: date | None
    renewal_count: int
    renewal_requested_at: datetime | None
    version: int
    applied_at: datetime
    updated_at: datetime
    allowed_actions: list[str]


class RegisteredAgencyOut(BaseModel):
    agency: AgencyOut
    user_id: int


class RatingPartOut(BaseModel):
    """One component of a rating, as the public sees it."""

    key: str
    label: str
    weight: float
    contribution: float
    text: str


RatingStatusName = Literal["rated", "new"]


class RatingBasisOut(BaseModel):
    """What a rating rests on, as the public is told it: counts, with dates where useful.
    Disputes filed are shown, never scored: only upheld findings and sanctions lower it."""

    placements: int = Field(description="verified placements (deployed referrals)")
    years_licensed: float
    months_licensed: int
    licensed_since: date | None
    renewals: int
    upheld_findings: int = Field(description="findings upheld against the agency")
    latest_upheld_finding_on: date | None
    suspensions: int
    latest_suspension_on: date | None
    revocations: int
    latest_revocation_on: date | None
    deposit_draws: int = Field(description="unpaid awards drawn from its security deposit")
    latest_deposit_draw_on: date | None
    disputes_filed: int = Field(description="disputes filed against it and not withdrawn; "
                                "not counted in the score")
    disputes_open: int = Field(description="of those, the ones not concluded yet")
    placements_needed: int = Field(description="placements an agency needs for a score")
    months_licensed_needed: int = Field(description="months licensed an agency needs for a "
                                        "score")


class RatingSummaryOut(BaseModel):
    """An agency's rating (0 to 100) and what each part of its record contributed; no score
    while its history is too short (status "new")."""

    status: RatingStatusName = Field(description='"rated", or "new": not enough history for '
                                     "a score")
    status_text: str
    score: float | None = Field(description="none while the status is new")
    formula_version: str
    computed_at: datetime
    components: list[RatingPartOut] = Field(description="none while the status is new")
    basis: RatingBasisOut
    basis_text: str = Field(description="what the rating rests on, in words")


class LookupResult(BaseModel):
    agency_name: str
    agency_country: str
    agency_address: str = Field(
        description="the registered address, to tell the agency from others of a similar name"
    )
    registration_number: str
    licence_number: str | None
    status: LicenceStatus | Literal["unlicensed"]
    valid_from: date | None
    valid_until: date | None
    countries: list[str]
    may_recruit_today: bool
    explanation: str
    rating: RatingSummaryOut | None = Field(
        default=None, description="the agency's rating with its breakdown; none until rated"
    )
    exact: bool = Field(
        default=True,
        description=(
            "true: the licence number or agency name asked for, or (matched_by name_part) the "
            "agency whose name the one typed shortens. false: only near it (see matched_by), "
            "possibly another agency's; an offer quoting the number or name typed is not "
            "this agency's unless the agency itself confirms it"
        ),
    )


class LookupOut(BaseModel):
    query: str
    matched_by: Literal["licence_number", "agency_name", "name_part", "near_name",
                        "near_number", "none"] = Field(
        description=(
            "licence_number or agency_name: the results are the agency asked for (its name "
            "spelled any way: Latin or Cyrillic, hyphens, spaces, legal form). name_part: no "
            "registered agency has the whole name typed; the results are those whose "
            "registered name holds every word typed, in order and in the same letters (Ala-Too "
            "for Ala-Too Work Abroad LLC): the agency by its short name, whose offers should "
            "still give the full name. near_name: no "
            "registered agency has the name typed; the results are the nearest registered "
            "names, each possibly another agency, to be told apart by licence number and "
            "address. near_number: no licence has the number typed; the results are those "
            "one letter or digit from it (a zero left out, two digits swapped). none: "
            "nothing in the register is near."
        )
    )
    results: list[LookupResult]


class BarredPersonOut(BaseModel):
    id: int
    full_name: str
    date_of_birth: date
    document_country: str
    document_number: str
    agency_id: int | None
    licence_id: int | None
    reason: str
    barred_from: date
    barred_until: date


class WatchlistEmployerIn(_In):
    name: Name
    country: CountryCode
    registration_number: ShortText | None = None
    reason: Reason
    listed_until: date | None = Field(default=None, description="the last day of the "
                                      "listing, at most ten years ahead; none: no end date")


class WatchlistEndIn(_In):
    """Why a listing ends before its date."""

    reason: Reason


class WatchlistUntilIn(_In):
    """A listing's new end date (none: no end date), and why it moves."""

    listed_until: date | None = None
    reason: Reason


class WatchlistEmployerOut(BaseModel):
    id: int
    name: str
    country: str
    registration_number: str | None
    reason: str
    listed_until: date | None
    created_at: datetime
    ended_at: datetime | None = None
    end_reason: str | None = None
