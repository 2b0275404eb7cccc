"""The routing rules regulators keep: which mission and settlement body take which cases."""

from __future__ import annotations

from typing import Any

from core import audit
from core.auth import Principal
from core.db import UnitOfWork
from disputes import repository as repo
from disputes.cases import _jsonable
from disputes.exceptions import InvalidInput, NotFound, StaleVersion
from disputes.regions import routing_region
from disputes.routing_decisions import _decision_out, _rule_snapshot
from disputes.rows import RoutingRuleRow
from disputes.rules import DisputeKind
from disputes.schemas import AmountRange, RoutingDecisionOut, RoutingRuleIn, RoutingRuleOut
from missions import service as attache_service


def _rule_out(row: RoutingRuleRow) -> RoutingRuleOut:
    amount = None
    if row["currency"] is not None:
        amount = AmountRange(min=row["min_amount"], max=row["max_amount"],
                             currency=row["currency"])
    return RoutingRuleOut(
        id=row["id"], name=row["name"], country=row["country"], region=row["region"],
        kinds=[DisputeKind(k) for k in row["kinds"]] if row["kinds"] is not None else None,
        amount=amount, mission_id=row["mission_id"],
        settlement_body_id=row["settlement_body_id"], priority=row["priority"],
        active=row["active"], version=row["version"], created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


async def _rule_fields(uow: UnitOfWork, data: RoutingRuleIn) -> dict[str, Any]:
    mission = await attache_service.get_mission(uow, mission_id=data.mission_id)
    if mission is None:
        raise InvalidInput("mission_id", "mission.missing", mission_id=data.mission_id)
    if mission["country"] != data.country:
        raise InvalidInput("mission_id", "mission.other_country", mission_id=data.mission_id,
                           mission_country=mission['country'], country=data.country)
    key = routing_region(data.region, data.country) if data.region else None
    if key is not None and mission["regions"] and \
            key not in {routing_region(r, data.country) for r in mission["regions"]}:
        raise InvalidInput("region", "mission.region_not_covered", mission_id=data.mission_id,
                           regions=mission["regions"], region=data.region)
    kinds = [k.value for k in data.kinds] if data.kinds else None
    if data.settlement_body_id is not None:
        body = await attache_service.get_settlement_body(
            uow, settlement_body_id=data.settlement_body_id)
        if body is None:
            raise InvalidInput("settlement_body_id", "settlement_body.missing",
                               body_id=data.settlement_body_id)
        if body["country"] != data.country:
            raise InvalidInput("settlement_body_id", "settlement_body.other_country",
                               body_id=data.settlement_body_id, body_country=body["country"],
                               country=data.country)
        untaken = [k for k in (kinds or [k.value for k in DisputeKind])
                   if k not in body["dispute_kinds"]]
        if untaken:
            raise InvalidInput("settlement_body_id", "settlement_body.kinds_not_taken"
                               if kinds else "settlement_body.kinds_not_taken_limit",
                               body_id=data.settlement_body_id, kinds=untaken)
        body_keys = {routing_region(r, data.country) for r in body["regions"]}
        if body_keys and key not in body_keys:
            raise InvalidInput("settlement_body_id", "settlement_body.regions_only",
                               body_id=data.settlement_body_id, regions=body["regions"])
    amount = data.amount
    return {
        "name": data.name, "country": data.country, "region": data.region, "region_key": key,
        "kinds": kinds, "min_amount": amount.min if amount else None,
        "max_amount": amount.max if amount else None,
        "currency": amount.currency if amount else None, "mission_id": data.mission_id,
        "settlement_body_id": data.settlement_body_id, "priority": data.priority,
        "active": data.active,
    }


async def create_rule(uow: UnitOfWork, *, data: RoutingRuleIn, actor: Principal
                      ) -> RoutingRuleOut:
    """Add a routing rule; it routes cases filed from now on."""
    if data.expected_version is not None:
        raise InvalidInput("expected_version", "routing_rule.version_on_create")
    row = await repo.insert_rule(uow.conn, await _rule_fields(uow, data))
    await audit.record(uow.conn, actor=actor, entity_type="routing_rule", entity_id=row["id"],
                       action="create", data=_jsonable(_rule_snapshot(row)))
    return _rule_out(row)


async def update_rule(uow: UnitOfWork, *, rule_id: int, data: RoutingRuleIn,
                      actor: Principal) -> RoutingRuleOut:
    """Change a routing rule; cases it already placed stay where they are."""
    before = await repo.get_rule(uow.conn, rule_id, for_update=True)
    if before is None:
        raise NotFound("routing rule", rule_id)
    if data.expected_version is not None and data.expected_version != before["version"]:
        raise StaleVersion(expected=data.expected_version, actual=before["version"],
                           what="routing rule")
    row = await repo.update_rule(uow.conn, rule_id, await _rule_fields(uow, data))
    await audit.record(uow.conn, actor=actor, entity_type="routing_rule", entity_id=rule_id,
                       action="edit", data={"before": _rule_snapshot(before),
                                            "after": _rule_snapshot(row)})
    return _rule_out(row)


async def deactivate_rule(uow: UnitOfWork, *, rule_id: int, actor: Principal
                          ) -> RoutingRuleOut:
    """Stop a rule routing new cases (it is kept: past decisions name it)."""
    before = await repo.get_rule(uow.conn, rule_id, for_update=True)
    if before is None:
        raise NotFound("routing rule", rule_id)
    if not before["active"]:
        return _rule_out(before)
    row = await repo.update_rule(uow.conn, rule_id, {"active": False})
    await audit.record(uow.conn, actor=actor, entity_type="routing_rule", entity_id=rule_id,
                       action="deactivate", from_state="active", to_state="inactive")
    return _rule_out(row)


async def get_rule(uow: UnitOfWork, *, rule_id: int) -> RoutingRuleOut:
    """One routing rule, active or not."""
    row = await repo.get_rule(uow.conn, rule_id)
    if row is None:
        raise NotFound("routing rule", rule_id)
    return _rule_out(row)


async def list_rules(uow: UnitOfWork, *, country: str | None, active: bool | None,
                     mission_id: int | None = None) -> list[RoutingRuleOut]:
    """Routing rules by country, highest priority first."""
    rows = await repo.list_rules(uow.conn, country=country, active=active,
                                 mission_id=mission_id)
    return [_rule_out(r) for r in rows]


async def rule_decisions(uow: UnitOfWork, *, rule_id: int, actor: Principal
                         ) -> list[RoutingDecisionOut]:
    """Every case a rule routed, with how people marked each decision."""
    if await repo.get_rule(uow.conn, rule_id) is None:
        raise NotFound("routing rule", rule_id)
    rows = await repo.list_decisions(uow.conn, rule_id=rule_id, viewer_id=actor.user_id)
    return [_decision_out(r) for r in rows]
