"""Migrant profiles at the resource centres: registration with consent, who may see what,
pre-screening, and the gate that personalised matching passes through."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any, cast

import asyncpg

from core import audit
from core.auth import Principal, Role
from core.config import get_settings
from core.db import UnitOfWork
from core.text import name_key, name_patterns
from core.users import create_user
from core.validation import Money
from matching.crypto import mask, vault
from matching.exceptions import Conflict, InvalidInput, NotFound, NotPrescreened
from matching.repository import migrants as repo
from matching.repository import referrals as referrals_repo
from matching.rows import MigrantRow
from matching.rules import PRESCREENING_ITEMS, missing_prescreening
from matching.schemas import (
    MigrantIn,
    MigrantOut,
    MigrantSummaryOut,
    MigrantUpdate,
    PrescreeningIn,
    PrescreeningOut,
)

_OFFICIALS = {Role.REGULATOR, Role.ADMIN}
CHECKS = (*PRESCREENING_ITEMS, "skills_test_passed")
# Never written into the append-only audit log, which cannot be erased: only the fact
# that they changed is.
_PERSONAL = ("full_name", "date_of_birth", "phone", "email", "passport_number")
_REQUIRED = ("full_name", "date_of_birth", "citizenship", "passport_number", "occupation",
             "skills", "experience_years", "languages", "education", "desired_countries")


class DuplicatePassport(Conflict):
    """This passport cannot be registered: at this centre it names the migrant who holds it;
    anywhere else it says no more than that, so a centre cannot learn from a refusal that
    a passport is registered at another centre. `code` is stable, with its `params`."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code, field="passport_number", **params)


def _passport_refused() -> DuplicatePassport:
    # Whether another centre holds the passport or it was registered a moment ago, the
    # words are the same, and they are words that do not say which.
    return DuplicatePassport("migrant.passport_refused")


@dataclass(frozen=True)
class MatchingProfile:
    """What personalised matching needs of a pre-screened migrant."""

    migrant_id: int
    centre_id: int
    occupation: str
    skills: tuple[str, ...]
    languages: dict[str, str]  # ISO 639-1 code -> level (A1..C2, native)
    experience_years: Decimal
    desired_countries: tuple[str, ...]
    min_wage: Money | None


# --- rules that need settings -----------------------------------------------------------


def needs_skills_test(occupation: str) -> bool:
    """Whether the occupation is one that a skills test must be passed for."""
    wanted = {o.strip().lower() for o in get_settings().skills_test_occupations}
    return occupation.strip().lower() in wanted


def missing_checks(row: Mapping[str, Any]) -> list[str]:
    """The pre-screening items this migrant still lacks (empty when pre-screened)."""
    return missing_prescreening({k: row[k] for k in CHECKS},
                                occupation_needs_skills_test=needs_skills_test(row["occupation"]))


def _prescreened_at(row: Mapping[str, Any], now: datetime) -> datetime | None:
    """Kept from when the checklist was first complete; cleared when it no longer is."""
    if missing_checks(row):
        return None
    return row["prescreened_at"] or now


# --- shaping ----------------------------------------------------------------------------


def _min_wage(row: Mapping[str, Any]) -> Money | None:
    if row["min_wage_amount"] is None:
        return None
    return Money(amount=row["min_wage_amount"], currency=row["min_wage_currency"])


def migrant_out(row: MigrantRow) -> MigrantOut:
    missing = missing_checks(row)
    found: Mapping[str, Any] = row
    return MigrantOut(
        id=row["id"], centre_id=row["centre_id"], user_id=row["user_id"],
        full_name=row["full_name"], date_of_birth=row["date_of_birth"], phone=row["phone"],
        email=row["email"], citizenship=row["citizenship"],
        passport_masked=mask(row["passport_last4"]), occupation=row["occupation"],
        skills=list(row["skills"]), experience_years=row["experience_years"],
        languages=row["languages"], education=row["education"],
        desired_countries=list(row["desired_countries"]), min_wage=_min_wage(row),
        consent_given_at=row["consent_given_at"], consent_version=row["consent_version"],
        prescreening=PrescreeningOut(
            **{k: found[k] for k in CHECKS},
            skills_test_required=needs_skills_test(row["occupation"]),
            missing=missing, complete=not missing, prescreened_at=row["prescreened_at"],
        ),
        created_at=row["created_at"], updated_at=row["updated_at"],
    )


