"""The rows the labour-attaché domain's repository returns: one TypedDict per query shape, so
a misspelt column fails type checking. They are plain dicts at run time."""

from __future__ import annotations

from datetime import datetime
from typing import TypedDict


class NewMissionRow(TypedDict):
    """A mission as `insert_mission` returns it."""

    id: int
    name: str
    sending_country: str
    country: str
    created_at: datetime


class MissionRow(NewMissionRow):
    """A mission with the regions it covers (none: the whole country) and its contacts."""

    regions: list[str]
    address: str | None
    email: str | None
    phone: str | None
    updated_at: datetime


class NewSettlementBodyRow(TypedDict):
    """A settlement body as `insert_settlement_body` returns it."""

    id: int
    name: str
    country: str
    created_at: datetime


class SettlementBodyRow(NewSettlementBodyRow):
    """A settlement body with its kind, regions, dispute kinds and contacts."""

    kind: str
    regions: list[str]
    dispute_kinds: list[str]
    address: str | None
    email: str | None
    phone: str | None
    updated_at: datetime


class AttacheRow(TypedDict):
    """An active attaché of a mission."""

    id: int
    full_name: str
    email: str | None
