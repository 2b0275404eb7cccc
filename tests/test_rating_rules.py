"""The agency rating formula and the review-queue rule: pure, table-driven, no I/O."""

from __future__ import annotations

import dataclasses

import pytest

from registry.ratings import (
    FORMULA,
    FORMULA_VERSION,
    AlertReason,
    Formula,
    Population,
    RateRule,
    RatingInputs,
    alert_checks,
    rate,
    should_open_alert,
)

pytestmark = pytest.mark.unit

EMPTY = Population()  # a register with no record yet: the priors are the defaults

NEW = RatingInputs()
YOUNG_CLEAN = RatingInputs(placements=1)
YOUNG_ONE_DISPUTE = RatingInputs(placements=1, disputes=1)
VETERAN = RatingInputs(placements=200, disputes=2)
STRUGGLING = RatingInputs(placements=20, disputes=6, upheld_findings=2)
BAD = RatingInputs(placements=20, disputes=12, upheld_findings=4, suspensions=1,
                   years_licensed=2.0)


def score(inputs: RatingInputs, population: Population = EMPTY,
          formula: Formula = FORMULA) -> float:
    return rate(inputs, population, formula).score


# Worked by hand from the module docstring (register priors 0.05, 0.02 and 0.1):
#   young, clean:  disputes (0 + 0.5)/11 = 0.04545 -> 1 - 0.0909 = 0.9091 -> 27.27
#                  findings (0 + 0.2)/11 = 0.01818 -> 1 - 0.0727 = 0.9273 -> 27.82
#                  sanctions (0 + 0.3)/3 = 0.1      -> 0.9                 -> 22.50
#                  history 0 years, 0 renewals                            ->  0.00
#   veteran:       disputes (2 + 0.5)/210 = 0.0119 -> 0.9762 -> 29.29
#                  findings (0 + 0.2)/210 = 0.00095 -> 0.9962 -> 29.89
CASES = [
    # name, inputs, score, contributions (disputes, findings, sanctions, history)
    ("nothing yet", NEW, 77.10, (27.00, 27.60, 22.50, 0.00)),
    ("one clean placement", YOUNG_CLEAN, 77.59, (27.27, 27.82, 22.50, 0.00)),
    ("one dispute on one placement", YOUNG_ONE_DISPUTE, 72.14, (21.82, 27.82, 22.50, 0.00)),
    ("200 placements, 2 disputes", VETERAN, 81.68, (29.29, 29.89, 22.50, 0.00)),
    ("20 placements, 6 disputes, 2 upheld", STRUGGLING, 60.70, (17.00, 21.20, 22.50, 0.00)),
    ("suspended, many disputes and findings", BAD, 42.70, (5.00, 13.20, 18.50, 6.00)),
    # sanctions (0 + 0.3)/(5 + 3) = 0.0375 -> 24.06; history 6 credit years: 6/9 -> 10.00
    ("five clean years, one renewal", RatingInputs(years_licensed=5, renewals=1), 88.66,
     (27.00, 27.60, 24.06, 10.00)),
    # sanctions (3 + 0.3)/(0.5 + 3) = 0.943 -> 1.43; history 0.5/3.5 -> 2.14
    ("revoked within its first year", RatingInputs(revocations=1, years_licensed=0.5), 58.17,
     (27.00, 27.60, 1.43, 2.14)),
]


@pytest.mark.parametrize(("name", "inputs", "expected", "parts"), CASES,
                         ids=[c[0] for c in CASES])
def test_worked_examples(name: str, inputs: RatingInputs, expected: float,
                         parts: tuple[float, ...]) -> None:
    rating = rate(inputs, EMPTY)
    assert rating.score == pytest.approx(expected, abs=0.005)
    assert tuple(c.contribution for c in rating.components) == pytest.approx(parts, abs=0.005)
    assert rating.formula_version == FORMULA_VERSION


@pytest.mark.parametrize("inputs", [c[1] for c in CASES] + [
    RatingInputs(placements=3, disputes=40, upheld_findings=30, suspensions=5, revocations=2,
                 deposit_draws=7, years_licensed=0.01),
    RatingInputs(placements=100_000, years_licensed=60, renewals=20),
], ids=[c[0] for c in CASES] + ["as bad as it gets", "as good as it gets"])
@pytest.mark.parametrize("population", [EMPTY, Population.of([VETERAN, BAD, STRUGGLING])],
                         ids=["empty register", "busy register"])
def test_the_breakdown_adds_up_to_the_score_within_bounds(inputs: RatingInputs,
                                                          population: Population) -> None:
    rating = rate(inputs, population)
    assert round(sum(c.contribution for c in rating.components), 2) == rating.score
    assert 0 <= rating.score <= 100
    assert sum(c.weight for c in rating.components) == pytest.approx(1.0)
    for c in rating.components:
        assert 0 <= c.quality <= 1
        assert c.contribution == pytest.approx(100 * c.weight * c.quality, abs=0.01)
        assert 0 <= c.own_share <= 1
        assert c.text
    assert [c.key for c in rating.components] == [
        "disputes", "upheld_findings", "sanctions", "licence_history"]


def test_a_young_agency_is_neither_first_nor_last() -> None:
    population = Population.of([YOUNG_CLEAN, YOUNG_ONE_DISPUTE, VETERAN, STRUGGLING, BAD])
    ranked = sorted([YOUNG_CLEAN, YOUNG_ONE_DISPUTE, VETERAN, STRUGGLING, BAD],
                    key=lambda i: score(i, population), reverse=True)
    assert ranked[0] == VETERAN  # one clean placement does not outrank a long clean record
    assert ranked[-1] == BAD
    # One dispute on one placement is a raw rate of 1.0, the worst of all; smoothed, it
    # ranks above an agency with a real record of disputes.
    assert score(YOUNG_ONE_DISPUTE, population) > score(STRUGGLING, population)


