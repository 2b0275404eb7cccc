"""Registry use cases. Each takes the caller's unit of work and never commits."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, Literal

from core import audit, events, notifications, outbox
from core.auth import SYSTEM, Principal, Role
from core.config import get_settings
from core.db import UnitOfWork
from core.users import EmailTaken, create_user
from core.validation import Money
from registry import ratings
from registry import repository as repo
from registry.exceptions import (
    Conflict,
    InvalidInput,
    NotFound,
    Refused,
    StaleVersion,
)
from registry.rules import (
    IN_FORCE_CHANGES,
    OPEN_STATES,
    REASON_REQUIRED,
    SYSTEM_ACTIONS,
    LicenceAction,
    LicenceStatus,
    add_years,
    allowed_actions,
    format_licence_number,
    looks_like_licence_number,
    match_names,
    may_recruit_on,
    name_key,
    name_words,
    next_status,
    number_key,
    renewed_period,
    validity_period,
)
from registry.schemas import (
    AgencyOut,
    AgencyRegistration,
    BarredPersonOut,
    CloseAlertIn,
    LicenceApplicationIn,
    LicenceOut,
    LookupOut,
    LookupResult,
    PersonIn,
    PersonOut,
    RatingAlertOut,
    RatingBasisOut,
    RatingComponentOut,
    RatingListItemOut,
    RatingOut,
    RatingPartOut,
    RatingSummaryOut,
    RegisteredAgencyOut,
    TransitionIn,
    WatchlistEmployerIn,
    WatchlistEmployerOut,
)

_OFFICIALS = {Role.REGULATOR, Role.ADMIN}


# --- visibility ------------------------------------------------------------------------


def _check_agency_access(actor: Principal, agency_id: int) -> None:
    """Officials see every agency; agency staff only their own. Others see none."""
    if actor.role in _OFFICIALS or actor.is_system:
        return
    if actor.role == Role.AGENCY_STAFF and actor.agency_id == agency_id:
        return
    # Someone else's agency is reported as absent, so ids cannot be probed.
    raise NotFound("agency", agency_id)


# --- shaping ---------------------------------------------------------------------------


def _agency_status(licence_status: str | None) -> str:
    return {
        None: "unlicensed",
        "applied": "applicant",
        "under_review": "applicant",
        "active": "licensed",
        "suspended": "suspended",
        "revoked": "revoked",
        "expired": "unlicensed",
        "refused": "unlicensed",
    }[licence_status]


def _agency_out(row: dict[str, Any], people: list[dict[str, Any]]) -> AgencyOut:
    return AgencyOut(
        id=row["id"],
        legal_name=row["legal_name"],
        registration_number=row["registration_number"],
        country=row["country"],
        address=row["address"],
        email=row["email"],
        phone=row["phone"],
        website=row["website"],
        status=_agency_status(row["licence_status"]),
        created_at=row["created_at"],
        people=[PersonOut(**{k: p[k] for k in PersonOut.model_fields}) for p in people],
    )


def _licence_out(row: dict[str, Any]) -> LicenceOut:
    status = LicenceStatus(row["status"])
    return LicenceOut(
        id=row["id"],
        agency_id=row["agency_id"],
        agency_name=row["agency_name"],
        number=row["number"],
        status=status,
        countries=list(row["countries"]),
        deposit=Money(amount=row["deposit_amount"], currency=row["deposit_currency"]),
        valid_from=row["valid_from"],
        valid_until=row["valid_until"],
        renewal_count=row["renewal_count"],
        renewal_requested_at=row["renewal_requested_at"],
        version=row["version"],
        applied_at=row["applied_at"],
        updated_at=row["updated_at"],
        allowed_actions=allowed_actions(status),
    )


def _person_row(person: PersonIn) -> dict[str, Any]:
    row = person.model_dump()
    row["name_key"] = name_key(person.full_name)
    row["document_key"] = number_key(person.document_number)
    return row


# --- agencies --------------------------------------------------------------------------


async def _refuse_barred(uow: UnitOfWork, people: list[dict[str, Any]], *, today: date) -> None:
    hits = await repo.find_barred(uow.conn, people, on=today)
    if hits:
        hit = hits[0]
        index = hit["person_index"] - 1
        raise Refused("agency.person_barred", field=f"people[{index}]",
                      person=people[index]["full_name"], until=hit["barred_until"],
                      reason=hit["reason"])


async def register_agency(
    uow: UnitOfWork, *, data: AgencyRegistration, actor: Principal
) -> RegisteredAgencyOut:
    """Register an agency, its owners and directors, and its first staff account."""
    conn = uow.conn
    if await repo.agency_exists(
        conn, country=data.country, registration_number=data.registration_number
    ):
        raise Conflict("agency.registered_twice", country=data.country,
                       registration_number=data.registration_number)
    agency_id = await repo.insert_agency(
        conn,
        legal_name=data.legal_name,
        name_key=name_key(data.legal_name),
        registration_number=data.registration_number,
        country=data.country,
        address=data.address,
        email=data.email,
        phone=data.phone,
        website=str(data.website) if data.website else None,
    )
    people = [_person_row(p) for p in data.people]
    await repo.replace_people(conn, agency_id, people)
    try:
        user_id = await create_user(
            conn,
            email=data.account.email,
            full_name=data.account.full_name,
            password=data.account.password,
            role=Role.AGENCY_STAFF,
            agency_id=agency_id,
        )
    except EmailTaken as exc:
        raise InvalidInput("account.email", "account.email_taken",
                           email=data.account.email) from exc
    await audit.record(
        conn,
        actor=actor,
        entity_type="agency",
        entity_id=agency_id,
        agency_id=agency_id,
        action="register",
        data={
            "legal_name": data.legal_name,
            "registration_number": data.registration_number,
            "country": data.country,
            "people": [p.full_name for p in data.people],
        },
    )
    await rating_inputs_changed(uow, agency_id=agency_id, cause="agency.registered")
    return RegisteredAgencyOut(agency=await _load_agency(uow, agency_id), user_id=user_id)


async def _load_agency(uow: UnitOfWork, agency_id: int) -> AgencyOut:
    row = await repo.get_agency(uow.conn, agency_id)
    if row is None:
        raise NotFound("agency", agency_id)
    return _agency_out(row, await repo.get_people(uow.conn, agency_id))


async def get_agency(uow: UnitOfWork, *, agency_id: int, actor: Principal) -> AgencyOut:
    """One agency with its owners and directors."""
    _check_agency_access(actor, agency_id)
    return await _load_agency(uow, agency_id)


async def list_agencies(
    uow: UnitOfWork, *, query: str | None, limit: int, offset: int
) -> list[AgencyOut]:
    patterns = [f"%{w}%" for w in name_words(query)] if query else None
    rows = await repo.list_agencies(uow.conn, name_patterns=patterns or None, limit=limit,
                                    offset=offset)
    return [_agency_out(r, await repo.get_people(uow.conn, r["id"])) for r in rows]


async def replace_people(
    uow: UnitOfWork, *, agency_id: int, people: list[PersonIn], actor: Principal, today: date
) -> AgencyOut:
    """Replace an agency's owners and directors; barred persons are refused."""
    _check_agency_access(actor, agency_id)
    if await repo.get_agency(uow.conn, agency_id) is None:
        raise NotFound("agency", agency_id)
    rows = [_person_row(p) for p in people]
    await _refuse_barred(uow, rows, today=today)
    await repo.replace_people(uow.conn, agency_id, rows)
    await audit.record(
        uow.conn, actor=actor, entity_type="agency", entity_id=agency_id, agency_id=agency_id,
        action="replace_people", data={"people": [p.full_name for p in people]},
    )
    return await get_agency(uow, agency_id=agency_id, actor=actor)


