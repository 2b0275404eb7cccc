"""Dispute errors. They carry no HTTP codes; the API maps them."""

from __future__ import annotations


class DisputeError(Exception):
    """Base for errors a person can act on."""


class NotFound(DisputeError):
    def __init__(self, what: str, ident: object) -> None:
        super().__init__(f"{what} {ident} was not found")


class IllegalTransition(DisputeError):
    def __init__(self, *, action: str, status: str, allowed: list[str]) -> None:
        allowed_text = ", ".join(allowed) if allowed else "none (this state is final)"
        super().__init__(
            f"cannot {action.replace('_', ' ')} a dispute that is {status.replace('_', ' ')}; "
            f"allowed from {status.replace('_', ' ')}: {allowed_text}"
        )
        self.action = action
        self.status = status
        self.allowed = allowed


class StaleVersion(DisputeError):
    def __init__(self, *, expected: int, actual: int, what: str = "dispute") -> None:
        super().__init__(
            f"the {what} was changed by someone else (you saw version {expected}, it is now "
            f"version {actual}); reload it and try again"
        )
        self.expected = expected
        self.actual = actual


class NotAllowed(DisputeError):
    """The actor sees the record but may not take this step."""


class Conflict(DisputeError):
    """Well-formed, but clashes with what is stored."""


class InvalidInput(DisputeError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class EvidenceRejected(InvalidInput):
    """An evidence file too large, of a type not accepted, or one too many."""

    def __init__(self, field: str, message: str, *, too_large: bool = False) -> None:
        super().__init__(field, message)
        self.too_large = too_large


class EvidenceCorrupted(DisputeError):
    """A stored evidence file no longer matches the checksum recorded at upload."""
