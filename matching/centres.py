"""The migrant resource centres that centre staff belong to."""

from __future__ import annotations

from core import audit
from core.auth import Principal, Role
from core.db import UnitOfWork
from matching.repository import centres as repo
from matching.rows import CentreRow


async def create_centre(
    uow: UnitOfWork, *, name: str, country: str, city: str, actor: Principal
) -> CentreRow:
    """Register a migrant resource centre."""
    centre = await repo.insert_centre(uow.conn, name=name, country=country, city=city)
    await audit.record(uow.conn, actor=actor, entity_type="centre", entity_id=centre["id"],
                       action="create", data={"name": name, "country": country, "city": city})
    return centre


async def centre_exists(uow: UnitOfWork, *, centre_id: int) -> bool:
    return await repo.get_centre(uow.conn, centre_id) is not None


async def get_centre(uow: UnitOfWork, *, centre_id: int) -> CentreRow | None:
    """A migrant resource centre (name, country, city), or None."""
    return await repo.get_centre(uow.conn, centre_id)


async def list_centres(uow: UnitOfWork, *, country: str | None = None) -> list[CentreRow]:
    """The migrant resource centres, by country and city: where a worker asks for help."""
    return await repo.list_centres(uow.conn, country)


async def centre_country(uow: UnitOfWork, *, actor: Principal) -> str | None:
    """The country of the centre the user works at or, for a migrant, of the centre that
    registered them; None for anyone else."""
    if actor.centre_id is None and actor.role != Role.MIGRANT:
        return None
    return await repo.centre_country(
        uow.conn, centre_id=actor.centre_id,
        migrant_user_id=actor.user_id if actor.role == Role.MIGRANT else None)
