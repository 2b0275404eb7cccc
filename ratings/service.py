"""Ratings use cases: each agency's rating made from its record, the regulator's list,
and the review queue of agencies whose record crossed a threshold. Each takes the caller's
unit of work and never commits.

An agency's record spans the domains below: its licences (registry), its placements
(matching) and the disputes against it with their findings and deposit draws (disputes),
each asked through its service. Those domains publish the registry's AGENCY_RECORD event
when the record changes; the ratings' relay (ratings.tasks) recomputes from its topic.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, Literal

from core import audit, notifications, outbox
from core.auth import SYSTEM, Principal
from core.config import get_settings
from core.db import UnitOfWork
from disputes import service as disputes_service
from matching import referrals as referral_service
from ratings import repository as repo
from ratings import rules
from ratings.rows import RatingRow, ReviewItemRow
from ratings.schemas import (
    CloseAlertIn,
    RatingAlertOut,
    RatingComponentOut,
    RatingListItemOut,
    RatingOut,
)
from registry import service as registry_service
from registry.exceptions import Conflict, NotFound
from registry.schemas import RatingBasisOut, RatingPartOut, RatingSummaryOut

# The outbox topic of the ratings' share of the registry's AGENCY_RECORD event: the
# agencies whose rating is to be made again.
RATING_TOPIC = "agency.rating"
# One recomputation at a time: two racing on one agency could store an older result after
# a newer one.
_RATING_LOCK = 0x5645_5454_5241  # "VETTRA"


@dataclass(frozen=True)
class _Record:
    """One agency's record: what the formula counts, and the dates told beside it."""

    name: str
    inputs: rules.RatingInputs
    dates: rules.RecordDates


def _day(moment: datetime | None) -> date | None:
    return moment.astimezone(UTC).date() if moment else None


async def _rating_records(uow: UnitOfWork, *, today: date, since: datetime
                          ) -> dict[int, _Record]:
    """Every agency's record."""
    licences = await registry_service.licence_records(uow)
    placements = await referral_service.placements_by_agency(uow)
    records = await disputes_service.agency_records(uow, since=since)
    found: dict[int, _Record] = {}
    for row in licences:
        agency_id = row["agency_id"]
        record = records.get(agency_id) or disputes_service.AgencyRecord()
        licensed_since = row["licensed_since"]
        years = max(0, (today - licensed_since).days) / 365.25 if licensed_since else 0.0
        months = rules.whole_months(licensed_since, today) if licensed_since else 0
        inputs = rules.RatingInputs(
            placements=placements.get(agency_id, 0), disputes=record.disputes,
            upheld_findings=record.upheld_findings, suspensions=row["suspensions"],
            revocations=row["revocations"], deposit_draws=record.deposit_draws,
            years_licensed=round(years, 4), renewals=row["renewals"],
            upheld_findings_recent=record.upheld_findings_since, months_licensed=months,
            disputes_open=record.disputes_open,
        )
        dates = rules.RecordDates(
            licensed_since=licensed_since if licensed_since and licensed_since <= today
            else None,
            latest_upheld_finding_on=_day(record.latest_upheld_finding_at),
            latest_suspension_on=_day(row["latest_suspension_at"]),
            latest_revocation_on=_day(row["latest_revocation_at"]),
            latest_deposit_draw_on=_day(record.latest_deposit_draw_at),
        )
        found[agency_id] = _Record(row["agency_name"], inputs, dates)
    return found


async def _recompute(uow: UnitOfWork, *, agency_ids: list[int] | None, now: datetime
                     ) -> list[int]:
    settings = get_settings()
    records = await _rating_records(
        uow, today=now.date(), since=now - timedelta(days=settings.rating_alert_window_days))
    # The register as a whole, kept beside each rating for regulators to compare with; the
    # formula does not use it, so no agency's figure moves with another's record.
    population = asdict(rules.Population.of(r.inputs for r in records.values())) | {
        "prior_upheld_findings": rules.FORMULA.findings_prior,
        "pseudo_placements": rules.FORMULA.findings_pseudo_placements,
    }
    done = []
    for agency_id in sorted(records) if agency_ids is None else agency_ids:
        record = records.get(agency_id)
        if record is None:  # no such agency
            continue
        rating = rules.rate(record.inputs)
        await repo.upsert_rating(
            uow.conn, agency_id=agency_id, status=rating.status.value, score=rating.score,
            formula_version=rating.formula_version, breakdown=rating.breakdown(),
            basis=rules.basis(record.inputs, record.dates), inputs=asdict(record.inputs),
            population=population,
        )
        await _raise_alerts(uow, agency_id=agency_id, agency_name=record.name,
                            record=record.inputs, score=rating.score)
        done.append(agency_id)
    return done


