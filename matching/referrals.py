"""Referrals of pre-screened migrants to open vacancies, moved on by the posting agency;
a deployed referral is a verified placement."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import asyncpg

from core import audit, notifications
from core.auth import SYSTEM, Principal, Role
from core.db import UnitOfWork
from matching import migrants
from matching import vacancies as vacancy_service
from matching.exceptions import (
    Conflict,
    InvalidInput,
    LicenceNotInForce,
    NotFound,
    NotPrescreened,
)
from matching.repository import migrants as migrants_repo
from matching.repository import referrals as repo
from matching.rows import ReferralRow, StatusRow
from matching.rules import (
    OPEN_REFERRAL_STATES,
    REFERRAL_TRANSITIONS,
    ReferralStatus,
    check_referral_move,
    hold_words,
    licence_hold,
)
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

    code = "referral.not_prescreened"


def allowed_moves(status: ReferralStatus, *, held: bool = False) -> list[str]:
    """The moves from `status`; while the licence is not in force, only turning it down."""
    return sorted((s.value for s in REFERRAL_TRANSITIONS[status]
                   if not held or s == ReferralStatus.REJECTED),
                  key=lambda s: _ORDER.index(ReferralStatus(s)))


# --- shaping and access -----------------------------------------------------------------

Standings = dict[int, registry_service.LicenceStanding]
Listed = dict[int, bool]


async def _standing(uow: UnitOfWork, agency_id: int, today: date, standings: Standings
                    ) -> registry_service.LicenceStanding:
    """The agency's licence as it stands now, read once per agency for a list."""
    if agency_id not in standings:
        standings[agency_id] = await registry_service.licence_standing(
            uow, agency_id=agency_id, country=None, today=today)
    return standings[agency_id]


def _hold(row: ReferralRow, standing: registry_service.LicenceStanding) -> str | None:
    """Why this referral cannot move on now, read live from the licence; None when it can
    (or is no longer open)."""
    if ReferralStatus(row["status"]) not in OPEN_REFERRAL_STATES:
        return None
    return licence_hold(status=standing.status, may_recruit=standing.may_recruit,
                        countries=standing.countries, country=row["vacancy_country"])


async def _watchlisted(uow: UnitOfWork, row: ReferralRow, today: date, listed: Listed
                       ) -> bool:
    """Whether the employer of an open referral, or of one the migrant was deployed on, is
    on the watchlist today, read once per vacancy for a list. A deployed migrant works for
    that employer now and must be told too; a turned-down referral's never matters."""
    status = ReferralStatus(row["status"])
    if status not in OPEN_REFERRAL_STATES and status != ReferralStatus.DEPLOYED:
        return False
    vacancy_id = row["vacancy_id"]
    if vacancy_id not in listed:
        listed[vacancy_id] = await vacancy_service.vacancy_employer_watchlisted(
            uow, vacancy_id=vacancy_id, today=today)
    return listed[vacancy_id]


async def _referral_out(uow: UnitOfWork, row: ReferralRow, today: date,
                        standings: Standings | None = None,
                        listed: Listed | None = None) -> ReferralOut:
    standing = await _standing(uow, row["agency_id"], today,
                               {} if standings is None else standings)
    status = ReferralStatus(row["status"])
    hold = _hold(row, standing)
    watchlisted = await _watchlisted(uow, row, today, {} if listed is None else listed)
    return ReferralOut(
        id=row["id"], status=status, status_reason=row["status_reason"],
        version=row["version"],
        migrant=MigrantSummaryOut(
            id=row["migrant_id"], full_name=row["migrant_full_name"],
            occupation=row["migrant_occupation"], skills=list(row["migrant_skills"]),
            experience_years=row["migrant_experience_years"],
            languages=row["migrant_languages"],
            citizenship=row["migrant_citizenship"],
        ),
        vacancy=ReferralVacancyOut(
            id=row["vacancy_id"], title=row["vacancy_title"],
            employer_name=row["vacancy_employer_name"], country=row["vacancy_country"],
            city=row["vacancy_city"],
        ),
        centre_id=row["centre_id"], agency_id=row["agency_id"],
        agency_name=standing.agency_name, created_at=row["created_at"],
        updated_at=row["updated_at"], deployed_at=row["deployed_at"],
        allowed_moves=allowed_moves(status, held=hold is not None or watchlisted),
        licence_hold=hold,
        employer_watchlisted=watchlisted,
        licence_hold_since=row["mark_marked_at"] if hold is not None else None,
    )