def summary_out(row: MigrantRow) -> MigrantSummaryOut:
    """The agency's view of a migrant row."""
    return MigrantSummaryOut(
        id=row["id"], full_name=row["full_name"], occupation=row["occupation"],
        skills=list(row["skills"]), experience_years=row["experience_years"],
        languages=row["languages"], citizenship=row["citizenship"],
    )


# --- access -----------------------------------------------------------------------------


def _sees_everything(actor: Principal, row: MigrantRow) -> bool:
    """Officials, the migrant's own centre and the migrant themself see the whole record."""
    if actor.role in _OFFICIALS:
        return True
    if actor.role == Role.CENTRE_STAFF:
        return actor.centre_id is not None and actor.centre_id == row["centre_id"]
    if actor.role == Role.MIGRANT:
        return actor.user_id is not None and actor.user_id == row["user_id"]
    return False


async def _own_centre_row(uow: UnitOfWork, migrant_id: int, actor: Principal
                          ) -> MigrantRow:
    """A migrant of the actor's centre, locked for the change; anyone else's reads as absent."""
    row = await repo.get_migrant(uow.conn, migrant_id, for_update=True)
    if row is None or actor.role != Role.CENTRE_STAFF or actor.centre_id != row["centre_id"]:
        raise NotFound("migrant", migrant_id)
    return row


async def _refuse_duplicate(uow: UnitOfWork, passport_hash: str, actor: Principal,
                            migrant_id: int | None = None) -> None:
    taken = await repo.find_by_passport_hash(uow.conn, passport_hash)
    if taken is None or taken["id"] == migrant_id:
        return
    if taken["centre_id"] != actor.centre_id:
        raise _passport_refused()
    raise DuplicatePassport("migrant.passport_here", migrant_id=taken["id"])


# --- use cases --------------------------------------------------------------------------


async def register_migrant(uow: UnitOfWork, *, data: MigrantIn, actor: Principal
                           ) -> MigrantOut:
    """Centre staff register a migrant who has consented, optionally with a sign-in."""
    assert actor.role == Role.CENTRE_STAFF and actor.centre_id is not None
    settings = get_settings()
    if data.consent_version != settings.consent_version:
        raise InvalidInput(
            "consent_version", "migrant.consent_outdated", given=data.consent_version,
            version=settings.consent_version,
        )
    if data.password is not None and data.email is None:
        raise InvalidInput("email", "migrant.email_needed")
    sealed = vault().seal(country=data.citizenship, number=data.passport_number)
    await _refuse_duplicate(uow, sealed.hash, actor)
    user_id = None
    if data.password is not None:
        assert data.email is not None
        user_id = await create_user(uow.conn, email=data.email, full_name=data.full_name,
                                    password=data.password, role=Role.MIGRANT)
    now = datetime.now(UTC)
    try:
        migrant_id = await repo.insert_migrant(uow.conn, {
            "centre_id": actor.centre_id, "user_id": user_id, "full_name": data.full_name,
            "name_key": name_key(data.full_name),
            "date_of_birth": data.date_of_birth, "phone": data.phone, "email": data.email,
            "citizenship": data.citizenship, "passport_cipher": sealed.cipher,
            "passport_hash": sealed.hash, "passport_last4": sealed.last4,
            "occupation": data.occupation, "skills": data.skills,
            "experience_years": data.experience_years,
            "languages": [lang.model_dump() for lang in data.languages],
            "education": data.education, "desired_countries": data.desired_countries,
            "min_wage_amount": data.min_wage.amount if data.min_wage else None,
            "min_wage_currency": data.min_wage.currency if data.min_wage else None,
            "consent_given_at": now, "consent_version": data.consent_version,
        })
    except asyncpg.UniqueViolationError as exc:  # registered by someone else just now
        raise _passport_refused() from exc
    if user_id is not None:
        await audit.record(uow.conn, actor=actor, entity_type="user", entity_id=user_id,
                           action="create", data={"role": Role.MIGRANT.value,
                                                  "migrant_id": migrant_id})
    await audit.record(
        uow.conn, actor=actor, entity_type="migrant", entity_id=migrant_id, action="register",
        data={"centre_id": actor.centre_id, "citizenship": data.citizenship,
              "occupation": data.occupation, "consent_version": data.consent_version,
              "consent_given_at": now.isoformat(), "sign_in_created": user_id is not None,
              "user_id": user_id},
    )
    row = await repo.get_migrant(uow.conn, migrant_id)
    assert row is not None
    return migrant_out(row)