# --- licences --------------------------------------------------------------------------


async def apply_for_licence(
    uow: UnitOfWork,
    *,
    agency_id: int,
    application: LicenceApplicationIn,
    actor: Principal,
    today: date,
) -> LicenceOut:
    """File a licence application; refused when an owner or director is barred."""
    _check_agency_access(actor, agency_id)
    conn = uow.conn
    agency = await repo.get_agency(conn, agency_id)
    if agency is None:
        raise NotFound("agency", agency_id)
    if agency["country"] in application.countries:
        index = application.countries.index(agency["country"])
        raise InvalidInput(f"countries[{index}]", "licence.own_country",
                           country=agency["country"])
    open_licence = await repo.open_licence_of(conn, agency_id)
    if open_licence is not None:
        raise Conflict("licence.already_held" if open_licence["status"] in ("active", "suspended")
                       else "licence.already_applied", licence_status=open_licence["status"],
                       licence_id=open_licence["id"])
    people = await repo.get_people(conn, agency_id)
    await _refuse_barred(uow, people, today=today)
    persons = [
        {k: str(p[k]) for k in ("full_name", "role", "date_of_birth", "document_country",
                                "document_number")}
        for p in people
    ]
    licence_id = await repo.insert_licence(
        conn,
        agency_id=agency_id,
        countries=application.countries,
        deposit_amount=application.deposit.amount,
        deposit_currency=application.deposit.currency,
        persons=persons,
    )
    await audit.record(
        conn, actor=actor, entity_type="licence", entity_id=licence_id, agency_id=agency_id,
        action="apply", to_state=LicenceStatus.APPLIED,
        data={"countries": application.countries,
              "deposit": application.deposit.model_dump(mode="json"), "persons": persons},
    )
    await notifications.notify(
        conn, audience="regulator", kind="licence.applied",
        subject=f"New licence application from {agency['legal_name']}",
        body=f"Licence application {licence_id} covers {', '.join(application.countries)}.",
        params={"agency": agency["legal_name"], "application": licence_id,
                "countries": list(application.countries)},
    )
    return await get_licence(uow, licence_id=licence_id, actor=actor)


async def get_licence(uow: UnitOfWork, *, licence_id: int, actor: Principal) -> LicenceOut:
    row = await repo.get_licence(uow.conn, licence_id)
    if row is None:
        raise NotFound("licence", licence_id)
    try:
        _check_agency_access(actor, row["agency_id"])
    except NotFound:
        raise NotFound("licence", licence_id) from None
    return _licence_out(row)


