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


class NotPrescreened(MatchingError):
    def __init__(self, missing: list[str]) -> None:
        super().__init__(
            "personalised matches are for pre-screened migrants only; missing: "
            + ", ".join(m.replace("_", " ") for m in missing)
        )
        self.missing = missing


class SearchUnavailable(MatchingError):
    """The search engine cannot answer now; nothing saved is lost."""
