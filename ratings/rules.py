"""Agency ratings: a score the public can read correctly, from the agency's own record.
Pure: no I/O.

Formula version 2
-----------------
What lowers a score is only what was proven against the agency or done to it:

* findings upheld against the agency when a dispute was concluded (mediation or a
  settlement body's decision);
* sanctions: suspensions and revocations of its licence, and draws on its security
  deposit (an award decided against the agency that it did not pay).

Disputes that are filed, open, or concluded without a finding against the agency never
lower it: they are shown as a count beside the score. Nor does anything another agency
does: the priors below are fixed numbers, not the register's pooled record, so one
agency's findings cannot move another agency's public figure.

Too little history, no figure
-----------------------------
An agency with fewer than MIN_PLACEMENTS verified placements, or licensed for fewer than
MIN_MONTHS_LICENSED whole months, is shown as "new: not enough history" instead of a score:

* MIN_PLACEMENTS equals the findings prior's pseudo-count (10 placements). Below it the
  assumed prior outweighs the agency's own placements in its findings rate, so a figure
  would mostly repeat our assumption, and a clean start would read as a good record.
* MIN_MONTHS_LICENSED is 12: a dispute takes up to about four months from filing to a
  decision (3 days to acknowledge, 30 in mediation, 90 before a settlement body), and a
  deployed worker's wage problems often surface months into the contract. A younger
  agency cannot yet have findings upheld even when it earned them, so its score would
  flatter it (the figure was the best on the register for an agency with no history).

The score (0 worst, 100 best)
-----------------------------
The sum of four contributions, each `100 × weight × quality` (quality from 0 to 1):

| component        | quality                                               | weight |
| ---------------- | ----------------------------------------------------- | ------ |
| upheld findings  | 1 − smoothed findings per placement / 0.25            | 0.35   |
| sanctions        | 1 − sanction points / 5 (suspension 1, revocation 3,  | 0.40   |
|                  | deposit draw 1)                                       |        |
| licence history  | credit / (credit + 3), credit = years since first     | 0.15   |
|                  | licensed + 1 per renewal                              |        |
| placements       | placements / (placements + 50)                        | 0.10   |

The findings rate is smoothed: `(findings + 10 × 0.02) / (placements + 10)`, as if the
agency's record also held ten placements at a rate of one finding in fifty. Qualities
never fall below 0.

Each sanction point takes 8 points off the score (until the 40 of its part are gone); one
upheld finding takes at most 7 (at the floor of 10 placements, less with more placements),
so a sanction weighs more than a finding. More placements or more years licensed never
lower a score; a finding or a sanction never raises one.

Each contribution is rounded to hundredths and the score is their sum, so the breakdown
always adds up to the score. Any change to these rules is a new FORMULA_VERSION; a stored
rating of another version is recomputed.

Alerts for regulators (not part of the score): an agency with `threshold` or more
findings upheld against it within the alert window is put in the review queue.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

FORMULA_VERSION = "2"

# The history an agency needs before it is given a figure (see the module's docstring).
MIN_PLACEMENTS = 10
MIN_MONTHS_LICENSED = 12


class RatingStatus(enum.StrEnum):
    RATED = "rated"
    NEW = "new"  # not enough history: no figure is given


STATUS_TEXT = {
    RatingStatus.RATED: "rated",
    RatingStatus.NEW: "new: not enough history",
}


@dataclass(frozen=True)
class RatingInputs:
    """An agency's record, as counted from the registry, matching and disputes."""

    placements: int = 0
    disputes: int = 0  # filed against it and not withdrawn: shown, never scored
    upheld_findings: int = 0
    suspensions: int = 0
    revocations: int = 0
    deposit_draws: int = 0
    years_licensed: float = 0.0
    renewals: int = 0
    # Not scored: for the regulators' alert.
    upheld_findings_recent: int = 0
    # Not scored: for the history floor and for the words beside the score.
    months_licensed: int = 0
    disputes_open: int = 0  # of `disputes`, those not concluded yet

    def __post_init__(self) -> None:
        for name, value in asdict(self).items():
            if value < 0:
                raise ValueError(f"{name} cannot be negative (got {value})")


