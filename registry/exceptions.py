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


class InvalidInput(RegistryError, errors.InvalidInput):
    pass


TEXTS = errors.english_texts({
    "agency.person_barred": "%(person)s is barred from owning or directing a recruitment "
                            "agency until %(until)s: %(reason)s",
    "agency.registered_twice": "an agency registered in %(country)s under number "
                               "%(registration_number)s already exists",
    "agency.name_taken": "%(name)s reads as the name of %(registered)s, an agency already "
                         "registered in %(country)s; choose the name on your own registration",
    "licence.own_country": "%(country)s is the agency's own country; a licence covers "
                           "destination countries abroad",
    "licence.already_held": "the agency already has a licence that is %(licence_status)s "
                            "(licence %(licence_id)s); renew it instead of applying again",
    "licence.already_applied": "the agency already has an application that is "
                               "%(licence_status)s (licence %(licence_id)s)",
    "licence.automatic": "licences %(action)s on their own when their validity ends; nobody "
                         "can do it by hand",
    "licence.reason_required": "a reason is required to %(action)s",
    "licence.grant_only": "%(field_name)s may only be given when granting a licence",
    "licence.start_in_past": "a licence cannot start in the past",
    "licence.start_too_far": "a licence cannot start more than 90 days ahead",
    "licence.countries_not_applied": "%(extra)s were not applied for; grant a subset of "
                                     "%(countries)s",
    "licence.renewal_not_requested": "the agency has not requested a renewal of this licence",
    "licence.ended_apply_again": "the licence ended on %(valid_until)s; it can no longer be "
                                 "renewed, the agency must apply again",
    "licence.ended_while_suspended": "the licence ended on %(valid_until)s while suspended; "
                                     "it cannot be reinstated, only expire",
    "licence.renew_not_active": "only an active licence can be renewed; this one is "
                                "%(licence_status)s",
    "licence.ended": "the licence ended on %(valid_until)s; apply for a new one",
    "licence.renewal_requested": "a renewal of this licence was already requested",
    "watchlist.until_past": "%(until)s has passed: a listing must last until today or later",
    "watchlist.until_too_far": "%(until)s is more than %(years)s years ahead: a listing ends "
                               "by %(latest)s, or has no end date",
    "watchlist.already_listed": "%(name)s is already on the watchlist (as %(listed_as)s), "
                                "with no end date",
    "watchlist.already_listed_until": "%(name)s is already on the watchlist (as "
                                      "%(listed_as)s) until %(until)s",
    "watchlist.ended": "the listing of %(name)s ended on %(on)s; add the employer again to "
                       "list it anew",
    "rating_alert.closed": "rating alert %(alert_id)s was already closed on %(closed_on)s: "
                           "%(note)s",
})
