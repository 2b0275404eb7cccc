"""What the regulator's pages share: the role check, the names of states and actions in
the user's language, country names, and running a form's work so that a refusal leaves
nothing written and names its field."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Annotated, Any, TypeVar
from urllib.parse import urlencode

from babel import Locale
from babel import dates as babel_dates
from fastapi import Depends, Request

from api.web.common import (
    N_,
    gettext_for,
    request_language,
    signed_in,
)
from api.web.labels import AGENCY_STANDING, LICENCE_ACTION, LICENCE_STATUS, RATING_PART
from core.auth import Principal, Role

User = Annotated[Principal, Depends(signed_in(Role.REGULATOR, Role.ADMIN))]

T = TypeVar("T")

LICENCE_STATUSES = LICENCE_STATUS

AGENCY_STATUSES = AGENCY_STANDING

# What a person does to a licence (the button) and what the history calls it afterwards.
LICENCE_ACTIONS = LICENCE_ACTION

# Audit entries as the history shows them; anything else is shown as recorded.
HISTORY_ACTIONS = {
    "register": N_("Registered"),
    "replace_people": N_("Owners and directors changed"),
    "apply": N_("Applied for a licence"),
    "start_review": N_("Review started"),
    "grant": N_("Granted"),
    "refuse": N_("Refused"),
    "suspend": N_("Suspended"),
    "reinstate": N_("Reinstated"),
    "revoke": N_("Revoked"),
    "renew": N_("Renewed"),
    "expire": N_("Expired"),
    "request_renewal": N_("Renewal requested"),
    "open": N_("Opened"),
    "close": N_("Closed"),
    "create": N_("Created"),
    "edit": N_("Edited"),
    "deactivate": N_("Deactivated"),
    "set": N_("Set"),
    "watchlist": N_("Put on the watchlist"),
    "submit": N_("Submitted for verification"),
    "verify": N_("Verified"),
    "reject": N_("Rejected"),
    "publish": N_("Published"),
    "fill": N_("Filled"),
}

ENTITY_TYPES = {
    "agency": N_("Agency"),
    "licence": N_("Licence"),
    "rating_alert": N_("Rating alert"),
    "deposit": N_("Security deposit"),
    "employer": N_("Employer"),
    "vacancy": N_("Vacancy"),
    "referral": N_("Referral"),
    "dispute": N_("Dispute"),
    "routing_rule": N_("Routing rule"),
    "routing_decision": N_("Routing decision"),
    "minimum_wage": N_("Minimum wage"),
    "worker_fee_rule": N_("Fees charged to workers"),
    "watchlisted_employer": N_("Watchlisted employer"),
}

ROLES = {
    "regulator": N_("Regulator"),
    "admin": N_("Administrator"),
    "agency_staff": N_("Agency staff"),
    "centre_staff": N_("Centre staff"),
    "attache": N_("Labour attaché"),
    "settlement_body": N_("Settlement body"),
    "migrant": N_("Migrant"),
    "system": N_("System"),
    "applicant": N_("Applicant"),
}

DISPUTE_KINDS = {
    "unpaid_wages": N_("Unpaid wages"),
    "wages_below_contract": N_("Wages below the contract"),
    "contract_substitution": N_("Contract substitution"),
    "excessive_hours": N_("Excessive hours"),
    "passport_withheld": N_("Passport withheld"),
    "recruitment_fees": N_("Recruitment fees"),
    "unsafe_conditions": N_("Unsafe conditions"),
    "early_termination": N_("Early termination"),
    "other": N_("Other"),
}

RATING_PARTS = RATING_PART

ALERT_REASONS = {
    "upheld_findings": N_("Findings upheld against the agency"),
}

# The chain check names its problem in English; these are the two it can name.
CHAIN_PROBLEMS = {
    "does not follow": N_("it does not follow the entry before it (an entry was removed or "
                          "reordered)"),
    "does not match": N_("its content does not match its hash (the entry was changed)"),
}


def translated(request: Request, mapping: Mapping[str, str]) -> dict[str, str]:
    """A label dictionary in the request's language."""
    _ = gettext_for(request)
    return {key: _(label) for key, label in mapping.items()}


def country_names(request: Request) -> dict[str, str]:
    """Country names in the request's language, by ISO code."""
    return dict(Locale.parse(request_language(request)).territories)


def query_url(path: str, **params: Any) -> str:
    """`path` with the non-empty parameters, ending so that `offset=` can follow."""
    pairs = [(k, v) for k, v in params.items() if v not in (None, "", [])]
    return f"{path}?{urlencode(pairs, doseq=True)}&" if pairs else f"{path}?"


def present(data: Mapping[str, Any]) -> dict[str, Any]:
    """The fields that were filled in: a blank one is reported as missing, not as wrong."""
    return {key: value for key, value in data.items() if value is not None}


def local_date(request: Request, value: date | None) -> str:
    """A date as the user's language writes it."""
    if value is None:
        return ""
    return babel_dates.format_date(value, format="medium", locale=request_language(request))
