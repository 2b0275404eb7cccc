"""The agency rating formula, its history floor and the review-queue rule: pure,
table-driven, no I/O."""

from __future__ import annotations

import dataclasses
import inspect
from datetime import date

import pytest

from ratings.rules import (
    FORMULA,
    FORMULA_VERSION,
    MIN_MONTHS_LICENSED,
    MIN_PLACEMENTS,
    AlertReason,
    Formula,
    Population,
    RatingInputs,
    RatingStatus,
    RecordDates,
    alert_checks,
    basis,
    basis_text,
    rate,
    should_open_alert,
    whole_months,
)

pytestmark = pytest.mark.unit


def record(placements: int = 0, months: int = 0, **more: float) -> RatingInputs:
    """A record licensed for `months` whole months (and as many years, as a fraction)."""
    return RatingInputs(placements=placements, months_licensed=months,
                        years_licensed=months / 12, **more)  # type: ignore[arg-type]


def more(inputs: RatingInputs, **added: float) -> RatingInputs:
    """The same record with something added to it."""
    changes = {key: getattr(inputs, key) + value for key, value in added.items()}
    if "months_licensed" in added:
        changes["years_licensed"] = inputs.years_licensed + added["months_licensed"] / 12
    return dataclasses.replace(inputs, **changes)  # type: ignore[arg-type]


def score(inputs: RatingInputs) -> float:
    rating = rate(inputs)
    assert rating.score is not None, f"{inputs} has no score"
    return rating.score


AT_THE_FLOOR = record(MIN_PLACEMENTS, MIN_MONTHS_LICENSED)
LONG_AND_CLEAN = record(500, 108, renewals=2, upheld_findings=3, disputes=40)
REVOKED = record(30, 18, upheld_findings=4, revocations=1)

# Worked by hand from the module's docstring:
#   at the floor: findings (0 + 10 × 0.02)/(10 + 10) = 0.01 -> 1 - 0.04 = 0.96 -> 33.60
#                 sanctions none -> 40.00; history 1 year: 1/4 -> 3.75; 10/60 -> 1.67
#   500 placements over nine years: findings (3 + 0.2)/510 = 0.00627 -> 0.9749 -> 34.12
#                 history 9 + 2 renewals: 11/14 -> 11.79; placements 500/550 -> 9.09
#   revoked: findings 4.2/40 = 0.105 -> 0.58 -> 20.30; sanctions 1 - 3/5 -> 16.00;
#                 history 1.5/4.5 -> 5.00; placements 30/80 -> 3.75
CASES = [
    # name, inputs, score, contributions (findings, sanctions, history, placements)
    ("at the floor, clean", AT_THE_FLOOR, 79.02, (33.60, 40.00, 3.75, 1.67)),
    ("at the floor, one filed dispute", more(AT_THE_FLOOR, disputes=1, disputes_open=1),
     79.02, (33.60, 40.00, 3.75, 1.67)),
    ("at the floor, one upheld finding", more(AT_THE_FLOOR, upheld_findings=1), 72.02,
     (26.60, 40.00, 3.75, 1.67)),
    ("at the floor, one suspension", more(AT_THE_FLOOR, suspensions=1), 71.02,
     (33.60, 32.00, 3.75, 1.67)),
    ("500 placements over nine years, three findings, forty disputes", LONG_AND_CLEAN,
     95.00, (34.12, 40.00, 11.79, 9.09)),
    ("revoked, four findings on thirty placements", REVOKED, 45.05,
     (20.30, 16.00, 5.00, 3.75)),
]


@pytest.mark.parametrize(("name", "inputs", "expected", "parts"), CASES,
                         ids=[c[0] for c in CASES])
def test_worked_examples(name: str, inputs: RatingInputs, expected: float,
                         parts: tuple[float, ...]) -> None:
    rating = rate(inputs)
    assert rating.status == RatingStatus.RATED
    assert rating.score == pytest.approx(expected, abs=0.005)
    assert tuple(c.contribution for c in rating.components) == pytest.approx(parts, abs=0.005)
    assert rating.formula_version == FORMULA_VERSION == "2"


# --- the history floor ---------------------------------------------------------------------

NEW_CASES = [
    ("nothing yet", RatingInputs()),
    ("newly licensed, no placements", record(0, 0)),
    ("placements enough, eleven months", record(400, MIN_MONTHS_LICENSED - 1)),
    ("years licensed, nine placements", record(MIN_PLACEMENTS - 1, 60, renewals=1)),
    ("young, already suspended", record(3, 4, suspensions=1, upheld_findings=2)),
]


