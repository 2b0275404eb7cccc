"""Matching errors. They carry no HTTP codes; the API maps them."""

from __future__ import annotations


class MatchingError(Exception):
    """Base for errors a person can act on."""


class NotFound(MatchingError):
    def __init__(self, what: str, ident: object) -> None:
        super().__init__(f"{what} {ident} was not found")


class IllegalTransition(MatchingError):
    def __init__(self, *, what: str, action: str, status: str, allowed: list[str]) -> None:
        allowed_text = ", ".join(allowed) if allowed else "none (this state is final)"
        super().__init__(
            f"cannot {action.replace('_', ' ')} a {what} that is {status.replace('_', ' ')}; "
            f"allowed from {status.replace('_', ' ')}: {allowed_text}"
        )
        self.status = status
        self.allowed = allowed


class Conflict(MatchingError):
    """Well-formed, but clashes with what is stored (a licence that does not cover, ...)."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class InvalidInput(MatchingError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class NotPrescreened(MatchingError):
    def __init__(self, missing: list[str]) -> None:
        super().__init__(
            "personalised matches are for pre-screened migrants only; missing: "
            + ", ".join(m.replace("_", " ") for m in missing)
        )
        self.missing = missing


class SearchUnavailable(MatchingError):
    """The search engine cannot answer now; nothing saved is lost."""
