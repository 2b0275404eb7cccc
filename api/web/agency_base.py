"""What the agency pages share: the router, the signed-in staff member, the choices, the
small helpers that turn form fields into the domain's inputs, and the agency's own records."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path

from api.deps import Uow
from api.web.common import mark_page, signed_in
from core.auth import Principal, Role
from core.clock import utc_today
from matching import occupations
from matching import vacancies as service
from matching.exceptions import NotFound
from matching.schemas import EmployerOut, VacancyOut

router = APIRouter(prefix="/agency", dependencies=[Depends(mark_page)],
                   include_in_schema=False)
User = Annotated[Principal, Depends(signed_in(Role.AGENCY_STAFF))]
Id = Annotated[int, Path(ge=1, le=2**63 - 1)]

# --- choices ---------------------------------------------------------------------------

LEVELS = ["A1", "A2", "B1", "B2", "C1", "C2", "native"]

HOME_CURRENCY = {"KG": "KGS", "TJ": "TJS", "UZ": "UZS", "KZ": "KZT"}


@cache
def occupation_options(language: str) -> list[tuple[str, str]]:
    """The list of occupations as (ISCO-08 code, "name (code)") in the page's language, by
    name; the code is shown too, as agencies and attachés often know it."""
    names = {o.code: o.name(language) for o in occupations.OCCUPATIONS}
    pairs = [(code, f"{name[:1].upper()}{name[1:]} ({code})") for code, name in names.items()]
    return sorted(pairs, key=lambda pair: pair[1].casefold())


# --- form values ------------------------------------------------------------------------

def amount(text: Any) -> Any:
    """A typed amount as the domain reads it: "90 000,50" is 90000.50 (Russian keyboards
    write a decimal comma and group digits with spaces). Anything else is left for the
    schema to refuse."""
    if not isinstance(text, str):
        return text
    cleaned = text.replace("\u00a0", "").replace(" ", "").replace(",", ".")
    try:
        Decimal(cleaned)
    except InvalidOperation:
        return text
    return cleaned


def plain_number(value: Decimal | int | None) -> str:
    """A stored number as a person would type it (40, not 40.00)."""
    if value is None:
        return ""
    if isinstance(value, int):
        return str(value)
    text = format(value.normalize(), "f")
    return text


def present(values: dict[str, Any], *names: str) -> dict[str, Any]:
    """The named fields that were filled in, under their own names."""
    return {name: values[name] for name in names if values.get(name) not in (None, "")}


def sub(values: dict[str, Any], prefix: str, *names: str) -> dict[str, Any]:
    """The filled fields "prefix.name" as a nested object's fields."""
    return {name: values[f"{prefix}.{name}"] for name in names
            if values.get(f"{prefix}.{name}") not in (None, "")}


def split_list(text: str | None) -> list[str]:
    """Skills and the like typed as one line, separated by commas or new lines."""
    if not text:
        return []
    parts = [p.strip() for chunk in text.splitlines() for p in chunk.split(",")]
    return [p for p in parts if p]


# --- the agency's own records -----------------------------------------------------------

PAGE = 1000


async def all_vacancies(uow: Uow, user: Principal) -> list[VacancyOut]:
    """Every vacancy of the agency, newest first as the service lists them."""
    found: list[VacancyOut] = []
    offset = 0
    while True:
        page = await service.list_vacancies(uow, actor=user, statuses=None, limit=PAGE,
                                            offset=offset, today=utc_today())
        found += [v for v in page if v.agency_id == user.agency_id]
        offset += PAGE
        if len(page) < PAGE:
            return found


async def own_employers(uow: Uow, user: Principal) -> list[EmployerOut]:
    employers = await service.list_employers(uow, actor=user, status=None, today=utc_today())
    return [e for e in employers if e.agency_id == user.agency_id]


async def own_vacancy(uow: Uow, user: Principal, vacancy_id: int) -> VacancyOut:
    """The agency's vacancy; another agency's reads as absent, even a published one anyone
    may see on the public pages."""
    try:
        vacancy = await service.get_vacancy(uow, vacancy_id=vacancy_id, actor=user,
                                            today=utc_today())
    except NotFound:
        vacancy = None
    if vacancy is None or vacancy.agency_id != user.agency_id:
        raise NotFound("vacancy", vacancy_id)
    return vacancy