async def list_licences(
    uow: UnitOfWork,
    *,
    actor: Principal,
    statuses: list[LicenceStatus] | None = None,
    agency_id: int | None = None,
    country: str | None = None,
    expiring_before: date | None = None,
    limit: int = 100,
    offset: int = 0,
    order: str = "expiry",
) -> list[LicenceOut]:
    """Licences by status, country and expiry; agency staff see only their own."""
    if actor.role == Role.AGENCY_STAFF:
        if agency_id is not None and agency_id != actor.agency_id:
            return []
        agency_id = actor.agency_id
    rows = await repo.list_licences(
        uow.conn,
        statuses=[s.value for s in statuses] if statuses else None,
        agency_id=agency_id,
        country=country,
        expiring_before=expiring_before,
        limit=limit,
        offset=offset,
        order=order,
    )
    return [_licence_out(r) for r in rows]


async def transition_licence(
    uow: UnitOfWork, *, licence_id: int, command: TransitionIn, actor: Principal, today: date
) -> LicenceOut:
    """Move a licence through its state machine; every move is audited with its reason."""
    conn = uow.conn
    settings = get_settings()
    row = await repo.get_licence(conn, licence_id, for_update=True)
    if row is None:
        raise NotFound("licence", licence_id)
    if command.expected_version is not None and command.expected_version != row["version"]:
        raise StaleVersion(expected=command.expected_version, actual=row["version"])
    action = command.action
    status = LicenceStatus(row["status"])
    target = next_status(status, action)
    if action in SYSTEM_ACTIONS and not actor.is_system:
        raise Conflict("licence.automatic", action=action.value)
    if action in REASON_REQUIRED and not command.reason:
        raise InvalidInput("reason", "licence.reason_required", action=action.value)
    if action != LicenceAction.GRANT and (command.valid_from or command.countries):
        field = "valid_from" if command.valid_from else "countries"
        raise InvalidInput(field, "licence.grant_only", field_name=field)

    changes: dict[str, Any] = {"status": target.value}
    data: dict[str, Any] = {}
    if action == LicenceAction.GRANT:
        start = command.valid_from or today
        if start < today:
            raise InvalidInput("valid_from", "licence.start_in_past")
        if start > today + timedelta(days=90):
            raise InvalidInput("valid_from", "licence.start_too_far")
        countries = list(row["countries"])
        if command.countries:
            extra = [c for c in command.countries if c not in countries]
            if extra:
                raise InvalidInput("countries", "licence.countries_not_applied", extra=extra,
                                   countries=countries)
            countries = command.countries
        await _refuse_barred(uow, await repo.get_people(conn, row["agency_id"]), today=today)
        valid_from, valid_until = validity_period(start, settings.licence_validity_years)
        number = format_licence_number(
            settings.licence_number_prefix, row["agency_country"], start.year,
            await repo.next_licence_serial(conn),
        )
        changes |= {"number": number, "number_key": number_key(number), "countries": countries,
                    "valid_from": valid_from, "valid_until": valid_until}
        data = {"number": number, "countries": countries, "valid_from": valid_from,
                "valid_until": valid_until}
    elif action == LicenceAction.RENEW:
        if row["renewal_requested_at"] is None:
            raise Conflict("licence.renewal_not_requested")
        if row["valid_until"] < today:
            raise Conflict("licence.ended_apply_again", valid_until=row["valid_until"])
        await _refuse_barred(uow, await repo.get_people(conn, row["agency_id"]), today=today)
        valid_from, valid_until = renewed_period(row["valid_until"],
                                                 settings.licence_validity_years)
        changes |= {"valid_from": valid_from, "valid_until": valid_until,
                    "renewal_count": row["renewal_count"] + 1, "renewal_requested_at": None}
        data = {"previous_valid_until": row["valid_until"], "valid_from": valid_from,
                "valid_until": valid_until}
    elif action == LicenceAction.REINSTATE and row["valid_until"] < today:
        raise Conflict("licence.ended_while_suspended", valid_until=row["valid_until"])
    elif action == LicenceAction.REVOKE:
        people = await repo.get_people(conn, row["agency_id"])
        barred_until = add_years(today, settings.barred_period_years)
        await repo.insert_barred(
            conn, people, agency_id=row["agency_id"], licence_id=licence_id,
            reason=f"licence {row['number']} revoked: {command.reason}",
            barred_from=today, barred_until=barred_until,
        )
        data = {"barred_persons": [p["full_name"] for p in people], "barred_until": barred_until}

    await repo.update_licence(conn, licence_id, **changes)
    await audit.record(
        conn, actor=actor, entity_type="licence", entity_id=licence_id,
        agency_id=row["agency_id"], action=action.value, from_state=status.value,
        to_state=target.value, reason=command.reason, data=data,
    )
    await notifications.notify(
        conn, audience="agency", agency_id=row["agency_id"], kind=f"licence.{action.value}",
        subject=f"Licence {row['number'] or licence_id}: {action.value.replace('_', ' ')}",
        body=f"Your licence is now {target.value.replace('_', ' ')}."
        + (f" Reason: {command.reason}" if command.reason else ""),
        params={"licence": row["number"] or licence_id, "reason": command.reason},
    )
    if action not in (LicenceAction.START_REVIEW, LicenceAction.REFUSE):
        # Licence history and sanctions are part of the agency's rating.
        await rating_inputs_changed(uow, agency_id=row["agency_id"],
                                    cause=f"licence.{action.value}")
    if action in IN_FORCE_CHANGES:
        # Matching and disputes mark (or clear) the agency's open referrals and disputes
        # and tell the people concerned; committed with the change, relayed after it.
        await events.publish(uow, event=events.LICENCE_STANDING, entity_id=row["agency_id"],
                             payload={"licence_id": licence_id, "action": action.value,
                                      "status": target.value})
    return await get_licence(uow, licence_id=licence_id, actor=actor)


