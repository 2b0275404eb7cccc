"""User accounts: creation, sign-in (refused for a while after repeated failures), the
sessions a sign-in opens, and the principal behind a token."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any

import asyncpg

from core.auth import (
    Principal,
    Role,
    SignInFailures,
    SignInPolicy,
    after_failure,
    hash_password,
    locked_until,
    needs_rehash,
    verify_password,
)
from core.errors import Conflict, english_texts

# Rows of accounts nobody tried for a while that one failed sign-in sweeps out, so that
# guesses at many e-mails leave no lasting trace and no failure pays for a big sweep.
_SWEEP_ROWS = 100


class EmailTaken(Conflict):
    code = "account.email_taken"

    def __init__(self, email: str) -> None:
        super().__init__(field="email", email=email)


english_texts({
    "account.email_taken": "an account with e-mail %(email)s already exists",
    "account.role_needs": "%(field_name)s is required for the role %(role)s",
    "account.role_excludes": "%(field_name)s does not apply to the role %(role)s",
    "notice.unsubscribe_invalid": "this unsubscribe link is not valid; sign in and change your "
                                  "notice settings instead",
    "mission.home_country": "a mission works in a receiving country, not at home",
    "account.not_closed": "the account of %(name)s is not closed",
})


async def create_user(
    conn: asyncpg.Connection,
    *,
    email: str | None,
    full_name: str,
    password: str | None,
    role: Role,
    agency_id: int | None = None,
    centre_id: int | None = None,
    mission_id: int | None = None,
    settlement_body_id: int | None = None,
) -> int:
    """Create an account in the caller's transaction. Only a migrant's may lack an e-mail
    (it signs in with the migrant number), and one without a password signs in only with a
    one-time code until it sets one."""
    if email is not None and await conn.fetchval(
            "SELECT 1 FROM app_user WHERE lower(email) = lower($1)", email):
        raise EmailTaken(email)
    user_id: int = await conn.fetchval(
        """
        INSERT INTO app_user (email, full_name, password_hash, role, agency_id, centre_id,
                              mission_id, settlement_body_id)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
        RETURNING id
        """,
        email.lower() if email is not None else None, full_name,
        hash_password(password) if password is not None else None, role, agency_id,
        centre_id, mission_id, settlement_body_id,
    )
    return user_id


async def authenticate(conn: asyncpg.Connection, *, email: str, password: str) -> int | None:
    """The id of the active user with these credentials, or None."""
    row = await conn.fetchrow(
        "SELECT id, password_hash, is_active, role FROM app_user WHERE lower(email) = lower($1)",
        email,
    )
    return await _checked(conn, row, password)


async def authenticate_user(conn: asyncpg.Connection, *, user_id: int | None, password: str
                            ) -> int | None:
    """The id of the user, if active and the password is theirs (a user named another way
    than by e-mail: a migrant by number); None otherwise, in the same time."""
    row = await conn.fetchrow(
        "SELECT id, password_hash, is_active, role FROM app_user WHERE id = $1", user_id or 0)
    return await _checked(conn, row, password)


async def _checked(conn: asyncpg.Connection, row: asyncpg.Record | None, password: str
                   ) -> int | None:
    if not verify_password(row["password_hash"] if row else None, password):
        return None
    assert row is not None
    if not row["is_active"]:
        # Told only to whoever knows the password: «wrong password» would send the owner
        # of a closed account to reset a password that is not what stops them.
        raise AccountClosed(migrant=row["role"] == "migrant")
    if needs_rehash(row["password_hash"]):
        await conn.execute(
            "UPDATE app_user SET password_hash = $2 WHERE id = $1",
            row["id"], hash_password(password),
        )
    user_id: int = row["id"]
    return user_id


async def set_password(conn: asyncpg.Connection, *, user_id: int, password: str) -> None:
    """Give the account a new password (hashed as every password is)."""
    await conn.execute("UPDATE app_user SET password_hash = $2 WHERE id = $1",
                       user_id, hash_password(password))


class AccountClosed(Exception):
    """The credentials are right, but the account was closed: it may not sign in."""

    def __init__(self, *, migrant: bool = False) -> None:
        super().__init__("this account is closed; ask " + (
            "your migrant resource centre" if migrant else
            "the administrator of your organisation") + " to open it again")
        self.migrant = migrant


class SignInLocked(Exception):
    """Too many failed sign-ins to this account lately: it refuses sign-in until then."""

    def __init__(self, until: datetime) -> None:
        super().__init__(f"too many failed sign-ins to this account; try again after "
                         f"{until.isoformat(timespec='seconds')}")
        self.until = until


async def sign_in(conn: asyncpg.Connection, *, email: str, password: str, account_key: bytes,
                  policy: SignInPolicy) -> int | None:
    """The id of the active user with these credentials, or None; raises SignInLocked while
    the account refuses sign-in. Failures are counted per account (whatever the client's
    address) and a success clears them. Needs the caller's transaction, and its commit
    even when the answer is None: that is when the failure is recorded."""
    return await counted_sign_in(
        conn, account_key=account_key, policy=policy,
        attempt=lambda: authenticate(conn, email=email, password=password))


async def counted_sign_in(conn: asyncpg.Connection, *, account_key: bytes,
                          policy: SignInPolicy,
                          attempt: Callable[[], Awaitable[int | None]]) -> int | None:
    """Run one attempt to sign in to the account behind `account_key` (a password, a
    one-time code): its user id, or None, which counts as a failure; raises SignInLocked,
    without attempting, while the account refuses sign-in."""
    # Locks the account's row (made if need be), so attempts at one account are counted
    # one after another: a burst of guesses sent at once cannot pass the limit.
    row = await conn.fetchrow(
        """
        INSERT INTO sign_in_failure AS f (account_key, failures, window_started_at)
        VALUES ($1, 0, now())
        ON CONFLICT (account_key) DO UPDATE SET account_key = f.account_key
        RETURNING failures, window_started_at, locked_until, now() AS now
        """,
        account_key,
    )
    assert row is not None
    state = SignInFailures(failures=row["failures"],
                           window_started_at=row["window_started_at"],
                           locked_until=row["locked_until"])
    now: datetime = row["now"]
    until = locked_until(state, now=now)
    if until is not None:
        raise SignInLocked(until)
    user_id = await attempt()
    if user_id is not None:
        await conn.execute("DELETE FROM sign_in_failure WHERE account_key = $1", account_key)
        return user_id
    failed = after_failure(state, now=now, policy=policy)
    await conn.execute(
        "UPDATE sign_in_failure SET failures = $2, window_started_at = $3, locked_until = $4, "
        "updated_at = $5 WHERE account_key = $1",
        account_key, failed.failures, failed.window_started_at, failed.locked_until, now,
    )
    await conn.execute(
        """
        DELETE FROM sign_in_failure WHERE ctid = ANY (ARRAY(
            SELECT ctid FROM sign_in_failure
            WHERE updated_at < $1 AND (locked_until IS NULL OR locked_until < $2)
            LIMIT $3 FOR UPDATE SKIP LOCKED))
        """,
        now - max(policy.window, policy.lockout), now, _SWEEP_ROWS,
    )
    return None


async def open_session(conn: asyncpg.Connection, *, user_id: int, lifetime: timedelta) -> str:
    """A new session of the user, lasting `lifetime`; the user's expired ones are cleared."""
    session_id = uuid.uuid4()
    await conn.execute(
        "DELETE FROM user_session WHERE user_id = $1 AND expires_at <= now()", user_id)
    await conn.execute(
        "INSERT INTO user_session (id, user_id, expires_at) VALUES ($1, $2, now() + $3)",
        session_id, user_id, lifetime,
    )
    return str(session_id)


