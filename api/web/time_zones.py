"""Whose clock a reader keeps: the time zone a person's pages and notices show moments in.

Each reader gets the zone of the country their work is set in: a migrant and the staff of
a migrant resource centre that of the centre's country (a migrant working abroad too: the
deadlines of their case are kept with their centre, and they read them on the phone with
its staff, by the same clock); an attaché and a settlement body that of the receiving
country they serve; agency staff their agency's; the regulator's staff the deployment's
(`regulator_country`). Nobody signed in, or a country of several zones we cannot choose
among, keeps UTC.
"""

from __future__ import annotations

from babel.core import get_global

from core.auth import Principal, Role
from core.config import get_settings
from core.db import UnitOfWork
from matching import centres
from missions import service as missions_service
from registry import service as registry_service
from registry.exceptions import NotFound

# Countries with several zones, by the zone of their capital, where the offices our
# readers deal with sit (a mission records no city: one in Russia keeps Moscow time).
CAPITAL_ZONE = {"RU": "Europe/Moscow", "KZ": "Asia/Almaty", "UZ": "Asia/Tashkent",
                "DE": "Europe/Berlin", "US": "America/New_York", "CN": "Asia/Shanghai",
                "UA": "Europe/Kyiv", "ES": "Europe/Madrid", "PT": "Europe/Lisbon"}


def zone_of_country(country: str | None) -> str | None:
    """The IANA zone a country's people read the time in, or None when it has several and
    none is ours to choose."""
    if not country:
        return None
    country = country.upper()
    if country in CAPITAL_ZONE:
        return CAPITAL_ZONE[country]
    zones: list[str] = get_global("territory_zones").get(country, [])
    return zones[0] if len(zones) == 1 else None


async def reader_country(uow: UnitOfWork, principal: Principal | None) -> str | None:
    """The country whose clock this reader keeps (see the module's note), or None."""
    if principal is None:
        return None
    if principal.role in (Role.MIGRANT, Role.CENTRE_STAFF):
        return await centres.centre_country(uow, actor=principal)
    if principal.mission_id is not None:
        return await missions_service.mission_country(uow, mission_id=principal.mission_id)
    if principal.settlement_body_id is not None:
        body = await missions_service.get_settlement_body(
            uow, settlement_body_id=principal.settlement_body_id)
        return body["country"] if body else None
    if principal.agency_id is not None:
        try:
            return (await registry_service.agency_contact(
                uow, agency_id=principal.agency_id)).country
        except NotFound:
            return None
    if principal.role in (Role.REGULATOR, Role.ADMIN):
        return get_settings().regulator_country
    return None


async def reader_zone(uow: UnitOfWork, principal: Principal | None) -> str | None:
    """The zone this reader's moments are shown in; None for UTC."""
    return zone_of_country(await reader_country(uow, principal))
