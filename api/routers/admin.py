"""Administration: accounts and the organisations they belong to."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Path, status
from pydantic import BaseModel, ConfigDict, Field

from api.deps import Admin, Uow
from core import audit
from core.auth import Principal, Role
from core.db import UnitOfWork
from core.errors import Conflict
from core.errors import NotFound as AccountNotFound
from core.users import create_user, deactivate_user, get_user, reactivate_user
from core.validation import CountryCode, Email, Name, Password, Reason
from matching import centres as centre_service
from missions import service as attache_service
from registry.exceptions import InvalidInput, NotFound
from registry.service import get_agency

router = APIRouter(prefix="/admin", tags=["admin"])

RowId = Annotated[int, Field(ge=1, le=2**63 - 1)]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


# The organisation each bound role belongs to, by the field that names it.
ORGANISATION_OF_ROLE: dict[Role, str] = {
    Role.AGENCY_STAFF: "agency_id",
    Role.CENTRE_STAFF: "centre_id",
    Role.ATTACHE: "mission_id",
    Role.SETTLEMENT_BODY: "settlement_body_id",
}


class AccountIn(_In):
    """An account as the administrator opens it: who, in which role, and the one
    organisation that role belongs to."""

    email: Email
    full_name: Name
    role: Role
    agency_id: RowId | None = None
    centre_id: RowId | None = None
    mission_id: RowId | None = None
    settlement_body_id: RowId | None = None

    def check_binding(self) -> None:
        """Each bound role names exactly its own organisation, and nothing else."""
        required = ORGANISATION_OF_ROLE.get(self.role)
        for field in ORGANISATION_OF_ROLE.values():
            value = getattr(self, field)
            if field == required and value is None:
                raise InvalidInput(field, "account.role_needs", field_name=field,
                                   role=self.role.value)
            if field != required and value is not None:
                raise InvalidInput(field, "account.role_excludes", field_name=field,
                                   role=self.role.value)


class UserIn(AccountIn):
    password: Password


class ReopenIn(_In):
    """Why a closed account is opened again: kept in the audit log."""

    reason: Reason


class UserOut(BaseModel):
    id: int
    email: str | None
    full_name: str
    role: str
    agency_id: int | None
    centre_id: int | None
    mission_id: int | None
    settlement_body_id: int | None
    is_active: bool
    created_at: datetime


class CentreIn(_In):
    name: Name
    country: CountryCode
    city: Name


class MissionIn(_In):
    name: Name
    sending_country: CountryCode
    country: CountryCode


class SettlementBodyIn(_In):
    name: Name
    country: CountryCode


async def open_account(uow: UnitOfWork, *, account: AccountIn, password: str,
                       actor: Principal) -> int:
    """Create an account bound to its organisation, once that organisation is known to
    exist, and audit it; returns the account's id."""
    account.check_binding()
    if account.agency_id is not None:
        try:
            await get_agency(uow, agency_id=account.agency_id, actor=actor)
        except NotFound:
            raise InvalidInput("agency_id", "agency.missing",
                               agency_id=account.agency_id) from None
    if account.centre_id is not None and not await centre_service.centre_exists(
        uow, centre_id=account.centre_id
    ):
        raise InvalidInput("centre_id", "centre.missing", centre_id=account.centre_id)
    if account.mission_id is not None and not await attache_service.mission_exists(
        uow, mission_id=account.mission_id
    ):
        raise InvalidInput("mission_id", "mission.missing", mission_id=account.mission_id)
    if account.settlement_body_id is not None and \
            not await attache_service.settlement_body_exists(
                uow, settlement_body_id=account.settlement_body_id):
        raise InvalidInput("settlement_body_id", "settlement_body.missing",
                           body_id=account.settlement_body_id)
    user_id = await create_user(
        uow.conn, email=account.email, full_name=account.full_name, password=password,
        role=account.role, agency_id=account.agency_id, centre_id=account.centre_id,
        mission_id=account.mission_id, settlement_body_id=account.settlement_body_id,
    )
    await audit.record(uow.conn, actor=actor, entity_type="user", entity_id=user_id,
                       agency_id=account.agency_id, action="create",
                       data={"email": account.email, "role": account.role.value})
    return user_id


