"""What the centre's pages share: the role check, the names of states and checklist items in
the user's language, and the centre's own words for the refusals its forms meet."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Annotated, Any

from fastapi import Depends, Request

from api.web.common import N_, gettext_for, signed_in
from api.web.forms import Refusal
from core.auth import Principal, Role
from core.db import UnitOfWork
from core.errors import NotFound
from matching import migrants
from matching.exceptions import NotPrescreened
from matching.schemas import MigrantOut

User = Annotated[Principal, Depends(signed_in(Role.CENTRE_STAFF))]

MAX_ID = 2**63 - 1


def record_id(value: Any) -> int | None:
    """An id as typed or in a link, if it can name a record at all."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number <= MAX_ID else None


def existing_id(value: Any, what: str) -> int:
    """An id that can name a record; any other reads as absent, like another centre's."""
    number = record_id(value)
    if number is None:
        raise NotFound(what, value)
    return number


async def own_migrant(uow: UnitOfWork, user: Principal, migrant_id: Any) -> MigrantOut:
    """One of the centre's migrants, the whole record; another centre's reads as absent."""
    found = await migrants.get_migrant(uow, migrant_id=existing_id(migrant_id, "migrant"),
                                       actor=user)
    assert isinstance(found, MigrantOut)  # an agency's summary is never a centre's answer
    return found


# --- names of things -------------------------------------------------------------------

PRESCREENING_ITEMS = {
    "passport_valid": N_("Valid passport"),
    "medical_check": N_("Medical check"),
    "orientation_done": N_("Pre-departure orientation"),
    "skills_test_passed": N_("Skills test passed"),
}

REFERRAL_STATUSES = {
    "referred": N_("Referred"),
    "interviewed": N_("Interviewed"),
    "offered": N_("Offered the job"),
    "contract_signed": N_("Contract signed"),
    "deployed": N_("Working abroad"),
    "rejected": N_("Rejected"),
}
REFERRAL_STEPS = ("referred", "interviewed", "offered", "contract_signed", "deployed")

DISPUTE_STATUSES = {
    "filed": N_("Filed"),
    "assigned": N_("Assigned to an attaché"),
    "acknowledged": N_("Acknowledged"),
    "in_mediation": N_("In mediation"),
    "resolved": N_("Resolved"),
    "referred": N_("Referred to a settlement body"),
    "decided": N_("Decided"),
    "closed": N_("Closed"),
    "withdrawn": N_("Withdrawn"),
}

DISPUTE_KINDS = {
    "unpaid_wages": N_("Unpaid wages"),
    "wages_below_contract": N_("Wages below the contract"),
    "contract_substitution": N_("Contract substituted"),
    "excessive_hours": N_("Excessive working hours"),
    "passport_withheld": N_("Passport withheld"),
    "recruitment_fees": N_("Recruitment fees charged"),
    "unsafe_conditions": N_("Unsafe conditions"),
    "early_termination": N_("Contract ended early"),
    "other": N_("Something else"),
}

STAGES = {
    "acknowledge": N_("Acknowledgement by the attaché"),
    "mediation": N_("Mediation"),
    "decision": N_("Decision of the settlement body"),
}

CASE_EVENTS = {
    "file": N_("Filed"),
    "route": N_("Routed"),
    "assign": N_("Assigned to a labour attaché"),
    "reassign": N_("Reassigned to another labour attaché"),
    "escalate": N_("Escalated: a deadline was missed"),
    "acknowledge": N_("Acknowledged by the attaché"),
    "start_mediation": N_("Mediation started"),
    "resolve": N_("Resolved in mediation"),
    "refer": N_("Referred to a settlement body"),
    "decide": N_("Decided by the settlement body"),
    "correct_outcome": N_("Decision corrected"),
    "close": N_("Closed"),
    "withdraw": N_("Withdrawn"),
    "add_evidence": N_("Evidence added"),
    "add_message": N_("Message written"),
    "join": N_("Filed again: added to this case"),
    "mark_correct": N_("Routing marked right"),
    "mark_wrong": N_("Routing marked wrong"),
}

ROLES = {
    "system": N_("Vetted (automatic)"),
    "centre_staff": N_("Migrant resource centre"),
    "migrant": N_("The migrant"),
    "attache": N_("Labour attaché"),
    "settlement_body": N_("Settlement body"),
    "regulator": N_("Regulator"),
    "admin": N_("Administrator"),
    "agency_staff": N_("Agency"),
}

EDUCATION = {
    "none": N_("No formal education"),
    "primary": N_("Primary school"),
    "secondary": N_("Secondary school"),
    "vocational": N_("Vocational school"),
    "higher": N_("Higher education"),
    "postgraduate": N_("Postgraduate"),
}

LEVELS = {
    "A1": N_("A1 — beginner"),
    "A2": N_("A2 — elementary"),
    "B1": N_("B1 — intermediate"),
    "B2": N_("B2 — upper intermediate"),
    "C1": N_("C1 — advanced"),
    "C2": N_("C2 — proficient"),
    "native": N_("Native"),
}

PROVISIONS = {"free": N_("free"), "paid": N_("paid"), "none": N_("not provided")}


def labels(request: Request, names: Mapping[str, str]) -> dict[str, str]:
    """A table of names, translated for the request."""
    _ = gettext_for(request)
    return {key: _(text) for key, text in names.items()}


def label(request: Request, names: Mapping[str, str], key: str | None) -> str:
    """One name in the user's language; an unknown key is shown in plain words."""
    if key is None:
        return ""
    text = names.get(key)
    return gettext_for(request)(text) if text else key.replace("_", " ")


def missing_in_words(request: Request, missing: Iterable[str]) -> list[str]:
    return [label(request, PRESCREENING_ITEMS, item) for item in missing]


# The schemas' error types a centre's forms meet, in the user's words.
ERROR_WORDS = {
    "birth_in_future": N_("The date of birth must be in the past."),
    "too_young": N_("A migrant must be at least 18 years old to be registered."),
    "birth_too_early": N_("This date of birth is too early to be right."),
    "passport_number": N_("A passport number is 6 to 20 letters and digits."),
    "consent_missing": N_("The migrant must agree to the consent text before registration."),
    "country_code": N_("Choose a country from the list."),
    "language_code": N_("Choose a language from the list."),
    "currency_code": N_("Choose a currency from the list."),
    "email_address": N_("Enter a valid e-mail address."),
    "languages_twice": N_("List each language once."),
    "countries_twice": N_("List each country once."),
    "kinds_twice": N_("List each kind once."),
    "string_pattern_mismatch": N_("Enter it as shown, e.g. +996 555 123456."),
}


def not_prescreened(request: Request, exc: NotPrescreened) -> Refusal:
    """A referral of a migrant not yet pre-screened, refused with what is missing."""
    _ = gettext_for(request)
    return Refusal({"__all__": _("Only pre-screened migrants may be referred. Missing: "
                                 "%(missing)s.") % {
        "missing": ", ".join(missing_in_words(request, exc.missing))}}, 409)
