"""Search of verified vacancies: free text, and matches for a pre-screened migrant."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from pydantic import BaseModel

from api.deps import Reading, Uow, rate_limited, require_roles
from core.auth import Principal, Role
from core.clock import utc_today
from core.validation import CountryCode, CurrencyCode
from matching import searching
from matching.exceptions import InvalidInput
from matching.schemas import LanguageCode
from matching.search.base import Mode, SearchFilters

router = APIRouter(tags=["search"])


class SearchOut(BaseModel):
    query: str
    mode: str
    backend: str
    results: list[dict[str, Any]]


async def embedder_of(request: Request) -> Any:
    return await request.app.state.embedder


def filters_from(
    country: list[CountryCode] | None, city: str | None, occupation: str | None,
    min_wage: Decimal | None, currency: str | None, languages: list[str] | None,
    open_until: date | None = None,
) -> SearchFilters:
    if min_wage is not None and currency is None:
        raise InvalidInput("currency", "search.currency_needed")
    return SearchFilters(
        countries=country or [],
        city=searching.city_key(city) if city else None,
        occupation=searching.occupation_key(occupation) if occupation else None,
        min_wage=min_wage, wage_currency=currency, languages=languages or [],
        open_until=open_until,
    )


@router.get(
    "/search/vacancies",
    response_model=SearchOut,
    dependencies=[Depends(rate_limited("search", "search_rate_limit"))],
)
async def search_vacancies(
    request: Request,
    uow: Reading,
    q: Annotated[str, Query(max_length=500, description="what the person is looking for")] = "",
    country: Annotated[list[CountryCode] | None, Query(max_length=20)] = None,
    city: Annotated[str | None, Query(min_length=2, max_length=100)] = None,
    occupation: Annotated[str | None, Query(min_length=2, max_length=120)] = None,
    min_wage: Annotated[Decimal | None, Query(gt=0, max_digits=16, decimal_places=2,
                                              description="monthly, in `currency`")] = None,
    currency: CurrencyCode | None = None,
    language: Annotated[list[LanguageCode] | None, Query(
        max_length=10, description="languages the seeker speaks")] = None,
    open_until: Annotated[date | None, Query(
        description="still open on this day (closing on it or later)")] = None,
    k: Annotated[int, Query(ge=1, le=50)] = 10,
    mode: Mode = "hybrid",
) -> SearchOut:
    """Verified, open vacancies of licensed agencies, each with why it matched. No login."""
    filters = filters_from(country, city, occupation, min_wage, currency, language, open_until)
    embedder = await embedder_of(request) if mode != "keyword" else None
    results = await searching.search_vacancies(
        uow, backend=request.app.state.search_backend, embedder=embedder, text=q,
        filters=filters, k=k, mode=mode, today=utc_today(),
    )
    return SearchOut(query=q, mode=mode, backend=request.app.state.search_backend.name,
                     results=results)


MatchViewer = Annotated[Principal, Depends(require_roles(
    Role.CENTRE_STAFF, Role.MIGRANT, Role.REGULATOR, Role.ADMIN))]


@router.get("/migrants/{migrant_id}/matches", response_model=SearchOut)
async def matches_for_migrant(
    request: Request,
    uow: Uow,
    actor: MatchViewer,
    migrant_id: Annotated[int, Path(ge=1, le=2**63 - 1)],
    q: Annotated[str, Query(max_length=500, description="words to add to the profile")] = "",
    k: Annotated[int, Query(ge=1, le=50)] = 10,
) -> SearchOut:
    """Vacancies for a pre-screened migrant from the profile; 409 lists what is missing."""
    query, results = await searching.matches_for_migrant(
        uow, backend=request.app.state.search_backend, embedder=await embedder_of(request),
        migrant_id=migrant_id, actor=actor, k=k, today=utc_today(), text=q,
    )
    return SearchOut(query=query, mode="hybrid",
                     backend=request.app.state.search_backend.name, results=results)
