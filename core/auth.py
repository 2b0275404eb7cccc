"""Roles, password hashing (argon2) and signed access tokens (JWT)."""

from __future__ import annotations

import enum
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


class Role(enum.StrEnum):
    REGULATOR = "regulator"
    AGENCY_STAFF = "agency_staff"
    CENTRE_STAFF = "centre_staff"
    MIGRANT = "migrant"
    ATTACHE = "attache"
    SETTLEMENT_BODY = "settlement_body"
    ADMIN = "admin"


@dataclass(frozen=True)
class Principal:
    """Who is acting: a signed-in user, or the system itself (scheduled work)."""

    user_id: int | None
    role: str
    label: str
    agency_id: int | None = None
    centre_id: int | None = None
    mission_id: int | None = None
    settlement_body_id: int | None = None

    @property
    def is_system(self) -> bool:
        return self.role == "system"


SYSTEM = Principal(user_id=None, role="system", label="system")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and bool(password_hash)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)


def issue_token(*, user_id: int, secret: str, minutes: int) -> tuple[str, int]:
    """A signed access token for the user, and its lifetime in seconds."""
    now = datetime.now(UTC)
    claims = {"sub": str(user_id), "iat": now, "exp": now + timedelta(minutes=minutes)}
    return jwt.encode(claims, secret, algorithm=_ALGORITHM), minutes * 60


def read_token(token: str, *, secret: str) -> int | None:
    """The user id a valid token names, or None for any invalid or expired token."""
    try:
        claims = jwt.decode(token, secret, algorithms=[_ALGORITHM], options={"require": ["exp"]})
    except jwt.PyJWTError:
        return None
    # Only a subject that is an id (as issue_token writes it) names anyone: anything else,
    # such as a number past the ids' 64 bits, is an invalid token, never a failed query.
    subject = claims.get("sub")
    if not isinstance(subject, str) or not _ID.fullmatch(subject):
        return None
    user_id = int(subject)
    return user_id if user_id <= _MAX_ID else None
