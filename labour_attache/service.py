"""Labour-attaché use cases. So far: missions and dispute settlement bodies."""

from __future__ import annotations

from core import audit
from core.auth import Principal
from core.db import UnitOfWork
from labour_attache import repository as repo


async def create_mission(
    uow: UnitOfWork, *, name: str, sending_country: str, country: str, actor: Principal
) -> dict[str, object]:
    """Register the labour office of a sending country in a receiving country."""
    mission = await repo.insert_mission(
        uow.conn, name=name, sending_country=sending_country, country=country
    )
    await audit.record(uow.conn, actor=actor, entity_type="mission", entity_id=mission["id"],
                       action="create", data={"name": name, "sending_country": sending_country,
                                              "country": country})
    return mission


async def create_settlement_body(
    uow: UnitOfWork, *, name: str, country: str, actor: Principal
) -> dict[str, object]:
    """Register a dispute settlement body in a receiving country."""
    body = await repo.insert_settlement_body(uow.conn, name=name, country=country)
    await audit.record(uow.conn, actor=actor, entity_type="settlement_body",
                       entity_id=body["id"], action="create",
                       data={"name": name, "country": country})
    return body


async def mission_exists(uow: UnitOfWork, *, mission_id: int) -> bool:
    return await repo.get(uow.conn, "mission", mission_id) is not None


async def settlement_body_exists(uow: UnitOfWork, *, settlement_body_id: int) -> bool:
    return await repo.get(uow.conn, "settlement_body", settlement_body_id) is not None


async def mission_country(uow: UnitOfWork, *, mission_id: int) -> str | None:
    """The receiving country a mission (and so its attachés) covers."""
    mission = await repo.get(uow.conn, "mission", mission_id)
    return mission["country"] if mission else None
