"""Pages anyone may open: home, signing in and out, and the choice of language."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, Response

from api.deps import Uow, account_sign_in, rate_limited, seconds_until, start_session
from api.web.common import (
    HOME_BY_ROLE,
    LANGUAGE_COOKIE,
    LANGUAGES,
    SESSION_COOKIE,
    STAFF_LANGUAGES,
    FormState,
    MaybeSignedIn,
    accepted_languages,
    gettext_for,
    is_https,
    mark_page,
    redirect,
    render,
    set_session,
)
from core import notice_delivery
from core.auth import Role
from core.users import AccountClosed, SignInLocked, end_session, principal_for

router = APIRouter(dependencies=[Depends(mark_page)], include_in_schema=False)


def _safe_next(target: str | None) -> str | None:
    """Only a path on this site: never send a user elsewhere after signing in."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return None


@router.get("/", response_class=HTMLResponse)
async def home(request: Request, principal: MaybeSignedIn) -> Response:
    return render(request, "public/home.html")


@router.get("/login", response_class=HTMLResponse)
async def login_page(request: Request, principal: MaybeSignedIn,
                     next: str | None = None) -> Response:
    return render(request, "public/login.html",
                  {"form": FormState(values={"next": _safe_next(next)})})


@router.post("/login", response_class=HTMLResponse,
             dependencies=[Depends(rate_limited("login", "login_rate_limit"))])
async def login(
    request: Request, uow: Uow, principal: MaybeSignedIn,
    email: Annotated[str, Form()] = "", password: Annotated[str, Form()] = "",
    next: Annotated[str | None, Form()] = None,
) -> Response:
    _ = gettext_for(request)
    # A field left empty is named as such, not taken for a wrong password.
    missing = {name: _("This field is required.")
               for name, value in (("email", email.strip()), ("password", password)) if not value}
    if missing:
        form = FormState(values={"email": email, "next": _safe_next(next)}, errors=missing)
        return render(request, "public/login.html", {"form": form}, status_code=422)
    try:
        user_id = await account_sign_in(request, uow, email=email.strip(), password=password)
    except SignInLocked as exc:
        minutes = -(-seconds_until(exc.until) // 60)
        form = FormState(values={"email": email, "next": _safe_next(next)}, errors={
            "__all__": _("Too many failed attempts to sign in to this account. Signing in "
                         "to it is paused for %(minutes)s min; try again later.")
            % {"minutes": minutes}})
        refused = render(request, "public/login.html", {"form": form}, status_code=429)
        refused.headers["Retry-After"] = str(seconds_until(exc.until))
        return refused
    except AccountClosed as exc:
        form = FormState(values={"email": email, "next": _safe_next(next)}, errors={
            "__all__": _("This account is closed. To use it again, ask your migrant resource "
                         "centre.") if exc.migrant else
            _("This account is closed. To use it again, ask the administrator of your "
              "organisation.")})
        return render(request, "public/login.html", {"form": form}, status_code=403)
    if user_id is None:
        form = FormState(values={"email": email, "next": _safe_next(next)},
                         errors={"__all__": _("Wrong e-mail or password.")})
        return render(request, "public/login.html", {"form": form}, status_code=401)
    user = await principal_for(uow.conn, user_id)
    assert user is not None
    reads = _page_language(request, STAFF_LANGUAGES if user.role != Role.MIGRANT else LANGUAGES)
    if reads is not None:
        await notice_delivery.adopt_language(uow.conn, user_id, reads)
    token, lifetime = await start_session(request, uow, user_id)
    response = redirect(_safe_next(next) or HOME_BY_ROLE.get(user.role, "/"))
    set_session(request, response, token, max_age=lifetime)
    return response


def _page_language(request: Request, languages: Iterable[str]) -> str | None:
    """The language a person chose for the pages, or their browser's first one, among
    `languages`; None when neither is one of them."""
    wanted = [request.cookies.get(LANGUAGE_COOKIE, ""),
              *accepted_languages(request.headers.get("accept-language", ""))[:1]]
    return next((w for w in wanted if w in set(languages)), None)


@router.post("/logout")
async def logout(request: Request, uow: Uow, principal: MaybeSignedIn) -> Response:
    """End the session: its cookie, and the same token sent as a bearer, are refused from
    now on."""
    session_id = getattr(request.state, "session_id", None)
    if session_id:
        await end_session(uow.conn, session_id)
    _ = gettext_for(request)
    response = redirect("/", flash=_("You have signed out."))
    response.delete_cookie(SESSION_COOKIE, path="/", secure=is_https(request), httponly=True,
                           samesite="lax")
    return response


@router.post("/language")
async def choose_language(
    request: Request, language: Annotated[str, Form()],
    next: Annotated[str | None, Form()] = None,
) -> Response:
    """Remember the language for a year, then go back to the page it was chosen on."""
    response = redirect(_safe_next(next) or "/")
    if language in LANGUAGES:
        response.set_cookie(LANGUAGE_COOKIE, language, max_age=365 * 24 * 3600,
                            samesite="lax", secure=is_https(request), path="/")
    return response
