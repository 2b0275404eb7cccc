"""Reading cases: one case as the actor may see it, the cases the actor is party to, and a
case's history."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any, cast

from core.auth import Principal, Role
from core.db import UnitOfWork
from disputes import repository as repo
from disputes.cases import (
    _EVIDENCE_READERS,
    _OFFICIALS,
    _visible_row,
    dispute_out,
    parties_of,
    summary_out,
)
from disputes.rows import CaseloadRow
from disputes.rules import DisputeStatus, event_data_for
from disputes.schemas import DisputeOut, DisputeSummaryOut, EscalationOut, EventOut, HistoryOut


async def get_dispute(uow: UnitOfWork, *, dispute_id: int, actor: Principal, now: datetime,
                      today: date) -> DisputeOut:
    """One case, as the actor may see it."""
    row, access = await _visible_row(uow, dispute_id, actor)
    return await dispute_out(uow, row, actor, access, now=now, today=today)


async def list_disputes(
    uow: UnitOfWork, *, actor: Principal, statuses: list[DisputeStatus] | None = None,
    queue: str | None = None, agency_id: int | None = None, by_deadline: bool = False,
    limit: int = 100, offset: int = 0, now: datetime,
) -> list[DisputeSummaryOut]:
    """Cases the actor is party to (officials: all), newest first or by nearest deadline."""
    scope: dict[str, Any] = {}
    if actor.role in _OFFICIALS:
        scope = {"agency_id": agency_id}
    elif actor.role == Role.AGENCY_STAFF and actor.agency_id is not None:
        scope = {"agency_id": actor.agency_id}
    elif actor.role == Role.CENTRE_STAFF and actor.centre_id is not None:
        scope = {"filing_centre_id": actor.centre_id}
    elif actor.role == Role.MIGRANT and actor.user_id is not None:
        scope = {"migrant_user_id": actor.user_id}
    elif actor.role == Role.ATTACHE and actor.user_id is not None:
        scope = {"attache_id": actor.user_id}
    elif actor.role == Role.SETTLEMENT_BODY and actor.settlement_body_id is not None:
        scope = {"referred_body_id": actor.settlement_body_id}
    else:
        return []
    if actor.role not in _OFFICIALS and agency_id is not None and \
            scope.get("agency_id") != agency_id:
        return []
    rows = await repo.list_disputes(
        uow.conn, **scope, queue=queue, statuses=[s.value for s in statuses] if statuses
        else None, by_deadline=by_deadline, limit=limit, offset=offset,
    )
    return [summary_out(r, now) for r in rows]


async def get_history(uow: UnitOfWork, *, dispute_id: int, actor: Principal) -> HistoryOut:
    """Every step of a case and every escalation, oldest first."""
    row, _ = await _visible_row(uow, dispute_id, actor)
    sees_evidence = bool(parties_of(actor, row) & _EVIDENCE_READERS)
    events = await repo.list_events(uow.conn, dispute_id)
    escalations = await repo.list_escalations(uow.conn, dispute_id)
    return HistoryOut(
        events=[EventOut(**{k: cast(Mapping[str, Any], e)[k] for k in EventOut.model_fields} | {
            "data": event_data_for(e["action"], e["data"], sees_evidence=sees_evidence)})
            for e in events],
        escalations=[EscalationOut(**{k: cast(Mapping[str, Any], e)[k]
                                      for k in EscalationOut.model_fields})
                     for e in escalations],
    )


async def caseload_figures(uow: UnitOfWork, *, attache_id: int, now: datetime) -> CaseloadRow:
    """An attaché's open cases by status, what is overdue, and how fast the attaché's cases
    were acknowledged and concluded (medians in seconds)."""
    return await repo.caseload(uow.conn, attache_id=attache_id, now=now)
