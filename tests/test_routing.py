"""Dispute routing and the case rules, pure and table-driven: no I/O."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from disputes.exceptions import IllegalTransition
from disputes.routing import (
    Body,
    Case,
    Rule,
    body_takes,
    choose_rule,
    choose_settlement_body,
    explain,
    facts,
    least_loaded,
    matches,
)
from disputes.rules import (
    ACTORS,
    TRANSITIONS,
    DisputeAction,
    DisputeStatus,
    Party,
    StageDays,
    Terms,
    allowed_actions,
    compare_terms,
    deadline_after,
    next_status,
)
from missions.rules import region_key

pytestmark = pytest.mark.unit

D = Decimal
S, A = DisputeStatus, DisputeAction
MOSCOW = region_key("Moskva")
CASE = Case(country="RU", region_key=MOSCOW, kind="unpaid_wages", amount=D("500"),
            currency="USD")


def rule(rule_id: int, **over: object) -> Rule:
    fields: dict[str, object] = {"id": rule_id, "country": "RU", "mission_id": 100 + rule_id}
    fields.update(over)
    return Rule(**fields)  # type: ignore[arg-type]


# --- what a rule matches ------------------------------------------------------------------


@pytest.mark.parametrize(("name", "the_rule", "case", "expected"), [
    ("country only", rule(1), CASE, True),
    ("another country", rule(1, country="KZ"), CASE, False),
    ("same region", rule(1, region_key=MOSCOW), CASE, True),
    ("region in Cyrillic", rule(1, region_key=region_key("Москва")), CASE, True),
    ("region in another case", rule(1, region_key=region_key("  MOSKVA ")), CASE, True),
    ("another region", rule(1, region_key=region_key("Kazan")), CASE, False),
    ("kind listed", rule(1, kinds=frozenset({"unpaid_wages", "other"})), CASE, True),
    ("kind not listed", rule(1, kinds=frozenset({"passport_withheld"})), CASE, False),
    ("amount at the minimum", rule(1, min_amount=D("500"), currency="USD"), CASE, True),
    ("amount below the minimum", rule(1, min_amount=D("500.01"), currency="USD"), CASE,
     False),
    ("amount at the maximum (exclusive)", rule(1, max_amount=D("500"), currency="USD"),
     CASE, False),
    ("amount below the maximum", rule(1, max_amount=D("500.01"), currency="USD"), CASE, True),
    ("amount within the range",
     rule(1, min_amount=D("100"), max_amount=D("1000"), currency="USD"), CASE, True),
    ("amount in another currency", rule(1, min_amount=D("0"), currency="RUB"), CASE, False),
    ("no amount claimed, rule has a range", rule(1, min_amount=D("0"), currency="USD"),
     Case(country="RU", region_key=MOSCOW, kind="passport_withheld"), False),
    ("no amount claimed, rule has none", rule(1),
     Case(country="RU", region_key=MOSCOW, kind="passport_withheld"), True),
    ("every condition holds",
     rule(1, region_key=MOSCOW, kinds=frozenset({"unpaid_wages"}), min_amount=D("1"),
          max_amount=D("1000"), currency="USD"), CASE, True),
    ("one condition fails",
     rule(1, region_key=MOSCOW, kinds=frozenset({"other"}), min_amount=D("1"),
          currency="USD"), CASE, False),
])
def test_what_a_rule_matches(name: str, the_rule: Rule, case: Case, expected: bool) -> None:
    assert matches(the_rule, case) is expected, name


@pytest.mark.parametrize(("name", "rules", "winner"), [
    ("no rules", [], None),
    ("no rule matches", [rule(1, country="KZ"), rule(2, kinds=frozenset({"other"}))], None),
    ("the only match", [rule(1, country="KZ"), rule(2)], 2),
    ("a region beats the country", [rule(1), rule(2, region_key=MOSCOW)], 2),
    ("a kind beats the country", [rule(1), rule(2, kinds=frozenset({"unpaid_wages"}))], 2),
    ("an amount range beats the country",
     [rule(1), rule(2, min_amount=D("100"), currency="USD")], 2),
    ("two conditions beat one",
     [rule(1, region_key=MOSCOW), rule(2, kinds=frozenset({"unpaid_wages"}),
                                       min_amount=D("0"), currency="USD")], 2),
    ("priority beats specificity",
     [rule(1, region_key=MOSCOW, kinds=frozenset({"unpaid_wages"})), rule(2, priority=5)], 2),
    ("fewer kinds win between equals",
     [rule(1, kinds=frozenset({"unpaid_wages", "other"})),
      rule(2, kinds=frozenset({"unpaid_wages"}))], 2),
    ("the narrower range wins between equals",
     [rule(1, min_amount=D("0"), max_amount=D("10000"), currency="USD"),
      rule(2, min_amount=D("100"), max_amount=D("1000"), currency="USD")], 2),
    ("a bounded range beats an open one",
     [rule(1, min_amount=D("100"), currency="USD"),
      rule(2, min_amount=D("100"), max_amount=D("1000"), currency="USD")], 2),
    ("the oldest of identical rules", [rule(7), rule(3), rule(5)], 3),
])
def test_which_rule_wins(name: str, rules: list[Rule], winner: int | None) -> None:
    chosen = choose_rule(rules, CASE)
    assert (chosen.id if chosen else None) == winner, name


def test_specificity_counts_the_conditions_set() -> None:
    assert rule(1).specificity == 0
    assert rule(1, region_key=MOSCOW).specificity == 1
    assert rule(1, region_key=MOSCOW, kinds=frozenset({"other"})).specificity == 2
    assert rule(1, region_key=MOSCOW, kinds=frozenset({"other"}), max_amount=D(1),
                currency="USD").specificity == 3


def test_the_explanation_names_the_rule_or_the_fallback() -> None:
    the_rule = rule(4, region_key=MOSCOW, min_amount=D("100"), currency="USD", priority=2)
    text = explain(the_rule, CASE, 3)
    assert "rule 4" in text and "priority 2" in text and "moskva" in text
    assert "amount from 100 to any USD" in text
    assert "fallback" in explain(None, CASE, 3)
    assert "none of the 3 active rules" in explain(None, CASE, 3)


def test_the_facts_say_what_the_explanation_says() -> None:
    the_rule = rule(4, region_key=MOSCOW, kinds=frozenset({"unpaid_wages", "other"}),
                    min_amount=D("100"), currency="USD", priority=2)
    assert facts(the_rule, CASE, 3) == {
        "rule_id": 4, "priority": 2, "specificity": 3, "country": "RU", "region_key": MOSCOW,
        "kinds": ["other", "unpaid_wages"], "min_amount": "100", "max_amount": None,
        "currency": "USD"}
    bare = facts(rule(5), CASE, 3)
    assert (bare["region_key"], bare["kinds"], bare["min_amount"], bare["currency"]) == (
        None, None, None, None)
    assert facts(None, CASE, 3) == {"considered": 3, "country": "RU", "kind": CASE.kind,
                                    "amount": str(CASE.amount), "currency": CASE.currency}


# --- the competent settlement body -----------------------------------------------------------

ALL_KINDS = frozenset({"unpaid_wages", "passport_withheld", "other"})


@pytest.mark.parametrize(("name", "bodies", "winner"), [
    ("none", [], None),
    ("another country", [Body(1, "KZ", frozenset(), ALL_KINDS)], None),
    ("does not take the kind", [Body(1, "RU", frozenset(), frozenset({"other"}))], None),
    ("serves another region", [Body(1, "RU", frozenset({region_key("Kazan")}), ALL_KINDS)],
     None),
    ("the whole country", [Body(1, "RU", frozenset(), ALL_KINDS)], 1),
    ("the region's body before the country's",
     [Body(1, "RU", frozenset(), ALL_KINDS), Body(2, "RU", frozenset({MOSCOW}), ALL_KINDS)], 2),
    ("the oldest of equals",
     [Body(9, "RU", frozenset(), ALL_KINDS), Body(4, "RU", frozenset(), ALL_KINDS)], 4),
])
def test_the_competent_settlement_body(name: str, bodies: list[Body], winner: int | None
                                       ) -> None:
    chosen = choose_settlement_body(bodies, CASE)
    assert (chosen.id if chosen else None) == winner, name
    assert all(body_takes(b, CASE) == (b.id == winner) for b in bodies if winner is None
               or b.id == winner)


# --- load balancing ----------------------------------------------------------------------


@pytest.mark.parametrize(("loads", "exclude", "expected"), [
    ({}, (), None),
    ({7: 0}, (), 7),
    ({7: 3, 8: 1, 9: 2}, (), 8),
    ({7: 1, 8: 1, 9: 1}, (), 7),
    ({7: 3, 8: 1, 9: 2}, (8,), 9),
    ({7: 0}, (7,), None),
])
def test_the_least_loaded_attache(loads: dict[int, int], exclude: tuple[int, ...],
                                  expected: int | None) -> None:
    assert least_loaded(loads, exclude=exclude) == expected


@pytest.mark.parametrize(("typed", "stored"), [
    ("Moscow", "moscow"), ("Москва", "Moskva"), ("Moskva Oblast", "МОСКВА  ОБЛАСТЬ"),
    ("Sankt-Peterburg", "Санкт-Петербург"),
])
def test_regions_meet_across_scripts(typed: str, stored: str) -> None:
    assert region_key(typed) == region_key(stored)


@pytest.mark.parametrize("typed", ["Москва", "москва ", "Moskva", "Маскав", "MOSCOW"])
def test_a_city_region_meets_its_names_in_every_language(typed: str) -> None:
    """A complaint from «Москва» reaches the body whose region is "Moscow", not the
    federal one: the gazetteer knows the city's names, whose letters differ."""
    from disputes.regions import routing_region

    moscow = routing_region("Moscow", "RU")
    assert routing_region(typed, "RU") == moscow
    body = Body(1, "RU", frozenset({moscow}), ALL_KINDS)
    whole = Body(2, "RU", frozenset(), ALL_KINDS)
    case = Case(country="RU", region_key=routing_region(typed, "RU"), kind="unpaid_wages")
    chosen = choose_settlement_body([whole, body], case)
    assert chosen is not None and chosen.id == 1
    # Other regions keep the spelling-tolerant key.
    assert routing_region("Moskva Oblast", "RU") == routing_region("МОСКВА  ОБЛАСТЬ", "RU")