def _may_see(actor: Principal, row: ReferralRow) -> bool:
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


def _duplicate(migrant_id: int, vacancy_id: int, live: StatusRow | None) -> Conflict:
    if live is None:
        return Conflict("referral.already_live_now", migrant_id=migrant_id,
                        vacancy_id=vacancy_id)
    return Conflict("referral.already_live", migrant_id=migrant_id, vacancy_id=vacancy_id,
                    referral_id=live["id"], referral_status=live["status"])


# --- use cases --------------------------------------------------------------------------


async def refer_migrant(uow: UnitOfWork, *, data: ReferralIn, actor: Principal, today: date
                        ) -> ReferralOut:
    """Centre staff refer one of their pre-screened migrants to an open, verified vacancy."""
    conn = uow.conn
    migrant = await migrants_repo.get_migrant(conn, data.migrant_id)
    if migrant is None or actor.role != Role.CENTRE_STAFF or \
            migrant["centre_id"] != actor.centre_id:
        raise InvalidInput("migrant_id", "referral.not_your_migrant", migrant_id=data.migrant_id)
    try:
        vacancy = await vacancy_service.get_vacancy(uow, vacancy_id=data.vacancy_id, actor=None,
                                                    today=today)
    except NotFound:
        # The same answer for a vacancy that is missing, a draft, closed or of an agency
        # that may not recruit now, so hidden vacancies cannot be probed.
        raise InvalidInput("vacancy_id", "referral.vacancy_closed",
                           vacancy_id=data.vacancy_id) from None
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
            referred_by_user_id=actor.user_id,
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
        params={"job": vacancy.title, "referral": referral_id, "vacancy": vacancy.id},
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
    standings: Standings = {}
    listed: Listed = {}
    return [await _referral_out(uow, r, today, standings, listed) for r in rows]


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
        raise Conflict("referral.changed", expected=command.expected_version,
                       actual=row["version"])
    status = ReferralStatus(row["status"])
    target = command.status
    check_referral_move(status, target)
    if target == ReferralStatus.REJECTED and not command.reason:
        raise InvalidInput("reason", "referral.reason_required")
    if target != ReferralStatus.REJECTED:
        # Recruiting on a suspended or lapsed licence is what suspension forbids; turning a
        # referral down stays possible. Read live: the marks may not be made yet.
        standing = await _standing(uow, row["agency_id"], today, {})
        hold = _hold(row, standing)
        if hold is not None:
            why = hold_words(hold, standing.agency_name, row["vacancy_country"])
            if hold == "not_in_force":  # say when it ran out, or from when it runs
                why += f" ({standing.explanation})"
            raise LicenceNotInForce(why=why, hold=hold, agency_name=standing.agency_name,
                                    country=row["vacancy_country"])
        # Nor for an employer on the watchlist (read live, as search and the code check do).
        if await vacancy_service.vacancy_employer_watchlisted(
                uow, vacancy_id=row["vacancy_id"], today=today):
            raise Conflict("referral.employer_watchlisted",
                           employer=row["vacancy_employer_name"])
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
            params={"job": row["vacancy_title"], "referral": referral_id,
                    "reason": command.reason},
        )
    if target == ReferralStatus.DEPLOYED:
        # A verified placement: the agency's rating counts it.
        await registry_service.agency_record_changed(uow, agency_id=row["agency_id"],
                                                     cause="referral.deployed")
    updated = await repo.get_referral(conn, referral_id)
    assert updated is not None
    return await _referral_out(uow, updated, today)


# --- while the agency's licence is not in force -----------------------------------------


