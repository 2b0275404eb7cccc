"""The rows the registry's repository returns: one TypedDict per query shape, so a misspelt
column fails type checking. They are plain dicts at run time."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal, TypedDict


class AgencyRow(TypedDict):
    """An agency with the status of its latest licence."""

    id: int
    legal_name: str
    name_key: str
    registration_number: str
    country: str
    address: str
    email: str
    phone: str
    website: str | None
    created_at: datetime
    updated_at: datetime
    licence_status: str | None


class LicenceRow(TypedDict):
    """A licence with its agency's name, country and registration (`_LICENCE_COLUMNS`)."""

    id: int
    agency_id: int
    agency_name: str
    agency_country: str
    registration_number: str
    number: str | None
    status: str
    countries: list[str]
    deposit_amount: Decimal
    deposit_currency: str
    persons: Any
    valid_from: date | None
    valid_until: date | None
    renewal_count: int
    renewal_requested_at: datetime | None
    expiry_warned_for: date | None
    version: int
    applied_at: datetime
    updated_at: datetime


class LicenceLookupRow(LicenceRow):
    """A licence found by its number, with its agency's address."""

    agency_address: str


class AgencyLookupRow(TypedDict):
    """An agency found by its name, with its latest licence not refused (none: all None)."""

    agency_id: int
    agency_name: str
    agency_country: str
    agency_address: str
    registration_number: str
    id: int | None
    number: str | None
    status: str | None
    countries: list[str] | None
    valid_from: date | None
    valid_until: date | None


class OpenLicenceRow(TypedDict):
    """An agency's licence pending or in force (at most one)."""

    id: int
    status: Literal["applied", "under_review", "active", "suspended"]


class RecruitingLicenceRow(TypedDict):
    """A licence in force today, with its agency's rating score by the formula in force.
    Its number and period are set: a licence is granted with them."""

    agency_id: int
    countries: list[str]
    number: str
    valid_until: date
    agency_name: str
    rating: float | None


class PersonRow(TypedDict):
    """An agency's owner or director."""

    id: int
    agency_id: int
    full_name: str
    name_key: str
    role: Literal["owner", "director"]
    date_of_birth: date
    document_country: str
    document_number: str
    document_key: str
    created_at: datetime


class BarredPersonRow(TypedDict):
    id: int
    full_name: str
    name_key: str
    date_of_birth: date
    document_country: str
    document_number: str
    document_key: str
    agency_id: int | None
    licence_id: int | None
    reason: str
    barred_from: date
    barred_until: date
    created_at: datetime


class BarredHitRow(BarredPersonRow):
    """A bar in force matching one of the people asked about (counted from 1)."""

    person_index: int


class WatchlistedEmployerRow(TypedDict):
    id: int
    name: str
    name_key: str
    country: str
    registration_number: str | None
    reason: str
    listed_until: date | None
    created_at: datetime
    ended_at: datetime | None
    end_reason: str | None


class LicenceRecordRow(TypedDict):
    """What an agency's rating counts from the registry."""

    agency_id: int
    agency_name: str
    licensed_since: date | None
    renewals: int
    suspensions: int
    revocations: int
    latest_suspension_at: datetime | None
    latest_revocation_at: datetime | None