# --- the case state machine ----------------------------------------------------------------

LEGAL = {
    (S.FILED, A.ASSIGN): S.ASSIGNED,
    (S.FILED, A.WITHDRAW): S.WITHDRAWN,
    (S.ASSIGNED, A.REASSIGN): S.ASSIGNED, (S.ASSIGNED, A.ESCALATE): S.ASSIGNED,
    (S.ASSIGNED, A.ACKNOWLEDGE): S.ACKNOWLEDGED, (S.ASSIGNED, A.WITHDRAW): S.WITHDRAWN,
    (S.ACKNOWLEDGED, A.REASSIGN): S.ACKNOWLEDGED, (S.ACKNOWLEDGED, A.ESCALATE): S.ACKNOWLEDGED,
    (S.ACKNOWLEDGED, A.START_MEDIATION): S.IN_MEDIATION,
    (S.ACKNOWLEDGED, A.REFER): S.REFERRED, (S.ACKNOWLEDGED, A.WITHDRAW): S.WITHDRAWN,
    (S.IN_MEDIATION, A.REASSIGN): S.IN_MEDIATION, (S.IN_MEDIATION, A.ESCALATE): S.IN_MEDIATION,
    (S.IN_MEDIATION, A.RESOLVE): S.RESOLVED, (S.IN_MEDIATION, A.REFER): S.REFERRED,
    (S.IN_MEDIATION, A.WITHDRAW): S.WITHDRAWN,
    (S.REFERRED, A.REASSIGN): S.REFERRED, (S.REFERRED, A.ESCALATE): S.REFERRED,
    (S.REFERRED, A.DECIDE): S.DECIDED, (S.REFERRED, A.WITHDRAW): S.WITHDRAWN,
    (S.RESOLVED, A.CLOSE): S.CLOSED, (S.DECIDED, A.CLOSE): S.CLOSED,
}


