"""Migrants ask their centre to refer them to a job they found: the request waits in the
centre's queue until staff refer the migrant (through the referral service, with all its
checks) or decline with a reason the migrant reads."""

from __future__ import annotations

from datetime import date

import asyncpg

from core import audit, notifications
from core.auth import Principal, Role
from core.db import UnitOfWork
from matching import migrants, referrals
from matching import vacancies as vacancy_service
from matching.exceptions import Conflict, InvalidInput, NotFound, NotPrescreened
from matching.repository import migrants as migrants_repo
from matching.repository import referral_requests as repo
from matching.repository import referrals as referrals_repo
from matching.rows import ReferralRequestRow
from matching.schemas import (
    MigrantSummaryOut,
    ReferralIn,
    ReferralRequestOut,
    ReferralVacancyOut,
)

STATUSES = ("open", "referred", "declined")


class DuplicateRequest(Conflict):
    """The migrant asked for this job already and the centre has not answered yet."""

    code = "referral_request.duplicate"

    def __init__(self, request_id: int, vacancy_id: int) -> None:
        super().__init__(field="vacancy_id", request_id=request_id, vacancy_id=vacancy_id)


class AlreadyReferred(Conflict):
    """The migrant has a live referral to this job: there is nothing to ask for."""

    code = "referral_request.already_referred"

    def __init__(self, referral_id: int, vacancy_id: int) -> None:
        super().__init__(field="vacancy_id", referral_id=referral_id, vacancy_id=vacancy_id)


class RequestDecided(Conflict):
    """The request was answered already (referred or declined)."""

    code = "referral_request.decided"

    def __init__(self, request_id: int, status: str) -> None:
        super().__init__(request_id=request_id, status=status)


class NotPrescreenedForRequest(NotPrescreened):
    """The same 409 as for matching, worded for a request."""

    code = "referral_request.not_prescreened"


def _out(row: ReferralRequestRow) -> ReferralRequestOut:
    return ReferralRequestOut(
        id=row["id"], status=row["status"],
        migrant=MigrantSummaryOut(
            id=row["migrant_id"], full_name=row["migrant_full_name"],
            occupation=row["migrant_occupation"], skills=list(row["migrant_skills"]),
            experience_years=row["migrant_experience_years"],
            languages=row["migrant_languages"],
            citizenship=row["migrant_citizenship"]),
        vacancy=ReferralVacancyOut(
            id=row["vacancy_id"], title=row["vacancy_title"],
            employer_name=row["vacancy_employer_name"], country=row["vacancy_country"],
            city=row["vacancy_city"]),
        centre_id=row["centre_id"], decline_reason=row["decline_reason"],
        referral_id=row["referral_id"], created_at=row["created_at"],
        decided_at=row["decided_at"])


def _may_see(actor: Principal, row: ReferralRequestRow) -> bool:
    if actor.role in (Role.REGULATOR, Role.ADMIN):
        return True
    if actor.role == Role.CENTRE_STAFF:
        return actor.centre_id is not None and actor.centre_id == row["centre_id"]
    if actor.role == Role.MIGRANT:
        return actor.user_id is not None and actor.user_id == row["migrant_user_id"]
    return False


async def request_referral(uow: UnitOfWork, *, vacancy_id: int, actor: Principal,
                           today: date) -> ReferralRequestOut:
    """A pre-screened migrant asks the centre to refer them to an open, verified vacancy;
    one open request per migrant and vacancy."""
    conn = uow.conn
    migrant = await migrants_repo.get_migrant_by_user(conn, actor.user_id or 0) \
        if actor.role == Role.MIGRANT else None
    if migrant is None:
        raise NotFound("migrant record of user", actor.user_id)
    try:
        await vacancy_service.get_vacancy(uow, vacancy_id=vacancy_id, actor=None, today=today)
    except NotFound:
        raise InvalidInput("vacancy_id", "referral_request.vacancy_closed",
                           vacancy_id=vacancy_id) from None
    missing = migrants.missing_checks(migrant)
    if missing:
        raise NotPrescreenedForRequest(missing)
    live = await referrals_repo.find_live(conn, migrant_id=migrant["id"], vacancy_id=vacancy_id)
    if live is not None:
        raise AlreadyReferred(live["id"], vacancy_id)
    waiting = await repo.find_open(conn, migrant_id=migrant["id"], vacancy_id=vacancy_id)
    if waiting is not None:
        raise DuplicateRequest(waiting["id"], vacancy_id)
    try:
        async with conn.transaction():  # a savepoint: the same request sent twice at once
            request_id = await repo.insert_request(conn, migrant_id=migrant["id"],
                                                   vacancy_id=vacancy_id,
                                                   centre_id=migrant["centre_id"])
    except asyncpg.UniqueViolationError:
        found = await repo.find_open(conn, migrant_id=migrant["id"], vacancy_id=vacancy_id)
        raise DuplicateRequest(found["id"] if found else 0, vacancy_id) from None
    await audit.record(conn, actor=actor, entity_type="referral_request", entity_id=request_id,
                       action="request", to_state="open",
                       data={"migrant_id": migrant["id"], "vacancy_id": vacancy_id,
                             "centre_id": migrant["centre_id"]})
    row = await repo.get_request(conn, request_id)
    assert row is not None
    return _out(row)


