"""Agencies, licences, the public licence lookup and the regulator's views."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, status
from fastapi.responses import Response

from api.deps import (
    AgencyStaff,
    AgencyStaffOrOfficial,
    RegulatorOrAdmin,
    Uow,
    optional_principal,
    rate_limited,
)
from core.auth import Principal, PseudoRole
from core.clock import utc_today
from core.validation import CountryCode
from ratings import service as ratings_service
from ratings.schemas import CloseAlertIn, RatingAlertOut, RatingListItemOut, RatingOut
from registry import service
from registry.rules import LicenceStatus
from registry.schemas import (
    AgencyOut,
    AgencyRegistration,
    BarredPersonOut,
    LicenceApplicationIn,
    LicenceOut,
    LookupOut,
    PeopleIn,
    RegisteredAgencyOut,
    TransitionIn,
)

router = APIRouter(tags=["registry"])

Id = Annotated[int, Path(ge=1, le=2**63 - 1)]
Limit = Annotated[int, Query(ge=1, le=1000)]
Offset = Annotated[int, Query(ge=0, le=1_000_000)]


@router.post(
    "/agencies",
    status_code=status.HTTP_201_CREATED,
    response_model=RegisteredAgencyOut,
    dependencies=[Depends(rate_limited("register", "registration_rate_limit"))],
)
async def register_agency(
    body: AgencyRegistration,
    uow: Uow,
    principal: Annotated[Principal | None, Depends(optional_principal)],
) -> RegisteredAgencyOut:
    """Register an agency with its owners and directors and its first staff account."""
    actor = principal or Principal(
        user_id=None, role=PseudoRole.APPLICANT,
        label=f"{body.account.full_name} <{body.account.email}>",
    )
    return await service.register_agency(uow, data=body, actor=actor)


@router.get("/agencies", response_model=list[AgencyOut])
async def list_agencies(
    uow: Uow,
    _: RegulatorOrAdmin,
    q: Annotated[str | None, Query(max_length=200)] = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> list[AgencyOut]:
    """All agencies, optionally by name (Latin or Cyrillic)."""
    return await service.list_agencies(uow, query=q, limit=limit, offset=offset)


@router.get("/agencies/{agency_id}", response_model=AgencyOut)
async def get_agency(agency_id: Id, uow: Uow, actor: AgencyStaffOrOfficial) -> AgencyOut:
    """One agency; agency staff see only their own."""
    return await service.get_agency(uow, agency_id=agency_id, actor=actor)


@router.put("/agencies/{agency_id}/people", response_model=AgencyOut)
async def replace_people(
    agency_id: Id, body: PeopleIn, uow: Uow, actor: AgencyStaff
) -> AgencyOut:
    """Replace the agency's owners and directors (barred persons are refused)."""
    return await service.replace_people(
        uow, agency_id=agency_id, people=body.people, actor=actor, today=utc_today()
    )


@router.post(
    "/agencies/{agency_id}/licences",
    status_code=status.HTTP_201_CREATED,
    response_model=LicenceOut,
)
async def apply_for_licence(
    agency_id: Id, body: LicenceApplicationIn, uow: Uow, actor: AgencyStaff
) -> LicenceOut:
    """Apply for a licence covering destination countries, with the security deposit held."""
    return await service.apply_for_licence(
        uow, agency_id=agency_id, application=body, actor=actor, today=utc_today()
    )


@router.get("/agencies/{agency_id}/history")
async def agency_history(agency_id: Id, uow: Uow, _: RegulatorOrAdmin) -> list[dict[str, Any]]:
    """The agency's full history from the audit log, oldest first."""
    return await service.agency_history(uow, agency_id=agency_id)


