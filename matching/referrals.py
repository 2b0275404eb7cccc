"""Referrals of pre-screened migrants to open vacancies, moved on by the posting agency;
a deployed referral is a verified placement."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import asyncpg

from core import audit, notifications
from core.auth import Principal, Role
from core.db import UnitOfWork
from matching import migrants
from matching import vacancies as vacancy_service
from matching.exceptions import Conflict, InvalidInput, NotFound, NotPrescreened
from matching.repository import migrants as migrants_repo
from matching.repository import referrals as repo
from matching.rules import REFERRAL_TRANSITIONS, ReferralStatus, check_referral_move
from matching.schemas import (
    MigrantSummaryOut,
    ReferralIn,
    ReferralOut,
    ReferralTransitionIn,
    ReferralVacancyOut,
)
from registry import service as registry_service

_OFFICIALS = {Role.REGULATOR, Role.ADMIN}
_ORDER = list(ReferralStatus)


class NotPrescreenedForReferral(NotPrescreened):
    """The same 409 as for matching, worded for a referral."""

    def __init__(self, missing: list[str]) -> None:
        super().__init__(missing)
        self.args = ("only pre-screened migrants may be referred to a vacancy; missing: "
                     + ", ".join(m.replace("_", " ") for m in missing),)


def allowed_moves(status: ReferralStatus) -> list[str]:
    return sorted((s.value for s in REFERRAL_TRANSITIONS[status]),
                  key=lambda s: _ORDER.index(ReferralStatus(s)))


# --- shaping and access -----------------------------------------------------------------


async def _referral_out(uow: UnitOfWork, row: dict[str, Any], today: date,
                        names: dict[int, str] | None = None) -> ReferralOut:
    names = {} if names is None else names
    if row["agency_id"] not in names:
        standing = await registry_service.licence_standing(
            uow, agency_id=row["agency_id"], country=None, today=today
        )
        names[row["agency_id"]] = standing.agency_name
    status = ReferralStatus(row["status"])
    return ReferralOut(
        id=row["id"], status=status, status_reason=row["status_reason"],
        version=row["version"],
        migrant=MigrantSummaryOut(
            id=row["migrant_id"], full_name=row["migrant_full_name"],
            occupation=row["migrant_occupation"], skills=list(row["migrant_skills"]),
            experience_years=row["migrant_experience_years"],
            languages=row["migrant_languages"],
        ),
        vacancy=ReferralVacancyOut(
            id=row["vacancy_id"], title=row["vacancy_title"],
            employer_name=row["vacancy_employer_name"], country=row["vacancy_country"],
            city=row["vacancy_city"],
        ),
        centre_id=row["centre_id"], agency_id=row["agency_id"],
        agency_name=names[row["agency_id"]], created_at=row["created_at"],
        updated_at=row["updated_at"], deployed_at=row["deployed_at"],
        allowed_moves=allowed_moves(status),
    )


def _may_see(actor: Principal, row: dict[str, Any]) -> bool:
    """Officials; the agency referred to; the centre that referred; the migrant."""
    if actor.role in _OFFICIALS:
        return True
    if actor.role == Role.AGENCY_STAFF:
        return actor.agency_id is not None and actor.agency_id == row["agency_id"]
    if actor.role == Role.CENTRE_STAFF:
        return actor.centre_id is not None and actor.centre_id == row["centre_id"]
    if actor.role == Role.MIGRANT:
        return actor.user_id is not None and actor.user_id == row["migrant_user_id"]
    return False


def _duplicate(migrant_id: int, vacancy_id: int, live: dict[str, Any] | None) -> Conflict:
    which = f" (referral {live['id']}, {live['status'].replace('_', ' ')})" if live else ""
    return Conflict(f"migrant {migrant_id} already has a live referral to vacancy "
                    f"{vacancy_id}{which}; only a rejected referral can be made again")


# --- use cases --------------------------------------------------------------------------


async def refer_migrant(uow: UnitOfWork, *, data: ReferralIn, actor: Principal, today: date
                        ) -> ReferralOut:
    """Centre staff refer one of their pre-screened migrants to an open, verified vacancy."""
    conn = uow.conn
    migrant = await migrants_repo.get_migrant(conn, data.migrant_id)
    if migrant is None or actor.role != Role.CENTRE_STAFF or \
            migrant["centre_id"] != actor.centre_id:
        raise InvalidInput("migrant_id",
                           f"migrant {data.migrant_id} is not one of this centre's migrants")
    try:
        vacancy = await vacancy_service.get_vacancy(uow, vacancy_id=data.vacancy_id, actor=None,
                                                    today=today)
    except NotFound:
        # The same answer for a vacancy that is missing, a draft, closed or of an agency
        # that may not recruit now, so hidden vacancies cannot be probed.
        raise InvalidInput(
            "vacancy_id",
            f"vacancy {data.vacancy_id} is not open to referrals: only verified, published, "
            "open vacancies of agencies licensed for the country can be referred to",
        ) from None
    missing = migrants.missing_checks(migrant)
    if missing:
        raise NotPrescreenedForReferral(missing)
    live = await repo.find_live(conn, migrant_id=data.migrant_id, vacancy_id=data.vacancy_id)
    if live is not None:
        raise _duplicate(data.migrant_id, data.vacancy_id, live)
    try:
        referral_id = await repo.insert_referral(
            conn, migrant_id=data.migrant_id, vacancy_id=data.vacancy_id,
            centre_id=migrant["centre_id"], agency_id=vacancy.agency_id,
        )
    except asyncpg.UniqueViolationError as exc:  # the same referral made at the same moment
        raise _duplicate(data.migrant_id, data.vacancy_id, None) from exc
    await audit.record(
        conn, actor=actor, entity_type="referral", entity_id=referral_id,
        agency_id=vacancy.agency_id, action="refer", to_state=ReferralStatus.REFERRED.value,
        data={"migrant_id": data.migrant_id, "vacancy_id": data.vacancy_id,
              "centre_id": migrant["centre_id"]},
    )
    await notifications.notify(
        conn, audience="agency", agency_id=vacancy.agency_id, kind="referral.new",
        subject=f"A migrant was referred to your vacancy {vacancy.title}",
        body=f"Referral {referral_id}: a pre-screened {migrant['occupation']} was referred to "
             f"vacancy {vacancy.id} by a migrant resource centre.",
    )
    row = await repo.get_referral(conn, referral_id)
    assert row is not None
    return await _referral_out(uow, row, today)


async def get_referral(uow: UnitOfWork, *, referral_id: int, actor: Principal, today: date
                       ) -> ReferralOut:
    """One referral, for those it concerns; anyone else's reads as absent."""
    row = await repo.get_referral(uow.conn, referral_id)
    if row is None or not _may_see(actor, row):
        raise NotFound("referral", referral_id)
    return await _referral_out(uow, row, today)


