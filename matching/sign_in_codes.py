"""One-time sign-in codes given at a centre's counter: staff give one of their migrants a
short code to sign in with (their number or e-mail, and the code), once, for a while; the
migrant then sets a password."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from core import audit
from core.auth import Principal, Role
from core.db import UnitOfWork
from core.text import code_letters
from core.users import (
    EmailTaken,
    authenticate_user,
    create_user,
    principal_for,
    set_password,
)
from core.validation import PASSWORD_KINDS, password_plain
from matching.exceptions import InvalidInput, NotFound
from matching.repository import migrants as migrants_repo
from matching.repository import sign_in_codes as repo

# No 0/O, 1/I/L: read off a slip or a phone and typed, they are not mistaken for each other.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LENGTH = 8
# As every password of the service (core.validation.Password).
PASSWORD_MIN, PASSWORD_MAX = 10, 128
# Cyrillic capitals that look like Latin ones, as a phone's Russian keyboard types them.
_SEPARATORS = re.compile(r"[\s\-_.]")
# A migrant's number as the centre writes it: "123", "№ 123", "#123", "M-123".
_NUMBER = re.compile(r"^(?:№|#|no\.?|n|m|м)?\s*-?\s*0*([1-9][0-9]{0,17})$", re.IGNORECASE)

Refusal = Literal["wrong", "expired", "used", "replaced"]


@dataclass(frozen=True)
class IssuedCode:
    """A code as the counter hands it over: shown once, never stored as text."""

    migrant_id: int
    code: str
    expires_at: datetime
    replaced: bool

    @property
    def printed(self) -> str:
        """The code in two halves, as the slip prints it: `K7QM-2XRP`."""
        return f"{self.code[:4]}-{self.code[4:]}"


@dataclass(frozen=True)
class CodeCheck:
    """The outcome of a code typed: the account it signs in to, or why not."""

    user_id: int | None
    refusal: Refusal | None = None
    code_id: int | None = None


def normalise_code(text: str) -> str:
    """The code as issued: upper case, without spaces or dashes, Cyrillic look-alikes as
    Latin."""
    return code_letters(_SEPARATORS.sub("", text))


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def code_hash(migrant_id: int, code: str, *, secret: str) -> bytes:
    """The code as kept: keyed with the service's secret (a short code hashed without a key
    is found by trying them all) and bound to its migrant."""
    return hmac.new(secret.encode(), f"sign-in-code:{migrant_id}:{normalise_code(code)}"
                    .encode(), hashlib.sha256).digest()


def migrant_number(identifier: str) -> int | None:
    """The migrant number in what was typed, if it is one."""
    found = _NUMBER.match(identifier.strip())
    return int(found.group(1)) if found else None


def account_name(migrant_id: int) -> str:
    """What failed sign-ins to a migrant are counted under, whether the migrant is named by
    number or by e-mail, with a code or a password."""
    return f"migrant-{migrant_id}"


async def find_migrant(uow: UnitOfWork, *, identifier: str) -> int | None:
    """The migrant a person signing in names: by migrant number, or by an e-mail address
    that only one migrant has."""
    number = migrant_number(identifier)
    if number is not None:
        row = await migrants_repo.get_migrant(uow.conn, number)
        return row["id"] if row else None
    if "@" in identifier:
        found = await repo.find_migrant_ids_by_email(uow.conn, identifier.strip())
        return found[0] if len(found) == 1 else None
    return None


async def migrant_user(uow: UnitOfWork, *, migrant_id: int) -> int | None:
    """The account of a migrant, if there is one."""
    row = await migrants_repo.get_migrant(uow.conn, migrant_id)
    return row["user_id"] if row else None


async def issue_sign_in_code(uow: UnitOfWork, *, migrant_id: int, actor: Principal,
                             secret: str, lifetime: timedelta) -> IssuedCode:
    """Centre staff give one of their migrants a one-time sign-in code; any code given
    before is void from now on. Audited (never the code)."""
    row = await migrants_repo.get_migrant(uow.conn, migrant_id, for_update=True)
    if row is None or actor.role != Role.CENTRE_STAFF or actor.centre_id != row["centre_id"]:
        raise NotFound("migrant", migrant_id)
    voided = await repo.void_live(uow.conn, migrant_id)
    code = new_code()
    stored = await repo.insert_code(uow.conn, migrant_id=migrant_id,
                                    code_hash=code_hash(migrant_id, code, secret=secret),
                                    issued_by_user_id=actor.user_id, lifetime=lifetime)
    await audit.record(
        uow.conn, actor=actor, entity_type="migrant", entity_id=migrant_id,
        action="issue_sign_in_code",
        data={"code_id": stored["id"], "expires_at": stored["expires_at"].isoformat(),
              "voided_codes": voided, "has_account": row["user_id"] is not None})
    return IssuedCode(migrant_id=migrant_id, code=code, expires_at=stored["expires_at"],
                      replaced=voided > 0)


async def redeem_sign_in_code(uow: UnitOfWork, *, migrant_id: int, code: str, secret: str
                              ) -> CodeCheck:
    """Use a migrant's code: once, before it expires, and only the newest one given. The
    account it signs in to is made now if the migrant has none yet (with the migrant's
    e-mail when no other account has it, and no password until the migrant sets one).
    A deactivated account stays closed."""
    found = await repo.find_code(uow.conn, migrant_id=migrant_id,
                                 code_hash=code_hash(migrant_id, code, secret=secret))
    if found is None:
        return CodeCheck(None, "wrong")
    if found["used_at"] is not None:
        return CodeCheck(None, "used")
    if found["voided_at"] is not None:
        return CodeCheck(None, "replaced")
    if found["expires_at"] <= found["now"]:
        return CodeCheck(None, "expired")
    migrant = await migrants_repo.get_migrant(uow.conn, migrant_id, for_update=True)
    assert migrant is not None
    user_id: int | None = migrant["user_id"]
    created = False
    if user_id is None:
        try:
            user_id = await create_user(uow.conn, email=migrant["email"],
                                        full_name=migrant["full_name"], password=None,
                                        role=Role.MIGRANT)
        except EmailTaken:
            user_id = await create_user(uow.conn, email=None, full_name=migrant["full_name"],
                                        password=None, role=Role.MIGRANT)
        await repo.link_user(uow.conn, migrant_id, user_id)
        created = True
    principal = await principal_for(uow.conn, user_id)
    if principal is None:
        return CodeCheck(None, "wrong")  # a deactivated account: no code opens it
    await repo.mark_used(uow.conn, found["id"], found["now"])
    if created:
        await audit.record(uow.conn, actor=principal, entity_type="user", entity_id=user_id,
                           action="create", data={"role": Role.MIGRANT.value,
                                                  "migrant_id": migrant_id,
                                                  "by": "sign_in_code"})
    await audit.record(uow.conn, actor=principal, entity_type="migrant", entity_id=migrant_id,
                       action="use_sign_in_code", data={"code_id": found["id"]})
    return CodeCheck(user_id, code_id=found["id"])


async def note_code_session(uow: UnitOfWork, *, code_id: int, session_id: str) -> None:
    """Remember the session a code opened: in it the migrant may set a password without
    the old one, for as long as a code lasts."""
    await repo.note_session(uow.conn, code_id, uuid.UUID(session_id))


class PasswordRefused(InvalidInput):
    """A new password that cannot be set; `code` and `params` word it for pages."""

    def __init__(self, code: str, field: str = "password", **params: object) -> None:
        super().__init__(field, code, **params)


async def set_own_password(uow: UnitOfWork, *, actor: Principal, session_id: str,
                           password: str, current_password: str | None,
                           code_lifetime: timedelta) -> None:
    """A signed-in migrant sets the password of their account: with the current one, or
    without it in the session a sign-in code opened (for as long as a code lasts)."""
    if actor.role != Role.MIGRANT or actor.user_id is None:
        raise PasswordRefused("password.not_migrant")
    if not PASSWORD_MIN <= len(password) <= PASSWORD_MAX:
        raise PasswordRefused("password.length", min=PASSWORD_MIN, max=PASSWORD_MAX)
    if password_plain(password):
        raise PasswordRefused("password.plain", kinds=PASSWORD_KINDS)
    by_code = await repo.opened_by_code(uow.conn, uuid.UUID(session_id), code_lifetime)
    if not by_code and not current_password:
        raise PasswordRefused("password.current_missing", field="current_password")
    if not by_code and (current_password is None or await authenticate_user(
            uow.conn, user_id=actor.user_id, password=current_password) is None):
        raise PasswordRefused("password.current_wrong", field="current_password")
    if await authenticate_user(uow.conn, user_id=actor.user_id, password=password) is not None:
        raise PasswordRefused("password.unchanged")
    await set_password(uow.conn, user_id=actor.user_id, password=password)
    await audit.record(uow.conn, actor=actor, entity_type="user", entity_id=actor.user_id,
                       action="set_password", data={"by_code_session": by_code})