async def apply_licence_standing(uow: UnitOfWork, *, agency_id: int, today: date) -> int:
    """Mark the agency's open referrals while its licence is not in force, clear the marks
    once it is again (cleared marks are kept), and tell the centre staff member who made
    each referral and the migrant. Reads the licence as it stands now, so running it again,
    or late, changes nothing; returns how many referrals changed."""
    conn = uow.conn
    await repo.lock_agency_marks(conn, agency_id)
    standing = await _standing(uow, agency_id, today, {})
    changed = 0
    for row in await repo.referrals_to_mark(conn, agency_id=agency_id):
        hold, current = _hold(row, standing), row["mark_hold"]
        if hold == current:
            continue
        if current is not None:
            assert row["mark_id"] is not None  # a hold is an open mark
            await repo.clear_mark(conn, row["mark_id"])
        mark_id = None
        if hold is not None:
            mark_id = await repo.insert_mark(conn, referral_id=row["id"], agency_id=agency_id,
                                             licence_number=standing.licence_number, hold=hold)
        await audit.record(
            conn, actor=SYSTEM, entity_type="referral", entity_id=row["id"],
            agency_id=agency_id, action="licence_hold" if hold else "licence_hold_cleared",
            from_state=row["status"], to_state=row["status"],
            reason=standing.explanation,
            data={"hold": hold, "previous_hold": current,
                  "licence_number": standing.licence_number},
        )
        if ReferralStatus(row["status"]) in OPEN_REFERRAL_STATES:
            await _tell_licence_standing(uow, row, standing, hold=hold,
                                         key=f"referral-licence:{mark_id or row['mark_id']}:"
                                             f"{'held' if hold else 'cleared'}")
        changed += 1
    return changed


async def _tell_licence_standing(uow: UnitOfWork, row: ReferralRow,
                                 standing: registry_service.LicenceStanding, *,
                                 hold: str | None, key: str) -> None:
    """What the hold (or its end) means, to the migrant and to whoever referred them."""
    job = f"{row['vacancy_title']} ({row['vacancy_city']})"
    agency = standing.agency_name
    if hold is not None:
        clause = hold_words(hold, agency, row["vacancy_country"])
        why = clause[0].upper() + clause[1:]
        kind = "referral.licence_hold"
        migrant_subject = f"Do not sign or pay {agency} now: your referral to {job} waits"
        migrant_body = (
            f"{why}. Do not sign anything with this agency or pay it anything now. Your "
            "migrant resource centre will help you. Your referral cannot move on until the "
            "licence is active again; you will be told when it is.")
        staff_subject = f"Referral {row['id']} to {job} is held: {clause}"
        staff_body = (
            f"{why}. The referral of {row['migrant_full_name']} cannot move on until the "
            "licence is active again. Tell the migrant not to sign anything with the agency "
            "or pay it anything now, and help them with other verified jobs meanwhile.")
    else:
        kind = "referral.licence_restored"
        migrant_subject = f"Your referral to {job} can move on again"
        migrant_body = (f"The licence of {agency} is active again, so the agency may take "
                        "your referral further. Ask your migrant resource centre if in doubt.")
        staff_subject = f"Referral {row['id']} to {job} can move on again"
        staff_body = (f"The licence of {agency} is active again: the referral of "
                      f"{row['migrant_full_name']} can move on.")
    # The title and the city apart, so each reader's text names the city in their language.
    params = {"job": row["vacancy_title"], "city": row["vacancy_city"], "agency": agency,
              "referral": row["id"], "migrant": row["migrant_full_name"]}
    await _tell_migrant_and_centre(uow, row, kind=kind, key=key, params=params,
                                   migrant=(migrant_subject, migrant_body),
                                   staff=(staff_subject, staff_body))


async def _tell_migrant_and_centre(uow: UnitOfWork, row: ReferralRow, *, kind: str, key: str,
                                   params: dict[str, Any], migrant: tuple[str, str],
                                   staff: tuple[str, str]) -> None:
    """A notice about a referral to its migrant (with a sign-in) and to whoever referred
    them (or, if they left, every staff member of the centre), once per `key`."""
    if row["migrant_user_id"] is not None:
        await notifications.notify(
            uow.conn, audience="user", user_id=row["migrant_user_id"], kind=kind,
            subject=migrant[0], body=migrant[1], params=params,
            dedupe_key=f"{key}:user:{row['migrant_user_id']}")
    people = ([row["referred_by_user_id"]] if row["referred_by_user_id"] is not None
              else await repo.centre_staff(uow.conn, row["centre_id"]))
    for user_id in people:
        await notifications.notify(
            uow.conn, audience="user", user_id=user_id, kind=kind, subject=staff[0],
            body=staff[1], params=params, dedupe_key=f"{key}:user:{user_id}")


# --- while the job's employer is on the watchlist -----------------------------------------


