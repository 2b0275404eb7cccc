"""Words for cases against recruiters who are not in the register, shared by the centre's,
the missions' and the ministry's pages: how a recruiter found the migrant, where the
regulator refers them, and the domain's refusals about them, by their stable codes."""

from __future__ import annotations

from fastapi import Request

from api.web.common import N_, gettext_for
from api.web.dispute_common import CASE_REFUSALS
from core.errors import DomainError

FOUND_VIA = {
    "social_media": N_("Social media"),
    "acquaintance": N_("Through an acquaintance"),
    "street_market": N_("In the street or at a market"),
    "advert": N_("An advertisement"),
    "other": N_("Another way"),
}

AUTHORITIES = {
    "police": N_("The police"),
    "prosecutor": N_("The prosecutor's office"),
}

REFUSALS = {
    "dispute.no_party": N_("Choose the agency (or the referral or vacancy, which name it), "
                           "or describe the recruiter who is not in the register."),
    "dispute.two_parties": N_("A case is against either an agency in the register or a "
                              "recruiter who is not in it, not both: clear one of them."),
    "recruiter.phone_digits": N_("A phone number has at least 6 digits."),
    "recruiter.found_via_detail": N_("Say in words how the recruiter found the migrant."),
    "dispute.already_open": N_("This complaint already has an open case, %(reference)s, filed "
                               "by someone else. Nothing was filed: add to that case through "
                               "whoever filed it."),
    "outcome.no_agency": N_("The case is against a recruiter who is not in the register: "
                            "findings and awards can only be against the employer."),
    **CASE_REFUSALS,
}


def words(request: Request, table: dict[str, str]) -> dict[str, str]:
    """One of the tables above in the user's language."""
    _ = gettext_for(request)
    return {key: _(text) for key, text in table.items()}


def coded_refusal(request: Request, exc: DomainError) -> str | None:
    """A refusal that carries a stable code, in the user's language; None for others."""
    text = REFUSALS.get(str(getattr(exc, "code", "")))
    if text is None:
        return None
    params = getattr(exc, "params", None) or {}
    return gettext_for(request)(text) % params if params else gettext_for(request)(text)
