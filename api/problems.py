"""One table of error shapes: each error class a request may end in, with the status, title
and problem type it answers with and the members it adds to the problem. The JSON handler
(api.errors) answers every one of them from here, and the pages' form runners take from here
the status a refused form answers with; a new error needs one row (or none, when it is a
subclass of a shape already here).

Outages (503) and the framework's own errors (validation, HTTP exceptions) are answered in
api.errors: they are no refusal of the domain's.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import asyncpg

from api.deps import TooManyFilings, UnsafeInput, seconds_until
from core import errors
from core.password_reset import ResetLinkSpent, ResetLinkUnknown
from core.users import AccountClosed, SignInLocked
from disputes import exceptions as dispute_errors
from matching import exceptions as matching_errors
from registry.exceptions import Refused

Members = Callable[[Any], dict[str, Any]]


def _none(exc: Any) -> dict[str, Any]:
    return {}


@dataclass(frozen=True)
class Shape:
    """`members` adds to the problem; `detail` replaces str(exc); `field_detail` writes the
    detail as "field: message" with the field in `errors`, as every 422 does; `headers`
    (Retry-After) go on the answer."""

    status: int
    title: str
    slug: str
    members: Members = _none
    detail: Callable[[Any], str] | None = None
    field_detail: bool = False
    headers: Callable[[Any], dict[str, str]] | None = None


def _retry_after(seconds: Callable[[Any], int]) -> Callable[[Any], dict[str, str]]:
    return lambda exc: {"Retry-After": str(seconds(exc))}


SHAPES: dict[type[Exception], Shape] = {
    errors.NotFound: Shape(404, "Not found", "not-found"),
    errors.Forbidden: Shape(403, "Forbidden", "forbidden"),
    errors.InvalidInput: Shape(422, "Invalid request", "invalid-request", field_detail=True),
    errors.Conflict: Shape(409, "Conflict", "conflict"),
    errors.IllegalTransition: Shape(
        409, "Transition not allowed", "illegal-transition",
        lambda e: {"field": "action", "current_status": e.status,
                   "allowed_actions": e.allowed}),
    errors.StaleVersion: Shape(
        409, "Changed by someone else", "stale-version",
        lambda e: {"field": "expected_version", "current_version": e.actual}),
    Refused: Shape(409, "Refused", "refused"),
    ResetLinkUnknown: Shape(400, "Invalid request", "reset-link-unknown",
                            lambda e: {"field": "token"}),
    ResetLinkSpent: Shape(410, "Link no longer valid", "reset-link-spent",
                          lambda e: {"field": "token"}),
    matching_errors.NotPrescreened: Shape(409, "Not pre-screened", "not-prescreened",
                                          lambda e: {"missing": e.missing}),
    matching_errors.LicenceNotInForce: Shape(
        409, "Licence not in force", "licence-not-in-force",
        lambda e: {"licence_hold": e.hold, "country": e.country}),
    matching_errors.BlockingFlags: Shape(
        409, "Blocked by red flags", "blocking-red-flags",
        lambda e: {"action": e.action, "codes": [f["code"] for f in e.flags],
                   "flags": e.flags}),
    matching_errors.MissingAcknowledgements: Shape(
        422, "Invalid request", "invalid-request",
        lambda e: {"codes": [f["code"] for f in e.flags], "errors": [
            {"field": f"acknowledgements.{f['code']}",
             "message": f"a reason is required to accept this warning: {f['message']}"}
            for f in e.flags]},
        field_detail=True),
    dispute_errors.EvidenceTooLarge: Shape(413, "File too large", "file-too-large",
                                           field_detail=True),
    dispute_errors.EvidenceCorrupted: Shape(500, "Evidence unavailable", "evidence-corrupted"),
    dispute_errors.AlreadyOpen: Shape(409, "Conflict", "dispute-already-open",
                                      lambda e: {"dispute_id": e.dispute_id,
                                                 "reference": e.reference}),
    dispute_errors.CorrectionWindowClosed: Shape(
        409, "Conflict", "correction-window-closed",
        lambda e: {"correctable_until": e.until.isoformat(), "correction_days": e.days}),
    UnsafeInput: Shape(422, "Invalid request", "invalid-request",
                       lambda e: {"field": e.field,
                                  "errors": [{"field": e.field, "message": str(e)}]}),
    AccountClosed: Shape(403, "Forbidden", "account-closed"),
    SignInLocked: Shape(429, "Too many requests", "sign-in-locked",
                        lambda e: {"retry_after": seconds_until(e.until)},
                        headers=_retry_after(lambda e: seconds_until(e.until))),
    TooManyFilings: Shape(429, "Too many requests", "too-many-requests",
                          lambda e: {"code": e.code, "limit": e.limit,
                                     "retry_after": e.retry_after},
                          headers=_retry_after(lambda e: e.retry_after)),
    asyncpg.UniqueViolationError: Shape(
        409, "Conflict", "conflict", lambda e: {"constraint": e.constraint_name},
        detail=lambda e: "this conflicts with a record saved at the same moment; reload and "
                         "retry"),
}


def shape_of(exc: BaseException) -> Shape | None:
    """The row of the nearest class of `exc` in the table."""
    for cls in type(exc).__mro__:
        shape = SHAPES.get(cls)
        if shape is not None:
            return shape
    return None


def status_of(exc: BaseException) -> int:
    """The status a refusal answers with, on a page as in the API."""
    shape = shape_of(exc)
    return shape.status if shape else 409


def problem_members(exc: BaseException, shape: Shape) -> tuple[str, dict[str, Any]]:
    """The detail and the members of the problem an error answers with: its field, its
    code and parameters (a domain error's), and what its shape adds."""
    message = shape.detail(exc) if shape.detail else str(exc)
    field = getattr(exc, "field", None)
    members: dict[str, Any] = {"field": field}
    if isinstance(exc, errors.DomainError):
        members["code"] = exc.code
        # A missing record's only parameter is the id the request named.
        if not isinstance(exc, errors.NotFound):
            members["params"] = exc.params or None
    detail = message
    if shape.field_detail and field:
        detail = f"{field}: {message}"
        members["errors"] = [{"field": field, "message": message}]
    members.update(shape.members(exc))
    return detail, members
