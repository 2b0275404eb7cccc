"""Pure dispute routing: which rule a case matches, which settlement body is competent,
and which attaché of the mission takes it.

A rule matches a case when its country is the case's and each condition it sets holds:
its region (compared spelling-tolerantly, Latin or Cyrillic), its kinds, and its amount
range (from `min_amount` inclusive to `max_amount` exclusive, in the rule's currency; a
case claiming no amount, or in another currency, does not match a rule with a range).

Of several matching rules the winner is the one with the highest priority; among equal
priorities the most specific (the most conditions set: region, kinds, amount range);
then the narrower (fewer kinds, then the smaller amount range); then the oldest rule.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

_NO_LIMIT = Decimal("1e20")


@dataclass(frozen=True)
class Rule:
    id: int
    country: str
    mission_id: int
    region_key: str | None = None
    kinds: frozenset[str] | None = None
    min_amount: Decimal | None = None
    max_amount: Decimal | None = None
    currency: str | None = None
    priority: int = 0
    settlement_body_id: int | None = None

    @property
    def has_amount_range(self) -> bool:
        return self.min_amount is not None or self.max_amount is not None

    @property
    def specificity(self) -> int:
        """How many conditions the rule sets besides the country."""
        return sum((self.region_key is not None, self.kinds is not None,
                    self.has_amount_range))


@dataclass(frozen=True)
class Case:
    country: str
    region_key: str
    kind: str
    amount: Decimal | None = None
    currency: str | None = None


def matches(rule: Rule, case: Case) -> bool:
    """Whether every condition the rule sets holds for the case."""
    if rule.country != case.country:
        return False
    if rule.region_key is not None and rule.region_key != case.region_key:
        return False
    if rule.kinds is not None and case.kind not in rule.kinds:
        return False
    if rule.has_amount_range:
        if case.amount is None or case.currency != rule.currency:
            return False
        if rule.min_amount is not None and case.amount < rule.min_amount:
            return False
        if rule.max_amount is not None and case.amount >= rule.max_amount:
            return False
    return True


def _rank(rule: Rule) -> tuple[int, int, int, Decimal, int]:
    width = ((rule.max_amount if rule.max_amount is not None else _NO_LIMIT)
             - (rule.min_amount or Decimal(0))) if rule.has_amount_range else _NO_LIMIT
    kinds = len(rule.kinds) if rule.kinds is not None else 1_000
    # Sorted ascending: higher priority, more specific, fewer kinds, narrower, older first.
    return (-rule.priority, -rule.specificity, kinds, width, rule.id)


def choose_rule(rules: Iterable[Rule], case: Case) -> Rule | None:
    """The rule that routes the case, or None (the case goes to the fallback queue)."""
    candidates = [r for r in rules if matches(r, case)]
    return min(candidates, key=_rank) if candidates else None


def explain(rule: Rule | None, case: Case, considered: int) -> str:
    """Why the case went where it went, for the routing record."""
    if rule is None:
        return (f"none of the {considered} active rules for {case.country} matched "
                f"(region {case.region_key!r}, kind {case.kind}, amount "
                f"{'none' if case.amount is None else f'{case.amount} {case.currency}'}); "
                "the case waits in the fallback queue")
    conditions = [f"country {rule.country}"]
    if rule.region_key is not None:
        conditions.append(f"region {rule.region_key!r}")
    if rule.kinds is not None:
        conditions.append("kind " + "/".join(sorted(rule.kinds)))
    if rule.has_amount_range:
        conditions.append(f"amount from {rule.min_amount or 0} to "
                          f"{'any' if rule.max_amount is None else rule.max_amount} "
                          f"{rule.currency}")
    return (f"rule {rule.id} (priority {rule.priority}, {rule.specificity} conditions "
            f"besides the country) matched on {', '.join(conditions)}")


def facts(rule: Rule | None, case: Case, considered: int) -> dict[str, Any]:
    """What `explain` says, as data a page words in its reader's language: the rule and
    the conditions it matched on, or the rules looked at and the case none of them took."""
    if rule is None:
        return {"considered": considered, "country": case.country, "kind": case.kind,
                "amount": None if case.amount is None else str(case.amount),
                "currency": case.currency}
    return {
        "rule_id": rule.id, "priority": rule.priority, "specificity": rule.specificity,
        "country": rule.country, "region_key": rule.region_key,
        "kinds": sorted(rule.kinds) if rule.kinds is not None else None,
        "min_amount": str(rule.min_amount or 0) if rule.has_amount_range else None,
        "max_amount": None if rule.max_amount is None else str(rule.max_amount),
        "currency": rule.currency if rule.has_amount_range else None,
    }


@dataclass(frozen=True)
class Body:
    """A dispute settlement body as routing sees it."""

    id: int
    country: str
    region_keys: frozenset[str]  # empty: the whole country
    dispute_kinds: frozenset[str]


def body_takes(body: Body, case: Case) -> bool:
    return (body.country == case.country and case.kind in body.dispute_kinds
            and (not body.region_keys or case.region_key in body.region_keys))


def choose_settlement_body(bodies: Iterable[Body], case: Case) -> Body | None:
    """The competent body when a rule names none: one of the case's region before one for
    the whole country, then the oldest."""
    candidates = [b for b in bodies if body_takes(b, case)]
    return min(candidates, key=lambda b: (not b.region_keys, b.id)) if candidates else None


def least_loaded(open_cases: Mapping[int, int], *, exclude: Iterable[int] = ()) -> int | None:
    """The attaché with the fewest open cases (the lowest id among equals), or None."""
    skip = set(exclude)
    choices = [(count, attache_id) for attache_id, count in open_cases.items()
               if attache_id not in skip]
    return min(choices)[1] if choices else None