async def request_renewal(
    uow: UnitOfWork, *, licence_id: int, actor: Principal, today: date
) -> LicenceOut:
    """The agency asks the regulator to renew its active licence before it ends."""
    conn = uow.conn
    row = await repo.get_licence(conn, licence_id, for_update=True)
    if row is None:
        raise NotFound("licence", licence_id)
    try:
        _check_agency_access(actor, row["agency_id"])
    except NotFound:
        raise NotFound("licence", licence_id) from None
    if row["status"] != LicenceStatus.ACTIVE:
        raise Conflict("licence.renew_not_active", licence_status=row["status"])
    if row["valid_until"] < today:
        raise Conflict("licence.ended", valid_until=row["valid_until"])
    if row["renewal_requested_at"] is not None:
        raise Conflict("licence.renewal_requested")
    await repo.update_licence(conn, licence_id, renewal_requested_at=datetime.now(UTC))
    await audit.record(
        conn, actor=actor, entity_type="licence", entity_id=licence_id,
        agency_id=row["agency_id"], action="request_renewal",
        from_state=row["status"], to_state=row["status"],
    )
    await notifications.notify(
        conn, audience="regulator", kind="licence.renewal_requested",
        subject=f"Renewal requested: licence {row['number']} of {row['agency_name']}",
        body=f"The licence is valid until {row['valid_until']}.",
        params={"licence": row["number"], "agency": row["agency_name"],
                "valid_until": row["valid_until"].isoformat()},
    )
    return await get_licence(uow, licence_id=licence_id, actor=actor)


# --- scheduled work --------------------------------------------------------------------


async def expire_licences(uow: UnitOfWork, *, today: date, actor: Principal) -> list[int]:
    """Expire every licence in force whose validity ended before today."""
    expired: list[int] = []
    for licence_id in await repo.licences_past_validity(uow.conn, today=today):
        row = await repo.get_licence(uow.conn, licence_id, for_update=True)
        # Re-read under the lock: another transaction may have moved it meanwhile.
        if row is None or row["status"] not in OPEN_STATES or row["valid_until"] >= today:
            continue
        await transition_licence(
            uow, licence_id=licence_id, actor=actor, today=today,
            command=TransitionIn(action=LicenceAction.EXPIRE,
                                 reason=f"validity ended on {row['valid_until']}"),
        )
        await notifications.notify(
            uow.conn, audience="regulator", kind="licence.expired",
            subject=f"Licence {row['number']} of {row['agency_name']} expired",
            body=f"Its validity ended on {row['valid_until']}.",
            dedupe_key=f"licence-expired:{licence_id}:{row['valid_until']}",
            params={"licence": row["number"], "agency": row["agency_name"],
                    "valid_until": row["valid_until"].isoformat()},
        )
        expired.append(licence_id)
    return expired


async def warn_expiring_licences(uow: UnitOfWork, *, today: date, days: int) -> list[int]:
    """Warn the agency and the regulator once per validity period, `days` before it ends."""
    warned: list[int] = []
    for row in await repo.licences_to_warn(uow.conn, today=today,
                                           horizon=today + timedelta(days=days)):
        key = f"licence-expiring:{row['id']}:{row['valid_until']}"
        subject = f"Licence {row['number']} expires on {row['valid_until']}"
        body = (f"The licence of {row['agency_name']} ends on {row['valid_until']} "
                f"({(row['valid_until'] - today).days} days). Request a renewal before then.")
        params = {"licence": row["number"], "agency": row["agency_name"],
                  "valid_until": row["valid_until"].isoformat(),
                  "days": (row["valid_until"] - today).days}
        await notifications.notify(uow.conn, audience="agency", agency_id=row["agency_id"],
                                   kind="licence.expiring", subject=subject, body=body,
                                   dedupe_key=key + ":agency", params=params)
        await notifications.notify(uow.conn, audience="regulator", kind="licence.expiring",
                                   subject=f"{subject} ({row['agency_name']})", body=body,
                                   dedupe_key=key + ":regulator", params=params)
        await repo.update_licence(uow.conn, row["id"], expiry_warned_for=row["valid_until"])
        warned.append(row["id"])
    return warned


# --- public lookup and regulator views ------------------------------------------------


