"""Employers, vacancies, their verification and the public verification code."""

from __future__ import annotations

import re
import secrets
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any, Literal

from core import audit, outbox
from core.auth import Principal, Role
from core.db import UnitOfWork
from core.validation import Money
from labour_attache import service as attache_service
from matching.exceptions import Conflict, InvalidInput, NotFound
from matching.repository import vacancies as repo
from matching.rules import (
    VACANCY_ACTORS,
    VACANCY_REASON_REQUIRED,
    VacancyAction,
    VacancyFacts,
    VacancyStatus,
    is_open_on,
    monthly_wage,
    next_vacancy_status,
    red_flags,
    vacancy_allowed,
)
from matching.schemas import (
    EmployerIn,
    EmployerOut,
    MinimumWageIn,
    MinimumWageOut,
    VacancyIn,
    VacancyOut,
    VacancyTransitionIn,
    VerificationOut,
    Wage,
)
from registry import service as registry_service
from registry.rules import name_key

INDEX_TOPIC = "vacancy.changed"
_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L: read aloud or typed
_CODE_LENGTH = 8
_OFFICIALS = {Role.REGULATOR, Role.ADMIN}
_MAX_MONTHLY_WAGE = Decimal(10) ** 14


def normalise_code(code: str) -> str:
    return re.sub(r"[^0-9A-Z]", "", code.upper())