def test_without_smoothing_one_case_would_decide_the_ranking() -> None:
    raw = dataclasses.replace(
        FORMULA,
        disputes=dataclasses.replace(FORMULA.disputes, pseudo_exposure=1e-9),
        findings=dataclasses.replace(FORMULA.findings, pseudo_exposure=1e-9),
    )
    some_disputes = RatingInputs(placements=20, disputes=5, upheld_findings=1)
    # The clean newcomer would outrank the veteran, and one dispute on one placement would
    # sink below an agency with five disputes and an upheld finding on twenty placements.
    assert score(YOUNG_CLEAN, formula=raw) > score(VETERAN, formula=raw)
    assert score(YOUNG_ONE_DISPUTE, formula=raw) < score(some_disputes, formula=raw)
    # Smoothed, neither happens.
    assert score(YOUNG_CLEAN) < score(VETERAN)
    assert score(YOUNG_ONE_DISPUTE) > score(some_disputes)


@pytest.mark.parametrize(("better", "worse"), [
    (RatingInputs(placements=10), RatingInputs(placements=10, disputes=1)),
    (RatingInputs(placements=10, disputes=1), RatingInputs(placements=10, disputes=1,
                                                           upheld_findings=1)),
    (RatingInputs(placements=50, disputes=2), RatingInputs(placements=10, disputes=2)),
    (RatingInputs(years_licensed=3), RatingInputs(years_licensed=3, suspensions=1)),
    (RatingInputs(years_licensed=3, suspensions=1), RatingInputs(years_licensed=3,
                                                                 revocations=1)),
    (RatingInputs(years_licensed=3), RatingInputs(years_licensed=3, deposit_draws=1)),
    (RatingInputs(years_licensed=3, renewals=1), RatingInputs(years_licensed=3)),
    (RatingInputs(years_licensed=6), RatingInputs(years_licensed=1)),
], ids=["a dispute", "an upheld finding", "fewer placements for the same disputes",
        "a suspension", "a revocation weighs more", "a deposit draw", "a renewal",
        "a longer history"])
def test_each_input_moves_the_score_the_right_way(better: RatingInputs,
                                                  worse: RatingInputs) -> None:
    assert score(better) > score(worse)


def test_the_prior_is_the_register_held_towards_the_defaults() -> None:
    assert EMPTY.priors() == pytest.approx({"disputes": 0.05, "upheld_findings": 0.02,
                                            "sanctions": 0.1})
    # 2000 placements with 400 disputes: (400 + 200 × 0.05) / (2000 + 200)
    busy = Population.of([RatingInputs(placements=2000, disputes=400, upheld_findings=100,
                                       suspensions=5, years_licensed=50)])
    assert busy.priors() == pytest.approx({"disputes": 410 / 2200, "upheld_findings": 104 / 2200,
                                           "sanctions": 10 / 100})
    # A register with more disputes pulls a newcomer's smoothed rate up with it.
    assert score(YOUNG_CLEAN, busy) < score(YOUNG_CLEAN, EMPTY)


def test_the_population_pools_every_agency() -> None:
    population = Population.of([VETERAN, BAD, NEW])
    assert (population.agencies, population.placements, population.disputes,
            population.upheld_findings, population.sanction_points,
            population.years_licensed) == (3, 220, 14, 4, 1.0, 2.0)


def test_the_breakdown_explains_each_part() -> None:
    parts = {c.key: c for c in rate(VETERAN, EMPTY).components}
    disputes = parts["disputes"]
    assert (disputes.raw, disputes.smoothed, disputes.prior, disputes.pseudo_count) == (
        0.01, 0.0119, 0.05, 10)
    assert disputes.own_share == pytest.approx(200 / 210, abs=1e-4)
    assert disputes.counts == {"disputes": 2, "placements": 200}
    assert "2 disputes on 200 verified placements" in disputes.text
    assert parts["sanctions"].raw is None  # no licensed years: no rate of its own
    assert "no rate of its own yet" in parts["sanctions"].text
    history = parts["licence_history"]
    assert (history.prior, history.pseudo_count, history.own_share) == (None, None, 1.0)
    assert isinstance(rate(VETERAN, EMPTY).breakdown()[0]["counts"], dict)


@pytest.mark.parametrize("field", ["placements", "disputes", "upheld_findings", "suspensions",
                                   "revocations", "deposit_draws", "years_licensed",
                                   "renewals", "upheld_findings_recent"])
def test_negative_inputs_are_refused_naming_the_field(field: str) -> None:
    with pytest.raises(ValueError, match=field):
        RatingInputs(**{field: -1})


def test_weights_must_add_up_to_one() -> None:
    with pytest.raises(ValueError, match="add up to 1"):
        Formula(disputes=RateRule(weight=0.5, pseudo_exposure=10, default_prior=0.05,
                                  hyper_exposure=200, zero_at=0.5))


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


def test_findings_outside_the_window_raise_no_alert() -> None:
    old = RatingInputs(upheld_findings=12, upheld_findings_recent=0)
    assert alert_checks(old, upheld_findings_threshold=3, window_days=365) == []


def test_a_threshold_below_one_is_refused() -> None:
    with pytest.raises(ValueError, match="threshold"):
        alert_checks(NEW, upheld_findings_threshold=0, window_days=365)


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
