"""When repeated failed sign-ins lock an account, and what access tokens must name: pure
rules."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from core.auth import (
    SignInFailures,
    SignInPolicy,
    account_key,
    after_failure,
    issue_token,
    locked_until,
    read_token,
)

pytestmark = pytest.mark.unit

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
POLICY = SignInPolicy(max_failures=3, window=timedelta(minutes=15),
                      lockout=timedelta(minutes=10))


def _at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


@pytest.mark.parametrize(("before", "now", "after"), [
    # the first failure opens a window
    (None, _at(0), SignInFailures(1, _at(0))),
    (SignInFailures(0, _at(-30)), _at(0), SignInFailures(1, _at(0))),
    # within the window, failures add up
    (SignInFailures(1, _at(0)), _at(5), SignInFailures(2, _at(0))),
    # the failure that reaches the limit locks the account, counting afresh
    (SignInFailures(2, _at(0)), _at(14), SignInFailures(0, _at(14), _at(24))),
    # a failure after the window has passed starts a new one
    (SignInFailures(2, _at(0)), _at(15), SignInFailures(1, _at(15))),
    (SignInFailures(2, _at(0)), _at(40), SignInFailures(1, _at(40))),
    # after a lock has ended, the next failures count from where it started
    (SignInFailures(0, _at(14), _at(24)), _at(25), SignInFailures(1, _at(14))),
    (SignInFailures(0, _at(14), _at(24)), _at(30), SignInFailures(1, _at(30))),
])
def test_after_failure(before: SignInFailures | None, now: datetime,
                       after: SignInFailures) -> None:
    assert after_failure(before, now=now, policy=POLICY) == after


@pytest.mark.parametrize(("state", "now", "until"), [
    (None, _at(0), None),
    (SignInFailures(2, _at(0)), _at(1), None),  # failures alone do not lock
    (SignInFailures(0, _at(0), _at(10)), _at(0), _at(10)),
    (SignInFailures(0, _at(0), _at(10)), _at(9.9), _at(10)),
    (SignInFailures(0, _at(0), _at(10)), _at(10), None),  # the lock has ended
])
def test_locked_until(state: SignInFailures | None, now: datetime,
                      until: datetime | None) -> None:
    assert locked_until(state, now=now) == until


def test_one_limit_of_failures_in_a_row_locks() -> None:
    state = None
    for minute in range(POLICY.max_failures - 1):
        state = after_failure(state, now=_at(minute), policy=POLICY)
        assert locked_until(state, now=_at(minute)) is None
    state = after_failure(state, now=_at(2), policy=POLICY)
    assert locked_until(state, now=_at(2)) == _at(12)


def test_the_account_key_is_the_same_for_every_spelling_of_one_email() -> None:
    secret = "s" * 40
    key = account_key("Aibek@Example.org", secret=secret)
    assert account_key("  aibek@example.org ", secret=secret) == key
    assert account_key("aibek2@example.org", secret=secret) != key
    assert account_key("aibek@example.org", secret="t" * 40) != key
    assert b"aibek" not in key


def test_a_token_names_its_session_and_one_without_a_session_is_refused() -> None:
    import jwt

    secret = "s" * 40
    token, lifetime = issue_token(user_id=7, session_id="abc", secret=secret, minutes=5)
    claims = read_token(token, secret=secret)
    assert claims is not None and (claims.user_id, claims.session_id) == (7, "abc")
    assert lifetime == 300
    assert read_token(token, secret="t" * 40) is None
    sessionless = jwt.encode({"sub": "7", "exp": datetime.now(UTC) + timedelta(minutes=5)},
                             secret, algorithm="HS256")
    assert read_token(sessionless, secret=secret) is None
