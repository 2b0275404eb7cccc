"""Registry use cases. Each takes the caller's unit of work and never commits."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from core import audit, events, notifications
from core.auth import Principal, Role
from core.config import get_settings
from core.db import UnitOfWork
from core.text import edit_distance, name_key, name_words, number_key
from core.users import EmailTaken, create_user
from core.validation import Money
from registry import repository as repo
from registry.exceptions import (
    Conflict,
    InvalidInput,
    NotFound,
    Refused,
    StaleVersion,
)
from registry.rows import (
    AgencyRow,
    LicenceRecordRow,
    LicenceRow,
    PersonRow,
    RecruitingLicenceRow,
    WatchlistedEmployerRow,
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
    licence_number_key,
    looks_like_licence_number,
    match_names,
    may_recruit_on,
    name_part,
    next_status,
    renewed_period,
    too_short_to_find_inside,
    validity_period,
)
from registry.schemas import (
    AgencyOut,
    AgencyRegistration,
    BarredPersonOut,
    LicenceApplicationIn,
    LicenceOut,
    LookupOut,
    LookupResult,
    PersonIn,
    PersonOut,
    RatingSummaryOut,
    RegisteredAgencyOut,
    TransitionIn,
    WatchlistEmployerIn,
    WatchlistEmployerOut,
)

_OFFICIALS = {Role.REGULATOR, Role.ADMIN}

# Events the registry publishes (core.events); which domains hear them is the process's
# wiring (api.worker). The entity of each is the agency.
# Its licence came into force or went out of it (granted, suspended, reinstated, revoked,
# expired).
LICENCE_STANDING = "licence.standing"
# Something its record counts changed: registered, a licence change, a placement, a
# dispute, a finding, a deposit draw (the ratings recompute from it).
AGENCY_RECORD = "agency.record"


# --- visibility ------------------------------------------------------------------------


def check_agency_access(actor: Principal, agency_id: int) -> None:
    """Officials see every agency; agency staff only their own. Others see none."""
    if actor.role in _OFFICIALS or actor.is_system:
        return
    if actor.role == Role.AGENCY_STAFF and actor.agency_id == agency_id:
        return
    # Someone else's agency is reported as absent, so ids cannot be probed.
    raise NotFound("agency", agency_id)


# --- shaping ---------------------------------------------------------------------------


def agency_status(licence_status: str | None) -> str:
    """The agency's standing in words, from the status of its latest licence."""
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


def _agency_out(row: AgencyRow, people: list[PersonRow]) -> AgencyOut:
    return AgencyOut(
        id=row["id"],
        legal_name=row["legal_name"],
        registration_number=row["registration_number"],
        country=row["country"],
        address=row["address"],
        email=row["email"],
        phone=row["phone"],
        website=row["website"],
        status=agency_status(row["licence_status"]),
        created_at=row["created_at"],
        people=[_person_out(p) for p in people],
    )


def _person_out(row: Mapping[str, Any]) -> PersonOut:
    return PersonOut(**{k: row[k] for k in PersonOut.model_fields})


def _until(row: LicenceRow) -> date:
    """The end of a licence's period: every licence that was ever in force has one."""
    assert row["valid_until"] is not None, row["id"]
    return row["valid_until"]


def _licence_out(row: LicenceRow) -> LicenceOut:
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
        # Renewing answers the agency's request: not offered before one is made.
        allowed_actions=[a for a in allowed_actions(status)
                         if a != "renew" or row["renewal_requested_at"] is not None],
    )


def _person_row(person: PersonIn) -> dict[str, Any]:
    row = person.model_dump()
    row["name_key"] = name_key(person.full_name)
    row["document_key"] = number_key(person.document_number)
    return row


# --- agencies --------------------------------------------------------------------------


async def _refuse_barred(uow: UnitOfWork, people: Sequence[Mapping[str, Any]], *, today: date
                         ) -> None:
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
    # A name that reads as a registered agency's (another legal form, script or spacing,
    # a look-alike letter) would pass for it on the licence check: refused.
    if (taken := await repo.agency_named(conn, country=data.country,
                                         name_key=name_key(data.legal_name))) is not None:
        raise Conflict("agency.name_taken", field="legal_name", name=data.legal_name,
                       registered=taken, country=data.country)
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
    await agency_record_changed(uow, agency_id=agency_id, cause="agency.registered")
    return RegisteredAgencyOut(agency=await _load_agency(uow, agency_id), user_id=user_id)