def _lookup_result(row: dict[str, Any], today: date,
                   rating: dict[str, Any] | None = None) -> LookupResult:
    summary = _rating_summary(rating) if rating else None
    if row["id"] is None:
        return LookupResult(
            agency_name=row["agency_name"], agency_country=row["agency_country"],
            agency_address=row["agency_address"],
            registration_number=row["registration_number"], licence_number=None,
            status="unlicensed", valid_from=None, valid_until=None, countries=[],
            may_recruit_today=False, explanation="the agency holds no licence",
            rating=summary,
        )
    status = LicenceStatus(row["status"])
    verdict = may_recruit_on(status, row["valid_from"], row["valid_until"], today)
    return LookupResult(
        agency_name=row["agency_name"], agency_country=row["agency_country"],
        agency_address=row["agency_address"],
        registration_number=row["registration_number"], licence_number=row["number"],
        status=status, valid_from=row["valid_from"], valid_until=row["valid_until"],
        countries=list(row["countries"]), may_recruit_today=verdict.may_recruit,
        explanation=verdict.reason, rating=summary,
    )


async def _lookup_results(uow: UnitOfWork, rows: list[dict[str, Any]], today: date
                          ) -> list[LookupResult]:
    found = await repo.get_ratings(uow.conn, [r["agency_id"] for r in rows])
    return [_lookup_result(r, today, found.get(r["agency_id"])) for r in rows]


async def lookup(uow: UnitOfWork, *, query: str, today: date, limit: int = 10) -> LookupOut:
    """Public check of a licence by its number or its agency's name, Latin or Cyrillic; when
    no registered name is the one typed, the nearest ones, never presented as it."""
    prefix = get_settings().licence_number_prefix
    if looks_like_licence_number(query, prefix):
        rows = await repo.lookup_by_number(uow.conn, number_key(query))
        return LookupOut(query=query, matched_by="licence_number" if rows else "none",
                         results=await _lookup_results(uow, rows, today))
    found = match_names(query, await repo.agency_name_keys(uow.conn))
    if found.exact:
        rows = await repo.lookup_agencies(uow.conn, found.exact[:limit])
        return LookupOut(query=query, matched_by="agency_name",
                         results=await _lookup_results(uow, rows, today))
    rows = await repo.lookup_agencies(uow.conn, found.near)
    return LookupOut(query=query, matched_by="near_name" if rows else "none",
                     results=await _lookup_results(uow, rows, today))


async def agency_history(
    uow: UnitOfWork, *, agency_id: int
) -> list[dict[str, Any]]:
    """Every audited change to the agency and its licences, oldest first."""
    if await repo.get_agency(uow.conn, agency_id) is None:
        raise NotFound("agency", agency_id)
    return await audit.history(uow.conn, agency_id=agency_id, limit=10_000)


async def list_barred_persons(uow: UnitOfWork, *, on: date | None) -> list[BarredPersonOut]:
    rows = await repo.list_barred(uow.conn, on=on)
    return [BarredPersonOut(**{k: r[k] for k in BarredPersonOut.model_fields}) for r in rows]


# --- what other domains ask of the registry -------------------------------------------


@dataclass(frozen=True)
class LicenceStanding:
    """Whether an agency may recruit for a country today, and the licence behind the answer."""

    agency_id: int
    agency_name: str
    licence_number: str | None
    status: str
    countries: tuple[str, ...]
    may_recruit: bool
    covers_country: bool
    explanation: str


async def licence_standing(
    uow: UnitOfWork, *, agency_id: int, country: str | None, today: date
) -> LicenceStanding:
    """The agency's licence as it stands today, and whether it covers `country`."""
    row = await repo.standing_licence(uow.conn, agency_id)
    if row is None:
        agency = await repo.get_agency(uow.conn, agency_id)
        if agency is None:
            raise NotFound("agency", agency_id)
        return LicenceStanding(agency_id, agency["legal_name"], None, "unlicensed", (), False,
                               False, "the agency holds no licence")
    status = LicenceStatus(row["status"])
    verdict = may_recruit_on(status, row["valid_from"], row["valid_until"], today)
    covers = country is not None and country in row["countries"]
    explanation = verdict.reason
    if verdict.may_recruit and country is not None and not covers:
        explanation = f"the licence does not cover {country}"
    return LicenceStanding(
        agency_id=agency_id, agency_name=row["agency_name"], licence_number=row["number"],
        status=status.value, countries=tuple(row["countries"]),
        may_recruit=verdict.may_recruit, covers_country=covers, explanation=explanation,
    )


@dataclass(frozen=True)
class RecruitingLicence:
    agency_id: int
    agency_name: str
    licence_number: str
    countries: frozenset[str]
    valid_until: date
    rating: float | None = None  # the agency's rating score, once computed


class _LastRecruiting:
    """The recruiting licences as last read, and the mapping made of them. Every search
    reads them (a suspension hides vacancies at once) and they seldom change between two
    searches, so the mapping is made again only when the rows differ; while they are the
    same, callers get the same mapping object. Both are swapped in as one pair."""

    last: tuple[list[dict[str, Any]], Mapping[int, RecruitingLicence]] | None = None


async def recruiting_agencies(uow: UnitOfWork, *, today: date
                              ) -> Mapping[int, RecruitingLicence]:
    """Agencies that may recruit today, each with its licence and the countries it covers.
    The mapping is shared between callers while the licences stay the same: read only."""
    rows = await repo.recruiting_licences(uow.conn, today=today,
                                         formula_version=ratings.FORMULA_VERSION)
    last = _LastRecruiting.last
    if last is not None and last[0] == rows:
        return last[1]
    agencies = {
        r["agency_id"]: RecruitingLicence(r["agency_id"], r["agency_name"], r["number"],
                                          frozenset(r["countries"]), r["valid_until"],
                                          r["rating"])
        for r in rows
    }
    _LastRecruiting.last = (rows, agencies)
    return agencies


