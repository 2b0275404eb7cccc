"""Filing a dispute: who the complainant is, what the case links to, the reported terms and
the recruiter named; a complaint already open is joined rather than filed twice."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date, datetime
from typing import Any

from core import audit, notifications
from core.auth import SYSTEM, Principal, Role
from core.db import UnitOfWork
from disputes import repository as repo
from disputes.cases import _access, _jsonable, dispute_out, reference
from disputes.exceptions import AlreadyOpen, Conflict, InvalidInput, NotAllowed, PartyRefused
from disputes.recruiter_rules import person_key, phone_is_plausible, phone_key
from disputes.regions import routing_region
from disputes.routing_decisions import _route
from disputes.rows import DisputeRow
from disputes.rules import DisputeStatus, complainant_key, party_key
from disputes.schemas import DisputeIn, FiledDisputeOut, RecruiterIn
from disputes.steps import _notify_step, _record_step
from matching import migrants as migrant_service
from matching import referrals as referral_service
from matching import vacancies as vacancy_service
from matching.exceptions import NotFound as MatchingNotFound
from missions import service as attache_service
from registry import service as registry_service
from registry.exceptions import NotFound as RegistryNotFound

_FILERS = {Role.CENTRE_STAFF, Role.MIGRANT, Role.ATTACHE}

# Asked with the complainant's key before a filing writes anything; raises to refuse it (the
# API's limit on filings per complainant).
Admit = Callable[[str], Awaitable[None]]


async def _complainant_for(uow: UnitOfWork, data: DisputeIn, actor: Principal
                           ) -> tuple[dict[str, Any], str | None]:
    """Who complains, with the record links the filer may make, and the country the
    complainant comes from (where a recruiter's phone number was given, as far as known)."""
    complainant = data.complainant
    if actor.role == Role.ATTACHE:
        for field in ("migrant_id", "referral_id"):
            if getattr(data, field) is not None:
                raise InvalidInput(field, "dispute.attache_links_nothing")
        if complainant is None:
            raise InvalidInput("complainant", "dispute.complainant_needed")
        mission = await attache_service.get_mission(uow, mission_id=actor.mission_id) \
            if actor.mission_id is not None else None
        country = mission["country"] if mission else None
        if country != data.country:
            raise InvalidInput("country", "dispute.attache_country", mission_country=country,
                               country=data.country)
        return {"migrant_id": None, "migrant_user_id": None, "filing_centre_id": None,
                "complainant_name": complainant.full_name,
                "complainant_phone": complainant.phone,
                "complainant_email": complainant.email}, mission.get("sending_country") \
            if mission else None
    if actor.role == Role.CENTRE_STAFF:
        if data.migrant_id is None:
            raise InvalidInput("migrant_id", "dispute.migrant_needed")
        try:
            migrant = await migrant_service.get_migrant(uow, migrant_id=data.migrant_id,
                                                        actor=actor)
        except MatchingNotFound:
            migrant = None
        if not isinstance(migrant, migrant_service.MigrantOut):
            raise InvalidInput("migrant_id", "dispute.not_centre_migrant",
                               migrant_id=data.migrant_id)
    else:
        try:
            migrant = await migrant_service.get_own_migrant(uow, actor=actor)
        except MatchingNotFound:
            raise Conflict("dispute.sign_in_unlinked") from None
        if data.migrant_id is not None and data.migrant_id != migrant.id:
            raise InvalidInput("migrant_id", "dispute.migrant_self_only")
    return {
        "migrant_id": migrant.id, "migrant_user_id": migrant.user_id,
        "filing_centre_id": actor.centre_id if actor.role == Role.CENTRE_STAFF else None,
        "complainant_name": complainant.full_name if complainant else migrant.full_name,
        "complainant_phone": complainant.phone if complainant else migrant.phone,
        "complainant_email": complainant.email if complainant else migrant.email,
    }, migrant.citizenship


async def _links_for(uow: UnitOfWork, data: DisputeIn, actor: Principal, migrant_id: int | None,
                     today: date) -> dict[str, Any]:
    """The referral, vacancy, agency and employer the case concerns, checked against each
    other. The agency may be any in the register, whatever its licence status; a case
    against a recruiter who is not in the register links none of them."""
    if data.recruiter is not None:
        for field in ("agency_id", "referral_id", "vacancy_id"):
            if getattr(data, field) is not None:
                raise PartyRefused(field, "dispute.two_parties")
        return {"referral_id": None, "vacancy_id": None, "agency_id": None,
                "employer_id": None, "employer_name": data.employer_name,
                "employer_registration_number": data.employer_registration_number}
    vacancy_id, agency_id = data.vacancy_id, data.agency_id
    if data.referral_id is not None:
        try:
            referral = await referral_service.get_referral(
                uow, referral_id=data.referral_id, actor=actor, today=today)
        except MatchingNotFound:
            raise InvalidInput("referral_id", "dispute.referral_not_migrant",
                               referral_id=data.referral_id) from None
        if referral.migrant.id != migrant_id:
            raise InvalidInput("referral_id", "dispute.referral_not_migrant",
                               referral_id=data.referral_id)
        if vacancy_id is not None and vacancy_id != referral.vacancy.id:
            raise InvalidInput("vacancy_id", "dispute.referral_other_vacancy",
                               referral_id=data.referral_id,
                               referral_vacancy_id=referral.vacancy.id, vacancy_id=vacancy_id)
        if agency_id is not None and agency_id != referral.agency_id:
            raise InvalidInput("agency_id", "dispute.referral_other_agency",
                               referral_id=data.referral_id, referral_agency_id=referral.agency_id,
                               agency_id=agency_id)
        vacancy_id, agency_id = referral.vacancy.id, referral.agency_id

    employer_id, employer_name = None, data.employer_name
    if vacancy_id is not None:
        try:
            vacancy = await vacancy_service.get_vacancy(uow, vacancy_id=vacancy_id,
                                                        actor=SYSTEM, today=today)
        except MatchingNotFound:
            vacancy = None
        if vacancy is None or vacancy.verification_code is None:
            # Drafts and unverified offers are not the agencies' word yet; name the agency.
            raise InvalidInput("vacancy_id", "dispute.vacancy_unverified", vacancy_id=vacancy_id)
        if agency_id is not None and agency_id != vacancy.agency_id:
            raise InvalidInput("agency_id", "dispute.vacancy_other_agency", vacancy_id=vacancy_id,
                               vacancy_agency_id=vacancy.agency_id, agency_id=agency_id)
        if vacancy.country != data.country:
            raise InvalidInput("country", "dispute.vacancy_other_country", vacancy_id=vacancy_id,
                               vacancy_country=vacancy.country, country=data.country)
        agency_id = vacancy.agency_id
        employer_id, employer_name = vacancy.employer_id, employer_name or vacancy.employer_name

    if agency_id is None:
        raise PartyRefused("agency_id", "dispute.no_party")
    try:
        await registry_service.get_agency(uow, agency_id=agency_id, actor=SYSTEM)
    except RegistryNotFound:
        raise InvalidInput("agency_id", "agency.missing", agency_id=agency_id) from None
    return {"referral_id": data.referral_id, "vacancy_id": vacancy_id, "agency_id": agency_id,
            "employer_id": employer_id, "employer_name": employer_name,
            "employer_registration_number": data.employer_registration_number}


def _recruiter_columns(recruiter: RecruiterIn, home: str | None) -> dict[str, Any]:
    """The recruiter as reported, with the keys that let reports of one person meet."""
    if not phone_is_plausible(recruiter.phone):
        raise PartyRefused("recruiter.phone", "recruiter.phone_digits")
    if recruiter.found_via == "other" and not recruiter.found_via_detail:
        raise PartyRefused("recruiter.found_via_detail", "recruiter.found_via_detail")
    return {"full_name": recruiter.full_name, "name_key": person_key(recruiter.full_name),
            "phone": recruiter.phone, "phone_key": phone_key(recruiter.phone, home=home),
            "address": recruiter.address, "found_via": recruiter.found_via,
            "found_via_detail": recruiter.found_via_detail}


def _reported_columns(data: DisputeIn) -> dict[str, Any]:
    terms = data.reported_terms
    if terms is None:
        return {}
    columns: dict[str, Any] = {"reported_hours_per_week": terms.hours_per_week,
                               "reported_housing": terms.housing,
                               "reported_meals": terms.meals}
    if terms.wage is not None:
        columns |= {"reported_wage_amount": terms.wage.amount,
                    "reported_wage_currency": terms.wage.currency,
                    "reported_wage_period": terms.wage.period}
    if terms.fee_paid is not None:
        columns |= {"reported_fee_amount": terms.fee_paid.amount,
                    "reported_fee_currency": terms.fee_paid.currency}
    return columns


async def file_dispute(uow: UnitOfWork, *, data: DisputeIn, actor: Principal, now: datetime,
                       today: date, admit: Admit | None = None) -> FiledDisputeOut:
    """File a dispute (centre staff for their migrant, a migrant for themself, or an
    attaché) against an agency in the register or a recruiter who is not, and route it at
    once; the same complaint while its case is open joins that case instead."""
    if actor.role not in _FILERS or actor.user_id is None:
        raise NotAllowed("dispute.filer_role")
    who, home = await _complainant_for(uow, data, actor)
    links = await _links_for(uow, data, actor, who["migrant_id"], today)
    recruiter = _recruiter_columns(data.recruiter, home) if data.recruiter else None
    keys = {
        "complainant_key": complainant_key(
            migrant_id=who["migrant_id"], name=who["complainant_name"],
            phone=who["complainant_phone"], home=home),
        "party_key": party_key(agency_id=links["agency_id"],
                               recruiter_phone_key=recruiter["phone_key"] if recruiter
                               else None),
    }
    if admit is not None:
        await admit(keys["complainant_key"])
    found = await repo.find_open_case(uow.conn, kind=data.kind.value, **keys)
    if found is not None:
        return await _join(uow, found, data=data, actor=actor, now=now, today=today)
    fields = who | links | _reported_columns(data) | keys | {
        "kind": data.kind.value, "filed_by_user_id": actor.user_id,
        "filed_by_role": actor.role, "country": data.country, "region": data.region,
        "region_key": routing_region(data.region, data.country),
        "claimed_amount": data.claimed.amount if data.claimed else None,
        "claimed_currency": data.claimed.currency if data.claimed else None,
        "description": data.description,
    }
    dispute_id = await repo.insert_dispute(uow.conn, fields)
    if dispute_id is None:
        # The same complaint was filed at the same moment and its case committed first.
        found = await repo.find_open_case(uow.conn, kind=data.kind.value, **keys)
        if found is None:
            raise Conflict("dispute.filed_meanwhile", field="kind")
        return await _join(uow, found, data=data, actor=actor, now=now, today=today)
    if recruiter is not None:
        await repo.insert_recruiter(uow.conn, recruiter | {"dispute_id": dispute_id})
    row = await repo.get_dispute(uow.conn, dispute_id)
    assert row is not None
    # No personal data in the audit log, which can never be erased.
    await _record_step(uow, row, action="file", actor=actor, from_status=None,
                       to_status=DisputeStatus.FILED.value, data={
                           "kind": data.kind.value, "country": data.country,
                           "region": data.region, "agency_id": links["agency_id"],
                           "vacancy_id": links["vacancy_id"],
                           "referral_id": links["referral_id"],
                           "unregistered_recruiter": recruiter is not None,
                           "claimed": data.claimed.model_dump(mode="json")
                           if data.claimed else None})
    await _notify_step(uow, before=row, after=row, action="file", actor=actor)
    if row["agency_id"] is not None:
        await registry_service.agency_record_changed(uow, agency_id=row["agency_id"],
                                                     cause="dispute.filed")
    row = await _route(uow, row, now=now)
    case = await dispute_out(uow, row, actor, "full", now=now, today=today)
    return FiledDisputeOut(**case.model_dump(), joined=False)


async def _join(uow: UnitOfWork, row: DisputeRow, *, data: DisputeIn, actor: Principal,
                now: datetime, today: date) -> FiledDisputeOut:
    """Add a second filing of the same complaint to its open case: what it says goes into
    the case's history and its attaché is told; no case is opened, no deadline moves. A
    filer who may not follow that case (the migrant filed alone, and now their centre files)
    is told its reference and nothing is written."""
    access = _access(actor, row)
    if access is None:
        raise AlreadyOpen(dispute_id=row["id"], reference=reference(row))
    await repo.update_dispute(uow.conn, row["id"])
    facts = {"kind": data.kind.value, "filed_by_role": actor.role,
             "claimed": data.claimed.model_dump(mode="json") if data.claimed else None}
    # The statement stays on the case's timeline, out of the audit log, which can never be
    # erased and holds no personal data.
    await repo.insert_event(
        uow.conn, dispute_id=row["id"], action="join", from_status=row["status"],
        to_status=row["status"], actor_user_id=actor.user_id, actor_role=actor.role,
        reason=None, deadline=None,
        data=_jsonable(facts | {"statement": data.description}))
    await audit.record(uow.conn, actor=actor, entity_type="dispute", entity_id=row["id"],
                       agency_id=row["agency_id"], action="join", from_state=row["status"],
                       to_state=row["status"], data=_jsonable(facts))
    attache_id = row["assigned_attache_id"]
    if attache_id is not None and attache_id != actor.user_id:
        await notifications.notify(
            uow.conn, audience="user", user_id=attache_id, kind="dispute.joined",
            subject=f"Dispute {reference(row)}: the complaint was filed again",
            body="The complainant filed the same complaint again; what they wrote was added "
                 "to the case's history.", params={"case": reference(row)})
    after = row | {"version": row["version"] + 1, "updated_at": now}
    case = await dispute_out(uow, after, actor, access, now=now, today=today)
    return FiledDisputeOut(**case.model_dump(), joined=True)
