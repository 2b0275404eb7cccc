"""Matching input and output shapes."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

import pycountry
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
)

from core.validation import CountryCode, CurrencyCode, Money, Name, Reason, ShortText
from matching.rules import VacancyAction, VacancyStatus


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _language(code: str) -> str:
    if pycountry.languages.get(alpha_2=code) is None:
        raise ValueError(f"'{code}' is not an ISO 639-1 language code")
    return code


LanguageCode = Annotated[
    str,
    BeforeValidator(lambda v: v.strip().lower() if isinstance(v, str) else v),
    StringConstraints(min_length=2, max_length=2),
    AfterValidator(_language),
]
Level = Literal["A1", "A2", "B1", "B2", "C1", "C2", "native"]
Skill = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=60)]
City = Annotated[str, StringConstraints(strip_whitespace=True, min_length=2, max_length=100)]


class LanguageLevel(_In):
    code: LanguageCode
    level: Level


def _unique_languages(value: list[LanguageLevel]) -> list[LanguageLevel]:
    codes = [lang.code for lang in value]
    if len(set(codes)) != len(codes):
        raise ValueError("each language may be listed once")
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


class VacancyIn(_In):
    employer_id: Annotated[int, Field(ge=1, le=2**63 - 1)]
    external_ref: Annotated[str, StringConstraints(min_length=1, max_length=100)] | None = None
    title: Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=200)]
    description: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=10, max_length=10_000)
    ]
    occupation: Annotated[str, StringConstraints(strip_whitespace=True, min_length=2,
                                                 max_length=120)]
    skills: Annotated[list[Skill], Field(max_length=50)] = []
    languages: Languages = []
    country: CountryCode
    city: City
    wage: Wage
    hours_per_week: Annotated[Decimal, Field(gt=0, le=100, max_digits=5, decimal_places=2)]
    housing: Literal["free", "paid", "none"]
    meals: Literal["free", "paid", "none"]
    contract_months: Annotated[int, Field(ge=1, le=120)]
    positions: Annotated[int, Field(ge=1, le=100_000)]
    worker_fee: Money | None = None
    closing_date: date


class VacancyTransitionIn(_In):
    action: VacancyAction
    reason: Reason | None = None
    expected_version: Annotated[int, Field(ge=1)] | None = None


class VacancyOut(BaseModel):
    id: int
    agency_id: int
    agency_name: str
    employer_id: int
    employer_name: str
    external_ref: str | None
    title: str
    description: str
    occupation: str
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
    red_flags: list[dict[str, str]]
    verification_code: str | None
    version: int
    created_at: datetime
    updated_at: datetime
    allowed_actions: list[str]


class VerificationOut(BaseModel):
    code: str
    verified: bool
    open: bool
    agency_licensed: bool
    explanation: str
    vacancy: dict[str, Any] | None = None


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
