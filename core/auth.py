"""Roles, password hashing (argon2), signed access tokens (JWT) naming a session, and the
rule that refuses sign-in to an account after repeated failures."""

from __future__ import annotations

import enum
import hashlib
import hmac
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import jwt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()
_ALGORITHM = "HS256"
_ID = re.compile(r"[1-9][0-9]{0,18}")
_MAX_ID = 2**63 - 1
# A real hash to verify against when the e-mail is unknown, so a wrong e-mail
# and a wrong password take the same time.
_DUMMY_HASH = _hasher.hash("not-a-real-password")


# The role an account holds (`app_user.role`), which an administrator grants and every role
# check reads. (A comment, not a docstring: the API's schema of the enum has no description.)
class Role(enum.StrEnum):
    REGULATOR = "regulator"
    AGENCY_STAFF = "agency_staff"
    CENTRE_STAFF = "centre_staff"
    MIGRANT = "migrant"
    ATTACHE = "attache"
    SETTLEMENT_BODY = "settlement_body"
    ADMIN = "admin"


class PseudoRole(enum.StrEnum):
    """Who acts without an account. No account holds these (an administrator cannot grant
    them), but the audit log and the `*_role` columns of steps and decisions record them
    beside the real roles."""

    SYSTEM = "system"  # scheduled work, routing, the relay, seeding
    APPLICANT = "applicant"  # a person applying for a licence for an agency not yet licensed


# What `Principal.role` holds: a role an account has, or one of the pseudo-roles.
ActingRole = Role | PseudoRole


@dataclass(frozen=True)
class Principal:
    """Who is acting: a signed-in user, or the system itself (scheduled work)."""

    user_id: int | None
    role: ActingRole
    label: str
    agency_id: int | None = None
    centre_id: int | None = None
    mission_id: int | None = None
    settlement_body_id: int | None = None

    @property
    def is_system(self) -> bool:
        return self.role == PseudoRole.SYSTEM


SYSTEM = Principal(user_id=None, role=PseudoRole.SYSTEM, label="system")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and bool(password_hash)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)


@dataclass(frozen=True)
class TokenClaims:
    """What a valid access token names: the user and the session it was issued for."""

    user_id: int
    session_id: str


def issue_token(*, user_id: int, session_id: str, secret: str, minutes: int
                ) -> tuple[str, int]:
    """A signed access token for the user's session, and its lifetime in seconds."""
    now = datetime.now(UTC)
    claims = {"sub": str(user_id), "sid": session_id, "iat": now,
              "exp": now + timedelta(minutes=minutes)}
    return jwt.encode(claims, secret, algorithm=_ALGORITHM), minutes * 60


def read_token(token: str, *, secret: str) -> TokenClaims | None:
    """The user and session a valid token names, or None for any invalid or expired token
    (one issued without a session included)."""
    try:
        claims = jwt.decode(token, secret, algorithms=[_ALGORITHM],
                            options={"require": ["exp", "sub", "sid"]})
    except jwt.PyJWTError:
        return None
    # Only a subject that is an id (as issue_token writes it) names anyone: anything else,
    # such as a number past the ids' 64 bits, is an invalid token, never a failed query.
    subject, session = claims.get("sub"), claims.get("sid")
    if not isinstance(subject, str) or not _ID.fullmatch(subject) \
            or not isinstance(session, str) or not session:
        return None
    user_id = int(subject)
    return TokenClaims(user_id=user_id, session_id=session) if user_id <= _MAX_ID else None


def account_key(email: str, *, secret: str) -> bytes:
    """The key failed sign-ins are counted under: the same for every spelling of one e-mail
    (case, surrounding spaces), and not the text typed (which may be a password put in the
    wrong field)."""
    return hmac.new(secret.encode(), b"sign-in:" + email.strip().lower().encode(),
                    hashlib.sha256).digest()


@dataclass(frozen=True)
class SignInPolicy:
    """After `max_failures` failed sign-ins to one account within `window`, the account
    refuses sign-in for `lockout`."""

    max_failures: int
    window: timedelta
    lockout: timedelta


@dataclass(frozen=True)
class SignInFailures:
    """Failed sign-ins to one account: how many since the window started, and until when
    sign-in is refused (None when it is not)."""

    failures: int
    window_started_at: datetime
    locked_until: datetime | None = None


def locked_until(state: SignInFailures | None, *, now: datetime) -> datetime | None:
    """Until when sign-in to the account is refused, or None when it may be tried."""
    if state is None or state.locked_until is None or state.locked_until <= now:
        return None
    return state.locked_until


def after_failure(state: SignInFailures | None, *, now: datetime, policy: SignInPolicy
                  ) -> SignInFailures:
    """The count after one more failed sign-in: a failure after the window has passed
    starts a new window, and the failure that reaches the limit locks the account (and
    starts the count afresh for when the lock ends)."""
    if state is None or state.window_started_at + policy.window <= now:
        state = SignInFailures(failures=0, window_started_at=now)
    failures = state.failures + 1
    if failures >= policy.max_failures:
        return SignInFailures(failures=0, window_started_at=now,
                              locked_until=now + policy.lockout)
    return SignInFailures(failures=failures, window_started_at=state.window_started_at)
