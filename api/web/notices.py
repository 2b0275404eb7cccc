"""Notice settings of any signed-in person (their language, e-mails on or off) and the
unsubscribe page an e-mail links to, which needs no sign-in."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from api.deps import Uow
from api.web.common import (
    LANGUAGES,
    STAFF_LANGUAGES,
    FormState,
    error_page,
    gettext_for,
    mark_page,
    read_form,
    redirect,
    render,
    signed_in,
)
from core import notice_delivery
from core.auth import Principal, Role

router = APIRouter(dependencies=[Depends(mark_page)], include_in_schema=False)
User = Annotated[Principal, Depends(signed_in())]


def _languages(principal: Principal) -> dict[str, str]:
    codes = LANGUAGES if principal.role == Role.MIGRANT else STAFF_LANGUAGES
    return {code: LANGUAGES[code] for code in codes}


@router.get("/settings/notices", response_class=HTMLResponse)
async def settings_page(request: Request, uow: Uow, principal: User) -> Response:
    assert principal.user_id is not None
    chosen = await notice_delivery.preferences(uow.conn, principal.user_id)
    form = FormState(values={"language": chosen["language"] or "",
                             "email_notices": "on" if chosen["email_notices"] else None})
    return render(request, "notices/settings.html",
                  {"form": form, "languages": _languages(principal)})


@router.post("/settings/notices", response_class=HTMLResponse)
async def save_settings(request: Request, uow: Uow, principal: User) -> Response:
    assert principal.user_id is not None
    _ = gettext_for(request)
    values = await read_form(request)
    language = values.get("language")
    languages = _languages(principal)
    if language is not None and language not in languages:
        form = FormState(values=values, errors={"language": _("Choose one of the options.")})
        return render(request, "notices/settings.html",
                      {"form": form, "languages": languages}, status_code=422)
    await notice_delivery.set_preferences(uow.conn, principal.user_id, language=language,
                                          email_notices=values.get("email_notices") == "on")
    return redirect("/settings/notices", flash=_("Your notice settings are saved."))


@router.get("/unsubscribe", response_class=HTMLResponse)
async def unsubscribe_page(request: Request, token: str = "") -> Response:
    _ = gettext_for(request)
    if notice_delivery.user_of_unsubscribe_token(token[:100]) is None:
        return error_page(request, 404, _("Not found"),
                          _("This unsubscribe link is not valid. Sign in and change your "
                            "notice settings instead."))
    return render(request, "notices/unsubscribe.html", {"token": token, "done": False})


@router.post("/unsubscribe", response_class=HTMLResponse)
async def unsubscribe(request: Request, uow: Uow) -> Response:
    _ = gettext_for(request)
    token = str((await read_form(request)).get("token") or "")[:100]
    user_id = notice_delivery.user_of_unsubscribe_token(token)
    if user_id is None or not await notice_delivery.stop_email(uow.conn, user_id):
        return error_page(request, 404, _("Not found"),
                          _("This unsubscribe link is not valid. Sign in and change your "
                            "notice settings instead."))
    return render(request, "notices/unsubscribe.html", {"token": token, "done": True})
