"""What the attaché's and the settlement body's pages share: who may open them, the words
for every state, kind and step, and placing an error beside the field the user typed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from typing import Annotated, Any

from babel import Locale
from babel import dates as babel_dates
from babel import numbers as babel_numbers
from fastapi import Depends, Request

from api.web.common import N_, gettext_for, request_language, signed_in
from api.web.dispute_common import term_words
from api.web.labels import DISPUTE_ACTION, DISPUTE_STATUS, LANGUAGE_LEVEL, PARTY, VACANCY_STATUS
from core.auth import Principal, Role

Attache = Annotated[Principal, Depends(signed_in(Role.ATTACHE))]
Member = Annotated[Principal, Depends(signed_in(Role.ATTACHE, Role.SETTLEMENT_BODY))]

# How many records a count on the home page looks at before it says "more than".
COUNT_CAP = 1000

DISPUTE_STATUSES = DISPUTE_STATUS
DISPUTE_KINDS = {
    "unpaid_wages": N_("Unpaid wages"), "wages_below_contract": N_("Wages below contract"),
    "contract_substitution": N_("Contract substitution"),
    "excessive_hours": N_("Excessive hours"), "passport_withheld": N_("Passport withheld"),
    "recruitment_fees": N_("Recruitment fees"), "unsafe_conditions": N_("Unsafe conditions"),
    "early_termination": N_("Early termination"), "other": N_("Other"),
}
# The steps of a case as buttons, and as lines of its history.
DISPUTE_ACTIONS = DISPUTE_ACTION
HISTORY_ACTIONS = {
    "file": N_("Filed"), "route": N_("Routed"), "assign": N_("Assigned"),
    "reassign": N_("Reassigned"), "escalate": N_("Escalated"),
    "acknowledge": N_("Acknowledged"), "start_mediation": N_("Mediation started"),
    "resolve": N_("Resolved in mediation"), "refer": N_("Referred to a settlement body"),
    "decide": N_("Decided by the settlement body"), "close": N_("Closed"),
    "withdraw": N_("Withdrawn"), "add_evidence": N_("Evidence added"),
    "add_message": N_("Message written"),
    "recover_payment": N_("Payment recorded"),
    "recover_deposit": N_("Paid from the security deposit"),
    "correct_outcome": N_("Decision corrected"),
    "join": N_("Filed again by the complainant"),
}
STAGES = {"acknowledge": N_("acknowledgement"), "mediation": N_("mediation"),
          "decision": N_("decision")}
QUEUES = {"fallback": N_("fallback queue"), "supervisor": N_("supervisors' queue")}
ROLES = {
    "regulator": N_("regulator"), "agency_staff": N_("agency"),
    "centre_staff": N_("resource centre"), "migrant": N_("migrant"),
    "attache": N_("labour attaché"), "settlement_body": N_("settlement body"),
    "admin": N_("administrator"), "system": N_("system"),
}
BODY_KINDS = {
    "labour_inspectorate": N_("labour inspectorate"), "court": N_("court"),
    "mediation_centre": N_("mediation centre"), "arbitration_centre": N_("arbitration centre"),
}
# Who the notices of a decision reach.
AUDIENCES = {"migrant": N_("the migrant"), "centre": N_("the resource centre that filed"),
             "attache": N_("the labour attaché"), "settlement_body": N_("the settlement body"),
             "agency": N_("the agency")}
DECIDED_IN = {"mediation": N_("in mediation"), "settlement_body": N_("by the settlement body")}
ROUTING_KINDS = {"rule": N_("by a routing rule"), "fallback": N_("no rule matched"),
                 "manual": N_("by hand"), "escalation": N_("on escalation")}
TERMS = {"wage": N_("Wage"), "hours_per_week": N_("Hours a week"), "housing": N_("Housing"),
         "meals": N_("Meals"), "worker_fee": N_("Fee the worker pays")}
PROVISIONS = {"free": N_("free"), "paid": N_("paid"), "none": N_("not provided")}
PERIODS = {"hour": N_("an hour"), "week": N_("a week"), "month": N_("a month")}

VACANCY_STATUSES = VACANCY_STATUS
EMPLOYER_STATUSES = {"unverified": N_("awaiting verification"), "verified": N_("verified"),
                     "rejected": N_("rejected")}
LICENCE_STATUSES = {
    "applied": N_("applied"), "under_review": N_("under review"), "active": N_("active"),
    "suspended": N_("suspended"), "revoked": N_("revoked"), "expired": N_("expired"),
    "unlicensed": N_("no licence"),
}
RED_FLAGS = {
    "wage_below_minimum": N_("Wage below the minimum wage"),
    "minimum_wage_unknown": N_("No minimum wage on record"),
    "worker_pays_fee": N_("The worker pays a fee"),
    "licence_does_not_cover_country": N_("Licence does not cover the country"),
    "licence_not_active": N_("The agency's licence is not in force"),
    "employer_watchlisted": N_("Employer on the watchlist"),
    "near_duplicate": N_("Near duplicate of another vacancy"),
    "hours_over_limit": N_("Hours over the legal limit"),
}


def label(table: dict[str, str], value: Any, _: Callable[[str], str]) -> str:
    """A stored value in the user's words (the value itself when it has no label)."""
    text = str(getattr(value, "value", value) or "")
    return _(table[text]) if text in table else text.replace("_", " ")


def now() -> datetime:
    return datetime.now(UTC)


def helpers(request: Request) -> dict[str, Any]:
    """Functions the templates call to show codes, numbers and deadlines in the user's
    language."""
    _ = gettext_for(request)
    language = request_language(request)
    locale = Locale.parse(language)

    def country(code: str | None) -> str:
        return str(locale.territories.get(code or "", code or ""))

    def number(value: Decimal | float | int | None) -> str:
        if value is None:
            return ""
        return babel_numbers.format_decimal(Decimal(str(value)).normalize(), locale=language)

    def until(moment: datetime | None) -> str:
        if moment is None:
            return ""
        return babel_dates.format_timedelta(moment - now(), locale=language,
                                            add_direction=True, threshold=1.5)

    def word(table_name: str, value: Any) -> str:
        return label(_TABLES[table_name], value, _)

    return {"country": country, "number": number, "until": until, "word": word,
            "term_value": term_words(request)}


_TABLES: dict[str, dict[str, str]] = {
    "status": DISPUTE_STATUSES, "kind": DISPUTE_KINDS, "action": DISPUTE_ACTIONS,
    "history": HISTORY_ACTIONS, "stage": STAGES, "queue": QUEUES, "role": ROLES,
    "body_kind": BODY_KINDS, "party": PARTY, "decided_in": DECIDED_IN,
    "audience": AUDIENCES,
    "routing": ROUTING_KINDS, "term": TERMS, "provision": PROVISIONS, "period": PERIODS,
    "vacancy_status": VACANCY_STATUSES, "employer_status": EMPLOYER_STATUSES,
    "licence": LICENCE_STATUSES, "flag": RED_FLAGS, "level": LANGUAGE_LEVEL,
}
