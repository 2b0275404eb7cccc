"""The shapes of errors every domain raises; each domain names its own subclasses.

They carry no HTTP codes: the API maps each shape once.
"""

from __future__ import annotations


class DomainError(Exception):
    """Base for errors a person can act on."""


class NotFound(DomainError):
    def __init__(self, what: str, ident: object) -> None:
        super().__init__(f"{what} {ident} was not found")
        self.what = what


class IllegalTransition(DomainError):
    def __init__(self, *, what: str, action: str, status: str, allowed: list[str]) -> None:
        allowed_text = ", ".join(allowed) if allowed else "none (this state is final)"
        super().__init__(
            f"cannot {action.replace('_', ' ')} a {what} that is {status.replace('_', ' ')}; "
            f"allowed from {status.replace('_', ' ')}: {allowed_text}"
        )
        self.action = action
        self.status = status
        self.allowed = allowed


class StaleVersion(DomainError):
    def __init__(self, *, expected: int, actual: int, what: str) -> None:
        super().__init__(
            f"the {what} was changed by someone else (you saw version {expected}, it is now "
            f"version {actual}); reload it and try again"
        )
        self.expected = expected
        self.actual = actual


class Conflict(DomainError):
    """Well-formed, but clashes with what is stored."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class InvalidInput(DomainError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class Unavailable(Exception):
    """An engine the work needs (PostgreSQL, Redis) cannot be reached or did not answer
    in time. Nothing a person can fix: the same request is likely to succeed shortly."""

    def __init__(self, engine: str, reason: str) -> None:
        super().__init__(f"{engine} is unavailable: {reason}")
        self.engine = engine