async def close_account(uow: UnitOfWork, *, user_id: int, actor: Principal) -> dict[str, Any]:
    """Deactivate an account (audited when it was active): it can no longer sign in, and
    its open sessions end at once. Returns the account as it is now."""
    user = await get_user(uow.conn, user_id)
    if user is None:
        raise AccountNotFound("user", user_id)
    if await deactivate_user(uow.conn, user_id):
        await audit.record(uow.conn, actor=actor, entity_type="user", entity_id=user_id,
                           agency_id=user["agency_id"], action="deactivate",
                           from_state="active", to_state="inactive")
    user = await get_user(uow.conn, user_id)
    assert user is not None
    return user


async def reopen_account(uow: UnitOfWork, *, user_id: int, actor: Principal, reason: str
                         ) -> dict[str, Any]:
    """Open a closed account again, audited with the reason: it signs in with the password
    it had (closing kept it); the sessions closing ended stay ended. Returns the account."""
    user = await get_user(uow.conn, user_id)
    if user is None:
        raise AccountNotFound("user", user_id)
    if not await reactivate_user(uow.conn, user_id):
        raise Conflict("account.not_closed", name=user["email"] or user["full_name"])
    await audit.record(uow.conn, actor=actor, entity_type="user", entity_id=user_id,
                       agency_id=user["agency_id"], action="reactivate",
                       from_state="inactive", to_state="active", reason=reason)
    user = await get_user(uow.conn, user_id)
    assert user is not None
    return user


@router.post("/users", status_code=status.HTTP_201_CREATED, response_model=UserOut)
async def create_account(body: UserIn, uow: Uow, admin: Admin) -> dict[str, Any]:
    """Create an account bound to its agency, centre, mission or settlement body."""
    user_id = await open_account(uow, account=body, password=body.password, actor=admin)
    user = await get_user(uow.conn, user_id)
    assert user is not None
    return user


@router.post("/users/{user_id}/deactivate", response_model=UserOut)
async def deactivate_account(
    user_id: Annotated[int, Path(ge=1, le=2**63 - 1)], uow: Uow, admin: Admin
) -> dict[str, Any]:
    """Deactivate an account: it can no longer sign in, and every session it has open (on
    any device, page cookie or bearer token) ends at once."""
    return await close_account(uow, user_id=user_id, actor=admin)


@router.post("/users/{user_id}/reactivate", response_model=UserOut)
async def reactivate_account(
    user_id: Annotated[int, Path(ge=1, le=2**63 - 1)], body: ReopenIn, uow: Uow, admin: Admin
) -> dict[str, Any]:
    """Open a closed account again, with the reason (audited): it signs in with the
    password it had; 409 when the account is not closed."""
    return await reopen_account(uow, user_id=user_id, actor=admin, reason=body.reason)


@router.post("/centres", status_code=status.HTTP_201_CREATED)
async def create_centre(body: CentreIn, uow: Uow, admin: Admin) -> dict[str, Any]:
    """Register a migrant resource centre."""
    return dict(await centre_service.create_centre(
        uow, name=body.name, country=body.country, city=body.city, actor=admin
    ))


@router.post("/missions", status_code=status.HTTP_201_CREATED)
async def create_mission(body: MissionIn, uow: Uow, admin: Admin) -> dict[str, Any]:
    """Register a labour mission in a receiving country."""
    return dict(await attache_service.create_mission(
        uow, name=body.name, sending_country=body.sending_country, country=body.country,
        actor=admin,
    ))


@router.post("/settlement-bodies", status_code=status.HTTP_201_CREATED)
async def create_settlement_body(
    body: SettlementBodyIn, uow: Uow, admin: Admin
) -> dict[str, Any]:
    """Register a dispute settlement body."""
    return dict(await attache_service.create_settlement_body(
        uow, name=body.name, country=body.country, actor=admin
    ))