async def _load_agency(uow: UnitOfWork, agency_id: int) -> AgencyOut:
    row = await repo.get_agency(uow.conn, agency_id)
    if row is None:
        raise NotFound("agency", agency_id)
    return _agency_out(row, await repo.get_people(uow.conn, agency_id))


async def get_agency(uow: UnitOfWork, *, agency_id: int, actor: Principal) -> AgencyOut:
    """One agency with its owners and directors."""
    check_agency_access(actor, agency_id)
    return await _load_agency(uow, agency_id)


async def list_agencies(
    uow: UnitOfWork, *, query: str | None, limit: int, offset: int
) -> list[AgencyOut]:
    patterns = [f"%{w}%" for w in name_words(query)] if query else None
    rows = await repo.list_agencies(uow.conn, name_patterns=patterns or None, limit=limit,
                                    offset=offset)
    return [_agency_out(r, await repo.get_people(uow.conn, r["id"])) for r in rows]


async def agency_names(uow: UnitOfWork) -> dict[int, str]:
    """Every agency's legal name by id, in the register's order (for a list to choose
    from)."""
    return await repo.agency_names(uow.conn)


async def replace_people(
    uow: UnitOfWork, *, agency_id: int, people: list[PersonIn], actor: Principal, today: date
) -> AgencyOut:
    """Replace an agency's owners and directors; barred persons are refused."""
    check_agency_access(actor, agency_id)
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
    check_agency_access(actor, agency_id)
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
        check_agency_access(actor, row["agency_id"])
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
        if (refused := grant_start_refused(start, today)) is not None:
            raise refused
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
        if _until(row) < today:
            raise Conflict("licence.ended_apply_again", valid_until=row["valid_until"])
        await _refuse_barred(uow, await repo.get_people(conn, row["agency_id"]), today=today)
        valid_from, valid_until = renewed_period(_until(row),
                                                 settings.licence_validity_years)
        changes |= {"valid_from": valid_from, "valid_until": valid_until,
                    "renewal_count": row["renewal_count"] + 1, "renewal_requested_at": None}
        data = {"previous_valid_until": row["valid_until"], "valid_from": valid_from,
                "valid_until": valid_until}
    elif action == LicenceAction.REINSTATE and _until(row) < today:
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
    # A licence granted now has its number from now: named by it, not by a row's id. One
    # never granted is an application, named by its id as the pages name it.
    named = changes.get("number") or row["number"]
    await notifications.notify(
        conn, audience="agency", agency_id=row["agency_id"], kind=f"licence.{action.value}",
        subject=f"{'Licence ' + named if named else f'Application {licence_id}'}: "
                f"{action.value.replace('_', ' ')}",
        body=f"Your licence is now {target.value.replace('_', ' ')}."
        + (f" Reason: {command.reason}" if command.reason else ""),
        params={"licence": named or licence_id, "reason": command.reason,
                "variant": None if named else "application"},
    )
    if action not in (LicenceAction.START_REVIEW, LicenceAction.REFUSE):
        # Licence history and sanctions are part of the agency's rating.
        await agency_record_changed(uow, agency_id=row["agency_id"],
                                    cause=f"licence.{action.value}")
    if action in IN_FORCE_CHANGES:
        # Matching and disputes mark (or clear) the agency's open referrals and disputes
        # and tell the people concerned; committed with the change, relayed after it.
        await events.publish(uow, event=LICENCE_STANDING, entity_id=row["agency_id"],
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
        check_agency_access(actor, row["agency_id"])
    except NotFound:
        raise NotFound("licence", licence_id) from None
    if row["status"] != LicenceStatus.ACTIVE:
        raise Conflict("licence.renew_not_active", licence_status=row["status"])
    if _until(row) < today:
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
                "valid_until": _until(row).isoformat()},
    )
    return await get_licence(uow, licence_id=licence_id, actor=actor)


# --- scheduled work --------------------------------------------------------------------


async def expire_licences(uow: UnitOfWork, *, today: date, actor: Principal) -> list[int]:
    """Expire every licence in force whose validity ended before today."""
    expired: list[int] = []
    for licence_id in await repo.licences_past_validity(uow.conn, today=today):
        row = await repo.get_licence(uow.conn, licence_id, for_update=True)
        # Re-read under the lock: another transaction may have moved it meanwhile.
        if row is None or row["status"] not in OPEN_STATES or _until(row) >= today:
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
                    "valid_until": _until(row).isoformat()},
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
                f"({(_until(row) - today).days} days). Request a renewal before then.")
        params = {"licence": row["number"], "agency": row["agency_name"],
                  "valid_until": _until(row).isoformat(),
                  "days": (_until(row) - today).days}
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