def _session_uuid(session_id: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(session_id)
    except ValueError:
        return None


async def end_session(conn: asyncpg.Connection, session_id: str) -> None:
    """Sign out: every token of this session is refused from now on."""
    found = _session_uuid(session_id)
    if found is not None:
        await conn.execute("DELETE FROM user_session WHERE id = $1", found)


async def end_user_sessions(conn: asyncpg.Connection, user_id: int) -> int:
    """End every session of the user (on every device); returns how many there were."""
    ended: str = await conn.execute("DELETE FROM user_session WHERE user_id = $1", user_id)
    return int(ended.split()[-1])


async def deactivate_user(conn: asyncpg.Connection, user_id: int) -> bool:
    """The account may no longer sign in, and its open sessions end at once. Returns
    whether it was active."""
    changed = await conn.fetchval(
        "UPDATE app_user SET is_active = false WHERE id = $1 AND is_active RETURNING id",
        user_id)
    await end_user_sessions(conn, user_id)
    return changed is not None


async def reactivate_user(conn: asyncpg.Connection, user_id: int) -> bool:
    """The account may sign in again, with the password it had: closing kept it, and every
    session it had stays ended. Returns whether it was closed."""
    changed = await conn.fetchval(
        "UPDATE app_user SET is_active = true WHERE id = $1 AND NOT is_active RETURNING id",
        user_id)
    return changed is not None


async def session_principal(conn: asyncpg.Connection, *, user_id: int, session_id: str
                            ) -> Principal | None:
    """The principal of a token: its user, while the user is active and the session is
    open (neither signed out nor expired). One lookup by primary keys."""
    found = _session_uuid(session_id)
    if found is None:
        return None
    row = await conn.fetchrow(
        """
        SELECT u.* FROM user_session s JOIN app_user u ON u.id = s.user_id
        WHERE s.id = $1 AND s.user_id = $2 AND s.expires_at > now() AND u.is_active
        """,
        found, user_id,
    )
    return _principal(row) if row is not None else None


async def principal_for(conn: asyncpg.Connection, user_id: int) -> Principal | None:
    row = await conn.fetchrow(
        "SELECT * FROM app_user WHERE id = $1 AND is_active", user_id
    )
    return _principal(row) if row is not None else None


def _principal(row: asyncpg.Record) -> Principal:
    return Principal(
        user_id=row["id"],
        role=Role(row["role"]),
        label=f"{row['full_name']} <{row['email']}>" if row["email"] else row["full_name"],
        agency_id=row["agency_id"],
        centre_id=row["centre_id"],
        mission_id=row["mission_id"],
        settlement_body_id=row["settlement_body_id"],
    )


async def get_user(conn: asyncpg.Connection, user_id: int) -> dict[str, Any] | None:
    row = await conn.fetchrow(
        "SELECT id, email, full_name, role, agency_id, centre_id, mission_id, "
        "settlement_body_id, is_active, created_at FROM app_user WHERE id = $1",
        user_id,
    )
    return dict(row) if row else None


async def list_users(conn: asyncpg.Connection, *, roles: list[Role], limit: int, offset: int
                     ) -> list[dict[str, Any]]:
    """Accounts in these roles, newest first."""
    rows = await conn.fetch(
        "SELECT id, email, full_name, role, agency_id, centre_id, mission_id, "
        "settlement_body_id, is_active, created_at FROM app_user "
        "WHERE role = ANY ($1::text[]) ORDER BY created_at DESC, id DESC LIMIT $2 OFFSET $3",
        [str(role) for role in roles], limit, offset,
    )
    return [dict(row) for row in rows]