async def watchlist_employer(
    uow: UnitOfWork, *, data: WatchlistEmployerIn, actor: Principal
) -> WatchlistEmployerOut:
    """Put an employer on the watchlist (vacancies for it are flagged to verifiers)."""
    row = await repo.insert_watchlisted_employer(
        uow.conn, name=data.name, name_key=name_key(data.name), country=data.country,
        registration_number=data.registration_number, reason=data.reason,
        listed_until=data.listed_until,
    )
    await audit.record(uow.conn, actor=actor, entity_type="watchlisted_employer",
                       entity_id=row["id"], action="watchlist", reason=data.reason,
                       data={"name": data.name, "country": data.country,
                             "registration_number": data.registration_number})
    return WatchlistEmployerOut(**{k: row[k] for k in WatchlistEmployerOut.model_fields})


async def list_watchlisted_employers(uow: UnitOfWork) -> list[WatchlistEmployerOut]:
    rows = await repo.list_watchlisted_employers(uow.conn)
    return [WatchlistEmployerOut(**{k: r[k] for k in WatchlistEmployerOut.model_fields})
            for r in rows]


async def employer_watchlisted(
    uow: UnitOfWork, *, name: str, country: str, registration_number: str | None, today: date
) -> bool:
    """Whether an employer (by name or registration number) is on the watchlist today."""
    row = await repo.find_watchlisted_employer(
        uow.conn, name_key=name_key(name), country=country,
        registration_key=number_key(registration_number) if registration_number else None,
        today=today,
    )
    return row is not None



async def agency_countries(uow: UnitOfWork, *, agency_ids: Iterable[int]) -> dict[int, str]:
    """Each agency's own country, where its workers are recruited."""
    countries = {}
    for agency_id in sorted(set(agency_ids)):
        row = await repo.get_agency(uow.conn, agency_id)
        if row is not None:
            countries[agency_id] = str(row["country"])
    return countries

# --- agency ratings ------------------------------------------------------------------------

RATING_TOPIC = "agency.rating"
RATING_TASK = "registry.recompute_ratings"
# One recomputation at a time: two racing on one agency could store an older result after
# a newer one.
_RATING_LOCK = 0x5645_5454_5241  # "VETTRA"


async def rating_inputs_changed(uow: UnitOfWork, *, agency_id: int, cause: str) -> None:
    """Something an agency's rating counts has changed: recompute it once this commits."""
    await outbox.enqueue(uow, topic=RATING_TOPIC, entity_id=agency_id,
                         payload={"cause": cause}, relay_task=RATING_TASK)


@dataclass(frozen=True)
class _Record:
    """One agency's record: what the formula counts, and the dates told beside it."""

    name: str
    inputs: ratings.RatingInputs
    dates: ratings.RecordDates


def _day(moment: datetime | None) -> date | None:
    return moment.astimezone(UTC).date() if moment else None


async def _rating_records(uow: UnitOfWork, *, today: date, since: datetime
                          ) -> dict[int, _Record]:
    """Every agency's record."""
    # Matching and disputes build on the registry and import it, so they are asked here,
    # at call time, through their services.
    from disputes import service as disputes_service
    from matching import referrals as referral_service

    licences = await repo.licence_records(uow.conn)
    placements = await referral_service.placements_by_agency(uow)
    records = await disputes_service.agency_records(uow, since=since)
    found: dict[int, _Record] = {}
    for row in licences:
        agency_id = row["agency_id"]
        record = records.get(agency_id) or disputes_service.AgencyRecord()
        licensed_since = row["licensed_since"]
        years = max(0, (today - licensed_since).days) / 365.25 if licensed_since else 0.0
        months = ratings.whole_months(licensed_since, today) if licensed_since else 0
        inputs = ratings.RatingInputs(
            placements=placements.get(agency_id, 0), disputes=record.disputes,
            upheld_findings=record.upheld_findings, suspensions=row["suspensions"],
            revocations=row["revocations"], deposit_draws=record.deposit_draws,
            years_licensed=round(years, 4), renewals=row["renewals"],
            upheld_findings_recent=record.upheld_findings_since, months_licensed=months,
            disputes_open=record.disputes_open,
        )
        dates = ratings.RecordDates(
            licensed_since=licensed_since if licensed_since and licensed_since <= today
            else None,
            latest_upheld_finding_on=_day(record.latest_upheld_finding_at),
            latest_suspension_on=_day(row["latest_suspension_at"]),
            latest_revocation_on=_day(row["latest_revocation_at"]),
            latest_deposit_draw_on=_day(record.latest_deposit_draw_at),
        )
        found[agency_id] = _Record(row["agency_name"], inputs, dates)
    return found