async def get_migrant(uow: UnitOfWork, *, migrant_id: int, actor: Principal
                      ) -> MigrantOut | MigrantSummaryOut:
    """The whole record (passport masked) for its centre, officials and the migrant; an
    agency sees a summary only of migrants referred to its vacancies."""
    row = await repo.get_migrant(uow.conn, migrant_id)
    if row is not None:
        if _sees_everything(actor, row):
            return migrant_out(row)
        if actor.role == Role.AGENCY_STAFF and actor.agency_id is not None and \
                await referrals_repo.referred_to_agency(uow.conn, migrant_id=migrant_id,
                                                        agency_id=actor.agency_id):
            return summary_out(row)
    raise NotFound("migrant", migrant_id)


async def own_migrant_id(uow: UnitOfWork, *, actor: Principal) -> int | None:
    """The migrant record behind a migrant's sign-in, if there is one."""
    if actor.role != Role.MIGRANT or actor.user_id is None:
        return None
    row = await repo.get_migrant_by_user(uow.conn, actor.user_id)
    return row["id"] if row else None


async def get_own_migrant(uow: UnitOfWork, *, actor: Principal) -> MigrantOut:
    """A signed-in migrant's own record."""
    row = (await repo.get_migrant_by_user(uow.conn, actor.user_id)
           if actor.role == Role.MIGRANT and actor.user_id is not None else None)
    if row is None:
        raise NotFound("migrant record of user", actor.user_id)
    return migrant_out(row)


async def list_migrants(
    uow: UnitOfWork, *, actor: Principal, query: str | None, prescreened: bool | None,
    centre_id: int | None, limit: int, offset: int,
) -> list[MigrantOut]:
    """Centre staff list their centre's migrants, found by name in any spelling (Latin or
    Cyrillic, Bakyt, Bakit or Бакыт); officials any centre's."""
    if actor.role == Role.CENTRE_STAFF:
        if actor.centre_id is None:
            return []
        if centre_id is not None and centre_id != actor.centre_id:
            return []
        centre_id = actor.centre_id
    elif actor.role not in _OFFICIALS:
        return []
    names = name_patterns(query) if query and query.strip() else None
    if query and query.strip() and names is None:
        return []  # nothing in it that a name could be spelled with
    rows = await repo.list_migrants(uow.conn, centre_id=centre_id, names=names,
                                    prescreened=prescreened, limit=limit, offset=offset)
    return [migrant_out(r) for r in rows]


def _column_values(data: MigrantUpdate, fields: set[str]) -> dict[str, Any]:
    """The columns behind the fields sent (passport handled separately)."""
    values: dict[str, Any] = {}
    for name in fields - {"passport_number", "min_wage"}:
        value = getattr(data, name)
        if name == "languages":
            value = [lang.model_dump() for lang in value]
        values[name] = value
    if "min_wage" in fields:
        values["min_wage_amount"] = data.min_wage.amount if data.min_wage else None
        values["min_wage_currency"] = data.min_wage.currency if data.min_wage else None
    return values


def _audit_value(value: Any) -> Any:
    return str(value) if isinstance(value, Decimal) else value


