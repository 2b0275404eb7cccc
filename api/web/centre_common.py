"""What the centre's pages share: the role check, the checklist items a refusal names, and
the centre's own words for the refusals its forms meet."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated, Any

from fastapi import Depends, Request

from api.web.common import N_, gettext_for, signed_in
from api.web.dispute_common import COMPLAINT_ERROR_WORDS
from api.web.forms import Refusal
from api.web.labels import PRESCREENING_ITEM, label
from core.auth import Principal, Role
from core.db import UnitOfWork
from core.errors import NotFound
from matching import migrants
from matching.exceptions import NotPrescreened
from matching.schemas import MigrantOut

User = Annotated[Principal, Depends(signed_in(Role.CENTRE_STAFF))]

MAX_ID = 2**63 - 1


def record_id(value: Any) -> int | None:
    """An id as typed or in a link, if it can name a record at all: digits 0-9 only (not
    `١`, `+5` or `5_000`, which `int` would take), within the ids' range."""
    text = str(value).strip() if isinstance(value, str | int) else ""
    if not (text.isascii() and text.isdigit()) or len(text) > 19:
        return None
    number = int(text)
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


# The steps a referral goes through, in order.
REFERRAL_STEPS = ("referred", "interviewed", "offered", "contract_signed", "deployed")


def missing_in_words(request: Request, missing: Iterable[str]) -> list[str]:
    _ = gettext_for(request)
    return [label(_, PRESCREENING_ITEM, item) for item in missing]


# The schemas' error types a centre's forms meet, in the user's words.
ERROR_WORDS = {
    "birth_in_future": N_("The date of birth must be in the past."),
    "too_young": N_("A migrant must be at least 18 years old to be registered."),
    "birth_too_early": N_("This date of birth is too early to be right."),
    "passport_number": N_("A passport number is 6 to 20 letters and digits."),
    "consent_missing": N_("The migrant must agree to the consent text before registration."),
    "language_code": N_("Choose a language from the list."),
    "languages_twice": N_("List each language once."),
    "countries_twice": N_("List each country once."),
    **COMPLAINT_ERROR_WORDS,
}


def not_prescreened(request: Request, exc: NotPrescreened) -> Refusal:
    """A referral of a migrant not yet pre-screened, refused with what is missing."""
    _ = gettext_for(request)
    return Refusal({"__all__": _("Only pre-screened migrants may be referred. Missing: "
                                 "%(missing)s.") % {
        "missing": ", ".join(missing_in_words(request, exc.missing))}}, 409)
