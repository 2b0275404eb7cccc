"""Correcting a recorded decision: who may, until when, and how two versions' findings pair
up. Pure rules, table-driven, no I/O."""

from datetime import UTC, datetime, timedelta

import pytest

from disputes.rules import (
    CORRECTORS,
    CorrectionRefusal,
    FindingLine,
    Party,
    correctable_until,
    correction_refusal,
    findings_kept,
    upheld_against_agency,
    who_corrects,
)

pytestmark = pytest.mark.unit

P = Party
R = CorrectionRefusal
RECORDED = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)
DAYS = 14
LAST = RECORDED + timedelta(days=DAYS)


@pytest.mark.parametrize(("decided_in", "parties", "now", "expected"), [
    # The body that made the decision, inside the window, up to its last moment.
    ("settlement_body", {P.SETTLEMENT_BODY}, RECORDED, None),
    ("settlement_body", {P.SETTLEMENT_BODY}, RECORDED + timedelta(days=7), None),
    ("settlement_body", {P.SETTLEMENT_BODY}, LAST, None),
    ("mediation", {P.ATTACHE}, RECORDED + timedelta(hours=1), None),
    ("mediation", {P.ATTACHE}, LAST, None),
    # A moment later the window is closed.
    ("settlement_body", {P.SETTLEMENT_BODY}, LAST + timedelta(seconds=1), R.WINDOW_CLOSED),
    ("mediation", {P.ATTACHE}, LAST + timedelta(days=300), R.WINDOW_CLOSED),
    # Nobody else corrects, in the window or after it: not the attaché a settlement body's
    # decision, not the body a mediation result, not a regulator, the complainant or the
    # system.
    ("settlement_body", {P.ATTACHE}, RECORDED, R.NOT_THE_DECIDER),
    ("settlement_body", {P.OFFICIAL}, RECORDED, R.NOT_THE_DECIDER),
    ("settlement_body", {P.COMPLAINANT}, RECORDED, R.NOT_THE_DECIDER),
    ("settlement_body", {P.SYSTEM}, RECORDED, R.NOT_THE_DECIDER),
    ("settlement_body", set(), RECORDED, R.NOT_THE_DECIDER),
    ("mediation", {P.SETTLEMENT_BODY}, RECORDED, R.NOT_THE_DECIDER),
    ("mediation", {P.OFFICIAL, P.COMPLAINANT}, RECORDED, R.NOT_THE_DECIDER),
    ("mediation", {P.OFFICIAL}, LAST + timedelta(days=1), R.NOT_THE_DECIDER),
    # Standing in several ways counts once the decider's way is among them.
    ("settlement_body", {P.SETTLEMENT_BODY, P.OFFICIAL}, RECORDED, None),
    ("mediation", {P.ATTACHE, P.COMPLAINANT}, LAST + timedelta(minutes=1), R.WINDOW_CLOSED),
])
def test_who_may_correct_and_until_when(decided_in: str, parties: set[Party], now: datetime,
                                        expected: CorrectionRefusal | None) -> None:
    assert correction_refusal(decided_in, frozenset(parties), recorded_at=RECORDED, now=now,
                              days=DAYS) == expected


@pytest.mark.parametrize(("days", "until"), [
    (14, RECORDED + timedelta(days=14)),
    (1, RECORDED + timedelta(days=1)),
    (0, RECORDED),
])
def test_the_window_runs_from_the_first_recording(days: int, until: datetime) -> None:
    assert correctable_until(RECORDED, days) == until
    assert correction_refusal("mediation", frozenset({P.ATTACHE}), recorded_at=RECORDED,
                              now=until, days=days) is None
    assert correction_refusal("mediation", frozenset({P.ATTACHE}), recorded_at=RECORDED,
                              now=until + timedelta(microseconds=1),
                              days=days) == R.WINDOW_CLOSED


def test_each_kind_of_decision_has_one_corrector_named_in_words() -> None:
    assert dict(CORRECTORS) == {"mediation": frozenset({P.ATTACHE}),
                                "settlement_body": frozenset({P.SETTLEMENT_BODY})}
    assert "settlement body" in who_corrects("settlement_body")
    assert "attaché" in who_corrects("mediation")


A1 = FindingLine("agency", "charged a fee")
A2 = FindingLine("agency", "placed without checks")
E1 = FindingLine("employer", "wages withheld")
E1_LISTED = FindingLine("employer", "wages withheld", watchlist_employer=True)


@pytest.mark.parametrize(("name", "before", "after", "kept"), [
    ("unchanged", [A1, E1], [A1, E1], [0, 1]),
    ("reordered", [A1, E1], [E1, A1], [1, 0]),
    ("one dropped", [A1, A2], [A2], [1]),
    ("one added", [A1], [A1, A2], [0, -1]),
    ("reworded is new", [A1], [FindingLine("agency", "charged a fee twice")], [-1]),
    ("other party is new", [A1], [FindingLine("employer", "charged a fee")], [-1]),
    ("duplicates pair in order", [A1, A1], [A1, A1, A1], [0, 1, -1]),
    ("a watchlisting asked anew is new", [E1], [E1_LISTED], [-1]),
    ("a watchlisting made is kept when unticked", [E1_LISTED], [E1], [0]),
    ("a watchlisting made is kept", [E1_LISTED], [E1_LISTED], [0]),
    ("all dropped", [A1, E1], [], []),
    ("none before", [], [A1], [-1]),
])
def test_which_findings_a_correction_keeps(name: str, before: list[FindingLine],
                                           after: list[FindingLine], kept: list[int]) -> None:
    assert findings_kept(before, after) == kept, name


@pytest.mark.parametrize(("findings", "counted"), [
    ([], 0),
    ([A1], 1),
    ([A1, A2, E1], 2),
    ([E1, E1_LISTED], 0),
])
def test_the_rating_counts_findings_against_the_agency(findings: list[FindingLine],
                                                       counted: int) -> None:
    assert upheld_against_agency(findings) == counted