async def list_referrals(
    uow: UnitOfWork, *, actor: Principal, statuses: list[ReferralStatus] | None,
    vacancy_id: int | None, migrant_id: int | None, limit: int, offset: int, today: date,
) -> list[ReferralOut]:
    """An agency's referrals to its vacancies, a centre's referrals, a migrant's own."""
    agency_id = centre_id = None
    if actor.role == Role.AGENCY_STAFF:
        agency_id = actor.agency_id
    elif actor.role == Role.CENTRE_STAFF:
        centre_id = actor.centre_id
    elif actor.role == Role.MIGRANT:
        own = await migrants.own_migrant_id(uow, actor=actor)
        if own is None or (migrant_id is not None and migrant_id != own):
            return []
        migrant_id = own
    elif actor.role not in _OFFICIALS:
        return []
    if actor.role in (Role.AGENCY_STAFF, Role.CENTRE_STAFF) and \
            agency_id is None and centre_id is None:
        return []
    rows = await repo.list_referrals(
        uow.conn, agency_id=agency_id, centre_id=centre_id, migrant_id=migrant_id,
        vacancy_id=vacancy_id, statuses=[s.value for s in statuses] if statuses else None,
        limit=limit, offset=offset,
    )
    names: dict[int, str] = {}
    return [await _referral_out(uow, r, today, names) for r in rows]


async def transition_referral(
    uow: UnitOfWork, *, referral_id: int, command: ReferralTransitionIn, actor: Principal,
    today: date,
) -> ReferralOut:
    """The posting agency moves a referral on (interviewed, offered, contract signed,
    deployed) or rejects it with a reason; each move is checked and audited."""
    conn = uow.conn
    row = await repo.get_referral(conn, referral_id, for_update=True)
    if row is None or actor.role != Role.AGENCY_STAFF or actor.agency_id != row["agency_id"]:
        raise NotFound("referral", referral_id)
    if command.expected_version is not None and command.expected_version != row["version"]:
        raise Conflict(f"the referral was changed by someone else (you saw version "
                       f"{command.expected_version}, it is now {row['version']}); reload it")
    status = ReferralStatus(row["status"])
    target = command.status
    check_referral_move(status, target)
    if target == ReferralStatus.REJECTED and not command.reason:
        raise InvalidInput("reason", "a reason is required to reject a referral")
    if target != ReferralStatus.REJECTED:
        # Recruiting on a suspended or lapsed licence is what suspension forbids; turning a
        # referral down stays possible.
        standing = await registry_service.licence_standing(
            uow, agency_id=row["agency_id"], country=row["vacancy_country"], today=today
        )
        if not (standing.may_recruit and standing.covers_country):
            raise Conflict(f"the agency may not move referrals on for {row['vacancy_country']}:"
                           f" {standing.explanation}")
    changes: dict[str, Any] = {"status": target.value, "status_reason": command.reason}
    if target == ReferralStatus.DEPLOYED:
        changes["deployed_at"] = datetime.now(UTC)
    await repo.update_referral(conn, referral_id, **changes)
    await audit.record(
        conn, actor=actor, entity_type="referral", entity_id=referral_id,
        agency_id=row["agency_id"], action=target.value, from_state=status.value,
        to_state=target.value, reason=command.reason,
        data={"migrant_id": row["migrant_id"], "vacancy_id": row["vacancy_id"],
              "version": row["version"] + 1},
    )
    if row["migrant_user_id"] is not None:
        await notifications.notify(
            conn, audience="user", user_id=row["migrant_user_id"],
            kind=f"referral.{target.value}",
            subject=f"Your referral to {row['vacancy_title']}: {target.value.replace('_', ' ')}",
            body=command.reason or f"Referral {referral_id} is now "
                                   f"{target.value.replace('_', ' ')}.",
        )
    if target == ReferralStatus.DEPLOYED:
        # A verified placement: the agency's rating counts it.
        await registry_service.rating_inputs_changed(uow, agency_id=row["agency_id"],
                                                     cause="referral.deployed")
    updated = await repo.get_referral(conn, referral_id)
    assert updated is not None
    return await _referral_out(uow, updated, today)


# --- placements, for agency ratings ------------------------------------------------------


async def count_placements(uow: UnitOfWork, *, agency_id: int) -> int:
    """Verified placements of an agency: its referrals that reached deployed."""
    return await repo.count_placements(uow.conn, agency_id=agency_id)


async def placements_by_agency(uow: UnitOfWork) -> dict[int, int]:
    """Verified placements per agency (agencies with none are absent)."""
    return await repo.placements_by_agency(uow.conn)