@dataclass(frozen=True)
class RecordDates:
    """When the parts of the record the public is told about happened."""

    licensed_since: date | None = None
    latest_upheld_finding_on: date | None = None
    latest_suspension_on: date | None = None
    latest_revocation_on: date | None = None
    latest_deposit_draw_on: date | None = None


@dataclass(frozen=True)
class Formula:
    """Every number of the formula, in one table."""

    findings_weight: float = 0.35
    findings_pseudo_placements: float = 10  # k: as if this many more placements...
    findings_prior: float = 0.02  # ...at this rate of findings per placement
    findings_zero_at: float = 0.25  # the smoothed rate at which the quality reaches 0
    sanctions_weight: float = 0.40
    sanctions_zero_at: float = 5.0  # sanction points at which the quality reaches 0
    suspension_points: float = 1.0
    revocation_points: float = 3.0
    draw_points: float = 1.0
    history_weight: float = 0.15
    history_half_credit: float = 3.0  # years of credit that give half the quality
    placements_weight: float = 0.10
    placements_half: float = 50.0  # placements that give half the quality
    min_placements: int = MIN_PLACEMENTS
    min_months_licensed: int = MIN_MONTHS_LICENSED
    version: str = FORMULA_VERSION

    def __post_init__(self) -> None:
        total = (self.findings_weight + self.sanctions_weight + self.history_weight
                 + self.placements_weight)
        if abs(total - 1.0) > 1e-9:
            raise ValueError(f"the weights must add up to 1 (they add up to {total})")

    def sanction_points(self, inputs: RatingInputs) -> float:
        return (self.suspension_points * inputs.suspensions
                + self.revocation_points * inputs.revocations
                + self.draw_points * inputs.deposit_draws)

    def has_enough_history(self, inputs: RatingInputs) -> bool:
        return (inputs.placements >= self.min_placements
                and inputs.months_licensed >= self.min_months_licensed)


FORMULA = Formula()


@dataclass(frozen=True)
class Population:
    """The whole register pooled: shown to regulators for comparison, never scored."""

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
    """A score, or none for an agency with too little history (then no components)."""

    status: RatingStatus
    score: float | None
    formula_version: str
    components: tuple[Component, ...]

    def breakdown(self) -> list[dict[str, Any]]:
        return [asdict(c) for c in self.components]


def _plural(n: float, one: str, many: str | None = None) -> str:
    word = one if n == 1 else (many or one + "s")
    return f"{n:g} {word}"


def _components(inputs: RatingInputs, formula: Formula) -> tuple[Component, ...]:
    p = inputs.placements
    k = formula.findings_pseudo_placements
    smoothed = (inputs.upheld_findings + k * formula.findings_prior) / (p + k)
    findings_quality = max(0.0, 1.0 - smoothed / formula.findings_zero_at)
    raw = inputs.upheld_findings / p if p > 0 else None
    own = f"{raw:.3f} per placement" if raw is not None else "no rate of its own yet"
    findings = Component(
        key="upheld_findings", label="Findings upheld against the agency",
        raw=None if raw is None else round(raw, 4), smoothed=round(smoothed, 4),
        prior=formula.findings_prior, pseudo_count=k, own_share=round(p / (p + k), 4),
        quality=round(findings_quality, 4), weight=formula.findings_weight,
        contribution=round(100 * formula.findings_weight * findings_quality, 2),
        counts={"upheld_findings": inputs.upheld_findings, "placements": p},
        text=(f"{_plural(inputs.upheld_findings, 'upheld finding')} on "
              f"{_plural(p, 'verified placement')}: {own}; {smoothed:.3f} after weighing in "
              f"{formula.findings_prior:g} per placement as {k:g} more placements"),
    )

    points = formula.sanction_points(inputs)
    sanctions_quality = max(0.0, 1.0 - points / formula.sanctions_zero_at)
    sanctions = Component(
        key="sanctions", label="Sanctions", raw=points, smoothed=points, prior=None,
        pseudo_count=None, own_share=1.0, quality=round(sanctions_quality, 4),
        weight=formula.sanctions_weight,
        contribution=round(100 * formula.sanctions_weight * sanctions_quality, 2),
        counts={"suspensions": inputs.suspensions, "revocations": inputs.revocations,
                "deposit_draws": inputs.deposit_draws, "points": points},
        text=(f"{_plural(points, 'sanction point')} ("
              f"{_plural(inputs.suspensions, 'suspension')}, "
              f"{_plural(inputs.revocations, 'revocation')}, "
              f"{_plural(inputs.deposit_draws, 'deposit draw')}); "
              f"{formula.sanctions_zero_at:g} points take all of this part"),
    )

    years = inputs.years_licensed
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

    placements_quality = p / (p + formula.placements_half)
    track = Component(
        key="placements", label="Verified placements", raw=p, smoothed=p, prior=None,
        pseudo_count=None, own_share=1.0, quality=round(placements_quality, 4),
        weight=formula.placements_weight,
        contribution=round(100 * formula.placements_weight * placements_quality, 2),
        counts={"placements": p},
        text=(f"{_plural(p, 'verified placement')}; {formula.placements_half:g} give half "
              "the quality"),
    )
    return findings, sanctions, history, track