# The summaries of the agencies' ratings, by agency id: the ratings sit above the registry,
# so the lookup is given them by its caller (ratings.service.rating_summaries).
RatingSummaries = Callable[[UnitOfWork, list[int]], Awaitable[Mapping[int, RatingSummaryOut]]]


def _lookup_result(row: Mapping[str, Any], today: date,
                   summary: RatingSummaryOut | None = None, *, exact: bool = True) -> LookupResult:
    if row["id"] is None:
        return LookupResult(
            agency_name=row["agency_name"], agency_country=row["agency_country"],
            agency_address=row["agency_address"],
            registration_number=row["registration_number"], licence_number=None,
            status="unlicensed", valid_from=None, valid_until=None, countries=[],
            may_recruit_today=False, explanation="the agency holds no licence",
            rating=summary, exact=exact,
        )
    status = LicenceStatus(row["status"])
    verdict = may_recruit_on(status, row["valid_from"], row["valid_until"], today)
    return LookupResult(
        agency_name=row["agency_name"], agency_country=row["agency_country"],
        agency_address=row["agency_address"],
        registration_number=row["registration_number"], licence_number=row["number"],
        status=status, valid_from=row["valid_from"], valid_until=row["valid_until"],
        countries=list(row["countries"]), may_recruit_today=verdict.may_recruit,
        explanation=verdict.reason, rating=summary, exact=exact,
    )


async def _lookup_results(uow: UnitOfWork, rows: Sequence[Mapping[str, Any]], today: date,
                          ratings: RatingSummaries, *, exact: bool = True) -> list[LookupResult]:
    found = await ratings(uow, [r["agency_id"] for r in rows])
    # Each near result says so itself, so that a client reading one result alone never
    # takes another agency's licence for the number or name asked about.
    return [_lookup_result(r, today, found.get(r["agency_id"]), exact=exact) for r in rows]


async def lookup(uow: UnitOfWork, *, query: str, today: date, ratings: RatingSummaries,
                 limit: int = 10) -> LookupOut:
    """Public check of a licence by its number or its agency's name, Latin or Cyrillic; when
    no registered name is the one typed, those that hold it word for word (the agency by
    its short name), else the nearest ones, never presented as it. Each result carries the
    agency's rating, as `ratings` tells it."""
    prefix = get_settings().licence_number_prefix
    if looks_like_licence_number(query, prefix):
        typed = licence_number_key(query, prefix)
        licences = await repo.lookup_by_number(uow.conn, typed)
        if licences:
            return LookupOut(query=query, matched_by="licence_number",
                             results=await _lookup_results(uow, licences, today, ratings))
        # A zero left out or two digits swapped: the numbers one step away, offered as near
        # (each may be another agency's), never as the licence asked for.
        near = [key for key in await repo.licence_number_keys(uow.conn)
                if edit_distance(typed, key, limit=1) <= 1][:limit]
        licences = await repo.lookup_by_numbers(uow.conn, near) if near else []
        return LookupOut(query=query, matched_by="near_number" if licences else "none",
                         results=await _lookup_results(uow, licences, today, ratings,
                                                       exact=False))
    found = match_names(query, await repo.agency_name_keys(uow.conn))
    if found.exact:
        rows = await repo.lookup_agencies(uow.conn, found.exact[:limit])
        return LookupOut(query=query, matched_by="agency_name",
                         results=await _lookup_results(uow, rows, today, ratings))
    # People write an agency by its short name (`Ala-Too` for `Ala-Too Work Abroad LLC`):
    # that is the agency's own name, shortened, not a look-alike's, so every agency whose
    # name holds each word typed is given as the agency, matched on part of its name.
    if not too_short_to_find_inside(query):
        part = [agency_id for agency_id, name in (await repo.agency_names(uow.conn)).items()
                if name_part(query, name)]
        if part:
            rows = await repo.lookup_agencies(uow.conn, part[:limit])
            return LookupOut(query=query, matched_by="name_part",
                             results=await _lookup_results(uow, rows, today, ratings))
    rows = await repo.lookup_agencies(uow.conn, found.near)
    return LookupOut(query=query, matched_by="near_name" if rows else "none",
                     results=await _lookup_results(uow, rows, today, ratings, exact=False))


async def agency_history(
    uow: UnitOfWork, *, agency_id: int
) -> list[dict[str, Any]]:
    """Every audited change to the agency and its licences, oldest first."""
    if await repo.get_agency(uow.conn, agency_id) is None:
        raise NotFound("agency", agency_id)
    return await audit.history(uow.conn, agency_id=agency_id, limit=10_000)