async def _recompute(uow: UnitOfWork, *, agency_ids: list[int] | None, now: datetime
                     ) -> list[int]:
    settings = get_settings()
    records = await _rating_records(
        uow, today=now.date(), since=now - timedelta(days=settings.rating_alert_window_days))
    # The register as a whole, kept beside each rating for regulators to compare with; the
    # formula does not use it, so no agency's figure moves with another's record.
    population = asdict(ratings.Population.of(r.inputs for r in records.values())) | {
        "prior_upheld_findings": ratings.FORMULA.findings_prior,
        "pseudo_placements": ratings.FORMULA.findings_pseudo_placements,
    }
    done = []
    for agency_id in sorted(records) if agency_ids is None else agency_ids:
        record = records.get(agency_id)
        if record is None:  # no such agency
            continue
        rating = ratings.rate(record.inputs)
        await repo.upsert_rating(
            uow.conn, agency_id=agency_id, status=rating.status.value, score=rating.score,
            formula_version=rating.formula_version, breakdown=rating.breakdown(),
            basis=ratings.basis(record.inputs, record.dates), inputs=asdict(record.inputs),
            population=population,
        )
        await _raise_alerts(uow, agency_id=agency_id, agency_name=record.name,
                            record=record.inputs, score=rating.score)
        done.append(agency_id)
    return done


def _score_words(score: float | None) -> str:
    return f"rating {score:g}" if score is not None else "rating: new, not enough history"


async def _raise_alerts(uow: UnitOfWork, *, agency_id: int, agency_name: str,
                        record: ratings.RatingInputs, score: float | None) -> None:
    """Put the agency in the review queue for each condition it meets, once."""
    settings = get_settings()
    checks = ratings.alert_checks(
        record, upheld_findings_threshold=settings.rating_alert_upheld_findings,
        window_days=settings.rating_alert_window_days)
    for check in checks:
        current = await repo.open_alert(uow.conn, agency_id, check.reason.value)
        if current is not None:
            if current["latest_observed"] != check.observed:
                await repo.update_alert_observed(uow.conn, current["id"],
                                                 observed=check.observed, detail=check.text)
            continue
        closed = await repo.last_closed_alert(uow.conn, agency_id, check.reason.value)
        if not ratings.should_open_alert(
                check, open_alert=False,
                last_closed_observed=closed["latest_observed"] if closed else None):
            continue
        alert = await repo.insert_alert(
            uow.conn, agency_id=agency_id, reason=check.reason.value, detail=check.text,
            threshold=check.threshold, window_days=check.window_days, observed=check.observed)
        if alert is None:  # opened meanwhile by another recomputation
            continue
        await audit.record(
            uow.conn, actor=SYSTEM, entity_type="rating_alert", entity_id=alert["id"],
            agency_id=agency_id, action="open", reason=check.text,
            data={"reason": check.reason.value, "observed": check.observed,
                  "threshold": check.threshold, "window_days": check.window_days,
                  "score": score},
        )
        await notifications.notify(
            uow.conn, audience="regulator", kind="rating.alert",
            subject=f"Review {agency_name}: {check.text}",
            body=f"{agency_name} (agency {agency_id}, {_score_words(score)}) is in the review "
                 f"queue: {check.text}. Close the alert with a note once reviewed.",
            dedupe_key=f"rating-alert:{alert['id']}",
            params={"agency": agency_name, "agency_id": agency_id, "score": score,
                    "observed": check.observed, "threshold": check.threshold,
                    "window_days": check.window_days},
        )


async def recompute_pending_ratings(uow: UnitOfWork, *, now: datetime, limit: int = 500
                                    ) -> list[int]:
    """Recompute the ratings whose inputs changed (pending outbox rows), and those computed
    by another version of the formula (or never); returns the agencies.

    The rating is brought to the agency's current record, whatever the rows said, so a row
    processed twice changes nothing.
    """
    await uow.conn.execute("SELECT pg_advisory_xact_lock($1)", _RATING_LOCK)
    rows = await outbox.claim(uow.conn, limit=limit, topics=[RATING_TOPIC])
    # A new formula recomputes every rating, a batch at a time, with no event needed.
    outdated = await repo.agencies_not_rated_by(uow.conn, ratings.FORMULA_VERSION,
                                                limit=limit)
    agency_ids = sorted({r["entity_id"] for r in rows} | set(outdated))
    if not agency_ids:
        return []
    done = await _recompute(uow, agency_ids=agency_ids, now=now)
    await outbox.mark_processed(uow.conn, [r["id"] for r in rows])
    return done


async def recompute_all_ratings(uow: UnitOfWork, *, now: datetime) -> int:
    """Recompute every agency's rating (nightly: months licensed grow with no event)."""
    await uow.conn.execute("SELECT pg_advisory_xact_lock($1)", _RATING_LOCK)
    return len(await _recompute(uow, agency_ids=None, now=now))


def _component_out(part: dict[str, Any]) -> RatingComponentOut:
    return RatingComponentOut(**{k: part[k] for k in RatingComponentOut.model_fields})


def _basis_out(row: dict[str, Any]) -> RatingBasisOut:
    return RatingBasisOut(**row["basis"], placements_needed=ratings.FORMULA.min_placements,
                          months_licensed_needed=ratings.FORMULA.min_months_licensed)


