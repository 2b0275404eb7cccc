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
from starlette.datastructures import FormData

from api.bodies import is_json, is_upload_path
from core.auth import Principal, Role, SignInPolicy, account_key, issue_token, read_token
from core.db import UnitOfWork
from core.users import (
    authenticate_user,
    counted_sign_in,
    open_session,
    session_principal,
    sign_in,
)
from matching import sign_in_codes

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
    request.state.opened_session_id = session_id
    return issue_token(user_id=user_id, session_id=session_id,
                       secret=request.app.state.secret_key, minutes=minutes)


def _sign_in_policy(request: Request) -> SignInPolicy:
    settings = request.app.state.settings
    return SignInPolicy(max_failures=settings.sign_in_max_failures,
                        window=timedelta(minutes=settings.sign_in_failure_window_minutes),
                        lockout=timedelta(minutes=settings.sign_in_lockout_minutes))


async def account_sign_in(request: Request, uow: UnitOfWork, *, email: str, password: str
                          ) -> int | None:
    """The user with these credentials (an e-mail, or a migrant's number, and the password),
    or None; raises core.users.SignInLocked while the account refuses sign-in after repeated
    failures."""
    secret = request.app.state.secret_key
    if sign_in_codes.migrant_number(email) is not None:
        migrant_id = await sign_in_codes.find_migrant(uow, identifier=email)
        user_id = await sign_in_codes.migrant_user(uow, migrant_id=migrant_id) \
            if migrant_id is not None else None
        name = sign_in_codes.account_name(migrant_id) if migrant_id is not None else email
        return await counted_sign_in(
            uow.conn, account_key=account_key(name, secret=secret),
            policy=_sign_in_policy(request),
            attempt=lambda: authenticate_user(uow.conn, user_id=user_id, password=password))
    return await sign_in(uow.conn, email=email, password=password,
                         policy=_sign_in_policy(request),
                         account_key=account_key(email, secret=secret))


async def code_sign_in(request: Request, uow: UnitOfWork, *, identifier: str, code: str
                       ) -> sign_in_codes.CodeCheck:
    """Sign a migrant in with a one-time code from the centre (the migrant named by number
    or e-mail): the account, or why not. Failures count towards the same lock as the
    migrant's passwords; raises core.users.SignInLocked while it holds."""
    secret = request.app.state.secret_key
    migrant_id = await sign_in_codes.find_migrant(uow, identifier=identifier)
    name = sign_in_codes.account_name(migrant_id) if migrant_id is not None \
        else f"code:{identifier.strip().lower()}"
    outcome = sign_in_codes.CodeCheck(None, "wrong")

    async def attempt() -> int | None:
        nonlocal outcome
        if migrant_id is not None:
            outcome = await sign_in_codes.redeem_sign_in_code(
                uow, migrant_id=migrant_id, code=code, secret=secret)
        return outcome.user_id

    await counted_sign_in(uow.conn, account_key=account_key(name, secret=secret),
                          policy=_sign_in_policy(request), attempt=attempt)
    return outcome


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


class RoleCheck:
    """A dependency that lets only the given roles through (403 for any other signed-in
    role); the OpenAPI document reads `roles` to declare the 401 and 403 answers."""

    def __init__(self, roles: frozenset[Role]) -> None:
        self.roles = roles

    async def __call__(self, principal: CurrentPrincipal) -> Principal:
        if principal.role not in self.roles:
            raise HTTPException(
                status.HTTP_403_FORBIDDEN,
                f"this needs one of the roles: {', '.join(sorted(self.roles))}",
            )
        return principal


def require_roles(*roles: Role) -> RoleCheck:
    return RoleCheck(frozenset(roles))


Regulator = Annotated[Principal, Depends(require_roles(Role.REGULATOR))]
RegulatorOrAdmin = Annotated[Principal, Depends(require_roles(Role.REGULATOR, Role.ADMIN))]
Admin = Annotated[Principal, Depends(require_roles(Role.ADMIN))]
AgencyStaffOrOfficial = Annotated[
    Principal, Depends(require_roles(Role.AGENCY_STAFF, Role.REGULATOR, Role.ADMIN))
]
AgencyStaff = Annotated[Principal, Depends(require_roles(Role.AGENCY_STAFF))]


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# What a bigint column, and every id, holds.
_INT64_MIN, _INT64_MAX = -(2**63), 2**63 - 1


