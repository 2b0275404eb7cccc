"""Signing in with a one-time code from the migrant resource centre: the migrant's number
(or e-mail) and the code, then a password of the migrant's own."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, Response

from api.deps import Uow, code_sign_in, rate_limited, seconds_until, start_session
from api.web.common import (
    N_,
    FormState,
    MaybeSignedIn,
    gettext_for,
    mark_page,
    redirect,
    render,
    set_session,
)
from core.users import SignInLocked
from matching import sign_in_codes

router = APIRouter(dependencies=[Depends(mark_page)], include_in_schema=False)

REFUSALS = {
    "wrong": N_("Wrong migrant number or code. Check both against the slip from your "
                "centre."),
    "expired": N_("This code has expired. Ask your centre for a new one."),
    "used": N_("This code was used already: each code signs in once. Ask your centre for "
               "a new one."),
    "replaced": N_("Your centre gave you a newer code since; this one no longer works. Use "
                   "the newest code."),
}


@router.get("/login/code", response_class=HTMLResponse)
async def code_page(request: Request, principal: MaybeSignedIn) -> Response:
    """Sign in with the code the centre gave."""
    return render(request, "public/login_code.html", {"form": FormState()})


@router.post("/login/code", response_class=HTMLResponse,
             dependencies=[Depends(rate_limited("login", "login_rate_limit"))])
async def sign_in_with_code(
    request: Request, uow: Uow, principal: MaybeSignedIn,
    identifier: Annotated[str, Form(max_length=254)] = "",
    code: Annotated[str, Form(max_length=32)] = "",
) -> Response:
    """Sign in with a migrant number (or e-mail) and a one-time code, then set a password."""
    _ = gettext_for(request)
    form = FormState(values={"identifier": identifier})
    if not identifier.strip() or not code.strip():
        form.errors["__all__"] = _("Type your migrant number and the code.")
        return render(request, "public/login_code.html", {"form": form}, status_code=422)
    try:
        outcome = await code_sign_in(request, uow, identifier=identifier, code=code)
    except SignInLocked as exc:
        minutes = -(-seconds_until(exc.until) // 60)
        form.errors["__all__"] = _(
            "Too many failed attempts to sign in to this account. Signing in to it is paused "
            "for %(minutes)s min; try again later.") % {"minutes": minutes}
        refused = render(request, "public/login_code.html", {"form": form}, status_code=429)
        refused.headers["Retry-After"] = str(seconds_until(exc.until))
        return refused
    if outcome.user_id is None or outcome.code_id is None:
        await uow.commit()  # the failure must count
        form.errors["__all__"] = _(REFUSALS[outcome.refusal or "wrong"])
        return render(request, "public/login_code.html", {"form": form}, status_code=401)
    token, lifetime = await start_session(request, uow, outcome.user_id)
    await sign_in_codes.note_code_session(uow, code_id=outcome.code_id,
                                          session_id=request.state.opened_session_id)
    response = redirect("/me/password", flash=_(
        "You are signed in. Now choose a password, so that next time you can sign in "
        "without a code."))
    set_session(request, response, token, max_age=lifetime)
    return response