async def list_barred_persons(uow: UnitOfWork, *, on: date | None) -> list[BarredPersonOut]:
    rows = await repo.list_barred(uow.conn, on=on)
    return [_barred_person_out(r) for r in rows]


def _barred_person_out(row: Mapping[str, Any]) -> BarredPersonOut:
    return BarredPersonOut(**{k: row[k] for k in BarredPersonOut.model_fields})


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


class _RatingFormula:
    """The formula whose scores rank recruiting agencies (a score of another is being
    recomputed). The ratings sit above the registry, so the process's wiring tells it
    (api.worker); until then no score is read."""

    version: str | None = None


def rank_by_rating_formula(version: str) -> None:
    """Read the agencies' scores of this rating formula with their licences."""
    _RatingFormula.version = version


class _LastRecruiting:
    """The recruiting licences as last read, and the mapping made of them. Every search
    reads them (a suspension hides vacancies at once) and they seldom change between two
    searches, so the mapping is made again only when the rows differ; while they are the
    same, callers get the same mapping object. Both are swapped in as one pair."""

    last: tuple[list[RecruitingLicenceRow], Mapping[int, RecruitingLicence]] | None = None


async def recruiting_agencies(uow: UnitOfWork, *, today: date
                              ) -> Mapping[int, RecruitingLicence]:
    """Agencies that may recruit today, each with its licence and the countries it covers.
    The mapping is shared between callers while the licences stay the same: read only."""
    rows = await repo.recruiting_licences(uow.conn, today=today,
                                         formula_version=_RatingFormula.version)
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


# A listing is reviewed at least this often: one meant to last longer has no end date (and
# is lifted by a decision), so a far date (9999) is a mistyping, not a policy.
WATCHLIST_YEARS = 10


def listed_until_refused(until: date | None, today: date) -> InvalidInput | None:
    """Why a watchlist listing may not end on `until`, if it may not: gone by already, or
    further ahead than WATCHLIST_YEARS."""
    if until is not None and until < today:
        return InvalidInput("listed_until", "watchlist.until_past", until=until)
    if until is not None and until > add_years(today, WATCHLIST_YEARS):
        return InvalidInput("listed_until", "watchlist.until_too_far", until=until,
                            latest=add_years(today, WATCHLIST_YEARS), years=WATCHLIST_YEARS)
    return None


def grant_start_refused(start: date, today: date) -> InvalidInput | None:
    """Why a licence may not be granted from `start`, if it may not: a day gone by, or more
    than 90 days ahead."""
    if start < today:
        return InvalidInput("valid_from", "licence.start_in_past")
    if start > today + timedelta(days=90):
        return InvalidInput("valid_from", "licence.start_too_far")
    return None


async def watchlist_employer(
    uow: UnitOfWork, *, data: WatchlistEmployerIn, actor: Principal, today: date,
    again: bool = False,
) -> WatchlistEmployerOut:
    """Put an employer on the watchlist (its vacancies leave the search and cannot be
    verified). A listing that has already ended is refused, and so is an employer listed
    already, unless `again` (a decision's finding lists it under its own reason)."""
    if (refused := listed_until_refused(data.listed_until, today)) is not None:
        raise refused
    if not again:
        listed = await _listing(uow, name=data.name, country=data.country,
                                registration_number=data.registration_number, today=today)
        if listed is not None and listed["listed_until"] is None:
            raise Conflict("watchlist.already_listed", field="name", name=data.name,
                           listed_as=listed["name"])
        if listed is not None:
            raise Conflict("watchlist.already_listed_until", field="name", name=data.name,
                           listed_as=listed["name"], until=listed["listed_until"])
    row = await repo.insert_watchlisted_employer(
        uow.conn, name=data.name, name_key=name_key(data.name), country=data.country,
        registration_number=data.registration_number, reason=data.reason,
        listed_until=data.listed_until,
    )
    await audit.record(uow.conn, actor=actor, entity_type="watchlisted_employer",
                       entity_id=row["id"], action="watchlist", reason=data.reason,
                       data={"name": data.name, "country": data.country,
                             "registration_number": data.registration_number})
    return _watchlisted_out(row)


