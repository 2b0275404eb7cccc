"""The centre's counter for sign-ins and requests: a one-time sign-in code for a migrant,
shown once to print, and the queue of migrants' requests to be referred, each referred or
declined with a reason the migrant reads."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response

from api.deps import Uow
from api.web.centre_common import ERROR_WORDS, User, existing_id, not_prescreened, own_migrant
from api.web.common import (
    HTML_LANG,
    FormState,
    gettext_for,
    mark_page,
    render,
    translations,
)
from api.web.forms import Done, Refusal, submit
from api.web.labels import REFERRAL_REQUEST_STATUS, labels
from core.auth import Principal
from core.clock import utc_today
from core.db import UnitOfWork
from matching import referral_requests, sign_in_codes
from matching.exceptions import NotPrescreened
from matching.schemas import LEVELS, MigrantOut

router = APIRouter(prefix="/centre", dependencies=[Depends(mark_page)],
                   include_in_schema=False)

PAGE = 50


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
        "slip": _slip_words(slip_language(migrant), minutes,
                            str(request.base_url).rstrip("/") + "/login/code"),
    })
    # The code is shown once: no cache or back button keeps a copy.
    page.headers["Cache-Control"] = "no-store"
    return page


# The page languages a slip may be printed in, and the one of each country, for a migrant
# whose profile names none of them.
SLIP_LANGUAGES = ("ky", "uz", "tg", "ru")
SLIP_LANGUAGE_OF_COUNTRY = {"KG": "ky", "UZ": "uz", "TJ": "tg"}


def slip_language(migrant: MigrantOut) -> str:
    """The language a migrant reads best among the pages': their native one by the
    profile; else their country's; else the one they know best; else Russian. Not the
    country's before a native one: an Uzbek citizen of Kyrgyzstan may not read Kyrgyz."""
    spoken = {lang["code"]: lang["level"] for lang in migrant.languages
              if lang["code"] in SLIP_LANGUAGES}
    native = [code for code in SLIP_LANGUAGES if spoken.get(code) == "native"]
    if native:
        return native[0]
    if migrant.citizenship in SLIP_LANGUAGE_OF_COUNTRY:
        return SLIP_LANGUAGE_OF_COUNTRY[migrant.citizenship]
    if spoken:
        return max(spoken, key=lambda code: LEVELS.index(spoken[code]))
    return "ru"


def _slip_words(language: str, minutes: int, address: str) -> dict[str, str]:
    """The sign-in slip's words in the migrant's language (the page around it is the
    worker's): the labels of the sign-in form they will fill, and what to do. How long
    the code works is said in minutes: a clock time would be in a zone not theirs."""
    _ = translations(language).gettext
    return {
        "language": language, "html_lang": HTML_LANG.get(language, language),
        "title": _("Sign in with a code"), "number": _("Migrant number"), "code": _("Code"),
        "until": _("The code works once, within %(minutes)s minutes of being given.") % {
            "minutes": minutes},
        "how": _("Open %(address)s, choose “%(tab)s”, type your migrant number and this "
                 "code, then choose your own password. Never give the code to anyone.") % {
            "address": address, "tab": _("I have a code from my centre")},
    }


async def _queue_page(request: Request, uow: UnitOfWork, user: Principal, *, state: str,
                      offset: int, problem: str | None = None,
                      decline_forms: dict[int, FormState] | None = None,
                      status: int = 200) -> Response:
    _ = gettext_for(request)
    found = await referral_requests.list_requests(
        uow, actor=user, statuses=[state] if state in REFERRAL_REQUEST_STATUS else None,
        limit=PAGE, offset=offset)
    forms = {r.id: FormState() for r in found} | (decline_forms or {})
    return render(request, "centre/requests.html", {
        "requests": found, "state": state if state in REFERRAL_REQUEST_STATUS else "",
        "states": labels(_, REFERRAL_REQUEST_STATUS), "forms": forms,
        "refer_forms": {r.id: FormState() for r in found}, "problem": problem,
        "offset": offset, "limit": PAGE,
        "pager_url": "/centre/requests?"
                     + (f"state={state}&" if state in REFERRAL_REQUEST_STATUS else ""),
    }, status_code=status)


@router.get("/requests", response_class=HTMLResponse)
async def queue(request: Request, uow: Uow, user: User, state: str = "open",
                offset: int = Query(0, ge=0, le=1_000_000)) -> Response:
    """Migrants' requests to be referred: the open ones oldest first."""
    return await _queue_page(request, uow, user, state=state, offset=offset)


async def _still_open(request: Request, uow: UnitOfWork, user: Principal,
                     request_id: int) -> None:
    """A request answered already (by a colleague meanwhile) is said in the user's words."""
    current = await referral_requests.get_request(uow, request_id=request_id, actor=user)
    if current.status != "open":
        raise Refusal({"__all__": gettext_for(request)(
            "This request was answered already; the list shows how.")}, 409)


@router.post("/requests/{request_id}/refer", response_class=HTMLResponse)
async def refer(request: Request, uow: Uow, user: User, request_id: int) -> Response:
    """Refer the migrant as asked: the referral's own checks apply."""
    _ = gettext_for(request)
    request_id = existing_id(request_id, "referral request")

    async def work(values: dict[str, Any]) -> Done:
        await _still_open(request, uow, user, request_id)
        try:
            answered = await referral_requests.refer_requested(
                uow, request_id=request_id, actor=user, today=utc_today())
        except NotPrescreened as exc:
            raise not_prescreened(request, exc) from exc
        return Done(f"/centre/referrals/{answered.referral_id}", _(
            "%(name)s is referred to %(job)s, as asked. The agency is told.")
            % {"name": answered.migrant.full_name, "job": answered.vacancy.title})

    async def again(form: FormState, status: int) -> Response:
        errors = form.errors
        return await _queue_page(request, uow, user, state="open", offset=0,
                                 problem=errors.get("__all__") or next(iter(errors.values()),
                                                                       None),
                                 status=status)

    return await submit(request, uow, work, again=again, words=ERROR_WORDS)


@router.post("/requests/{request_id}/decline", response_class=HTMLResponse)
async def decline(request: Request, uow: Uow, user: User, request_id: int) -> Response:
    """Decline with a reason the migrant reads."""
    _ = gettext_for(request)
    request_id = existing_id(request_id, "referral request")

    async def work(values: dict[str, Any]) -> Done:
        await _still_open(request, uow, user, request_id)
        answered = await referral_requests.decline_request(
            uow, request_id=request_id, actor=user, reason=values.get("reason") or "")
        return Done("/centre/requests", _(
            "The request of %(name)s is declined; they can read your reason.")
            % {"name": answered.migrant.full_name})

    async def again(form: FormState, status: int) -> Response:
        if "reason" in form.errors:
            form.errors["reason"] = _("Give the reason the migrant will read.")
        return await _queue_page(request, uow, user, state="open", offset=0,
                                 problem=form.errors.get("__all__"),
                                 decline_forms={request_id: form}, status=status)

    return await submit(request, uow, work, again=again, fields=("reason",),
                        words=ERROR_WORDS)
