"""Labour-attaché use cases. So far: missions and dispute settlement bodies."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from core import audit
from core.auth import Principal
from core.db import UnitOfWork
from missions import repository as repo
from missions.rows import (
    AttacheRow,
    MissionRow,
    NewMissionRow,
    NewSettlementBodyRow,
    SettlementBodyRow,
)


async def create_mission(
    uow: UnitOfWork, *, name: str, sending_country: str, country: str, actor: Principal
) -> NewMissionRow:
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
) -> NewSettlementBodyRow:
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


# --- jurisdictions and contacts (regulators and administrators edit them) ---------------


def _changed(before: Mapping[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in changes.items() if before.get(k) != v}


async def register_mission(
    uow: UnitOfWork, *, name: str, sending_country: str, country: str, regions: list[str],
    address: str | None, email: str | None, phone: str | None, actor: Principal,
) -> MissionRow:
    """Register a mission with the regions of its receiving country it covers (none: all)
    and its contacts."""
    fields = {"name": name, "sending_country": sending_country, "country": country,
              "regions": regions, "address": address, "email": email, "phone": phone}
    mission = await repo.insert_full(uow.conn, "mission", **fields)
    await audit.record(uow.conn, actor=actor, entity_type="mission", entity_id=mission["id"],
                       action="create", data=fields)
    return mission


async def update_mission(
    uow: UnitOfWork, *, mission_id: int, changes: dict[str, Any], actor: Principal
) -> MissionRow | None:
    """Change a mission's name, regions or contacts (audited); None when there is none."""
    before = await repo.get_for_update(uow.conn, "mission", mission_id)
    if before is None:
        return None
    changed = _changed(before, changes)
    was: Mapping[str, Any] = before
    after = await repo.update(uow.conn, "mission", mission_id, **changed)
    assert after is not None
    await audit.record(uow.conn, actor=actor, entity_type="mission", entity_id=mission_id,
                       action="edit", data={"before": {k: was[k] for k in changed},
                                            "after": changed})
    return after


async def register_settlement_body(
    uow: UnitOfWork, *, name: str, country: str, kind: str, regions: list[str],
    dispute_kinds: list[str], address: str | None, email: str | None, phone: str | None,
    actor: Principal,
) -> SettlementBodyRow:
    """Register a settlement body of a receiving country: its kind, the regions it serves
    (none: the whole country), the kinds of dispute it takes, and its contacts."""
    fields = {"name": name, "country": country, "kind": kind, "regions": regions,
              "dispute_kinds": dispute_kinds, "address": address, "email": email,
              "phone": phone}
    body = await repo.insert_full(uow.conn, "settlement_body", **fields)
    await audit.record(uow.conn, actor=actor, entity_type="settlement_body",
                       entity_id=body["id"], action="create", data=fields)
    return body


async def update_settlement_body(
    uow: UnitOfWork, *, settlement_body_id: int, changes: dict[str, Any], actor: Principal
) -> SettlementBodyRow | None:
    """Change a settlement body's kind, regions, dispute kinds or contacts (audited); None
    when there is none."""
    before = await repo.get_for_update(uow.conn, "settlement_body", settlement_body_id)
    if before is None:
        return None
    changed = _changed(before, changes)
    was: Mapping[str, Any] = before
    after = await repo.update(uow.conn, "settlement_body", settlement_body_id, **changed)
    assert after is not None
    await audit.record(uow.conn, actor=actor, entity_type="settlement_body",
                       entity_id=settlement_body_id, action="edit",
                       data={"before": {k: was[k] for k in changed}, "after": changed})
    return after


async def get_mission(uow: UnitOfWork, *, mission_id: int) -> MissionRow | None:
    """A mission with its regions and contacts, or None."""
    return await repo.get(uow.conn, "mission", mission_id)


async def get_settlement_body(uow: UnitOfWork, *, settlement_body_id: int
                              ) -> SettlementBodyRow | None:
    """A settlement body with its kind, regions, dispute kinds and contacts, or None."""
    return await repo.get(uow.conn, "settlement_body", settlement_body_id)


async def list_missions(uow: UnitOfWork, *, country: str | None = None) -> list[MissionRow]:
    """Missions, by receiving country."""
    return await repo.list_rows(uow.conn, "mission", country=country)


async def list_settlement_bodies(
    uow: UnitOfWork, *, country: str | None = None, kind: str | None = None
) -> list[SettlementBodyRow]:
    """Settlement bodies, by receiving country and kind."""
    return await repo.list_rows(uow.conn, "settlement_body", country=country, kind=kind)


async def mission_attaches(uow: UnitOfWork, *, mission_id: int) -> list[AttacheRow]:
    """The active attachés of a mission (id, full name, e-mail), oldest account first."""
    return await repo.mission_attaches(uow.conn, mission_id)


async def settlement_body_members(uow: UnitOfWork, *, settlement_body_id: int) -> list[int]:
    """The user ids of a settlement body's active accounts."""
    return await repo.settlement_body_members(uow.conn, settlement_body_id)
