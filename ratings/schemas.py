"""Ratings input and output shapes. The public summary of a rating, which the licence
lookup carries, is the registry's (`registry.schemas.RatingSummaryOut`)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from core.validation import Reason
from registry.schemas import RatingBasisOut, RatingStatusName


class RatingComponentOut(BaseModel):
    """One component of a rating, with every number needed to check it by hand."""

    key: str
    label: str
    raw: float | None = Field(description="the agency's own value (None: no exposure yet)")
    smoothed: float = Field(description="the value after weighing in the register's prior")
    prior: float | None
    pseudo_count: float | None
    own_share: float = Field(description="the share of the smoothed value that is the "
                             "agency's own record (0 to 1)")
    quality: float
    weight: float
    contribution: float
    counts: dict[str, int | float]
    text: str


class RatingOut(BaseModel):
    agency_id: int
    agency_name: str
    status: RatingStatusName = Field(description='"rated", or "new": not enough history for '
                                     "a score")
    status_text: str
    score: float | None = Field(description="none while the status is new")
    formula_version: str
    computed_at: datetime
    changed_at: datetime
    components: list[RatingComponentOut]
    basis: RatingBasisOut
    basis_text: str
    inputs: dict[str, int | float]
    population: dict[str, int | float]
    open_alerts: int


class RatingListItemOut(BaseModel):
    agency_id: int
    agency_name: str
    status: str = Field(description="the agency's licence standing")
    rating_status: RatingStatusName = Field(description='"rated", or "new": not enough '
                                            "history for a score")
    rating_status_text: str
    score: float | None = Field(description="none while the rating status is new")
    disputes_filed: int = Field(description="not counted in the score")
    formula_version: str
    computed_at: datetime
    open_alerts: int


class RatingAlertOut(BaseModel):
    id: int
    agency_id: int
    agency_name: str
    score: float | None
    reason: str
    detail: str
    threshold: int
    window_days: int
    observed: int
    latest_observed: int
    opened_at: datetime
    updated_at: datetime
    closed_at: datetime | None
    closed_by_user_id: int | None
    close_note: str | None


class CloseAlertIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    note: Reason