@pytest.mark.parametrize("inputs", [c[1] for c in NEW_CASES], ids=[c[0] for c in NEW_CASES])
def test_too_little_history_gives_no_figure(inputs: RatingInputs) -> None:
    rating = rate(inputs)
    assert (rating.status, rating.score, rating.components) == (RatingStatus.NEW, None, ())
    assert rating.formula_version == FORMULA_VERSION


@pytest.mark.parametrize(("placements", "months", "rated"), [
    (MIN_PLACEMENTS, MIN_MONTHS_LICENSED, True),
    (MIN_PLACEMENTS - 1, MIN_MONTHS_LICENSED, False),
    (MIN_PLACEMENTS, MIN_MONTHS_LICENSED - 1, False),
    (10_000, 240, True),
    (0, 0, False),
])
def test_the_floor_needs_both_placements_and_months(placements: int, months: int,
                                                     rated: bool) -> None:
    assert (rate(record(placements, months)).status == RatingStatus.RATED) is rated


def test_the_floor_is_where_the_agency_outweighs_the_prior() -> None:
    # The reason given for the floor: from there on, the agency's own placements weigh at
    # least as much as the assumed ones in its findings rate.
    assert FORMULA.findings_pseudo_placements == MIN_PLACEMENTS
    own = {c.key: c for c in rate(AT_THE_FLOOR).components}["upheld_findings"].own_share
    assert own == 0.5
    assert MIN_MONTHS_LICENSED == 12


# --- what moves a score, and what does not ---------------------------------------------------

BASES = [
    ("at the floor", AT_THE_FLOOR),
    ("small, two findings", record(15, 14, upheld_findings=2, disputes=5)),
    ("middling, a suspension", record(80, 40, upheld_findings=2, suspensions=1, renewals=1)),
    ("large and long", LONG_AND_CLEAN),
    ("very large", record(20_000, 240, upheld_findings=90, renewals=6, deposit_draws=1)),
]
IDS = [b[0] for b in BASES]


@pytest.mark.parametrize("base", [b[1] for b in BASES] + [c[1] for c in NEW_CASES],
                         ids=IDS + [c[0] for c in NEW_CASES])
@pytest.mark.parametrize("filed", [1, 25], ids=["one dispute", "many disputes"])
def test_filed_disputes_change_nothing(base: RatingInputs, filed: int) -> None:
    # Filed and still open, or concluded without a finding against the agency: the same.
    for changed in (more(base, disputes=filed, disputes_open=filed), more(base, disputes=filed)):
        assert rate(changed) == rate(base)


@pytest.mark.parametrize("base", [b[1] for b in BASES], ids=IDS)
@pytest.mark.parametrize(("change", "way"), [
    ({"placements": 1}, ">="), ({"placements": 100}, ">="),
    ({"months_licensed": 1}, ">="), ({"months_licensed": 36}, ">="),
    ({"renewals": 1}, ">"),
    ({"upheld_findings": 1}, "<"), ({"upheld_findings": 5}, "<"),
    ({"suspensions": 1}, "<"), ({"revocations": 1}, "<"), ({"deposit_draws": 1}, "<"),
    ({"upheld_findings_recent": 1}, "=="),  # only for the regulators' alert
], ids=["a placement", "many placements", "a month", "three years", "a renewal",
        "an upheld finding", "five upheld findings", "a suspension", "a revocation",
        "a deposit draw", "a recent finding counted again"])
def test_each_input_moves_the_score_one_way_only(base: RatingInputs, change: dict[str, int],
                                                  way: str) -> None:
    before, after = score(base), score(more(base, **change))
    assert {">=": after >= before, ">": after > before, "<": after < before,
            "==": after == before}[way], (before, after)


@pytest.mark.parametrize("base", [b[1] for b in BASES], ids=IDS)
def test_a_sanction_lowers_more_than_a_finding(base: RatingInputs) -> None:
    before = score(base)
    finding = before - score(more(base, upheld_findings=1))
    for sanction in ("suspensions", "deposit_draws", "revocations"):
        assert before - score(more(base, **{sanction: 1})) > finding, sanction
    assert score(more(base, revocations=1)) < score(more(base, suspensions=1))