async def update_migrant(uow: UnitOfWork, *, migrant_id: int, data: MigrantUpdate,
                         actor: Principal) -> MigrantOut:
    """Centre staff correct or update their migrant's profile; every change is audited."""
    fields = set(data.model_fields_set)
    for name in sorted(fields):
        if name in _REQUIRED and getattr(data, name) is None:
            raise InvalidInput(name, "migrant.cannot_remove", field_name=name)
    row = await _own_centre_row(uow, migrant_id, actor)
    found: Mapping[str, Any] = row
    changes = {k: v for k, v in _column_values(data, fields).items() if found[k] != v}
    changed = {k for k in changes if not k.startswith("min_wage_")}
    if changes.keys() & {"min_wage_amount", "min_wage_currency"}:
        changed.add("min_wage")
    if "full_name" in changes:
        changes["name_key"] = name_key(changes["full_name"])

    if fields & {"passport_number", "citizenship"}:
        passport = vault()
        number = data.passport_number or passport.open(row["passport_cipher"])
        country = data.citizenship or row["citizenship"]
        sealed = passport.seal(country=country, number=number)
        if sealed.hash != row["passport_hash"]:
            await _refuse_duplicate(uow, sealed.hash, actor, migrant_id)
            # A new document has not been checked: its pre-screening item starts again.
            changes |= {"passport_cipher": sealed.cipher, "passport_hash": sealed.hash,
                        "passport_last4": sealed.last4, "passport_valid": False}
            if data.passport_number is not None:
                changed.add("passport_number")
    if not changes:
        return migrant_out(row)

    merged = row | changes
    prescreened_at = _prescreened_at(merged, datetime.now(UTC))
    if prescreened_at != row["prescreened_at"]:
        changes["prescreened_at"] = prescreened_at
    try:
        await repo.update_migrant(uow.conn, migrant_id, **changes)
    except asyncpg.UniqueViolationError as exc:
        raise _passport_refused() from exc
    values = {k: _audit_value(merged[k]) for k in sorted(changed)
              if k not in _PERSONAL and k != "min_wage"}
    if "min_wage" in changed:
        wage = _min_wage(merged)
        values["min_wage"] = wage.model_dump(mode="json") if wage else None
    await audit.record(
        uow.conn, actor=actor, entity_type="migrant", entity_id=migrant_id, action="edit",
        data={"fields": sorted(changed), "values": values,
              "prescreened": not missing_checks(merged)},
    )
    updated = await repo.get_migrant(uow.conn, migrant_id)
    assert updated is not None
    return migrant_out(updated)


async def record_prescreening(uow: UnitOfWork, *, migrant_id: int, checks: PrescreeningIn,
                              actor: Principal) -> MigrantOut:
    """Centre staff record the pre-screening checklist; complete, it unlocks matching."""
    row = await _own_centre_row(uow, migrant_id, actor)
    values = checks.model_dump()
    merged = row | values
    prescreened_at = _prescreened_at(merged, datetime.now(UTC))
    await repo.update_migrant(uow.conn, migrant_id, **values, prescreened_at=prescreened_at)
    missing = missing_checks(merged)
    await audit.record(
        uow.conn, actor=actor, entity_type="migrant", entity_id=migrant_id,
        action="prescreen",
        from_state="prescreened" if row["prescreened_at"] else "pending",
        to_state="prescreened" if prescreened_at else "pending",
        data={"before": {k: cast(Mapping[str, Any], row)[k] for k in CHECKS}, "after": values,
              "missing": missing,
              "skills_test_required": needs_skills_test(row["occupation"])},
    )
    updated = await repo.get_migrant(uow.conn, migrant_id)
    assert updated is not None
    return migrant_out(updated)


async def require_prescreened(uow: UnitOfWork, *, migrant_id: int, actor: Principal
                              ) -> MatchingProfile:
    """The profile personalised matching needs; NotPrescreened(missing) until the checklist
    is complete. Only those who see the whole record may match for the migrant."""
    row = await repo.get_migrant(uow.conn, migrant_id)
    if row is None or not _sees_everything(actor, row):
        raise NotFound("migrant", migrant_id)
    missing = missing_checks(row)
    if missing:
        raise NotPrescreened(missing)
    return MatchingProfile(
        migrant_id=row["id"], centre_id=row["centre_id"], occupation=row["occupation"],
        skills=tuple(row["skills"]),
        languages={lang["code"]: lang["level"] for lang in row["languages"]},
        experience_years=row["experience_years"],
        desired_countries=tuple(row["desired_countries"]), min_wage=_min_wage(row),
    )
