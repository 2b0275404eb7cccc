"""Migrants at the centres, their pre-screening, and referrals to vacancies."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, status

from api.deps import Uow, require_roles
from api.openapi import problems
from core.auth import Principal, Role
from core.clock import utc_today
from matching import migrants, referrals
from matching.rules import ReferralStatus
from matching.schemas import (
    MigrantIn,
    MigrantOut,
    MigrantSummaryOut,
    MigrantUpdate,
    PrescreeningIn,
    ReferralIn,
    ReferralOut,
    ReferralTransitionIn,
)

router = APIRouter(tags=["migrants"])

Id = Annotated[int, Path(ge=1, le=2**63 - 1)]
QueryId = Annotated[int | None, Query(ge=1, le=2**63 - 1)]
Limit = Annotated[int, Query(ge=1, le=1000)]
Offset = Annotated[int, Query(ge=0, le=1_000_000)]

CentreStaff = Annotated[Principal, Depends(require_roles(Role.CENTRE_STAFF))]
CentreOrOfficial = Annotated[
    Principal, Depends(require_roles(Role.CENTRE_STAFF, Role.REGULATOR, Role.ADMIN))
]
Migrant = Annotated[Principal, Depends(require_roles(Role.MIGRANT))]
AgencyStaff = Annotated[Principal, Depends(require_roles(Role.AGENCY_STAFF))]
Concerned = Annotated[Principal, Depends(require_roles(
    Role.CENTRE_STAFF, Role.AGENCY_STAFF, Role.MIGRANT, Role.REGULATOR, Role.ADMIN
))]


# --- migrants ---------------------------------------------------------------------------


@router.post("/migrants", status_code=status.HTTP_201_CREATED, response_model=MigrantOut)
async def register_migrant(body: MigrantIn, uow: Uow, actor: CentreStaff) -> MigrantOut:
    """Register a migrant who consented, at the staff member's centre (passport encrypted)."""
    return await migrants.register_migrant(uow, data=body, actor=actor)


@router.get("/migrants", response_model=list[MigrantOut])
async def list_migrants(
    uow: Uow,
    actor: CentreOrOfficial,
    q: Annotated[str | None, Query(max_length=200, description="part of the name")] = None,
    prescreened: bool | None = None,
    centre_id: QueryId = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> list[MigrantOut]:
    """The centre's migrants, newest first (officials: any centre's)."""
    return await migrants.list_migrants(uow, actor=actor, query=q, prescreened=prescreened,
                                        centre_id=centre_id, limit=limit, offset=offset)


@router.get("/migrants/me", response_model=MigrantOut, responses=problems(404))
async def my_record(uow: Uow, actor: Migrant) -> MigrantOut:
    """A signed-in migrant's own record."""
    return await migrants.get_own_migrant(uow, actor=actor)


@router.get("/migrants/{migrant_id}", response_model=MigrantOut | MigrantSummaryOut)
async def get_migrant(migrant_id: Id, uow: Uow, actor: Concerned
                      ) -> MigrantOut | MigrantSummaryOut:
    """One migrant: the whole record (passport masked), or for an agency a referral summary."""
    return await migrants.get_migrant(uow, migrant_id=migrant_id, actor=actor)


@router.patch("/migrants/{migrant_id}", response_model=MigrantOut)
async def update_migrant(migrant_id: Id, body: MigrantUpdate, uow: Uow, actor: CentreStaff
                         ) -> MigrantOut:
    """Correct or update a migrant's profile; only the fields sent change."""
    return await migrants.update_migrant(uow, migrant_id=migrant_id, data=body, actor=actor)


@router.put("/migrants/{migrant_id}/prescreening", response_model=MigrantOut)
async def record_prescreening(migrant_id: Id, body: PrescreeningIn, uow: Uow,
                              actor: CentreStaff) -> MigrantOut:
    """Record the pre-screening checklist; once complete the migrant can be matched."""
    return await migrants.record_prescreening(uow, migrant_id=migrant_id, checks=body,
                                              actor=actor)


# --- referrals --------------------------------------------------------------------------


@router.post("/referrals", status_code=status.HTTP_201_CREATED, response_model=ReferralOut)
async def refer_migrant(body: ReferralIn, uow: Uow, actor: CentreStaff) -> ReferralOut:
    """Refer a pre-screened migrant of the centre to an open, verified vacancy."""
    return await referrals.refer_migrant(uow, data=body, actor=actor, today=utc_today())


@router.get("/referrals", response_model=list[ReferralOut])
async def list_referrals(
    uow: Uow,
    actor: Concerned,
    status_: Annotated[list[ReferralStatus] | None, Query(alias="status")] = None,
    vacancy_id: QueryId = None,
    migrant_id: QueryId = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> list[ReferralOut]:
    """Referrals to the agency's vacancies, from the centre, or of the signed-in migrant."""
    return await referrals.list_referrals(
        uow, actor=actor, statuses=status_, vacancy_id=vacancy_id, migrant_id=migrant_id,
        limit=limit, offset=offset, today=utc_today(),
    )


@router.get("/referrals/{referral_id}", response_model=ReferralOut)
async def get_referral(referral_id: Id, uow: Uow, actor: Concerned) -> ReferralOut:
    """One referral, for the agency, centre or migrant it concerns."""
    return await referrals.get_referral(uow, referral_id=referral_id, actor=actor,
                                        today=utc_today())


@router.post("/referrals/{referral_id}/transitions", response_model=ReferralOut)
async def transition_referral(referral_id: Id, body: ReferralTransitionIn, uow: Uow,
                              actor: AgencyStaff) -> ReferralOut:
    """The posting agency moves a referral on, or rejects it with a reason."""
    return await referrals.transition_referral(uow, referral_id=referral_id, command=body,
                                               actor=actor, today=utc_today())