async def list_requests(uow: UnitOfWork, *, actor: Principal, statuses: list[str] | None,
                        limit: int, offset: int) -> list[ReferralRequestOut]:
    """The centre's queue (open ones oldest first, then the answered), or a migrant's own."""
    centre_id = migrant_id = None
    if actor.role == Role.CENTRE_STAFF and actor.centre_id is not None:
        centre_id = actor.centre_id
    elif actor.role == Role.MIGRANT:
        migrant_id = await migrants.own_migrant_id(uow, actor=actor)
        if migrant_id is None:
            return []
    elif actor.role not in (Role.REGULATOR, Role.ADMIN):
        return []
    rows = await repo.list_requests(uow.conn, centre_id=centre_id, migrant_id=migrant_id,
                                    statuses=statuses, limit=limit, offset=offset)
    return [_out(r) for r in rows]


async def get_request(uow: UnitOfWork, *, request_id: int, actor: Principal
                      ) -> ReferralRequestOut:
    row = await repo.get_request(uow.conn, request_id)
    if row is None or not _may_see(actor, row):
        raise NotFound("referral request", request_id)
    return _out(row)


async def _open_for_centre(uow: UnitOfWork, request_id: int, actor: Principal
                           ) -> ReferralRequestRow:
    row = await repo.get_request(uow.conn, request_id, for_update=True)
    if row is None or actor.role != Role.CENTRE_STAFF or actor.centre_id != row["centre_id"]:
        raise NotFound("referral request", request_id)
    if row["status"] != "open":
        raise RequestDecided(request_id, row["status"])
    return row


async def refer_requested(uow: UnitOfWork, *, request_id: int, actor: Principal, today: date
                          ) -> ReferralRequestOut:
    """Centre staff grant a request: the migrant is referred as any referral is (the same
    checks, notice to the agency and audit), and the request records the referral."""
    row = await _open_for_centre(uow, request_id, actor)
    referral = await referrals.refer_migrant(
        uow, data=ReferralIn(migrant_id=row["migrant_id"], vacancy_id=row["vacancy_id"]),
        actor=actor, today=today)
    await repo.decide(uow.conn, request_id, status="referred", decline_reason=None,
                      referral_id=referral.id, decided_by_user_id=actor.user_id)
    await audit.record(uow.conn, actor=actor, entity_type="referral_request",
                       entity_id=request_id, action="refer", from_state="open",
                       to_state="referred", data={"referral_id": referral.id})
    if row["migrant_user_id"] is not None:
        await notifications.notify(
            uow.conn, audience="user", user_id=row["migrant_user_id"],
            kind="referral_request.referred",
            params={"job": row["vacancy_title"], "referral": referral.id},
            subject=f"Your centre referred you to {row['vacancy_title']}",
            body=f"Referral {referral.id}: the agency is told and will contact you.")
    updated = await repo.get_request(uow.conn, request_id)
    assert updated is not None
    return _out(updated)


async def decline_request(uow: UnitOfWork, *, request_id: int, actor: Principal, reason: str
                          ) -> ReferralRequestOut:
    """Centre staff decline a request with a reason, which the migrant reads."""
    reason = reason.strip()
    if len(reason) < 3:
        raise InvalidInput("reason", "referral_request.reason_needed")
    row = await _open_for_centre(uow, request_id, actor)
    await repo.decide(uow.conn, request_id, status="declined", decline_reason=reason,
                      referral_id=None, decided_by_user_id=actor.user_id)
    await audit.record(uow.conn, actor=actor, entity_type="referral_request",
                       entity_id=request_id, action="decline", from_state="open",
                       to_state="declined", reason=reason)
    if row["migrant_user_id"] is not None:
        await notifications.notify(
            uow.conn, audience="user", user_id=row["migrant_user_id"],
            kind="referral_request.declined",
            params={"job": row["vacancy_title"], "reason": reason},
            subject=f"Your centre did not refer you to {row['vacancy_title']}",
            body=f"The reason: {reason}")
    updated = await repo.get_request(uow.conn, request_id)
    assert updated is not None
    return _out(updated)
