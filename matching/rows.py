"""The rows the matching domain's repository returns: one TypedDict per query shape, so a
misspelt column fails type checking. They are plain dicts at run time."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal, TypedDict

from core.notice_delivery import Channel, DeliveryState


class CentreRow(TypedDict):
    id: int
    name: str
    country: str
    city: str
    created_at: datetime


class EmployerRow(TypedDict):
    id: int
    agency_id: int
    name: str
    name_key: str
    country: str
    city: str
    registration_number: str
    status: str
    status_reason: str | None
    created_at: datetime


class VacancyRow(TypedDict):
    """A vacancy with its employer's name and registration (`VACANCY_COLUMNS`)."""

    id: int
    agency_id: int
    employer_id: int
    external_ref: str | None
    title: str
    description: str
    occupation: str
    skills: list[str]
    languages: Any
    country: str
    city: str
    wage_amount: Decimal
    wage_currency: str
    wage_period: Literal["hour", "week", "month"]
    wage_monthly: Decimal
    hours_per_week: Decimal
    housing: str
    meals: str
    contract_months: int
    positions: int
    worker_fee_amount: Decimal
    worker_fee_currency: str | None
    closing_date: date
    status: str
    status_reason: str | None
    red_flags: Any
    verification_code: str | None
    version: int
    created_at: datetime
    updated_at: datetime
    submitted_at: datetime | None
    verified_at: datetime | None
    published_at: datetime | None
    flag_acknowledgements: Any
    verified_by: int | None
    verified_mission_id: int | None
    occupation_code: str | None
    employer_name: str
    employer_name_key: str
    employer_registration_number: str


class MigrantRow(TypedDict):
    id: int
    centre_id: int
    user_id: int | None
    full_name: str
    date_of_birth: date
    phone: str | None
    email: str | None
    citizenship: str
    passport_cipher: bytes
    passport_hash: str
    passport_last4: str
    occupation: str
    skills: list[str]
    experience_years: Decimal
    languages: Any
    education: str
    desired_countries: list[str]
    min_wage_amount: Decimal | None
    min_wage_currency: str | None
    consent_given_at: datetime
    consent_version: str
    passport_valid: bool
    medical_check: bool
    orientation_done: bool
    skills_test_passed: bool
    prescreened_at: datetime | None
    created_at: datetime
    updated_at: datetime
    name_key: str


class _MigrantAndVacancy(TypedDict):
    """The migrant's and the vacancy's columns a referral and a referral request join."""

    migrant_full_name: str
    migrant_occupation: str
    migrant_skills: list[str]
    migrant_languages: Any
    migrant_experience_years: Decimal
    migrant_user_id: int | None
    migrant_citizenship: str
    vacancy_title: str
    vacancy_country: str
    vacancy_city: str
    vacancy_employer_name: str


class ReferralRow(_MigrantAndVacancy):
    """A referral with its migrant, vacancy and open licence mark (the referrals' `_COLUMNS`)."""

    id: int
    migrant_id: int
    vacancy_id: int
    centre_id: int
    agency_id: int
    status: str
    status_reason: str | None
    version: int
    created_at: datetime
    updated_at: datetime
    deployed_at: datetime | None
    referred_by_user_id: int | None
    mark_id: int | None
    mark_hold: str | None
    mark_marked_at: datetime | None


class MinimumWageRow(TypedDict):
    country: str
    currency: str
    monthly_amount: Decimal
    max_weekly_hours: Decimal
    updated_at: datetime


class WorkerFeeRuleRow(TypedDict):
    country: str
    fees_banned: bool
    reason: str
    updated_at: datetime


class UndeliveredNoticeRow(TypedDict):
    """A delivery to a centre's migrant that failed, or is tried again after failing, with
    its notice and the migrant."""

    id: int
    notice_id: int
    kind: str
    subject: str
    params: Any
    created_at: datetime
    channel: Channel
    state: DeliveryState
    attempts: int
    last_error: str | None
    next_attempt_at: datetime
    migrant_id: int
    migrant_full_name: str


class MigrantCentreRow(TypedDict):
    """A migrant's id and centre, found by passport."""

    id: int
    centre_id: int


class ReferralRequestRow(_MigrantAndVacancy):
    """A migrant's request to be referred, with the migrant and the vacancy (the requests'
    `_SELECT`)."""

    id: int
    migrant_id: int
    vacancy_id: int
    centre_id: int
    status: Literal["open", "referred", "declined"]
    decline_reason: str | None
    referral_id: int | None
    decided_by_user_id: int | None
    created_at: datetime
    decided_at: datetime | None


class OpenRequestRow(TypedDict):
    id: int
    created_at: datetime


class StatusRow(TypedDict):
    """A referral's or vacancy's id and status."""

    id: int
    status: str


class ReferralMarkRow(TypedDict):
    """A mark on a referral whose agency's licence was not in force (`hold` says why)."""

    id: int
    hold: str
    licence_number: str | None
    marked_at: datetime
    cleared_at: datetime | None


class IssuedCodeRow(TypedDict):
    id: int
    expires_at: datetime


class SignInCodeRow(TypedDict):
    """A sign-in code's state, with the database's time (`now`)."""

    id: int
    expires_at: datetime
    used_at: datetime | None
    voided_at: datetime | None
    now: datetime


class VacancyResultRow(TypedDict):
    """What a search result shows of a vacancy (`result_rows`)."""

    id: int
    agency_id: int
    title: str
    occupation: str
    occupation_code: str | None
    country: str
    city: str
    skills: list[str]
    languages: Any
    wage_amount: Decimal
    wage_currency: str
    wage_period: Literal["hour", "week", "month"]
    wage_monthly: Decimal
    hours_per_week: Decimal
    housing: str
    meals: str
    contract_months: int
    closing_date: date
    verification_code: str | None
    status: str
    employer_name: str


class VacancyAgencyRow(TypedDict):
    id: int
    agency_id: int


class PublishedEmployerRow(TypedDict):
    """An employer with its published vacancies in a country."""

    name: str
    registration_number: str
    vacancy_ids: list[int]
