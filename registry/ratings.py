"""Agency ratings: a transparent score from an agency's record. Pure: no I/O.

Formula version 1
-----------------
The score runs from 0 (worst) to 100 (best). It is the sum of four contributions, each
`100 × weight × quality`, where the quality (0 to 1) of a component comes from one part of
the agency's record:

| component         | the agency's own value                           | quality 0 at | weight |
| ----------------- | ------------------------------------------------ | ------------ | ------ |
| disputes          | disputes filed against it (not withdrawn)        | 0.5 per      | 0.30   |
|                   | per verified placement (a deployed referral)     | placement    |        |
| upheld findings   | findings upheld against the agency in a dispute  | 0.25 per     | 0.30   |
|                   | outcome, per verified placement                  | placement    |        |
| sanctions         | sanction points per year licensed: 1 for each    | 1 point      | 0.25   |
|                   | suspension, 3 for each revocation, 1 for each    | per year     |        |
|                   | draw on its security deposit                     |              |        |
| licence history   | years since first licensed, plus 1 per renewal   | (none)       | 0.15   |

The three rates are smoothed (empirical Bayes) before they are judged:

    smoothed = (the agency's events + k × prior) / (the agency's exposure + k)

as if the agency's record also held `k` units of exposure at the prior rate: 10
placements for disputes and findings, 3 licensed years for sanctions. With a short
record the prior dominates, with a long one the agency's own record does. One dispute on
one placement thus reads as (1 + 10 × 0.05) / (1 + 10) ≈ 0.14 disputes per placement, not
1.0 (which would rank it below nearly everyone), and one clean placement as ≈ 0.045, not
0 (which would rank it above everyone). A rate's quality is `max(0, 1 − smoothed / the
rate at which the quality reaches 0)`.

The prior is the register's own rate (every agency pooled), itself held towards a default
until the register has enough exposure of its own:

    prior = (register's events + H × default) / (register's exposure + H)

with H = 200 placements (disputes, findings) or 500 licensed years (sanctions), and
defaults of 0.05 disputes and 0.02 upheld findings per placement and 0.1 sanction points
per year. (A register that starts with every agency newly licensed has almost no licensed
years yet; the large H keeps its first few sanctions from making sanctions look common.)

Licence history is not a rate: its quality is `credit / (credit + 3)`, the credit being
years since the agency was first licensed plus one per renewal, so one licence period
(three years) gives half, and an agency never licensed gets nothing.

Each contribution is rounded to hundredths and the score is their sum, so the breakdown
always adds up to the score. Any change to these rules is a new FORMULA_VERSION.

Alerts for regulators (not part of the score): an agency with `threshold` or more
findings upheld against it within the alert window is put in the review queue.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

FORMULA_VERSION = "1"


@dataclass(frozen=True)
class RatingInputs:
    """An agency's record, as counted from the registry, matching and disputes."""

    placements: int = 0
    disputes: int = 0
    upheld_findings: int = 0
    suspensions: int = 0
    revocations: int = 0
    deposit_draws: int = 0
    years_licensed: float = 0.0
    renewals: int = 0
    # Not scored: for the regulators' alert.
    upheld_findings_recent: int = 0

    def __post_init__(self) -> None:
        for name, value in asdict(self).items():
            if value < 0:
                raise ValueError(f"{name} cannot be negative (got {value})")


@dataclass(frozen=True)
class RateRule:
    """How one rate is smoothed and judged."""

    weight: float
    pseudo_exposure: float  # k
    default_prior: float
    hyper_exposure: float  # H
    zero_at: float  # the smoothed rate at which the quality reaches 0


