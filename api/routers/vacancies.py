"""Employers, vacancies, their verification, minimum wages and the public code check."""

from __future__ import annotations

import io
from typing import Annotated, Literal

import segno
from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request, status
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict

from api.deps import (
    CurrentPrincipal,
    RegulatorOrAdmin,
    Uow,
    optional_principal,
    rate_limited,
    require_roles,
)
from api.openapi import computes_only
from core.auth import Principal, Role
from core.clock import utc_today
from core.validation import CountryCode, CurrencyCode, Reason
from matching import referrals as referral_service
from matching import vacancies as service
from matching.rules import VacancyStatus
from matching.schemas import (
    EmployerIn,
    EmployerOut,
    MinimumWageIn,
    MinimumWageOut,
    RedFlagOut,
    VacancyIn,
    VacancyOut,
    VacancyTermsIn,
    VacancyTransitionIn,
    VerificationOut,
    WorkerFeeRuleIn,
    WorkerFeeRuleOut,
)
from registry import service as registry_service
from registry.schemas import WatchlistEmployerIn, WatchlistEmployerOut

router = APIRouter(tags=["vacancies"])

Id = Annotated[int, Path(ge=1, le=2**63 - 1)]
Limit = Annotated[int, Query(ge=1, le=1000)]
Offset = Annotated[int, Query(ge=0, le=1_000_000)]
# Generous: the code is normalised (case, dashes, spaces) before it is looked up.
Code = Annotated[str, Path(min_length=1, max_length=32)]

AgencyStaff = Annotated[Principal, Depends(require_roles(Role.AGENCY_STAFF))]
Attache = Annotated[Principal, Depends(require_roles(Role.ATTACHE))]
EmployerReader = Annotated[Principal, Depends(require_roles(
    Role.AGENCY_STAFF, Role.ATTACHE, Role.REGULATOR, Role.ADMIN))]
VacancyReader = EmployerReader
VacancyActor = Annotated[Principal, Depends(require_roles(Role.AGENCY_STAFF, Role.ATTACHE))]


class EmployerDecisionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    verified: bool
    reason: Reason | None = None


# --- employers -------------------------------------------------------------------------


@router.post("/employers", status_code=status.HTTP_201_CREATED, response_model=EmployerOut)
async def register_employer(body: EmployerIn, uow: Uow, actor: AgencyStaff) -> EmployerOut:
    """Register a foreign employer the agency recruits for."""
    return await service.register_employer(uow, data=body, actor=actor, today=utc_today())


@router.get("/employers", response_model=list[EmployerOut])
async def list_employers(
    uow: Uow,
    actor: EmployerReader,
    status_: Annotated[Literal["unverified", "verified", "rejected"] | None,
                       Query(alias="status")] = None,
) -> list[EmployerOut]:
    """The agency's own employers, an attaché's country's, or (for officials) all."""
    return await service.list_employers(uow, actor=actor, status=status_, today=utc_today())


@router.post("/employers/{employer_id}/verification", response_model=EmployerOut)
async def decide_employer(
    employer_id: Id, body: EmployerDecisionIn, uow: Uow, actor: Attache
) -> EmployerOut:
    """An attaché of the employer's country verifies it, or rejects it with a reason."""
    return await service.decide_employer(
        uow, employer_id=employer_id, verified=body.verified, reason=body.reason, actor=actor,
        today=utc_today(),
    )


# --- vacancies -------------------------------------------------------------------------


@router.post("/vacancies", status_code=status.HTTP_201_CREATED, response_model=VacancyOut)
async def create_vacancy(body: VacancyIn, uow: Uow, actor: AgencyStaff) -> VacancyOut:
    """Draft a vacancy for one of the agency's employers."""
    return await service.create_vacancy(uow, data=body, actor=actor, today=utc_today())


@router.post("/vacancies/checks", response_model=list[RedFlagOut])
@computes_only
async def check_vacancy_terms(body: VacancyTermsIn, uow: Uow, actor: AgencyStaff
                              ) -> list[RedFlagOut]:
    """The red flags these terms would raise today, before the vacancy is saved: blocking
    ones stop verification and publication, warnings need the attaché's reason."""
    return await service.check_terms(uow, data=body, actor=actor, today=utc_today())


@router.put("/vacancies/{vacancy_id}", response_model=VacancyOut)
async def update_vacancy(
    vacancy_id: Id, body: VacancyIn, uow: Uow, actor: AgencyStaff
) -> VacancyOut:
    """Replace the terms of a draft vacancy."""
    return await service.update_draft(
        uow, vacancy_id=vacancy_id, data=body, actor=actor, today=utc_today()
    )