def _score_words(score: float | None) -> str:
    return f"rating {score:g}" if score is not None else "rating: new, not enough history"


async def _raise_alerts(uow: UnitOfWork, *, agency_id: int, agency_name: str,
                        record: rules.RatingInputs, score: float | None) -> None:
    """Put the agency in the review queue for each condition it meets, once."""
    settings = get_settings()
    checks = rules.alert_checks(
        record, upheld_findings_threshold=settings.rating_alert_upheld_findings,
        window_days=settings.rating_alert_window_days)
    for check in checks:
        current = await repo.open_alert(uow.conn, agency_id, check.reason.value)
        if current is not None:
            if current["latest_observed"] != check.observed:
                await repo.update_alert_observed(uow.conn, current["id"],
                                                 observed=check.observed, detail=check.text)
            continue
        closed = await repo.last_closed_alert(uow.conn, agency_id, check.reason.value)
        if not rules.should_open_alert(
                check, open_alert=False,
                last_closed_observed=closed["latest_observed"] if closed else None):
            continue
        alert = await repo.insert_alert(
            uow.conn, agency_id=agency_id, reason=check.reason.value, detail=check.text,
            threshold=check.threshold, window_days=check.window_days, observed=check.observed)
        if alert is None:  # opened meanwhile by another recomputation
            continue
        await audit.record(
            uow.conn, actor=SYSTEM, entity_type="rating_alert", entity_id=alert["id"],
            agency_id=agency_id, action="open", reason=check.text,
            data={"reason": check.reason.value, "observed": check.observed,
                  "threshold": check.threshold, "window_days": check.window_days,
                  "score": score},
        )
        await notifications.notify(
            uow.conn, audience="regulator", kind="rating.alert",
            subject=f"Review {agency_name}: {check.text}",
            body=f"{agency_name} (agency {agency_id}, {_score_words(score)}) is in the review "
                 f"queue: {check.text}. Close the alert with a note once reviewed.",
            dedupe_key=f"rating-alert:{alert['id']}",
            params={"agency": agency_name, "agency_id": agency_id, "score": score,
                    "observed": check.observed, "threshold": check.threshold,
                    "window_days": check.window_days},
        )


async def recompute_pending_ratings(uow: UnitOfWork, *, now: datetime, limit: int = 500
                                    ) -> list[int]:
    """Recompute the ratings whose inputs changed (pending outbox rows), and those computed
    by another version of the formula (or never); returns the agencies.

    The rating is brought to the agency's current record, whatever the rows said, so a row
    processed twice changes nothing.
    """
    await uow.conn.execute("SELECT pg_advisory_xact_lock($1)", _RATING_LOCK)
    rows = await outbox.claim(uow.conn, limit=limit, topics=[RATING_TOPIC])
    # A new formula recomputes every rating, a batch at a time, with no event needed.
    outdated = await repo.agencies_not_rated_by(uow.conn, rules.FORMULA_VERSION,
                                                limit=limit)
    agency_ids = sorted({r["entity_id"] for r in rows} | set(outdated))
    if not agency_ids:
        return []
    done = await _recompute(uow, agency_ids=agency_ids, now=now)
    await outbox.mark_processed(uow.conn, [r["id"] for r in rows])
    return done


async def recompute_all_ratings(uow: UnitOfWork, *, now: datetime) -> int:
    """Recompute every agency's rating (nightly: months licensed grow with no event)."""
    await uow.conn.execute("SELECT pg_advisory_xact_lock($1)", _RATING_LOCK)
    return len(await _recompute(uow, agency_ids=None, now=now))


def _component_out(part: dict[str, Any]) -> RatingComponentOut:
    return RatingComponentOut(**{k: part[k] for k in RatingComponentOut.model_fields})


def _basis_out(row: RatingRow) -> RatingBasisOut:
    return RatingBasisOut(**row["basis"], placements_needed=rules.FORMULA.min_placements,
                          months_licensed_needed=rules.FORMULA.min_months_licensed)


def _status_words(row: RatingRow) -> tuple[rules.RatingStatus, str, str]:
    status = rules.RatingStatus(row["status"])
    return status, rules.STATUS_TEXT[status], rules.basis_text(status, row["basis"])


