"""Labour attachés' work queues and caseload; missions and settlement bodies with their
jurisdictions and contacts."""

from __future__ import annotations

import enum
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Query, status
from pydantic import BaseModel, ConfigDict, Field

from api.deps import CurrentPrincipal, RegulatorOrAdmin, Uow, require_roles
from core.auth import Principal, Role
from core.clock import utc_today
from core.validation import Address, CountryCode, Email, Name, Phone
from disputes.schemas import DisputeSummaryOut
from labour_attache import queues
from labour_attache.schemas import CaseloadOut
from matching import vacancies as vacancy_service
from matching.rules import VacancyStatus
from matching.schemas import EmployerOut, VacancyOut
from missions import service as attache_service
from missions.rules import DisputeKind, SettlementBodyKind
from missions.schemas import (
    Kinds,
    MissionOut,
    MissionPatch,
    Regions,
    SettlementBodyOut,
    SettlementBodyPatch,
    from_row,
)
from registry.exceptions import InvalidInput

router = APIRouter(tags=["labour attachés"])

Id = Annotated[int, Path(ge=1, le=2**63 - 1)]
Limit = Annotated[int, Query(ge=1, le=1000)]
Offset = Annotated[int, Query(ge=0, le=1_000_000)]
Attache = Annotated[Principal, Depends(require_roles(Role.ATTACHE))]


# Defined here, not in missions.schemas: api.routers.admin has models of the same
# names, so the OpenAPI document names these two by their module.
class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class MissionIn(_In):
    name: Name
    sending_country: CountryCode
    country: CountryCode = Field(description="the receiving country")
    regions: Regions = Field(default=[], description="regions covered; none: the whole country")
    address: Address | None = None
    email: Email | None = None
    phone: Phone | None = None


class SettlementBodyIn(_In):
    name: Name
    country: CountryCode
    kind: SettlementBodyKind
    regions: Regions = Field(default=[], description="regions served; none: the whole country")
    dispute_kinds: Kinds = Field(default=list(DisputeKind),
                                 description="the kinds of dispute it takes")
    address: Address | None = None
    email: Email | None = None
    phone: Phone | None = None


def _changes(body: BaseModel, required: tuple[str, ...]) -> dict[str, Any]:
    changes = {}
    for name in body.model_fields_set:
        value = getattr(body, name)
        if value is None and name in required:
            raise InvalidInput(name, f"{name.replace('_', ' ')} cannot be removed")
        if isinstance(value, list):
            value = [str(v) for v in value]
        changes[name] = value.value if isinstance(value, enum.Enum) else value
    return changes


# --- the attaché's own queues -------------------------------------------------------------


@router.get("/attache/vacancies", response_model=list[VacancyOut])
async def vacancies_to_verify(uow: Uow, actor: Attache, limit: Limit = 100,
                              offset: Offset = 0) -> list[VacancyOut]:
    """Vacancies of the attaché's country submitted for verification."""
    return await vacancy_service.list_vacancies(
        uow, actor=actor, statuses=[VacancyStatus.SUBMITTED], limit=limit, offset=offset,
        today=utc_today(),
    )


@router.get("/attache/employers", response_model=list[EmployerOut])
async def employers_to_verify(uow: Uow, actor: Attache) -> list[EmployerOut]:
    """Employers of the attaché's country not verified yet."""
    return await vacancy_service.list_employers(uow, actor=actor, status="unverified",
                                                today=utc_today())


@router.get("/attache/disputes", response_model=list[DisputeSummaryOut])
async def dispute_queue(uow: Uow, actor: Attache, limit: Limit = 100, offset: Offset = 0
                        ) -> list[DisputeSummaryOut]:
    """The attaché's open cases, the nearest deadline first."""
    return await queues.attache_queue(uow, actor=actor, limit=limit, offset=offset,
                                      now=datetime.now(UTC))


@router.get("/attache/caseload", response_model=CaseloadOut)
async def my_caseload(uow: Uow, actor: Attache) -> CaseloadOut:
    """The attaché's caseload and median times to acknowledge and to resolve."""
    assert actor.user_id is not None
    return await queues.caseload(uow, attache_id=actor.user_id,
                                 now=datetime.now(UTC))


@router.get("/missions/{mission_id}/caseload", response_model=list[CaseloadOut])
async def mission_caseload(mission_id: Id, uow: Uow, _: RegulatorOrAdmin
                           ) -> list[CaseloadOut]:
    """Each attaché of a mission: caseload and median times."""
    if await attache_service.get_mission(uow, mission_id=mission_id) is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"mission {mission_id} was not found")
    now = datetime.now(UTC)
    return [await queues.caseload(uow, attache_id=a["id"], now=now)
            for a in await attache_service.mission_attaches(uow, mission_id=mission_id)]