def format_code(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"


def _new_code() -> str:
    return "".join(secrets.choice(_CODE_ALPHABET) for _ in range(_CODE_LENGTH))


async def _attache_country(uow: UnitOfWork, actor: Principal) -> str | None:
    if actor.role != Role.ATTACHE or actor.mission_id is None:
        return None
    return await attache_service.mission_country(uow, mission_id=actor.mission_id)


# --- employers -------------------------------------------------------------------------


async def _employer_out(uow: UnitOfWork, row: dict[str, Any], today: date) -> EmployerOut:
    listed = await registry_service.employer_watchlisted(
        uow, name=row["name"], country=row["country"],
        registration_number=row["registration_number"], today=today,
    )
    return EmployerOut(watchlisted=listed,
                       **{k: row[k] for k in EmployerOut.model_fields if k != "watchlisted"})


async def register_employer(
    uow: UnitOfWork, *, data: EmployerIn, actor: Principal, today: date
) -> EmployerOut:
    """An agency registers a foreign employer it recruits for."""
    assert actor.agency_id is not None
    if await repo.find_employer(uow.conn, agency_id=actor.agency_id, country=data.country,
                                registration_number=data.registration_number):
        raise Conflict(f"the agency already registered the employer {data.registration_number} "
                       f"in {data.country}")
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
        raise InvalidInput("reason", "a reason is required to reject an employer")
    await repo.set_employer_status(uow.conn, employer_id, status, reason)
    await audit.record(uow.conn, actor=actor, entity_type="employer", entity_id=employer_id,
                       agency_id=row["agency_id"], action="verify" if verified else "reject",
                       from_state=row["status"], to_state=status, reason=reason)
    row = await repo.get_employer(uow.conn, employer_id)
    assert row is not None
    return await _employer_out(uow, row, today)


# --- vacancies -------------------------------------------------------------------------


def vacancy_out(row: dict[str, Any], agency_name: str) -> VacancyOut:
    status = VacancyStatus(row["status"])
    fee = (None if not row["worker_fee_amount"] else
           Money(amount=row["worker_fee_amount"], currency=row["worker_fee_currency"]))
    return VacancyOut(
        id=row["id"], agency_id=row["agency_id"], agency_name=agency_name,
        employer_id=row["employer_id"], employer_name=row["employer_name"],
        external_ref=row["external_ref"], title=row["title"], description=row["description"],
        occupation=row["occupation"], skills=list(row["skills"]), languages=row["languages"],
        country=row["country"], city=row["city"],
        wage=Wage(amount=row["wage_amount"], currency=row["wage_currency"],
                  period=row["wage_period"]),
        wage_monthly=row["wage_monthly"], hours_per_week=row["hours_per_week"],
        housing=row["housing"], meals=row["meals"], contract_months=row["contract_months"],
        positions=row["positions"], worker_fee=fee, closing_date=row["closing_date"],
        status=status, status_reason=row["status_reason"], red_flags=row["red_flags"],
        verification_code=format_code(row["verification_code"])
        if row["verification_code"] else None,
        version=row["version"], created_at=row["created_at"], updated_at=row["updated_at"],
        allowed_actions=vacancy_allowed(status),
    )


async def _fields(uow: UnitOfWork, data: VacancyIn, actor: Principal, today: date
                  ) -> dict[str, Any]:
    employer = await repo.get_employer(uow.conn, data.employer_id)
    if employer is None or employer["agency_id"] != actor.agency_id:
        raise InvalidInput("employer_id", f"employer {data.employer_id} is not one of the "
                           "agency's registered employers")
    if employer["country"] != data.country:
        raise InvalidInput("country", f"the employer is registered in {employer['country']}, "
                           f"not {data.country}")
    if data.closing_date < today:
        raise InvalidInput("closing_date", "the closing date is in the past")
    wage_per_month = monthly_wage(data.wage.amount, data.wage.period, data.hours_per_week)
    if wage_per_month >= _MAX_MONTHLY_WAGE:  # would overflow numeric(16, 2)
        raise InvalidInput("wage.amount", "the wage is implausibly large")
    return {
        "agency_id": actor.agency_id,
        "employer_id": data.employer_id,
        "external_ref": data.external_ref,
        "title": data.title,
        "description": data.description,
        "occupation": data.occupation,
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
        raise InvalidInput("external_ref", f"the agency's vacancy {taken['id']} already has the "
                           f"reference {data.external_ref!r}")


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
    if all(row[k] == v for k, v in fields.items()):
        return vacancy_id, "unchanged"
    if row["status"] != VacancyStatus.DRAFT:
        raise Conflict(f"vacancy {vacancy_id} with the reference {data.external_ref!r} is "
                       f"{row['status']}; an import changes only drafts")
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
        raise Conflict(f"only a draft can be edited; this vacancy is {row['status']}")
    await _check_external_ref_free(uow, data, actor, vacancy_id)
    await repo.replace_vacancy(uow.conn, vacancy_id, await _fields(uow, data, actor, today))
    await audit.record(uow.conn, actor=actor, entity_type="vacancy", entity_id=vacancy_id,
                       agency_id=actor.agency_id, action="edit")
    return await get_vacancy(uow, vacancy_id=vacancy_id, actor=actor, today=today)


async def _check_may_recruit(uow: UnitOfWork, row: dict[str, Any], today: date) -> None:
    standing = await registry_service.licence_standing(
        uow, agency_id=row["agency_id"], country=row["country"], today=today
    )
    if not standing.may_recruit:
        raise Conflict(f"the agency may not recruit: {standing.explanation}")
    if not standing.covers_country:
        raise Conflict(f"the agency's licence {standing.licence_number} does not cover "
                       f"{row['country']}")


async def compute_red_flags(uow: UnitOfWork, row: dict[str, Any], today: date
                            ) -> list[dict[str, str]]:
    conn = uow.conn
    minimum = await repo.get_minimum_wage(conn, row["country"], row["wage_currency"])
    standing = await registry_service.licence_standing(
        uow, agency_id=row["agency_id"], country=row["country"], today=today
    )
    facts = VacancyFacts(
        country=row["country"],
        wage_monthly=row["wage_monthly"],
        wage_currency=row["wage_currency"],
        hours_per_week=row["hours_per_week"],
        worker_fee=row["worker_fee_amount"],
        minimum_monthly=minimum["monthly_amount"] if minimum else None,
        max_weekly_hours=await repo.max_hours_for(conn, row["country"]),
        licence_covers_country=standing.may_recruit and standing.covers_country,
        employer_watchlisted=await registry_service.employer_watchlisted(
            uow, name=row["employer_name"], country=row["country"],
            registration_number=row["employer_registration_number"], today=today,
        ),
        near_duplicate_of=await repo.find_near_duplicate(
            conn, vacancy_id=row["id"], country=row["country"], city=row["city"],
            employer_key=row["employer_name_key"],
            title=re.sub(r"\s+", " ", row["title"].lower()),
        ),
    )
    return [flag.as_dict() for flag in red_flags(facts)]


async def transition_vacancy(
    uow: UnitOfWork, *, vacancy_id: int, command: VacancyTransitionIn, actor: Principal,
    today: date,
) -> VacancyOut:
    """Move a vacancy through its lifecycle; each move is checked here and audited."""
    row = await repo.get_vacancy(uow.conn, vacancy_id, for_update=True)
    if row is None or not await _may_see(uow, row, actor, today):
        raise NotFound("vacancy", vacancy_id)
    action = command.action
    who = VACANCY_ACTORS[action]
    if who == "system" and not actor.is_system:
        raise Conflict(f"vacancies {action.value} on their own; nobody can do it by hand")
    if who == "agency" and not (actor.role == Role.AGENCY_STAFF
                                and actor.agency_id == row["agency_id"]):
        raise Conflict(f"only the posting agency can {action.value} a vacancy")
    if who == "attache" and await _attache_country(uow, actor) != row["country"]:
        raise Conflict(f"only a labour attaché in {row['country']} can {action.value} "
                       "this vacancy")
    if command.expected_version is not None and command.expected_version != row["version"]:
        raise Conflict(f"the vacancy was changed by someone else (you saw version "
                       f"{command.expected_version}, it is now {row['version']})")
    status = VacancyStatus(row["status"])
    target = next_vacancy_status(status, action)
    if action in VACANCY_REASON_REQUIRED and not command.reason:
        raise InvalidInput("reason", f"a reason is required to {action.value} a vacancy")

    changes: dict[str, Any] = {"status": target.value, "status_reason": command.reason}
    now = datetime.now(UTC)
    if action in (VacancyAction.SUBMIT, VacancyAction.PUBLISH):
        if row["closing_date"] < today:
            raise InvalidInput("closing_date", f"the closing date {row['closing_date']} has "
                               "passed")
        await _check_may_recruit(uow, row, today)
    if action == VacancyAction.SUBMIT:
        changes |= {"red_flags": await compute_red_flags(uow, row, today),
                    "submitted_at": now}
    elif action == VacancyAction.VERIFY:
        changes |= {"verification_code": row["verification_code"] or _new_code(),
                    "verified_at": now}
    elif action == VacancyAction.PUBLISH:
        changes["published_at"] = now
    await repo.update_vacancy(uow.conn, vacancy_id, **changes)
    await audit.record(uow.conn, actor=actor, entity_type="vacancy", entity_id=vacancy_id,
                       agency_id=row["agency_id"], action=action.value,
                       from_state=status.value, to_state=target.value, reason=command.reason,
                       data={"red_flags": changes.get("red_flags", [])})
    if VacancyStatus.PUBLISHED in (status, target):
        await outbox.enqueue(uow, topic=INDEX_TOPIC, entity_id=vacancy_id)
    return await get_vacancy(uow, vacancy_id=vacancy_id, actor=actor, today=today)


async def _visible_to_public(uow: UnitOfWork, row: dict[str, Any], today: date) -> bool:
    if not is_open_on(row["status"], row["closing_date"], today):
        return False
    standing = await registry_service.licence_standing(
        uow, agency_id=row["agency_id"], country=row["country"], today=today
    )
    return standing.may_recruit and standing.covers_country


async def _may_see(uow: UnitOfWork, row: dict[str, Any], actor: Principal | None,
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
        # Verifiers' notes and the agency's own references are not for the public.
        out = out.model_copy(update={"red_flags": [], "external_ref": None,
                                     "status_reason": None, "allowed_actions": []})
    return out


async def _sees_internals(uow: UnitOfWork, row: dict[str, Any], actor: Principal | None
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


async def check_code(uow: UnitOfWork, *, code: str, today: date) -> VerificationOut:
    """Public: is this code a verified, open vacancy of a licensed agency, and on what terms?"""
    key = normalise_code(code)
    row = await repo.get_by_code(uow.conn, key) if len(key) == _CODE_LENGTH else None
    if row is None:
        return VerificationOut(code=code, verified=False, open=False, agency_licensed=False,
                               explanation="no verified vacancy has this code; treat the offer "
                               "as unverified and ask a migrant resource centre")
    standing = await registry_service.licence_standing(
        uow, agency_id=row["agency_id"], country=row["country"], today=today
    )
    licensed = standing.may_recruit and standing.covers_country
    is_open = is_open_on(row["status"], row["closing_date"], today)
    if not licensed:
        explanation = f"the vacancy was verified, but {standing.explanation}"
    elif row["status"] == VacancyStatus.VERIFIED and row["closing_date"] >= today:
        explanation = "the vacancy was verified but the agency has not published it yet"
    elif not is_open:
        explanation = (f"the vacancy was verified but is no longer open "
                       f"({row['status']}, closing date {row['closing_date']})")
    else:
        explanation = "a verified, open vacancy of a licensed agency"
    terms = vacancy_out(row, standing.agency_name)
    return VerificationOut(
        code=format_code(key), verified=True, open=is_open, agency_licensed=licensed,
        explanation=explanation,
        vacancy={
            "title": terms.title, "employer": terms.employer_name,
            "agency": standing.agency_name, "licence_number": standing.licence_number,
            "country": terms.country, "city": terms.city,
            "wage": terms.wage.model_dump(mode="json"),
            "hours_per_week": str(terms.hours_per_week), "housing": terms.housing,
            "meals": terms.meals, "contract_months": terms.contract_months,
            "worker_fee": terms.worker_fee.model_dump(mode="json") if terms.worker_fee else None,
            "closing_date": str(terms.closing_date),
        },
    )


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
    return MinimumWageOut(**{k: row[k] for k in MinimumWageOut.model_fields})


async def list_minimum_wages(uow: UnitOfWork) -> list[MinimumWageOut]:
    rows = await repo.list_minimum_wages(uow.conn)
    return [MinimumWageOut(**{k: r[k] for k in MinimumWageOut.model_fields}) for r in rows]
