"""Setting a new password by e-mail, in pages anyone may open: asking for the link (the
answer is the same whether or not the address has an account), the link's page, and what
the mail says, in the reader's language."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, Response
from limits import parse
from pydantic import TypeAdapter, ValidationError

from api.deps import Uow, rate_limited
from api.web.common import (
    N_,
    FormState,
    gettext_for,
    mark_page,
    render,
    request_language,
    translations,
)
from api.web.forms import Done, Refusal, submit
from api.web.notice_texts import GREETING
from core import password_reset
from core.auth import account_key
from core.config import Settings, get_settings
from core.password_reset import ResetLinkSpent, ResetLinkUnknown, ResetMail
from core.validation import Email, password_plain

router = APIRouter(dependencies=[Depends(mark_page)], include_in_schema=False)

MIN_PASSWORD, MAX_PASSWORD = 10, 128  # as core.validation.Password
_EMAIL: TypeAdapter[str] = TypeAdapter(Email)

MAIL_SUBJECT = N_("Set a new password for Vetted")
MAIL_ASKED = N_("Someone asked to set a new password for your account at Vetted. If it was "
                "you, open this link and choose a new password:")
MAIL_ONCE = N_("The link works once, within {minutes} minutes. Setting a new password signs "
               "you out on every device.")
MAIL_NOT_YOU = N_("If you did not ask for it, do nothing: your password stays as it is.")
# A new account's first password, opened by an administrator.
WELCOME_SUBJECT = N_("Your account at Vetted")
WELCOME_OPENED = N_("An account at Vetted was opened for you. Open this link and choose your "
                    "password:")
WELCOME_ONCE = N_("The link works once, within {days} days. If it has expired, ask for a new "
                  "one with «Forgot your password?» on the sign-in page.")

# Why a link does not work, by the refusal's reason.
SPENT = {
    "unknown": N_("This link is not one of ours, or only part of it was opened. Open the "
                  "whole link from the e-mail, or ask for a new one."),
    "expired": N_("This link has expired: a link to set a new password works for "
                  "%(minutes)s minutes."),
    "expired_days": N_("This link has expired: a link to a new account's first password "
                       "works for %(days)s days. Ask for a new one with «Forgot your "
                       "password?» on the sign-in page."),
    "used": N_("This link has been used already: each link works once."),
    "replaced": N_("A newer link was asked for since this one was sent: only the newest "
                   "link works."),
    "closed": N_("This account is closed, so its password cannot be set."),
}


def reset_url(token: str) -> str:
    return f"{get_settings().resolved_public_url()}/reset/{token}"


def mail_text(mail: ResetMail) -> tuple[str, str]:
    """The subject and text of a reset mail in its reader's language."""
    _ = translations(mail.language).gettext
    greeting = [_(GREETING).format(name=mail.full_name), ""]
    if mail.purpose == "welcome":
        lines = greeting + [_(WELCOME_OPENED), "", reset_url(mail.token), "",
                            _(WELCOME_ONCE).format(days=mail.minutes // (24 * 60))]
        return _(WELCOME_SUBJECT), "\n".join(lines) + "\n"
    lines = greeting + [_(MAIL_ASKED), "", reset_url(mail.token), "",
                        _(MAIL_ONCE).format(minutes=mail.minutes), "", _(MAIL_NOT_YOU)]
    return _(MAIL_SUBJECT), "\n".join(lines) + "\n"


def account_limit(settings: Settings) -> tuple[int, timedelta]:
    """PASSWORD_RESET_ACCOUNT_LIMIT as a count and its window."""
    limit = parse(settings.password_reset_account_limit)
    return limit.amount, timedelta(seconds=limit.get_expiry())


def spent_page(request: Request, exc: ResetLinkUnknown | ResetLinkSpent) -> HTMLResponse:
    """The page of a link that does not work, saying why (400 for a link we never made,
    410 for one that worked once)."""
    _ = gettext_for(request)
    reason = exc.reason if isinstance(exc, ResetLinkSpent) else "unknown"
    minutes = int(exc.params.get("minutes") or request.app.state.settings.password_reset_minutes)
    if reason == "expired" and minutes >= 24 * 60:  # a new account's link, said in days
        text = _(SPENT["expired_days"]) % {"days": minutes // (24 * 60)}
    else:
        text = _(SPENT[reason]) % {"minutes": minutes}
    return render(request, "reset/spent.html", {"reason": text},
                  status_code=400 if reason == "unknown" else 410)


@router.get("/reset", response_class=HTMLResponse)
async def ask_page(request: Request) -> Response:
    return render(request, "reset/ask.html", {"form": FormState()})


@router.post("/reset", response_class=HTMLResponse,
             dependencies=[Depends(rate_limited("password-reset",
                                                "password_reset_rate_limit"))])
async def ask(request: Request, uow: Uow, email: Annotated[str, Form()] = "") -> Response:
    _ = gettext_for(request)

    async def work(values: dict[str, Any]) -> Done:
        typed = email.strip()
        try:
            address = _EMAIL.validate_python(typed) if typed else None
        except ValidationError:
            address = None
        if address is None:
            raise Refusal({"email": _("Enter a valid e-mail address.") if typed
                           else _("This field is required.")})
        count, window = account_limit(request.app.state.settings)
        await password_reset.request_reset(uow, email=address,
                                           language=request_language(request),
                                           account_limit=count, window=window)
        return Done("/reset/sent")

    async def again(form: FormState, status: int) -> Response:
        return render(request, "reset/ask.html", {"form": form}, status_code=status)

    return await submit(request, uow, work, again=again, fields=("email",))


@router.get("/reset/sent", response_class=HTMLResponse)
async def sent_page(request: Request) -> Response:
    return render(request, "reset/sent.html",
                  {"minutes": request.app.state.settings.password_reset_minutes})


@router.get("/reset/{token}", response_class=HTMLResponse)
async def choose_page(request: Request, uow: Uow, token: str) -> Response:
    try:
        purpose = await password_reset.check_link(uow.conn, token)
    except (ResetLinkUnknown, ResetLinkSpent) as exc:
        return spent_page(request, exc)
    return render(request, "reset/choose.html", {"form": FormState(), "token": token,
                                                 "welcome": purpose == "welcome"})


@router.post("/reset/{token}", response_class=HTMLResponse,
             dependencies=[Depends(rate_limited("password-reset-confirm",
                                                "password_reset_rate_limit"))])
async def choose(request: Request, uow: Uow, token: str,
                 password: Annotated[str, Form()] = "",
                 password_again: Annotated[str, Form()] = "") -> Response:
    _ = gettext_for(request)
    # A new account's first password is chosen, not reset: its page and flash say so.
    try:
        welcome = await password_reset.check_link(uow.conn, token) == "welcome"
    except (ResetLinkUnknown, ResetLinkSpent):
        welcome = False

    async def work(values: dict[str, Any]) -> Done:
        errors: dict[str, str] = {}
        if len(password) < MIN_PASSWORD:
            errors["password"] = _("Use at least %(count)s characters.") % {
                "count": MIN_PASSWORD}
        elif len(password) > MAX_PASSWORD:
            errors["password"] = _("This is too long.")
        elif password_plain(password):  # ten spaces are ten characters, and no password
            errors["password"] = _("A password needs at least 5 different letters, digits "
                                   "or signs besides spaces.")
        elif password != password_again:
            errors["password_again"] = _("The two passwords differ.")
        if errors:
            # A link that no longer works says so before the form's own mistakes.
            await password_reset.check_link(uow.conn, token)
            raise Refusal(errors)
        secret = request.app.state.secret_key
        await password_reset.reset_password(
            uow.conn, token=token, password=password,
            account_key=lambda email: account_key(email, secret=secret))
        if welcome:
            return Done("/login", flash=_("Your password is set. Sign in with it."))
        return Done("/login", flash=_("Your new password is set, and you are signed out "
                                      "everywhere. Sign in with the new password."))

    async def again(form: FormState, status: int) -> Response:
        return render(request, "reset/choose.html",
                      {"form": form, "token": token, "welcome": welcome},
                      status_code=status)

    try:
        return await submit(request, uow, work, again=again,
                            fields=("password", "password_again"),
                            drop=("password", "password_again"), once=False,
                            passing=(ResetLinkUnknown, ResetLinkSpent))
    except (ResetLinkUnknown, ResetLinkSpent) as exc:
        return spent_page(request, exc)
