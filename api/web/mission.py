"""Pages for labour attachés (their mission's country: vacancies and employers to verify,
the dispute queue) and for settlement bodies (the cases referred to them)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from api.deps import Uow
from api.web import mission_case_forms, mission_cases, mission_vacancies
from api.web.common import mark_page, redirect, render
from api.web.mission_shared import COUNT_CAP, Member, helpers, now
from core.auth import Role
from core.clock import utc_today
from labour_attache import queues as attache_queues
from matching import vacancies as vacancy_service
from matching.rules import VacancyStatus
from missions import service as attache_service

router = APIRouter(prefix="/mission", dependencies=[Depends(mark_page)],
                   include_in_schema=False)


@router.get("", response_class=HTMLResponse)
async def home(request: Request, uow: Uow, user: Member) -> Response:
    """The attaché's desk: what waits for verification, the caseload and the next deadlines."""
    if user.role == Role.SETTLEMENT_BODY:
        return redirect("/mission/cases")
    assert user.user_id is not None
    today, moment = utc_today(), now()
    mission = (await attache_service.get_mission(uow, mission_id=user.mission_id)
               if user.mission_id is not None else None)
    vacancies = await vacancy_service.list_vacancies(
        uow, actor=user, statuses=[VacancyStatus.SUBMITTED], limit=COUNT_CAP, offset=0,
        today=today)
    employers = await vacancy_service.list_employers(uow, actor=user, status="unverified",
                                                     today=today)
    caseload = await attache_queues.caseload(uow, attache_id=user.user_id, now=moment)
    upcoming = await attache_queues.attache_queue(uow, actor=user, limit=5, offset=0,
                                                   now=moment)
    return render(request, "mission/home.html", {
        "mission": mission, "vacancies": len(vacancies), "employers": len(employers),
        "capped": len(vacancies) >= COUNT_CAP, "caseload": caseload, "upcoming": upcoming,
        "agencies": await mission_cases.agency_names(uow, upcoming),
        **helpers(request),
    })


router.include_router(mission_vacancies.router)
router.include_router(mission_cases.router)
router.include_router(mission_case_forms.router)