@dataclass(frozen=True)
class Formula:
    """Every number of the formula, in one table."""

    disputes: RateRule = RateRule(weight=0.30, pseudo_exposure=10, default_prior=0.05,
                                  hyper_exposure=200, zero_at=0.5)
    findings: RateRule = RateRule(weight=0.30, pseudo_exposure=10, default_prior=0.02,
                                  hyper_exposure=200, zero_at=0.25)
    sanctions: RateRule = RateRule(weight=0.25, pseudo_exposure=3, default_prior=0.1,
                                   hyper_exposure=500, zero_at=1.0)
    history_weight: float = 0.15
    history_half_credit: float = 3.0  # years of credit that give half the quality
    suspension_points: float = 1.0
    revocation_points: float = 3.0
    draw_points: float = 1.0
    version: str = FORMULA_VERSION

    def __post_init__(self) -> None:
        total = (self.disputes.weight + self.findings.weight + self.sanctions.weight
                 + self.history_weight)
        if abs(total - 1.0) > 1e-9:
            raise ValueError(f"the weights must add up to 1 (they add up to {total})")

    def sanction_points(self, inputs: RatingInputs) -> float:
        return (self.suspension_points * inputs.suspensions
                + self.revocation_points * inputs.revocations
                + self.draw_points * inputs.deposit_draws)


FORMULA = Formula()


@dataclass(frozen=True)
class Population:
    """The whole register pooled: what the priors are drawn from."""

    agencies: int = 0
    placements: int = 0
    disputes: int = 0
    upheld_findings: int = 0
    sanction_points: float = 0.0
    years_licensed: float = 0.0

    @classmethod
    def of(cls, records: Iterable[RatingInputs], formula: Formula = FORMULA) -> Population:
        agencies = placements = disputes = findings = 0
        points = years = 0.0
        for r in records:
            agencies += 1
            placements += r.placements
            disputes += r.disputes
            findings += r.upheld_findings
            points += formula.sanction_points(r)
            years += r.years_licensed
        return cls(agencies, placements, disputes, findings, points, years)

    def priors(self, formula: Formula = FORMULA) -> dict[str, float]:
        def prior(events: float, exposure: float, rule: RateRule) -> float:
            return (events + rule.hyper_exposure * rule.default_prior) / (
                exposure + rule.hyper_exposure)

        return {
            "disputes": prior(self.disputes, self.placements, formula.disputes),
            "upheld_findings": prior(self.upheld_findings, self.placements, formula.findings),
            "sanctions": prior(self.sanction_points, self.years_licensed, formula.sanctions),
        }


@dataclass(frozen=True)
class Component:
    """One part of the score, with everything needed to check it by hand."""

    key: str
    label: str
    raw: float | None  # the agency's own value; None for a rate with no exposure
    smoothed: float
    prior: float | None
    pseudo_count: float | None
    own_share: float  # how much of the smoothed value is the agency's own record (0 to 1)
    quality: float
    weight: float
    contribution: float
    counts: dict[str, float] = field(default_factory=dict)
    text: str = ""


@dataclass(frozen=True)
class Rating:
    score: float
    formula_version: str
    components: tuple[Component, ...]

    def breakdown(self) -> list[dict[str, Any]]:
        return [asdict(c) for c in self.components]


def _plural(n: float, one: str, many: str | None = None) -> str:
    word = one if n == 1 else (many or one + "s")
    return f"{n:g} {word}"


def _rate_component(key: str, label: str, *, events: float, exposure: float, prior: float,
                    rule: RateRule, counts: dict[str, float], what: str, per: str,
                    events_text: str, exposure_text: str) -> Component:
    smoothed = (events + rule.pseudo_exposure * prior) / (exposure + rule.pseudo_exposure)
    quality = max(0.0, 1.0 - smoothed / rule.zero_at)
    raw = events / exposure if exposure > 0 else None
    own_share = exposure / (exposure + rule.pseudo_exposure)
    unit = f"{what} per {per}"
    own = f"{raw:.3f} {unit}" if raw is not None else "no rate of its own yet"
    text = (f"{events_text} on {exposure_text}: {own}; {smoothed:.3f} after weighing in "
            f"the register's {prior:.3f} as {rule.pseudo_exposure:g} more {per}s")
    return Component(
        key=key, label=label, raw=None if raw is None else round(raw, 4),
        smoothed=round(smoothed, 4), prior=round(prior, 4), pseudo_count=rule.pseudo_exposure,
        own_share=round(own_share, 4), quality=round(quality, 4), weight=rule.weight,
        contribution=round(100 * rule.weight * quality, 2), counts=counts, text=text,
    )


