"""Pages anyone may open: home, signing in and out, and the choice of language."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, Response

from api.deps import Uow, rate_limited
from api.web.common import (
    HOME_BY_ROLE,
    LANGUAGE_COOKIE,
    LANGUAGES,
    SESSION_COOKIE,
    FormState,
    MaybeSignedIn,
    gettext_for,
    mark_page,
    redirect,
    render,
    set_session,
)
from core.auth import issue_token
from core.users import authenticate, principal_for

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
    user_id = await authenticate(uow.conn, email=email.strip(), password=password)
    if user_id is None:
        form = FormState(values={"email": email, "next": _safe_next(next)},
                         errors={"__all__": _("Wrong e-mail or password.")})
        return render(request, "public/login.html", {"form": form}, status_code=401)
    user = await principal_for(uow.conn, user_id)
    assert user is not None
    settings = request.app.state.settings
    token, lifetime = issue_token(user_id=user_id, secret=request.app.state.secret_key,
                                  minutes=settings.access_token_minutes)
    response = redirect(_safe_next(next) or HOME_BY_ROLE.get(user.role, "/"))
    set_session(response, token, max_age=lifetime, secure=request.url.scheme == "https")
    return response


@router.post("/logout")
async def logout(request: Request) -> Response:
    response = redirect("/", flash=gettext_for(request)("You have signed out."))
    response.delete_cookie(SESSION_COOKIE, path="/")
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
                            samesite="lax", path="/")
    return response
