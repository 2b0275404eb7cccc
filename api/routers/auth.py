"""Sign-in and the signed-in user."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request, status
from fastapi.security import OAuth2PasswordRequestForm
from pydantic import BaseModel

from api.deps import CurrentPrincipal, Uow, rate_limited
from api.openapi import computes_only, problems
from core.auth import issue_token
from core.users import authenticate, get_user

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
    """Exchange e-mail (as username) and password for a bearer token."""
    user_id = await authenticate(uow.conn, email=form.username, password=form.password)
    if user_id is None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED, "wrong e-mail or password",
            headers={"WWW-Authenticate": "Bearer"},
        )
    settings = request.app.state.settings
    token, lifetime = issue_token(
        user_id=user_id, secret=request.app.state.secret_key,
        minutes=settings.access_token_minutes,
    )
    return TokenOut(access_token=token, expires_in=lifetime)


@router.get("/me")
async def me(uow: Uow, principal: CurrentPrincipal) -> dict[str, Any]:
    """The signed-in user and what it is bound to."""
    user = await get_user(uow.conn, principal.user_id or 0)
    assert user is not None
    return user
