"""Request dependencies: the unit of work (commit on success), the signed-in principal,
role checks and rate limits."""

from __future__ import annotations

import json
import math
import re
from collections.abc import AsyncIterator, Callable, Coroutine
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Request, status
from fastapi.security import OAuth2PasswordBearer
from limits import parse

from core.auth import Principal, Role, SignInPolicy, account_key, issue_token, read_token
from core.db import UnitOfWork
from core.users import open_session, session_principal, sign_in

_bearer = OAuth2PasswordBearer(tokenUrl="/auth/token", auto_error=False)


async def get_uow(request: Request) -> AsyncIterator[UnitOfWork]:
    """One transaction per request: committed when the handler returns, else rolled back
    (unless the handler committed what must stand before refusing: a failed sign-in)."""
    async with UnitOfWork(request.app.state.pool, acquire_timeout=_acquire_timeout(request)
                          ) as uow:
        yield uow
        if not uow.committed:
            await uow.commit()


def _acquire_timeout(request: Request) -> float:
    timeout: float = request.app.state.settings.database_acquire_timeout_seconds
    return timeout


# scope="function": commit before the response is sent, so a failed commit is never
# reported to the client as a success.
Uow = Annotated[UnitOfWork, Depends(get_uow, scope="function")]


async def get_reading(request: Request) -> AsyncIterator[UnitOfWork]:
    """Reads only, without a transaction: each statement sees what was committed when it
    started. For public searches, where BEGIN and COMMIT would be two more round trips."""
    async with UnitOfWork(request.app.state.read_pool, transaction=False,
                          acquire_timeout=_acquire_timeout(request)) as uow:
        yield uow


Reading = Annotated[UnitOfWork, Depends(get_reading, scope="function")]


async def token_principal(request: Request, uow: UnitOfWork, token: str) -> Principal | None:
    """The user of an access token (a bearer token or the page cookie), while its session
    is open; the session is kept on the request for signing out."""
    claims = read_token(token, secret=request.app.state.secret_key)
    if claims is None:
        return None
    principal = await session_principal(uow.conn, user_id=claims.user_id,
                                        session_id=claims.session_id)
    if principal is not None:
        request.state.session_id = claims.session_id
    return principal


async def start_session(request: Request, uow: UnitOfWork, user_id: int) -> tuple[str, int]:
    """Open a session for the user: its access token and lifetime in seconds."""
    minutes: int = request.app.state.settings.access_token_minutes
    session_id = await open_session(uow.conn, user_id=user_id,
                                    lifetime=timedelta(minutes=minutes))
    return issue_token(user_id=user_id, session_id=session_id,
                       secret=request.app.state.secret_key, minutes=minutes)


async def account_sign_in(request: Request, uow: UnitOfWork, *, email: str, password: str
                          ) -> int | None:
    """The user with these credentials, or None; raises core.users.SignInLocked while the
    account refuses sign-in after repeated failures."""
    settings = request.app.state.settings
    policy = SignInPolicy(max_failures=settings.sign_in_max_failures,
                          window=timedelta(minutes=settings.sign_in_failure_window_minutes),
                          lockout=timedelta(minutes=settings.sign_in_lockout_minutes))
    return await sign_in(uow.conn, email=email, password=password, policy=policy,
                         account_key=account_key(email, secret=request.app.state.secret_key))


def seconds_until(moment: datetime) -> int:
    """Whole seconds from now until a moment (at least one), for Retry-After."""
    return max(1, math.ceil((moment - datetime.now(UTC)).total_seconds()))


async def optional_principal(
    request: Request, uow: Uow, token: Annotated[str | None, Depends(_bearer)]
) -> Principal | None:
    if not token:
        return None
    principal = await token_principal(request, uow, token)
    if principal is None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "the access token is invalid or expired; sign in again",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return principal


async def current_principal(
    principal: Annotated[Principal | None, Depends(optional_principal)],
) -> Principal:
    if principal is None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED, "sign in first", headers={"WWW-Authenticate": "Bearer"}
        )
    return principal


CurrentPrincipal = Annotated[Principal, Depends(current_principal)]


def require_roles(*roles: Role) -> Callable[..., Coroutine[Any, Any, Principal]]:
    allowed = {r.value for r in roles}

    async def _check(principal: CurrentPrincipal) -> Principal:
        if principal.role not in allowed:
            raise HTTPException(
                status.HTTP_403_FORBIDDEN,
                f"this needs one of the roles: {', '.join(sorted(allowed))}",
            )
        return principal

    return _check


Regulator = Annotated[Principal, Depends(require_roles(Role.REGULATOR))]
RegulatorOrAdmin = Annotated[Principal, Depends(require_roles(Role.REGULATOR, Role.ADMIN))]
Admin = Annotated[Principal, Depends(require_roles(Role.ADMIN))]
AgencyStaffOrOfficial = Annotated[
    Principal, Depends(require_roles(Role.AGENCY_STAFF, Role.REGULATOR, Role.ADMIN))
]
AgencyStaff = Annotated[Principal, Depends(require_roles(Role.AGENCY_STAFF))]


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class ControlCharacters(Exception):
    def __init__(self, field: str) -> None:
        super().__init__(f"{field}: contains a control character (such as NUL) that text "
                         "may not hold")
        self.field = field


def _first_control(value: Any, path: str) -> str | None:
    if isinstance(value, str):
        return path if _CONTROL.search(value) else None
    if isinstance(value, dict):
        for key, item in value.items():
            found = _first_control(str(key), path) or _first_control(
                item, f"{path}.{key}" if path else str(key))
            if found:
                return found
    if isinstance(value, list):
        for index, item in enumerate(value):
            found = _first_control(item, f"{path}[{index}]")
            if found:
                return found
    return None


async def reject_control_characters(request: Request) -> None:
    """No text anywhere in a request may carry control characters: PostgreSQL cannot
    store NUL, and no name, number or reason needs the others."""
    for key, value in request.query_params.multi_items():
        if _CONTROL.search(value):
            raise ControlCharacters(key)
    content_type = request.headers.get("content-type", "")
    if content_type.startswith("application/json"):
        try:
            body = json.loads(await request.body())
        except ValueError:
            return  # malformed JSON is reported by the body parser, with its position
        found = _first_control(body, "")
        if found:
            raise ControlCharacters(found)
    elif content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        form = await request.form()
        for key, item in form.multi_items():
            if isinstance(item, str) and _CONTROL.search(item):
                raise ControlCharacters(key)


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def rate_limited(name: str, setting: str) -> Callable[[Request], Coroutine[Any, Any, None]]:
    """A per-client limit kept in Redis, so it holds across API processes (in this
    process's memory while Redis is away: see api.limiter)."""

    async def _check(request: Request) -> None:
        limit = parse(getattr(request.app.state.settings, setting))
        allowed, wait = await request.app.state.rate_limiter.hit(limit, name,
                                                                 client_address(request))
        if not allowed:
            retry_after = max(1, int(wait))
            raise HTTPException(
                status.HTTP_429_TOO_MANY_REQUESTS,
                f"too many requests from this client; allowed {limit}, retry in "
                f"{retry_after} seconds",
                headers={"Retry-After": str(retry_after)},
            )

    return _check
