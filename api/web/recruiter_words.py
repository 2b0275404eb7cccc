"""Words for cases against recruiters who are not in the register, shared by the centre's,
the missions' and the ministry's pages: how a recruiter found the migrant, where the
regulator refers them."""

from __future__ import annotations

from fastapi import Request

from api.web.common import N_, gettext_for

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

def words(request: Request, table: dict[str, str]) -> dict[str, str]:
    """One of the tables above in the user's language."""
    _ = gettext_for(request)
    return {key: _(text) for key, text in table.items()}
