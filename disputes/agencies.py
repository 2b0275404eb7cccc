"""What disputes tell of an agency: its record for ratings, and its open cases while its
licence is not in force."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from core import audit, notifications
from core.auth import SYSTEM, Role
from core.db import UnitOfWork
from disputes import repository as repo
from disputes.cases import reference
from disputes.rules import OPEN_STATES, DisputeStatus
from matching.rules import licence_hold
from missions import service as attache_service
from registry import service as registry_service


@dataclass(frozen=True)
class AgencyRecord:
    """What an agency's rating counts from its disputes."""

    disputes: int = 0  # filed against it and not withdrawn
    upheld_findings: int = 0  # findings upheld against the agency itself
    upheld_findings_since: int = 0  # of those, recorded since the date asked about
    deposit_draws: int = 0  # unpaid awards drawn from its security deposit
    disputes_open: int = 0  # of `disputes`, the ones not concluded yet
    latest_upheld_finding_at: datetime | None = None
    latest_deposit_draw_at: datetime | None = None


async def agency_records(uow: UnitOfWork, *, since: datetime,
                         agency_ids: Sequence[int] | None = None) -> dict[int, AgencyRecord]:
    """Per agency (all, or `agency_ids`): disputes, upheld findings and deposit draws;
    agencies with none are absent."""
    rows = await repo.agency_records(uow.conn, since=since, agency_ids=agency_ids,
                                     open_states=sorted(OPEN_STATES))
    return {r["agency_id"]: AgencyRecord(
        disputes=r["disputes"], upheld_findings=r["upheld_findings"],
        upheld_findings_since=r["upheld_findings_since"], deposit_draws=r["deposit_draws"],
        disputes_open=r["disputes_open"],
        latest_upheld_finding_at=r["latest_upheld_finding_at"],
        latest_deposit_draw_at=r["latest_deposit_draw_at"]) for r in rows}


async def mark_licence_standing(uow: UnitOfWork, *, agency_id: int, today: date) -> int:
    """Mark the open disputes against an agency while its licence is not in force, clear
    the marks once it is again (cleared marks are kept), and tell the migrant, the centre
    staff member who filed and the attachés of the case's mission that the case goes on.
    Reads the licence as it stands now, so running it again changes nothing; returns how
    many disputes changed."""
    conn = uow.conn
    await repo.lock_agency_marks(conn, agency_id)
    standing = await registry_service.licence_standing(uow, agency_id=agency_id,
                                                       country=None, today=today)
    changed = 0
    for row in await repo.disputes_to_mark(conn, agency_id=agency_id):
        hold = licence_hold(status=standing.status, may_recruit=standing.may_recruit,
                            countries=standing.countries, country=None
                            ) if DisputeStatus(row["status"]) in OPEN_STATES else None
        if hold == row["mark_hold"]:
            continue
        if row["mark_id"] is not None:
            await repo.clear_licence_mark(conn, row["mark_id"])
        mark_id = row["mark_id"]
        if hold is not None:
            mark_id = await repo.insert_licence_mark(
                conn, dispute_id=row["id"], agency_id=agency_id,
                licence_number=standing.licence_number, hold=hold)
        await audit.record(
            conn, actor=SYSTEM, entity_type="dispute", entity_id=row["id"],
            agency_id=agency_id, action="licence_hold" if hold else "licence_hold_cleared",
            from_state=row["status"], to_state=row["status"], reason=standing.explanation,
            data={"hold": hold, "previous_hold": row["mark_hold"],
                  "licence_number": standing.licence_number})
        changed += 1
        if DisputeStatus(row["status"]) not in OPEN_STATES:
            continue
        # On the case's own timeline too, where its parties read it; a mark cleared
        # because the case ended is no news of the licence, so only open cases get it.
        await repo.insert_event(
            conn, dispute_id=row["id"], action="licence_hold" if hold else "licence_hold_cleared",
            from_status=row["status"], to_status=row["status"], actor_user_id=None,
            actor_role=SYSTEM.role, reason=None,
            data={"hold": hold, "previous_hold": row["mark_hold"],
                  "licence_number": standing.licence_number})
        case, agency = reference(row), standing.agency_name
        if hold is not None:
            kind = "dispute.licence_hold"
            subject = f"Dispute {case}: {agency}'s licence is not in force"
            party_body = (f"{agency}: {standing.explanation}. Your dispute {case} goes on, and "
                          "the agency still answers for it. Do not sign anything with this "
                          "agency or pay it anything now.")
            centre_body = (f"{agency}: {standing.explanation}. The dispute {case} of your "
                           "migrant goes on, and the agency still answers for it. Tell the "
                           "migrant not to sign anything with this agency or pay it anything "
                           "now.")
            attache_body = (f"{agency}: {standing.explanation}. Case {case} goes on and the "
                            "agency still answers for it; its open referrals are held until "
                            "the licence is active again.")
        else:
            kind = "dispute.licence_restored"
            subject = f"Dispute {case}: {agency}'s licence is active again"
            party_body = centre_body = attache_body = (
                f"The licence of {agency} is active again. Case {case} goes on as before.")
        centre = ({row["filed_by_user_id"]} if row["filed_by_role"] == Role.CENTRE_STAFF
                  else set())
        attaches = {row["assigned_attache_id"]} | (
            {a["id"] for a in await attache_service.mission_attaches(
                uow, mission_id=row["mission_id"])} if row["mission_id"] is not None else set())
        key = f"dispute-licence:{mark_id}:{'held' if hold else 'cleared'}"
        facts: dict[str, Any] = {"case": case, "agency": agency}
        if hold is not None:
            facts["hold"] = hold
        for users, body, variant in (({row["migrant_user_id"]}, party_body, None),
                                     (centre, centre_body, None),
                                     (attaches, attache_body, "attache")):
            for user_id in sorted(u for u in users if u is not None):
                await notifications.notify(conn, audience="user", user_id=user_id, kind=kind,
                                           subject=subject, body=body,
                                           params=facts | {"variant": variant},
                                           dedupe_key=f"{key}:user:{user_id}")
    return changed