async def employer_watchlisted(uow: UnitOfWork, *, country: str, today: date) -> int:
    """An employer of `country` was put on the watchlist: its published vacancies leave the
    search, and each open referral to one of them is told of, once, to the migrant, to
    whoever referred them and to the agency; the referral can only be turned down now
    (read live, see _referral_out). Returns how many referrals were told of."""
    told = 0
    for vacancy_id in await vacancy_service.employer_watchlist_changed(
            uow, country=country, today=today):
        for row in await _open_referrals_to(uow, vacancy_id):
            job, employer = _job_of(row), row["vacancy_employer_name"]
            staff_body = (f"The employer {employer} is on the watchlist: the referral of "
                          f"{row['migrant_full_name']} cannot move on, only be turned down.")
            await _tell_of_employer(
                uow, row, kind="referral.employer_watchlisted",
                key=f"referral-watchlist:{row['id']}",
                staff=(f"Referral {row['id']} to {job}: the employer is on the watchlist",
                       staff_body),
                migrant=(f"Do not sign or pay for the job {job}",
                         f"The employer {employer} is on the watchlist. Do not sign anything "
                         "for this job or pay anyone for it. Your migrant resource centre "
                         "will help you find another job."))
            told += 1
    return told


async def employer_delisted(uow: UnitOfWork, *, country: str, hidden: list[int],
                            listing_id: int, today: date) -> int:
    """A listing of an employer of `country` ended: the vacancies it hid (`hidden`, read
    before it ended) whose employer is on no other listing return, and each open referral
    to one of them is told of, once, to those told when the employer was listed; the
    referral may move on again (read live). Returns how many referrals were told of."""
    told = 0
    for vacancy_id in await vacancy_service.employer_watchlist_lifted(
            uow, country=country, hidden=hidden, listing_id=listing_id, today=today):
        for row in await _open_referrals_to(uow, vacancy_id):
            job, employer = _job_of(row), row["vacancy_employer_name"]
            staff_body = (f"The employer {employer} is no longer on the watchlist: the "
                          f"referral of {row['migrant_full_name']} can move on again.")
            await _tell_of_employer(
                uow, row, kind="referral.employer_delisted",
                key=f"referral-delisted:{row['id']}:{listing_id}",
                staff=(f"Referral {row['id']} to {job} can move on again", staff_body),
                migrant=(f"Your referral to {job} can move on again",
                         f"The employer {employer} is no longer on the watchlist, so the "
                         "agency may take your referral further. Never pay for a job offer; "
                         "ask your migrant resource centre if in doubt."))
            told += 1
    return told


async def _open_referrals_to(uow: UnitOfWork, vacancy_id: int) -> list[ReferralRow]:
    return await repo.list_referrals(
        uow.conn, agency_id=None, centre_id=None, migrant_id=None, vacancy_id=vacancy_id,
        statuses=sorted(s.value for s in OPEN_REFERRAL_STATES), limit=10_000, offset=0)


def _job_of(row: ReferralRow) -> str:
    return f"{row['vacancy_title']} ({row['vacancy_city']})"


async def _tell_of_employer(uow: UnitOfWork, row: ReferralRow, *, kind: str, key: str,
                            staff: tuple[str, str], migrant: tuple[str, str]) -> None:
    """A change to a referral's employer, told once each to the migrant, their centre's
    staff and the agency."""
    params = {"job": row["vacancy_title"], "city": row["vacancy_city"],
              "employer": row["vacancy_employer_name"], "referral": row["id"],
              "migrant": row["migrant_full_name"]}
    await _tell_migrant_and_centre(uow, row, kind=kind, key=key, params=params, staff=staff,
                                   migrant=migrant)
    await notifications.notify(
        uow.conn, audience="agency", agency_id=row["agency_id"], kind=kind,
        subject=staff[0], body=staff[1], params=params,
        dedupe_key=f"{key}:agency:{row['agency_id']}")


# --- placements, for agency ratings ------------------------------------------------------


async def count_placements(uow: UnitOfWork, *, agency_id: int) -> int:
    """Verified placements of an agency: its referrals that reached deployed."""
    return await repo.count_placements(uow.conn, agency_id=agency_id)


async def placements_by_agency(uow: UnitOfWork) -> dict[int, int]:
    """Verified placements per agency (agencies with none are absent)."""
    return await repo.placements_by_agency(uow.conn)
