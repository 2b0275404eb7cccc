"""Routing a case to a mission, an attaché and a settlement body, recording which rule
matched and why, and people's marks on whether the routing was right."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, cast

from core import audit
from core.auth import SYSTEM, Principal
from core.db import UnitOfWork
from disputes import repository as repo
from disputes.cases import _FULL_VIEW, _jsonable, _visible_row, parties_of
from disputes.exceptions import NotAllowed, NotFound
from disputes.regions import routing_region
from disputes.routing import (
    Body,
    Case,
    Rule,
    choose_rule,
    choose_settlement_body,
    explain,
    facts,
    least_loaded,
)
from disputes.rows import DisputeRow, RoutingDecisionMarkedRow, RoutingRuleRow
from disputes.rules import DisputeAction, Party
from disputes.schemas import RoutingDecisionOut
from disputes.steps import _move, _notify_queue, _record_step
from missions import service as attache_service
from missions.rows import SettlementBodyRow

_ROUTING_MARKERS = frozenset({Party.OFFICIAL, Party.ATTACHE, Party.SETTLEMENT_BODY})


def _case(row: DisputeRow) -> Case:
    return Case(country=row["country"], region_key=row["region_key"], kind=row["kind"],
                amount=row["claimed_amount"], currency=row["claimed_currency"])


def _rule(row: RoutingRuleRow) -> Rule:
    return Rule(
        id=row["id"], country=row["country"], mission_id=row["mission_id"],
        region_key=row["region_key"],
        kinds=frozenset(row["kinds"]) if row["kinds"] is not None else None,
        min_amount=row["min_amount"], max_amount=row["max_amount"], currency=row["currency"],
        priority=row["priority"], settlement_body_id=row["settlement_body_id"],
    )


def _body(row: SettlementBodyRow) -> Body:
    return Body(id=row["id"], country=row["country"],
                region_keys=frozenset(routing_region(r, row["country"]) for r in row["regions"]),
                dispute_kinds=frozenset(row["dispute_kinds"]))


def _rule_snapshot(row: RoutingRuleRow) -> dict[str, Any]:
    """The rule as it was when it decided, so later edits do not rewrite history."""
    keys = ("id", "name", "country", "region", "kinds", "min_amount", "max_amount",
            "currency", "mission_id", "settlement_body_id", "priority", "version")
    found: Mapping[str, Any] = row
    return _jsonable({k: found[k] for k in keys})


async def _competent_body(uow: UnitOfWork, case: Case) -> int | None:
    bodies = await attache_service.list_settlement_bodies(uow, country=case.country)
    chosen = choose_settlement_body([_body(b) for b in bodies], case)
    return chosen.id if chosen else None


async def _pick_attache(uow: UnitOfWork, mission_id: int, *, exclude: Sequence[int] = ()
                        ) -> tuple[int | None, dict[int, int]]:
    """The mission's attaché with the fewest open cases, and everyone's open cases."""
    await repo.lock_mission_assignment(uow.conn, mission_id)
    attaches = await attache_service.mission_attaches(uow, mission_id=mission_id)
    loads = await repo.open_case_counts(uow.conn, [a["id"] for a in attaches])
    return least_loaded(loads, exclude=exclude), loads


async def _route(uow: UnitOfWork, row: DisputeRow, *, now: datetime) -> DisputeRow:
    """Route a filed case by the regulators' rules: the mission, the competent settlement
    body and the attaché with the fewest open cases; no rule means the fallback queue."""
    conn = uow.conn
    case = _case(row)
    rule_rows = await repo.list_rules(conn, country=row["country"], active=True)
    chosen = choose_rule([_rule(r) for r in rule_rows], case)
    explanation = explain(chosen, case, len(rule_rows))
    grounds = facts(chosen, case, len(rule_rows))
    if chosen is None:
        decision = await repo.insert_decision(
            conn, dispute_id=row["id"], kind="fallback", explanation=explanation,
            facts=grounds | {"region": row["region"]}, decided_by_role=SYSTEM.role,
            open_cases={},
        )
        await repo.update_dispute(conn, row["id"], queue="fallback")
        await _record_step(uow, row, action="route", actor=SYSTEM, from_status=row["status"],
                           to_status=row["status"],
                           data={"routing_decision_id": decision["id"], "queue": "fallback"})
        after = row | {"queue": "fallback", "version": row["version"] + 1}
        await _notify_queue(uow, before=row, after=after)
        return after

    rule_row = next(r for r in rule_rows if r["id"] == chosen.id)
    body_id = chosen.settlement_body_id or await _competent_body(uow, case)
    attache_id, loads = await _pick_attache(uow, chosen.mission_id)
    if attache_id is None:
        explanation += f"; mission {chosen.mission_id} has no attaché, so the case waits in " \
                       "the supervisor queue"
    decision = await repo.insert_decision(
        conn, dispute_id=row["id"], kind="rule", rule_id=chosen.id,
        rule_snapshot=_rule_snapshot(rule_row), mission_id=chosen.mission_id,
        settlement_body_id=body_id, attache_id=attache_id,
        open_cases={str(k): v for k, v in loads.items()}, explanation=explanation,
        facts=grounds | {"region": rule_row["region"], "no_attache": attache_id is None},
        decided_by_role=SYSTEM.role,
    )
    placed = {"mission_id": chosen.mission_id, "settlement_body_id": body_id}
    data = {"routing_decision_id": decision["id"], "rule_id": chosen.id, **placed}
    if attache_id is None:
        changes = placed | {"queue": "supervisor"}
        await repo.update_dispute(conn, row["id"], **changes)
        await _record_step(uow, row, action="route", actor=SYSTEM, from_status=row["status"],
                           to_status=row["status"], data=data | {"queue": "supervisor"})
        after = cast(DisputeRow, row | changes | {"version": row["version"] + 1})
        await _notify_queue(uow, before=row, after=after)
        return after
    return await _move(
        uow, row, DisputeAction.ASSIGN, actor=SYSTEM, now=now,
        changes=placed | {"assigned_attache_id": attache_id, "assigned_at": now,
                          "queue": None},
        data=data | {"attache_id": attache_id},
    )


def _decision_out(row: RoutingDecisionMarkedRow) -> RoutingDecisionOut:
    return RoutingDecisionOut(
        decision_id=row["id"], dispute_id=row["dispute_id"], kind=row["kind"],
        rule_id=row["rule_id"], mission_id=row["mission_id"],
        settlement_body_id=row["settlement_body_id"], attache_id=row["attache_id"],
        explanation=row["explanation"], facts=row["facts"], decided_at=row["decided_at"],
        rule_snapshot=row["rule_snapshot"], open_cases=row["open_cases"],
        decided_by_role=row["decided_by_role"], marked_correct=row["marked_correct"],
        marked_wrong=row["marked_wrong"], my_mark=row["my_mark"],
    )


async def list_routing(uow: UnitOfWork, *, dispute_id: int, actor: Principal
                       ) -> list[RoutingDecisionOut]:
    """Every routing decision about a case: the rule that matched, the loads compared,
    and how people marked it."""
    row, _ = await _visible_row(uow, dispute_id, actor)
    if not parties_of(actor, row) & (_FULL_VIEW | {Party.SETTLEMENT_BODY}):
        raise NotAllowed("routing.decisions_hidden")
    rows = await repo.list_decisions(uow.conn, dispute_id=dispute_id, viewer_id=actor.user_id)
    return [_decision_out(r) for r in rows]


async def mark_routing(uow: UnitOfWork, *, dispute_id: int, decision_id: int, correct: bool,
                       comment: str | None, actor: Principal) -> list[RoutingDecisionOut]:
    """Mark a routing decision right or wrong (once per person; marking again replaces)."""
    row, _ = await _visible_row(uow, dispute_id, actor)
    if not parties_of(actor, row) & _ROUTING_MARKERS or actor.user_id is None:
        raise NotAllowed("routing.not_yours_to_mark")
    decision = await repo.get_decision(uow.conn, decision_id)
    if decision is None or decision["dispute_id"] != dispute_id:
        raise NotFound("routing decision", decision_id)
    await repo.upsert_feedback(uow.conn, decision_id=decision_id, user_id=actor.user_id,
                               role=actor.role, correct=correct, comment=comment)
    await audit.record(uow.conn, actor=actor, entity_type="routing_decision",
                       entity_id=decision_id, agency_id=row["agency_id"],
                       action="mark_correct" if correct else "mark_wrong", reason=comment,
                       data={"dispute_id": dispute_id, "rule_id": decision["rule_id"]})
    return await list_routing(uow, dispute_id=dispute_id, actor=actor)