def rate(inputs: RatingInputs, population: Population, formula: Formula = FORMULA) -> Rating:
    """The agency's score and its breakdown, against the register's priors."""
    priors = population.priors(formula)
    points = formula.sanction_points(inputs)
    years = inputs.years_licensed
    placements = _plural(inputs.placements, "verified placement")
    disputes = _rate_component(
        "disputes", "Disputes per placement", events=inputs.disputes,
        exposure=inputs.placements, prior=priors["disputes"], rule=formula.disputes,
        counts={"disputes": inputs.disputes, "placements": inputs.placements},
        what="disputes", per="placement", events_text=_plural(inputs.disputes, "dispute"),
        exposure_text=placements,
    )
    findings = _rate_component(
        "upheld_findings", "Findings upheld against the agency", events=inputs.upheld_findings,
        exposure=inputs.placements, prior=priors["upheld_findings"], rule=formula.findings,
        counts={"upheld_findings": inputs.upheld_findings, "placements": inputs.placements},
        what="upheld findings", per="placement",
        events_text=_plural(inputs.upheld_findings, "upheld finding"), exposure_text=placements,
    )
    sanctions = _rate_component(
        "sanctions", "Sanctions per year licensed", events=points, exposure=years,
        prior=priors["sanctions"], rule=formula.sanctions,
        counts={"suspensions": inputs.suspensions, "revocations": inputs.revocations,
                "deposit_draws": inputs.deposit_draws, "points": points,
                "years_licensed": round(years, 2)},
        what="points", per="year",
        events_text=(f"{_plural(points, 'sanction point')} ("
                     f"{_plural(inputs.suspensions, 'suspension')}, "
                     f"{_plural(inputs.revocations, 'revocation')}, "
                     f"{_plural(inputs.deposit_draws, 'deposit draw')})"),
        exposure_text=f"{years:.1f} years licensed",
    )
    credit = years + inputs.renewals
    history_quality = credit / (credit + formula.history_half_credit)
    history = Component(
        key="licence_history", label="Licence history", raw=round(years, 2),
        smoothed=round(credit, 4), prior=None, pseudo_count=None, own_share=1.0,
        quality=round(history_quality, 4), weight=formula.history_weight,
        contribution=round(100 * formula.history_weight * history_quality, 2),
        counts={"years_licensed": round(years, 2), "renewals": inputs.renewals},
        text=(f"licensed for {years:.1f} years with {_plural(inputs.renewals, 'renewal')}: "
              f"{credit:.1f} years of credit; {formula.history_half_credit:g} give half "
              "the quality"),
    )
    components = (disputes, findings, sanctions, history)
    score = round(sum(c.contribution for c in components), 2)
    return Rating(score=score, formula_version=formula.version, components=components)


# --- alerts for regulators --------------------------------------------------------------


class AlertReason(enum.StrEnum):
    UPHELD_FINDINGS = "upheld_findings"


@dataclass(frozen=True)
class AlertCheck:
    reason: AlertReason
    observed: int
    threshold: int
    window_days: int
    text: str


def alert_checks(inputs: RatingInputs, *, upheld_findings_threshold: int,
                 window_days: int) -> list[AlertCheck]:
    """The review-queue conditions the agency meets now."""
    if upheld_findings_threshold < 1:
        raise ValueError("the upheld-findings threshold must be at least 1")
    checks = []
    observed = inputs.upheld_findings_recent
    if observed >= upheld_findings_threshold:
        checks.append(AlertCheck(
            AlertReason.UPHELD_FINDINGS, observed, upheld_findings_threshold, window_days,
            f"{_plural(observed, 'finding')} upheld against the agency in the last "
            f"{window_days} days (threshold {upheld_findings_threshold})",
        ))
    return checks


def should_open_alert(check: AlertCheck, *, open_alert: bool,
                      last_closed_observed: int | None) -> bool:
    """A new alert unless one is open, or a regulator closed one that saw as much already.

    Closing an alert acknowledges what it saw; only something new (a higher count) opens
    another, so a closed alert does not come straight back at the next recomputation.
    """
    if open_alert:
        return False
    return last_closed_observed is None or check.observed > last_closed_observed
