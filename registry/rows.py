"""The rows the registry's repository returns: one TypedDict per query shape, so a misspelt
column fails type checking. They are plain dicts at run time."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any, TypedDict


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
