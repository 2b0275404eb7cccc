"""The rows the ratings' repository returns: one TypedDict per query shape, so a misspelt
column fails type checking. They are plain dicts at run time."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal, TypedDict


class RatingRow(TypedDict):
    """An agency's rating with its name and open alerts (`_RATING_COLUMNS`)."""

    agency_id: int
    agency_name: str
    status: Literal["rated", "new"]
    score: float | None
    formula_version: str
    breakdown: Any
    basis: Any
    inputs: Any
    population: Any
    computed_at: datetime
    changed_at: datetime
    open_alerts: int


class RatingListRow(RatingRow):
    """A rating in the regulators' list, with the status of the agency's latest licence."""

    licence_status: str | None


class RatingAlertRow(TypedDict):
    id: int
    agency_id: int
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


class ReviewItemRow(RatingAlertRow):
    """An alert in the review queue, with its agency's name and score (`_ALERT_COLUMNS`)."""

    agency_name: str
    score: float | None
