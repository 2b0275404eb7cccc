"""Registry errors. They carry no HTTP codes; the API maps them."""

from __future__ import annotations


class RegistryError(Exception):
    """Base for errors a person can act on."""


class NotFound(RegistryError):
    def __init__(self, what: str, ident: object) -> None:
        super().__init__(f"{what} {ident} was not found")
        self.what = what


class IllegalTransition(RegistryError):
    def __init__(self, *, action: str, status: str, allowed: list[str]) -> None:
        allowed_text = ", ".join(allowed) if allowed else "none (this state is final)"
        super().__init__(
            f"cannot {action.replace('_', ' ')} a licence that is {status.replace('_', ' ')}; "
            f"allowed from {status.replace('_', ' ')}: {allowed_text}"
        )
        self.action = action
        self.status = status
        self.allowed = allowed


class StaleVersion(RegistryError):
    def __init__(self, *, expected: int, actual: int) -> None:
        super().__init__(
            f"the licence was changed by someone else (you saw version {expected}, "
            f"it is now version {actual}); reload it and try again"
        )
        self.expected = expected
        self.actual = actual


class Conflict(RegistryError):
    """The request is well-formed but clashes with what is stored."""


class Refused(RegistryError):
    """An application refused by a rule (a barred person, for instance)."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class InvalidInput(RegistryError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