def test_the_table_is_the_one_agreed() -> None:
    assert TRANSITIONS == LEGAL


@pytest.mark.parametrize(("status", "action"), [(s, a) for s in S for a in A])
def test_every_state_and_action(status: DisputeStatus, action: DisputeAction) -> None:
    if (status, action) in LEGAL:
        assert next_status(status, action) == LEGAL[(status, action)]
        return
    with pytest.raises(IllegalTransition) as info:
        next_status(status, action)
    people = [a.value for a in A if (status, a) in LEGAL and ACTORS[a] != {Party.SYSTEM}]
    assert info.value.allowed == people
    assert status.value.replace("_", " ") in str(info.value)
    if not people:
        assert "final" in str(info.value)


@pytest.mark.parametrize(("status", "parties", "expected"), [
    (S.ASSIGNED, frozenset({Party.ATTACHE}), ["acknowledge", "withdraw"]),
    (S.ASSIGNED, frozenset({Party.OFFICIAL}), ["reassign"]),
    (S.ASSIGNED, frozenset({Party.COMPLAINANT}), ["withdraw"]),
    (S.ASSIGNED, frozenset(), []),
    (S.REFERRED, frozenset({Party.SETTLEMENT_BODY}), ["decide"]),
    (S.RESOLVED, frozenset({Party.ATTACHE, Party.OFFICIAL}), ["close"]),
    (S.CLOSED, frozenset({Party.OFFICIAL}), []),
])
def test_what_each_party_may_do(status: DisputeStatus, parties: frozenset[Party],
                                expected: list[str]) -> None:
    assert allowed_actions(status, parties) == expected


