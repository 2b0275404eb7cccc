"""Matching errors: the shared shapes of core.errors, and matching's own."""

from __future__ import annotations

from core import errors


class MatchingError(errors.DomainError):
    """Base for the matching domain's errors."""


class NotFound(MatchingError, errors.NotFound):
    pass


class IllegalTransition(MatchingError, errors.IllegalTransition):
    pass


class Conflict(MatchingError, errors.Conflict):
    """Well-formed, but clashes with what is stored (a licence that does not cover, ...)."""


class InvalidInput(MatchingError, errors.InvalidInput):
    pass


class LicenceNotInForce(Conflict):
    """A referral cannot move on while its agency's licence is not in force; turning it
    down still can. `code` is stable; `hold` says why (a licence status, "not_in_force"
    or "not_covered")."""

    code = "licence_not_in_force"

    def __init__(self, message: str, *, hold: str, agency_name: str, country: str) -> None:
        super().__init__(message)
        self.hold = hold
        self.agency_name = agency_name
        self.country = country


class NotPrescreened(MatchingError):
    def __init__(self, missing: list[str]) -> None:
        super().__init__(
            "personalised matches are for pre-screened migrants only; missing: "
            + ", ".join(m.replace("_", " ") for m in missing)
        )
        self.missing = missing


class SearchUnavailable(MatchingError):
    """The search engine cannot answer now; nothing saved is lost."""