@router.get("/licences", response_model=list[LicenceOut])
async def list_licences(
    uow: Uow,
    actor: AgencyStaffOrOfficial,
    status_: Annotated[list[LicenceStatus] | None, Query(alias="status")] = None,
    country: CountryCode | None = None,
    agency_id: Annotated[int | None, Query(ge=1, le=2**63 - 1)] = None,
    expiring_before: date | None = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> list[LicenceOut]:
    """Licences by status, covered country and expiry date (soonest first)."""
    return await service.list_licences(
        uow, actor=actor, statuses=status_, agency_id=agency_id, country=country,
        expiring_before=expiring_before, limit=limit, offset=offset,
    )


_CSV_COLUMNS = ["id", "number", "status", "agency_id", "agency_name", "countries",
                "valid_from", "valid_until", "deposit_amount", "deposit_currency",
                "renewal_count", "applied_at", "updated_at"]


@router.get("/licences.csv", response_class=Response,
            responses={200: {"content": {"text/csv": {}}}})
async def export_licences(
    uow: Uow,
    actor: RegulatorOrAdmin,
    status_: Annotated[list[LicenceStatus] | None, Query(alias="status")] = None,
    country: CountryCode | None = None,
    expiring_before: date | None = None,
) -> Response:
    """The licences matching the filters as CSV, for spreadsheets."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(_CSV_COLUMNS)
    offset = 0
    while True:
        page = await service.list_licences(
            uow, actor=actor, statuses=status_, country=country,
            expiring_before=expiring_before, limit=1000, offset=offset,
        )
        for lic in page:
            writer.writerow([
                lic.id, lic.number or "", lic.status.value, lic.agency_id,
                _csv_safe(lic.agency_name), " ".join(lic.countries), lic.valid_from or "",
                lic.valid_until or "", lic.deposit.amount, lic.deposit.currency,
                lic.renewal_count, lic.applied_at.isoformat(), lic.updated_at.isoformat(),
            ])
        if len(page) < 1000:
            break
        offset += 1000
    return Response(
        buffer.getvalue(), media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="licences-{utc_today()}.csv"'},
    )


def _csv_safe(text: str) -> str:
    """Keep a spreadsheet from reading a name as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@router.get("/regulator/applications", response_model=list[LicenceOut])
async def applications_to_review(
    uow: Uow, actor: RegulatorOrAdmin, limit: Limit = 100, offset: Offset = 0
) -> list[LicenceOut]:
    """Licence applications awaiting a decision, oldest first."""
    return await service.list_licences(
        uow, actor=actor, statuses=[LicenceStatus.APPLIED, LicenceStatus.UNDER_REVIEW],
        limit=limit, offset=offset, order="applied",
    )


@router.get("/licences/{licence_id}", response_model=LicenceOut)
async def get_licence(licence_id: Id, uow: Uow, actor: AgencyStaffOrOfficial) -> LicenceOut:
    """One licence; agency staff see only their own."""
    return await service.get_licence(uow, licence_id=licence_id, actor=actor)


@router.post("/licences/{licence_id}/transitions", response_model=LicenceOut)
async def transition_licence(
    licence_id: Id, body: TransitionIn, uow: Uow, actor: RegulatorOrAdmin
) -> LicenceOut:
    """Start review, grant, refuse, suspend, reinstate, revoke or renew a licence."""
    return await service.transition_licence(
        uow, licence_id=licence_id, command=body, actor=actor, today=utc_today()
    )


@router.post("/licences/{licence_id}/renewal-request", response_model=LicenceOut)
async def request_renewal(licence_id: Id, uow: Uow, actor: AgencyStaff) -> LicenceOut:
    """Ask the regulator to renew the agency's active licence."""
    return await service.request_renewal(
        uow, licence_id=licence_id, actor=actor, today=utc_today()
    )


@router.get("/barred-persons", response_model=list[BarredPersonOut])
async def barred_persons(
    uow: Uow, _: RegulatorOrAdmin, on: date | None = None
) -> list[BarredPersonOut]:
    """Persons barred from owning or directing an agency (in force on `on`, if given)."""
    return await service.list_barred_persons(uow, on=on)


@router.get(
    "/public/licences",
    response_model=LookupOut,
    tags=["public"],
    dependencies=[Depends(rate_limited("lookup", "lookup_rate_limit"))],
)
async def public_lookup(
    uow: Uow, q: Annotated[str, Query(min_length=2, max_length=200)]
) -> LookupOut:
    """Is this agency licensed? By licence number or agency name, Latin or Cyrillic, no login."""
    return await service.lookup(uow, query=q, today=utc_today(),
                                ratings=ratings_service.rating_summaries)



# --- agency ratings ------------------------------------------------------------------------


@router.get("/agencies/{agency_id}/rating", response_model=RatingOut)
async def agency_rating(agency_id: Id, uow: Uow, actor: AgencyStaffOrOfficial) -> RatingOut:
    """The agency's rating with its full breakdown; agency staff see only their own."""
    return await ratings_service.get_rating(uow, agency_id=agency_id, actor=actor)


@router.get("/regulator/ratings", response_model=list[RatingListItemOut])
async def list_ratings(
    uow: Uow,
    _: RegulatorOrAdmin,
    order: Annotated[Literal["lowest", "highest"],
                     Query(description="lowest scores first (default) or highest")] = "lowest",
    max_score: Annotated[float | None, Query(ge=0, le=100,
                                             description="only scores up to this")] = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> list[RatingListItemOut]:
    """Every agency's rating by score (those too new for one last), with its licence
    status, the disputes filed against it (not counted) and its open alerts."""
    return await ratings_service.list_ratings(uow, lowest_first=order == "lowest",
                                              max_score=max_score, limit=limit, offset=offset)


@router.get("/regulator/review-queue", response_model=list[RatingAlertOut])
async def review_queue(
    uow: Uow,
    _: RegulatorOrAdmin,
    state: Annotated[Literal["open", "closed", "all"], Query(alias="status")] = "open",
    agency_id: Annotated[int | None, Query(ge=1, le=2**63 - 1)] = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> list[RatingAlertOut]:
    """Agencies put up for review by their record (open alerts oldest first)."""
    return await ratings_service.review_queue(uow, state=state, agency_id=agency_id,
                                              limit=limit, offset=offset)


@router.post("/regulator/review-queue/{alert_id}/close", response_model=RatingAlertOut)
async def close_alert(
    alert_id: Id, body: CloseAlertIn, uow: Uow, actor: RegulatorOrAdmin
) -> RatingAlertOut:
    """Close a reviewed alert with a note saying what was found or done; audited."""
    return await ratings_service.close_alert(uow, alert_id=alert_id, data=body, actor=actor)