NOW = datetime(2026, 3, 1, 12, tzinfo=UTC)
DAYS = StageDays(acknowledge=3, mediation=30, decision=90)
EARLIER = NOW - timedelta(days=10)


@pytest.mark.parametrize(("action", "target", "current", "expected"), [
    (A.ASSIGN, S.ASSIGNED, None, NOW + timedelta(days=3)),
    (A.REASSIGN, S.ASSIGNED, EARLIER, NOW + timedelta(days=3)),
    (A.ACKNOWLEDGE, S.ACKNOWLEDGED, EARLIER, NOW + timedelta(days=30)),
    (A.START_MEDIATION, S.IN_MEDIATION, EARLIER, EARLIER),
    (A.REASSIGN, S.IN_MEDIATION, EARLIER, NOW + timedelta(days=30)),
    (A.REFER, S.REFERRED, EARLIER, NOW + timedelta(days=90)),
    (A.REASSIGN, S.REFERRED, EARLIER, EARLIER),
    (A.ESCALATE, S.ASSIGNED, EARLIER, None),
    (A.RESOLVE, S.RESOLVED, EARLIER, None),
    (A.DECIDE, S.DECIDED, EARLIER, None),
    (A.CLOSE, S.CLOSED, None, None),
    (A.WITHDRAW, S.WITHDRAWN, EARLIER, None),
])
def test_stage_deadlines(action: DisputeAction, target: DisputeStatus,
                         current: datetime | None, expected: datetime | None) -> None:
    assert deadline_after(action, target, now=NOW, current=current, days=DAYS) == expected


# --- promised against reported terms --------------------------------------------------------

PROMISED = Terms(wage_amount=D("90000"), wage_currency="RUB", wage_period="month",
                 hours_per_week=D("40"), housing="free", meals="paid", fee_amount=D("0"))


def _line(lines: list, term: str) -> tuple[object, object]:  # type: ignore[type-arg]
    found = next(ln for ln in lines if ln.term == term)
    return found.differs, found.worse


@pytest.mark.parametrize(("reported", "term", "differs", "worse"), [
    (Terms(wage_amount=D("60000"), wage_currency="RUB", wage_period="month"), "wage",
     True, True),
    (Terms(wage_amount=D("90000"), wage_currency="RUB", wage_period="month"), "wage",
     False, False),
    (Terms(wage_amount=D("100000"), wage_currency="RUB", wage_period="month"), "wage",
     True, False),
    # 500 an hour for 40 hours is about 86 667 a month: less than promised.
    (Terms(wage_amount=D("500"), wage_currency="RUB", wage_period="hour"), "wage",
     True, True),
    (Terms(wage_amount=D("1000"), wage_currency="USD", wage_period="month"), "wage",
     True, None),
    (Terms(), "wage", None, None),
    (Terms(hours_per_week=D("72")), "hours_per_week", True, True),
    (Terms(hours_per_week=D("40")), "hours_per_week", False, False),
    (Terms(housing="paid"), "housing", True, True),
    (Terms(housing="free"), "housing", False, False),
    (Terms(meals="free"), "meals", True, False),
    (Terms(meals="none"), "meals", True, True),
    (Terms(fee_amount=D("500"), fee_currency="USD"), "worker_fee", True, True),
    (Terms(fee_amount=D("0"), fee_currency="USD"), "worker_fee", False, False),
    (Terms(), "worker_fee", None, None),
])
def test_reported_terms_beside_the_promised(reported: Terms, term: str, differs: bool | None,
                                            worse: bool | None) -> None:
    assert _line(compare_terms(PROMISED, reported), term) == (differs, worse)


def test_all_five_terms_are_shown() -> None:
    lines = compare_terms(PROMISED, Terms())
    assert [ln.term for ln in lines] == ["wage", "hours_per_week", "housing", "meals",
                                         "worker_fee"]
    assert lines[0].promised == "90000 RUB per month"
    assert lines[4].promised == "none"
