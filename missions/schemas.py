"""Mission and settlement-body input and output shapes, and a row read into them."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Annotated, Any, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints
from pydantic_core import PydanticCustomError

from core.validation import Address, Email, Name, Phone
from missions.rules import DisputeKind, SettlementBodyKind, region_key

Region = Annotated[str, StringConstraints(strip_whitespace=True, min_length=2, max_length=120)]


def _unique(value: list[DisputeKind]) -> list[DisputeKind]:
    if len(set(value)) != len(value):
        raise PydanticCustomError("kinds_twice", "each kind may be listed once")
    return value


Kinds = Annotated[list[DisputeKind], Field(min_length=1, max_length=len(DisputeKind)),
                  AfterValidator(_unique)]


def _distinct_regions(value: list[str]) -> list[str]:
    keys = [region_key(r) for r in value]
    if len(set(keys)) != len(keys):
        raise ValueError("each region may be listed once (spellings that differ only in "
                         "script or case are the same region)")
    return value


Regions = Annotated[list[Region], Field(max_length=200), AfterValidator(_distinct_regions)]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class MissionPatch(_In):
    """Only the fields sent change; null clears a contact."""

    name: Name | None = None
    regions: Regions | None = None
    address: Address | None = None
    email: Email | None = None
    phone: Phone | None = None


class MissionOut(BaseModel):
    id: int
    name: str
    sending_country: str
    country: str
    regions: list[str]
    address: str | None
    email: str | None
    phone: str | None
    created_at: datetime
    updated_at: datetime


class SettlementBodyPatch(_In):
    """Only the fields sent change; null clears a contact."""

    name: Name | None = None
    kind: SettlementBodyKind | None = None
    regions: Regions | None = None
    dispute_kinds: Kinds | None = None
    address: Address | None = None
    email: Email | None = None
    phone: Phone | None = None


class SettlementBodyOut(BaseModel):
    id: int
    name: str
    country: str
    kind: SettlementBodyKind
    regions: list[str]
    dispute_kinds: list[DisputeKind]
    address: str | None
    email: str | None
    phone: str | None
    created_at: datetime
    updated_at: datetime


Out = TypeVar("Out", MissionOut, SettlementBodyOut)


def from_row(model: type[Out], row: Mapping[str, Any]) -> Out:
    """A mission's or settlement body's row in its output shape."""
    return model(**{k: row[k] for k in model.model_fields})
