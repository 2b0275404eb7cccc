"""Migrants' requests to be referred to a vacancy, and the centre's answers."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path, Query, status

from api.deps import Uow, require_roles
from api.openapi import problems
from core.auth import Principal, Role
from core.clock import utc_today
from matching import referral_requests
from matching.schemas import ReferralRequestDeclineIn, ReferralRequestIn, ReferralRequestOut

router = APIRouter(tags=["migrants"])

Id = Annotated[int, Path(ge=1, le=2**63 - 1)]
Migrant = Annotated[Principal, Depends(require_roles(Role.MIGRANT))]
CentreStaff = Annotated[Principal, Depends(require_roles(Role.CENTRE_STAFF))]
Concerned = Annotated[Principal, Depends(require_roles(
    Role.CENTRE_STAFF, Role.MIGRANT, Role.REGULATOR, Role.ADMIN))]


@router.post("/referral-requests", status_code=status.HTTP_201_CREATED,
             response_model=ReferralRequestOut, responses=problems(404))
async def request_referral(body: ReferralRequestIn, uow: Uow, actor: Migrant
                           ) -> ReferralRequestOut:
    """A pre-screened migrant asks their centre to refer them to an open vacancy (409 while
    a request for it is open, or the migrant is referred to it already)."""
    return await referral_requests.request_referral(uow, vacancy_id=body.vacancy_id,
                                                    actor=actor, today=utc_today())


@router.get("/referral-requests", response_model=list[ReferralRequestOut])
async def list_requests(
    uow: Uow, actor: Concerned,
    status: Annotated[Literal["open", "referred", "declined"] | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> list[ReferralRequestOut]:
    """The centre's queue, open requests oldest first; a migrant's own requests."""
    return await referral_requests.list_requests(
        uow, actor=actor, statuses=[status] if status else None, limit=limit, offset=offset)


@router.get("/referral-requests/{request_id}", response_model=ReferralRequestOut)
async def get_request(request_id: Id, uow: Uow, actor: Concerned) -> ReferralRequestOut:
    """One request, for its centre and its migrant."""
    return await referral_requests.get_request(uow, request_id=request_id, actor=actor)


@router.post("/referral-requests/{request_id}/referral", response_model=ReferralRequestOut)
async def refer(request_id: Id, uow: Uow, actor: CentreStaff) -> ReferralRequestOut:
    """Refer the migrant as asked (the referral's own checks apply); 409 once answered."""
    return await referral_requests.refer_requested(uow, request_id=request_id, actor=actor,
                                                   today=utc_today())


@router.post("/referral-requests/{request_id}/decline", response_model=ReferralRequestOut)
async def decline(request_id: Id, body: ReferralRequestDeclineIn, uow: Uow,
                  actor: CentreStaff) -> ReferralRequestOut:
    """Decline with a reason the migrant reads; 409 once answered."""
    return await referral_requests.decline_request(uow, request_id=request_id, actor=actor,
                                                   reason=body.reason)
