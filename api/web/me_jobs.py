"""What the migrant can do with a job matched to them: ask the centre to refer them (once
pre-screened), and follow those requests and the centre's answers."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, Response

from api.deps import Uow
from api.web.centre_common import record_id
from api.web.common import (
    FormState,
    gettext_for,
    mark_page,
    render,
    signed_in,
)
from api.web.forms import Done, Refusal, submit
from api.web.labels import REFERRAL_REQUEST_STATUS_MIGRANT, labels
from core.auth import Principal, Role
from core.clock import utc_today
from core.db import UnitOfWork
from matching import migrants, referral_requests, referrals
from matching.rules import ReferralStatus

router = APIRouter(prefix="/me", dependencies=[Depends(mark_page)], include_in_schema=False)
User = Annotated[Principal, Depends(signed_in(Role.MIGRANT))]

async def job_actions(uow: UnitOfWork, user: Principal, results: list[dict[str, Any]]
                      ) -> dict[str, Any]:
    """For each matched job: the migrant's live referral to it, the latest request about it,
    and a form to ask (one sending at most)."""
    ids = {r["vacancy"]["id"] for r in results}
    theirs = await referrals.list_referrals(
        uow, actor=user, statuses=None, vacancy_id=None, migrant_id=None, limit=500,
        offset=0, today=utc_today())
    asked = await referral_requests.list_requests(uow, actor=user, statuses=None, limit=500,
                                                  offset=0)
    latest: dict[int, Any] = {}
    for request in asked:  # open first, then newest first: the first one per job is it
        latest.setdefault(request.vacancy.id, request)
    return {
        "referred": {r.vacancy.id: r.id for r in theirs
                     if r.status != ReferralStatus.REJECTED and r.vacancy.id in ids},
        "asked": {k: v for k, v in latest.items() if k in ids},
        "ask_forms": {i: FormState() for i in ids},
    }


async def _requests_page(request: Request, uow: UnitOfWork, user: Principal, *,
                         problem: str | None = None, status: int = 200) -> Response:
    _ = gettext_for(request)
    migrant_id = await migrants.own_migrant_id(uow, actor=user)
    found = await referral_requests.list_requests(uow, actor=user, statuses=None, limit=200,
                                                  offset=0)
    return render(request, "me/requests.html", {
        "linked": migrant_id is not None, "requests": found, "problem": problem,
        "states": labels(_, REFERRAL_REQUEST_STATUS_MIGRANT),
    }, status_code=status)


@router.get("/requests", response_class=HTMLResponse)
async def my_requests(request: Request, uow: Uow, user: User) -> Response:
    """The jobs the migrant asked to be referred to, and the centre's answers."""
    return await _requests_page(request, uow, user)


@router.post("/referral-requests", response_class=HTMLResponse)
async def ask(request: Request, uow: Uow, user: User,
              vacancy_id: Annotated[str, Form(max_length=20)] = "") -> Response:
    """Ask the centre to refer the migrant to a job; a second ask while one waits is
    refused (409) with the request it waits on."""
    _ = gettext_for(request)

    async def work(values: dict[str, Any]) -> Done:
        number = record_id(vacancy_id)
        if number is None:
            raise Refusal({"__all__": _("Choose a job from the list.")})
        await referral_requests.request_referral(uow, vacancy_id=number, actor=user,
                                                 today=utc_today())
        return Done("/me/requests", _(
            "Your centre is asked to refer you to this job. You will see their answer here."))

    async def again(form: FormState, status: int) -> Response:
        problem = form.errors.get("__all__") or next(iter(form.errors.values()), None)
        return await _requests_page(request, uow, user, problem=problem, status=status)

    return await submit(request, uow, work, again=again)