class UnsafeInput(Exception):
    """A value no field of ours may hold, refused before the body is validated."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field}: {problem}")
        self.field = field


class ControlCharacters(UnsafeInput):
    def __init__(self, field: str) -> None:
        super().__init__(field, "contains a control character (such as NUL) that text may "
                                "not hold")


class NumberOutOfRange(UnsafeInput):
    def __init__(self, field: str) -> None:
        super().__init__(field, f"is out of range: a whole number here lies between "
                                f"{_INT64_MIN} and {_INT64_MAX}")


def _first_unsafe(body: Any) -> UnsafeInput | None:
    """The first text with a control character or whole number beyond 64 bits in a JSON
    body, in the order it was written; walked without recursion."""
    stack: list[tuple[Any, str]] = [(body, "")]
    while stack:
        value, path = stack.pop()
        if isinstance(value, str):
            if _CONTROL.search(value):
                return ControlCharacters(path or "body")
        elif isinstance(value, int) and not isinstance(value, bool):
            if not _INT64_MIN <= value <= _INT64_MAX:
                return NumberOutOfRange(path or "body")
        elif isinstance(value, dict):
            for key, item in reversed(value.items()):
                if _CONTROL.search(str(key)):
                    return ControlCharacters(path or "body")
                stack.append((item, f"{path}.{key}" if path else str(key)))
        elif isinstance(value, list):
            stack.extend((item, f"{path}[{index}]")
                         for index, item in reversed(list(enumerate(value))))
    return None


async def checked_form(request: Request) -> FormData:
    """The request's form (parsed once, then kept), its text fields free of control
    characters."""
    form = await request.form()
    for key, item in form.multi_items():
        if isinstance(item, str) and _CONTROL.search(item):
            raise ControlCharacters(key)
    return form


async def reject_control_characters(request: Request) -> None:
    """No text anywhere in a request may carry control characters (PostgreSQL cannot store
    NUL, and no name, number or reason needs the others), nor a JSON number pass 64 bits.
    The form of an upload is checked by its handler once the caller may send it
    (checked_form), so that nobody's files are read before that; api.bodies has bounded
    every body already."""
    for key, value in request.query_params.multi_items():
        if _CONTROL.search(value):
            raise ControlCharacters(key)
    content_type = request.headers.get("content-type", "")
    media = content_type.split(";", 1)[0].strip().lower()
    if is_json(content_type):
        try:
            body = json.loads(await request.body())
        except ValueError:
            return  # malformed JSON is reported by the body parser, with its position
        if found := _first_unsafe(body):
            raise found
    elif media == "application/x-www-form-urlencoded" or (
            media == "multipart/form-data" and not is_upload_path(request.scope["path"])):
        await checked_form(request)


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


class TooManyFilings(Exception):
    """A person's filings over the limit for the window (`limit`, in the `limits` notation);
    the next may be made in `retry_after` seconds."""

    code = "dispute.filing_limit"

    def __init__(self, *, limit: str, retry_after: int) -> None:
        super().__init__(f"too many disputes filed for this complainant; allowed {limit}, "
                         f"the next may be filed in {retry_after} seconds")
        self.limit = limit
        self.retry_after = retry_after


def filing_limit(request: Request, uow: UnitOfWork
                 ) -> Callable[[str], Coroutine[Any, Any, None]]:
    """The limit on dispute filings per complainant (DISPUTE_FILING_RATE_LIMIT), kept in
    the shared limiter under the complainant's key, whoever files for them. A filing is
    counted once it is saved: one refused (a bad file, a fault) files nothing and takes
    nothing of the day's allowance."""

    async def _admit(complainant: str) -> None:
        setting = request.app.state.settings.dispute_filing_rate_limit
        limit, limiter = parse(setting), request.app.state.rate_limiter
        allowed, wait = await limiter.test(limit, "dispute-filing", complainant)
        if not allowed:
            raise TooManyFilings(limit=setting, retry_after=max(1, int(wait)))

        async def count() -> None:
            await limiter.hit(limit, "dispute-filing", complainant)

        uow.after_commit(count)

    return _admit


class RateLimit:
    """A per-client limit kept in Redis, so it holds across API processes (in this
    process's memory while Redis is away: see api.limiter). A dependency; the OpenAPI
    document declares 429 on the routes that have one."""

    def __init__(self, name: str, setting: str) -> None:
        self.name = name
        self.setting = setting

    async def __call__(self, request: Request) -> None:
        limit = parse(getattr(request.app.state.settings, self.setting))
        allowed, wait = await request.app.state.rate_limiter.hit(limit, self.name,
                                                                 client_address(request))
        if not allowed:
            retry_after = max(1, int(wait))
            raise HTTPException(
                status.HTTP_429_TOO_MANY_REQUESTS,
                f"too many requests from this client; allowed {limit}, retry in "
                f"{retry_after} seconds",
                headers={"Retry-After": str(retry_after)},
            )


def rate_limited(name: str, setting: str) -> RateLimit:
    return RateLimit(name, setting)
