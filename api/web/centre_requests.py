"""The centre's counter for sign-ins and requests: a one-time sign-in code for a migrant,
shown once to print, and the queue of migrants' requests to be referred, each referred or
declined with a reason the migrant reads."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response

from api.deps import Uow
from api.web.centre_common import (
    User,
    attempt,
    existing_id,
    labels,
    own_migrant,
)
from api.web.common import (
    N_,
    FormState,
    claim_form,
    finish_form,
    form_token,
    gettext_for,
    mark_page,
    read_form,
    redirect,
    release_form,
    render,
)
from core.auth import Principal
from core.clock import utc_today
from core.db import UnitOfWork
from matching import referral_requests, sign_in_codes
from matching.schemas import ReferralRequestOut

router = APIRouter(prefix="/centre", dependencies=[Depends(mark_page)],
                   include_in_schema=False)

PAGE = 50
STATES = {"open": N_("Waiting for an answer"), "referred": N_("Referred as asked"),
          "declined": N_("Declined")}


@router.post("/migrants/{migrant_id}/sign-in-code", response_class=HTMLResponse)
async def give_code(request: Request, uow: Uow, user: User, migrant_id: int) -> Response:
    """Give the migrant a one-time sign-in code, shown on this page only, to print or read
    out; any code given before stops working."""
    migrant = await own_migrant(uow, user, migrant_id)
    minutes = request.app.state.settings.sign_in_code_minutes
    issued = await sign_in_codes.issue_sign_in_code(
        uow, migrant_id=migrant.id, actor=user, secret=request.app.state.secret_key,
        lifetime=timedelta(minutes=minutes))
    page = render(request, "centre/sign_in_code.html", {
        "m": migrant, "code": issued.printed, "expires_at": issued.expires_at,
        "minutes": minutes, "replaced": issued.replaced,
        "sign_in_url": str(request.base_url).rstrip("/") + "/login/code",
    })
    # The code is shown once: no cache or back button keeps a copy.
    page.headers["Cache-Control"] = "no-store"
    return page


async def _queue_page(request: Request, uow: UnitOfWork, user: Principal, *, state: str,
                      offset: int, problem: str | None = None,
                      decline_forms: dict[int, FormState] | None = None,
                      status: int = 200) -> Response:
    found = await referral_requests.list_requests(
        uow, actor=user, statuses=[state] if state in STATES else None, limit=PAGE,
        offset=offset)
    forms = {r.id: FormState() for r in found} | (decline_forms or {})
    return render(request, "centre/requests.html", {
        "requests": found, "state": state if state in STATES else "",
        "states": labels(request, STATES), "forms": forms,
        "refer_forms": {r.id: FormState() for r in found}, "problem": problem,
        "offset": offset, "limit": PAGE,
        "pager_url": f"/centre/requests?{f'state={state}&' if state in STATES else ''}",
    }, status_code=status)


@router.get("/requests", response_class=HTMLResponse)
async def queue(request: Request, uow: Uow, user: User, state: str = "open",
                offset: int = Query(0, ge=0, le=1_000_000)) -> Response:
    """Migrants' requests to be referred: the open ones oldest first."""
    return await _queue_page(request, uow, user, state=state, offset=offset)


async def _run(request: Request, uow: UnitOfWork, user: Principal, request_id: int,
               token: str | None, fields: dict[str, str], work: Any
               ) -> tuple[ReferralRequestOut | None, dict[str, str], int]:
    """The form's work in a savepoint (see attempt); a request answered already (by a
    colleague meanwhile) is said in the user's words."""
    current = await referral_requests.get_request(uow, request_id=request_id, actor=user)
    if current.status != "open":
        await release_form(request, token)
        return None, {"__all__": gettext_for(request)(
            "This request was answered already; the list shows how.")}, 409
    return await attempt(request, uow, token, fields, work)


@router.post("/requests/{request_id}/refer", response_class=HTMLResponse)
async def refer(request: Request, uow: Uow, user: User, request_id: int) -> Response:
    """Refer the migrant as asked: the referral's own checks apply."""
    _ = gettext_for(request)
    request_id = existing_id(request_id, "referral request")
    token = await form_token(request)
    if done := await claim_form(request, token):
        return redirect(done)

    async def work() -> ReferralRequestOut:
        return await referral_requests.refer_requested(uow, request_id=request_id,
                                                       actor=user, today=utc_today())

    answered, errors, status = await _run(request, uow, user, request_id, token, {}, work)
    if answered is None:
        return await _queue_page(request, uow, user, state="open", offset=0,
                                 problem=errors.get("__all__") or next(iter(errors.values()),
                                                                       None),
                                 status=status)
    url = f"/centre/referrals/{answered.referral_id}"
    finish_form(request, uow, token, url)
    return redirect(url, flash=_("%(name)s is referred to %(job)s, as asked. The agency is "
                                 "told.") % {"name": answered.migrant.full_name,
                                             "job": answered.vacancy.title})


@router.post("/requests/{request_id}/decline", response_class=HTMLResponse)
async def decline(request: Request, uow: Uow, user: User, request_id: int) -> Response:
    """Decline with a reason the migrant reads."""
    _ = gettext_for(request)
    request_id = existing_id(request_id, "referral request")
    token = await form_token(request)
    if done := await claim_form(request, token):
        return redirect(done)
    values = await read_form(request)

    async def work() -> ReferralRequestOut:
        return await referral_requests.decline_request(
            uow, request_id=request_id, actor=user, reason=values.get("reason") or "")

    answered, errors, status = await _run(request, uow, user, request_id, token,
                                          {"reason": "reason"}, work)
    if answered is None:
        shown = dict(errors)
        if "reason" in shown:
            shown["reason"] = _("Give the reason the migrant will read.")
        form = FormState(values, shown, token)
        return await _queue_page(request, uow, user, state="open", offset=0,
                                 problem=shown.get("__all__"),
                                 decline_forms={request_id: form}, status=status)
    url = "/centre/requests"
    finish_form(request, uow, token, url)
    return redirect(url, flash=_("The request of %(name)s is declined; they can read your "
                                 "reason.") % {"name": answered.migrant.full_name})