@router.get("/vacancies", response_model=list[VacancyOut])
async def list_vacancies(
    uow: Uow,
    actor: VacancyReader,
    status_: Annotated[list[VacancyStatus] | None, Query(alias="status")] = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> list[VacancyOut]:
    """The agency's own vacancies, an attaché's verification queue, or (for officials) all."""
    return await service.list_vacancies(
        uow, actor=actor, statuses=status_, limit=limit, offset=offset, today=utc_today()
    )


@router.get("/vacancies/{vacancy_id}", response_model=VacancyOut)
async def get_vacancy(
    vacancy_id: Id,
    uow: Uow,
    principal: Annotated[Principal | None, Depends(optional_principal)],
) -> VacancyOut:
    """One vacancy; without a role that may see it, only while published and licensed."""
    return await service.get_vacancy(
        uow, vacancy_id=vacancy_id, actor=principal, today=utc_today()
    )


@router.get("/vacancies/{vacancy_id}/red-flags", response_model=list[RedFlagOut])
async def vacancy_red_flags(vacancy_id: Id, uow: Uow, actor: VacancyReader) -> list[RedFlagOut]:
    """The vacancy's red flags as the facts stand today (they are checked again at
    verification and publication)."""
    return await service.current_flags(uow, vacancy_id=vacancy_id, actor=actor,
                                       today=utc_today())


@router.post("/vacancies/{vacancy_id}/transitions", response_model=VacancyOut)
async def transition_vacancy(
    vacancy_id: Id, body: VacancyTransitionIn, uow: Uow, actor: VacancyActor
) -> VacancyOut:
    """Submit, verify, reject, revise, publish, fill or close a vacancy.

    Verification and publication are refused (409, `blocking-red-flags`) while a blocking
    red flag stands today; verifying needs `acknowledgements`: a reason for each warning."""
    return await service.transition_vacancy(
        uow, vacancy_id=vacancy_id, command=body, actor=actor, today=utc_today()
    )


# --- the public verification code ------------------------------------------------------


@router.get(
    "/public/vacancies/verify/{code}",
    response_model=VerificationOut,
    tags=["public"],
    dependencies=[Depends(rate_limited("verify", "lookup_rate_limit"))],
)
async def check_vacancy_code(code: Code, uow: Uow) -> VerificationOut:
    """Is this offer's code a verified, open vacancy of a licensed agency? No login."""
    return await service.check_code(uow, code=code, today=utc_today())


@router.get(
    "/public/vacancies/verify/{code}/qr.png",
    response_class=Response,
    tags=["public"],
    responses={200: {"content": {"image/png": {}}}},
    dependencies=[Depends(rate_limited("verify-qr", "lookup_rate_limit"))],
)
async def vacancy_code_qr(code: Code, request: Request, uow: Uow) -> Response:
    """A QR code that opens this vacancy's verification page, for printed offers."""
    check = await service.check_code(uow, code=code, today=utc_today())
    if not check.verified:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no verified vacancy has the code {code}")
    url = str(request.url_for("check_vacancy_code", code=check.code))
    buffer = io.BytesIO()
    segno.make(url, error="m", micro=False).save(buffer, kind="png", scale=8, border=4)
    return Response(buffer.getvalue(), media_type="image/png",
                    headers={"Cache-Control": "private, max-age=3600"})


# --- minimum wages and the employer watchlist (regulator) ------------------------------


@router.put("/minimum-wages/{country}/{currency}", response_model=MinimumWageOut)
async def set_minimum_wage(
    country: Annotated[CountryCode, Path()],
    currency: Annotated[CurrencyCode, Path()],
    body: MinimumWageIn,
    uow: Uow,
    actor: RegulatorOrAdmin,
) -> MinimumWageOut:
    """Set a country's monthly minimum wage in a currency and its weekly hours limit."""
    return await service.set_minimum_wage(
        uow, country=country, currency=currency, data=body, actor=actor
    )


@router.get("/minimum-wages", response_model=list[MinimumWageOut])
async def list_minimum_wages(uow: Uow, _: CurrentPrincipal) -> list[MinimumWageOut]:
    """The minimum-wage table vacancies are checked against."""
    return await service.list_minimum_wages(uow)


@router.put("/worker-fee-rules/{country}", response_model=WorkerFeeRuleOut)
async def set_worker_fee_rule(
    country: Annotated[CountryCode, Path()], body: WorkerFeeRuleIn, uow: Uow,
    actor: RegulatorOrAdmin,
) -> WorkerFeeRuleOut:
    """Whether workers recruited from a country (the agency's) may be charged any fee;
    without a rule they may not: the employer pays (ILO C181 art. 7)."""
    return await service.set_worker_fee_rule(uow, country=country, data=body, actor=actor)


@router.get("/worker-fee-rules", response_model=list[WorkerFeeRuleOut])
async def list_worker_fee_rules(uow: Uow, _: CurrentPrincipal) -> list[WorkerFeeRuleOut]:
    """The origin countries with a rule set; any other country bars fees to workers."""
    return await service.list_worker_fee_rules(uow)


@router.post("/watchlist/employers", status_code=status.HTTP_201_CREATED,
             response_model=WatchlistEmployerOut)
async def watchlist_employer(
    body: WatchlistEmployerIn, uow: Uow, actor: RegulatorOrAdmin
) -> WatchlistEmployerOut:
    """Put an employer on the watchlist; its vacancies are flagged to verifiers and leave
    the search."""
    listed = await registry_service.watchlist_employer(uow, data=body, actor=actor,
                                                       today=utc_today())
    await referral_service.employer_watchlisted(uow, country=body.country, today=utc_today())
    return listed


@router.get("/watchlist/employers", response_model=list[WatchlistEmployerOut])
async def list_watchlisted_employers(
    uow: Uow, _: RegulatorOrAdmin
) -> list[WatchlistEmployerOut]:
    """Employers on the watchlist, newest first."""
    return await registry_service.list_watchlisted_employers(uow)
