"""Employers, vacancies, their verification and the public verification code."""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any, Literal, cast

from core import audit, notifications, outbox
from core.auth import Principal, Role
from core.db import UnitOfWork
from core.text import code_letters, name_key
from core.users import get_user
from core.validation import Money
from matching import occupations
from matching.advert_words import hours_said, passport_kept
from matching.exceptions import (
    BlockingFlags,
    Conflict,
    InvalidInput,
    MissingAcknowledgements,
    NotFound,
)
from matching.fee_words import fee_asked
from matching.repository import vacancies as repo
from matching.rows import EmployerRow, VacancyRow, WorkerFeeRuleRow
from matching.rules import (
    VACANCY_ACTORS,
    VACANCY_REASON_REQUIRED,
    RedFlag,
    VacancyAction,
    VacancyFacts,
    VacancyStatus,
    Verdict,
    blocking,
    figure,
    is_open_on,
    missing_acknowledgements,
    monthly_wage,
    next_vacancy_status,
    promise_checks,
    red_flags,
    vacancy_allowed,
    vacancy_occupation,
    verdict,
    warnings,
)
from matching.schemas import (
    AcknowledgementOut,
    EmployerIn,
    EmployerOut,
    MinimumWageIn,
    MinimumWageOut,
    PromiseCheckOut,
    RedFlagOut,
    VacancyIn,
    VacancyOut,
    VacancyTermsIn,
    VacancyTransitionIn,
    VerificationOut,
    VerifiedByOut,
    Wage,
    WorkerFeeRuleIn,
    WorkerFeeRuleOut,
)
from matching.wage_words import wage_said_lower
from missions import service as attache_service
from registry import service as registry_service

INDEX_TOPIC = "vacancy.changed"
_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L: read aloud or typed
_CODE_LENGTH = 8
_OFFICIALS = {Role.REGULATOR, Role.ADMIN}
_MAX_MONTHLY_WAGE = Decimal(10) ** 14


def normalise_code(code: str) -> str:
    """A verification code as issued, however typed: without dashes or spaces, in upper
    case, Cyrillic look-alikes (`КСТ7`) as Latin."""
    return re.sub(r"[^0-9A-Z]", "", code_letters(code))


