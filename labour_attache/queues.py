"""The attachés' work: an attaché's queue of open cases and their caseload."""

from __future__ import annotations

from datetime import datetime

from core.auth import Principal
from core.db import UnitOfWork
from disputes import service as dispute_service
from disputes.rules import OPEN_STATES
from disputes.schemas import DisputeSummaryOut
from labour_attache.schemas import CaseloadOut


async def attache_queue(uow: UnitOfWork, *, actor: Principal, limit: int, offset: int,
                        now: datetime) -> list[DisputeSummaryOut]:
    """An attaché's open cases, the nearest deadline first."""
    return await dispute_service.list_disputes(
        uow, actor=actor, statuses=sorted(OPEN_STATES), by_deadline=True, limit=limit,
        offset=offset, now=now)


async def caseload(uow: UnitOfWork, *, attache_id: int, now: datetime) -> CaseloadOut:
    """An attaché's open cases, what is overdue, and the median times to acknowledge a case
    and to resolve one (from filing to resolution or decision)."""
    row = await dispute_service.caseload_figures(uow, attache_id=attache_id, now=now)
    ack, resolve = row["median_ack_seconds"], row["median_resolve_seconds"]
    return CaseloadOut(
        attache_id=attache_id, open_cases=row["open_cases"], by_status=row["by_status"],
        overdue=row["overdue"], in_supervisor_queue=row["in_supervisor_queue"],
        next_deadline=row["next_deadline"], acknowledged=row["acknowledged"],
        median_hours_to_acknowledge=None if ack is None else round(ack / 3600, 2),
        concluded=row["concluded"],
        median_days_to_resolve=None if resolve is None else round(resolve / 86400, 2),
    )