async def _listing_in_force(uow: UnitOfWork, listing_id: int, today: date
                            ) -> WatchlistedEmployerRow:
    """The listing, locked; refused when it has ended already (early, or on its date)."""
    row = await repo.get_watchlisted_employer(uow.conn, listing_id)
    if row is None:
        raise NotFound("watchlisted employer", listing_id)
    if row["ended_at"] is not None:
        raise Conflict("watchlist.ended", name=row["name"], on=row["ended_at"].date())
    if row["listed_until"] is not None and row["listed_until"] < today:
        raise Conflict("watchlist.ended", name=row["name"], on=row["listed_until"])
    return row


async def get_watchlisting(uow: UnitOfWork, *, listing_id: int) -> WatchlistEmployerOut:
    """One watchlist entry, ended or not."""
    row = await repo.get_watchlisted_employer(uow.conn, listing_id)
    if row is None:
        raise NotFound("watchlisted employer", listing_id)
    return _watchlisted_out(row)


async def end_watchlisting(uow: UnitOfWork, *, listing_id: int, reason: str,
                           actor: Principal, today: date) -> WatchlistEmployerOut:
    """End a listing now, with the reason (audited): from this moment it no longer counts
    (another listing of the same employer still does)."""
    row = await _listing_in_force(uow, listing_id, today)
    ended = await repo.end_watchlisted_employer(uow.conn, listing_id, reason)
    await audit.record(uow.conn, actor=actor, entity_type="watchlisted_employer",
                       entity_id=listing_id, action="end_watchlist", reason=reason,
                       from_state="listed", to_state="ended",
                       data={"name": row["name"], "country": row["country"],
                             "listed_until": row["listed_until"]})
    return _watchlisted_out(ended)


async def change_watchlisted_until(uow: UnitOfWork, *, listing_id: int,
                                   listed_until: date | None, reason: str, actor: Principal,
                                   today: date) -> WatchlistEmployerOut:
    """Move a listing's end date, bounded as a new listing's is (today at the earliest,
    WATCHLIST_YEARS ahead at the latest, or none), with the reason (audited)."""
    if (refused := listed_until_refused(listed_until, today)) is not None:
        raise refused
    row = await _listing_in_force(uow, listing_id, today)
    changed = await repo.set_watchlisted_until(uow.conn, listing_id, listed_until)
    await audit.record(uow.conn, actor=actor, entity_type="watchlisted_employer",
                       entity_id=listing_id, action="change_watchlist_until", reason=reason,
                       data={"name": row["name"], "country": row["country"],
                             "before": row["listed_until"], "after": listed_until})
    return _watchlisted_out(changed)


async def list_watchlisted_employers(uow: UnitOfWork) -> list[WatchlistEmployerOut]:
    rows = await repo.list_watchlisted_employers(uow.conn)
    return [_watchlisted_out(r) for r in rows]


def _watchlisted_out(row: Mapping[str, Any]) -> WatchlistEmployerOut:
    return WatchlistEmployerOut(**{k: row[k] for k in WatchlistEmployerOut.model_fields})


async def employer_watchlisted(
    uow: UnitOfWork, *, name: str, country: str, registration_number: str | None, today: date
) -> bool:
    """Whether an employer (by name or registration number) is on the watchlist today."""
    return await _listing(uow, name=name, country=country,
                          registration_number=registration_number, today=today) is not None


async def _listing(uow: UnitOfWork, *, name: str, country: str,
                   registration_number: str | None, today: date
                   ) -> WatchlistedEmployerRow | None:
    """The employer's listing in force today (by name or registration number), if any."""
    return await repo.find_watchlisted_employer(
        uow.conn, name_key=name_key(name), country=country,
        registration_key=number_key(registration_number) if registration_number else None,
        today=today)



async def agency_countries(uow: UnitOfWork, *, agency_ids: Iterable[int]) -> dict[int, str]:
    """Each agency's own country, where its workers are recruited."""
    countries = {}
    for agency_id in sorted(set(agency_ids)):
        row = await repo.get_agency(uow.conn, agency_id)
        if row is not None:
            countries[agency_id] = str(row["country"])
    return countries

async def agency_record_changed(uow: UnitOfWork, *, agency_id: int, cause: str) -> None:
    """Something the agency's record counts changed (`cause` says what): published once
    this commits, for the figures kept of that record (the rating) to be made again."""
    await events.publish(uow, event=AGENCY_RECORD, entity_id=agency_id,
                         payload={"cause": cause})


async def licence_records(uow: UnitOfWork) -> list[LicenceRecordRow]:
    """Every agency's licence record: its name, when it was first licensed, its renewals,
    and the suspensions and revocations in the audit log (with the latest of each)."""
    return await repo.licence_records(uow.conn)


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
