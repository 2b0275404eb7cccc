"""Scheduled dispute work. Thin: each task calls the services, one unit of work per case."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any

from core.celery_app import celery_app, run_in_worker
from core.clock import utc_today
from core.config import get_settings
from core.db import UnitOfWork
from core.relay import relay_topic
from disputes import agencies, lifecycle, reminders

# The disputes' share of the registry's LICENCE_STANDING event (wired in api.worker).
LICENCE_STANDING_TOPIC = "licence.standing>disputes"

log = logging.getLogger("vetted.disputes")


@celery_app.task(name="disputes.escalate_overdue")
def escalate_overdue() -> list[int]:
    """Escalate cases whose stage deadline has passed; returns their ids.

    Each case is escalated in its own transaction, so one that fails (and is retried at
    the next run) neither holds up nor undoes the others.
    """
    now = datetime.now(UTC)
    escalated = []
    for dispute_id in run_in_worker(lambda uow: lifecycle.overdue_disputes(uow, now=now)):
        try:
            if run_in_worker(partial(lifecycle.escalate_dispute, dispute_id=dispute_id,
                                     now=now)):
                escalated.append(dispute_id)
        except Exception:
            log.exception("could not escalate dispute %s; the next run retries", dispute_id)
    return escalated


@celery_app.task(name="disputes.warn_deadlines")
def warn_deadlines() -> int:
    """Tell those who take a case's next step that its stage deadline is near (once per
    deadline); returns the notices sent now. One transaction per case, as escalation."""
    now = datetime.now(UTC)
    window = timedelta(hours=get_settings().dispute_deadline_warning_hours)
    sent = 0
    for dispute_id in run_in_worker(lambda uow: reminders.deadlines_near(
            uow, now=now, window=window)):
        try:
            sent += run_in_worker(partial(reminders.warn_deadline, dispute_id=dispute_id,
                                          now=now, window=window))
        except Exception:
            log.exception("could not warn of the deadline of dispute %s; the next run "
                          "retries", dispute_id)
    return sent


@celery_app.task(name="disputes.remind_awards")
def remind_awards() -> int:
    """Tell the migrant and the attaché of an unpaid award that it is due soon, and once
    more when it is overdue; returns the notices sent now."""
    today = utc_today()
    days = get_settings().dispute_award_reminder_days
    sent = 0
    for dispute_id in run_in_worker(lambda uow: reminders.unpaid_awards(
            uow, today=today, days_before=days)):
        try:
            sent += run_in_worker(partial(reminders.remind_award, dispute_id=dispute_id,
                                          today=today, days_before=days))
        except Exception:
            log.exception("could not remind of the award of dispute %s; the next run "
                          "retries", dispute_id)
    return sent


async def _mark_licence_standing(uow: UnitOfWork, agency_id: int) -> int:
    return await agencies.mark_licence_standing(uow, agency_id=agency_id, today=utc_today())


@celery_app.task(name="disputes.relay_licence_standing", bind=True, max_retries=None)
def relay_licence_standing(self: Any) -> int:
    """Mark (or clear) the open disputes against agencies whose licence went out of force
    (or came back); returns the outbox rows handled."""
    return relay_topic(self, topic=LICENCE_STANDING_TOPIC,
                       handle=_mark_licence_standing)
