"""Agencies as the regulator sees them: the register by name, and one agency with its
licences, rating, alerts and audited history, checked against the audit chain."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, Response

from api.deps import Uow
from api.web.common import N_, FormState, gettext_for, render
from api.web.labels import (
    AGENCY_STANDING,
    AUDIT_ACTION,
    AUDIT_ENTITY,
    DISPUTE_HISTORY,
    DISPUTE_STATUS,
    EMPLOYER_STATUS_AGENCY,
    LICENCE_STATUS,
    RATING_ALERT_REASON,
    RATING_PART,
    REFERRAL_STATUS,
    ROLE_MINISTRY,
    VACANCY_STATUS_AGENCY,
    labels,
)
from api.web.ministry_common import CHAIN_PROBLEMS, User, country_names, query_url
from api.web.ministry_history import history_entries
from core import audit_checkpoints
from ratings import service as ratings_service
from ratings.schemas import RatingOut
from registry import service
from registry.exceptions import NotFound

router = APIRouter()

Id = Annotated[int, Path(ge=1, le=2**63 - 1)]
Offset = Annotated[int, Query(ge=0, le=1_000_000)]
PAGE = 50

@router.get("/agencies", response_class=HTMLResponse)
async def agencies(request: Request, uow: Uow, user: User,
                   q: Annotated[str | None, Query(max_length=200)] = None,
                   offset: Offset = 0) -> Response:
    """Every agency, or those whose name holds the words searched (Latin or Cyrillic)."""
    _ = gettext_for(request)
    query = (q or "").strip() or None
    rows = await service.list_agencies(uow, query=query, limit=PAGE, offset=offset)
    return render(request, "ministry/agencies.html", {
        "agencies": rows, "form": FormState(values={"q": query}), "offset": offset,
        "limit": PAGE, "page_url": query_url("/ministry/agencies", q=query),
        "agency_statuses": labels(_, AGENCY_STANDING),
        "countries": country_names(request),
    })


@router.get("/agencies/{agency_id}", response_class=HTMLResponse)
async def agency_page(request: Request, uow: Uow, user: User, agency_id: Id) -> Response:
    """One agency: details, licences, rating with its breakdown, alerts and history."""
    _ = gettext_for(request)
    agency = await service.get_agency(uow, agency_id=agency_id, actor=user)
    licences = await service.list_licences(uow, actor=user, agency_id=agency_id, limit=100,
                                           order="applied")
    rating: RatingOut | None
    try:
        rating = await ratings_service.get_rating(uow, agency_id=agency_id, actor=user)
    except NotFound:
        rating = None
    alerts = await ratings_service.review_queue(uow, state="all", agency_id=agency_id,
                                                limit=100, offset=0)
    history = history_entries(request, await service.agency_history(uow, agency_id=agency_id))
    # The chain and the signed checkpoints kept outside the database, as /audit/verify
    # checks them: a log cut at its end or rewritten and re-hashed is not "intact".
    settings = request.app.state.settings
    check = await audit_checkpoints.verify(
        uow.conn, path=settings.resolved_audit_checkpoint_file(),
        key=settings.resolved_audit_checkpoint_key())
    problem = next((_(text) for start, text in CHAIN_PROBLEMS.items()
                    if check.problem and start in check.problem), None)
    # The history holds the agency's vacancies, employers, referrals and disputes too.
    states = labels(_, {**DISPUTE_STATUS, **REFERRAL_STATUS, **EMPLOYER_STATUS_AGENCY,
                                  **VACANCY_STATUS_AGENCY, **LICENCE_STATUS}) | {
        "open": _("Open"), "closed": _("Closed"), "active": _("Active"),
        "inactive": _("Inactive")}
    return render(request, "ministry/agency.html", {
        "agency": agency, "licences": licences, "rating": rating, "alerts": alerts,
        "history": history, "chain": check, "chain_problem": problem,
        "statuses": labels(_, LICENCE_STATUS), "states": states,
        "agency_statuses": labels(_, AGENCY_STANDING),
        # A referral's step is recorded as the state it reached.
        "history_actions": labels(_, {**REFERRAL_STATUS, **DISPUTE_HISTORY,
                                                **AUDIT_ACTION}),
        "typed_actions": {
            "referral": labels(_, {**AUDIT_ACTION, **REFERRAL_STATUS,
                                   "refer": N_("Referred to the agency's job")}),
            "dispute": labels(_, {**AUDIT_ACTION, **DISPUTE_HISTORY})},
        "typed_states": {"referral": labels(_, REFERRAL_STATUS),
                         "dispute": labels(_, DISPUTE_STATUS),
                         "vacancy": labels(_, VACANCY_STATUS_AGENCY),
                         "employer": labels(_, EMPLOYER_STATUS_AGENCY),
                         "licence": labels(_, LICENCE_STATUS)},
        "entity_types": labels(_, AUDIT_ENTITY),
        "roles": labels(_, ROLE_MINISTRY),
        "parts": labels(_, RATING_PART),
        "alert_reasons": labels(_, RATING_ALERT_REASON),
        "countries": country_names(request),
    })