def _status_words(row: dict[str, Any]) -> tuple[ratings.RatingStatus, str, str]:
    status = ratings.RatingStatus(row["status"])
    return status, ratings.STATUS_TEXT[status], ratings.basis_text(status, row["basis"])


def _rating_summary(row: dict[str, Any]) -> RatingSummaryOut | None:
    """The public summary; none for a rating of another formula version (being
    recomputed), so the public never reads a figure made by rules no longer in force."""
    if row["formula_version"] != ratings.FORMULA_VERSION:
        return None
    status, status_text, basis_text = _status_words(row)
    return RatingSummaryOut(
        status=status.value, status_text=status_text, score=row["score"],
        formula_version=row["formula_version"], computed_at=row["computed_at"],
        components=[RatingPartOut(**{k: p[k] for k in RatingPartOut.model_fields})
                    for p in row["breakdown"]],
        basis=_basis_out(row), basis_text=basis_text,
    )


async def get_rating(uow: UnitOfWork, *, agency_id: int, actor: Principal) -> RatingOut:
    """An agency's rating with its full breakdown, the facts it rests on, and the inputs."""
    _check_agency_access(actor, agency_id)
    row = await repo.get_rating(uow.conn, agency_id)
    if row is None or row["formula_version"] != ratings.FORMULA_VERSION:
        if await repo.get_agency(uow.conn, agency_id) is None:
            raise NotFound("agency", agency_id)
        raise NotFound("rating of agency", agency_id)
    status, status_text, basis_text = _status_words(row)
    return RatingOut(
        agency_id=row["agency_id"], agency_name=row["agency_name"], status=status.value,
        status_text=status_text, score=row["score"],
        formula_version=row["formula_version"], computed_at=row["computed_at"],
        changed_at=row["changed_at"],
        components=[_component_out(p) for p in row["breakdown"]],
        basis=_basis_out(row), basis_text=basis_text,
        inputs=row["inputs"], population=row["population"], open_alerts=row["open_alerts"],
    )


async def list_ratings(uow: UnitOfWork, *, lowest_first: bool, max_score: float | None,
                       limit: int, offset: int) -> list[RatingListItemOut]:
    """Agencies by rating, for regulators; those too new for a score come last."""
    rows = await repo.list_ratings(uow.conn, lowest_first=lowest_first, max_score=max_score,
                                   formula_version=ratings.FORMULA_VERSION, limit=limit,
                                   offset=offset)
    return [RatingListItemOut(
        agency_id=r["agency_id"], agency_name=r["agency_name"],
        status=_agency_status(r["licence_status"]), rating_status=r["status"],
        rating_status_text=ratings.STATUS_TEXT[ratings.RatingStatus(r["status"])],
        score=r["score"], disputes_filed=r["basis"].get("disputes_filed", 0),
        formula_version=r["formula_version"], computed_at=r["computed_at"],
        open_alerts=r["open_alerts"]) for r in rows]


def _alert_out(row: dict[str, Any]) -> RatingAlertOut:
    return RatingAlertOut(**{k: row[k] for k in RatingAlertOut.model_fields})


async def review_queue(uow: UnitOfWork, *, state: Literal["open", "closed", "all"],
                       agency_id: int | None, limit: int, offset: int) -> list[RatingAlertOut]:
    """Rating alerts for regulators: the open ones oldest first, then the closed ones."""
    open_only = {"open": True, "closed": False, "all": None}[state]
    rows = await repo.list_alerts(uow.conn, open_only=open_only, agency_id=agency_id,
                                  limit=limit, offset=offset)
    return [_alert_out(r) for r in rows]


async def close_alert(uow: UnitOfWork, *, alert_id: int, data: CloseAlertIn,
                      actor: Principal) -> RatingAlertOut:
    """A regulator closes a reviewed alert with a note; audited."""
    row = await repo.get_alert(uow.conn, alert_id, for_update=True)
    if row is None:
        raise NotFound("rating alert", alert_id)
    if row["closed_at"] is not None:
        raise Conflict("rating_alert.closed", alert_id=alert_id,
                       closed_on=row["closed_at"].date(), note=row["close_note"])
    await repo.close_alert(uow.conn, alert_id, user_id=actor.user_id, note=data.note)
    await audit.record(
        uow.conn, actor=actor, entity_type="rating_alert", entity_id=alert_id,
        agency_id=row["agency_id"], action="close", from_state="open", to_state="closed",
        reason=data.note, data={"reason": row["reason"], "observed": row["latest_observed"]},
    )
    closed = await repo.get_alert(uow.conn, alert_id)
    assert closed is not None
    return _alert_out(closed)


@dataclass(frozen=True)
class AgencyContact:
    """How a worker reaches an agency: its registered name, address and business contacts
    (never its owners or staff)."""

    agency_id: int
    name: str
    country: str
    address: str
    phone: str
    email: str
    website: str | None


async def agency_contact(uow: UnitOfWork, *, agency_id: int) -> AgencyContact:
    """The public contacts of an agency, as the register holds them."""
    row = await repo.get_agency(uow.conn, agency_id)
    if row is None:
        raise NotFound("agency", agency_id)
    return AgencyContact(agency_id=row["id"], name=row["legal_name"], country=row["country"],
                         address=row["address"], phone=row["phone"], email=row["email"],
                         website=row["website"])