def test_a_long_record_with_few_findings_scores_high_and_outranks_a_short_clean_one() -> None:
    assert score(LONG_AND_CLEAN) >= 90
    assert score(LONG_AND_CLEAN) > score(AT_THE_FLOOR)
    ranked = sorted([AT_THE_FLOOR, LONG_AND_CLEAN, REVOKED, more(AT_THE_FLOOR, suspensions=1)],
                    key=score, reverse=True)
    assert ranked[0] == LONG_AND_CLEAN and ranked[-1] == REVOKED


@pytest.mark.parametrize("inputs", [c[1] for c in CASES] + [
    record(10, 12, upheld_findings=30, suspensions=5, revocations=2, deposit_draws=7),
    record(100_000, 720, renewals=20),
], ids=[c[0] for c in CASES] + ["as bad as it gets", "as good as it gets"])
def test_the_breakdown_adds_up_to_the_score_within_bounds(inputs: RatingInputs) -> None:
    rating = rate(inputs)
    assert rating.score is not None
    assert round(sum(c.contribution for c in rating.components), 2) == rating.score
    assert 0 <= rating.score <= 100
    assert sum(c.weight for c in rating.components) == pytest.approx(1.0)
    for c in rating.components:
        assert 0 <= c.quality <= 1
        assert c.contribution == pytest.approx(100 * c.weight * c.quality, abs=0.01)
        assert 0 <= c.own_share <= 1
        assert c.text
    assert [c.key for c in rating.components] == [
        "upheld_findings", "sanctions", "licence_history", "placements"]


def test_smoothing_judges_one_finding_on_few_placements_less_harshly() -> None:
    raw = dataclasses.replace(FORMULA, findings_pseudo_placements=1e-9)
    one_in_ten = more(AT_THE_FLOOR, upheld_findings=1)
    ten_in_a_hundred = record(100, 12, upheld_findings=10)

    def findings(inputs: RatingInputs, formula: Formula = FORMULA) -> float:
        return rate(inputs, formula).components[0].contribution

    # Unsmoothed, one finding on ten placements is the same rate as ten on a hundred;
    # smoothed, the thinner evidence moves the agency less far from the assumed rate.
    assert findings(one_in_ten, raw) == findings(ten_in_a_hundred, raw)
    assert findings(one_in_ten) > findings(ten_in_a_hundred)


def test_another_agencys_record_does_not_move_a_score() -> None:
    # The priors are fixed numbers: nothing of the register goes into an agency's figure.
    assert list(inspect.signature(rate).parameters) == ["inputs", "formula"]
    busy = Population.of([REVOKED, LONG_AND_CLEAN, record(5, 2, upheld_findings=4)])
    assert (busy.agencies, busy.placements, busy.upheld_findings) == (3, 535, 11)


def test_the_breakdown_explains_each_part() -> None:
    parts = {c.key: c for c in rate(LONG_AND_CLEAN).components}
    findings = parts["upheld_findings"]
    assert (findings.raw, findings.smoothed, findings.prior, findings.pseudo_count) == (
        0.006, 0.0063, 0.02, 10)
    assert findings.counts == {"upheld_findings": 3, "placements": 500}
    assert "3 upheld findings on 500 verified placements" in findings.text
    sanctions = {c.key: c for c in rate(REVOKED).components}["sanctions"]
    assert sanctions.counts == {"suspensions": 0, "revocations": 1, "deposit_draws": 0,
                                "points": 3.0}
    assert "1 revocation" in sanctions.text
    assert isinstance(rate(LONG_AND_CLEAN).breakdown()[0]["counts"], dict)


# --- what the figure rests on, in words ------------------------------------------------------


