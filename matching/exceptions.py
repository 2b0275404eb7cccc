"""Matching errors: the shared shapes of core.errors, and matching's own."""

from __future__ import annotations

from typing import Any

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


class BlockingFlags(MatchingError):
    """A blocking red flag stands: the vacancy may not be verified or published."""

    def __init__(self, action: str, flags: list[dict[str, Any]]) -> None:
        verb = {"verify": "verified", "publish": "published"}.get(action, action)
        problems = "; ".join(
            f"{f['message']}" + (f" (to change: {f['remedy']})" if f.get("remedy") else "")
            for f in flags)
        super().__init__(f"the vacancy cannot be {verb}: {problems}")
        self.action = action
        self.flags = flags
        self.field = "red_flags"


class MissingAcknowledgements(MatchingError, errors.InvalidInput):
    """Warnings stand without the verifying attaché's written reason."""

    def __init__(self, flags: list[dict[str, Any]]) -> None:
        first = flags[0]
        super().__init__(
            f"acknowledgements.{first['code']}",
            "give a reason for accepting each warning before verifying: "
            + "; ".join(f"{f['code']} ({f['message']})" for f in flags))
        self.flags = flags


class UnknownOccupation(InvalidInput):
    """An occupation code that is not in the list of occupations."""

    code = "unknown_occupation"

    def __init__(self, occupation_code: str) -> None:
        super().__init__("occupation_code", f"{occupation_code!r} is not a code of the list "
                         "of occupations (ISCO-08, e.g. 7212 for a welder)")
        self.params = {"occupation_code": occupation_code}


class OccupationMissing(InvalidInput):
    """Neither an occupation code nor the agency's words for the occupation were given."""

    code = "occupation_missing"

    def __init__(self) -> None:
        super().__init__("occupation", "give the occupation: its code from the list of "
                         "occupations (occupation_code), or its name (occupation)")
        self.params: dict[str, str] = {}
