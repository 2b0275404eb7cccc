"""Dispute errors. They carry no HTTP codes; the API maps them."""

from __future__ import annotations

from datetime import datetime

from core import errors


class DisputeError(errors.DomainError):
    """Base for the disputes domain's errors."""


class NotFound(DisputeError, errors.NotFound):
    pass


class IllegalTransition(DisputeError, errors.IllegalTransition):
    def __init__(self, *, action: str, status: str, allowed: list[str]) -> None:
        super().__init__(what="dispute", action=action, status=status, allowed=allowed)


class StaleVersion(DisputeError, errors.StaleVersion):
    def __init__(self, *, expected: int, actual: int, what: str = "dispute") -> None:
        super().__init__(expected=expected, actual=actual, what=what)


class NotAllowed(DisputeError):
    """The actor sees the record but may not take this step."""


class Conflict(DisputeError, errors.Conflict):
    """Well-formed, but clashes with what is stored."""


class InvalidInput(DisputeError, errors.InvalidInput):
    pass


class PartyRefused(InvalidInput):
    """Who a case is against, refused: a stable `code` with its `params`, which the API
    returns and the pages translate, beside the English message."""

    def __init__(self, field: str, code: str, message: str, **params: object) -> None:
        super().__init__(field, message)
        self.code = code
        self.params = params


class EvidenceRejected(InvalidInput):
    """An evidence file too large, of a type not accepted, or one too many: a stable `code`
    with its `params` (evidence.empty, evidence.too_large, evidence.wrong_type,
    evidence.too_many, evidence.none), which the pages translate."""

    def __init__(self, field: str, message: str, *, too_large: bool = False,
                 code: str = "evidence.rejected", **params: object) -> None:
        super().__init__(field, message)
        self.too_large = too_large
        self.code = code
        self.params = params


class CaseOver(Conflict):
    """A closed or withdrawn case takes no more evidence or messages. `code` is stable."""

    code = "dispute.case_over"

    def __init__(self, *, status: str, what: str) -> None:
        super().__init__(f"the case is {status}; it takes no more {what}")
        self.params: dict[str, object] = {}


class EvidenceCorrupted(DisputeError):
    """A stored evidence file no longer matches the checksum recorded at upload."""


class CorrectionWindowClosed(Conflict):
    """A recorded decision past the time in which its body may correct it."""

    code = "correction_window_closed"

    def __init__(self, *, recorded_at: datetime, until: datetime, days: int) -> None:
        super().__init__(
            f"the decision recorded on {recorded_at:%Y-%m-%d %H:%M} UTC could be corrected "
            f"until {until:%Y-%m-%d %H:%M} UTC ({days} days); it now stands as recorded. To "
            "change it, the parties challenge it where the law of the country allows (an "
            "appeal or a review), and the new decision is filed as a new dispute that refers "
            "to this one; payments towards this award are still recorded here"
        )
        self.recorded_at = recorded_at
        self.until = until
        self.days = days


class AlreadyOpen(Conflict):
    """The complainant has an open case of this kind against this party, which the filer
    may not follow (filed by someone else): nothing was written. `code` is stable."""

    code = "dispute.already_open"

    def __init__(self, *, dispute_id: int, reference: str) -> None:
        super().__init__(
            f"this complaint already has an open case, {reference}, filed by someone else; "
            "nothing was filed. Add to that case through whoever filed it (the migrant or "
            "their centre)", field="kind")
        self.dispute_id = dispute_id
        self.reference = reference
        self.params = {"reference": reference}