def test_the_basis_lists_counts_and_dates() -> None:
    inputs = more(REVOKED, disputes=7, disputes_open=2, suspensions=1)
    dates = RecordDates(licensed_since=date(2025, 3, 1),
                        latest_upheld_finding_on=date(2026, 5, 2),
                        latest_revocation_on=date(2026, 8, 9))
    facts = basis(inputs, dates)
    assert facts == {
        "placements": 30, "years_licensed": 1.5, "months_licensed": 18,
        "licensed_since": "2025-03-01", "renewals": 0, "upheld_findings": 4,
        "latest_upheld_finding_on": "2026-05-02", "suspensions": 1,
        "latest_suspension_on": None, "revocations": 1,
        "latest_revocation_on": "2026-08-09", "deposit_draws": 0,
        "latest_deposit_draw_on": None, "disputes_filed": 7, "disputes_open": 2,
    }
    text = basis_text(RatingStatus.RATED, facts)
    assert text.startswith("30 verified placements; licensed for 1.5 years since 2025-03-01")
    assert "4 findings upheld against the agency (latest on 2026-05-02)" in text
    assert "1 revocation (latest on 2026-08-09)" in text
    assert "7 disputes filed against it (2 still open), not counted" in text
    assert "No figure until" not in text
    new = basis_text(RatingStatus.NEW, basis(RatingInputs(), RecordDates()))
    assert "never licensed" in new
    assert new.endswith(f"No figure until it has {MIN_PLACEMENTS} verified placements and "
                        f"{MIN_MONTHS_LICENSED} months licensed")


@pytest.mark.parametrize(("since", "today", "months"), [
    (date(2025, 1, 15), date(2025, 1, 15), 0),
    (date(2025, 1, 15), date(2025, 2, 14), 0),
    (date(2025, 1, 15), date(2025, 2, 15), 1),
    (date(2025, 1, 31), date(2025, 2, 28), 0),  # February has no 31st: not a month yet
    (date(2025, 1, 15), date(2026, 1, 15), 12),
    (date(2024, 2, 29), date(2025, 2, 28), 11),
    (date(2025, 6, 1), date(2025, 5, 1), 0),  # a licence starting later
])
def test_whole_months(since: date, today: date, months: int) -> None:
    assert whole_months(since, today) == months


@pytest.mark.parametrize("field", ["placements", "disputes", "upheld_findings", "suspensions",
                                   "revocations", "deposit_draws", "years_licensed",
                                   "renewals", "upheld_findings_recent", "months_licensed",
                                   "disputes_open"])
def test_negative_inputs_are_refused_naming_the_field(field: str) -> None:
    with pytest.raises(ValueError, match=field):
        RatingInputs(**{field: -1})


def test_weights_must_add_up_to_one() -> None:
    with pytest.raises(ValueError, match="add up to 1"):
        Formula(findings_weight=0.5)


# --- the review queue ------------------------------------------------------------------------


@pytest.mark.parametrize(("recent", "threshold", "alert"), [
    (0, 3, False), (2, 3, False), (3, 3, True), (7, 3, True), (1, 1, True), (4, 5, False),
])
def test_the_upheld_findings_threshold(recent: int, threshold: int, alert: bool) -> None:
    inputs = RatingInputs(upheld_findings=recent + 10, upheld_findings_recent=recent)
    checks = alert_checks(inputs, upheld_findings_threshold=threshold, window_days=365)
    assert bool(checks) is alert
    if alert:
        [check] = checks
        assert (check.reason, check.observed, check.threshold, check.window_days) == (
            AlertReason.UPHELD_FINDINGS, recent, threshold, 365)
        assert f"{recent} finding" in check.text and "365 days" in check.text


def test_an_agency_too_new_for_a_score_still_meets_the_alert() -> None:
    young = record(2, 3, upheld_findings=3, upheld_findings_recent=3)
    assert rate(young).score is None
    assert alert_checks(young, upheld_findings_threshold=3, window_days=365)


def test_findings_outside_the_window_raise_no_alert() -> None:
    old = RatingInputs(upheld_findings=12, upheld_findings_recent=0)
    assert alert_checks(old, upheld_findings_threshold=3, window_days=365) == []


def test_a_threshold_below_one_is_refused() -> None:
    with pytest.raises(ValueError, match="threshold"):
        alert_checks(RatingInputs(), upheld_findings_threshold=0, window_days=365)


@pytest.mark.parametrize(("observed", "open_alert", "last_closed", "opens"), [
    (3, False, None, True),   # the first time
    (4, True, None, False),   # one open alert per agency and reason
    (3, False, 3, False),     # a regulator closed one that saw as much
    (3, False, 5, False),     # ... or more
    (4, False, 3, True),      # something new since it was closed
])
def test_when_an_alert_opens(observed: int, open_alert: bool, last_closed: int | None,
                             opens: bool) -> None:
    [check] = alert_checks(RatingInputs(upheld_findings_recent=observed),
                           upheld_findings_threshold=3, window_days=365)
    assert should_open_alert(check, open_alert=open_alert,
                             last_closed_observed=last_closed) is opens
