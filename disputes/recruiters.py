"""The regulator's queue of recruiters who are not in the register: every report of them
gathered into one entry per person (disputes.recruiter_rules), the most reported first,
and their referral to the police or the prosecutor, audited. The queue shows the cases by
reference, kind, state and place, and nothing about the migrants who reported them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

from core import audit
from core.auth import Principal, Role
from core.db import UnitOfWork
from disputes import repository as repo
from disputes.cases import reference
from disputes.exceptions import Conflict, NotAllowed, NotFound
from disputes.recruiter_rules import group, ranked
from disputes.rows import RecruiterReferralCountRow, RecruiterReportRow
from disputes.rules import DisputeKind, DisputeStatus
from disputes.schemas import (
    Authority,
    RecruiterReferralOut,
    ReportedCaseOut,
    UnlicensedRecruiterOut,
)

_OFFICIALS = {Role.REGULATOR, Role.ADMIN}
Report = RecruiterReportRow


def _check_official(actor: Principal) -> None:
    if actor.role not in _OFFICIALS:
        raise NotAllowed("recruiters.regulator_only")


async def _entries(uow: UnitOfWork) -> list[list[Report]]:
    """Every report, one list per recruiter, the most reported first.

    All reports are read and grouped here: a report joins an entry through any other
    report sharing its phone or its name, which one query cannot follow. The queue holds
    the reports of cases not withdrawn, few enough to read at once."""
    rows = await repo.recruiter_reports(uow.conn)
    by_id = {r["dispute_id"]: r for r in rows}
    groups = group({i: (r["name_key"], r["phone_key"]) for i, r in by_id.items()})
    order = ranked(groups, {i: r["filed_at"] for i, r in by_id.items()})
    return [[by_id[i] for i in members] for members in order]


def _distinct(values: list[str | None]) -> list[str]:
    return list(dict.fromkeys(v.strip() for v in values if v))


def _case_out(report: Report) -> ReportedCaseOut:
    case = {"id": report["dispute_id"], "filed_at": report["filed_at"]}
    return ReportedCaseOut(
        dispute_id=report["dispute_id"], reference=reference(case),
        url=f"/disputes/{report['dispute_id']}", kind=DisputeKind(report["kind"]),
        status=DisputeStatus(report["status"]), country=report["country"],
        region=report["region"], found_via=report["found_via"],
        found_via_detail=report["found_via_detail"], filed_at=report["filed_at"],
        referral_id=report["referral_id"],
    )


def _entry_out(reports: list[Report], referrals: dict[int, RecruiterReferralCountRow]
               ) -> UnlicensedRecruiterOut:
    newest_first = sorted(reports, key=lambda r: (r["filed_at"], r["dispute_id"]),
                          reverse=True)
    referral_ids = sorted({r["referral_id"] for r in reports if r["referral_id"]})
    return UnlicensedRecruiterOut(
        entry_id=min(r["dispute_id"] for r in reports),
        names=_distinct([r["full_name"] for r in newest_first]),
        phones=_distinct([r["phone"] for r in newest_first]),
        phone_keys=_distinct([r["phone_key"] for r in newest_first]),
        addresses=_distinct([r["address"] for r in newest_first]),
        reports=len(reports),
        unreferred_reports=sum(1 for r in reports if r["referral_id"] is None),
        countries=sorted({r["country"] for r in reports}),
        first_reported_at=min(r["filed_at"] for r in reports),
        last_reported_at=max(r["filed_at"] for r in reports),
        cases=[_case_out(r) for r in newest_first],
        referrals=[RecruiterReferralOut(**{k: cast(Mapping[str, Any], referrals[i])[k]
                                           for k in RecruiterReferralOut.model_fields})
                   for i in referral_ids if i in referrals],
    )


async def _shaped(uow: UnitOfWork, entries: list[list[Report]]
                  ) -> list[UnlicensedRecruiterOut]:
    ids = sorted({r["referral_id"] for reports in entries for r in reports
                  if r["referral_id"]})
    referrals = {f["id"]: f for f in await repo.recruiter_referrals(uow.conn, ids)}
    return [_entry_out(reports, referrals) for reports in entries]


async def unlicensed_recruiters(uow: UnitOfWork, *, actor: Principal,
                                unreferred_only: bool = False, limit: int = 100,
                                offset: int = 0) -> list[UnlicensedRecruiterOut]:
    """Recruiters not in the register with the count of reports of each, the most reported
    first; with `unreferred_only`, those with reports no referral covers yet."""
    _check_official(actor)
    entries = await _entries(uow)
    if unreferred_only:
        entries = [e for e in entries if any(r["referral_id"] is None for r in e)]
    return await _shaped(uow, entries[offset:offset + limit])


async def _entry_of(uow: UnitOfWork, dispute_id: int) -> list[Report]:
    for reports in await _entries(uow):
        if any(r["dispute_id"] == dispute_id for r in reports):
            return reports
    raise NotFound("report of an unlicensed recruiter", dispute_id)


async def get_unlicensed_recruiter(uow: UnitOfWork, *, dispute_id: int, actor: Principal
                                   ) -> UnlicensedRecruiterOut:
    """The entry holding the report filed as this dispute, with all its reports."""
    _check_official(actor)
    return (await _shaped(uow, [await _entry_of(uow, dispute_id)]))[0]


async def refer_recruiter(uow: UnitOfWork, *, dispute_id: int, authority: Authority,
                          note: str, actor: Principal) -> UnlicensedRecruiterOut:
    """Mark a recruiter as referred to the police or the prosecutor, with a note; the
    referral covers every report of them that no referral covers yet."""
    _check_official(actor)
    if actor.user_id is None:
        raise NotAllowed("recruiters.person_only")
    await repo.lock_recruiter_referrals(uow.conn)
    reports = await _entry_of(uow, dispute_id)
    waiting = [r["dispute_id"] for r in reports if r["referral_id"] is None]
    if not waiting:
        raise Conflict("recruiters.all_referred", field="dispute_id")
    referral = await repo.insert_recruiter_referral(
        uow.conn, authority=authority, note=note, referred_by_user_id=actor.user_id,
        dispute_ids=waiting)
    entry_id = min(r["dispute_id"] for r in reports)
    # Ids only: the recruiter's name and phone stay out of the log, which is never erased.
    await audit.record(uow.conn, actor=actor, entity_type="unlicensed_recruiter",
                       entity_id=entry_id, action=f"refer_{authority}", reason=note,
                       data={"referral_id": referral["id"], "authority": authority,
                             "dispute_ids": waiting,
                             "reports": len(reports)})
    return (await _shaped(uow, [await _entry_of(uow, dispute_id)]))[0]
