"""One-time sign-in codes given at a centre's counter, signing in with one, and the
migrant's own password."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Path, Request, Response, status
from pydantic import BaseModel, Field

from api.deps import Uow, code_sign_in, rate_limited, require_roles, start_session
from api.openapi import computes_only, problems
from api.routers.auth import TokenOut
from core.auth import Principal, Role
from matching import sign_in_codes

router = APIRouter(tags=["auth"])

CentreStaff = Annotated[Principal, Depends(require_roles(Role.CENTRE_STAFF))]
Migrant = Annotated[Principal, Depends(require_roles(Role.MIGRANT))]

# What each refusal of a code says; the problem carries the key as its `code`.
REFUSALS = {
    "wrong": "wrong migrant number, e-mail or code",
    "expired": "this code has expired; ask your centre for a new one",
    "used": "this code was used already; each code signs in once. Ask your centre for a "
            "new one",
    "replaced": "a newer code was given since this one, which no longer works; use the "
                "newest code, or ask your centre for a new one",
}


class SignInCodeOut(BaseModel):
    migrant_id: int
    code: str = Field(description="shown once, never again: hand it to the migrant")
    expires_at: datetime
    replaced_earlier_code: bool
    sign_in_with: str = Field(description="what the migrant types beside the code")


class CodeSignInIn(BaseModel):
    identifier: str = Field(min_length=1, max_length=254,
                            description="the migrant number (or the migrant's e-mail)")
    code: str = Field(min_length=1, max_length=32)


class PasswordIn(BaseModel):
    password: str = Field(max_length=128)
    current_password: str | None = Field(
        default=None, max_length=128,
        description="not needed in the session a sign-in code opened, for as long as a "
                    "code lasts")


def _lifetime(request: Request) -> timedelta:
    return timedelta(minutes=request.app.state.settings.sign_in_code_minutes)


@router.post("/migrants/{migrant_id}/sign-in-codes", status_code=status.HTTP_201_CREATED,
             response_model=SignInCodeOut)
async def issue_code(request: Request, migrant_id: Annotated[int, Path(ge=1, le=2**63 - 1)],
                     uow: Uow, actor: CentreStaff) -> SignInCodeOut:
    """Give a migrant of the centre a one-time sign-in code (SIGN_IN_CODE_MINUTES); a code
    given before stops working."""
    issued = await sign_in_codes.issue_sign_in_code(
        uow, migrant_id=migrant_id, actor=actor, secret=request.app.state.secret_key,
        lifetime=_lifetime(request))
    return SignInCodeOut(migrant_id=migrant_id, code=issued.printed,
                         expires_at=issued.expires_at, replaced_earlier_code=issued.replaced,
                         sign_in_with=str(migrant_id))


@router.post("/auth/code", response_model=TokenOut, responses=problems(401),
             dependencies=[Depends(rate_limited("login", "login_rate_limit"))])
@computes_only
async def sign_in_with_code(request: Request, uow: Uow, body: CodeSignInIn) -> TokenOut:
    """Exchange a migrant number (or e-mail) and a one-time code from the centre for a
    bearer token; the session may then set a password without the old one. Failures count
    towards the account's lock as wrong passwords do (429)."""
    outcome = await code_sign_in(request, uow, identifier=body.identifier, code=body.code)
    if outcome.user_id is None:
        await uow.commit()  # the failure must count
        raise HTTPException(status.HTTP_401_UNAUTHORIZED,
                            REFUSALS[outcome.refusal or "wrong"],
                            headers={"WWW-Authenticate": "Bearer"})
    token, lifetime = await _session(request, uow, outcome)
    return TokenOut(access_token=token, expires_in=lifetime)


async def _session(request: Request, uow: Uow, outcome: sign_in_codes.CodeCheck
                   ) -> tuple[str, int]:
    assert outcome.user_id is not None and outcome.code_id is not None
    token, lifetime = await start_session(request, uow, outcome.user_id)
    await sign_in_codes.note_code_session(uow, code_id=outcome.code_id,
                                          session_id=request.state.opened_session_id)
    return token, lifetime


@router.post("/auth/password", status_code=status.HTTP_204_NO_CONTENT,
             responses=problems(422))
async def set_password(request: Request, uow: Uow, principal: Migrant,
                       body: PasswordIn) -> Response:
    """A migrant sets the account's password: with the current one, or without it in the
    session a sign-in code opened."""
    await sign_in_codes.set_own_password(
        uow, actor=principal, session_id=request.state.session_id, password=body.password,
        current_password=body.current_password, code_lifetime=_lifetime(request))
    return Response(status_code=status.HTTP_204_NO_CONTENT)
