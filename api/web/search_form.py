"""The job search every page group shares: the filters form, read from the query string and
checked like any form, and the search itself with each result's explanation."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any

from fastapi import Request
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    model_validator,
)

from api.web.common import FormState, errors_from_validation, gettext_for
from api.web.options import CURRENCIES, DESTINATIONS, SPOKEN
from api.web.refusals import refusal_text
from core.clock import utc_today
from core.db import UnitOfWork
from core.errors import DomainError
from core.validation import CountryCode, CurrencyCode
from matching import occupations, searching, wage_asks
from matching import vacancies as vacancy_service
from matching.exceptions import SearchUnavailable
from matching.schemas import LanguageCode
from matching.search.base import SearchFilters

LIST_FIELDS = ("country", "language")
FILTER_FIELDS = ("q", "country", "city", "occupation", "min_wage", "currency", "language",
                 "open_until")


class SearchForm(BaseModel):
    """What a person may ask the search: the same limits as the API's search."""

    model_config = ConfigDict(extra="ignore")

    q: Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)] = ""
    country: Annotated[list[CountryCode], Field(max_length=20)] = []
    city: Annotated[str | None, StringConstraints(min_length=2, max_length=100)] = None
    occupation: Annotated[str | None, StringConstraints(min_length=2, max_length=120)] = None
    min_wage: Annotated[Decimal | None, Field(gt=0, max_digits=16, decimal_places=2)] = None
    currency: CurrencyCode | None = None
    language: Annotated[list[LanguageCode], Field(max_length=10)] = []
    open_until: date | None = None

    @model_validator(mode="after")
    def _currency_with_wage(self) -> SearchForm:
        if self.min_wage is not None and self.currency is None:
            raise ValueError("currency: give the currency of the minimum wage")
        return self

    def filters(self) -> SearchFilters:
        return SearchFilters(
            countries=self.country,
            city=searching.city_key(self.city) if self.city else None,
            occupation=searching.occupation_key(self.occupation) if self.occupation else None,
            min_wage=self.min_wage, wage_currency=self.currency, languages=self.language,
            open_until=self.open_until,
        )


# Jobs a search page shows at first, and at most after asking for more, page by page.
PAGE = 20
MOST_SHOWN = 100


def shown_count(request: Request) -> int:
    """How many jobs the page is asked to show (`shown`, a multiple of `PAGE` up to
    `MOST_SHOWN`; anything else shows the first page)."""
    asked = request.query_params.get("shown", "")
    count = int(asked) if asked.isdecimal() and len(asked) <= 4 else PAGE
    return count if count % PAGE == 0 and PAGE <= count <= MOST_SHOWN else PAGE


def more_url(request: Request, shown: int, results: list[Any] | None) -> str | None:
    """The same search showing a page more, when this one was full and may have more;
    it opens at the first job the page before did not show (`more_from`)."""
    if results is None or len(results) < shown or shown >= MOST_SHOWN:
        return None
    more = request.url.include_query_params(shown=shown + PAGE)
    return f"{more.path}?{more.query}#more-from"


def more_from(shown: int) -> int | None:
    """Where the jobs a "show more" added begin on a page showing `shown` (0-based)."""
    return shown - PAGE if shown > PAGE else None


def search_values(request: Request) -> dict[str, Any]:
    """The filters as typed, from the query string (a search is a GET: links can be shared)."""
    params = request.query_params
    values: dict[str, Any] = {}
    for name in FILTER_FIELDS:
        if name in LIST_FIELDS:
            values[name] = [v.strip() for v in params.getlist(name) if v.strip()]
        else:
            value = (params.get(name) or "").strip()
            values[name] = value or None
    return values


def _field_errors(exc: ValidationError, request: Request, values: dict[str, Any]
                  ) -> dict[str, str]:
    """Choices that came back wrong (a code edited in the link, a wage without its currency)
    named in the page's language rather than the validator's English."""
    _ = gettext_for(request)
    errors = errors_from_validation(exc, request)
    general = errors.pop("__all__", None)
    if general:
        errors["__all__"] = general
    if "country" in errors:
        errors["country"] = _("Choose countries from the list.")
    if "language" in errors:
        errors["language"] = _("Choose languages from the list.")
    if "currency" in errors or (general and general.startswith("currency:")):
        errors.pop("__all__", None)
        errors["currency"] = (
            _("Choose the currency of the lowest wage.")
            if values.get("min_wage") and not values.get("currency")
            else _("Choose a currency from the list."))
    return errors


async def run_search(
    request: Request, uow: UnitOfWork, values: dict[str, Any], *, k: int = 20,
    seeker: searching.Seeker | None = None,
) -> tuple[FormState, list[dict[str, Any]] | None]:
    """The search the filters ask for; no results (None) while the form has errors or is
    blank, so an empty page shows the form and not the whole register. `seeker`: the
    person searched for (their skills and languages explain each result)."""
    form = FormState(values=values)
    if not any(values.get(name) for name in FILTER_FIELDS):
        return form, None
    try:
        asked = SearchForm.model_validate({k_: v for k_, v in values.items() if v is not None})
    except ValidationError as exc:
        form.errors = _field_errors(exc, request, values)
        return form, None
    if asked.open_until is not None and asked.open_until < utc_today():
        # Every job offered is open today: a day gone by would filter nothing.
        _ = gettext_for(request)
        form.errors = {"open_until": _("Choose today or a later day.")}
        return form, None
    try:
        results = await searching.search_vacancies(
            uow, backend=request.app.state.search_backend,
            embedder=await request.app.state.embedder, text=asked.q,
            filters=asked.filters(), k=k, mode="hybrid", today=utc_today(), seeker=seeker,
        )
    except SearchUnavailable:
        form.errors = {"__all__": gettext_for(request)(
            "Search is unavailable for a moment. Nothing is lost; please try again shortly.")}
        return form, None
    except DomainError as exc:
        form.errors = {"__all__": refusal_text(request, exc)}
        return form, None
    return form, results


def trades_asked(values: dict[str, Any], results: list[dict[str, Any]] | None,
                 language: str) -> list[str]:
    """When a search found nothing: the trades its words were understood to ask for, named
    in the page's language, so that "none is open" is not read as "not understood"."""
    if results is None or results or not values.get("q"):
        return []
    return occupations.names_asked(values["q"], language, most=searching.MAX_NAMED_OCCUPATIONS)


async def currency_unpaid(uow: UnitOfWork, values: dict[str, Any],
                          results: list[dict[str, Any]] | None) -> dict[str, Any] | None:
    """When a search found nothing and its words asked a wage in a currency no open job
    pays in (`от 30000 сом`, while jobs pay in roubles and tenge): that currency and
    those paid, so that the answer is not "no job matches", which is untrue."""
    if results is None or results or not values.get("q") or values.get("min_wage"):
        return None
    ask = wage_asks.asked_wage(values["q"])
    if ask is None or ask.currency is None:
        return None
    paid = await vacancy_service.currencies_paid(uow, today=utc_today())
    return None if ask.currency in paid or not paid else {"currency": ask.currency,
                                                           "paid": paid}


def options(language: str) -> dict[str, list[tuple[str, str]]]:
    """Choices of the filters form, named in the page's language."""
    from api.web.common import country_name, language_name

    return {
        "countries": [(c, country_name(c, language)) for c in DESTINATIONS],
        "languages": [(c, language_name(c, language)) for c in SPOKEN],
        "currencies": [(c, c) for c in CURRENCIES],
    }
