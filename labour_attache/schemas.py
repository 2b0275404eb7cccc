"""What the attachés' own work looks like to the API."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel


class CaseloadOut(BaseModel):
    attache_id: int
    open_cases: int
    by_status: dict[str, int]
    overdue: int
    in_supervisor_queue: int
    next_deadline: datetime | None
    acknowledged: int
    median_hours_to_acknowledge: float | None
    concluded: int
    median_days_to_resolve: float | None