def _rating_summary(row: RatingRow) -> RatingSummaryOut | None:
    """The public summary; none for a rating of another formula version (being
    recomputed), so the public never reads a figure made by rules no longer in force."""
    if row["formula_version"] != rules.FORMULA_VERSION:
        return None
    status, status_text, basis_text = _status_words(row)
    return RatingSummaryOut(
        status=status.value, status_text=status_text, score=row["score"],
        formula_version=row["formula_version"], computed_at=row["computed_at"],
        components=[RatingPartOut(**{k: p[k] for k in RatingPartOut.model_fields})
                    for p in row["breakdown"]],
        basis=_basis_out(row), basis_text=basis_text,
    )


async def rating_summaries(uow: UnitOfWork, agency_ids: list[int]
                           ) -> dict[int, RatingSummaryOut]:
    """The public summaries of these agencies' ratings, for those rated by the formula in
    force (what the licence lookup shows beside each licence)."""
    found = {}
    for agency_id, row in (await repo.get_ratings(uow.conn, agency_ids)).items():
        summary = _rating_summary(row)
        if summary is not None:
            found[agency_id] = summary
    return found


async def get_rating(uow: UnitOfWork, *, agency_id: int, actor: Principal) -> RatingOut:
    """An agency's rating with its full breakdown, the facts it rests on, and the inputs."""
    registry_service.check_agency_access(actor, agency_id)
    row = await repo.get_rating(uow.conn, agency_id)
    if row is None or row["formula_version"] != rules.FORMULA_VERSION:
        await registry_service.agency_contact(uow, agency_id=agency_id)  # NotFound: no agency
        raise NotFound("rating of agency", agency_id)
    status, status_text, basis_text = _status_words(row)
    return RatingOut(
        agency_id=row["agency_id"], agency_name=row["agency_name"], status=status.value,
        status_text=status_text, score=row["score"],
        formula_version=row["formula_version"], computed_at=row["computed_at"],
        changed_at=row["changed_at"],
        components=[_component_out(p) for p in row["breakdown"]],
        basis=_basis_out(row), basis_text=basis_text,
        inputs=row["inputs"], population=row["population"], open_alerts=row["open_alerts"],
    )


async def list_ratings(uow: UnitOfWork, *, lowest_first: bool, max_score: float | None,
                       limit: int, offset: int) -> list[RatingListItemOut]:
    """Agencies by rating, for regulators; those too new for a score come last."""
    rows = await repo.list_ratings(uow.conn, lowest_first=lowest_first, max_score=max_score,
                                   formula_version=rules.FORMULA_VERSION, limit=limit,
                                   offset=offset)
    return [RatingListItemOut(
        agency_id=r["agency_id"], agency_name=r["agency_name"],
        status=registry_service.agency_status(r["licence_status"]), rating_status=r["status"],
        rating_status_text=rules.STATUS_TEXT[rules.RatingStatus(r["status"])],
        score=r["score"], disputes_filed=r["basis"].get("disputes_filed", 0),
        formula_version=r["formula_version"], computed_at=r["computed_at"],
        open_alerts=r["open_alerts"]) for r in rows]


def _alert_out(row: ReviewItemRow) -> RatingAlertOut:
    found: Mapping[str, Any] = row
    return RatingAlertOut(**{k: found[k] for k in RatingAlertOut.model_fields})


async def review_queue(uow: UnitOfWork, *, state: Literal["open", "closed", "all"],
                       agency_id: int | None, limit: int, offset: int) -> list[RatingAlertOut]:
    """Rating alerts for regulators: the open ones oldest first, then the closed ones."""
    open_only = {"open": True, "closed": False, "all": None}[state]
    rows = await repo.list_alerts(uow.conn, open_only=open_only, agency_id=agency_id,
                                  limit=limit, offset=offset)
    return [_alert_out(r) for r in rows]


async def close_alert(uow: UnitOfWork, *, alert_id: int, data: CloseAlertIn,
                      actor: Principal) -> RatingAlertOut:
    """A regulator closes a reviewed alert with a note; audited."""
    row = await repo.get_alert(uow.conn, alert_id, for_update=True)
    if row is None:
        raise NotFound("rating alert", alert_id)
    if row["closed_at"] is not None:
        raise Conflict("rating_alert.closed", alert_id=alert_id,
                       closed_on=row["closed_at"].date(), note=row["close_note"])
    await repo.close_alert(uow.conn, alert_id, user_id=actor.user_id, note=data.note)
    await audit.record(
        uow.conn, actor=actor, entity_type="rating_alert", entity_id=alert_id,
        agency_id=row["agency_id"], action="close", from_state="open", to_state="closed",
        reason=data.note, data={"reason": row["reason"], "observed": row["latest_observed"]},
    )
    closed = await repo.get_alert(uow.conn, alert_id)
    assert closed is not None
    return _alert_out(closed)
