"""What the regulator's pages share: the role check, country names, and running a form's
work so that a refusal leaves nothing written and names its field."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Annotated, Any, TypeVar
from urllib.parse import urlencode

from babel import Locale
from fastapi import Depends, Request

from api.web.common import (
    N_,
    format_date,
    request_language,
    signed_in,
)
from core.auth import Principal, Role

User = Annotated[Principal, Depends(signed_in(Role.REGULATOR, Role.ADMIN))]

T = TypeVar("T")

# The chain check names its problem in English; these are the two it can name.
CHAIN_PROBLEMS = {
    "does not follow": N_("it does not follow the entry before it (an entry was removed or "
                          "reordered)"),
    "does not match": N_("its content does not match its hash (the entry was changed)"),
}


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
    return format_date(value, request_language(request))
