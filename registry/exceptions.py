"""Registry errors: the shared shapes of core.errors, named for the registry."""

from __future__ import annotations

from core import errors


class RegistryError(errors.DomainError):
    """Base for the registry's errors."""


class NotFound(RegistryError, errors.NotFound):
    pass


class IllegalTransition(RegistryError, errors.IllegalTransition):
    def __init__(self, *, action: str, status: str, allowed: list[str]) -> None:
        super().__init__(what="licence", action=action, status=status, allowed=allowed)


class StaleVersion(RegistryError, errors.StaleVersion):
    def __init__(self, *, expected: int, actual: int) -> None:
        super().__init__(expected=expected, actual=actual, what="licence")


class Conflict(RegistryError, errors.Conflict):
    """The request is well-formed but clashes with what is stored."""


class Refused(RegistryError):
    """An application refused by a rule (a barred person, for instance)."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class InvalidInput(RegistryError, errors.InvalidInput):
    pass