def rate(inputs: RatingInputs, formula: Formula = FORMULA) -> Rating:
    """The agency's score and its breakdown, or no score while its history is too short."""
    if not formula.has_enough_history(inputs):
        return Rating(status=RatingStatus.NEW, score=None, formula_version=formula.version,
                      components=())
    components = _components(inputs, formula)
    score = round(sum(c.contribution for c in components), 2)
    return Rating(status=RatingStatus.RATED, score=score, formula_version=formula.version,
                  components=components)


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def basis(inputs: RatingInputs, dates: RecordDates) -> dict[str, Any]:
    """What the figure rests on, as the public is told it (counts, and dates as ISO text)."""
    return {
        "placements": inputs.placements,
        "years_licensed": round(inputs.years_licensed, 1),
        "months_licensed": inputs.months_licensed,
        "licensed_since": _iso(dates.licensed_since),
        "renewals": inputs.renewals,
        "upheld_findings": inputs.upheld_findings,
        "latest_upheld_finding_on": _iso(dates.latest_upheld_finding_on),
        "suspensions": inputs.suspensions,
        "latest_suspension_on": _iso(dates.latest_suspension_on),
        "revocations": inputs.revocations,
        "latest_revocation_on": _iso(dates.latest_revocation_on),
        "deposit_draws": inputs.deposit_draws,
        "latest_deposit_draw_on": _iso(dates.latest_deposit_draw_on),
        "disputes_filed": inputs.disputes,
        "disputes_open": inputs.disputes_open,
    }


def _on(day: str | None) -> str:
    return f" (latest on {day})" if day else ""


def basis_text(status: RatingStatus, facts: dict[str, Any],
               formula: Formula = FORMULA) -> str:
    """The same facts in one English sentence, for callers of the API."""
    since = facts["licensed_since"]
    licensed = (f"licensed for {facts['years_licensed']:g} years since {since}"
                if since else "never licensed")
    text = (f"{_plural(facts['placements'], 'verified placement')}; {licensed}, "
            f"{_plural(facts['renewals'], 'renewal')}; "
            f"{_plural(facts['upheld_findings'], 'finding')} upheld against the agency"
            f"{_on(facts['latest_upheld_finding_on'])}; "
            f"{_plural(facts['suspensions'], 'suspension')}"
            f"{_on(facts['latest_suspension_on'])}, "
            f"{_plural(facts['revocations'], 'revocation')}"
            f"{_on(facts['latest_revocation_on'])}, "
            f"{_plural(facts['deposit_draws'], 'deposit draw')}"
            f"{_on(facts['latest_deposit_draw_on'])}; "
            f"{_plural(facts['disputes_filed'], 'dispute')} filed against it "
            f"({facts['disputes_open']:g} still open), not counted unless a finding is upheld")
    if status == RatingStatus.NEW:
        text += (f". No figure until it has {formula.min_placements} verified placements and "
                 f"{formula.min_months_licensed} months licensed")
    return text


def whole_months(since: date, today: date) -> int:
    """Whole calendar months from `since` to `today` (0 when `today` is earlier)."""
    months = (today.year - since.year) * 12 + today.month - since.month
    if today.day < since.day:
        months -= 1
    return max(0, months)


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
