"""Sign-in and the signed-in user."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Request, Response, status
from fastapi.security import OAuth2PasswordRequestForm
from pydantic import BaseModel, ConfigDict, Field

from api.deps import CurrentPrincipal, Uow, account_sign_in, rate_limited, start_session
from api.openapi import computes_only, problems
from api.web.common import request_language
from api.web.password_reset import account_limit
from core import password_reset
from core.auth import account_key
from core.users import end_session, get_user
from core.validation import Email, Password

router = APIRouter(prefix="/auth", tags=["auth"])


class TokenOut(BaseModel):
    access_token: str
    token_type: str = "bearer"  # noqa: S105 - the OAuth2 token type, not a secret
    expires_in: int


@router.post(
    "/token",
    response_model=TokenOut,
    responses=problems(401, 403),
    dependencies=[Depends(rate_limited("login", "login_rate_limit"))],
)
@computes_only
async def sign_in(
    request: Request, uow: Uow, form: Annotated[OAuth2PasswordRequestForm, Depends()]
) -> TokenOut:
    """Exchange e-mail (as username) and password for a bearer token of a new session.
    After repeated failures for one account, that account is refused for a while (429)."""
    user_id = await account_sign_in(request, uow, email=form.username, password=form.password)
    if user_id is None:
        # Raised after the handler returns would roll the failure back: it must count.
        await uow.commit()
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED, "wrong e-mail or password",
            headers={"WWW-Authenticate": "Bearer"},
        )
    token, lifetime = await start_session(request, uow, user_id)
    return TokenOut(access_token=token, expires_in=lifetime)


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT)
async def sign_out(request: Request, uow: Uow, principal: CurrentPrincipal) -> Response:
    """End the session of this token: it, and the page cookie of the same sign-in, are
    refused from now on."""
    await end_session(uow.conn, request.state.session_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/me")
async def me(uow: Uow, principal: CurrentPrincipal) -> dict[str, Any]:
    """The signed-in user and what it is bound to."""
    user = await get_user(uow.conn, principal.user_id or 0)
    assert user is not None
    return user


class PasswordResetIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    email: Email
    language: Literal["en", "ru", "ky", "uz", "tg"] | None = Field(
        None, description="the mail's language when the account chose none (default: the "
                          "request's Accept-Language, else English)")


class PasswordResetAccepted(BaseModel):
    detail: str = ("if an account has this e-mail address, a link to set a new password is "
                   "on its way to it")
    expires_in_minutes: int


class PasswordResetConfirmIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    token: str = Field(min_length=1, max_length=200,
                       description="the last part of the link in the e-mail")
    password: Password


def _link_problem(description: str, status_code: int) -> dict[str, Any]:
    declared = problems(status_code)[status_code]
    return {**declared, "description": description}


@router.post(
    "/password-reset",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=PasswordResetAccepted,
    dependencies=[Depends(rate_limited("password-reset", "password_reset_rate_limit"))],
)
@computes_only
async def request_password_reset(request: Request, uow: Uow, body: PasswordResetIn
                                 ) -> PasswordResetAccepted:
    """Ask for a link to set a new password, sent by e-mail to the account's address. The
    answer is the same whether or not an account has the address; past
    PASSWORD_RESET_ACCOUNT_LIMIT for one account no more mail goes out."""
    settings = request.app.state.settings
    count, window = account_limit(settings)
    await password_reset.request_reset(uow, email=body.email,
                                       language=body.language or request_language(request),
                                       account_limit=count, window=window)
    return PasswordResetAccepted(expires_in_minutes=settings.password_reset_minutes)


@router.post(
    "/password-reset/confirm",
    status_code=status.HTTP_204_NO_CONTENT,
    responses={
        400: _link_problem("The body cannot be read, or the token is none we made "
                           "(code password_reset.unknown)", 400),
        410: _link_problem("The token worked once and no longer does: code "
                           "password_reset.expired, .used, .replaced or .closed", 410),
    },
    dependencies=[Depends(rate_limited("password-reset-confirm",
                                       "password_reset_rate_limit"))],
)
@computes_only
async def confirm_password_reset(request: Request, uow: Uow, body: PasswordResetConfirmIn
                                 ) -> Response:
    """Set a new password with the token of a reset link: the token is spent, and every
    session of the account (page cookies and bearer tokens) ends."""
    secret = request.app.state.secret_key
    await password_reset.reset_password(
        uow.conn, token=body.token, password=body.password,
        account_key=lambda email: account_key(email, secret=secret))
    return Response(status_code=status.HTTP_204_NO_CONTENT)
