"""Sign-in and the signed-in user."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request, Response, status
from fastapi.security import OAuth2PasswordRequestForm
from pydantic import BaseModel

from api.deps import CurrentPrincipal, Uow, account_sign_in, rate_limited, start_session
from api.openapi import computes_only, problems
from core.users import end_session, get_user

router = APIRouter(prefix="/auth", tags=["auth"])


class TokenOut(BaseModel):
    access_token: str
    token_type: str = "bearer"  # noqa: S105 - the OAuth2 token type, not a secret
    expires_in: int


@router.post(
    "/token",
    response_model=TokenOut,
    responses=problems(401),
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