def format_code(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"


def _new_code() -> str:
    return "".join(secrets.choice(_CODE_ALPHABET) for _ in range(_CODE_LENGTH))


async def _attache_country(uow: UnitOfWork, actor: Principal) -> str | None:
    if actor.role != Role.ATTACHE or actor.mission_id is None:
        return None
    return await attache_service.mission_country(uow, mission_id=actor.mission_id)


# --- employers -------------------------------------------------------------------------


async def _employer_out(uow: UnitOfWork, row: EmployerRow, today: date) -> EmployerOut:
    listed = await registry_service.employer_watchlisted(
        uow, name=row["name"], country=row["country"],
        registration_number=row["registration_number"], today=today,
    )
    found: Mapping[str, Any] = row
    return EmployerOut(watchlisted=listed,
                       **{k: found[k] for k in EmployerOut.model_fields if k != "watchlisted"})


async def register_employer(
    uow: UnitOfWork, *, data: EmployerIn, actor: Principal, today: date
) -> EmployerOut:
    """An agency registers a foreign employer it recruits for."""
    assert actor.agency_id is not None
    if await repo.find_employer(uow.conn, agency_id=actor.agency_id, country=data.country,
                                registration_number=data.registration_number):
        raise Conflict("employer.registered_twice", country=data.country,
                       registration_number=data.registration_number)
    row = await repo.insert_employer(
        uow.conn, agency_id=actor.agency_id, name=data.name, name_key=name_key(data.name),
        country=data.country, city=data.city, registration_number=data.registration_number,
    )
    await audit.record(uow.conn, actor=actor, entity_type="employer", entity_id=row["id"],
                       agency_id=actor.agency_id, action="register",
                       data=data.model_dump(mode="json"))
    return await _employer_out(uow, row, today)


async def list_employers(uow: UnitOfWork, *, actor: Principal, status: str | None,
                         today: date) -> list[EmployerOut]:
    """Agency staff see their employers; attachés those of their country; officials all."""
    agency_id = actor.agency_id if actor.role == Role.AGENCY_STAFF else None
    country = await _attache_country(uow, actor)
    if actor.role == Role.ATTACHE and country is None:
        return []
    rows = await repo.list_employers(uow.conn, agency_id=agency_id, country=country,
                                     status=status)
    return [await _employer_out(uow, r, today) for r in rows]


async def decide_employer(
    uow: UnitOfWork, *, employer_id: int, verified: bool, reason: str | None,
    actor: Principal, today: date,
) -> EmployerOut:
    """An attaché of the employer's country verifies or rejects it."""
    row = await repo.get_employer(uow.conn, employer_id)
    if row is None or await _attache_country(uow, actor) != row["country"]:
        raise NotFound("employer", employer_id)
    status = "verified" if verified else "rejected"
    if not verified and not reason:
        raise InvalidInput("reason", "employer.reason_required")
    await repo.set_employer_status(uow.conn, employer_id, status, reason)
    await audit.record(uow.conn, actor=actor, entity_type="employer", entity_id=employer_id,
                       agency_id=row["agency_id"], action="verify" if verified else "reject",
                       from_state=row["status"], to_state=status, reason=reason)
    row = await repo.get_employer(uow.conn, employer_id)
    assert row is not None
    return await _employer_out(uow, row, today)


# --- vacancies -------------------------------------------------------------------------


def chosen_occupation(data: VacancyIn) -> tuple[str, occupations.Occupation | None]:
    """The agency's words for a vacancy's occupation and the occupation of the list it is
    filed under (see `rules.vacancy_occupation`)."""
    return vacancy_occupation(code=data.occupation_code, words=data.occupation,
                              text=f"{data.title} {data.description}")


def vacancy_out(row: VacancyRow, agency_name: str) -> VacancyOut:
    status = VacancyStatus(row["status"])
    occupation = occupations.by_code(row["occupation_code"] or "")
    fee = (None if not row["worker_fee_amount"] else
           # A fee has its currency (the columns are set together).
           Money(amount=row["worker_fee_amount"], currency=cast(str, row["worker_fee_currency"])))
    return VacancyOut(
        id=row["id"], agency_id=row["agency_id"], agency_name=agency_name,
        employer_id=row["employer_id"], employer_name=row["employer_name"],
        external_ref=row["external_ref"], title=row["title"], description=row["description"],
        occupation=row["occupation"], occupation_code=row["occupation_code"],
        occupation_name=occupation.name("en") if occupation else None,
        skills=list(row["skills"]), languages=row["languages"],
        country=row["country"], city=row["city"],
        wage=Wage(amount=row["wage_amount"], currency=row["wage_currency"],
                  period=row["wage_period"]),
        wage_monthly=row["wage_monthly"], hours_per_week=row["hours_per_week"],
        housing=row["housing"], meals=row["meals"], contract_months=row["contract_months"],
        positions=row["positions"], worker_fee=fee, closing_date=row["closing_date"],
        status=status, status_reason=row["status_reason"],
        red_flags=[RedFlagOut.model_validate(f) for f in row["red_flags"]],
        acknowledgements=[AcknowledgementOut.model_validate(a)
                          for a in row["flag_acknowledgements"]],
        verification_code=format_code(row["verification_code"])
        if row["verification_code"] else None, verified_at=row["verified_at"],
        version=row["version"], created_at=row["created_at"], updated_at=row["updated_at"],
        allowed_actions=vacancy_allowed(status),
    )


def closing_refused(closing_date: date, today: date) -> InvalidInput | None:
    """Why a vacancy may not close on `closing_date`, if it may not: it is gone."""
    if closing_date < today:
        return InvalidInput("closing_date", "vacancy.closing_in_past")
    return None


async def _fields(uow: UnitOfWork, data: VacancyIn, actor: Principal, today: date
                  ) -> dict[str, Any]:
    employer = await repo.get_employer(uow.conn, data.employer_id)
    if employer is None or employer["agency_id"] != actor.agency_id:
        raise InvalidInput("employer_id", "vacancy.employer_not_yours",
                           employer_id=data.employer_id)
    if employer["country"] != data.country:
        raise InvalidInput("country", "vacancy.employer_elsewhere",
                           employer_country=employer["country"], country=data.country)
    if (refused := closing_refused(data.closing_date, today)) is not None:
        raise refused
    wage_per_month = monthly_wage(data.wage.amount, data.wage.period, data.hours_per_week)
    if wage_per_month >= _MAX_MONTHLY_WAGE:  # would overflow numeric(16, 2)
        raise InvalidInput("wage.amount", "vacancy.wage_too_large")
    words, occupation = chosen_occupation(data)
    return {
        "agency_id": actor.agency_id,
        "employer_id": data.employer_id,
        "external_ref": data.external_ref,
        "title": data.title,
        "description": data.description,
        "occupation": words,
        "occupation_code": occupation.code if occupation else None,
        "skills": data.skills,
        "languages": [lang.model_dump() for lang in data.languages],
        "country": data.country,
        "city": data.city,
        "wage_amount": data.wage.amount,
        "wage_currency": data.wage.currency,
        "wage_period": data.wage.period,
        "wage_monthly": wage_per_month,
        "hours_per_week": data.hours_per_week,
        "housing": data.housing,
        "meals": data.meals,
        "contract_months": data.contract_months,
        "positions": data.positions,
        "worker_fee_amount": data.worker_fee.amount if data.worker_fee else Decimal(0),
        "worker_fee_currency": data.worker_fee.currency if data.worker_fee else None,
        "closing_date": data.closing_date,
    }


async def _check_external_ref_free(uow: UnitOfWork, data: VacancyIn, actor: Principal,
                                   vacancy_id: int | None) -> None:
    # Checked here so a reused reference is a 4xx naming the field, not a unique violation.
    if data.external_ref is None or actor.agency_id is None:
        return
    taken = await repo.find_by_external_ref(uow.conn, actor.agency_id, data.external_ref)
    if taken is not None and taken["id"] != vacancy_id:
        raise InvalidInput("external_ref", "vacancy.reference_taken", vacancy_id=taken["id"],
                           reference=data.external_ref)


async def create_vacancy(
    uow: UnitOfWork, *, data: VacancyIn, actor: Principal, today: date
) -> VacancyOut:
    """An agency drafts a vacancy for one of its employers."""
    await _check_external_ref_free(uow, data, actor, None)
    fields = await _fields(uow, data, actor, today)
    vacancy_id = await repo.insert_vacancy(uow.conn, fields)
    await audit.record(uow.conn, actor=actor, entity_type="vacancy", entity_id=vacancy_id,
                       agency_id=actor.agency_id, action="create", to_state="draft",
                       data={"title": data.title, "country": data.country})
    return await get_vacancy(uow, vacancy_id=vacancy_id, actor=actor, today=today)


ImportOutcome = Literal["created", "updated", "unchanged"]


async def upsert_imported_vacancy(
    uow: UnitOfWork, *, data: VacancyIn, actor: Principal, today: date
) -> tuple[int, ImportOutcome]:
    """Bulk import: create, or update a still-draft vacancy with the same external_ref.

    Returns the vacancy id and what happened to it. A vacancy that has left draft is
    never changed by an import: the same terms again are "unchanged", others a Conflict.
    """
    assert data.external_ref
    assert actor.agency_id is not None
    existing = await repo.find_by_external_ref(uow.conn, actor.agency_id, data.external_ref)
    fields = await _fields(uow, data, actor, today)
    if existing is None:
        vacancy_id = await repo.insert_vacancy(uow.conn, fields)
        await audit.record(uow.conn, actor=actor, entity_type="vacancy", entity_id=vacancy_id,
                           agency_id=actor.agency_id, action="import", to_state="draft",
                           data={"external_ref": data.external_ref})
        return vacancy_id, "created"
    vacancy_id = existing["id"]
    row = await repo.get_vacancy(uow.conn, vacancy_id, for_update=True)
    assert row is not None
    if all(cast(Mapping[str, Any], row)[k] == v for k, v in fields.items()):
        return vacancy_id, "unchanged"
    if row["status"] != VacancyStatus.DRAFT:
        raise Conflict("vacancy.import_not_draft", vacancy_id=vacancy_id,
                       reference=data.external_ref, vacancy_status=row["status"])
    await repo.replace_vacancy(uow.conn, vacancy_id, fields)
    await audit.record(uow.conn, actor=actor, entity_type="vacancy", entity_id=vacancy_id,
                       agency_id=actor.agency_id, action="edit",
                       data={"external_ref": data.external_ref, "source": "import"})
    return vacancy_id, "updated"


async def update_draft(
    uow: UnitOfWork, *, vacancy_id: int, data: VacancyIn, actor: Principal, today: date
) -> VacancyOut:
    """Edit a vacancy while it is a draft (a rejected one is revised back to draft first)."""
    row = await repo.get_vacancy(uow.conn, vacancy_id, for_update=True)
    if row is None or row["agency_id"] != actor.agency_id:
        raise NotFound("vacancy", vacancy_id)
    if row["status"] != VacancyStatus.DRAFT:
        raise Conflict("vacancy.edit_not_draft", vacancy_status=row["status"])
    await _check_external_ref_free(uow, data, actor, vacancy_id)
    await repo.replace_vacancy(uow.conn, vacancy_id, await _fields(uow, data, actor, today))
    await audit.record(uow.conn, actor=actor, entity_type="vacancy", entity_id=vacancy_id,
                       agency_id=actor.agency_id, action="edit")
    return await get_vacancy(uow, vacancy_id=vacancy_id, actor=actor, today=today)


async def _check_may_recruit(uow: UnitOfWork, row: VacancyRow, today: date) -> None:
    standing = await registry_service.licence_standing(
        uow, agency_id=row["agency_id"], country=row["country"], today=today
    )
    if not standing.may_recruit:
        raise Conflict("vacancy.agency_may_not_recruit", why=standing.explanation,
                       licence_status=standing.status)
    if not standing.covers_country:
        raise Conflict("vacancy.licence_not_covering", licence_number=standing.licence_number,
                       country=row["country"])


async def _facts(uow: UnitOfWork, terms: Mapping[str, Any], today: date) -> VacancyFacts:
    """The facts the red flags look at, as they stand today, for stored or typed terms."""
    conn = uow.conn
    minimum = await repo.get_minimum_wage(conn, terms["country"], terms["wage_currency"])
    standing = await registry_service.licence_standing(
        uow, agency_id=terms["agency_id"], country=terms["country"], today=today
    )
    origin = (await registry_service.agency_countries(
        uow, agency_ids=[terms["agency_id"]])).get(terms["agency_id"])
    fee_rule = await repo.get_worker_fee_rule(conn, origin) if origin else None
    duplicate = None
    if terms.get("title") and terms.get("city"):
        duplicate = await repo.find_near_duplicate(
            conn, vacancy_id=terms.get("id") or 0, country=terms["country"],
            city=terms["city"], employer_key=terms["employer_name_key"],
            title=re.sub(r"\s+", " ", terms["title"].lower()),
        )
    hours = hours_said(terms.get("title"), terms.get("description"))
    period = terms.get("wage_period") or "month"
    stated = terms.get("wage_amount") or terms["wage_monthly"]
    wage = wage_said_lower(terms.get("title"), terms.get("description"), amount=stated,
                           currency=terms["wage_currency"], period=period,
                           hours_per_week=terms["hours_per_week"])
    return VacancyFacts(
        country=terms["country"], wage_period=period,
        wage_monthly=terms["wage_monthly"], wage_amount=stated,
        wage_currency=terms["wage_currency"],
        hours_per_week=terms["hours_per_week"],
        worker_fee=terms["worker_fee_amount"],
        worker_fee_currency=terms["worker_fee_currency"],
        minimum_monthly=minimum["monthly_amount"] if minimum else None,
        max_weekly_hours=await repo.max_hours_for(conn, terms["country"]),
        licence_may_recruit=standing.may_recruit,
        licence_status=standing.status,
        licence_covers_country=standing.covers_country,
        employer_watchlisted=await registry_service.employer_watchlisted(
            uow, name=terms["employer_name"], country=terms["country"],
            registration_number=terms["employer_registration_number"], today=today,
        ),
        near_duplicate_of=duplicate,
        fee_in_text=fee_asked(terms.get("title"), terms.get("description")),
        passport_in_text=passport_kept(terms.get("title"), terms.get("description")),
        hours_in_text=hours.per_week if hours else None,
        hours_in_text_quote=hours.quote if hours else None,
        wage_in_text=wage.amount if wage else None,
        wage_in_text_quote=wage.quote if wage else None,
        origin_country=origin,
        worker_fees_banned=fee_rule["fees_banned"] if fee_rule else True,
    )


async def live_flags(uow: UnitOfWork, row: Mapping[str, Any], today: date) -> list[RedFlag]:
    """A stored vacancy's red flags as the facts stand today."""
    return red_flags(await _facts(uow, row, today))


async def compute_red_flags(uow: UnitOfWork, row: Mapping[str, Any], today: date
                            ) -> list[dict[str, Any]]:
    return [flag.as_dict() for flag in await live_flags(uow, row, today)]


async def check_terms(uow: UnitOfWork, *, data: VacancyTermsIn, actor: Principal,
                      today: date) -> list[RedFlagOut]:
    """The red flags a vacancy with these terms would raise, before it is saved."""
    employer = await repo.get_employer(uow.conn, data.employer_id)
    if employer is None or employer["agency_id"] != actor.agency_id:
        raise InvalidInput("employer_id", "vacancy.employer_not_yours",
                           employer_id=data.employer_id)
    terms: dict[str, Any] = {
        "id": data.vacancy_id, "agency_id": actor.agency_id, "country": employer["country"],
        "city": data.city, "title": data.title, "description": data.description,
        "wage_monthly": monthly_wage(data.wage.amount, data.wage.period, data.hours_per_week),
        "wage_currency": data.wage.currency, "hours_per_week": data.hours_per_week,
        "wage_period": data.wage.period, "wage_amount": data.wage.amount,
        "worker_fee_amount": data.worker_fee.amount if data.worker_fee else Decimal(0),
        "worker_fee_currency": data.worker_fee.currency if data.worker_fee else None,
        "employer_name": employer["name"], "employer_name_key": employer["name_key"],
        "employer_registration_number": employer["registration_number"],
    }
    if terms["wage_monthly"] >= _MAX_MONTHLY_WAGE:
        raise InvalidInput("wage.amount", "vacancy.wage_too_large")
    return [RedFlagOut.model_validate(f.as_dict())
            for f in red_flags(await _facts(uow, terms, today))]


async def current_flags(uow: UnitOfWork, *, vacancy_id: int, actor: Principal, today: date
                        ) -> list[RedFlagOut]:
    """A vacancy's red flags as they stand today (its agency, attachés of its country and
    officials)."""
    row = await repo.get_vacancy(uow.conn, vacancy_id)
    if row is None or not await _sees_internals(uow, row, actor) or \
            not await _may_see(uow, row, actor, today):
        raise NotFound("vacancy", vacancy_id)
    return [RedFlagOut.model_validate(f.as_dict())
            for f in await live_flags(uow, row, today)]


def _acknowledged(flags: list[RedFlag], reasons: dict[str, str], now: datetime
                  ) -> list[dict[str, Any]]:
    return [{"code": f.code, "message": f.message, "params": dict(f.params),
             "reason": reasons[f.code].strip(), "acknowledged_at": now.isoformat()}
            for f in warnings(flags)]


async def transition_vacancy(
    uow: UnitOfWork, *, vacancy_id: int, command: VacancyTransitionIn, actor: Principal,
    today: date,
) -> VacancyOut:
    """Move a vacancy through its lifecycle; each move is checked here and audited."""
    row = await repo.get_vacancy(uow.conn, vacancy_id, for_update=True)
    # Another agency, or an attaché of another country, sees the vacancy as the public
    # does: acting on it is acting on a record not theirs, answered as one they cannot see.
    if row is None or not await _sees_internals(uow, row, actor) or \
            not await _may_see(uow, row, actor, today):
        raise NotFound("vacancy", vacancy_id)
    action = command.action
    who = VACANCY_ACTORS[action]
    if who == "system" and not actor.is_system:
        raise Conflict("vacancy.automatic", action=action.value)
    if who == "agency" and not (actor.role == Role.AGENCY_STAFF
                                and actor.agency_id == row["agency_id"]):
        raise Conflict("vacancy.posting_agency_only", action=action.value)
    if who == "attache" and await _attache_country(uow, actor) != row["country"]:
        raise Conflict("vacancy.attache_only", country=row["country"], action=action.value)
    if command.expected_version is not None and command.expected_version != row["version"]:
        raise Conflict("vacancy.changed", expected=command.expected_version,
                       actual=row["version"])
    status = VacancyStatus(row["status"])
    target = next_vacancy_status(status, action)
    if action in VACANCY_REASON_REQUIRED and not command.reason:
        raise InvalidInput("reason", "vacancy.reason_required", action=action.value)

    changes: dict[str, Any] = {"status": target.value, "status_reason": command.reason}
    now = datetime.now(UTC)
    if action in (VacancyAction.SUBMIT, VacancyAction.PUBLISH):
        if row["closing_date"] < today:
            raise InvalidInput("closing_date", "vacancy.closing_passed",
                               closing_date=row["closing_date"])
        await _check_may_recruit(uow, row, today)
    audit_data: dict[str, Any] = {}
    if action in (VacancyAction.SUBMIT, VacancyAction.VERIFY, VacancyAction.PUBLISH):
        # The facts may have changed since submission: checked again at every step.
        flags = await live_flags(uow, row, today)
        changes["red_flags"] = [f.as_dict() for f in flags]
        audit_data["red_flags"] = changes["red_flags"]
        if action != VacancyAction.SUBMIT and (stop := blocking(flags)):
            raise BlockingFlags(action.value, [f.as_dict() for f in stop])
        if action == VacancyAction.VERIFY:
            reasons = {str(code): text for code, text in command.acknowledgements.items()}
            if missing := missing_acknowledgements(flags, reasons):
                raise MissingAcknowledgements(
                    [f.as_dict() for f in flags if f.code in missing])
            changes["flag_acknowledgements"] = _acknowledged(flags, reasons, now)
            audit_data["acknowledgements"] = changes["flag_acknowledgements"]
    if action == VacancyAction.SUBMIT:
        changes["submitted_at"] = now
    elif action == VacancyAction.VERIFY:
        changes |= {"verification_code": row["verification_code"] or _new_code(),
                    "verified_at": now, "verified_by": actor.user_id,
                    "verified_mission_id": actor.mission_id}
    elif action == VacancyAction.PUBLISH:
        changes["published_at"] = now
    await repo.update_vacancy(uow.conn, vacancy_id, **changes)
    await audit.record(uow.conn, actor=actor, entity_type="vacancy", entity_id=vacancy_id,
                       agency_id=row["agency_id"], action=action.value,
                       from_state=status.value, to_state=target.value, reason=command.reason,
                       data=audit_data or {"red_flags": []})
    if VacancyStatus.PUBLISHED in (status, target):
        await outbox.enqueue(uow, topic=INDEX_TOPIC, entity_id=vacancy_id)
    return await get_vacancy(uow, vacancy_id=vacancy_id, actor=actor, today=today)


async def _visible_to_public(uow: UnitOfWork, row: VacancyRow, today: date) -> bool:
    if not is_open_on(row["status"], row["closing_date"], today):
        return False
    standing = await registry_service.licence_standing(
        uow, agency_id=row["agency_id"], country=row["country"], today=today
    )
    return standing.may_recruit and standing.covers_country


async def _may_see(uow: UnitOfWork, row: VacancyRow, actor: Principal | None,
                   today: date) -> bool:
    if actor is not None:
        if actor.role in _OFFICIALS or actor.is_system:
            return True
        if actor.role == Role.AGENCY_STAFF and actor.agency_id == row["agency_id"]:
            return True
        if actor.role == Role.ATTACHE and row["status"] != VacancyStatus.DRAFT and \
                await _attache_country(uow, actor) == row["country"]:
            return True
    return await _visible_to_public(uow, row, today)


async def get_vacancy(uow: UnitOfWork, *, vacancy_id: int, actor: Principal | None,
                      today: date) -> VacancyOut:
    """One vacancy: its agency, attachés of its country and officials see it in any state;
    everyone else only while it is verified, published, open and its agency licensed."""
    row = await repo.get_vacancy(uow.conn, vacancy_id)
    if row is None or not await _may_see(uow, row, actor, today):
        raise NotFound("vacancy", vacancy_id)
    standing = await registry_service.licence_standing(
        uow, agency_id=row["agency_id"], country=row["country"], today=today
    )
    out = vacancy_out(row, standing.agency_name)
    if not await _sees_internals(uow, row, actor):
        # Verifiers' notes and the agency's own references are not for the public; the
        # warnings the attaché accepted, and why, are.
        out = out.model_copy(update={"red_flags": [], "external_ref": None,
                                     "status_reason": None, "allowed_actions": []})
    return out


async def _sees_internals(uow: UnitOfWork, row: VacancyRow, actor: Principal | None
                          ) -> bool:
    if actor is None:
        return False
    if actor.role in _OFFICIALS or actor.is_system:
        return True
    if actor.role == Role.AGENCY_STAFF:
        return actor.agency_id == row["agency_id"]
    return actor.role == Role.ATTACHE and \
        await _attache_country(uow, actor) == row["country"]


async def list_vacancies(
    uow: UnitOfWork, *, actor: Principal, statuses: list[VacancyStatus] | None,
    limit: int, offset: int, today: date,
) -> list[VacancyOut]:
    """An agency's own vacancies, or an attaché's country (its verification queue)."""
    agency_id: int | None = None
    country: str | None = None
    if actor.role == Role.AGENCY_STAFF:
        agency_id = actor.agency_id
    elif actor.role == Role.ATTACHE:
        country = await _attache_country(uow, actor)
        if country is None:
            return []
    elif actor.role not in _OFFICIALS:
        return []
    names = [s.value for s in statuses] if statuses else None
    if actor.role == Role.ATTACHE:
        names = [n for n in (names or [s.value for s in VacancyStatus]) if n != "draft"]
    rows = await repo.list_vacancies(uow.conn, agency_id=agency_id, country=country,
                                     statuses=names, limit=limit, offset=offset)
    out = []
    for row in rows:
        standing = await registry_service.licence_standing(
            uow, agency_id=row["agency_id"], country=row["country"], today=today
        )
        out.append(vacancy_out(row, standing.agency_name))
    return out


_ADVICE = {
    Verdict.VERIFIED: "compare the terms with the offer you were given; if anything differs, "
                      "do not sign",
    Verdict.BREACH: "do not pay anything and do not sign; ask a migrant resource centre",
    Verdict.NOT_OPEN: "do not pay or sign for this job now; ask a migrant resource centre",
    Verdict.UNKNOWN: "treat the offer as unverified, do not pay and do not sign; ask a "
                     "migrant resource centre",
}


async def _verified_by(uow: UnitOfWork, row: VacancyRow) -> VerifiedByOut:
    mission = (await attache_service.get_mission(uow, mission_id=row["verified_mission_id"])
               if row["verified_mission_id"] else None)
    user = await get_user(uow.conn, row["verified_by"]) if row["verified_by"] else None
    return VerifiedByOut(mission_id=row["verified_mission_id"],
                         mission=mission["name"] if mission else None,
                         attache=user["full_name"] if user else None, at=row["verified_at"])


def _promise_words(code: str, holds: bool | None, p: dict[str, Any]) -> str:
    if code == "licence":
        return (f"licence {p['licence_number']} is active and covers {p['country']}" if holds
                else f"licence {p['licence_number'] or '(none)'} is {p['status']}"
                + ("" if p["status"] != "active" else f" but does not cover {p['country']}"))
    if code == "wage":
        if holds is None:
            return (f"no minimum wage for {p['country']} in {p['currency']} is on record to "
                    "compare the wage with")
        return (f"{p['wage_monthly']} {p['currency']} a month is "
                + ("at least" if holds else "below") + f" today's minimum of "
                f"{p['minimum_monthly']} {p['currency']}"
                + (f" for {p['hours']} hours a week" if p.get("hours") else ""))
    if code == "worker_fee":
        if holds:
            return "the worker pays no fee: the employer pays the recruitment costs"
        if Decimal(p["fee"] or 0) == 0 and p.get("quote"):
            return f"the advert asks the worker to pay, though no fee is stated: «{p['quote']}»"
        return (f"the worker is charged {p['fee']} {p['currency']}"
                + ("; fees charged to workers are banned in " + p["origin"]
                   if p["fees_banned"] == "true" else ""))
    if code == "hours" and not holds and p.get("said"):
        return (f"the advert's words describe about {p['said']} hours a week, more than the "
                f"{p['hours']} stated: «{p['quote']}»")
    if code == "passport":
        return f"the advert says the worker's passport is kept from them: «{p['quote']}»"
    if code == "hours":
        return (f"{p['hours']} hours a week is "
                + ("within" if holds else "over") + f" the legal limit of {p['limit']}")
    if code == "employer":
        return ("the employer is not on the watchlist" if holds
                else "the employer is on the watchlist")
    return ""


async def _verification(uow: UnitOfWork, row: VacancyRow, today: date, code: str
                        ) -> VerificationOut:
    """Every promise of a verified vacancy, checked as the facts stand today."""
    standing = await registry_service.licence_standing(
        uow, agency_id=row["agency_id"], country=row["country"], today=today
    )
    facts = await _facts(uow, row, today)
    flags = red_flags(facts)
    licensed = standing.may_recruit and standing.covers_country
    is_open = is_open_on(row["status"], row["closing_date"], today)
    answer = verdict(verified=True, open_now=is_open, flags=flags)
    acknowledgements = [AcknowledgementOut.model_validate(a)
                        for a in row["flag_acknowledgements"]]
    by = await _verified_by(uow, row)

    params: dict[str, dict[str, str | None]] = {
        "licence": {"licence_number": standing.licence_number, "status": standing.status,
                    "countries": ",".join(standing.countries), "country": row["country"]},
        # Over the legal week, the minimum for the hours of the job.
        "wage": {"wage_monthly": str(row["wage_monthly"]), "currency": row["wage_currency"],
                 "minimum_monthly": str(facts.minimum_for_hours)
                 if facts.minimum_monthly is not None else None,
                 "country": row["country"], "amount": str(row["wage_amount"]),
                 "period": row["wage_period"],
                 **({"hours": figure(row["hours_per_week"]), "limit": figure(facts.hours_limit)}
                    if facts.minimum_monthly is not None
                    and facts.minimum_for_hours != facts.minimum_monthly else {}),
                 # The field at the minimum, the words below it: the words are the breach.
                 **({key: said.params[key] for key in ("said", "minimum", "quote")}
                    if (said := next((f for f in flags if f.code == "wage_in_text"
                                      and f.blocking), None))
                    and not any(f.code == "wage_below_minimum" for f in flags) else {})},
        "worker_fee": {"fee": str(row["worker_fee_amount"]),
                       "currency": row["worker_fee_currency"] or "",
                       "origin": facts.origin_country or "",
                       "fees_banned": "true" if facts.worker_fees_banned else "false",
                       "quote": facts.fee_in_text},
        "hours": {"hours": figure(row["hours_per_week"]), "limit": figure(facts.hours_limit),
                  "country": row["country"],
                  **({"said": figure(facts.hours_in_text),
                      "quote": facts.hours_in_text_quote}
                     if facts.hours_in_text is not None
                     and any(f.code == "hours_in_text" for f in flags) else {})},
        "employer": {"employer": row["employer_name"]},
        "passport": {"quote": facts.passport_in_text},
    }
    checks = [PromiseCheckOut(
        code="verified", holds=True, severity=None,
        message=f"verified by {by.attache or 'a labour attaché'}"
                + (f" of {by.mission}" if by.mission else "")
                + (f" on {by.at.date()}" if by.at else ""),
        params={"mission": by.mission, "attache": by.attache,
                "verified_at": by.at.isoformat() if by.at else None})]
    for check in promise_checks(flags):
        if check.code == "passport" and check.holds:
            continue  # said only when the advert's words break it
        p = params[check.code]
        checks.append(PromiseCheckOut(
            code=check.code,  # type: ignore[arg-type]
            holds=check.holds, severity=check.severity.value if check.severity else None,
            message=_promise_words(check.code, check.holds, p), params=p,
            flags=[RedFlagOut.model_validate(f.as_dict()) for f in check.flags],
            acknowledgements=[a for a in acknowledgements
                              if a.code in {f.code for f in check.flags}]))
    # Open only while the agency may recruit: a suspended agency's job takes no one.
    taking = is_open and licensed
    checks.append(PromiseCheckOut(
        code="open", holds=taking, severity=None,
        message=(f"open for applications until {row['closing_date']}" if taking else
                 "not open for applications: the agency may not recruit now" if is_open else
                 f"not open for applications ({row['status']}, closing date "
                 f"{row['closing_date']})"),
        params={"status": row["status"], "closing_date": str(row["closing_date"]),
                "licensed": "true" if licensed else "false"}))

    breaches = blocking(flags)
    if answer == Verdict.BREACH:
        reasons = [] if licensed else [standing.explanation]
        reasons += [f.message for f in breaches
                    if f.code not in ("licence_not_active", "licence_does_not_cover_country")]
        explanation = "the vacancy was verified, but " + "; ".join(reasons)
    elif row["status"] == VacancyStatus.VERIFIED and row["closing_date"] >= today:
        explanation = "the vacancy was verified but the agency has not published it yet"
    elif not is_open:
        explanation = (f"the vacancy was verified but is no longer open "
                       f"({row['status']}, closing date {row['closing_date']})")
    else:
        # Warnings stand beside it, each in its check, with the attaché's reason.
        explanation = "a verified, open vacancy of a licensed agency"
    terms = vacancy_out(row, standing.agency_name)
    return VerificationOut(
        code=code, verified=True, open=is_open, agency_licensed=licensed,
        explanation=explanation, verdict=answer.value, advice=_ADVICE[answer],
        verified_by=by, checks=checks, acknowledgements=acknowledgements,
        vacancy={
            "id": terms.id,
            "title": terms.title, "employer": terms.employer_name,
            "occupation": terms.occupation, "occupation_code": terms.occupation_code,
            "agency": standing.agency_name, "licence_number": standing.licence_number,
            "country": terms.country, "city": terms.city,
            "wage": terms.wage.model_dump(mode="json"),
            "hours_per_week": str(terms.hours_per_week), "housing": terms.housing,
            "meals": terms.meals, "contract_months": terms.contract_months,
            "worker_fee": terms.worker_fee.model_dump(mode="json") if terms.worker_fee else None,
            "closing_date": str(terms.closing_date),
        },
    )


async def check_code(uow: UnitOfWork, *, code: str, today: date) -> VerificationOut:
    """Public: is this code a verified, open vacancy of a licensed agency, does every promise
    it made hold today, and on what terms?"""
    key = normalise_code(code)
    row = await repo.get_by_code(uow.conn, key) if len(key) == _CODE_LENGTH else None
    if row is None:
        return VerificationOut(code=code, verified=False, open=False, agency_licensed=False,
                               explanation="no verified vacancy has this code; treat the offer "
                               "as unverified and ask a migrant resource centre",
                               verdict=Verdict.UNKNOWN.value, advice=_ADVICE[Verdict.UNKNOWN])
    return await _verification(uow, row, today, format_code(key))


async def public_checks(uow: UnitOfWork, *, vacancy_id: int, today: date) -> VerificationOut:
    """The public's view of one vacancy's promises today (as its code check shows them)."""
    row = await repo.get_vacancy(uow.conn, vacancy_id)
    if row is None or not row["verification_code"] or \
            not await _visible_to_public(uow, row, today):
        raise NotFound("vacancy", vacancy_id)
    return await _verification(uow, row, today, format_code(row["verification_code"]))


async def was_published(uow: UnitOfWork, *, vacancy_id: int) -> bool:
    """Whether a vacancy was ever published: it was public then, so a page may say it is no
    longer open; of any other (missing, a draft, never verified) it says only that it is not
    open, and hidden vacancies stay unprobed."""
    row = await repo.get_vacancy(uow.conn, vacancy_id)
    return row is not None and row["published_at"] is not None


async def expire_vacancies(uow: UnitOfWork, *, today: date, actor: Principal) -> list[int]:
    """Expire verified or published vacancies whose closing date has passed."""
    expired = []
    for vacancy_id in await repo.vacancies_past_closing(uow.conn, today=today):
        row = await repo.get_vacancy(uow.conn, vacancy_id, for_update=True)
        if row is None or row["closing_date"] >= today or \
                row["status"] not in (VacancyStatus.VERIFIED, VacancyStatus.PUBLISHED):
            continue
        await transition_vacancy(
            uow, vacancy_id=vacancy_id, actor=actor, today=today,
            command=VacancyTransitionIn(action=VacancyAction.EXPIRE,
                                        reason=f"closing date {row['closing_date']} passed"),
        )
        expired.append(vacancy_id)
    return expired


# --- minimum wages ---------------------------------------------------------------------


async def set_minimum_wage(
    uow: UnitOfWork, *, country: str, currency: str, data: MinimumWageIn, actor: Principal
) -> MinimumWageOut:
    """Regulators keep the minimum-wage table that red flags compare against."""
    before = await repo.get_minimum_wage(uow.conn, country, currency)
    row = await repo.upsert_minimum_wage(
        uow.conn, country=country, currency=currency, monthly_amount=data.monthly_amount,
        max_weekly_hours=data.max_weekly_hours,
    )
    await audit.record(
        uow.conn, actor=actor, entity_type="minimum_wage", entity_id=f"{country}:{currency}",
        action="set",
        data={"before": {"monthly_amount": before["monthly_amount"],
                         "max_weekly_hours": before["max_weekly_hours"]} if before else None,
              "after": data.model_dump(mode="json")},
    )
    # Published vacancies the new minimum puts below the line leave the search (and come
    # back when it is lowered again).
    old = before["monthly_amount"] if before else Decimal(0)
    low, high = sorted((old, data.monthly_amount))
    await _reindex(uow, await repo.published_with_wage_between(
        uow.conn, country=country, currency=currency, low=low, high=high))
    return _minimum_wage_out(row)


async def list_minimum_wages(uow: UnitOfWork) -> list[MinimumWageOut]:
    rows = await repo.list_minimum_wages(uow.conn)
    return [_minimum_wage_out(r) for r in rows]


def _minimum_wage_out(row: Mapping[str, Any]) -> MinimumWageOut:
    return MinimumWageOut(**{k: row[k] for k in MinimumWageOut.model_fields})


async def _reindex(uow: UnitOfWork, vacancy_ids: list[int]) -> None:
    for vacancy_id in vacancy_ids:
        await outbox.enqueue(uow, topic=INDEX_TOPIC, entity_id=vacancy_id)


# --- fees charged to workers, by origin country -----------------------------------------


def _fee_rule_out(country: str, row: WorkerFeeRuleRow | None) -> WorkerFeeRuleOut:
    if row is None:  # the default: the employer pays
        return WorkerFeeRuleOut(country=country, fees_banned=True, reason=None, updated_at=None)
    found: Mapping[str, Any] = row
    return WorkerFeeRuleOut(**{k: found[k] for k in WorkerFeeRuleOut.model_fields})


async def set_worker_fee_rule(uow: UnitOfWork, *, country: str, data: WorkerFeeRuleIn,
                              actor: Principal) -> WorkerFeeRuleOut:
    """Regulators say whether workers recruited from a country may be charged any fee."""
    before = await repo.get_worker_fee_rule(uow.conn, country)
    row = await repo.upsert_worker_fee_rule(uow.conn, country=country,
                                            fees_banned=data.fees_banned, reason=data.reason)
    await audit.record(
        uow.conn, actor=actor, entity_type="worker_fee_rule", entity_id=country, action="set",
        reason=data.reason,
        data={"before": {"fees_banned": before["fees_banned"] if before else True},
              "after": {"fees_banned": data.fees_banned}},
    )
    charging = await repo.published_charging_fees(uow.conn)
    origins = await registry_service.agency_countries(
        uow, agency_ids=[r["agency_id"] for r in charging])
    await _reindex(uow, [r["id"] for r in charging if origins.get(r["agency_id"]) == country])
    return _fee_rule_out(country, row)


async def list_worker_fee_rules(uow: UnitOfWork) -> list[WorkerFeeRuleOut]:
    """The countries whose rule differs from the default, or was set explicitly."""
    return [_fee_rule_out(r["country"], r) for r in await repo.list_worker_fee_rules(uow.conn)]


async def get_worker_fee_rule(uow: UnitOfWork, *, country: str) -> WorkerFeeRuleOut:
    return _fee_rule_out(country, await repo.get_worker_fee_rule(uow.conn, country))


# --- what the search index may hold -------------------------------------------------------


async def vacancy_employer_watchlisted(uow: UnitOfWork, *, vacancy_id: int, today: date
                                       ) -> bool:
    """Whether the vacancy's employer is on the watchlist today (none: no such vacancy)."""
    row = await repo.get_vacancy(uow.conn, vacancy_id)
    if row is None:
        return False
    return await registry_service.employer_watchlisted(
        uow, name=row["employer_name"], country=row["country"],
        registration_number=row["employer_registration_number"], today=today)


async def employer_watchlist_changed(uow: UnitOfWork, *, country: str, today: date
                                     ) -> list[int]:
    """An employer of `country` joined the watchlist: its published vacancies leave the
    search, and each one's agency is told, once. Returns the published vacancies of the
    country's watchlisted employers, each sent to the index again."""
    ids = await watchlisted_published(uow, country=country, today=today)
    await _reindex(uow, ids)
    await _tell_agencies_of_employer(
        uow, ids, kind="vacancy.employer_watchlisted", key=lambda i: f"vacancy-watchlist:{i}",
        subject="Vacancy {job} is hidden: its employer is on the watchlist",
        body="{employer} is on the watchlist: migrants and centres no longer find the "
             "vacancy, and a check of its code tells workers not to pay.")
    return ids


async def watchlisted_published(uow: UnitOfWork, *, country: str, today: date) -> list[int]:
    """The published vacancies of `country` whose employer is on the watchlist today."""
    ids: list[int] = []
    for employer in await repo.published_employers_in(uow.conn, country):
        if await registry_service.employer_watchlisted(
                uow, name=employer["name"], country=country,
                registration_number=employer["registration_number"], today=today):
            ids += employer["vacancy_ids"]
    return ids


async def employer_watchlist_lifted(uow: UnitOfWork, *, country: str, hidden: Sequence[int],
                                    listing_id: int, today: date) -> list[int]:
    """A listing of an employer of `country` ended: of the vacancies it hid (`hidden`, read
    before it ended), those whose employer is on no other listing go back to the index
    (the relay decides, with every other check, whether search shows them), and each one's
    agency is told, once per listing. Returns them."""
    still = set(await watchlisted_published(uow, country=country, today=today))
    ids = [vacancy_id for vacancy_id in hidden if vacancy_id not in still]
    await _reindex(uow, ids)
    await _tell_agencies_of_employer(
        uow, ids, kind="vacancy.employer_delisted",
        key=lambda i: f"vacancy-delisted:{i}:{listing_id}",
        subject="Vacancy {job}: its employer is off the watchlist",
        body="{employer} is no longer on the watchlist: migrants and centres can find the "
             "vacancy again.")
    return ids


async def _tell_agencies_of_employer(uow: UnitOfWork, ids: Sequence[int], *, kind: str,
                                     key: Callable[[int], str], subject: str, body: str
                                     ) -> None:
    """A change to the vacancies' employer, told once to each one's agency (`subject` and
    `body` name the `{job}` and the `{employer}`)."""
    for vacancy_id in ids:
        row = await repo.get_vacancy(uow.conn, vacancy_id)
        if row is None:
            continue
        job = f"{row['title']} ({row['city']})"
        await notifications.notify(
            uow.conn, audience="agency", agency_id=row["agency_id"], kind=kind,
            subject=subject.format(job=job, employer=row["employer_name"]),
            body=body.format(job=job, employer=row["employer_name"]),
            params={"job": row["title"], "city": row["city"], "employer": row["employer_name"]},
            dedupe_key=key(vacancy_id))


def weekly_hours_limits(wage_rows: Sequence[Mapping[str, Any]]) -> dict[str, Decimal]:
    """Each country's legal week (the least of its minimum wages' rows, as `max_hours_for`
    reads it for one country)."""
    limits: dict[str, Decimal] = {}
    for m in wage_rows:
        if m["max_weekly_hours"] is not None:
            limits[m["country"]] = min(limits.get(m["country"], m["max_weekly_hours"]),
                                       m["max_weekly_hours"])
    return limits


def _words_read(row: Mapping[str, Any]) -> dict[str, Any]:
    """What the advert's words said, as its flags stored at publication quote them: the
    words do not change once published, and reading them again for every vacancy the
    index takes would cost more than the model does. Whether they block is decided today
    (a minimum wage raised past a trial period's wage, fees barred since)."""
    stored = {f["code"]: f.get("params") or {} for f in row["red_flags"] or ()}
    words: dict[str, Any] = {}
    if quote := stored.get("fee_in_text", {}).get("quote"):
        words["fee_in_text"] = quote
    if quote := stored.get("passport_in_text", {}).get("quote"):
        words["passport_in_text"] = quote
    if hours := stored.get("hours_in_text", {}).get("hours"):
        words["hours_in_text"] = Decimal(hours)
    if wage := stored.get("wage_in_text", {}).get("said"):
        words["wage_in_text"] = Decimal(wage)
    return words


async def currencies_paid(uow: UnitOfWork, *, today: date) -> list[str]:
    """The currencies the open jobs pay in, to say so when a wage is asked in another."""
    return await repo.currencies_paid(uow.conn, today)


async def searchable(uow: UnitOfWork, rows: Sequence[Mapping[str, Any]], today: date) -> set[int]:
    """The published vacancies among `rows` that search may offer: none with a blocking
    flag today. The licence is left to search's own visibility, which hides a suspended
    agency's vacancies at once and shows them again on reinstatement. The tables are read
    once for the batch, and each employer looked up once."""
    conn = uow.conn
    published = [r for r in rows if r["status"] == VacancyStatus.PUBLISHED]
    if not published:
        return set()
    wage_rows = await repo.list_minimum_wages(conn)
    minimums = {(m["country"], m["currency"]): m["monthly_amount"] for m in wage_rows}
    hours_limits = weekly_hours_limits(wage_rows)
    fees_banned = {r["country"]: r["fees_banned"]
                   for r in await repo.list_worker_fee_rules(conn)}
    said = {r["id"]: _words_read(r) for r in published}
    origins = await registry_service.agency_countries(
        uow, agency_ids=[r["agency_id"] for r in published
                         if r["worker_fee_amount"] > 0 or said[r["id"]].get("fee_in_text")])
    listed: dict[tuple[str, str, str], bool] = {}
    found = set()
    for row in published:
        employer = (row["employer_name"], row["country"], row["employer_registration_number"])
        if employer not in listed:
            listed[employer] = await registry_service.employer_watchlisted(
                uow, name=employer[0], country=employer[1], registration_number=employer[2],
                today=today)
        origin = origins.get(row["agency_id"])
        facts = VacancyFacts(
            country=row["country"], wage_monthly=row["wage_monthly"],
            wage_currency=row["wage_currency"], hours_per_week=row["hours_per_week"],
            worker_fee=row["worker_fee_amount"], worker_fee_currency=row["worker_fee_currency"],
            minimum_monthly=minimums.get((row["country"], row["wage_currency"])),
            max_weekly_hours=hours_limits.get(row["country"]), licence_covers_country=True,
            employer_watchlisted=listed[employer], near_duplicate_of=None,
            origin_country=origin, worker_fees_banned=fees_banned.get(origin or "", True),
            wage_period=row["wage_period"], wage_amount=row["wage_amount"],
            **said[row["id"]])
        if not blocking(red_flags(facts)):
            found.add(row["id"])
    return found
