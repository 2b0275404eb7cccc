"""The migrant's own password: chosen after signing in with a code from the centre (without
the old one, in that session), or changed with the current one."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, Response

from api.deps import Uow
from api.web.common import (
    FormState,
    gettext_for,
    mark_page,
    render,
    signed_in,
)
from api.web.forms import Done, Refusal, submit
from core.auth import Principal, Role
from matching import sign_in_codes

router = APIRouter(prefix="/me", dependencies=[Depends(mark_page)], include_in_schema=False)
User = Annotated[Principal, Depends(signed_in(Role.MIGRANT))]
FIELDS = ("password", "repeat", "current_password")

def _lifetime(request: Request) -> timedelta:
    return timedelta(minutes=request.app.state.settings.sign_in_code_minutes)


@router.get("/password", response_class=HTMLResponse)
async def password_page(request: Request, user: User) -> Response:
    """Choose a password."""
    return render(request, "me/password.html", {"form": FormState()})


@router.post("/password", response_class=HTMLResponse)
async def set_password(
    request: Request, uow: Uow, user: User,
    password: Annotated[str, Form(max_length=128)] = "",
    repeat: Annotated[str, Form(max_length=128)] = "",
    current_password: Annotated[str | None, Form(max_length=128)] = None,
) -> Response:
    """Save the new password; the next sign-in needs no code."""
    _ = gettext_for(request)

    async def work(values: dict[str, Any]) -> Done:
        if password != repeat:
            raise Refusal({"repeat": _("The two passwords are not the same.")})
        await sign_in_codes.set_own_password(
            uow, actor=user, session_id=request.state.session_id, password=password,
            current_password=current_password or None, code_lifetime=_lifetime(request))
        return Done("/me", flash=_("Your password is saved. Next time, sign in with your "
                                   "migrant number (or e-mail) and this password."))

    async def again(form: FormState, status: int) -> Response:
        return render(request, "me/password.html", {"form": form}, status_code=status)

    return await submit(request, uow, work, again=again, fields=FIELDS, drop=FIELDS,
                        once=False)