# --- missions ----------------------------------------------------------------------------


@router.get("/missions", response_model=list[MissionOut])
async def list_missions(uow: Uow, _: CurrentPrincipal, country: CountryCode | None = None
                        ) -> list[MissionOut]:
    """Missions with the regions they cover and their contacts."""
    return [from_row(MissionOut, m) for m in await attache_service.list_missions(uow,
                                                                             country=country)]


@router.post("/missions", status_code=status.HTTP_201_CREATED, response_model=MissionOut)
async def create_mission(body: MissionIn, uow: Uow, actor: RegulatorOrAdmin) -> MissionOut:
    """Register a mission in a receiving country, with its regions and contacts."""
    if body.country == body.sending_country:
        raise InvalidInput("country", "mission.home_country")
    row = await attache_service.register_mission(
        uow, name=body.name, sending_country=body.sending_country, country=body.country,
        regions=body.regions, address=body.address, email=body.email, phone=body.phone,
        actor=actor,
    )
    return from_row(MissionOut, row)


@router.get("/missions/{mission_id}", response_model=MissionOut)
async def get_mission(mission_id: Id, uow: Uow, _: CurrentPrincipal) -> MissionOut:
    """One mission."""
    row = await attache_service.get_mission(uow, mission_id=mission_id)
    if row is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"mission {mission_id} was not found")
    return from_row(MissionOut, row)


@router.patch("/missions/{mission_id}", response_model=MissionOut)
async def update_mission(mission_id: Id, body: MissionPatch, uow: Uow,
                         actor: RegulatorOrAdmin) -> MissionOut:
    """Change a mission's name, regions or contacts; routing rules already made stay."""
    row = await attache_service.update_mission(
        uow, mission_id=mission_id, changes=_changes(body, ("name", "regions")), actor=actor)
    if row is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"mission {mission_id} was not found")
    return from_row(MissionOut, row)


# --- settlement bodies -----------------------------------------------------------------


@router.get("/settlement-bodies", response_model=list[SettlementBodyOut])
async def list_settlement_bodies(
    uow: Uow, _: CurrentPrincipal, country: CountryCode | None = None,
    kind: SettlementBodyKind | None = None,
) -> list[SettlementBodyOut]:
    """Dispute settlement bodies by country and kind."""
    rows = await attache_service.list_settlement_bodies(
        uow, country=country, kind=kind.value if kind else None)
    return [from_row(SettlementBodyOut, r) for r in rows]


@router.post("/settlement-bodies", status_code=status.HTTP_201_CREATED,
             response_model=SettlementBodyOut)
async def create_settlement_body(body: SettlementBodyIn, uow: Uow, actor: RegulatorOrAdmin
                                 ) -> SettlementBodyOut:
    """Register a settlement body: kind, regions served, dispute kinds taken, contacts."""
    row = await attache_service.register_settlement_body(
        uow, name=body.name, country=body.country, kind=body.kind.value, regions=body.regions,
        dispute_kinds=[k.value for k in body.dispute_kinds], address=body.address,
        email=body.email, phone=body.phone, actor=actor,
    )
    return from_row(SettlementBodyOut, row)


@router.get("/settlement-bodies/{settlement_body_id}", response_model=SettlementBodyOut)
async def get_settlement_body(settlement_body_id: Id, uow: Uow, _: CurrentPrincipal
                              ) -> SettlementBodyOut:
    """One settlement body."""
    row = await attache_service.get_settlement_body(uow, settlement_body_id=settlement_body_id)
    if row is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND,
                            f"settlement body {settlement_body_id} was not found")
    return from_row(SettlementBodyOut, row)


@router.patch("/settlement-bodies/{settlement_body_id}", response_model=SettlementBodyOut)
async def update_settlement_body(settlement_body_id: Id, body: SettlementBodyPatch, uow: Uow,
                                 actor: RegulatorOrAdmin) -> SettlementBodyOut:
    """Change a settlement body's kind, regions, dispute kinds or contacts."""
    row = await attache_service.update_settlement_body(
        uow, settlement_body_id=settlement_body_id,
        changes=_changes(body, ("name", "kind", "regions", "dispute_kinds")), actor=actor)
    if row is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND,
                            f"settlement body {settlement_body_id} was not found")
    return from_row(SettlementBodyOut, row)
